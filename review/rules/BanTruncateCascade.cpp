#include "DataCompatHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto truncate = ctx.statement().as("TruncateStmt");
    if (!truncate || truncate["behavior"].str() != "DROP_CASCADE")
        return;
    std::string names;
    for (const Node relation : truncate["relations"]) {
        if (!dc::isNew(ctx, relation))
            names += (names.empty() ? "" : ", ") + tree::qualifiedName(relation);
    }
    if (names.empty())
        return;
    dc::reportWord(ctx,
                   "TRUNCATE ... CASCADE empties " + names +
                       " and also every table that references them through a foreign key, recursively",
                   "cascade", 0, truncate["relations"].at(0));
}

} // namespace

extern const Rule banTruncateCascade{
    "ban-truncate-cascade",
    Severity::Error,
    false,
    "TRUNCATE ... CASCADE.",
    "CASCADE also truncates every table with a foreign key to the listed tables, and the tables referencing "
    "those, so a single statement can wipe out much of the database. Name every table to truncate "
    "explicitly, "
    "without CASCADE; TRUNCATE then refuses to run if another table still references them.",
    check,
    nullptr,
    {"TruncateStmt"}};

} // namespace sluice::review::rules
