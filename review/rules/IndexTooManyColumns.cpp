#include "PerformanceNamingHelpers.h"
#include "Rule.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto index = ctx.statement().as("IndexStmt");
    if (!index || index["unique"].boolean())
        return;
    const auto limit = ctx.config().number("max_index_columns", 3);
    const auto count = static_cast<long long>(index["indexParams"].size());
    if (count <= limit)
        return;
    const auto name = index["idxname"].str();
    const auto table = tree::qualifiedName(index["relation"]);
    const auto message =
        "Index " + (name.empty() ? std::string() : std::string(name) + " ") + "on " + table + " has " +
        std::to_string(count) + " key columns (more than " + std::to_string(limit) +
        "): it is large, slow to maintain on every write, and only helps queries that filter "
        "on its leading columns";
    if (name.empty())
        ctx.report(message, index["relation"]);
    else
        pn::reportName(ctx, name, index["relation"], message);
}

} // namespace

extern const Rule indexTooManyColumns{
    "index-too-many-columns",
    Severity::Info,
    false,
    "A non-unique index with more key columns than max_index_columns (default 3).",
    "Each extra key column makes the index bigger and every INSERT and UPDATE slower, while queries only use "
    "the columns they filter on from the left. Put the most selective columns first and keep only those that "
    "queries filter or sort on; move columns needed only for index-only scans to INCLUDE (...).",
    check,
    nullptr,
    {"IndexStmt"}};

} // namespace sluice::review::rules
