#include "DataCompatHelpers.h"

namespace sluice::review::rules {
namespace {

struct Added
{
    std::size_t statement;
    std::string column;
    std::string type;
};

std::vector<std::string> tokens(const std::string &name)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= name.size()) {
        const auto end = std::min(name.find('_', start), name.size());
        if (end - start >= 3)
            out.push_back(name.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

// Whether `added` looks like the replacement of `old`: the same name, one name inside the other (amount ->
// amount_cents), a shared word of three letters or more (customer_name -> name_full), or, with the catalog,
// the same type.
bool replaces(const Added &added, const std::string &old, const std::string &oldType)
{
    if (added.column.find(old) != std::string::npos || old.find(added.column) != std::string::npos)
        return true;
    for (const auto &a : tokens(added.column)) {
        for (const auto &b : tokens(old)) {
            if (a == b)
                return true;
        }
    }
    return !oldType.empty() && oldType == added.type;
}

// Whether a statement between `after` and `before` copies data into `column` of `table`: UPDATE table SET
// column = ..., or an INSERT ... SELECT into or out of the table.
bool backfilled(const RuleContext &ctx, const std::string &table, const std::string &column,
                std::size_t after, std::size_t before)
{
    const auto &backfills = ctx.memo<index::Backfills>();
    const auto same = [&](const std::string &relation) { return dc::sameName(relation, table); };
    return index::Backfills::anyBetween(backfills.updates.find(index::columnKey(table, column)), after,
                                        before, same) ||
           index::Backfills::anyBetween(backfills.insertSelects.find(index::bucketKey(table)), after, before,
                                        same);
}

void check(RuleContext &ctx)
{
    const auto alter = dc::alterTable(ctx.statement());
    if (!alter)
        return;
    // Only a DROP COLUMN can complete a replacement: skip the scan of the file for every other ALTER TABLE.
    bool dropsColumn = false;
    for (const Node cmd : alter["cmds"])
        dropsColumn = dropsColumn || dc::subtype(cmd) == "AT_DropColumn";
    if (!dropsColumn || dc::isNew(ctx, alter["relation"]))
        return;
    const auto table = tree::qualifiedName(alter["relation"]);
    std::vector<Added> added;
    const auto &alters = ctx.memo<index::AlterCommands>();
    for (const auto k : alters.byRelation.find(index::bucketKey(table))) {
        const auto &c = alters.cmds[k];
        index::visited();
        if (c.onTable && c.subtype == "AT_AddColumn" && dc::sameName(c.relation, table))
            added.push_back({c.statement, std::string(c.column),
                             tree::typeName(c.cmd["def"].as("ColumnDef")["typeName"])});
    }
    if (added.empty())
        return;
    // Whether a column added before this statement was backfilled in a statement between the two.
    auto isBackfilled = [&](const Added &a) {
        return backfilled(ctx, table, a.column, a.statement, ctx.index());
    };
    for (std::size_t i = 0; i < alter["cmds"].size(); ++i) {
        const Node cmd = alter["cmds"].at(i);
        if (dc::subtype(cmd) != "AT_DropColumn")
            continue;
        const auto old = cmd.as("AlterTableCmd")["name"].str();
        if (dc::columnAddedEarlier(ctx, table, old))
            continue;
        // The catalog's type, in the parser's spelling for the common cases, to pair columns of the same
        // type.
        std::string oldType;
        if (const auto *facts = ctx.catalog() ? ctx.catalog()->table(table) : nullptr) {
            if (const auto *c = facts->column(std::string(old))) {
                static const std::vector<std::pair<std::string_view, std::string_view>> names{
                    {"bigint", "int8"},     {"integer", "int4"},
                    {"smallint", "int2"},   {"text", "text"},
                    {"boolean", "bool"},    {"jsonb", "jsonb"},
                    {"uuid", "uuid"},       {"date", "date"},
                    {"numeric", "numeric"}, {"timestamp with time zone", "timestamptz"}};
                for (const auto &[from, to] : names) {
                    if (c->type == from)
                        oldType = to;
                }
            }
        }
        std::string replacement;
        bool found = false, copied = false;
        for (const auto &a : added) {
            if (!replaces(a, std::string(old), oldType))
                continue;
            copied = copied || (a.statement < ctx.index() && isBackfilled(a));
            if (!found)
                replacement = a.column == old ? std::string() : a.column;
            found = true;
        }
        if (!found || copied)
            continue;
        const std::string column(old);
        const auto message =
            replacement.empty()
                ? "Column " + column + " of " + table +
                      " is dropped and added again in this migration: its existing values are lost"
                : "Column " + column + " of " + table + " is dropped in the same migration that adds " +
                      replacement + ", with no UPDATE or INSERT ... SELECT copying the data in between: if " +
                      replacement + " replaces " + column + ", the existing values are lost";
        dc::reportInCommand(ctx, message, old, alter, i);
    }
}

} // namespace

extern const Rule columnReplacedWithoutBackfill{
    "column-replaced-without-backfill",
    Severity::Error,
    false,
    "A column is replaced by a new one (a related name, or the same type) in the same migration without "
    "copying its data.",
    "Adding a new column and dropping the old one in one migration, with no backfill between, throws the old "
    "values away. Add the new column, backfill it in batches in a separate transaction, switch the "
    "application "
    "to it, and drop the old column in a later migration.",
    check,
    nullptr,
    {"AlterTableStmt"}};

} // namespace sluice::review::rules
