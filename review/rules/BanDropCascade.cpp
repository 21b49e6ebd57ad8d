#include "DataCompatHelpers.h"

namespace sluice::review::rules {
namespace {

// "OBJECT_MATVIEW" -> "MATERIALIZED VIEW", "OBJECT_FOREIGN_TABLE" -> "FOREIGN TABLE".
std::string kindName(std::string_view removeType)
{
    if (removeType.rfind("OBJECT_", 0) == 0)
        removeType.remove_prefix(7);
    if (removeType == "MATVIEW")
        return "MATERIALIZED VIEW";
    std::string out(removeType);
    for (auto &c : out)
        c = c == '_' ? ' ' : c;
    return out;
}

void check(RuleContext &ctx)
{
    if (const auto drop = ctx.statement().as("DropStmt")) {
        if (drop["behavior"].str() != "DROP_CASCADE")
            return;
        std::string names;
        for (const Node object : drop["objects"]) {
            const auto name = dc::objectName(object);
            if (!dc::isNew(ctx, name))
                names += (names.empty() ? "" : ", ") + name;
        }
        if (names.empty())
            return;
        dc::reportWord(
            ctx,
            "DROP " + kindName(drop["removeType"].str()) + " " + names +
                " CASCADE also drops everything that depends on it (views, foreign keys, defaults, even "
                "table columns), without naming any of it",
            "cascade", 0, {});
        return;
    }
    const auto alter = dc::alterTable(ctx.statement());
    if (!alter || dc::isNew(ctx, alter["relation"]))
        return;
    const auto table = tree::qualifiedName(alter["relation"]);
    for (std::size_t i = 0; i < alter["cmds"].size(); ++i) {
        const Node cmd = alter["cmds"].at(i);
        const auto body = cmd.as("AlterTableCmd");
        const auto type = body["subtype"].str();
        if ((type != "AT_DropColumn" && type != "AT_DropConstraint") ||
            body["behavior"].str() != "DROP_CASCADE")
            continue;
        const std::string what = type == "AT_DropColumn" ? "COLUMN " : "CONSTRAINT ";
        dc::reportInCommand(ctx,
                            "DROP " + what + std::string(body["name"].str()) + " CASCADE on " + table +
                                " also drops the views, indexes and foreign keys that depend on it",
                            "cascade", alter, i);
    }
}

} // namespace

extern const Rule banDropCascade{
    "ban-drop-cascade",
    Severity::Warning,
    false,
    "DROP ... CASCADE, or ALTER TABLE ... DROP COLUMN/CONSTRAINT ... CASCADE.",
    "CASCADE silently drops whatever depends on the object: views, foreign keys from other tables, defaults, "
    "functions. The migration then removes more than its author read. Drop the dependent objects explicitly "
    "first, then drop the object without CASCADE so that PostgreSQL refuses if something was missed.",
    check,
    nullptr};

} // namespace sluice::review::rules
