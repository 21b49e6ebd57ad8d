#include "LockingHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto alter = ctx.statement().as("AlterTableStmt");
    if (!alter || locking::isNew(ctx, alter["relation"]))
        return;
    const auto table = tree::qualifiedName(alter["relation"]);
    const auto cmds = locking::alterCmds(alter);
    for (std::size_t k = 0; k < cmds.size(); ++k) {
        if (cmds[k]["subtype"].str() != "AT_SetNotNull")
            continue;
        const std::string column(cmds[k]["name"].str());
        // Already NOT NULL: nothing to check.
        if (const auto *facts = locking::catalogTable(ctx, table)) {
            if (const auto *c = facts->column(column); c && c->notNull)
                continue;
        }
        // PostgreSQL 12+ skips the scan when a validated CHECK (column IS NOT NULL) exists.
        if (ctx.pgVersion() >= 12 && locking::hasValidatedNotNullCheck(ctx, table, column, k))
            continue;
        std::string help;
        if (ctx.pgVersion() < 12)
            help =
                "Before PostgreSQL 12, SET NOT NULL always scans the table, even with a validated CHECK (" +
                column +
                " IS NOT NULL). Keep the validated CHECK constraint instead of SET NOT NULL, or "
                "run it in a maintenance window with a short lock_timeout.";
        locking::reportAtIdentifier(ctx,
                                    "SET NOT NULL on " + table + "." + column +
                                        " scans every row while holding an ACCESS EXCLUSIVE lock: reads and "
                                        "writes wait for the whole scan, and it fails if a NULL is found",
                                    column, alter["relation"], help);
    }
}

} // namespace

extern const Rule addingNotNullableField{
    "adding-not-nullable-field",
    Severity::Error,
    false,
    "ALTER COLUMN ... SET NOT NULL on an existing table without a validated IS NOT NULL check.",
    "SET NOT NULL checks every row under an ACCESS EXCLUSIVE lock. On PostgreSQL 12+ do it in steps: ADD "
    "CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID; backfill any NULLs; VALIDATE CONSTRAINT c in a later "
    "transaction (reads and writes continue); then SET NOT NULL, which uses the validated check instead of "
    "scanning; finally DROP CONSTRAINT c.",
    check,
    nullptr,
    {"AlterTableStmt"}};

} // namespace sluice::review::rules
