#pragma once

#include "queue/Result.h"
#include "review/CatalogFacts.h"

#include <QString>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace sluice::model {

struct CatalogReadSettings
{
    // Applies to every catalog query; a query that runs longer leaves its facts unknown.
    int statementTimeoutMs = 5000;
    // Write rates come from two samples of pg_stat_user_tables this far apart; 0 skips them.
    int writeSampleMs = 1000;
    // A session whose transaction is older than this is reported in CatalogFacts::longTransactions.
    double longTransactionSeconds = 60;
    // Admin tags for this target: "schema.table" (or "table", meaning public) -> {"hot", ...} and
    // "schema.table.column" (or "table.column") -> {"pii", ...}. Where they are kept is the caller's concern.
    std::map<std::string, std::set<std::string>> tableTags;
    std::map<std::string, std::set<std::string>> columnTags;
};

// Reads catalog facts from a target under its read-only login, in one REPEATABLE READ READ ONLY transaction.
// Each fact is read by one set-based query for all requested tables, under a savepoint: a query that fails or
// times out adds a sentence to CatalogFacts::unknowns and leaves its facts absent, never zero. An Error is
// returned only when nothing can be read at all (no connection, no transaction).
class CatalogReader
{
public:
    // The relations a migration touches, "schema.table" or "table" (resolved through the login's
    // search_path). Relations that do not exist on the target are left out of CatalogFacts::tables.
    [[nodiscard]] static Result<review::CatalogFacts> read(const QString &conninfo,
                                                           const std::vector<std::string> &relations,
                                                           const CatalogReadSettings &settings = {});
    // Every table, view, materialized view and foreign table outside the system schemas, for the review
    // engine's catalog-aware rules. Sizes are estimated from pg_class.relpages (as of the last VACUUM,
    // ANALYZE or CREATE INDEX; unknown for a table never vacuumed nor analysed): exact sizes would open every
    // relation and take seconds on 10,000 tables.
    [[nodiscard]] static Result<review::CatalogFacts> readAll(const QString &conninfo,
                                                              const CatalogReadSettings &settings = {});
};

} // namespace sluice::model
