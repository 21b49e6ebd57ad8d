#pragma once

// Internal to model/target: catalog reads inside someone else's open transaction.

#include <pqxx/pqxx>
#include <type_traits>

namespace sluice::model {

// Runs read(scope) in a subtransaction with search_path = '' (so pg_get_*def, regclass and format_type
// qualify every name) and rolls the subtransaction back afterwards: the caller's transaction keeps its
// search_path, and a failed read leaves it usable (libpqxx aborts a transaction whose query fails; a
// subtransaction contains that). Exceptions from read propagate.
template <class F> auto inCatalogScope(pqxx::dbtransaction &tx, F &&read)
{
    pqxx::subtransaction scope(tx, "sluice_catalog_scope");
    scope.exec("SELECT pg_catalog.set_config('search_path', '', true)");
    pqxx::transaction_base &query = scope;
    if constexpr (std::is_void_v<decltype(read(query))>) {
        read(query);
        scope.abort();
    } else {
        auto result = read(query);
        scope.abort();
        return result;
    }
}

} // namespace sluice::model
