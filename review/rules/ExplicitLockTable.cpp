#include "LockingHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto lock = ctx.statement().as("LockStmt");
    if (!lock)
        return;
    const auto mode = lock["mode"].integer();
    const auto lockMode = mode >= 1 && mode <= 8 ? static_cast<LockMode>(mode) : LockMode::AccessExclusive;
    // NOWAIT or a lock_timeout keeps the request from queueing behind running queries.
    if (lockMode < LockMode::ShareUpdateExclusive || lock["nowait"].boolean() ||
        ctx.state().lockTimeoutMs.value_or(0) > 0)
        return;
    for (const Node r : lock["relations"]) {
        if (locking::isNew(ctx, r))
            continue;
        ctx.report("LOCK TABLE " + tree::qualifiedName(r) + " in " + std::string(lockModeName(lockMode)) +
                       " mode waits without limit for running queries, blocks " +
                       std::string(lockBlocks(lockMode)) +
                       " while it waits, and holds the lock until the "
                       "transaction ends",
                   r);
        return;
    }
}

} // namespace

extern const Rule explicitLockTable{
    "explicit-lock-table",
    Severity::Warning,
    false,
    "LOCK TABLE in SHARE UPDATE EXCLUSIVE mode or stronger, without NOWAIT or a lock_timeout.",
    "An explicit LOCK waits for every running query on the table and, while it waits, queues every later "
    "query behind it; once granted it is held until COMMIT. Add NOWAIT (and retry) or SET lock_timeout "
    "first, "
    "take the weakest mode that does the job, and keep the transaction short.",
    check,
    nullptr,
    {"LockStmt"}};

} // namespace sluice::review::rules
