#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sluice::review {

// PostgreSQL's table lock modes, weakest to strongest.
enum class LockMode {
    None,
    AccessShare,
    RowShare,
    RowExclusive,
    ShareUpdateExclusive,
    Share,
    ShareRowExclusive,
    Exclusive,
    AccessExclusive,
};

[[nodiscard]] std::string_view lockModeName(LockMode mode);
// What a lock blocks, in a DBA's words: "nothing", "DDL", "writes", "reads and writes".
[[nodiscard]] std::string_view lockBlocks(LockMode mode);

// What one statement does to one relation.
struct RelationEffect
{
    std::string relation; // as written, lower-case, schema-qualified when the SQL qualifies it
    LockMode lock = LockMode::None;
    bool rewrites = false;    // the table (or index) is rewritten in full
    bool scans = false;       // every row is read (validation, NOT NULL check, UPDATE without WHERE...)
    bool buildsIndex = false; // an index is built
    bool isNew = false;       // created earlier in the same migration: nobody else can be using it
    bool mayExist = false;    // created earlier with IF NOT EXISTS: it may have existed, with data
};

struct StatementFacts
{
    std::string kind; // parse-tree node kind, e.g. "AlterTableStmt"
    std::vector<RelationEffect> relations;
    bool canRunInTransaction = true;
    bool isTransactionControl = false;
    bool isDdl = false;
    bool isDml = false;

    // The strongest lock this statement takes on a relation that existed before the migration.
    [[nodiscard]] LockMode strongestLockOnExisting() const;
};

} // namespace sluice::review
