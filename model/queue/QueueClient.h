#pragma once

#include "queue/Result.h"
#include "queue/Types.h"

#include <functional>
#include <memory>
#include <optional>

namespace sluice::model {

// The queue database as its clients see it: every write goes through a sluice_api function, which the
// database checks; this class only calls them and turns refusals into Error values. One connection, not
// thread-safe.
class QueueClient
{
public:
    // Connects with a libpq conninfo or URI (empty: the PG* environment, pg_service.conf and .pgpass apply),
    // and refuses a queue whose schema version this build does not know.
    [[nodiscard]] static Result<std::unique_ptr<QueueClient>> connect(const QString &conninfo);
    ~QueueClient();
    QueueClient(const QueueClient &) = delete;
    QueueClient &operator=(const QueueClient &) = delete;

    [[nodiscard]] const Identity &identity() const;

    // Every write takes an idempotency key (empty: a new one is made). The queue stores it with the write's
    // result, so a retry with the same key after an InDoubt error returns the first result instead of writing
    // twice; the InDoubt message names the key.

    // Agents.
    // source: the psql script the sql was resolved from, stored beside it; empty for plain SQL.
    [[nodiscard]] Result<ChangeId> submit(const SubmitRequest &request, const QByteArray &source = {},
                                          const QString &idempotencyKey = {});
    [[nodiscard]] Result<int> revise(ChangeId id, const QByteArray &sql, const QByteArray &source = {},
                                     const QString &idempotencyKey = {});

    // Reads; row-level security narrows what an agent sees to its own changes.
    [[nodiscard]] Result<QList<ChangeSummary>> changes(const QString &status = {});
    [[nodiscard]] Result<ChangeDetail> change(ChangeId id);
    // One row of the queue; nullopt when the change is not visible to this login.
    [[nodiscard]] Result<std::optional<ChangeSummary>> changeSummary(ChangeId id);
    [[nodiscard]] Result<QList<Target>> targets();
    // The change an audit row is about (a queue event's payload names the row), or nullopt when this login
    // cannot see the row or it is about no change.
    [[nodiscard]] Result<std::optional<ChangeId>> auditedChange(qint64 auditSeq);

    // DBAs. approve returns the change's status afterwards ('approved', or 'review' while a quorum is short).
    // Each error-severity finding of the stored review, and of the newest stored analysis, needs an override
    // with a reason.
    [[nodiscard]] Result<QString> approve(ChangeId id, const QString &sha256, const QString &comment,
                                          const QList<FindingOverride> &overrides = {},
                                          const QString &idempotencyKey = {});
    [[nodiscard]] Result<void> reject(ChangeId id, const QString &comment,
                                      const QString &idempotencyKey = {});

    // Admins.
    [[nodiscard]] Result<void> addTarget(const Target &target, const QString &idempotencyKey = {});
    [[nodiscard]] Result<void> delegate(const QString &agent, const QString &human,
                                        const QString &idempotencyKey = {});
    // Tags (on = true) or untags a table (column empty) or a column of a target.
    [[nodiscard]] Result<void> setTag(const QString &target, const RelationTag &tag, bool on,
                                      const QString &idempotencyKey = {});
    [[nodiscard]] Result<QList<RelationTag>> tags(const QString &target);

    // Auditors (and DBAs, admins): the whole chain is needed to check it.
    [[nodiscard]] Result<AuditVerification> verifyAudit();
    // Streams the audit log in order; returns the number of rows.
    [[nodiscard]] Result<qint64> exportAudit(const std::function<void(const AuditRow &)> &sink);

    // The sluiced service.
    [[nodiscard]] Result<QList<PendingReview>> pendingReviews(const QString &engineVersion, int limit);
    [[nodiscard]] Result<bool> storeReview(const PendingReview &revision, const Review &review);
    // Latest revisions of open changes on targets that have no analysis from this analyzer version yet.
    [[nodiscard]] Result<QList<PendingAnalysis>> pendingAnalyses(const QString &analyzerVersion,
                                                                 const QStringList &targets, int limit);
    [[nodiscard]] Result<bool> storeAnalysis(const PendingAnalysis &revision, const QString &analyzerVersion,
                                             const QString &risk, const QJsonObject &document);
    [[nodiscard]] Result<std::optional<Throughput>> throughput(const QString &target);
    [[nodiscard]] Result<void> storeThroughput(const QString &target, const Throughput &measured);
    // Claims the oldest approved change on one of targets that no other instance has claimed, if any.
    [[nodiscard]] Result<std::optional<ClaimedExecution>> claimExecution(const QString &instance,
                                                                         const QStringList &targets);
    [[nodiscard]] Result<void> recordStep(qint64 executionId, const ExecutionStep &step);
    [[nodiscard]] Result<void> finishExecution(qint64 executionId, bool succeeded, const QString &error);

private:
    struct Private;
    explicit QueueClient(std::unique_ptr<Private> d);
    std::unique_ptr<Private> d;
};

} // namespace sluice::model
