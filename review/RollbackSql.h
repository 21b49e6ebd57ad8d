#pragma once

// Internal to the rollback planner: SQL that recreates objects from their captured definitions, and the
// pre-image backups and restores.

#include "PriorDefinitions.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::review::rollback {

// "public.orders" quoted.
[[nodiscard]] std::string qualified(const RelationDefinition &relation);
// GRANT statements that give back privileges on an object: objectType "TABLE", "SEQUENCE", "FUNCTION".
[[nodiscard]] std::string grantSql(std::string_view objectType, const std::string &object,
                                   const std::vector<Privilege> &privileges);
// COMMENT ON ... IS <text or NULL>.
[[nodiscard]] std::string commentSql(std::string_view objectType, const std::string &object,
                                     const std::optional<std::string> &comment);
// "name type [COLLATE c] [GENERATED ...]" without NOT NULL and DEFAULT, which come after a data restore.
[[nodiscard]] std::string columnSql(const ColumnDefinition &column);
// ALTER TABLE ... ALTER COLUMN ... SET DEFAULT / SET NOT NULL, as the column had them.
[[nodiscard]] std::string columnPropertiesSql(const std::string &table, const ColumnDefinition &column);
[[nodiscard]] std::string addConstraintSql(const std::string &table, const ConstraintDefinition &constraint);
[[nodiscard]] std::string createIndexSql(const std::string &schema, const std::string &table,
                                         const IndexDefinition &index);
[[nodiscard]] std::string createTriggerSql(const std::string &table, const TriggerDefinition &trigger);
[[nodiscard]] std::string createSequenceSql(const SequenceDefinition &sequence);
[[nodiscard]] std::string createFunctionSql(const FunctionDefinition &function);
[[nodiscard]] std::string createTypeSql(const TypeDefinition &type);
// orReplace: CREATE OR REPLACE VIEW / CREATE MATERIALIZED VIEW IF NOT EXISTS, for dependents that may
// still exist.
[[nodiscard]] std::string createViewSql(const RelationDefinition &view, bool orReplace = false);
// CREATE TABLE with everything that hangs off it; restore (may be "") runs once the columns exist and before
// constraints, indexes and triggers come back.
[[nodiscard]] std::string createTableSql(const RelationDefinition &table, const std::string &restore);

// A pre-image backup table in schema sluice_backup.
struct Backup
{
    std::string table; // sluice_backup."name"
    std::string sql;   // CREATE TABLE ... AS ... plus a DO block that raises when the row counts differ
};
// The backup table's name: <prefix>s<ordinal>_<relation>, cut to 63 bytes.
[[nodiscard]] std::string backupTable(const std::string &prefix, std::size_t ordinal,
                                      const std::string &relation);
// Backs up `select` rows (e.g. "t.*", "t.id, t.note") of `from` ("public.t t") matching `where` ("" for all).
[[nodiscard]] Backup backupRows(const std::string &table, const std::string &select, const std::string &from,
                                const std::string &where, std::size_t ordinal);
// INSERT INTO table (columns) OVERRIDING SYSTEM VALUE SELECT columns FROM backup.
[[nodiscard]] std::string insertRestoreSql(const RelationDefinition *relation, const std::string &table,
                                           const std::string &backup);
// UPDATE table SET columns from the backup, matched by the primary key.
[[nodiscard]] std::string updateRestoreSql(const std::string &table,
                                           const std::vector<std::string> &primaryKey,
                                           const std::vector<std::string> &columns,
                                           const std::string &backup);

} // namespace sluice::review::rollback
