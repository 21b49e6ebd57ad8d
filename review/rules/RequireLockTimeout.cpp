#include "Rule.h"
#include "SecurityTransactionHelpers.h"

namespace sluice::review::rules {
namespace {

void finish(FileContext &ctx)
{
    const auto all = ctx.all();
    for (std::size_t i = 0; i < all.size(); ++i) {
        const auto lock = all[i].facts.strongestLockOnExisting();
        if (!all[i].tree || lock < LockMode::Share)
            continue;
        if (const auto timeout = sectx::timeoutInEffect(ctx, i, "lock_timeout"); timeout && *timeout > 0)
            continue;
        std::string relation;
        for (const auto &r : all[i].facts.relations) {
            if (!r.isNew && r.lock == lock)
                relation = r.relation;
        }
        ctx.reportAt(i,
                     "this statement waits for " + sectx::withArticle(lockModeName(lock)) + " lock on " +
                         relation +
                         " with no lock_timeout set: while it waits behind a long query, every later query "
                         "that touches " +
                         relation + " (" + std::string(lockBlocks(lock)) + ") queues behind it",
                     sectx::relationNode(all[i].tree, relation));
        return;
    }
}

} // namespace

extern const Rule requireLockTimeout{
    "require-lock-timeout",
    Severity::Error,
    false,
    "A statement takes a SHARE or stronger lock on an existing table with no lock_timeout in effect.",
    "A lock request waits in a queue: if a long transaction holds the table, the migration waits, and every "
    "query that arrives after it waits too, so a 'fast' ALTER TABLE can stall the application for as long as "
    "the slowest transaction runs. Set SET lock_timeout = '2s' at the top of the file (SET LOCAL inside a "
    "transaction) so the migration gives up quickly instead, and retry it.",
    nullptr,
    finish};

} // namespace sluice::review::rules
