#include "target/TargetExecutor.h"

#include "queue/Pg.h"
#include "review/Script.h"

#include <QCryptographicHash>
#include <QElapsedTimer>

namespace sluice::model {
namespace {

QList<ExecutionStep> plannedSteps(const review::Script &script)
{
    QList<ExecutionStep> steps;
    int ordinal = 0;
    for (const auto &s : script.statements)
        steps.append({++ordinal, int(s.range.begin), int(s.range.end), QStringLiteral("not_run"), {}, {}, 0});
    return steps;
}

std::string statementText(const QByteArray &sql, const ExecutionStep &step)
{
    return sql.mid(step.byteStart, step.byteEnd - step.byteStart).toStdString();
}

// Runs one step; returns false (with the step marked failed) when PostgreSQL refuses it.
template <class Tx> bool runStep(Tx &tx, const QByteArray &sql, ExecutionStep &step)
{
    QElapsedTimer timer;
    timer.start();
    try {
        const auto result = tx.exec(statementText(sql, step));
        step.outcome = QStringLiteral("succeeded");
        if (result.affected_rows() > 0 || result.columns() == 0)
            step.rowsAffected = result.affected_rows();
    } catch (const std::exception &e) {
        step.outcome = QStringLiteral("failed");
        step.error = pg::errorFrom(e).message;
    }
    step.durationMs = double(timer.nsecsElapsed()) / 1e6;
    return step.outcome == QLatin1String("succeeded");
}

QString failureSummary(const ExecutionStep &step)
{
    return QStringLiteral("statement %1 failed: %2").arg(step.ordinal).arg(step.error);
}

} // namespace

ExecutionResult TargetExecutor::run(const QString &conninfo, const QByteArray &sql,
                                    const QString &approvedSha256, const ExecutionSettings &settings)
{
    ExecutionResult result;
    const auto sha = QString::fromLatin1(QCryptographicHash::hash(sql, QCryptographicHash::Sha256).toHex());
    if (sha != approvedSha256) {
        result.error =
            QStringLiteral("the SQL about to run (sha256 %1) is not the approved revision (sha256 %2); "
                           "nothing was run")
                .arg(sha, approvedSha256);
        return result;
    }
    const auto script = review::parseScript(std::string_view(sql.constData(), std::size_t(sql.size())));
    if (!script.parses()) {
        result.error = QStringLiteral("the SQL does not parse (line %1: %2); nothing was run")
                           .arg(script.error->position.line)
                           .arg(QString::fromStdString(script.error->message));
        return result;
    }
    result.steps = plannedSteps(script);

    auto connection = pg::connect(conninfo);
    if (!connection) {
        result.error = connection.error().message + QStringLiteral("; nothing was run");
        return result;
    }
    const auto configured = pg::guarded([&] {
        pqxx::nontransaction session(**connection);
        session.exec_params(
            "select set_config('lock_timeout', $1, false), set_config('statement_timeout', $2, false), "
            "set_config('application_name', 'sluiced', false)",
            settings.lockTimeout.toStdString(), settings.statementTimeout.toStdString());
    });
    if (!configured) {
        result.error = QStringLiteral("cannot set the session's timeouts: %1; nothing was run")
                           .arg(configured.error().message);
        return result;
    }

    if (script.canRunInOneTransaction()) {
        try {
            pqxx::work tx(**connection);
            for (auto &step : result.steps) {
                if (!runStep(tx, sql, step)) {
                    for (auto &earlier : result.steps) {
                        if (earlier.ordinal < step.ordinal)
                            earlier.outcome = QStringLiteral("rolled_back");
                    }
                    result.error = failureSummary(step) + QStringLiteral("; the transaction was rolled back");
                    return result;
                }
            }
            tx.commit();
            result.succeeded = true;
        } catch (const std::exception &e) {
            for (auto &step : result.steps)
                step.outcome = QStringLiteral("rolled_back");
            result.error = QStringLiteral("the commit failed: %1").arg(pg::errorFrom(e).message);
        }
        return result;
    }

    // Statements such as CREATE INDEX CONCURRENTLY refuse transaction blocks: each commits on its own.
    pqxx::nontransaction session(**connection);
    for (auto &step : result.steps) {
        if (!runStep(session, sql, step)) {
            result.error =
                failureSummary(step) +
                QStringLiteral(
                    "; earlier statements were committed (the script cannot run in one transaction)");
            return result;
        }
    }
    result.succeeded = true;
    return result;
}

} // namespace sluice::model
