#include "DataCompatHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto alter = ctx.statement().as("AlterEnumStmt");
    if (!alter || alter["oldVal"].str().empty())
        return;
    const auto type = dc::join(tree::strings(alter["typeName"]));
    if (ctx.state().isNew(type) || ctx.state().isNew(dc::lastPart(type)))
        return;
    dc::reportWord(ctx,
                   "Renaming value '" + std::string(alter["oldVal"].str()) + "' of enum " + type + " to '" +
                       std::string(alter["newVal"].str()) +
                       "' breaks application code and queries that still use the old literal",
                   dc::lastPart(type), 0, {});
}

} // namespace

extern const Rule renamingEnumValue{
    "renaming-enum-value",
    Severity::Error,
    false,
    "ALTER TYPE ... RENAME VALUE on an existing enum.",
    "Every stored row switches to the new label at once, while running application versions, queries and "
    "functions keep sending the old literal and fail (invalid input value for enum). Add the new value with "
    "ALTER TYPE ... ADD VALUE 'new' AFTER 'old', make the application accept both, backfill the rows, and "
    "stop "
    "using the old value.",
    check,
    nullptr,
    {"AlterEnumStmt"}};

} // namespace sluice::review::rules
