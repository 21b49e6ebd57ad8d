#include "LockingHelpers.h"

#include <map>

namespace sluice::review::rules {
namespace {

// A column type reduced to what binary coercibility depends on: the base type and its modifiers.
struct ColumnType
{
    std::string name; // "varchar", "numeric", "timestamptz", ...
    std::vector<long long> mods;
    bool array = false;
};

ColumnType fromTypeName(Node typeName)
{
    ColumnType t{tree::typeName(typeName), {}, typeName["arrayBounds"].size() > 0};
    for (const Node m : typeName["typmods"])
        t.mods.push_back(m.as("A_Const")["ival"]["ival"].integer());
    return t;
}

// format_type() text from the catalog: "character varying(20)", "numeric(10,2)", "timestamp(3) with time
// zone".
ColumnType fromCatalog(std::string text)
{
    ColumnType t;
    text = locking::lower(text);
    if (text.size() > 2 && text.compare(text.size() - 2, 2, "[]") == 0) {
        t.array = true;
        text.resize(text.size() - 2);
    }
    const auto open = text.find('(');
    const auto close = text.find(')');
    std::string base = text.substr(0, open);
    if (open != std::string::npos && close != std::string::npos) {
        long long number = -1;
        for (const char c : text.substr(open + 1, close - open - 1) + ",") {
            if (std::isdigit(static_cast<unsigned char>(c))) {
                number = std::max(number, 0LL) * 10 + (c - '0');
            } else if (c == ',' && number >= 0) {
                t.mods.push_back(number);
                number = -1;
            }
        }
        base += text.substr(close + 1);
    }
    const bool withZone = base.find("with time zone") != std::string::npos;
    if (const auto space = base.find(" without time zone"); space != std::string::npos)
        base.resize(space);
    if (const auto space = base.find(" with time zone"); space != std::string::npos)
        base.resize(space);
    while (!base.empty() && base.back() == ' ')
        base.pop_back();
    static const std::map<std::string, std::string> aliases{{"character varying", "varchar"},
                                                            {"bit varying", "varbit"},
                                                            {"character", "bpchar"},
                                                            {"integer", "int4"},
                                                            {"bigint", "int8"},
                                                            {"smallint", "int2"},
                                                            {"boolean", "bool"},
                                                            {"double precision", "float8"},
                                                            {"real", "float4"}};
    if (const auto it = aliases.find(base); it != aliases.end())
        base = it->second;
    if (withZone && (base == "timestamp" || base == "time"))
        base += "tz";
    t.name = base;
    return t;
}

std::string display(const ColumnType &t)
{
    static const std::map<std::string, std::string> names{
        {"int2", "smallint"}, {"int4", "integer"}, {"int8", "bigint"},
        {"bpchar", "char"},   {"bool", "boolean"}, {"float8", "double precision"},
        {"float4", "real"}};
    const auto it = names.find(t.name);
    std::string out = it == names.end() ? t.name : it->second;
    for (std::size_t i = 0; i < t.mods.size(); ++i)
        out += (i ? "," : "(") + std::to_string(t.mods[i]) + (i + 1 == t.mods.size() ? ")" : "");
    return out + (t.array ? "[]" : "");
}

// Whether PostgreSQL changes old to new without rewriting the table (binary-coercible or a typmod widening).
bool binaryCoercible(ColumnType from, ColumnType to)
{
    if (from.array || to.array)
        return false;
    if (from.name == to.name && from.mods == to.mods)
        return true;
    auto widened = [&](long long unboundedAs) {
        if (to.mods.empty())
            return true;
        const long long old = from.mods.empty() ? unboundedAs : from.mods[0];
        return to.mods[0] >= old;
    };
    if (from.name == "varchar" && to.name == "text")
        return true;
    if (from.name == "text" && to.name == "varchar")
        return to.mods.empty();
    if (from.name != to.name)
        return from.name == "cidr" && to.name == "inet";
    if (from.name == "varchar" || from.name == "varbit")
        return widened(-1) && (to.mods.empty() || !from.mods.empty());
    if (from.name == "numeric") {
        if (to.mods.empty())
            return true;
        if (from.mods.empty())
            return false;
        const long long fromScale = from.mods.size() > 1 ? from.mods[1] : 0;
        const long long toScale = to.mods.size() > 1 ? to.mods[1] : 0;
        return to.mods[0] >= from.mods[0] && toScale == fromScale;
    }
    if (from.name == "timestamp" || from.name == "timestamptz" || from.name == "time" ||
        from.name == "timetz")
        return widened(6);
    return false;
}

// The column's type before this command: from earlier statements of the file, else from the catalog.
std::optional<ColumnType> oldType(const RuleContext &ctx, const std::string &table, const std::string &column,
                                  std::size_t cmdsBefore)
{
    std::optional<ColumnType> type;
    const auto *last = ctx.memo<index::AlterCommands>().lastBefore(
        table, column, ctx.index(), cmdsBefore, [&](const index::AlterCommands::Cmd &c) {
            return (c.subtype == "AT_AddColumn" || c.subtype == "AT_AlterColumnType") &&
                   locking::sameRelation(c.relation, table);
        });
    if (last)
        type = fromTypeName(last->cmd["def"].as("ColumnDef")["typeName"]);
    if (type)
        return type;
    if (const auto *facts = locking::catalogTable(ctx, table)) {
        if (const auto *c = facts->column(column); c && !c->type.empty())
            return fromCatalog(c->type);
    }
    return std::nullopt;
}

// USING that leaves values alone: the column itself, or the column cast to the new type.
bool plainUsing(Node expr, const std::string &column, const ColumnType &to)
{
    if (!expr)
        return true;
    if (const auto cast = expr.as("TypeCast")) {
        const auto target = fromTypeName(cast["typeName"]);
        return locking::columnRefName(cast["arg"]) == column && target.name == to.name &&
               target.mods == to.mods;
    }
    return locking::columnRefName(expr) == column;
}

void check(RuleContext &ctx)
{
    const auto alter = ctx.statement().as("AlterTableStmt");
    if (!alter || locking::isNew(ctx, alter["relation"]))
        return;
    const auto table = tree::qualifiedName(alter["relation"]);
    const auto cmds = locking::alterCmds(alter);
    for (std::size_t k = 0; k < cmds.size(); ++k) {
        if (cmds[k]["subtype"].str() != "AT_AlterColumnType")
            continue;
        const std::string column(cmds[k]["name"].str());
        const auto def = cmds[k]["def"].as("ColumnDef");
        const auto to = fromTypeName(def["typeName"]);
        const auto from = oldType(ctx, table, column, k);
        const bool plain = plainUsing(def["raw_default"], column, to) && !def["collClause"];
        if (from && plain && binaryCoercible(*from, to)) {
            // Binary-coercible: no rewrite, only a brief ACCESS EXCLUSIVE lock to change the catalog.
            ctx.report(
                "Changing " + table + "." + column + " from " + display(*from) + " to " + display(to) +
                    " is binary-coercible: no rewrite, only a brief ACCESS EXCLUSIVE lock",
                def,
                "The type change only updates the catalog. It still takes an ACCESS EXCLUSIVE lock, which "
                "queues behind running queries: keep a short lock_timeout.",
                Severity::Info);
            continue;
        }
        std::string message = "Changing " + table + "." + column + (from ? " from " + display(*from) : "") +
                              " to " + display(to);
        if (from)
            message += " rewrites the table and rebuilds its indexes under an ACCESS EXCLUSIVE lock";
        else
            message += " takes an ACCESS EXCLUSIVE lock and, unless the change is binary-coercible (the "
                       "current type is not known here), rewrites the table and rebuilds its indexes";
        if (def["collClause"])
            message += "; the new collation also forces its indexes to be rebuilt";
        else if (!plain)
            message += "; the USING expression rewrites every row";
        ctx.report(message + ": reads and writes wait throughout", def);
    }
}

} // namespace

extern const Rule changingColumnType{
    "changing-column-type",
    Severity::Error,
    false,
    "ALTER COLUMN ... TYPE on an existing table.",
    "Changing a column's type rewrites the whole table and rebuilds every index while holding an ACCESS "
    "EXCLUSIVE lock, unless the change is binary-coercible (varchar(n) to a longer varchar or text, numeric "
    "precision increase at the same scale, cidr to inet). Otherwise use expand and contract: add a new "
    "column, "
    "keep it in sync with a trigger, backfill in batches, switch readers over, then drop the old column.",
    check,
    nullptr,
    {"AlterTableStmt"}};

} // namespace sluice::review::rules
