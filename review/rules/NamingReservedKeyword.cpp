#include "PerformanceNamingHelpers.h"
#include "Rule.h"

#include <algorithm>

namespace sluice::review::rules {
namespace {

// PostgreSQL 15's reserved keywords and the type/function-name keywords, which cannot be table or column
// names without double quotes (the parser's RESERVED_KEYWORD and TYPE_FUNC_NAME_KEYWORD categories).
constexpr std::string_view kReserved[] = {
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "binary",
    "both",
    "case",
    "cast",
    "check",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "false",
    "fetch",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "group",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "intersect",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "natural",
    "not",
    "notnull",
    "null",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "outer",
    "overlaps",
    "placing",
    "primary",
    "references",
    "returning",
    "right",
    "select",
    "session_user",
    "similar",
    "some",
    "symmetric",
    "table",
    "tablesample",
    "then",
    "to",
    "trailing",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
};

bool isReserved(std::string_view name)
{
    // kReserved is sorted.
    return std::binary_search(std::begin(kReserved), std::end(kReserved), name);
}

bool needsQuotes(std::string_view name)
{
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front())) || name.front() == '$')
        return true;
    return std::any_of(name.begin(), name.end(), [](char c) {
        return !(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
                 c == '_' || c == '$' || (c & 0x80));
    });
}

// A relation defined schema-qualified (s.table): after the dot PostgreSQL takes any keyword as a name, so
// queries that qualify it the same way need no quotes, and the rule does not ask for them.
bool schemaQualified(const pn::DefinedName &d)
{
    const auto relation = d.at.as("RangeVar") ? d.at.as("RangeVar") : d.at;
    return d.exact && !relation["schemaname"].str().empty();
}

void check(RuleContext &ctx)
{
    for (const auto &d : pn::definedNames(ctx)) {
        if (d.name.empty())
            continue;
        if (isReserved(d.name)) {
            if (schemaQualified(d))
                continue;
            pn::reportDefined(ctx, d,
                              "The " + std::string(d.kind) + " name " + std::string(d.name) +
                                  " is a reserved SQL keyword: every query must write it in double quotes");
        } else if (needsQuotes(d.name)) {
            pn::reportDefined(
                ctx, d,
                "The " + std::string(d.kind) + " name \"" + std::string(d.name) +
                    "\" has upper-case letters or special characters: every query must write it "
                    "in double quotes, exactly as spelled");
        }
    }
}

} // namespace

extern const Rule namingReservedKeyword{
    "naming-reserved-keyword",
    Severity::Info,
    false,
    "A name that is a reserved SQL keyword or needs double quotes (upper case, spaces, special characters).",
    "Such a name works only when quoted, in every query, view, ORM mapping and psql session; an unquoted "
    "mention is a syntax error or, with upper case, silently names another object. Use plain "
    "lower_snake_case "
    "names that are not keywords (order_status rather than \"order\" or \"OrderStatus\").",
    check,
    nullptr};

} // namespace sluice::review::rules
