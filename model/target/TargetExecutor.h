#pragma once

#include "queue/Types.h"

#include <QByteArray>
#include <QString>
#include <functional>
#include <optional>

namespace sluice::model {

struct ExecutionSettings
{
    // PostgreSQL interval syntax, set on the target session before anything runs.
    QString lockTimeout = QStringLiteral("5s");
    QString statementTimeout = QStringLiteral("15min");
};

struct ExecutionResult
{
    bool succeeded = false;
    // False when the runner stopped without knowing or recording every outcome (the queue or the target went
    // away): the execution stays running for the recovery to decide from the target (ExecutionRecovery).
    bool settled = true;
    QString error;
    QList<ExecutionStep> steps;
};

// Where the executor tells the queue what it does, as it does it.
struct ExecutionJournal
{
    // Takes the execution (statements: how many the script has); returns the first statement to run, or
    // nullopt when the queue refused or could not be reached: then nothing runs.
    std::function<std::optional<int>(int statements)> start;
    // Makes steps durable in the queue; false when it could not (after its own retries): nothing more runs.
    std::function<bool(const QList<ExecutionStep> &)> record;
    // Called at each statement boundary, after statement `ordinal` ran on the target (0: before the first)
    // and before its outcome is recorded. Only the kill -9 test sets it (sluiced's [test] configuration).
    std::function<void(int ordinal)> boundary;
};

// Runs an approved revision on a target with the service's own credentials. Refuses to run anything unless
// the SQL's sha256 equals the approved one. Wraps the script in one transaction when every statement allows
// it; otherwise runs each statement outside the script's own BEGIN ... COMMIT blocks in a transaction of its
// own (or, for statements such as CREATE INDEX CONCURRENTLY, in none), and stops at the first failure.
//
// Nothing runs before the queue holds what ran before it: a statement outside a transaction is recorded as
// started before it runs; the statements of a transaction are recorded as started, with the target's
// transaction id, before the first of them runs, and their outcomes after its end. So after a crash, the
// target's txid_status() tells what a transaction did, and only a statement outside one can be in doubt.
class TargetExecutor
{
public:
    [[nodiscard]] static ExecutionResult run(const QString &conninfo, const QByteArray &sql,
                                             const QString &approvedSha256, const ExecutionSettings &settings,
                                             qint64 executionId, const ExecutionJournal &journal);

    // The application_name of an execution's target session: while it exists, its runner may be alive.
    [[nodiscard]] static QString sessionName(qint64 executionId);
};

} // namespace sluice::model
