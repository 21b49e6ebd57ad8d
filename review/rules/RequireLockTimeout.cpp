#include "Rule.h"
#include "SecurityTransactionHelpers.h"

namespace sluice::review::rules {
namespace {

// The relation of a statement's strongest lock on an existing table.
std::string lockedRelation(const StatementFacts &facts, LockMode lock)
{
    std::string relation;
    for (const auto &r : facts.relations) {
        if (!r.isNew && r.lock == lock)
            relation = r.relation;
    }
    return relation;
}

void report(FileContext &ctx, std::size_t i, LockMode lock, std::optional<Severity> severity)
{
    const auto all = ctx.all();
    const auto relation = lockedRelation(all[i].facts, lock);
    ctx.reportAt(i,
                 "this statement waits for " + sectx::withArticle(lockModeName(lock)) + " lock on " +
                     relation +
                     " with no lock_timeout set: while it waits behind a long query, every later query that "
                     "touches " +
                     relation + " (" + std::string(lockBlocks(lock)) + ") queues behind it",
                 sectx::relationNode(all[i].tree, relation), {}, severity);
}

// Reports, once per file, the first statement that takes SHARE or stronger on an existing table with no
// lock_timeout in effect. A file without one still gets a finding for its first COMMENT ON or explicit LOCK
// below SHARE, at the severity its lock deserves: SHARE UPDATE EXCLUSIVE (COMMENT ON) holds up DDL and
// VACUUM behind it, a warning; ACCESS SHARE or ROW locks hold up only ACCESS EXCLUSIVE requests, or only
// SHARE and stronger, info.
void finish(FileContext &ctx)
{
    const auto all = ctx.all();
    std::optional<std::size_t> weaker;
    for (std::size_t i = 0; i < all.size(); ++i) {
        const auto lock = all[i].facts.strongestLockOnExisting();
        if (!all[i].tree || lock == LockMode::None)
            continue;
        const bool explicitLock = all[i].tree.is("LockStmt") || all[i].tree.is("CommentStmt");
        if (lock < LockMode::Share && (!explicitLock || weaker))
            continue;
        if (const auto timeout = sectx::timeoutInEffect(ctx, i, "lock_timeout"); timeout && *timeout > 0)
            continue;
        if (lock < LockMode::Share) {
            weaker = i;
            continue;
        }
        report(ctx, i, lock, {});
        return;
    }
    if (weaker) {
        const auto lock = all[*weaker].facts.strongestLockOnExisting();
        report(ctx, *weaker, lock,
               lock >= LockMode::ShareUpdateExclusive ? Severity::Warning : Severity::Info);
    }
}

} // namespace

extern const Rule requireLockTimeout{
    "require-lock-timeout",
    Severity::Error,
    false,
    "A statement takes a SHARE or stronger lock on an existing table (or, with a lower severity, COMMENT ON "
    "or "
    "LOCK takes a weaker one) with no lock_timeout in effect.",
    "A lock request waits in a queue: if a long transaction holds the table, the migration waits, and every "
    "query that arrives after it waits too, so a 'fast' ALTER TABLE can stall the application for as long as "
    "the slowest transaction runs. Set SET lock_timeout = '2s' at the top of the file (SET LOCAL inside a "
    "transaction) so the migration gives up quickly instead, and retry it.",
    nullptr,
    finish};

} // namespace sluice::review::rules
