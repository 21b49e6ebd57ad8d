#include "services/ReviewWorker.h"

#include "queue/QueueClient.h"
#include "review/Engine.h"
#include "services/FindingJson.h"

namespace sluice::model {
namespace {
// One claim at a time: its lease need only cover one review's budget.
constexpr int kBatch = 1;
} // namespace

ReviewWorker::ReviewWorker(QueueClient &queue, QByteArray reviewToml, QString instance, int leaseSeconds)
    : m_queue(queue), m_toml(std::move(reviewToml)), m_instance(std::move(instance)),
      m_leaseSeconds(leaseSeconds)
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

Result<int> ReviewWorker::reviewPending(const std::atomic_bool *stop,
                                        const std::function<void(const PendingReview &)> &held)
{
    const auto engine = QString::fromStdString(review::engineVersion());
    int stored = 0;
    for (;;) {
        auto pending = m_queue.claimReviews(engine, m_instance, kBatch, m_leaseSeconds);
        if (!pending)
            return pending.error();
        for (const auto &revision : *pending) {
            if (held)
                held(revision);
            // What is left of the claim expires with its lease and goes to another instance.
            if (stop && stop->load())
                return stored;
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
