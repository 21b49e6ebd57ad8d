#include "services/ReviewWorker.h"

#include "queue/QueueClient.h"
#include "review/Script.h"

#include <QJsonObject>

namespace sluice::model {
namespace {
constexpr int kBatch = 50;
}

Review ReviewWorker::review(const QByteArray &sql)
{
    Review r;
    r.engineVersion = QString::fromStdString(review::engineVersion());
    const auto script = review::parseScript(std::string_view(sql.constData(), std::size_t(sql.size())));
    r.parseOk = script.parses();
    r.maxSeverity = QStringLiteral("none");
    if (!script.parses()) {
        const auto &e = *script.error;
        r.maxSeverity = QStringLiteral("error");
        const auto &statement = script.statements.at(e.statementIndex);
        r.findings.append(QJsonObject{
            {QStringLiteral("rule"), QStringLiteral("syntax-error")},
            {QStringLiteral("severity"), QStringLiteral("error")},
            {QStringLiteral("message"), QStringLiteral("line %1, column %2: %3")
                                            .arg(e.position.line)
                                            .arg(e.position.column)
                                            .arg(QString::fromStdString(e.message))},
            {QStringLiteral("line"), e.position.line},
            {QStringLiteral("column"), e.position.column},
            {QStringLiteral("byte_start"), qint64(e.position.offset)},
            {QStringLiteral("byte_end"), qint64(statement.range.end)},
        });
    }
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
            auto result = m_queue.storeReview(revision, review(revision.sql));
            if (!result)
                return result.error();
            stored += *result ? 1 : 0;
        }
        if (pending->size() < kBatch)
            return stored;
    }
}

} // namespace sluice::model
