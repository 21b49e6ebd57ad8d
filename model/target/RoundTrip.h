#pragma once

#include "queue/Result.h"
#include "review/Rollback.h"
#include "review/SchemaDiff.h"
#include "review/Script.h"

#include <string>
#include <string_view>
#include <vector>

namespace pqxx {
class dbtransaction;
}

namespace sluice::model {

struct RoundTripResult
{
    // The schema after migration + rollback equals the schema before.
    bool equal = false;
    // Equal but for columns that came back at the end of their table (DROP COLUMN cannot restore the order).
    bool equalIgnoringColumnOrder = false;
    // One sentence per difference left after the round trip, or the reason the rollback failed.
    std::vector<std::string> residual;
    std::vector<review::SchemaChange> differences;
};

// Verifies a rollback plan on a database with the target's schema, inside the caller's open transaction:
// takes a snapshot, runs the migration statement by statement (each preceded by its pre-image backup;
// CONCURRENTLY dropped, transaction control skipped), runs the rollback, takes a snapshot and compares. It
// all happens in a subtransaction that is rolled back before it returns, so the caller's transaction is as it
// was. A migration statement that fails is an Error (the round trip cannot say anything); a rollback that
// fails is a residual.
[[nodiscard]] Result<RoundTripResult> verifyRoundTrip(pqxx::dbtransaction &tx, const review::Script &script,
                                                      std::string_view sql, const review::RollbackPlan &plan);

// The schema diff of a migration: snapshot, run the statements as above, snapshot, diff; in a subtransaction
// that is rolled back before it returns.
[[nodiscard]] Result<std::vector<review::SchemaChange>>
diffMigration(pqxx::dbtransaction &tx, const review::Script &script, std::string_view sql);

} // namespace sluice::model
