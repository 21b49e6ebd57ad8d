#include "PerformanceNamingHelpers.h"
#include "Rule.h"

#include <map>

namespace sluice::review::rules {
namespace {

// Walks the file in order, counting the indexes of each table (the catalog's, then those built and dropped),
// and reports each index that takes its table over the limit.
void finish(FileContext &ctx)
{
    const auto limit = ctx.config().number("max_indexes_per_table", 10);
    std::map<std::string, std::vector<std::string>> tables; // table -> index names ("" when unnamed)
    auto indexesOf = [&](const std::string &table, bool isNew) -> std::vector<std::string> & {
        const auto key = pn::tableKey(table);
        auto it = tables.find(key);
        if (it == tables.end()) {
            it = tables.emplace(key, std::vector<std::string>{}).first;
            if (!isNew) {
                for (const auto &index : pn::catalogIndexes(ctx.catalog(), table))
                    it->second.push_back(index.name);
            }
        }
        return it->second;
    };
    const auto all = ctx.all();
    for (std::size_t i = 0; i < all.size(); ++i) {
        const Node statement = all[i].tree;
        if (!statement)
            continue;
        for (const auto &dropped : pn::indexesDropped(statement)) {
            for (auto &[table, names] : tables)
                std::erase(names, dropped);
        }
        for (const auto &dropped : pn::tablesDropped(statement))
            tables[pn::tableKey(dropped)].clear();
        if (const auto create = statement.as("CreateStmt"))
            tables[pn::tableKey(tree::qualifiedName(create["relation"]))].clear();
        for (const auto &index :
             pn::indexesCreated(statement, i, ctx.memo<pn::StatementSites>().constraints(i))) {
            auto &names = indexesOf(index.table, all[i].stateBefore.isNew(index.table));
            names.push_back(index.name);
            if (static_cast<long long>(names.size()) <= limit)
                continue;
            ctx.reportAt(i,
                         "With this index table " + index.table + " has " + std::to_string(names.size()) +
                             " indexes, more than the " + std::to_string(limit) +
                             " allowed: every INSERT and most UPDATEs must maintain all of them",
                         index.at);
        }
    }
}

} // namespace

extern const Rule indexCountLimit{
    "index-count-limit",
    Severity::Warning,
    true,
    "A table ends up with more indexes than max_indexes_per_table (default 10).",
    "Every index is written on each INSERT, on UPDATEs that touch its columns (or defeat HOT updates), and "
    "vacuumed; many indexes slow writes, bloat the cache and lengthen vacuum. Check pg_stat_user_indexes for "
    "unused or overlapping indexes and drop them before adding another.",
    nullptr,
    finish};

} // namespace sluice::review::rules
