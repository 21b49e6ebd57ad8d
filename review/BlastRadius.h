#pragma once

#include "CatalogFacts.h"
#include "Script.h"
#include "Trace.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::review {

enum class Risk { Low, Moderate, High, Critical };

// "low", "moderate", "high", "critical".
[[nodiscard]] std::string_view riskName(Risk risk);

// What a table lock conflicts with, in a DBA's words (docs/analysis.md): "reads, writes and DDL", "writes and
// DDL", "DDL", "nothing but ACCESS EXCLUSIVE", or "nothing" for no lock. Takes pg_locks.mode names
// ("AccessExclusiveLock"); "ACCESS EXCLUSIVE" is read too.
[[nodiscard]] std::string lockBlocks(std::string_view mode);

// What a migration would do to its target, statement by statement: the "risk", "statements" and "graph" parts
// of the analysis document (docs/analysis.md). A fact that could not be read or estimated is std::nullopt,
// never zero, and raises the risk.
struct BlastRadius
{
    using Session = CatalogFacts::Session;

    // One relation one statement touches.
    struct Relation
    {
        std::string name;   // "schema.name"
        std::string lock;   // pg_locks.mode ("AccessExclusiveLock"); "" when none
        std::string blocks; // lockBlocks(lock), or why it blocks nothing
        // True when the lock, rewrite and scan were observed on the shadow; false when the static model
        // predicted them (the statement could not run there).
        bool observed = false;
        // Created earlier in the migration: nobody else can be using it, so it has no blocking impact.
        bool isNew = false;
        bool rewrite = false;
        bool scan = false;
        bool indexBuild = false;
        // Rows changed (DML), or rows rewritten or scanned (the table's estimate).
        std::optional<std::int64_t> rows;
        // Bytes rewritten (heap, TOAST and indexes) or scanned (heap).
        std::optional<std::int64_t> bytes;
        // How long the rewrite, scan or index build runs; 0 for a catalog-only change.
        std::optional<double> secondsLow;
        std::optional<double> secondsHigh;
        // A lower bound of the wait for the lock: the oldest conflicting session's transaction age, capped by
        // the lock_timeout in effect. Absent when nobody is in the way.
        std::optional<double> lockWaitSeconds;
        // Writes that queue behind a lock that blocks writes: write rate x (wait + duration).
        std::optional<double> queuedWritesLow;
        std::optional<double> queuedWritesHigh;
        std::vector<std::string> dependents;    // what breaks or is dropped: "view public.order_totals"
        std::vector<std::string> tags;          // the table's tags and those of the columns touched
        std::vector<std::string> taggedColumns; // "email (pii)"
        std::vector<std::string> cascades;      // DELETE: "public.order_items (ON DELETE CASCADE)"
        std::vector<std::string> rowTriggers;   // DML: row triggers that run once per row
        std::vector<Session> sessions;          // sessions that would make the lock wait right now
    };

    struct Statement
    {
        std::size_t ordinal = 0; // 1-based
        int line = 1;
        std::size_t byteStart = 0;
        std::size_t byteEnd = 0;
        std::string kind; // parse-tree node kind; "" when it does not parse
        StatementTrace::Source source = StatementTrace::Source::NotRun;
        std::string error;                // PostgreSQL's message when it failed on the shadow
        std::optional<std::int64_t> rows; // rows a DML statement changes; absent for DDL or when unknown
        // The rewrites, scans and index builds of the statement; 0 when catalog-only, absent when unknown
        // (always for DML, whose duration depends on the plan).
        std::optional<double> secondsLow;
        std::optional<double> secondsHigh;
        Risk risk = Risk::Low;
        std::vector<Relation> relations;
    };

    struct Reason
    {
        Risk level = Risk::Low;
        std::size_t statement = 0; // ordinal; 0 for the migration as a whole
        std::string text;          // one sentence naming the table, its size and the consequence
    };

    struct GraphNode
    {
        std::string id;   // "public.orders", "trg_audit on public.orders"
        std::string kind; // table, view, materialized view, index, trigger, function, ...
        std::string lock; // the strongest lock the migration takes on it; "" when none
        bool touched = false;
        bool isNew = false;
    };
    struct GraphEdge
    {
        std::string from; // the dependent
        std::string to;   // what it depends on
        std::string kind; // the dependent's kind, or "foreign key"
    };

    struct Totals
    {
        std::optional<std::int64_t> rows;  // rows changed by DML
        std::optional<std::int64_t> bytes; // bytes rewritten or scanned
        std::optional<double> secondsLow;
        std::optional<double> secondsHigh;
    };

    Risk risk = Risk::Low;
    std::vector<Reason> reasons; // highest level first; the first ones set `risk`
    std::vector<Statement> statements;
    Totals totals;
    std::vector<GraphNode> nodes;
    std::vector<GraphEdge> edges;
    // The catalog's unknowns and every estimate that could not be made, one sentence each.
    std::vector<std::string> unknowns;
};

// Combines the shadow's traces (one per statement, in order; empty when there is no shadow) with the target's
// catalog facts. Statements without an observed trace get the static lock/rewrite/scan model. Pure: no I/O.
[[nodiscard]] BlastRadius computeBlastRadius(const Script &script, const std::vector<StatementTrace> &traces,
                                             const CatalogFacts &catalog);

} // namespace sluice::review
