#include "DataCompatHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto alter = ctx.statement().as("AlterObjectSchemaStmt");
    if (!alter)
        return;
    const auto type = alter["objectType"].str();
    std::string what, name;
    Node at;
    bool isNew = false;
    if (type == "OBJECT_TABLE" || type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW" ||
        type == "OBJECT_SEQUENCE" || type == "OBJECT_FOREIGN_TABLE") {
        name = tree::qualifiedName(alter["relation"]);
        at = alter["relation"];
        isNew = dc::isNew(ctx, name);
        what = type == "OBJECT_TABLE"      ? "table "
               : type == "OBJECT_VIEW"     ? "view "
               : type == "OBJECT_MATVIEW"  ? "materialized view "
               : type == "OBJECT_SEQUENCE" ? "sequence "
                                           : "foreign table ";
    } else if (type == "OBJECT_TYPE" || type == "OBJECT_DOMAIN") {
        name = dc::objectName(alter["object"]);
        isNew = ctx.state().isNew(name) || ctx.state().isNew(dc::lastPart(name));
        what = type == "OBJECT_TYPE" ? "type " : "domain ";
    } else if (type == "OBJECT_FUNCTION" || type == "OBJECT_PROCEDURE") {
        name = dc::objectName(alter["object"]);
        isNew = dc::createdEarlier(ctx, "CreateFunctionStmt", "funcname", name);
        what = type == "OBJECT_FUNCTION" ? "function " : "procedure ";
    } else {
        return;
    }
    if (isNew || name.empty())
        return;
    const std::string target(alter["newschema"].str());
    if (at)
        ctx.report(
            "Moving " + what + name + " to schema " + target +
                " breaks every query and function that refers to it by its old qualified name or finds it "
                "through search_path",
            at);
    else
        dc::reportWord(
            ctx,
            "Moving " + what + name + " to schema " + target +
                " breaks every query and function that refers to it by its old qualified name or finds "
                "it through search_path",
            dc::lastPart(name), 0, {});
}

} // namespace

extern const Rule changingObjectSchema{
    "changing-object-schema",
    Severity::Warning,
    false,
    "ALTER ... SET SCHEMA on an existing table, view, sequence, type or function.",
    "The object disappears from its old schema at once, so running code that qualifies it with the old "
    "schema, "
    "or relies on search_path to find it there, fails. Leave a view (or a wrapper function) under the old "
    "name "
    "until every client uses the new one, or update search_path for the application role first.",
    check,
    nullptr,
    {"AlterObjectSchemaStmt"}};

} // namespace sluice::review::rules
