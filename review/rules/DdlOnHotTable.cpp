#include "LockingHelpers.h"

namespace sluice::review::rules {
namespace {

// Why a relation counts as hot (listed, tagged, or large), or empty.
std::string hotReason(const RuleContext &ctx, const std::string &relation)
{
    for (const auto &listed : ctx.config().list("hot_tables")) {
        if (locking::sameRelation(locking::lower(listed), relation))
            return "listed in hot_tables";
    }
    const auto *facts = locking::catalogTable(ctx, relation);
    if (!facts)
        return {};
    if (facts->tags.count("hot"))
        return "tagged hot";
    const auto minBytes = ctx.config().number("hot_table_bytes", 0);
    if (minBytes > 0 && facts->totalBytes && *facts->totalBytes >= minBytes)
        return std::to_string(*facts->totalBytes / (1024 * 1024)) + " MB, above hot_table_bytes";
    const auto minRows = ctx.config().number("hot_table_rows", 0);
    if (minRows > 0 && facts->rowEstimate && *facts->rowEstimate >= minRows)
        return "about " + std::to_string(*facts->rowEstimate) + " rows, above hot_table_rows";
    return {};
}

void check(RuleContext &ctx)
{
    for (const auto &r : ctx.facts().relations) {
        if (r.isNew || r.lock < LockMode::Share || locking::isNew(ctx, r.relation))
            continue;
        const auto reason = hotReason(ctx, r.relation);
        if (reason.empty())
            continue;
        ctx.report(std::string(lockModeName(r.lock)) + " lock on the hot table " + r.relation + " (" +
                       reason + "): " + std::string(lockBlocks(r.lock)) +
                       " on it wait while this statement runs",
                   locking::findRangeVar(ctx.statement(), r.relation));
    }
}

} // namespace

extern const Rule ddlOnHotTable{
    "ddl-on-hot-table",
    Severity::Error,
    false,
    "A statement that blocks writes (SHARE lock or stronger) on a table marked hot.",
    "Hot tables (options hot_tables, the catalog tag \"hot\", or the size thresholds hot_table_bytes and "
    "hot_table_rows) serve live traffic that cannot wait even briefly. Use an online alternative that takes "
    "at most SHARE UPDATE EXCLUSIVE (CONCURRENTLY, NOT VALID + VALIDATE), or schedule the change off-peak "
    "and "
    "suppress this finding with the reason.",
    check,
    nullptr};

} // namespace sluice::review::rules
