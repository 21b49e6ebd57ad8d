#include "Rule.h"
#include "SecurityTransactionHelpers.h"

namespace sluice::review::rules {
namespace {

std::string duration(long long ms)
{
    return ms % 1000 == 0 ? std::to_string(ms / 1000) + "s" : std::to_string(ms) + "ms";
}

void finish(FileContext &ctx)
{
    const auto all = ctx.all();
    const auto limit = parseDurationMs(ctx.config().text("lock_timeout_limit", "10s")).value_or(10000);
    const bool pooled = sectx::flag(ctx.config(), "connection_pooling");
    bool reportedZeroStatementTimeout = false;
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (!all[i].tree)
            continue;
        const bool inTransaction = all[i].stateBefore.inTransaction;
        for (const std::string_view setting : {"lock_timeout", "statement_timeout"}) {
            const auto s = sectx::timeoutSetting(all[i].tree, setting);
            if (!s.found ||
                (all[i].tree.is("VariableSetStmt") && all[i].tree.body()["name"].str() != setting))
                continue;
            const std::string name(setting);
            if (s.isLocal && !inTransaction) {
                ctx.reportAt(i,
                             "SET LOCAL " + name +
                                 " outside a transaction block does nothing: the setting "
                                 "ends with this statement's own implicit transaction",
                             s.at);
            } else if (!s.isLocal && inTransaction && pooled && !s.reset) {
                ctx.reportAt(i,
                             "SET " + name +
                                 " inside a transaction outlives it: through the connection "
                                 "pooler the session, and its " +
                                 name + ", is reused by other clients",
                             s.at,
                             "Use SET LOCAL " + name + " inside a transaction when connections are pooled.");
            } else if (setting == "lock_timeout" && s.value && *s.value == 0) {
                ctx.reportAt(i,
                             "lock_timeout = 0 disables the lock timeout: the statements after it wait for "
                             "their locks indefinitely, with the application's queries queued behind them",
                             s.at);
            } else if (setting == "lock_timeout" && s.value && *s.value > limit) {
                ctx.reportAt(i,
                             "lock_timeout = " + duration(*s.value) + " is longer than the limit of " +
                                 duration(limit) +
                                 ": the application's queries can queue that long behind "
                                 "a waiting migration",
                             s.at);
            }
        }
        const auto lock = all[i].facts.strongestLockOnExisting();
        if (lock == LockMode::AccessExclusive && !reportedZeroStatementTimeout) {
            std::string relation;
            for (const auto &r : all[i].facts.relations) {
                if (!r.isNew && r.lock == lock)
                    relation = r.relation;
            }
            if (const auto timeout = sectx::timeoutInEffect(ctx, i, "statement_timeout");
                timeout && *timeout == 0) {
                reportedZeroStatementTimeout = true;
                ctx.reportAt(
                    i, "statement_timeout is 0 while this statement takes an ACCESS EXCLUSIVE lock on " +
                           relation + ": nothing limits how long it blocks every read and write of " +
                           relation);
            }
        }
    }
}

} // namespace

extern const Rule lockTimeoutMisconfigured{
    "lock-timeout-misconfigured",
    Severity::Warning,
    false,
    "lock_timeout disabled or too long, SET LOCAL with no effect, session SET leaking through a pooler, or "
    "statement_timeout 0 before an ACCESS EXCLUSIVE lock.",
    "A lock_timeout only protects the application when it is short (a few seconds: option "
    "lock_timeout_limit, "
    "default 10s) and actually in effect. SET LOCAL only works inside a transaction block; a plain SET "
    "inside "
    "a transaction stays on the session, which a connection pooler hands to other clients (option "
    "connection_pooling = true). Use SET LOCAL lock_timeout = '2s' inside the migration's transaction, and "
    "keep "
    "statement_timeout non-zero around ACCESS EXCLUSIVE statements.",
    nullptr,
    finish};

} // namespace sluice::review::rules
