#include "Rule.h"
#include "SecurityTransactionHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto &state = ctx.state();
    if (!state.inTransaction)
        return;
    const auto what = sectx::nonTransactional(ctx.all()[ctx.index()], ctx.config());
    if (what.empty())
        return;
    const auto where =
        state.explicitTransaction
            ? "the transaction opened at line " +
                  std::to_string(sectx::lineOf(ctx, ctx.all()[state.transactionStart].range.begin))
            : std::string("the transaction the migration tool wraps around the file "
                          "(assume_in_transaction)");
    ctx.report(what + " cannot run inside a transaction block, and this one runs inside " + where +
               ": PostgreSQL rejects it and the migration fails");
}

} // namespace

extern const Rule nonTransactionalStatementInTransaction{
    "non-transactional-statement-in-transaction",
    Severity::Error,
    false,
    "CREATE INDEX CONCURRENTLY, VACUUM, ALTER SYSTEM... inside a transaction block.",
    "Some statements manage their own transactions and fail with \"cannot run inside a transaction block\": "
    "CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY, DETACH PARTITION CONCURRENTLY, VACUUM, "
    "CREATE/DROP "
    "DATABASE and TABLESPACE, ALTER SYSTEM, and ALTER TYPE ... ADD VALUE before PostgreSQL 12. Put such a "
    "statement in a migration file of its own that the tool does not wrap in a transaction (Rails "
    "disable_ddl_transaction!, Django atomic = False, Atlas -- atlas:txmode none) and without BEGIN/COMMIT.",
    check,
    nullptr};

} // namespace sluice::review::rules
