#include "PerformanceNamingHelpers.h"
#include "Rule.h"

namespace sluice::review::rules {
namespace {

std::string describe(const pn::IndexDef &index)
{
    return "the " + index.origin + (index.name.empty() ? std::string() : " " + index.name) + " (" +
           pn::displayKeys(index) + ")";
}

void check(RuleContext &ctx)
{
    const auto stmt = ctx.statement().as("IndexStmt");
    if (!stmt)
        return;
    const auto created = pn::indexesCreated(ctx.statement(), ctx.index(), {});
    const auto &index = created.front();
    if (index.partial || index.include || index.keys.empty())
        return;
    const bool isNew = ctx.state().isNew(stmt["relation"]);
    const auto known = pn::knownIndexes(ctx, index.table, ctx.index(), isNew);
    // An index of the same name already exists: CREATE INDEX IF NOT EXISTS does nothing (and without IF NOT
    // EXISTS the statement fails).
    if (!index.name.empty() &&
        std::any_of(known.list.begin(), known.list.end(),
                    [&](const pn::IndexDef *other) { return other->name == index.name; }))
        return;
    for (const pn::IndexDef *candidate : known.list) {
        const auto &other = *candidate;
        if (other.partial || other.method != index.method || other.keys.size() < index.keys.size())
            continue;
        bool prefix = true;
        for (std::size_t i = 0; prefix && i < index.keys.size(); ++i)
            prefix = index.keys[i] == other.keys[i] && index.details[i] == other.details[i];
        const bool equal = other.keys.size() == index.keys.size();
        // A unique index enforces something a longer index does not; other methods only match exactly.
        if (!prefix || (index.unique && !(equal && other.unique)) || (!equal && index.method != "btree"))
            continue;
        const auto name = index.name.empty() ? std::string("The new index") : "Index " + index.name;
        const auto message = name + " on " + index.table + " (" + pn::displayKeys(index) + ") " +
                             (equal ? "duplicates " : "is a prefix of ") + describe(other) +
                             (equal ? ", which already serves the same queries"
                                    : ", which already serves lookups on these leading columns") +
                             ": it only adds write cost and disk space";
        if (index.name.empty())
            ctx.report(message, stmt["relation"]);
        else
            pn::reportName(ctx, index.name, stmt["relation"], message);
        return;
    }
}

} // namespace

extern const Rule redundantIndex{
    "redundant-index",
    Severity::Info,
    false,
    "A new index whose key columns equal, or are a prefix of, another index on the same table.",
    "A B-tree index on (a, b) already serves every lookup an index on (a) would, so the second index only "
    "slows down each INSERT, UPDATE and DELETE, takes disk and cache, and adds vacuum work. Do not create "
    "it, "
    "or drop the other one if it is the one no longer needed.",
    check,
    nullptr,
    {"IndexStmt"}};

} // namespace sluice::review::rules
