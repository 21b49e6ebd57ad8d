#pragma once

#include "PriorDefinitions.h"
#include "Script.h"

#include <string>
#include <string_view>
#include <vector>

namespace sluice::review {

// The undo of one forward statement.
struct RollbackStep
{
    std::size_t statement = 0; // 1-based ordinal of the forward statement in the script
    // The SQL that undoes the statement, data restore included where it belongs (after the column or table
    // is back, before its constraints and triggers); "" when nothing needs undoing or it cannot be undone.
    std::string sql;
    bool irreversible = false;
    std::string reason; // why it is irreversible, or what the inverse cannot bring back
    // A pre-image backup must be taken right before the forward statement, in its transaction.
    bool backup = false;
    std::string backupSql;  // CREATE TABLE sluice_backup.... AS ... plus a row-count check that raises
    std::string restoreSql; // the part of sql that brings the rows back
};

struct RollbackPlan
{
    std::vector<RollbackStep> steps; // in reverse statement order
    std::string backupSql;           // every backup, in forward statement order
    std::string restoreSql;          // every restore, in rollback order

    // The whole rollback script: the steps' SQL in reverse statement order.
    [[nodiscard]] std::string sql() const;
    [[nodiscard]] bool reversible() const;
    // The backup to run right before forward statement `ordinal` (1-based), "" when none.
    [[nodiscard]] std::string backupBefore(std::size_t ordinal) const;
};

struct RollbackOptions
{
    // Prefix of the backup tables' names in schema sluice_backup, e.g. the change id: "c42_". Backups are
    // named <prefix>s<ordinal>_<table>, cut to 63 bytes.
    std::string backupPrefix;
};

// The rollback plan of a migration, from its parse tree and the definitions captured before it ran. Never
// throws: what it cannot invert is a step flagged irreversible with the reason.
[[nodiscard]] RollbackPlan planRollback(const Script &script, std::string_view sql,
                                        const PriorDefinitions &prior, const RollbackOptions &options = {});

// The forward migration with each statement's backup inserted right before it, for the executor and the
// round trip. Statements are separated by ";\n".
[[nodiscard]] std::string migrationWithBackups(const Script &script, std::string_view sql,
                                               const RollbackPlan &plan);

} // namespace sluice::review
