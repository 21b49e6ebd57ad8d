#include "Rule.h"
#include "SecurityTransactionHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto &facts = ctx.facts();
    if (!facts.isDml || facts.relations.empty())
        return;
    const auto &target = facts.relations.front().relation;
    const bool anyTable = sectx::flag(ctx.config(), "ddl_dml_any_table");
    const auto all = ctx.all();
    for (std::size_t i = 0; i < ctx.index(); ++i) {
        if (!all[i].facts.isDdl)
            continue;
        for (const auto &r : all[i].facts.relations) {
            if (r.isNew || r.lock < LockMode::Share ||
                (!anyTable && !sectx::sameRelation(r.relation, target)))
                continue;
            const bool sameTx = sectx::sameTransaction(all, i, ctx.index());
            const auto line = std::to_string(sectx::lineOf(ctx.sql(), all[i].range.begin));
            ctx.report(sameTx
                           ? "this data change on " + target +
                                 " runs in the same transaction as the schema change of " + r.relation +
                                 " at line " + line + ": its " + std::string(lockModeName(r.lock)) +
                                 " lock is held until the data change commits, blocking " +
                                 std::string(lockBlocks(r.lock)) + " for the whole backfill"
                           : "this data change on " + target +
                                 " is in the same migration as the schema change of " + r.relation +
                                 " at line " + line +
                                 ": if it fails half way, the schema change is applied and the data is not",
                       sectx::relationNode(ctx.statement(), target));
            return;
        }
    }
}

} // namespace

extern const Rule ddlAndDmlInSameTransaction{
    "ddl-and-dml-in-same-transaction",
    Severity::Warning,
    false,
    "INSERT/UPDATE/DELETE/MERGE on a table after DDL on it in the same migration.",
    "A schema change followed by a backfill in one transaction keeps the schema change's lock (often ACCESS "
    "EXCLUSIVE) until the backfill commits, so the table is blocked for as long as the data change takes. "
    "Ship "
    "the schema change alone, then backfill in a separate migration without DDL, in batches (UPDATE ... "
    "WHERE "
    "id BETWEEN ...) with a commit between batches. Option ddl_dml_any_table = true reports data changes "
    "after "
    "DDL on any table.",
    check,
    nullptr};

} // namespace sluice::review::rules
