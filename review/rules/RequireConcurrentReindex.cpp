#include "LockingHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto reindex = ctx.statement().as("ReindexStmt");
    if (!reindex)
        return;
    if (tree::optionEnabled(reindex["params"], "concurrently"))
        return;
    const auto kind = reindex["kind"].str();
    const auto relation = reindex["relation"];
    if (relation && locking::isNew(ctx, relation))
        return;
    // PostgreSQL cannot reindex system catalogs concurrently: REINDEX SYSTEM, and REINDEX of the catalog
    // schemas or a table or index in them, has no CONCURRENTLY form to suggest.
    const auto schema = relation ? relation["schemaname"].str() : reindex["name"].str();
    if (kind == "REINDEX_OBJECT_SYSTEM" ||
        (kind != "REINDEX_OBJECT_DATABASE" && (schema == "pg_catalog" || schema == "pg_toast")))
        return;
    const std::string target = kind == "REINDEX_OBJECT_INDEX"   ? "index " + tree::qualifiedName(relation)
                               : kind == "REINDEX_OBJECT_TABLE" ? "table " + tree::qualifiedName(relation)
                               : kind == "REINDEX_OBJECT_SCHEMA"
                                   ? "schema " + std::string(reindex["name"].str())
                                   : "every index of the database";
    std::string help;
    if (ctx.pgVersion() < 12)
        help =
            "REINDEX CONCURRENTLY needs PostgreSQL 12. On this version build a replacement with CREATE INDEX "
            "CONCURRENTLY, then drop the old index with DROP INDEX CONCURRENTLY.";
    ctx.report("REINDEX of " + target +
                   " without CONCURRENTLY blocks writes to the table and reads that use the index until "
                   "every index is rebuilt",
               relation, help);
}

} // namespace

extern const Rule requireConcurrentReindex{
    "require-concurrent-reindex",
    Severity::Warning,
    false,
    "REINDEX without CONCURRENTLY.",
    "A plain REINDEX holds a SHARE lock on the table (writes wait) and an ACCESS EXCLUSIVE lock on each "
    "index "
    "being rebuilt (queries that would use it wait) for the whole rebuild. Use REINDEX ... CONCURRENTLY "
    "(PostgreSQL 12+) in a migration that does not run in a transaction, or build a new index concurrently "
    "and "
    "drop the old one.",
    check,
    nullptr,
    {"ReindexStmt"}};

} // namespace sluice::review::rules
