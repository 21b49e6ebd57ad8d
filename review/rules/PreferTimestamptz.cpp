#include "PerformanceNamingHelpers.h"
#include "Rule.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    for (const auto &site : pn::columnTypes(ctx)) {
        if (site.type != "timestamp")
            continue;
        ctx.report("Column " + pn::relname(site.relation) + "." + site.column +
                       " is timestamp without time zone: it stores wall-clock time with no zone, so the same "
                       "instant reads differently depending on the writer's TimeZone setting",
                   site.typeName);
    }
}

} // namespace

extern const Rule preferTimestamptz{
    "prefer-timestamptz",
    Severity::Warning,
    false,
    "A timestamp (without time zone) column.",
    "timestamp drops the time zone: values written by sessions with different TimeZone settings cannot be "
    "compared, and daylight-saving transitions make times ambiguous. timestamptz stores an absolute instant "
    "(in UTC) at the same 8 bytes and converts on output. Use timestamptz.",
    check,
    nullptr,
    {"CreateStmt", "AlterTableStmt"}};

} // namespace sluice::review::rules
