#include "LockingHelpers.h"

namespace sluice::review::rules {
namespace {

bool autoIncrementing(Node def)
{
    const auto type = tree::typeName(def["typeName"]);
    return type == "serial" || type == "serial4" || type == "bigserial" || type == "serial8" ||
           type == "smallserial" || type == "serial2" || locking::columnConstraint(def, "CONSTR_IDENTITY") ||
           locking::columnConstraint(def, "CONSTR_GENERATED");
}

void check(RuleContext &ctx)
{
    const auto alter = ctx.statement().as("AlterTableStmt");
    if (!alter || locking::isNew(ctx, alter["relation"]))
        return;
    const auto table = tree::qualifiedName(alter["relation"]);
    for (const Node cmd : locking::alterCmds(alter)) {
        const auto def = cmd["def"].as("ColumnDef");
        // serial, identity and generated columns have rules of their own.
        if (cmd["subtype"].str() != "AT_AddColumn" || autoIncrementing(def))
            continue;
        const auto expr = locking::columnConstraint(def, "CONSTR_DEFAULT")["raw_expr"];
        if (!expr || expr.as("A_Const")["isnull"].boolean())
            continue;
        const auto column = table + "." + std::string(def["colname"].str());
        if (const auto part = locking::volatilePart(expr)) {
            const auto names = tree::strings(part.as("FuncCall")["funcname"]);
            std::string what = names.empty() ? "a sub-query" : "";
            for (const auto &n : names)
                what += (what.empty() ? "" : ".") + n;
            what += names.empty() ? "" : "()";
            ctx.report("Adding column " + column + " with a default that calls " + what +
                           " rewrites the whole table under an ACCESS EXCLUSIVE lock: every row gets its own "
                           "value, and reads and writes wait throughout",
                       part);
        } else if (ctx.pgVersion() < 11) {
            ctx.report("Before PostgreSQL 11, adding column " + column +
                           " with a default rewrites the whole table under an ACCESS EXCLUSIVE lock",
                       expr,
                       "On this version add the column without a default, SET DEFAULT in a second statement "
                       "(new rows only), then backfill existing rows in batches.");
        }
    }
}

} // namespace

extern const Rule addingFieldWithVolatileDefault{
    "adding-field-with-volatile-default",
    Severity::Error,
    false,
    "ADD COLUMN with a volatile default (or any default before PostgreSQL 11).",
    "Since PostgreSQL 11 a constant or stable default (0, 'x', now()) is stored once and needs no rewrite, "
    "but "
    "a volatile one (random(), gen_random_uuid(), clock_timestamp(), nextval(), user functions) is computed "
    "for "
    "every row, rewriting the table under an ACCESS EXCLUSIVE lock. Add the column without a default, ALTER "
    "COLUMN ... SET DEFAULT expr (applies to new rows, no rewrite), backfill existing rows in batches, then "
    "add "
    "NOT NULL the online way if needed.",
    check,
    nullptr,
    {"AlterTableStmt"}};

} // namespace sluice::review::rules
