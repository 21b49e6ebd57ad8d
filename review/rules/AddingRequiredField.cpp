#include "DataCompatHelpers.h"

namespace sluice::review::rules {
namespace {

bool serialType(const std::string &type)
{
    return type == "serial" || type == "serial4" || type == "bigserial" || type == "serial8" ||
           type == "smallserial" || type == "serial2";
}

void check(RuleContext &ctx)
{
    const auto alter = dc::alterTable(ctx.statement());
    if (!alter || dc::isNew(ctx, alter["relation"]))
        return;
    const auto table = tree::qualifiedName(alter["relation"]);
    for (const Node cmd : alter["cmds"]) {
        if (dc::subtype(cmd) != "AT_AddColumn")
            continue;
        const auto column = cmd.as("AlterTableCmd")["def"].as("ColumnDef");
        if (!column || serialType(tree::typeName(column["typeName"])))
            continue;
        bool required = false, filled = false, primary = false;
        for (const Node constraint : column["constraints"]) {
            const auto type = constraint.as("Constraint")["contype"].str();
            required = required || type == "CONSTR_NOTNULL" || type == "CONSTR_PRIMARY";
            primary = primary || type == "CONSTR_PRIMARY";
            filled =
                filled || type == "CONSTR_DEFAULT" || type == "CONSTR_IDENTITY" || type == "CONSTR_GENERATED";
        }
        if (!required || filled)
            continue;
        ctx.report("Column " + std::string(column["colname"].str()) + " is added to " + table +
                       (primary ? " as a primary key (NOT NULL)" : " as NOT NULL") +
                       " without a default: the ALTER fails as soon as the table has a row, and "
                       "INSERTs from application versions that do not know the column fail too",
                   cmd.as("AlterTableCmd")["def"]);
    }
}

} // namespace

extern const Rule addingRequiredField{
    "adding-required-field",
    Severity::Error,
    false,
    "ADD COLUMN ... NOT NULL (or PRIMARY KEY) without a default on an existing table.",
    "Existing rows would get NULL in the new column, so PostgreSQL refuses the ALTER on any non-empty table "
    "(\"contains null values\"); and once added, INSERTs that do not name the column fail. Add the column "
    "nullable, or with a non-volatile DEFAULT (no table rewrite on PostgreSQL 11+), backfill it, then add "
    "NOT "
    "NULL with a validated CHECK (col IS NOT NULL) NOT VALID constraint and SET NOT NULL.",
    check,
    nullptr,
    {"AlterTableStmt"}};

} // namespace sluice::review::rules
