#include "DataCompatHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto drop = ctx.statement().as("DropStmt");
    if (!drop || drop["removeType"].str() != "OBJECT_SEQUENCE")
        return;
    std::size_t from = 0;
    for (const Node object : drop["objects"]) {
        const auto name = dc::objectName(object);
        if (name.empty() || dc::isNew(ctx, name))
            continue;
        from = dc::reportWord(ctx,
                              "DROP SEQUENCE " + name +
                                  " loses its current value for good, and every column default or query that "
                                  "calls nextval() on it starts failing",
                              dc::lastPart(name), from, {});
    }
}

} // namespace

extern const Rule dropSequence{
    "drop-sequence",
    Severity::Warning,
    false,
    "DROP SEQUENCE on a sequence that existed before the migration.",
    "A sequence's position cannot be recovered once it is dropped: recreating it restarts numbering and can "
    "hand out ids that already exist. Defaults such as nextval('seq') break at once. Remove every default "
    "and "
    "query that uses the sequence first (check pg_depend and the application), and drop it in a later "
    "migration.",
    check,
    nullptr,
    {"DropStmt"}};

} // namespace sluice::review::rules
