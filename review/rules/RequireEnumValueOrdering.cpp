#include "DataCompatHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto alter = ctx.statement().as("AlterEnumStmt");
    if (!alter || !alter["oldVal"].str().empty() || !alter["newValNeighbor"].str().empty())
        return;
    const auto type = dc::join(tree::strings(alter["typeName"]));
    if (ctx.state().isNew(type) || ctx.state().isNew(dc::lastPart(type)))
        return;
    dc::reportWord(
        ctx,
        "ALTER TYPE " + type + " ADD VALUE '" + std::string(alter["newVal"].str()) +
            "' does not say where the value goes: it is appended last, which decides how it sorts and "
            "compares with < and >",
        dc::lastPart(type), 0, {});
}

} // namespace

extern const Rule requireEnumValueOrdering{
    "require-enum-value-ordering",
    Severity::Warning,
    false,
    "ALTER TYPE ... ADD VALUE without BEFORE or AFTER.",
    "Enum values sort in declaration order, and ORDER BY, range comparisons and indexes follow it. Without "
    "BEFORE or AFTER the new value goes at the end, which is right only by accident. Say where it belongs: "
    "ALTER TYPE status ADD VALUE 'paused' AFTER 'active'.",
    check,
    nullptr,
    {"AlterEnumStmt"}};

} // namespace sluice::review::rules
