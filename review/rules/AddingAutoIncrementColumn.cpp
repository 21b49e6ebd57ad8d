#include "LockingHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto alter = ctx.statement().as("AlterTableStmt");
    if (!alter || locking::isNew(ctx, alter["relation"]))
        return;
    for (const Node cmd : locking::alterCmds(alter)) {
        const auto def = cmd["def"].as("ColumnDef");
        if (cmd["subtype"].str() != "AT_AddColumn")
            continue;
        const auto column = tree::qualifiedName(alter["relation"]) + "." + std::string(def["colname"].str());
        const auto type = tree::typeName(def["typeName"]);
        if (const auto identity = locking::columnConstraint(def, "CONSTR_IDENTITY")) {
            ctx.report(
                "Adding the identity column " + column +
                    " draws a sequence value for every existing row, rewriting the table under an ACCESS "
                    "EXCLUSIVE lock",
                identity);
        } else if (type == "serial" || type == "serial4" || type == "bigserial" || type == "serial8" ||
                   type == "smallserial" || type == "serial2") {
            ctx.report(
                "Adding the " + type + " column " + column +
                    " draws a sequence value for every existing row, rewriting the table under an ACCESS "
                    "EXCLUSIVE lock",
                def["typeName"]);
        }
    }
}

} // namespace

extern const Rule addingAutoIncrementColumn{
    "adding-auto-increment-column",
    Severity::Error,
    false,
    "ADD COLUMN of type serial/bigserial or GENERATED ... AS IDENTITY on an existing table.",
    "serial and identity columns take their default from nextval(), which is volatile, so every existing row "
    "is rewritten under an ACCESS EXCLUSIVE lock. Add a nullable bigint column, create a sequence and ALTER "
    "COLUMN ... SET DEFAULT nextval('seq') (new rows only), backfill existing rows in batches, then add NOT "
    "NULL the online way; ALTER COLUMN ... ADD GENERATED ... AS IDENTITY on the filled NOT NULL column does "
    "not rewrite.",
    check,
    nullptr,
    {"AlterTableStmt"}};

} // namespace sluice::review::rules
