#include "PerformanceNamingHelpers.h"
#include "Rule.h"

#include <regex>

namespace sluice::review::rules {
namespace {

struct Policy
{
    std::string_view option;
    std::string_view fallback;
};

// The option that names the convention for a kind of object, and its default (PostgreSQL's own naming).
const Policy *policyFor(std::string_view kind)
{
    static const std::pair<std::string_view, Policy> policies[] = {
        {"schema", {"naming_schema_pattern", "^[a-z][a-z0-9_]*$"}},
        {"table", {"naming_table_pattern", "^[a-z][a-z0-9_]*$"}},
        {"column", {"naming_column_pattern", "^[a-z][a-z0-9_]*$"}},
        {"index", {"naming_index_pattern", "^[a-z][a-z0-9_]*_idx$"}},
        {"unique index", {"naming_unique_pattern", "^[a-z][a-z0-9_]*_key$"}},
        {"unique", {"naming_unique_pattern", "^[a-z][a-z0-9_]*_key$"}},
        {"primary key", {"naming_primary_key_pattern", "^{{table}}_pkey$"}},
        {"foreign key", {"naming_foreign_key_pattern", "^[a-z][a-z0-9_]*_fkey$"}},
        {"check", {"naming_check_pattern", "^[a-z][a-z0-9_]*_check$"}},
        {"exclusion", {"naming_exclusion_pattern", "^[a-z][a-z0-9_]*_excl$"}},
    };
    for (const auto &[k, policy] : policies) {
        if (kind == k)
            return &policy;
    }
    return nullptr;
}

std::string escape(std::string_view text)
{
    std::string out;
    for (const char c : text) {
        if (std::string_view(".^$|()[]{}*+?\\").find(c) != std::string_view::npos)
            out += '\\';
        out += c;
    }
    return out;
}

void replaceAll(std::string &text, std::string_view from, const std::string &to)
{
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

void check(RuleContext &ctx)
{
    for (const auto &d : pn::definedNames(ctx)) {
        const auto *policy = policyFor(d.kind);
        if (!policy)
            continue;
        const std::string option(policy->option);
        const bool configured = ctx.config().options.count(option) > 0;
        const auto pattern = ctx.config().text(option, std::string(policy->fallback));
        if (d.name.empty()) {
            // PostgreSQL picks the name; with an explicit convention, ask for an explicit name.
            if (configured)
                pn::reportDefined(ctx, d,
                                  "This " + std::string(d.kind) + " on " + std::string(d.table) +
                                      " has no name: PostgreSQL generates one, which need not follow the "
                                      "convention " +
                                      pattern + " (" + option + ")",
                                  "Name it explicitly, following " + option + ".");
            continue;
        }
        auto expanded = pattern;
        replaceAll(expanded, "{{table}}", escape(d.table));
        replaceAll(expanded, "{{column_list}}", escape(pn::join(d.columns, "_")));
        std::regex regex;
        try {
            regex = std::regex(expanded);
        } catch (const std::regex_error &) {
            ctx.report("The naming convention " + option + " = \"" + pattern +
                       "\" is not a valid regular expression, so " + std::string(d.kind) + " " +
                       std::string(d.name) + " cannot be checked");
            continue;
        }
        if (std::regex_search(d.name.begin(), d.name.end(), regex))
            continue;
        pn::reportDefined(ctx, d,
                          "The " + std::string(d.kind) + " name " + std::string(d.name) +
                              " does not follow the naming convention " + expanded + " (" + option + ")",
                          "Rename it to match " + option + ", before other migrations and code refer to it.");
    }
}

} // namespace

extern const Rule namingConvention{
    "naming-convention",
    Severity::Warning,
    true,
    "A schema, table, column, index or constraint name that does not match the configured naming convention.",
    "Consistent names let people and tools find an object's table, columns and purpose from its name, and "
    "make generated names predictable for later migrations. Rename the object to match the convention "
    "(naming_*_pattern options; {{table}} and {{column_list}} are replaced by the table and its columns).",
    check,
    nullptr};

} // namespace sluice::review::rules
