#include "LockingHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto refresh = ctx.statement().as("RefreshMatViewStmt");
    // WITH NO DATA empties the view without running its query, and cannot be CONCURRENTLY.
    if (!refresh || refresh["concurrent"].boolean() || refresh["skipData"].boolean() ||
        locking::isNew(ctx, refresh["relation"]))
        return;
    ctx.report("REFRESH MATERIALIZED VIEW " + tree::qualifiedName(refresh["relation"]) +
                   " without CONCURRENTLY locks the view against reads for as long as its query runs",
               refresh["relation"]);
}

} // namespace

extern const Rule requireConcurrentRefreshMatview{
    "require-concurrent-refresh-matview",
    Severity::Warning,
    false,
    "REFRESH MATERIALIZED VIEW on an existing view without CONCURRENTLY.",
    "A plain refresh holds an ACCESS EXCLUSIVE lock on the materialized view while its whole query runs: "
    "every "
    "SELECT from the view waits. Use REFRESH MATERIALIZED VIEW CONCURRENTLY, which lets reads continue; it "
    "needs a unique index (without WHERE) covering every row of the view, so create that first.",
    check,
    nullptr};

} // namespace sluice::review::rules
