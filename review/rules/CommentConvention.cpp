#include "PerformanceNamingHelpers.h"
#include "Rule.h"

#include <set>

namespace sluice::review::rules {
namespace {

// Tables ("table") and columns ("table.column") that get a non-empty COMMENT in the file, by bare names.
struct Comments
{
    std::set<std::string> tables;
    std::set<std::string> columns;
};

Comments collect(FileContext &ctx, long long maxLength)
{
    Comments out;
    const auto all = ctx.all();
    for (std::size_t i = 0; i < all.size(); ++i) {
        const auto comment = all[i].tree.as("CommentStmt");
        if (!comment)
            continue;
        const auto names = tree::strings(comment["object"].as("List")["items"]);
        const auto text = comment["comment"].str();
        const auto type = comment["objtype"].str();
        if (maxLength > 0 && static_cast<long long>(text.size()) > maxLength)
            ctx.reportAt(i,
                         "This comment is " + std::to_string(text.size()) + " bytes long, more than the " +
                             std::to_string(maxLength) +
                             " the comment convention allows (max_comment_length)",
                         {}, "Keep comments short; put long documentation in the project's docs.");
        if (text.empty())
            continue;
        if (type == "OBJECT_TABLE" && !names.empty())
            out.tables.insert(names.back());
        else if (type == "OBJECT_COLUMN" && names.size() >= 2)
            out.columns.insert(names[names.size() - 2] + "." + names.back());
    }
    return out;
}

void finish(FileContext &ctx)
{
    const auto &config = ctx.config();
    const bool tables = pn::flag(config, "require_table_comment", true);
    const bool columns = pn::flag(config, "require_column_comment", true);
    const auto comments = collect(ctx, config.number("max_comment_length", 0));
    const auto all = ctx.all();
    for (std::size_t i = 0; i < all.size(); ++i) {
        const Node statement = all[i].tree;
        const auto create = statement.as("CreateStmt");
        if (create && (create["relation"]["relpersistence"].str() == "t" || create["partbound"]))
            continue;
        if (create && tables && !comments.tables.count(pn::relname(create["relation"])))
            ctx.reportAt(i,
                         "Table " + tree::qualifiedName(create["relation"]) +
                             " is created without a COMMENT ON TABLE describing it",
                         create["relation"]);
        if (!columns)
            continue;
        for (const auto &site : pn::columnDefs(ctx, i)) {
            const auto name = pn::relname(site.relation) + "." + std::string(site.def["colname"].str());
            if (!comments.columns.count(name))
                ctx.reportAt(i, "Column " + name + " is created without a COMMENT ON COLUMN describing it",
                             site.def);
        }
    }
}

} // namespace

extern const Rule commentConvention{
    "comment-convention",
    Severity::Warning,
    true,
    "A new table or column without a COMMENT ON in the same migration (require_table_comment, "
    "require_column_comment), or a comment longer than max_comment_length.",
    "Comments live in the catalog next to the schema, where psql \\d+, schema browsers and data catalogs "
    "show "
    "them: they are the cheapest documentation of what a table or column means. Add COMMENT ON TABLE / "
    "COMMENT ON COLUMN in the migration that creates it.",
    nullptr,
    finish};

} // namespace sluice::review::rules
