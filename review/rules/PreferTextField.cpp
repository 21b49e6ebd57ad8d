#include "PerformanceNamingHelpers.h"
#include "Rule.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    for (const auto &site : pn::columnTypes(ctx)) {
        if (site.type != "varchar" || site.typeName["typmods"].size() == 0)
            continue;
        const auto length = site.typeName["typmods"].at(0).as("A_Const")["ival"]["ival"].integer();
        ctx.report("Column " + pn::relname(site.relation) + "." + site.column + " is varchar(" +
                       std::to_string(length) +
                       "): changing that limit later takes an ACCESS EXCLUSIVE lock on the table (and "
                       "shortening it rewrites it)",
                   site.typeName);
    }
}

} // namespace

extern const Rule preferTextField{
    "prefer-text-field",
    Severity::Info,
    false,
    "A varchar(n) column: a length limit that is costly to change later.",
    "In PostgreSQL varchar(n) is stored exactly like text; the limit is only a check, but changing it is an "
    "ALTER COLUMN TYPE that locks the table (and rewrites it when shortened). Use text, with "
    "CHECK (length(col) <= n) when a limit matters: a check constraint can be replaced online "
    "(ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT).",
    check,
    nullptr,
    {"CreateStmt", "AlterTableStmt"}};

} // namespace sluice::review::rules
