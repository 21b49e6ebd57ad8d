#include "LockingHelpers.h"

namespace sluice::review::rules {
namespace {

// Whether the table is partitioned and has data to index: partitioned in the catalog, or created partitioned
// in this file with an existing table attached to it since.
bool partitionedWithData(const RuleContext &ctx, const std::string &table, bool isNew)
{
    if (!isNew) {
        const auto *facts = locking::catalogTable(ctx, table);
        return facts && facts->partitioned;
    }
    bool partitioned = false;
    bool attachedExisting = false;
    const auto all = ctx.all();
    ctx.memo<index::StatementsByKind>().forEachBefore("CreateStmt", ctx.index(), [&](std::size_t i) {
        if (const auto create = all[i].tree.as("CreateStmt");
            locking::sameRelation(tree::qualifiedName(create["relation"]), table))
            partitioned = create["partspec"].valid();
        return true;
    });
    locking::forEachEarlierCmd(ctx, table, 0, [&](std::size_t i, Node cmd) {
        const auto partition = cmd["def"].as("PartitionCmd")["name"];
        attachedExisting |=
            cmd["subtype"].str() == "AT_AttachPartition" && !all[i].stateBefore.isNew(partition);
    });
    return partitioned && attachedExisting;
}

void check(RuleContext &ctx)
{
    const auto index = ctx.statement().as("IndexStmt");
    if (!index)
        return;
    const auto relation = index["relation"];
    const auto table = tree::qualifiedName(relation);
    if (!partitionedWithData(ctx, table, locking::isNew(ctx, relation)))
        return;
    if (index["concurrent"].boolean()) {
        ctx.report("PostgreSQL refuses CREATE INDEX CONCURRENTLY on the partitioned table " + table +
                       ": the migration fails here",
                   relation);
    } else if (relation["inh"].boolean()) {
        ctx.report(
            "CREATE INDEX on the partitioned table " + table +
                " builds the index on every partition, holding a SHARE lock on each (writes wait) until "
                "the last one is done",
            relation);
    }
}

} // namespace

extern const Rule indexOnPartitionedTable{
    "index-on-partitioned-table",
    Severity::Warning,
    false,
    "CREATE INDEX on a partitioned table without ONLY.",
    "An index on a partitioned table is built on every partition in one statement, with writes to all of "
    "them blocked until the end, and CONCURRENTLY is not allowed there. Instead: CREATE INDEX name ON ONLY "
    "parent (...) (an invalid, empty shell); CREATE INDEX CONCURRENTLY on each partition; then ALTER INDEX "
    "name ATTACH PARTITION partition_index for each one. The parent index becomes valid when all are "
    "attached.",
    check,
    nullptr,
    {"IndexStmt"}};

} // namespace sluice::review::rules
