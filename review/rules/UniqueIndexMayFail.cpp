#include "DataCompatHelpers.h"

#include <algorithm>

namespace sluice::review::rules {
namespace {

// Whether the catalog knows a unique index or constraint on a subset of `keys`: then the new one cannot meet
// duplicates.
bool alreadyUnique(const RuleContext &ctx, const std::string &table, const std::vector<std::string> &keys)
{
    const auto *catalog = ctx.catalog() ? ctx.catalog()->table(table) : nullptr;
    if (!catalog || keys.empty())
        return false;
    auto covered = [&](const std::vector<std::string> &columns) {
        return !columns.empty() && std::all_of(columns.begin(), columns.end(), [&](const std::string &c) {
            return std::find(keys.begin(), keys.end(), c) != keys.end();
        });
    };
    for (const auto &i : catalog->indexes) {
        if ((i.unique || i.primary) && i.valid && covered(i.columns))
            return true;
    }
    for (const auto &c : catalog->constraints) {
        if ((c.type == 'u' || c.type == 'p') && covered(c.columns))
            return true;
    }
    return false;
}

std::string list(const std::vector<std::string> &keys)
{
    std::string out;
    for (const auto &k : keys)
        out += (out.empty() ? "" : ", ") + k;
    return out;
}

void checkIndex(RuleContext &ctx, Node index)
{
    if (!index["unique"].boolean() || dc::isNew(ctx, index["relation"]))
        return;
    const auto table = tree::qualifiedName(index["relation"]);
    std::vector<std::string> keys;
    bool expressions = false;
    for (const Node param : index["indexParams"]) {
        const auto name = param.as("IndexElem")["name"].str();
        expressions = expressions || name.empty();
        keys.emplace_back(name);
    }
    if (!expressions && alreadyUnique(ctx, table, keys))
        return;
    const std::string name = index["idxname"].str().empty() ? "" : std::string(index["idxname"].str()) + " ";
    ctx.report(
        "The unique index " + name + "on " + table +
            " fails to build if the existing rows already hold duplicate keys" +
            (index["concurrent"].boolean()
                 ? "; a failed CREATE INDEX CONCURRENTLY leaves an INVALID index that still slows writes"
                 : ""),
        index["relation"]);
}

void check(RuleContext &ctx)
{
    if (const auto index = ctx.statement().as("IndexStmt")) {
        checkIndex(ctx, index);
        return;
    }
    const auto alter = dc::alterTable(ctx.statement());
    if (!alter || dc::isNew(ctx, alter["relation"]))
        return;
    const auto table = tree::qualifiedName(alter["relation"]);
    for (const Node cmd : alter["cmds"]) {
        const auto def = cmd.as("AlterTableCmd")["def"];
        if (dc::subtype(cmd) == "AT_AddConstraint") {
            const auto c = def.as("Constraint");
            const auto type = c["contype"].str();
            // USING INDEX adopts an index that is already built and unique.
            if ((type != "CONSTR_UNIQUE" && type != "CONSTR_PRIMARY") || !c["indexname"].str().empty())
                continue;
            const auto keys = tree::strings(c["keys"]);
            if (alreadyUnique(ctx, table, keys))
                continue;
            ctx.report(std::string(type == "CONSTR_PRIMARY" ? "The primary key" : "The unique constraint") +
                           (c["conname"].str().empty() ? "" : " " + std::string(c["conname"].str())) +
                           " on " + table + " (" + list(keys) +
                           ") fails if the existing rows already hold duplicate" +
                           (type == "CONSTR_PRIMARY" ? " or NULL keys" : " keys"),
                       def);
        } else if (dc::subtype(cmd) == "AT_AddColumn") {
            // A new column filled with one constant default is duplicated as soon as the table has two rows.
            const auto column = def.as("ColumnDef");
            bool unique = false;
            Node constantDefault;
            for (const Node constraint : column["constraints"]) {
                const auto c = constraint.as("Constraint");
                const auto type = c["contype"].str();
                unique = unique || type == "CONSTR_UNIQUE" || type == "CONSTR_PRIMARY";
                const auto expr =
                    c["raw_expr"].as("TypeCast") ? c["raw_expr"].as("TypeCast")["arg"] : c["raw_expr"];
                if (type == "CONSTR_DEFAULT" && expr.is("A_Const") && !expr.as("A_Const")["isnull"].boolean())
                    constantDefault = constraint;
            }
            if (unique && constantDefault)
                ctx.report(
                    "Column " + std::string(column["colname"].str()) + " is added to " + table +
                        " as unique with a constant default: every existing row gets the same value, so "
                        "the ALTER fails as soon as the table has two rows",
                    def);
        }
    }
}

} // namespace

extern const Rule uniqueIndexMayFail{
    "unique-index-may-fail",
    Severity::Warning,
    false,
    "A unique index or constraint on existing data that may hold duplicates.",
    "PostgreSQL checks uniqueness against every existing row, so the statement fails at apply time if "
    "duplicates exist, after doing most of the work. Check first with SELECT key, count(*) FROM t GROUP BY "
    "key "
    "HAVING count(*) > 1, and clean up. If CREATE UNIQUE INDEX CONCURRENTLY fails, drop the INVALID index it "
    "leaves (DROP INDEX CONCURRENTLY) before retrying.",
    check,
    nullptr};

} // namespace sluice::review::rules
