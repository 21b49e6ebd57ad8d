#pragma once

#include "queue/Result.h"
#include "review/SchemaDiff.h"

namespace pqxx {
class dbtransaction;
}

namespace sluice::model {

// A canonical per-object snapshot of the database's schema (see review::SchemaSnapshot for the keys), read
// through the caller's open transaction, so it sees what the transaction has done and not committed: the
// shadow runs BEGIN; snapshot; migrate; snapshot; ROLLBACK. A handful of set-based catalog queries, cheap
// on thousands of tables. Objects of extensions, system schemas and the sluice_backup schema are left out.
// Never commits; the transaction's search_path and state are left as they were, also on error.
[[nodiscard]] Result<review::SchemaSnapshot> readSchemaSnapshot(pqxx::dbtransaction &tx);

} // namespace sluice::model
