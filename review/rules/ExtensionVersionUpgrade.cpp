#include "DataCompatHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto alter = ctx.statement().as("AlterExtensionStmt");
    if (!alter)
        return;
    const std::string name(alter["extname"].str());
    if (dc::createdEarlier(ctx, "CreateExtensionStmt", "extname", name))
        return;
    std::string version;
    for (const Node option : alter["options"]) {
        const auto def = option.as("DefElem");
        if (def["defname"].str() == "new_version")
            version = tree::stringConstant(def["arg"]);
    }
    dc::reportWord(ctx,
                   "ALTER EXTENSION " + name + " UPDATE " +
                       (version.empty() ? std::string("moves the extension to the server's default version")
                                        : "moves the extension to version " + version) +
                       ": its functions, types and operators may change behaviour under running queries",
                   name, 0, {});
}

} // namespace

extern const Rule extensionVersionUpgrade{
    "extension-version-upgrade",
    Severity::Warning,
    false,
    "ALTER EXTENSION ... UPDATE.",
    "An extension upgrade runs the extension's own scripts: it can change function signatures and results, "
    "rebuild types, take locks on tables that use them, and usually cannot be rolled back to the old "
    "version. "
    "Test the exact upgrade path on a copy of production, pin the target version with UPDATE TO 'x.y', and "
    "run "
    "it as its own change.",
    check,
    nullptr,
    {"AlterExtensionStmt"}};

} // namespace sluice::review::rules
