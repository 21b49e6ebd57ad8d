#include "services/ReviewWorker.h"

#include "queue/QueueClient.h"
#include "review/Engine.h"
#include "services/FindingJson.h"

namespace sluice::model {
namespace {
constexpr int kBatch = 50;
}

ReviewWorker::ReviewWorker(QueueClient &queue, QByteArray reviewToml)
    : m_queue(queue), m_toml(std::move(reviewToml))
{
}

Review ReviewWorker::review(const QByteArray &sql, const review::Config &config)
{
    const auto result = review::lint(std::string_view(sql.constData(), std::size_t(sql.size())), config);
    Review r;
    r.engineVersion = QString::fromStdString(review::engineVersion());
    r.parseOk = result.script.parses();
    r.maxSeverity = maxSeverityName(result);
    r.findings = findingsToJson(result.findings);
    return r;
}

Result<int> ReviewWorker::reviewPending()
{
    const auto engine = QString::fromStdString(review::engineVersion());
    int stored = 0;
    for (;;) {
        auto pending = m_queue.pendingReviews(engine, kBatch);
        if (!pending)
            return pending.error();
        for (const auto &revision : *pending) {
            std::string error; // the configuration was checked when sluiced started
            const auto config =
                review::Config::fromToml(std::string_view(m_toml.constData(), std::size_t(m_toml.size())),
                                         revision.environment.toStdString(), &error);
            auto result = m_queue.storeReview(revision, review(revision.sql, config));
            if (!result)
                return result.error();
            stored += *result ? 1 : 0;
        }
        if (pending->size() < kBatch)
            return stored;
    }
}

} // namespace sluice::model
