#pragma once

#include "queue/Result.h"
#include "review/PriorDefinitions.h"

namespace pqxx {
class dbtransaction;
}

namespace sluice::model {

// Captures, through the caller's open transaction and BEFORE the migration runs, the definitions the rollback
// planner needs for the objects a script touches (review::touchedObjects): columns (format_type, defaults,
// collation, identity, generated), constraints, indexes, triggers, policies, view and function definitions,
// owners, grants, comments, owned sequences, inbound foreign keys and dependent views. Names resolve through
// the transaction's search_path, as the migration's would; definitions are read with search_path = '', so
// they come out schema-qualified. Objects that do not exist are left out. Never commits; the transaction is
// left as it was, also on error.
[[nodiscard]] Result<review::PriorDefinitions> readPriorDefinitions(pqxx::dbtransaction &tx,
                                                                    const review::TouchedObjects &objects);

} // namespace sluice::model
