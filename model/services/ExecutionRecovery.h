#pragma once

#include "queue/Result.h"
#include "queue/Types.h"
#include "services/ServiceConfig.h"

#include <optional>

namespace sluice::model {

class QueueClient;

// Ends executions whose runner went away (a kill -9, a crash, a lost host) with what their target can tell.
// An execution is orphaned when no queue session holds its runner's lock and no target session bears its
// name (TargetExecutor::sessionName). Each statement recorded as started with a target transaction id is
// known from that transaction's txid_status(): committed, it ran; aborted, it was rolled back. A statement
// that ran outside a transaction (CREATE INDEX CONCURRENTLY) and has no recorded outcome is in doubt: the
// execution is marked interrupted naming it, for a DBA to resolve (sluicectl resolve).
class ExecutionRecovery
{
public:
    ExecutionRecovery(QueueClient &queue, const ServiceConfig &config, QString instance);

    // Returns how many executions were ended. *waiting is set when an orphan could not be decided yet (its
    // target session still exists, a transaction is still in progress, or the target cannot be reached).
    [[nodiscard]] Result<int> recoverOrphans(bool *waiting);

    // The outcomes the target tells for the steps still recorded as started; nullopt while it cannot tell
    // yet.
    [[nodiscard]] static std::optional<QList<ExecutionStep>>
    decide(const QString &conninfo, const OrphanedExecution &orphan, QString *why);

private:
    QueueClient &m_queue;
    const ServiceConfig &m_config;
    QString m_instance;
};

} // namespace sluice::model
