#include "Rule.h"
#include "SecurityTransactionHelpers.h"

#include <optional>
#include <string>
#include <vector>

namespace sluice::review::rules {
namespace {

// The guarded drops of each statement: DROP INDEX IF EXISTS, and ALTER TABLE ... DROP CONSTRAINT IF EXISTS,
// gathered once per file instead of rescanning every earlier statement for each constraint and index.
struct GuardedDrops
{
    struct Drop
    {
        std::size_t statement;
        std::string_view name;
        std::string table; // empty for an index
    };
    std::vector<Drop> drops;
    index::Buckets<std::size_t> byName; // into drops

    static GuardedDrops compute(const RuleContext &ctx)
    {
        GuardedDrops out;
        const auto all = ctx.all();
        for (std::size_t i = 0; i < all.size(); ++i) {
            if (const auto drop = all[i].tree.as("DropStmt");
                drop && drop["missing_ok"].boolean() && drop["removeType"].str() == "OBJECT_INDEX") {
                for (const Node o : drop["objects"]) {
                    // The index's own name: the last String of its (schema-qualified) name.
                    std::optional<std::string_view> last;
                    for (const Node item : o.as("List")["items"]) {
                        if (const auto str = item.as("String"))
                            last = str["sval"].str();
                    }
                    if (last)
                        out.drops.push_back({i, *last, {}});
                }
            }
            const auto alter = all[i].tree.as("AlterTableStmt");
            if (!alter)
                continue;
            for (const Node c : alter["cmds"]) {
                const auto cmd = c.as("AlterTableCmd");
                if (cmd["subtype"].str() == "AT_DropConstraint" && cmd["missing_ok"].boolean())
                    out.drops.push_back({i, cmd["name"].str(), tree::qualifiedName(alter["relation"])});
            }
        }
        for (std::size_t k = 0; k < out.drops.size(); ++k)
            out.byName.at(out.drops[k].name).push_back(k);
        return out;
    }
};

// An earlier DROP ... IF EXISTS of the same constraint (or index) makes the creation rerunnable.
// `cmdsBefore`: the subcommands of this ALTER TABLE that come before the one being checked.
bool droppedIfExists(const RuleContext &ctx, std::string_view name, std::string_view table,
                     std::size_t cmdsBefore)
{
    const auto &guarded = ctx.memo<GuardedDrops>();
    for (const auto k : guarded.byName.find(name)) {
        const auto &drop = guarded.drops[k];
        if (drop.statement >= ctx.index())
            break;
        index::visited();
        if (drop.table.empty() || sectx::sameRelation(drop.table, table))
            return true;
    }
    const auto cmds = ctx.statement().body()["cmds"];
    for (std::size_t i = 0; i < cmdsBefore && i < cmds.size(); ++i) {
        const auto cmd = cmds.at(i).as("AlterTableCmd");
        if (cmd["subtype"].str() == "AT_DropConstraint" && cmd["missing_ok"].boolean() &&
            cmd["name"].str() == name)
            return true;
    }
    return false;
}

void check(RuleContext &ctx)
{
    if (ctx.state().inTransaction)
        return;
    const auto statement = ctx.statement();
    std::vector<std::string> fixes;
    Node at;
    if (const auto create = statement.as("CreateStmt")) {
        if (create["if_not_exists"].boolean() || (create["relation"]["relpersistence"].str() == "t" &&
                                                  create["oncommit"].str() == "ONCOMMIT_DROP"))
            return;
        fixes.push_back("CREATE TABLE IF NOT EXISTS " + tree::qualifiedName(create["relation"]));
        at = create["relation"];
    } else if (const auto index = statement.as("IndexStmt")) {
        const auto name = index["idxname"].str();
        if (name.empty() || index["if_not_exists"].boolean() ||
            droppedIfExists(ctx, name, tree::qualifiedName(index["relation"]), 0))
            return;
        fixes.push_back(index["concurrent"].boolean()
                            ? "DROP INDEX CONCURRENTLY IF EXISTS " + std::string(name) + " first"
                            : "CREATE INDEX IF NOT EXISTS " + std::string(name));
        at = index["relation"];
    } else if (const auto drop = statement.as("DropStmt")) {
        if (drop["missing_ok"].boolean())
            return;
        std::string names;
        for (const Node o : drop["objects"])
            names += (names.empty() ? "" : ", ") + sectx::objectName(o);
        fixes.push_back("DROP " + sectx::upper(sectx::objectType(drop["removeType"])) + " IF EXISTS " +
                        names);
    } else if (const auto rename = statement.as("RenameStmt")) {
        // No IF EXISTS form makes a rename rerunnable (ALTER TABLE IF EXISTS t RENAME TO u is, once t is
        // gone; a column rename is not): only a transaction does.
        const auto type = rename["renameType"].str();
        const bool relation = type == "OBJECT_TABLE" || type == "OBJECT_VIEW" || type == "OBJECT_INDEX" ||
                              type == "OBJECT_SEQUENCE" || type == "OBJECT_MATVIEW";
        if ((relation && rename["missing_ok"].boolean()) ||
            (!relation && type != "OBJECT_COLUMN" && type != "OBJECT_TABCONSTRAINT"))
            return;
        ctx.report("this rename fails if the migration is rerun after a partial apply (it runs outside a "
                   "transaction), and has no IF EXISTS form that makes it rerunnable: run the migration in a "
                   "transaction",
                   rename["relation"]);
        return;
    } else if (const auto alterEnum = statement.as("AlterEnumStmt");
               alterEnum && !alterEnum["oldVal"].str().empty()) {
        ctx.report(
            "ALTER TYPE ... RENAME VALUE fails if the migration is rerun after a partial apply (it runs "
            "outside a transaction), and has no IF EXISTS form: run the migration in a transaction");
        return;
    } else if (const auto alter = statement.as("AlterTableStmt")) {
        const auto table = tree::qualifiedName(alter["relation"]);
        std::size_t position = 0;
        for (const Node c : alter["cmds"]) {
            const auto cmd = c.as("AlterTableCmd");
            ++position;
            const auto subtype = cmd["subtype"].str();
            const bool guarded = cmd["missing_ok"].boolean();
            Node node;
            if (subtype == "AT_AddColumn" && !guarded) {
                node = cmd["def"];
                fixes.push_back("ADD COLUMN IF NOT EXISTS " +
                                std::string(node.as("ColumnDef")["colname"].str()));
            } else if (subtype == "AT_DropColumn" && !guarded) {
                fixes.push_back("DROP COLUMN IF EXISTS " + std::string(cmd["name"].str()));
            } else if (subtype == "AT_DropConstraint" && !guarded) {
                fixes.push_back("DROP CONSTRAINT IF EXISTS " + std::string(cmd["name"].str()));
            } else if (subtype == "AT_AddConstraint") {
                node = cmd["def"];
                const auto name = node.as("Constraint")["conname"].str();
                if (!name.empty() && droppedIfExists(ctx, name, table, position - 1))
                    continue;
                fixes.push_back(
                    name.empty() ? "a named constraint, dropped with DROP CONSTRAINT IF EXISTS first (or run "
                                   "the migration in a transaction: ADD CONSTRAINT has no IF NOT EXISTS form)"
                                 : "DROP CONSTRAINT IF EXISTS " + std::string(name) +
                                       " before ADD (or run the migration in a transaction: ADD CONSTRAINT "
                                       "has no IF NOT EXISTS form)");
            } else {
                continue;
            }
            if (!at)
                at = node ? node : alter["relation"];
        }
    }
    if (fixes.empty())
        return;
    std::string list;
    for (const auto &f : fixes)
        list += (list.empty() ? "" : "; ") + f;
    ctx.report("this statement fails if the migration is rerun after a partial apply (it runs outside a "
               "transaction); make it idempotent: " +
                   list,
               at);
}

} // namespace

extern const Rule preferRobustStmts{
    "prefer-robust-stmts",
    Severity::Info,
    false,
    "A statement outside a transaction that fails when the migration is rerun.",
    "A migration that does not run in a transaction can stop half way; the rerun then fails on the first "
    "statement that already took effect (\"relation already exists\", \"column does not exist\"). Guard "
    "each statement with IF [NOT] EXISTS (and drop a constraint IF EXISTS before adding it again), or run "
    "the "
    "migration in a transaction so that a failure leaves nothing behind.",
    check,
    nullptr};

} // namespace sluice::review::rules
