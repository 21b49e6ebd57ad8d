#pragma once

// Facts about the whole script that rules look back for, each computed once per file in one pass
// (RuleContext::memo) and read in O(1) or O(log n): line starts, the transaction each statement runs in, the
// timeouts set, the ALTER TABLE commands on each relation and column, the backfills, the statements of each
// kind. A rule that asked "did an earlier statement ..." by rescanning the earlier statements made the review
// quadratic in the length of the script.
//
// Names: "t", "public.t" (and "public.public.t") share one bucket key. Each comparison helper
// (dc::sameName, locking::sameRelation, sectx::sameRelation) counts two names equal only when they share it,
// so a look-up opens one bucket and applies its own comparison to what is in it: the three keep their
// semantics. Every entry a look-up visits counts in review::lookups.

#include "LineIndex.h"
#include "Rule.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace sluice::review::rules::index {

inline std::string_view bucketKey(std::string_view name)
{
    constexpr std::string_view pub = "public.";
    while (name.substr(0, pub.size()) == pub)
        name.remove_prefix(pub.size());
    return name;
}

// One bucket per key; values in file order.
template <class T> class Buckets
{
public:
    std::vector<T> &at(std::string_view key)
    {
        const auto it = m_map.find(key);
        return it != m_map.end() ? it->second : m_map[std::string(key)];
    }
    [[nodiscard]] const std::vector<T> &find(std::string_view key) const
    {
        static const std::vector<T> none;
        const auto it = m_map.find(key);
        return it == m_map.end() ? none : it->second;
    }

private:
    struct Hash
    {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
    };
    std::unordered_map<std::string, std::vector<T>, Hash, std::equal_to<>> m_map;
};

// The key of a relation's column.
inline std::string columnKey(std::string_view relation, std::string_view column)
{
    std::string key(bucketKey(relation));
    key += '\0';
    key.append(column);
    return key;
}

inline void visited()
{
    ++lookups;
}

// Where each line starts, for the line number of an offset by binary search.
struct LineStarts
{
    LineIndex lines;

    static LineStarts compute(const RuleContext &ctx) { return {LineIndex(ctx.sql())}; }
    // 1-based.
    [[nodiscard]] int lineOf(std::size_t offset) const { return lines.line(offset); }
};

// For each statement, the last statement at or before it that ran outside a transaction block.
struct TransactionRuns
{
    static constexpr std::size_t kNone = std::size_t(-1);
    std::vector<std::size_t> lastOutside;

    static TransactionRuns compute(const RuleContext &ctx)
    {
        TransactionRuns out;
        const auto all = ctx.all();
        out.lastOutside.resize(all.size());
        std::size_t last = kNone;
        for (std::size_t k = 0; k < all.size(); ++k) {
            if (!all[k].stateBefore.inTransaction)
                last = k;
            out.lastOutside[k] = last;
        }
        return out;
    }
    // Whether statement j runs in the same transaction as statement i (i < j): i ran inside a transaction
    // and every statement after it, up to j, still did.
    [[nodiscard]] bool same(std::span<const StatementView> all, std::size_t i, std::size_t j) const
    {
        if (i >= j || j >= all.size() || !all[i].stateBefore.inTransaction)
            return false;
        return lastOutside[j] == kNone || lastOutside[j] <= i;
    }
};

// The ALTER TABLE commands of the file (AlterTableCmd bodies), in file order, with an index by relation and
// by relation and column.
struct AlterCommands
{
    struct Cmd
    {
        std::size_t statement = 0;
        std::size_t position = 0; // among the statement's AlterTableCmds
        Node cmd;                 // the AlterTableCmd body
        std::string relation;     // tree::qualifiedName of the statement's relation
        std::string_view subtype;
        std::string_view column; // ColumnDef.colname of ADD COLUMN, else the command's name
        bool onTable = false;    // the statement is on a table or foreign table (dc::alterTable)
    };
    std::vector<Cmd> cmds;
    Buckets<std::uint32_t> byRelation; // bucketKey(relation)
    Buckets<std::uint32_t> byColumn;   // columnKey(relation, column)

    static AlterCommands compute(const RuleContext &ctx)
    {
        AlterCommands out;
        const auto all = ctx.all();
        for (std::size_t i = 0; i < all.size(); ++i) {
            const auto alter = all[i].tree.as("AlterTableStmt");
            if (!alter)
                continue;
            const auto objtype = alter["objtype"].str();
            const bool onTable = objtype == "OBJECT_TABLE" || objtype == "OBJECT_FOREIGN_TABLE";
            const auto relation = tree::qualifiedName(alter["relation"]);
            std::size_t position = 0;
            for (const Node c : alter["cmds"]) {
                const auto cmd = c.as("AlterTableCmd");
                if (!cmd)
                    continue;
                Cmd entry{i, position++, cmd, relation, cmd["subtype"].str(), {}, onTable};
                entry.column = entry.subtype == "AT_AddColumn" ? cmd["def"].as("ColumnDef")["colname"].str()
                                                               : cmd["name"].str();
                const auto at = std::uint32_t(out.cmds.size());
                out.byRelation.at(bucketKey(relation)).push_back(at);
                if (!entry.column.empty())
                    out.byColumn.at(columnKey(relation, entry.column)).push_back(at);
                out.cmds.push_back(std::move(entry));
            }
        }
        return out;
    }

    // Whether a command comes before command `cmdsBefore` of statement `statement`.
    [[nodiscard]] static bool before(const Cmd &c, std::size_t statement, std::size_t cmdsBefore)
    {
        return c.statement < statement || (c.statement == statement && c.position < cmdsBefore);
    }

