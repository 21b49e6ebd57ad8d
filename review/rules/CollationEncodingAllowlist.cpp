#include "PerformanceNamingHelpers.h"
#include "Rule.h"

namespace sluice::review::rules {
namespace {

// "UTF-8", "utf8" and "UTF_8" name the same encoding.
std::string encodingKey(std::string_view name)
{
    std::string out;
    for (const char c : name) {
        if (c != '-' && c != '_')
            out += char(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

bool allowed(const std::vector<std::string> &list, std::string_view value, bool encoding = false)
{
    if (list.empty())
        return true;
    for (const auto &item : list) {
        if (encoding ? encodingKey(item) == encodingKey(value) : pn::lower(item) == pn::lower(value))
            return true;
    }
    return false;
}

std::vector<std::string> option(const Config &config, const std::string &key,
                                std::vector<std::string> fallback)
{
    return config.options.count(key) ? config.list(key) : std::move(fallback);
}

void check(RuleContext &ctx)
{
    const auto &config = ctx.config();
    const auto collations = option(config, "allowed_collations", {"C", "POSIX", "default"});
    const auto encodings = option(config, "allowed_encodings", {"UTF8"});
    const auto locales = option(config, "allowed_locales", {});
    auto checkCollation = [&](Node clause) {
        const auto names = tree::strings(clause["collname"]);
        if (names.empty() || allowed(collations, names.back()))
            return;
        ctx.report("Collation \"" + names.back() +
                       "\" is not on the allowed list (allowed_collations: " + pn::join(collations) + ")",
                   clause);
    };
    const Node statement = ctx.statement();
    statement.walk([&](Node n) {
        if (const auto clause = n.as("CollateClause"))
            checkCollation(clause);
        else if (n.type() == Node::Type::Object && n["collClause"])
            checkCollation(n["collClause"]);
    });
    Node options;
    if (const auto createdb = statement.as("CreatedbStmt"))
        options = createdb["options"];
    else if (const auto define = statement.as("DefineStmt");
             define && define["kind"].str() == "OBJECT_COLLATION")
        options = define["definition"];
    for (const Node option : options) {
        const auto def = option.as("DefElem");
        const auto name = def["defname"].str();
        if (name == "from") {
            const auto from = tree::strings(def["arg"].as("List")["items"]);
            if (!from.empty() && !allowed(collations, from.back()))
                ctx.report("Collation \"" + from.back() +
                               "\" is not on the allowed list (allowed_collations: " + pn::join(collations) +
                               ")",
                           option);
            continue;
        }
        const auto value = tree::stringConstant(def["arg"]);
        if (value.empty())
            continue;
        if (name == "encoding" && !allowed(encodings, value, true))
            ctx.report("Encoding " + std::string(value) +
                           " is not on the allowed list (allowed_encodings: " + pn::join(encodings) + ")",
                       option);
        else if ((name == "locale" || name == "lc_collate" || name == "lc_ctype" || name == "icu_locale") &&
                 !allowed(locales, value))
            ctx.report("Locale " + std::string(value) + " (" + std::string(name) +
                           ") is not on the allowed list (allowed_locales: " + pn::join(locales) + ")",
                       option);
    }
}

} // namespace

extern const Rule collationEncodingAllowlist{
    "collation-encoding-allowlist",
    Severity::Warning,
    true,
    "A collation, encoding or locale outside the allowed lists (allowed_collations, allowed_encodings, "
    "allowed_locales).",
    "Collations decide sort order and equality of text, and indexes depend on them: a collation that differs "
    "between columns, databases or hosts gives inconsistent ORDER BY and joins, and a libc or ICU upgrade "
    "that "
    "changes a locale's rules silently corrupts indexes. Stick to the allowed collations, encodings and "
    "locales.",
    check,
    nullptr};

} // namespace sluice::review::rules
