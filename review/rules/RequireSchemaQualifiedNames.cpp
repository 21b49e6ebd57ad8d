#include "PerformanceNamingHelpers.h"
#include "Rule.h"

namespace sluice::review::rules {
namespace {

void checkRelation(RuleContext &ctx, Node rangeVar, std::string_view what)
{
    if (const auto body = rangeVar.as("RangeVar"))
        rangeVar = body;
    if (!rangeVar || !rangeVar["schemaname"].str().empty() || rangeVar["relpersistence"].str() == "t")
        return;
    const auto name = std::string(rangeVar["relname"].str());
    ctx.report(std::string(what) + " " + name +
                   " is not schema-qualified: which schema it names depends on the search_path of the "
                   "session that runs the migration",
               rangeVar, "Write the schema explicitly, e.g. public." + name + ".");
}

void check(RuleContext &ctx)
{
    const Node statement = ctx.statement();
    if (const auto create = statement.as("CreateStmt")) {
        checkRelation(ctx, create["relation"], "Table");
    } else if (const auto ctas = statement.as("CreateTableAsStmt")) {
        auto into = ctas["into"];
        if (const auto body = into.as("IntoClause"))
            into = body;
        checkRelation(ctx, into["rel"],
                      ctas["objtype"].str() == "OBJECT_MATVIEW" ? "Materialized view" : "Table");
    } else if (const auto view = statement.as("ViewStmt")) {
        checkRelation(ctx, view["view"], "View");
    } else if (const auto seq = statement.as("CreateSeqStmt")) {
        checkRelation(ctx, seq["sequence"], "Sequence");
    } else if (const auto alter = statement.as("AlterTableStmt")) {
        checkRelation(ctx, alter["relation"], "Table");
    } else if (const auto index = statement.as("IndexStmt")) {
        checkRelation(ctx, index["relation"], "Table");
    } else if (const auto drop = statement.as("DropStmt")) {
        static const std::pair<std::string_view, std::string_view> kinds[] = {
            {"OBJECT_TABLE", "Table"},       {"OBJECT_INDEX", "Index"},
            {"OBJECT_VIEW", "View"},         {"OBJECT_MATVIEW", "Materialized view"},
            {"OBJECT_SEQUENCE", "Sequence"}, {"OBJECT_FOREIGN_TABLE", "Foreign table"},
        };
        for (const auto &[type, what] : kinds) {
            if (drop["removeType"].str() != type)
                continue;
            for (const Node object : drop["objects"]) {
                const auto names = tree::strings(object.as("List")["items"]);
                if (names.size() != 1)
                    continue;
                pn::reportName(ctx, names.front(), {},
                               std::string(what) + " " + names.front() +
                                   " is not schema-qualified: which schema it names depends on the "
                                   "search_path of the session that runs the migration",
                               "Write the schema explicitly, e.g. public." + names.front() + ".");
            }
        }
    }
}

} // namespace

extern const Rule requireSchemaQualifiedNames{
    "require-schema-qualified-names",
    Severity::Warning,
    true,
    "A table, index, view or sequence named without its schema in DDL.",
    "An unqualified name resolves through the session's search_path, which differs between the migration "
    "tool, psql and application roles: the object can be created in, or dropped from, the wrong schema. "
    "Write "
    "schema.name.",
    check,
    nullptr};

} // namespace sluice::review::rules