    // The last command on `relation`'s column before (statement, cmdsBefore) that `accept` takes, visiting
    // the column's commands from the latest back; nullptr if none.
    template <class F>
    [[nodiscard]] const Cmd *lastBefore(std::string_view relation, std::string_view column,
                                        std::size_t statement, std::size_t cmdsBefore, F &&accept) const
    {
        const auto &list = byColumn.find(columnKey(relation, column));
        auto end = std::partition_point(list.begin(), list.end(), [&](std::uint32_t k) {
            return before(cmds[k], statement, cmdsBefore);
        });
        while (end != list.begin()) {
            const auto &c = cmds[*--end];
            visited();
            if (accept(c))
                return &c;
        }
        return nullptr;
    }

    // The first command on `relation`'s column before (statement, cmdsBefore) that `accept` takes.
    template <class F>
    [[nodiscard]] const Cmd *firstBefore(std::string_view relation, std::string_view column,
                                         std::size_t statement, std::size_t cmdsBefore, F &&accept) const
    {
        for (const auto k : byColumn.find(columnKey(relation, column))) {
            const auto &c = cmds[k];
            if (!before(c, statement, cmdsBefore))
                break;
            visited();
            if (accept(c))
                return &c;
        }
        return nullptr;
    }
};

// Statements that copy data into a table (for column-replaced-without-backfill): UPDATE ... SET column, by
// relation and column; INSERT ... SELECT, by every relation it writes or reads.
struct Backfills
{
    struct Entry
    {
        std::size_t statement;
        std::string relation;
    };
    Buckets<Entry> updates;       // columnKey(updated relation, SET column)
    Buckets<Entry> insertSelects; // bucketKey(relation)

    static Backfills compute(const RuleContext &ctx)
    {
        Backfills out;
        const auto all = ctx.all();
        for (std::size_t i = 0; i < all.size(); ++i) {
            if (const auto update = all[i].tree.as("UpdateStmt")) {
                const auto relation = tree::qualifiedName(update["relation"]);
                for (const Node target : update["targetList"]) {
                    const auto column = target.as("ResTarget")["name"].str();
                    auto &list = out.updates.at(columnKey(relation, column));
                    if (list.empty() || list.back().statement != i)
                        list.push_back({i, relation});
                }
                continue;
            }
            const auto insert = all[i].tree.as("InsertStmt");
            if (!insert || !insert["selectStmt"] || insert["selectStmt"].as("SelectStmt")["valuesLists"])
                continue;
            auto add = [&](std::string relation) {
                auto &list = out.insertSelects.at(bucketKey(relation));
                if (list.empty() || list.back().statement != i || list.back().relation != relation)
                    list.push_back({i, std::move(relation)});
            };
            add(tree::qualifiedName(insert["relation"]));
            insert["selectStmt"].walk([&](Node n) {
                if (const auto rv = n.as("RangeVar"))
                    add(tree::qualifiedName(rv));
            });
        }
        return out;
    }

    // Whether an entry of `list` lies in (after, before) and names the relation (per `same`).
    template <class Same>
    [[nodiscard]] static bool anyBetween(const std::vector<Entry> &list, std::size_t after,
                                         std::size_t before, Same &&same)
    {
        auto it = std::partition_point(list.begin(), list.end(),
                                       [&](const Entry &e) { return e.statement <= after; });
        for (; it != list.end() && it->statement < before; ++it) {
            visited();
            if (same(it->relation))
                return true;
        }
        return false;
    }
};

// The statements of each parse-tree kind ("CreateStmt", "DropStmt"...), in file order.
struct StatementsByKind
{
    Buckets<std::size_t> byKind;

    static StatementsByKind compute(const RuleContext &ctx)
    {
        StatementsByKind out;
        const auto all = ctx.all();
        for (std::size_t i = 0; i < all.size(); ++i) {
            if (all[i].tree)
                out.byKind.at(all[i].tree.kind()).push_back(i);
        }
        return out;
    }
    // Calls visit(index) for each statement of the kind before `end`, in file order, until visit returns
    // false.
    template <class F> void forEachBefore(std::string_view kind, std::size_t end, F &&visit) const
    {
        for (const auto i : byKind.find(kind)) {
            if (i >= end)
                return;
            visited();
            if (!visit(i))
                return;
        }
    }
    // The same for the statements of the kind after `after`.
    template <class F> void forEachAfter(std::string_view kind, std::size_t after, F &&visit) const
    {
        const auto &list = byKind.find(kind);
        for (auto it = std::upper_bound(list.begin(), list.end(), after); it != list.end(); ++it) {
            visited();
            if (!visit(*it))
                return;
        }
    }
};

// For each relation (bucketKey), the statements whose facts touch it or that ALTER it, in file order; and the
// statements that end a run of ALTERs (transaction control, or a statement that does not parse).
struct RelationTouches
{
    Buckets<std::size_t> byRelation;
    std::vector<std::size_t> barriers;

    static RelationTouches compute(const RuleContext &ctx)
    {
        RelationTouches out;
        const auto all = ctx.all();
        for (std::size_t i = 0; i < all.size(); ++i) {
            if (!all[i].tree || all[i].tree.is("TransactionStmt")) {
                out.barriers.push_back(i);
                continue;
            }
            auto add = [&](std::string_view relation) {
                auto &list = out.byRelation.at(bucketKey(relation));
                if (list.empty() || list.back() != i)
                    list.push_back(i);
            };
            for (const auto &r : all[i].facts.relations)
                add(r.relation);
            if (const auto alter = all[i].tree.as("AlterTableStmt"))
                add(tree::qualifiedName(alter["relation"]));
        }
        return out;
    }
};

} // namespace sluice::review::rules::index
