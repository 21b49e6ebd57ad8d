#include "DataCompatHelpers.h"

#include <charconv>
#include <optional>

namespace sluice::review::rules {
namespace {

constexpr long long kUnbounded = -1;

struct Type
{
    std::string
        base; // int2, int4, int8, numeric, float4, float8, varchar, bpchar, text, timestamptz, date...
    std::vector<long long> mods;
    bool array = false;

    [[nodiscard]] std::string show() const
    {
        static const std::vector<std::pair<std::string_view, std::string_view>> names{
            {"int2", "smallint"},           {"int4", "integer"}, {"int8", "bigint"}, {"float4", "real"},
            {"float8", "double precision"}, {"bpchar", "char"}};
        std::string out = base;
        for (const auto &[from, to] : names) {
            if (base == from)
                out = to;
        }
        for (std::size_t i = 0; i < mods.size(); ++i)
            out += (i ? "," : "(") + std::to_string(mods[i]) + (i + 1 == mods.size() ? ")" : "");
        return out + (array ? "[]" : "");
    }
};

Type fromTypeName(Node typeName)
{
    if (const auto body = typeName.as("TypeName"))
        typeName = body;
    Type t{tree::typeName(typeName), {}, typeName["arrayBounds"].valid()};
    for (const Node mod : typeName["typmods"])
        t.mods.push_back(mod.as("A_Const")["ival"]["ival"].integer());
    return t;
}

// format_type() text from the catalog ("character varying(20)", "numeric(12,2)", "timestamp(3) with time
// zone") or a short name ("varchar(20)", "bigint", "int8").
Type fromCatalog(std::string text)
{
    Type t;
    if (text.size() > 2 && text.substr(text.size() - 2) == "[]") {
        t.array = true;
        text.resize(text.size() - 2);
    }
    std::string name;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '(') {
            const auto close = text.find(')', i);
            std::string inside =
                text.substr(i + 1, close == std::string::npos ? std::string::npos : close - i - 1);
            for (std::size_t start = 0; start <= inside.size();) {
                const auto comma = inside.find_first_of(",;", start);
                const auto part =
                    inside.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
                long long value = 0;
                const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
                if (error == std::errc() && end != part.data())
                    t.mods.push_back(value);
                if (comma == std::string::npos)
                    break;
                start = comma + 1;
            }
            i = close == std::string::npos ? text.size() : close;
            continue;
        }
        name += char(std::tolower(static_cast<unsigned char>(text[i])));
    }
    while (!name.empty() && name.back() == ' ')
        name.pop_back();
    static const std::vector<std::pair<std::string_view, std::string_view>> aliases{
        {"character varying", "varchar"},
        {"character", "bpchar"},
        {"char", "bpchar"},
        {"bigint", "int8"},
        {"integer", "int4"},
        {"int", "int4"},
        {"smallint", "int2"},
        {"real", "float4"},
        {"double precision", "float8"},
        {"decimal", "numeric"},
        {"timestamp with time zone", "timestamptz"},
        {"timestamp without time zone", "timestamp"},
        {"time without time zone", "time"},
        {"time with time zone", "timetz"},
        {"boolean", "bool"},
    };
    t.base = name;
    for (const auto &[from, to] : aliases) {
        if (name == from)
            t.base = to;
    }
    if (t.base == "bpchar" && t.mods.empty())
        t.mods.push_back(1);
    return t;
}

long long length(const Type &t)
{
    if (t.base == "text" || (t.base == "varchar" && t.mods.empty()))
        return kUnbounded;
    return t.mods.empty() ? kUnbounded : t.mods[0];
}

int intRank(const std::string &base)
{
    return base == "int2" ? 1 : base == "int4" ? 2 : base == "int8" ? 3 : 0;
}

// Digits before the decimal point that a type can hold; kUnbounded when unlimited or not numeric.
long long integerDigits(const Type &t)
{
    if (t.base == "int2")
        return 5;
    if (t.base == "int4")
        return 10;
    if (t.base == "int8")
        return 19;
    if (t.base == "numeric" && !t.mods.empty())
        return t.mods[0] - (t.mods.size() > 1 ? t.mods[1] : 0);
    return kUnbounded;
}

bool isTime(const std::string &base)
{
    return base == "timestamp" || base == "timestamptz" || base == "time" || base == "timetz";
}

