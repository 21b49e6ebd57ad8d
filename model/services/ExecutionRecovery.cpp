#include "services/ExecutionRecovery.h"

#include "queue/Pg.h"
#include "queue/QueueClient.h"
#include "target/TargetExecutor.h"

#include <QHash>

namespace sluice::model {

ExecutionRecovery::ExecutionRecovery(QueueClient &queue, const ServiceConfig &config, QString instance)
    : m_queue(queue), m_config(config), m_instance(std::move(instance))
{
}

std::optional<QList<ExecutionStep>> ExecutionRecovery::decide(const QString &conninfo,
                                                              const OrphanedExecution &orphan, QString *why)
{
    auto connection = pg::connect(conninfo);
    if (!connection) {
        *why = connection.error().message;
        return std::nullopt;
    }
    std::optional<QList<ExecutionStep>> decided;
    const auto read = pg::guarded([&] {
        pqxx::nontransaction session(**connection);
        // application_name is shown for every session, whatever the login's privileges.
        if (session
                .exec_params("select count(*) from pg_stat_activity where application_name = $1",
                             TargetExecutor::sessionName(orphan.executionId).toStdString())[0][0]
                .as<int>() > 0) {
            *why = QStringLiteral("its session on the target is still there");
            return;
        }
        QHash<qint64, QString> status;
        QList<ExecutionStep> steps;
        for (const auto &step : orphan.steps) {
            if (step.outcome != QLatin1String("started"))
                continue;
            ExecutionStep d = step;
            if (!step.targetXid) {
                d.outcome = QStringLiteral("in_doubt");
                d.error = QStringLiteral("it ran outside a transaction and its runner went away before "
                                         "recording its outcome");
            } else {
                if (!status.contains(*step.targetXid)) {
                    const auto r =
                        session.exec_params("select coalesce(txid_status($1), 'unknown')", *step.targetXid);
                    status.insert(*step.targetXid, pg::qstr(r[0][0]));
                }
                const auto &s = status.value(*step.targetXid);
                if (s == QLatin1String("in progress")) {
                    *why = QStringLiteral("its transaction %1 is still in progress on the target")
                               .arg(*step.targetXid);
                    return;
                }
                if (s == QLatin1String("committed")) {
                    d.outcome = QStringLiteral("succeeded");
                    d.error =
                        QStringLiteral("its transaction %1 committed on the target").arg(*step.targetXid);
                } else if (s == QLatin1String("aborted")) {
                    d.outcome = QStringLiteral("rolled_back");
                    d.error = QStringLiteral("its transaction %1 was rolled back on the target")
                                  .arg(*step.targetXid);
                } else {
                    d.outcome = QStringLiteral("in_doubt");
                    d.error = QStringLiteral("the target no longer knows what became of its transaction %1")
                                  .arg(*step.targetXid);
                }
            }
            steps.append(d);
        }
        decided = steps;
    });
    if (!read) {
        *why = read.error().message;
        return std::nullopt;
    }
    return decided;
}

Result<int> ExecutionRecovery::recoverOrphans(bool *waiting)
{
    *waiting = false;
    auto orphans = m_queue.orphanedExecutions(m_config.targets.keys(), m_instance, m_config.leaseSeconds);
    if (!orphans)
        return orphans.error();
    int ended = 0;
    for (const auto &orphan : *orphans) {
        QString why;
        const auto decided = decide(m_config.targets.value(orphan.target), orphan, &why);
        if (!decided) {
            qInfo("execution %lld of change %lld has no runner, but cannot be decided yet: %s",
                  orphan.executionId, orphan.changeId, qPrintable(why));
            *waiting = true;
            continue;
        }
        const auto status = m_queue.interruptExecution(orphan.executionId, *decided);
        if (!status) {
            if (status.error().kind == Error::Kind::Connection)
                return status.error();
            // Its runner came back, or another instance ended it first.
            qInfo("execution %lld was not ended here: %s", orphan.executionId,
                  qPrintable(status.error().message));
            continue;
        }
        ++ended;
        if (*status == QLatin1String("interrupted"))
            qCritical("execution %lld of change %lld was interrupted (its runner went away); a DBA must "
                      "resolve it: sluicectl show %lld",
                      orphan.executionId, orphan.changeId, orphan.changeId);
        else
            qWarning("execution %lld of change %lld had lost its runner; from the target: %s",
                     orphan.executionId, orphan.changeId, qPrintable(*status));
    }
    return ended;
}

} // namespace sluice::model
