#include "PerformanceNamingHelpers.h"
#include "Rule.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    for (const auto &site : pn::columnDefs(ctx)) {
        const auto typeName = site.def["typeName"];
        const auto &type = site.type;
        if (type != "int2" && type != "smallserial")
            continue;
        if (pn::isArray(typeName)) {
            // Each element overflows on its own; an array of small codes is often bounded by design, so this
            // is advice, not a warning.
            ctx.report("Column " + pn::relname(site.relation) + "." + std::string(site.def["colname"].str()) +
                           " is an array of smallint (each element at most 32,767): if its values can "
                           "outgrow that, changing it to bigint[] later rewrites the table under an ACCESS "
                           "EXCLUSIVE lock",
                       typeName, {}, Severity::Info);
            continue;
        }
        ctx.report("Column " + pn::relname(site.relation) + "." + std::string(site.def["colname"].str()) +
                       " is " + (type == "int2" ? "smallint" : "smallserial") +
                       " (at most 32,767): it overflows quickly, and widening it later rewrites the table "
                       "under an ACCESS EXCLUSIVE lock",
                   typeName);
    }
}

} // namespace

extern const Rule preferBigintOverSmallint{
    "prefer-bigint-over-smallint",
    Severity::Warning,
    false,
    "A new column of type smallint (int2, smallserial), or an array of smallint.",
    "smallint holds at most 32,767, which counters and ids reach quickly; widening the column later rewrites "
    "the table and its indexes under an ACCESS EXCLUSIVE lock. Alignment padding usually eats the 2 bytes "
    "saved anyway: use bigint (or integer when the range is truly bounded).",
    check,
    nullptr,
    {"CreateStmt", "AlterTableStmt"}};

} // namespace sluice::review::rules
