#include "Rule.h"
#include "SecurityTransactionHelpers.h"

namespace sluice::review::rules {
namespace {

void finish(FileContext &ctx)
{
    const auto all = ctx.all();
    std::size_t first = all.size();
    std::size_t others = 0;
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (first == all.size() && !sectx::nonTransactional(all[i], ctx.config()).empty())
            first = i;
        else if (!all[i].tree ||
                 (!sectx::isSessionSetting(all[i].tree) && !all[i].tree.is("TransactionStmt")))
            ++others;
    }
    if (first == all.size() || others == 0)
        return;
    ctx.reportAt(first, sectx::nonTransactional(all[first], ctx.config()) + " shares this file with " +
                            std::to_string(others) + " other statement" + (others == 1 ? "" : "s") +
                            ": the file cannot run in one transaction, so a failure leaves it half applied");
}

} // namespace

extern const Rule mixedTransactionalAndNonTransactional{
    "mixed-transactional-and-non-transactional",
    Severity::Warning,
    false,
    "A statement that cannot run in a transaction shares its file with other statements.",
    "A file with CREATE INDEX CONCURRENTLY (or VACUUM, ALTER SYSTEM...) cannot be wrapped in one "
    "transaction, "
    "so its statements commit one by one: if a later one fails, the earlier ones stay applied and a rerun "
    "trips over them. Put each non-transactional statement in a migration of its own, with only SET "
    "statements (lock_timeout, statement_timeout) beside it.",
    nullptr,
    finish};

} // namespace sluice::review::rules
