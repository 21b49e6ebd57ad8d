#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sluice::review {

// What running one statement of a migration on the shadow database showed (docs/analysis.md). model/target's
// Shadow fills it; review/BlastRadius reads it. Relation names are "schema.name".
struct StatementTrace
{
    enum class Source {
        Shadow, // ran on the shadow inside BEGIN ... ROLLBACK; the sets below are observed
        Static, // cannot run in a transaction (CONCURRENTLY, VACUUM, ...): only the static analysis applies
        Failed, // PostgreSQL refused it on the shadow (error below); the statements after it were not run
        NotRun, // not run: an earlier statement failed, or there is no shadow
    };
    struct Lock
    {
        std::string relation;
        std::string mode; // pg_locks.mode: "AccessExclusiveLock", "ShareLock", ...
    };

    Source source = Source::NotRun;
    std::string error;
    // Locks the statement's backend holds after it, on relations that existed before the migration (new locks
    // only: what earlier statements already held is not repeated).
    std::vector<Lock> locks;
    std::set<std::string> rewritten; // pre-existing relations whose relfilenode changed
    std::set<std::string> scanned;   // pre-existing tables read in full (seq_scan) or through an index
    std::set<std::string> created;   // relations the statement created
    std::optional<std::int64_t>
        rows; // rows affected, from EXPLAIN on the target for UPDATE/DELETE/INSERT ... SELECT
};

} // namespace sluice::review
