#include "PerformanceNamingHelpers.h"
#include "Rule.h"

#include <map>
#include <set>

namespace sluice::review::rules {
namespace {

// Reports the second and later ResTargets that assign the same column. Assignments to different elements or
// fields of one column (SET a[1] = x, a[2] = y, or a.x = 1, a.y = 2) are allowed; a whole-column assignment
// next to any other assignment of that column (SET a = row(1, 2), a.x = 1) is not.
void checkTargets(RuleContext &ctx, Node targets, std::string_view where, bool columnList)
{
    std::map<std::string, bool> wholeSeen;
    for (const Node target : targets) {
        const auto t = target.as("ResTarget");
        const auto name = std::string(t["name"].str());
        if (name.empty())
            continue;
        const bool whole = !t["indirection"].valid();
        const auto [it, first] = wholeSeen.try_emplace(name, whole);
        if (first)
            continue;
        const bool clash = whole || it->second;
        it->second = it->second || whole;
        if (clash)
            ctx.report("Column " + name + " is assigned more than once in " + std::string(where) +
                           ": PostgreSQL rejects the statement (" +
                           (columnList ? "column \"" + name + "\" specified more than once"
                                       : "multiple assignments to same column \"" + name + "\"") +
                           ")",
                       target);
    }
}

// The name PostgreSQL gives an output column written without AS (parse_target.c, FigureColnameInternal):
// strength 2 for a name taken from a column, function or keyword, 1 for a type or CASE name, 0 for none
// ("?column?"). nullopt where this rule does not follow PostgreSQL (XML functions and the like): such a
// column is never reported.
struct Inferred
{
    std::string name;
    int strength = 0;
};

std::optional<std::vector<std::optional<std::string>>> outputNames(Node select);

std::optional<Inferred> inferredName(Node expr)
{
    const auto kind = expr.kind();
    const auto body = expr.body();
    if (kind == "ColumnRef") {
        std::string_view last;
        for (const Node field : body["fields"]) {
            if (const auto s = field.as("String"))
                last = s["sval"].str();
        }
        return last.empty() ? std::nullopt : std::optional(Inferred{std::string(last), 2});
    }
    if (kind == "A_Indirection") {
        std::string_view last;
        for (const Node step : body["indirection"]) {
            if (const auto s = step.as("String"))
                last = s["sval"].str();
        }
        return last.empty() ? inferredName(body["arg"]) : std::optional(Inferred{std::string(last), 2});
    }
    if (kind == "FuncCall") {
        const auto names = tree::strings(body["funcname"]);
        return names.empty() ? std::nullopt : std::optional(Inferred{names.back(), 2});
    }
    if (kind == "A_Expr")
        return body["kind"].str() == "AEXPR_NULLIF" ? Inferred{"nullif", 2} : Inferred{};
    if (kind == "TypeCast") {
        auto inner = inferredName(body["arg"]);
        if (inner && inner->strength <= 1)
            inner = Inferred{tree::typeName(body["typeName"]), 1};
        return inner;
    }
    if (kind == "CollateClause")
        return inferredName(body["arg"]);
    if (kind == "CaseExpr") {
        auto inner = body["defresult"].valid() ? inferredName(body["defresult"]) : Inferred{};
        if (inner && inner->strength <= 1)
            inner = Inferred{"case", 1};
        return inner;
    }
    if (kind == "SubLink") {
        const auto type = body["subLinkType"].str();
        if (type == "EXISTS_SUBLINK")
            return Inferred{"exists", 2};
        if (type == "ARRAY_SUBLINK")
            return Inferred{"array", 2};
        if (type == "EXPR_SUBLINK") {
            // A scalar sub-select takes the name of its one output column.
            const auto inner = outputNames(body["subselect"]);
            if (!inner || inner->empty() || !inner->front())
                return std::nullopt;
            return Inferred{*inner->front(), 2};
        }
        return Inferred{};
    }
    if (kind == "MinMaxExpr")
        return Inferred{body["op"].str() == "IS_GREATEST" ? "greatest" : "least", 2};
    if (kind == "SQLValueFunction") {
        // SVFOP_CURRENT_TIMESTAMP_N names its column current_timestamp, as SVFOP_CURRENT_TIMESTAMP does.
        auto op = pn::lower(body["op"].str());
        if (op.starts_with("svfop_"))
            op.erase(0, 6);
        if (op.ends_with("_n"))
            op.resize(op.size() - 2);
        return Inferred{op, 2};
    }
    if (kind == "A_ArrayExpr")
        return Inferred{"array", 2};
    if (kind == "RowExpr")
        return Inferred{"row", 2};
    if (kind == "CoalesceExpr")
        return Inferred{"coalesce", 2};
    if (kind == "GroupingFunc")
        return Inferred{"grouping", 2};
    if (kind == "A_Const" || kind == "BoolExpr" || kind == "NullTest" || kind == "BooleanTest" ||
        kind == "ParamRef")
        return Inferred{};
    return std::nullopt;
}

// The output column names of a SELECT (wrapper or body), nullopt for a name this rule cannot tell; nullopt as
// a whole when the number of columns is unknown (a * expands to columns the migration does not show).
std::optional<std::vector<std::optional<std::string>>> outputNames(Node select)
{
    if (const auto body = select.as("SelectStmt"))
        select = body;
    if (select["op"].valid() && select["op"].str() != "SETOP_NONE")
        return outputNames(select["larg"]); // a set operation's columns are named by its first branch
    std::vector<std::optional<std::string>> names;
    if (const auto values = select["valuesLists"]; values.size() > 0) {
        for (std::size_t i = 0; i < values.at(0).as("List")["items"].size(); ++i)
            names.emplace_back("column" + std::to_string(i + 1));
        return names;
    }
    for (const Node target : select["targetList"]) {
        const auto t = target.as("ResTarget");
        if (!t["name"].str().empty()) {
            names.emplace_back(std::string(t["name"].str()));
            continue;
        }
        if (const auto ref = t["val"].as("ColumnRef")) {
            for (const Node field : ref["fields"]) {
                if (field.is("A_Star"))
                    return std::nullopt;
            }
        }
        const auto inferred = inferredName(t["val"]);
        if (!inferred)
            names.emplace_back();
        else
            names.emplace_back(inferred->strength > 0 ? inferred->name : std::string("?column?"));
    }
    return names;
}

// Reports a column name that the relation a statement creates from a query (a view, CREATE TABLE AS,
// SELECT INTO) would carry twice. `aliases` (the column list after the relation's name) rename the first
// columns of the query.
void checkOutputNames(RuleContext &ctx, Node aliases, Node query, Node relation, std::string_view what)
{
    const auto given = tree::strings(aliases);
    const auto outputs = outputNames(query);
    std::vector<std::optional<std::string>> names(given.begin(), given.end());
    std::vector<Node> targets(given.size());
    if (outputs && outputs->size() >= given.size()) {
        Node select = query.as("SelectStmt") ? query.as("SelectStmt") : query;
        while (select["op"].valid() && select["op"].str() != "SETOP_NONE")
            select = select["larg"].as("SelectStmt") ? select["larg"].as("SelectStmt") : select["larg"];
        for (std::size_t i = given.size(); i < outputs->size(); ++i) {
            names.push_back((*outputs)[i]);
            targets.push_back(select["targetList"].at(i));
        }
    }
    std::map<std::string, std::size_t> seen;
    std::map<std::string, std::size_t> aliasSeen;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (!names[i])
            continue;
        const auto &name = *names[i];
        const bool alias = i < given.size();
        const auto aliasIndex = alias ? aliasSeen[name]++ : 0;
        if (seen[name]++ == 0)
            continue;
        auto message = "Column " + name + " appears more than once in " + std::string(what) + " " +
                       tree::qualifiedName(relation) + ": PostgreSQL rejects the statement (column \"" +
                       name + "\" specified more than once)";
        const std::string help =
            name == "?column?" ? "Give each expression its own name with AS: PostgreSQL names every unnamed "
                                 "constant or operator expression ?column?."
                               : "Rename one of the two columns (with AS, or in the column list).";
        if (!alias)
            ctx.report(std::move(message), targets[i], help);
        else if (const auto range = pn::nthNameRange(ctx, name, relation.location() + 1, aliasIndex))
            ctx.reportRange(std::move(message), *range, help);
        else
            ctx.report(std::move(message), relation, help);
    }
}

void checkColumnDefs(RuleContext &ctx, Node create, std::string_view what)
{
    // Views into the tree, searched in order: a table has tens of columns at most.
    std::vector<std::string_view> seen;
    for (const Node elt : create["tableElts"]) {
        const auto def = elt.as("ColumnDef");
        if (!def)
            continue;
        const auto name = def["colname"].str();
        const bool again = std::find(seen.begin(), seen.end(), name) != seen.end();
        seen.push_back(name);
        if (again)
            ctx.report("Column " + std::string(name) + " is defined more than once in " + std::string(what) +
                           " " + tree::qualifiedName(create["relation"]) +
                           ": PostgreSQL rejects the statement",
                       elt);
    }
}

void check(RuleContext &ctx)
{
    const Node statement = ctx.statement();
    if (const auto create = statement.as("CreateStmt")) {
        checkColumnDefs(ctx, create, "table");
    } else if (const auto foreign = statement.as("CreateForeignTableStmt")) {
        checkColumnDefs(ctx, foreign["base"], "foreign table");
    } else if (const auto view = statement.as("ViewStmt")) {
        checkOutputNames(ctx, view["aliases"], view["query"], view["view"], "view");
    } else if (const auto ctas = statement.as("CreateTableAsStmt")) {
        checkOutputNames(ctx, ctas["into"]["colNames"], ctas["query"], ctas["into"]["rel"],
                         ctas["objtype"].str() == "OBJECT_MATVIEW" ? "materialized view" : "table");
    } else if (const auto select = statement.as("SelectStmt"); select && select["intoClause"].valid()) {
        checkOutputNames(ctx, select["intoClause"]["colNames"], select, select["intoClause"]["rel"], "table");
    } else if (const auto update = statement.as("UpdateStmt")) {
        checkTargets(ctx, update["targetList"], "this UPDATE", false);
    } else if (const auto insert = statement.as("InsertStmt")) {
        checkTargets(ctx, insert["cols"], "this INSERT's column list", true);
        checkTargets(ctx, insert["onConflictClause"]["targetList"], "this ON CONFLICT DO UPDATE", false);
    } else if (const auto merge = statement.as("MergeStmt")) {
        for (const Node clause : merge["mergeWhenClauses"]) {
            const auto when = clause.as("MergeWhenClause");
            const bool inserts = when["commandType"].str() == "CMD_INSERT";
            checkTargets(ctx, when["targetList"], inserts ? "this MERGE's INSERT" : "this MERGE's UPDATE",
                         inserts);
        }
    }
}

} // namespace

extern const Rule banDuplicateColumnAssignments{
    "ban-duplicate-column-assignments",
    Severity::Error,
    false,
    "The same column defined or assigned twice in one statement.",
    "PostgreSQL rejects a table, foreign table, view or CREATE TABLE AS whose columns carry one name twice "
    "(two unnamed expressions are both named ?column?), and an UPDATE, INSERT, ON CONFLICT DO UPDATE or "
    "MERGE that assigns a column twice, so the migration fails when it reaches this statement. Remove the "
    "duplicate (and check which of the two values was meant), or name each output column with AS.",
    check,
    nullptr};

} // namespace sluice::review::rules
