#include "DataCompatHelpers.h"

#include <regex>

namespace sluice::review::rules {
namespace {

// Option drop_table_allowed_pattern: a regular expression; tables whose name matches (e.g. "_del$" or
// "_deprecated$") were renamed out of use beforehand and may be dropped.
bool allowedByPolicy(const RuleContext &ctx, const std::string &name)
{
    const auto pattern = ctx.config().text("drop_table_allowed_pattern");
    if (pattern.empty())
        return false;
    try {
        return std::regex_search(name, std::regex(pattern, std::regex::ECMAScript));
    } catch (const std::regex_error &) {
        return false;
    }
}

void check(RuleContext &ctx)
{
    const auto drop = ctx.statement().as("DropStmt");
    if (!drop)
        return;
    // A materialized view holds derived data and a foreign table's rows live elsewhere: warnings.
    const auto type = drop["removeType"].str();
    const bool table = type == "OBJECT_TABLE";
    if (!table && type != "OBJECT_MATVIEW" && type != "OBJECT_FOREIGN_TABLE")
        return;
    const std::string what = table                      ? "DROP TABLE "
                             : type == "OBJECT_MATVIEW" ? "DROP MATERIALIZED VIEW "
                                                        : "DROP FOREIGN TABLE ";
    const std::string effect =
        table ? " deletes the table and every row in it"
        : type == "OBJECT_MATVIEW"
            ? " deletes the view and its stored rows, which take a full recompute to rebuild"
            : " removes the local definition of the remote table";
    std::size_t from = 0;
    for (const Node object : drop["objects"]) {
        const auto name = dc::objectName(object);
        if (name.empty() || dc::isNew(ctx, name) || allowedByPolicy(ctx, name))
            continue;
        from = dc::reportWord(ctx,
                              what + name + dc::tagNote(ctx, name) + effect +
                                  "; running application code that still uses it fails",
                              dc::lastPart(name), from, {}, {},
                              table ? std::nullopt : std::optional<Severity>(Severity::Warning));
    }
}

} // namespace

extern const Rule banDropTable{
    "ban-drop-table",
    Severity::Error,
    false,
    "DROP TABLE on a table that existed before the migration (warning for materialized views and foreign "
    "tables).",
    "Dropping a table loses its data for good and breaks every query that still uses it. Stop using the "
    "table "
    "in the application first, rename it (e.g. to <name>_deprecated) or take a backup, and drop it in a "
    "later "
    "migration once nothing reads it. The option drop_table_allowed_pattern (a regular expression) lets "
    "tables renamed out of use be dropped.",
    check,
    nullptr,
    {"DropStmt"}};

} // namespace sluice::review::rules
