#include "DataCompatHelpers.h"

namespace sluice::review::rules {
namespace {

struct Kind
{
    std::string_view removeType;
    std::string_view label;
};

constexpr Kind kKinds[] = {
    {"OBJECT_VIEW", "VIEW"}, {"OBJECT_FUNCTION", "FUNCTION"}, {"OBJECT_PROCEDURE", "PROCEDURE"},
    {"OBJECT_TYPE", "TYPE"}, {"OBJECT_DOMAIN", "DOMAIN"},     {"OBJECT_EXTENSION", "EXTENSION"},
    {"OBJECT_RULE", "RULE"},
};

bool createdInFile(const RuleContext &ctx, std::string_view removeType, const std::string &name)
{
    if (removeType == "OBJECT_VIEW")
        return dc::isNew(ctx, name);
    if (removeType == "OBJECT_TYPE" || removeType == "OBJECT_DOMAIN")
        return ctx.state().isNew(name) || ctx.state().isNew(dc::lastPart(name));
    if (removeType == "OBJECT_FUNCTION" || removeType == "OBJECT_PROCEDURE")
        return dc::createdEarlier(ctx, "CreateFunctionStmt", "funcname", name);
    if (removeType == "OBJECT_EXTENSION")
        return dc::createdEarlier(ctx, "CreateExtensionStmt", "extname", name);
    return dc::createdEarlier(ctx, "RuleStmt", "rulename", dc::lastPart(name));
}

void check(RuleContext &ctx)
{
    const auto drop = ctx.statement().as("DropStmt");
    if (!drop)
        return;
    const auto removeType = drop["removeType"].str();
    std::string_view label;
    for (const auto &k : kKinds) {
        if (k.removeType == removeType)
            label = k.label;
    }
    if (label.empty())
        return;
    std::size_t from = 0;
    for (const Node object : drop["objects"]) {
        const auto name = dc::objectName(object);
        if (name.empty() || createdInFile(ctx, removeType, name))
            continue;
        const auto at = object.as("TypeName") ? object : Node();
        // DROP RULE r ON t names the rule as t.r.
        const auto shown = removeType == "OBJECT_RULE" && name.find('.') != std::string::npos
                               ? dc::lastPart(name) + " on " + name.substr(0, name.rfind('.'))
                               : name;
        from =
            dc::reportWord(ctx,
                           "DROP " + std::string(label) + " " + shown +
                               ": PostgreSQL only checks the dependencies it records; application queries, "
                               "reports and PL/pgSQL bodies that use it break without warning",
                           dc::lastPart(name), from, at);
    }
}

} // namespace

extern const Rule dropDependentObject{
    "drop-dependent-object",
    Severity::Warning,
    false,
    "DROP of a view, function, procedure, type, domain, extension or rule.",
    "These objects are used by code that PostgreSQL does not track: application SQL, reports, and the bodies "
    "of PL/pgSQL functions, which are only checked when they run. Search the application and pg_proc.prosrc "
    "for the name, check pg_stat_statements, and drop it in a release after the last user is gone.",
    check,
    nullptr,
    {"DropStmt"}};

} // namespace sluice::review::rules
