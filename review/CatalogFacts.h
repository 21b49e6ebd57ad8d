#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sluice::review {

// What the target's catalog says about the objects a migration touches, when model/ could read it. Every fact
// is optional: rules use what is present and fall back to the parse tree alone when it is absent.
struct CatalogFacts
{
    struct Column
    {
        std::string name;
        std::string type; // format_type(), e.g. "character varying(20)", "integer", "text"
        bool notNull = false;
    };
    struct Index
    {
        std::string name;
        std::vector<std::string> columns;
        bool unique = false;
        bool primary = false;
        bool valid = true;
        std::string definition;            // pg_get_indexdef()
        std::optional<std::int64_t> scans; // pg_stat_user_indexes.idx_scan
        std::optional<std::int64_t> bytes; // pg_relation_size()
    };
    struct Constraint
    {
        std::string name;
        char type = 'c'; // c check, f foreign key, p primary, u unique, x exclusion
        std::vector<std::string> columns;
        bool validated = true;
        std::string definition;
    };
    // A foreign key that points at a table, seen from the referenced table.
    struct ReferencingKey
    {
        std::string table; // "schema.table" of the referencing (child) table
        std::string constraint;
        std::vector<std::string> columns; // the child's columns
        char onDelete = 'a';  // confdeltype: a no action, r restrict, c cascade, n set null, d default
        bool indexed = false; // the child's columns lead some valid index
    };
    // Something that depends on a table and breaks or is dropped with it.
    struct Dependent
    {
        std::string
            kind; // view, materialized view, trigger, function, policy, publication, sequence, rule, ...
        std::string name;   // qualified name ("public.order_totals", "trg_audit on public.orders")
        std::string column; // the column it depends on, when the dependency is column-level
    };
    // A session that holds or waits for a lock on a table right now, or runs a long transaction.
    struct Session
    {
        int pid = 0;
        std::string user;
        std::string application;
        std::string state;
        std::string lockMode; // the strongest lock it holds on the table ("" when none)
        bool granted = true;
        double transactionSeconds = 0;
        std::string query; // first 200 characters
    };
    struct Table
    {
        std::vector<Column> columns;
        std::vector<Index> indexes;
        std::vector<Constraint> constraints;
        std::optional<std::int64_t> totalBytes;  // pg_total_relation_size()
        std::optional<std::int64_t> heapBytes;   // pg_relation_size()
        std::optional<std::int64_t> rowEstimate; // reltuples (absent when never analysed: -1)
        std::optional<std::int64_t> liveRows;    // pg_stat_user_tables.n_live_tup
        std::optional<double> writesPerSecond;   // inserts+updates+deletes per second, from two samples
        char kind = 'r'; // relkind: r table, p partitioned, v view, m matview, f foreign
        std::string owner;
        std::vector<ReferencingKey> referencedBy;
        std::vector<Dependent> dependents;
        std::vector<std::string> rowTriggers; // names of enabled row-level triggers
        std::vector<Session> sessions;        // sessions holding locks on it now
        bool partitioned = false;
        // Admin tags for the table: "hot", "pii", "financial", ...
        std::set<std::string> tags;

        [[nodiscard]] const Column *column(const std::string &name) const
        {
            for (const auto &c : columns) {
                if (c.name == name)
                    return &c;
            }
            return nullptr;
        }
    };

    // Keyed by "schema.table"; unqualified lookups try "public." first.
    std::map<std::string, Table> tables;
    // Domains that carry constraints, "schema.name".
    std::set<std::string> constrainedDomains;
    std::optional<int> serverVersionNum;
    // Column tags set by an admin, "schema.table.column" -> {"pii", ...}.
    std::map<std::string, std::set<std::string>> columnTags;
    // Sessions in a transaction for longer than the reader's threshold (they block DDL on what they touched).
    std::vector<Session> longTransactions;
    // Bytes per second this server rewrites or scans, measured once per target and stored; absent when
    // unknown.
    std::optional<double> rewriteBytesPerSecond;
    std::optional<double> scanBytesPerSecond;
    std::optional<double> indexBuildBytesPerSecond;
    // What could not be read, one sentence each ("sizes of public.orders: canceling statement due to
    // statement timeout"). A fact missing for that reason is unknown, never zero.
    std::vector<std::string> unknowns;

    [[nodiscard]] const Table *table(const std::string &name) const
    {
        if (auto it = tables.find(name); it != tables.end())
            return &it->second;
        if (name.find('.') == std::string::npos) {
            if (auto it = tables.find("public." + name); it != tables.end())
                return &it->second;
        }
        return nullptr;
    }
};

} // namespace sluice::review
