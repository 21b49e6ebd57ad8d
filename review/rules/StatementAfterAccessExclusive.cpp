#include "LockingHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto &state = ctx.state();
    const auto kind = ctx.statement().kind();
    // Ending the transaction, and settings, take no time.
    if (!state.inTransaction || state.accessExclusiveHeldOn.empty() || kind == "TransactionStmt" ||
        kind == "VariableSetStmt" || kind == "VariableShowStmt")
        return;
    ctx.report("This statement runs while the ACCESS EXCLUSIVE lock taken earlier in the transaction on " +
               state.accessExclusiveHeldOn + " is still held: " + state.accessExclusiveHeldOn +
               " stays blocked for reads and writes until COMMIT, for as long as this statement takes too");
}

} // namespace

extern const Rule statementAfterAccessExclusive{
    "statement-after-access-exclusive",
    Severity::Warning,
    false,
    "A statement that runs in a transaction already holding an ACCESS EXCLUSIVE lock on an existing table.",
    "An ACCESS EXCLUSIVE lock is held until the transaction ends, so every statement after the one that took "
    "it prolongs the outage on that table. Commit right after the statement that takes the lock: one "
    "blocking "
    "change per transaction, with everything slow (backfills, index builds, validation) in transactions of "
    "its own.",
    check,
    nullptr};

} // namespace sluice::review::rules
