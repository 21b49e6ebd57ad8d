#include "PerformanceNamingHelpers.h"
#include "Rule.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    for (const auto &site : pn::columnTypes(ctx)) {
        if (site.type != "bpchar")
            continue;
        const auto typmods = site.typeName["typmods"];
        const auto length = typmods.size() > 0 ? typmods.at(0).as("A_Const")["ival"]["ival"].integer() : 1;
        ctx.report("Column " + pn::relname(site.relation) + "." + site.column + " is char(" +
                       std::to_string(length) + ")" + (pn::isArray(site.typeName) ? "[]" : "") +
                       ": values are blank-padded to the full length, the padding is ignored in "
                       "some comparisons but not others, and it is no faster than text",
                   site.typeName);
    }
}

} // namespace

extern const Rule banCharField{
    "ban-char-field",
    Severity::Warning,
    false,
    "A char / character / char(n) column.",
    "char(n) pads every value with spaces to n characters, wastes space, and behaves surprisingly: trailing "
    "spaces are ignored when comparing two char values but not after a cast to text, in LIKE or in regular "
    "expressions. Use text (or varchar), with a CHECK constraint if the length must be fixed.",
    check,
    nullptr,
    {"CreateStmt", "AlterTableStmt"}};

} // namespace sluice::review::rules
