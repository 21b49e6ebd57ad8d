#include "PerformanceNamingHelpers.h"
#include "Rule.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto create = ctx.statement().as("CreateEnumStmt");
    if (!create)
        return;
    const auto names = tree::strings(create["typeName"]);
    if (names.empty())
        return;
    pn::reportName(ctx, names.back(), {},
                   "Enum type " + pn::join(names, ".") +
                       " is created: values can be added later, but removing or reordering one means "
                       "rebuilding the type and rewriting every column that uses it");
}

} // namespace

extern const Rule enumTypeCreated{"enum-type-created",
                                  Severity::Info,
                                  false,
                                  "CREATE TYPE ... AS ENUM.",
                                  "Enum values can be added (ALTER TYPE ... ADD VALUE) but not removed, and "
                                  "dropping or reordering one means "
                                  "creating a new type and rewriting every column that uses it under an "
                                  "ACCESS EXCLUSIVE lock. When the set "
                                  "of values may change, prefer a lookup table with a foreign key, or a text "
                                  "column with a CHECK constraint "
                                  "that can be replaced online (NOT VALID, then VALIDATE).",
                                  check,
                                  nullptr,
                                  {"CreateEnumStmt"}};

} // namespace sluice::review::rules
