#pragma once

// The relations CREATE TABLE AS and CREATE MATERIALIZED VIEW create. ScriptState::created misses them (it
// expects a wrapped IntoClause; libpg_query writes the bare body), so the rules that ask whether a relation
// is new also look here. Shared by the locking and the data-compatibility helpers: one memo, computed once
// per file.

#include "Rule.h"
#include "ScriptIndex.h"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace sluice::review::rules {

// The relation a CREATE TABLE AS / CREATE MATERIALIZED VIEW body creates: "into" is a bare IntoClause object,
// or a wrapped one.
inline Node intoRelation(Node createTableAs)
{
    const auto into = createTableAs["into"];
    return into["rel"] ? into["rel"] : into.as("IntoClause")["rel"];
}

// Those relations with the index of the statement that creates them, in file order (RuleContext::memo).
struct CreatedByQuery
{
    std::vector<std::pair<std::size_t, std::string>> relations;
    index::Buckets<std::size_t> byName; // bucketKey(relation) -> into relations

    static CreatedByQuery compute(const RuleContext &ctx)
    {
        CreatedByQuery created;
        const auto all = ctx.all();
        ctx.memo<index::StatementsByKind>().forEachBefore(
            "CreateTableAsStmt", all.size(), [&](std::size_t i) {
                const auto as = all[i].tree.as("CreateTableAsStmt");
                // CREATE TABLE ... AS IF NOT EXISTS may find the table there already, with data.
                if (as["if_not_exists"].boolean())
                    return true;
                const auto name = tree::qualifiedName(intoRelation(as));
                created.byName.at(index::bucketKey(name)).push_back(created.relations.size());
                created.relations.emplace_back(i, name);
                return true;
            });
        return created;
    }
    // Whether a relation that `same` takes for `name` was created before statement `end`.
    template <class Same>
    [[nodiscard]] bool createdBefore(const std::string &name, std::size_t end, Same &&same) const
    {
        for (const auto k : byName.find(index::bucketKey(name))) {
            const auto &[statement, relation] = relations[k];
            if (statement >= end)
                return false;
            index::visited();
            if (same(relation, name))
                return true;
        }
        return false;
    }
};

} // namespace sluice::review::rules
