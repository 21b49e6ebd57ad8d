#include "PerformanceNamingHelpers.h"
#include "Rule.h"

namespace sluice::review::rules {
namespace {

std::vector<std::string> typeList(const Config &config, const std::string &key,
                                  std::vector<std::string> fallback)
{
    auto values = config.options.count(key) ? config.list(key) : std::move(fallback);
    for (auto &v : values)
        v = pn::canonicalType(v);
    return values;
}

void check(RuleContext &ctx)
{
    const auto &config = ctx.config();
    const auto banned = typeList(config, "banned_types", {"money", "json"});
    const auto pkTypes = typeList(config, "primary_key_types", {});
    const auto maxLength = config.number("max_character_length", 0);
    const auto keys = pn::keyColumns(pn::constraints(ctx));
    for (const auto &site : pn::columnTypes(ctx)) {
        const auto &type = site.type;
        const auto column = pn::relname(site.relation) + "." + site.column;
        if (pn::contains(banned, type)) {
            ctx.report("Column " + column + " uses type " + pn::displayType(type) +
                           ", which the schema's type policy bans (banned_types)",
                       site.typeName);
            continue;
        }
        if ((type == "varchar" || type == "bpchar") && maxLength > 0 && site.typeName["typmods"].size() > 0) {
            const auto length = site.typeName["typmods"].at(0).as("A_Const")["ival"]["ival"].integer();
            if (length > maxLength)
                ctx.report("Column " + column + " is " + pn::displayType(type) + "(" +
                               std::to_string(length) + "), longer than the " + std::to_string(maxLength) +
                               " characters the type policy allows (max_character_length)",
                           site.typeName);
        }
    }
    if (pkTypes.empty())
        return;
    std::vector<std::string> shown;
    for (const auto &t : pkTypes)
        shown.push_back(pn::displayType(t));
    const auto allowedNames = pn::join(shown);
    for (const auto &site : pn::columnDefs(ctx)) {
        const auto column = std::string(site.def["colname"].str());
        const auto key = keys.find(column);
        const auto &type = site.type;
        if (key == keys.end() || key->second != "primary key" || pn::contains(pkTypes, type))
            continue;
        ctx.report("Primary key column " + pn::relname(site.relation) + "." + column + " is " +
                       pn::displayType(type) + ", not one of the primary key types the policy allows (" +
                       allowedNames + "; primary_key_types)",
                   site.def["typeName"]);
    }
}

} // namespace

extern const Rule typePolicy{
    "type-policy",
    Severity::Warning,
    true,
    "A column type the schema's type policy bans (banned_types, primary_key_types, max_character_length).",
    "The team's type policy keeps the schema consistent: some types behave badly (money depends on "
    "lc_monetary, "
    "json keeps duplicate keys and is slower than jsonb), primary keys should share one type, and long "
    "character limits belong in text columns. Use an allowed type.",
    check,
    nullptr,
    {"CreateStmt", "AlterTableStmt"}};

} // namespace sluice::review::rules