// Why changing `from` to `to` can fail or lose data; empty when it does not narrow.
std::string narrowing(const Type &from, const Type &to)
{
    if (from.array != to.array)
        return {};
    const bool fromString = from.base == "text" || from.base == "varchar" || from.base == "bpchar";
    if (fromString && (to.base == "varchar" || to.base == "bpchar") && !to.mods.empty()) {
        const auto before = length(from), after = length(to);
        if (before == kUnbounded || after < before)
            return "values longer than " + std::to_string(after) +
                   " characters make the ALTER fail (or are cut silently by an explicit cast in USING)";
        return {};
    }
    const bool fromNumber =
        intRank(from.base) || from.base == "numeric" || from.base == "float4" || from.base == "float8";
    if (fromNumber && intRank(to.base)) {
        if (!intRank(from.base))
            return "fractional parts are rounded away and values beyond the " + to.base +
                   " range make it fail";
        if (intRank(to.base) < intRank(from.base))
            return "values outside the " + to.base + " range make the ALTER fail";
        return {};
    }
    if (fromNumber && to.base == "numeric" && !to.mods.empty()) {
        const long long scale = to.mods.size() > 1 ? to.mods[1] : 0;
        const long long fromScale = from.base == "numeric" ? (from.mods.empty()      ? kUnbounded
                                                              : from.mods.size() > 1 ? from.mods[1]
                                                                                     : 0)
                                    : intRank(from.base)   ? 0
                                                           : kUnbounded;
        const auto digits = integerDigits(from);
        if (digits == kUnbounded || digits > integerDigits(to))
            return "values with more than " + std::to_string(integerDigits(to)) +
                   " digits before the decimal point make the ALTER fail";
        if (fromScale == kUnbounded || scale < fromScale)
            return "values are rounded to " + std::to_string(scale) + " decimal places";
        return {};
    }
    if (from.base == "float8" && to.base == "float4")
        return "values lose precision beyond about 6 significant digits, and large ones make it fail";
    if ((from.base == "timestamp" || from.base == "timestamptz") && to.base == "date")
        return "the time of day is dropped from every value";
    if (isTime(from.base) && from.base == to.base && !to.mods.empty()) {
        const long long before = from.mods.empty() ? 6 : from.mods[0];
        if (to.mods[0] < before)
            return "fractional seconds are rounded to " + std::to_string(to.mods[0]) + " digits";
    }
    return {};
}

// The type the column has before this statement: the last ALTER COLUMN TYPE earlier in the file, else the
// catalog.
std::optional<Type> knownType(const RuleContext &ctx, const std::string &table, std::string_view column)
{
    std::optional<Type> type;
    const auto *last = ctx.memo<index::AlterCommands>().lastBefore(
        table, column, ctx.index(), 0, [&](const index::AlterCommands::Cmd &c) {
            return c.onTable && c.subtype == "AT_AlterColumnType" && dc::sameName(c.relation, table);
        });
    if (last)
        type = fromTypeName(last->cmd["def"].as("ColumnDef")["typeName"]);
    if (type)
        return type;
    const auto *facts = ctx.catalog() ? ctx.catalog()->table(table) : nullptr;
    if (const auto *c = facts ? facts->column(std::string(column)) : nullptr; c && !c->type.empty())
        return fromCatalog(c->type);
    return std::nullopt;
}

void check(RuleContext &ctx)
{
    const auto alter = dc::alterTable(ctx.statement());
    if (!alter || dc::isNew(ctx, alter["relation"]))
        return;
    const auto table = tree::qualifiedName(alter["relation"]);
    for (const Node cmd : alter["cmds"]) {
        const auto body = cmd.as("AlterTableCmd");
        const auto column = body["name"].str();
        // A column added earlier in this migration holds nothing but its default.
        if (dc::subtype(cmd) != "AT_AlterColumnType" || dc::columnAddedEarlier(ctx, table, column))
            continue;
        const auto from = knownType(ctx, table, column);
        if (!from)
            continue;
        const auto to = fromTypeName(body["def"].as("ColumnDef")["typeName"]);
        if (const auto why = narrowing(*from, to); !why.empty())
            ctx.report("Changing " + table + "." + std::string(column) + " from " + from->show() + " to " +
                           to.show() + " narrows it: " + why,
                       body["def"]);
    }
}

} // namespace

extern const Rule narrowingColumnType{
    "narrowing-column-type",
    Severity::Warning,
    false,
    "ALTER COLUMN ... TYPE to a type narrower than the column's current one.",
    "A narrower type (shorter varchar, smaller integer, fewer numeric digits, date instead of timestamp) "
    "makes "
    "the ALTER fail on the first value that does not fit, after rewriting part of the table under an ACCESS "
    "EXCLUSIVE lock, or silently truncates values through a USING cast. Prove the data fits first, e.g. ADD "
    "CONSTRAINT c CHECK (length(col) <= 20) NOT VALID and VALIDATE CONSTRAINT c, then change the type.",
    check,
    nullptr,
    {"AlterTableStmt"}};

} // namespace sluice::review::rules
