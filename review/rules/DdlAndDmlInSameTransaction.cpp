#include "Rule.h"
#include "SecurityTransactionHelpers.h"

#include <optional>
#include <unordered_map>

namespace sluice::review::rules {
namespace {

// The first schema change of each relation that takes a SHARE or stronger lock on an existing relation (and
// the first of any relation), by the relation's name less "public." (sectx::sameRelation).
struct FirstSchemaChanges
{
    struct Change
    {
        std::size_t statement;
        const RelationEffect *relation;
    };
    std::optional<Change> any;
    std::unordered_map<std::string, Change> byRelation;

    static FirstSchemaChanges compute(const RuleContext &ctx)
    {
        FirstSchemaChanges out;
        const auto all = ctx.all();
        for (std::size_t i = 0; i < all.size(); ++i) {
            if (!all[i].facts.isDdl)
                continue;
            for (const auto &r : all[i].facts.relations) {
                if (r.isNew || r.lock < LockMode::Share)
                    continue;
                if (!out.any)
                    out.any = Change{i, &r};
                out.byRelation.try_emplace(std::string(stripPublic(r.relation)), Change{i, &r});
            }
        }
        return out;
    }
    static std::string_view stripPublic(std::string_view s)
    {
        return s.rfind("public.", 0) == 0 ? s.substr(7) : s;
    }
};

void check(RuleContext &ctx)
{
    const auto &facts = ctx.facts();
    if (!facts.isDml || facts.relations.empty())
        return;
    const auto &target = facts.relations.front().relation;
    const bool anyTable = sectx::flag(ctx.config(), "ddl_dml_any_table");
    const auto all = ctx.all();
    const auto &changes = ctx.memo<FirstSchemaChanges>();
    std::optional<FirstSchemaChanges::Change> first = changes.any;
    if (!anyTable) {
        const auto it = changes.byRelation.find(std::string(FirstSchemaChanges::stripPublic(target)));
        first = it == changes.byRelation.end() ? std::nullopt : std::optional(it->second);
    }
    index::visited();
    if (!first || first->statement >= ctx.index())
        return;
    const auto i = first->statement;
    const auto &r = *first->relation;
    const bool sameTx = sectx::sameTransaction(ctx, i, ctx.index());
    const auto line = std::to_string(sectx::lineOf(ctx, all[i].range.begin));
    ctx.report(sameTx ? "this data change on " + target +
                            " runs in the same transaction as the schema change of " + r.relation +
                            " at line " + line + ": its " + std::string(lockModeName(r.lock)) +
                            " lock is held until the data change commits, blocking " +
                            std::string(lockBlocks(r.lock)) + " for the whole backfill"
                      : "this data change on " + target +
                            " is in the same migration as the schema change of " + r.relation + " at line " +
                            line + ": if it fails half way, the schema change is applied and the data is not",
               sectx::relationNode(ctx.statement(), target));
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
