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
    // The indexes known on the table before this statement: the catalog's (unless the table is new) and
    // those the file built, less those it dropped.
    const auto &lifetimes = ctx.memo<pn::IndexLifetimes>();
    const auto key = pn::tableKey(index.table);
    std::vector<pn::IndexDef> catalog;
    if (!isNew) {
        for (auto &c : pn::catalogIndexes(ctx.catalog(), index.table)) {
            if (lifetimes.catalogAlive(key, c, ctx.index()))
                catalog.push_back(std::move(c));
        }
    }
    // An index of the same name already exists: CREATE INDEX IF NOT EXISTS does nothing (and without IF NOT
    // EXISTS the statement fails).
    if (!index.name.empty()) {
        bool exists = std::any_of(catalog.begin(), catalog.end(),
                                  [&](const pn::IndexDef &other) { return other.name == index.name; });
        lifetimes.forEachAlive(lifetimes.byName, key + '\0' + index.name, ctx.index(),
                               [&](const pn::IndexDef &) {
                                   exists = true;
                                   return false;
                               });
        if (exists)
            return;
    }
    auto covers = [&](const pn::IndexDef &other) {
        if (other.partial || other.method != index.method || other.keys.size() < index.keys.size())
            return false;
        bool prefix = true;
        for (std::size_t i = 0; prefix && i < index.keys.size(); ++i)
            prefix = index.keys[i] == other.keys[i] && index.details[i] == other.details[i];
        const bool equal = other.keys.size() == index.keys.size();
        // A unique index enforces something a longer index does not; other methods only match exactly.
        return prefix && !(index.unique && !(equal && other.unique)) && (equal || index.method == "btree");
    };
    // The first one, in the order they became known (the catalog's first): only indexes with the same first
    // key can cover this one.
    const pn::IndexDef *found = nullptr;
    for (const auto &other : catalog) {
        if (!found && covers(other))
            found = &other;
    }
    if (!found)
        lifetimes.forEachAlive(lifetimes.byFirstKey, key + '\0' + index.keys.front(), ctx.index(),
                               [&](const pn::IndexDef &other) {
                                   found = covers(other) ? &other : nullptr;
                                   return !found;
                               });
    if (!found)
        return;
    const bool equal = found->keys.size() == index.keys.size();
    const auto name = index.name.empty() ? std::string("The new index") : "Index " + index.name;
    const auto message = name + " on " + index.table + " (" + pn::displayKeys(index) + ") " +
                         (equal ? "duplicates " : "is a prefix of ") + describe(*found) +
                         (equal ? ", which already serves the same queries"
                                : ", which already serves lookups on these leading columns") +
                         ": it only adds write cost and disk space";
    if (index.name.empty())
        ctx.report(message, stmt["relation"]);
    else
        pn::reportName(ctx, index.name, stmt["relation"], message);
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
