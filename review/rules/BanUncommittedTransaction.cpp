#include "Rule.h"

namespace sluice::review::rules {
namespace {

void finish(FileContext &ctx)
{
    const auto all = ctx.all();
    // COMMIT AND CHAIN / ROLLBACK AND CHAIN open a new transaction at once.
    for (std::size_t i = all.size(); i-- > 0;) {
        const auto tx = all[i].tree.as("TransactionStmt");
        if (!tx)
            continue;
        if (tx["chain"].boolean() && !ctx.config().assumeInTransaction) {
            ctx.reportAt(i,
                         "AND CHAIN opens a new transaction that nothing commits before the end of the file: "
                         "the statements after it are rolled back when the session closes");
            return;
        }
        break;
    }
    const auto &state = ctx.finalState();
    if (!state.explicitTransaction || ctx.config().assumeInTransaction)
        return;
    ctx.reportAt(state.transactionStart, "this transaction is never committed: at the end of the file the "
                                         "session closes and PostgreSQL rolls back everything after BEGIN");
}

} // namespace

extern const Rule banUncommittedTransaction{
    "ban-uncommitted-transaction",
    Severity::Error,
    false,
    "BEGIN without a COMMIT or ROLLBACK before the end of the file.",
    "An open transaction at the end of a migration is rolled back when the connection closes, so the changes "
    "silently disappear (or the tool reports success for work that never happened). Add COMMIT at the end of "
    "the file, or remove BEGIN and let the migration tool manage the transaction.",
    nullptr,
    finish};

} // namespace sluice::review::rules
