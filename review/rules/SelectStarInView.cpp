#include "DataCompatHelpers.h"

namespace sluice::review::rules {
namespace {

// The first `*` or `t.*` in the view's output, including FROM sub-selects and set operations but not the
// sub-queries of EXISTS or IN, whose columns are not part of the view.
Node findStar(Node node)
{
    if (!node.valid() || node.is("SubLink"))
        return {};
    if (const auto ref = node.as("ColumnRef")) {
        for (const Node field : ref["fields"]) {
            if (field.is("A_Star"))
                return node;
        }
        return {};
    }
    for (const Node child : node) {
        if (const auto found = findStar(child))
            return found;
    }
    return {};
}

void check(RuleContext &ctx)
{
    const auto statement = ctx.statement();
    Node query, relation;
    std::string what;
    if (const auto view = statement.as("ViewStmt")) {
        query = view["query"];
        relation = view["view"];
        what = "View ";
    } else if (const auto as = statement.as("CreateTableAsStmt");
               as && as["objtype"].str() == "OBJECT_MATVIEW") {
        query = as["query"];
        relation = intoRelation(as);
        what = "Materialized view ";
    }
    // A * in the tree comes from a * in the text: most views have none, and the walk is the expensive part.
    if (!query || ctx.text().find('*') == std::string_view::npos)
        return;
    const auto star = findStar(query);
    if (!star)
        return;
    std::string message =
        what + tree::qualifiedName(relation) +
        " selects *: the column list is fixed when it is created, so columns added later are "
        "missing and the columns it expanded to can no longer be dropped or changed";
    // Underline the whole "*" or "alias.*".
    const auto begin = std::size_t(std::max(star.location(), 0));
    const auto asterisk = ctx.sql().find('*', begin);
    if (star.location() >= 0 && asterisk != std::string_view::npos &&
        asterisk < ctx.all()[ctx.index()].range.end)
        ctx.reportRange(std::move(message), {begin, asterisk + 1});
    else
        ctx.report(std::move(message), star);
}

} // namespace

extern const Rule selectStarInView{
    "select-star-in-view",
    Severity::Warning,
    false,
    "CREATE VIEW or CREATE MATERIALIZED VIEW with SELECT *.",
    "PostgreSQL expands * when the view is created and stores that column list: later columns of the table "
    "do not appear, and every expanded column now depends on the view, so dropping or retyping it fails or "
    "needs CASCADE. List the columns the view needs.",
    check,
    nullptr,
    {"ViewStmt", "CreateTableAsStmt"}};

} // namespace sluice::review::rules
