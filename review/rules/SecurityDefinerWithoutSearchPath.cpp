#include "Rule.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto function = ctx.statement().as("CreateFunctionStmt");
    if (!function)
        return;
    Node definer;
    bool setsSearchPath = false;
    for (const Node o : function["options"]) {
        const auto option = o.as("DefElem");
        if (option["defname"].str() == "security" && option["arg"].as("Boolean")["boolval"].boolean())
            definer = o;
        if (option["defname"].str() == "set" &&
            option["arg"].as("VariableSetStmt")["name"].str() == "search_path")
            setsSearchPath = true;
    }
    if (!definer || setsSearchPath)
        return;
    std::string name;
    for (const auto &part : tree::strings(function["funcname"]))
        name += (name.empty() ? "" : ".") + part;
    ctx.report(
        std::string(function["is_procedure"].boolean() ? "procedure " : "function ") + name +
            " is SECURITY DEFINER without SET search_path: a caller can put their own objects first in "
            "the search path and run them with the owner's privileges",
        definer);
}

} // namespace

extern const Rule securityDefinerWithoutSearchPath{
    "security-definer-without-search-path",
    Severity::Error,
    false,
    "A SECURITY DEFINER function that does not pin its search_path.",
    "A SECURITY DEFINER function runs with its owner's privileges but resolves unqualified names through the "
    "caller's search_path, so any role that can create objects in a schema on that path (or in pg_temp) can "
    "substitute a table, function or operator and have it run as the owner. Add SET search_path = "
    "pg_catalog, "
    "pg_temp (or the schemas the function needs, trusted ones only, pg_temp last) to the function "
    "definition, "
    "and schema-qualify the objects it uses.",
    check,
    nullptr,
    {"CreateFunctionStmt"}};

} // namespace sluice::review::rules
