#pragma once

// The relations CREATE TABLE AS and CREATE MATERIALIZED VIEW create. ScriptState::created misses them (it
// expects a wrapped IntoClause; libpg_query writes the bare body), so the rules that ask whether a relation
// is new also look here. Shared by the locking and the data-compatibility helpers: one memo, computed once
// per file.

#include "Rule.h"

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

    static CreatedByQuery compute(const RuleContext &ctx)
    {
        CreatedByQuery created;
        const auto all = ctx.all();
        for (std::size_t i = 0; i < all.size(); ++i) {
            // CREATE TABLE ... AS IF NOT EXISTS may find the table there already, with data.
            if (const auto as = all[i].tree.as("CreateTableAsStmt"); as && !as["if_not_exists"].boolean())
                created.relations.emplace_back(i, tree::qualifiedName(intoRelation(as)));
        }
        return created;
    }
};

} // namespace sluice::review::rules
