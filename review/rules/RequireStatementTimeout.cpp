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
        // Any explicit value counts, 0 included: lock-timeout-misconfigured looks at 0 before ACCESS
        // EXCLUSIVE.
        if (sectx::timeoutInEffect(ctx, i, "statement_timeout"))
            continue;
        std::string relation;
        for (const auto &r : all[i].facts.relations) {
            if (!r.isNew && r.lock == lock)
                relation = r.relation;
        }
        ctx.reportAt(i,
                     "this statement holds " + sectx::withArticle(lockModeName(lock)) + " lock on " +
                         relation + " with no statement_timeout set: if it runs long, it blocks " +
                         std::string(lockBlocks(lock)) + " on " + relation + " until someone cancels it",
                     sectx::relationNode(all[i].tree, relation));
        return;
    }
}

} // namespace

extern const Rule requireStatementTimeout{
    "require-statement-timeout",
    Severity::Warning,
    false,
    "A statement takes a SHARE or stronger lock on an existing table with no statement_timeout in effect.",
    "Once a migration holds its lock, nothing stops it: an unexpectedly slow rewrite, scan or backfill keeps "
    "the table blocked until it finishes or someone cancels it. Set SET statement_timeout = '...' at the top "
    "of "
    "the file, sized for the slowest statement (long, or 0, for CREATE INDEX CONCURRENTLY and backfills), so "
    "a "
    "runaway migration fails instead of holding the table.",
    nullptr,
    finish};

} // namespace sluice::review::rules
