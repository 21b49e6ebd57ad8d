#include "PerformanceNamingHelpers.h"
#include "Rule.h"

#include <map>
#include <set>

namespace sluice::review::rules {
namespace {

// Reports the second and later ResTargets that assign the same column (subscript or field assignments such
// as SET a[1] = x, a[2] = y are allowed).
void checkTargets(RuleContext &ctx, Node targets, std::string_view where)
{
    std::set<std::string> seen;
    for (const Node target : targets) {
        const auto t = target.as("ResTarget");
        const auto name = std::string(t["name"].str());
        if (name.empty() || t["indirection"].valid() || seen.insert(name).second)
            continue;
        ctx.report("Column " + name + " is assigned more than once in " + std::string(where) +
                       ": PostgreSQL rejects the statement (multiple assignments to same column)",
                   target);
    }
}

void check(RuleContext &ctx)
{
    const Node statement = ctx.statement();
    if (const auto create = statement.as("CreateStmt")) {
        // Views into the tree, searched in order: a table has tens of columns at most.
        std::vector<std::string_view> seen;
        for (const auto &site : pn::columnDefs(ctx)) {
            const auto name = site.def["colname"].str();
            const bool again = std::find(seen.begin(), seen.end(), name) != seen.end();
            seen.push_back(name);
            if (again)
                ctx.report("Column " + std::string(name) + " is defined more than once in table " +
                               tree::qualifiedName(create["relation"]) + ": PostgreSQL rejects the statement",
                           site.def);
        }
    } else if (const auto view = statement.as("ViewStmt")) {
        std::map<std::string, std::size_t> seen;
        for (const auto &name : tree::strings(view["aliases"])) {
            if (seen[name]++ == 0)
                continue;
            const auto message = "Column name " + name + " is given more than once for view " +
                                 tree::qualifiedName(view["view"]) + ": PostgreSQL rejects the statement";
            if (const auto range = pn::nthNameRange(ctx, name, view["view"].location() + 1, seen[name] - 1))
                ctx.reportRange(message, *range);
            else
                ctx.report(message, view["view"]);
        }
    } else if (const auto update = statement.as("UpdateStmt")) {
        checkTargets(ctx, update["targetList"], "this UPDATE");
    } else if (const auto insert = statement.as("InsertStmt")) {
        checkTargets(ctx, insert["cols"], "this INSERT's column list");
    } else if (const auto merge = statement.as("MergeStmt")) {
        for (const Node clause : merge["mergeWhenClauses"])
            checkTargets(ctx, clause.as("MergeWhenClause")["targetList"], "this MERGE action");
    }
}

} // namespace

extern const Rule banDuplicateColumnAssignments{
    "ban-duplicate-column-assignments",
    Severity::Error,
    false,
    "The same column defined or assigned twice in one statement.",
    "PostgreSQL rejects a table or view with two columns of the same name, and an UPDATE, INSERT or MERGE "
    "that assigns a column twice, so the migration fails when it reaches this statement. Remove the "
    "duplicate (and check which of the two values was meant).",
    check,
    nullptr};

} // namespace sluice::review::rules
