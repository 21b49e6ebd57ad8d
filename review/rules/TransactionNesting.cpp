#include "Rule.h"
#include "SecurityTransactionHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto tx = ctx.statement().as("TransactionStmt");
    if (!tx)
        return;
    const auto kind = tx["kind"].str();
    const auto &state = ctx.state();
    const bool begins = kind == "TRANS_STMT_BEGIN" || kind == "TRANS_STMT_START";
    const bool ends = kind == "TRANS_STMT_COMMIT" || kind == "TRANS_STMT_ROLLBACK";
    const bool savepoint =
        kind == "TRANS_STMT_SAVEPOINT" || kind == "TRANS_STMT_RELEASE" || kind == "TRANS_STMT_ROLLBACK_TO";
    const std::string name = begins ? "BEGIN" : kind == "TRANS_STMT_COMMIT" ? "COMMIT" : "ROLLBACK";
    if (begins && state.explicitTransaction) {
        ctx.report("BEGIN while the transaction opened at line " +
                   std::to_string(sectx::lineOf(ctx, ctx.all()[state.transactionStart].range.begin)) +
                   " is still open: PostgreSQL ignores it with a warning, and the first COMMIT ends both");
    } else if ((begins || ends) && ctx.config().assumeInTransaction) {
        ctx.report(
            name + " in a migration the tool already runs in a transaction (assume_in_transaction): " +
            (begins ? "it is ignored, and the file's own COMMIT ends the tool's transaction early"
                    : "it ends the tool's transaction early, so the statements after it run unprotected"));
    } else if (ends && !state.inTransaction) {
        ctx.report(name +
                   " with no transaction open: there is nothing to end, PostgreSQL only warns, and the "
                   "statements before it were already committed one by one");
    } else if (savepoint && !state.inTransaction) {
        ctx.report("a savepoint statement outside a transaction block: PostgreSQL rejects it");
    }
}

} // namespace

extern const Rule transactionNesting{
    "transaction-nesting",
    Severity::Warning,
    false,
    "BEGIN inside a transaction, COMMIT without one, or transaction control in a tool-managed transaction.",
    "PostgreSQL has no nested transactions: a second BEGIN only warns, and the first COMMIT commits "
    "everything. "
    "When the migration tool wraps the file in a transaction, a COMMIT in the file ends the tool's "
    "transaction "
    "early and the rest runs outside it. Remove the explicit BEGIN/COMMIT, or turn the tool's transaction "
    "off "
    "for this migration; use SAVEPOINT for partial rollback.",
    check,
    nullptr,
    {"TransactionStmt"}};

} // namespace sluice::review::rules
