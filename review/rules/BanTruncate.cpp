#include "DataCompatHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto truncate = ctx.statement().as("TruncateStmt");
    if (!truncate)
        return;
    Node first;
    std::string names;
    for (const Node relation : truncate["relations"]) {
        if (dc::isNew(ctx, relation))
            continue;
        if (!first)
            first = relation;
        const auto name = tree::qualifiedName(relation);
        names += (names.empty() ? "" : ", ") + name + dc::tagNote(ctx, name);
    }
    if (!first)
        return;
    ctx.report(
        "TRUNCATE deletes every row of " + names +
            " under an ACCESS EXCLUSIVE lock, and concurrent transactions with older snapshots see the "
            "table empty",
        first);
}

} // namespace

extern const Rule banTruncate{
    "ban-truncate",
    Severity::Warning,
    false,
    "TRUNCATE of a table that existed before the migration.",
    "TRUNCATE deletes all rows at once, blocks reads and writes while it waits for and holds its lock, and "
    "is "
    "not MVCC-safe: a concurrent transaction that started earlier sees the table as empty. Delete in batches "
    "with DELETE ... WHERE, or keep TRUNCATE for staging tables the application does not use.",
    check,
    nullptr,
    {"TruncateStmt"}};

} // namespace sluice::review::rules
