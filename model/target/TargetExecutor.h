#pragma once

#include "queue/Types.h"

#include <QByteArray>
#include <QString>
#include <functional>

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
    QString error;
    QList<ExecutionStep> steps;
};

// Runs an approved revision on a target with the service's own credentials. Refuses to run anything unless
// the SQL's sha256 equals the approved one. Wraps the script in one transaction when every statement allows
// it; otherwise runs statement by statement and stops at the first failure.
class TargetExecutor
{
public:
    [[nodiscard]] static ExecutionResult run(const QString &conninfo, const QByteArray &sql,
                                             const QString &approvedSha256,
                                             const ExecutionSettings &settings);
};

} // namespace sluice::model
