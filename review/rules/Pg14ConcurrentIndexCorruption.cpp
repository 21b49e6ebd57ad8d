#include "Rule.h"

namespace sluice::review::rules {
namespace {

// The target's server_version_num: Config::serverVersionNum, the catalog's, or option server_version_num
// (Config::fromToml has no top-level key for it).
std::optional<int> serverVersion(const RuleContext &ctx)
{
    if (ctx.config().serverVersionNum)
        return ctx.config().serverVersionNum;
    if (ctx.catalog() && ctx.catalog()->serverVersionNum)
        return ctx.catalog()->serverVersionNum;
    if (const auto option = ctx.config().number("server_version_num", 0); option > 0)
        return int(option);
    return std::nullopt;
}

void check(RuleContext &ctx)
{
    const auto statement = ctx.statement();
    std::string what;
    if (const auto index = statement.as("IndexStmt"); index && index["concurrent"].boolean())
        what = "CREATE INDEX CONCURRENTLY";
    else if (const auto reindex = statement.as("ReindexStmt");
             reindex && tree::optionEnabled(reindex["params"], "concurrently"))
        what = "REINDEX CONCURRENTLY";
    const auto version = serverVersion(ctx);
    if (what.empty() || !version || *version < 140000 || *version > 140003)
        return;
    ctx.report(
        what + " on PostgreSQL 14." + std::to_string(*version % 100) +
        ": a bug fixed in 14.4 can build the index with missing entries, silently, while rows are being "
        "changed");
}

} // namespace

extern const Rule pg14ConcurrentIndexCorruption{
    "pg14-concurrent-index-corruption",
    Severity::Error,
    false,
    "CREATE INDEX CONCURRENTLY or REINDEX CONCURRENTLY on PostgreSQL 14.0 to 14.3.",
    "PostgreSQL 14.0-14.3 have a bug by which CREATE INDEX CONCURRENTLY and REINDEX CONCURRENTLY can miss "
    "rows "
    "updated during the build: the index silently returns wrong results. Upgrade the server to 14.4 or later "
    "first (then check existing indexes with amcheck and rebuild the affected ones). The server version "
    "comes "
    "from the catalog snapshot or option server_version_num (e.g. 140002).",
    check,
    nullptr};

} // namespace sluice::review::rules
