#include "PerformanceNamingHelpers.h"
#include "Rule.h"

#include <map>

namespace sluice::review::rules {
namespace {

// Reports at the repeated occurrence of the column in the key list (after `after`), else at `fallback`.
void report(RuleContext &ctx, const std::string &name, int after, std::size_t occurrence, Node fallback,
            std::string message)
{
    if (const auto range = pn::nthNameRange(ctx, name, after, occurrence))
        ctx.reportRange(std::move(message), *range);
    else
        ctx.report(std::move(message), fallback);
}

void check(RuleContext &ctx)
{
    const Node statement = ctx.statement();
    if (const auto index = statement.as("IndexStmt")) {
        std::map<std::string, std::size_t> seen;
        for (const Node elem : index["indexParams"]) {
            const auto name = std::string(elem.as("IndexElem")["name"].str());
            if (name.empty() || seen[name]++ == 0)
                continue;
            const auto idx = index["idxname"].str();
            report(ctx, name, index["relation"].location(), seen[name] - 1, index["relation"],
                   "Column " + name + " appears more than once in index " +
                       (idx.empty() ? std::string() : std::string(idx) + " ") + "on " +
                       tree::qualifiedName(index["relation"]) +
                       ": the repeat adds size and write cost and helps no query");
        }
        return;
    }
    for (const auto &c : pn::constraints(ctx)) {
        if (c.type != "CONSTR_PRIMARY" && c.type != "CONSTR_UNIQUE")
            continue;
        std::map<std::string, std::size_t> seen;
        for (const auto &name : tree::strings(c.con["keys"])) {
            if (seen[name]++ == 0)
                continue;
            report(ctx, name, c.at.location(), seen[name] - 1, c.at,
                   "Column " + name + " appears more than once in the " +
                       (c.type == "CONSTR_PRIMARY" ? "primary key" : "unique constraint") + " on " +
                       tree::qualifiedName(c.relation) + ": PostgreSQL rejects the statement");
        }
    }
}

} // namespace

extern const Rule indexDuplicateColumn{
    "index-duplicate-column",
    Severity::Warning,
    false,
    "The same column listed twice in an index, primary key or unique constraint.",
    "A repeated column in CREATE INDEX makes the index bigger and slower to maintain without helping any "
    "query; in a PRIMARY KEY or UNIQUE constraint PostgreSQL rejects it outright. Remove the duplicate.",
    check,
    nullptr};

} // namespace sluice::review::rules
