#include "LockingHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto alter = ctx.statement().as("AlterTableStmt");
    if (!alter || locking::isNew(ctx, alter["relation"]))
        return;
    for (const Node cmd : locking::alterCmds(alter)) {
        const auto partition = cmd["def"].as("PartitionCmd");
        if (cmd["subtype"].str() != "AT_DetachPartition" || partition["concurrent"].boolean())
            continue;
        std::string help;
        if (ctx.pgVersion() < 14)
            help = "DETACH PARTITION ... CONCURRENTLY needs PostgreSQL 14. On this version set a short "
                   "lock_timeout, retry on failure, and detach when traffic on the table is low.";
        ctx.report("DETACH PARTITION " + tree::qualifiedName(partition["name"]) +
                       " takes an ACCESS EXCLUSIVE lock on " + tree::qualifiedName(alter["relation"]) +
                       " and on the partition: every query on the partitioned table waits",
                   partition["name"], help);
    }
}

} // namespace

extern const Rule requireConcurrentPartitionDetach{
    "require-concurrent-partition-detach",
    Severity::Warning,
    false,
    "ALTER TABLE ... DETACH PARTITION without CONCURRENTLY.",
    "A plain DETACH PARTITION locks the whole partitioned table against reads and writes, and queues every "
    "query behind it while it waits. On PostgreSQL 14+ use DETACH PARTITION ... CONCURRENTLY in a migration "
    "that does not run in a transaction (not possible while the table has a DEFAULT partition); if it is "
    "interrupted, finish it with DETACH PARTITION ... FINALIZE.",
    check,
    nullptr,
    {"AlterTableStmt"}};

} // namespace sluice::review::rules
