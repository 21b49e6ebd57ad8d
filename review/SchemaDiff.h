#pragma once

#include <map>
#include <string>
#include <vector>

namespace sluice::review {

// A canonical snapshot of a schema: object key -> canonical definition. A key is "<kind> <identity>", the
// identity quoted as quote_ident() does and schema-qualified: "table public.orders",
// "column public.orders.total", "index public.orders_pkey", "constraint public.orders.orders_fk",
// "function public.f(integer)", "grant table public.orders", "comment column public.orders.total".
using SchemaSnapshot = std::map<std::string, std::string>;

struct SchemaChange
{
    enum class Kind { Added, Removed, Changed };

    std::string object; // the identity: "public.orders", "table public.orders" for grants and comments
    std::string kind;   // "table", "column", "index", "grant", "comment", ...
    Kind change = Kind::Changed;
    std::string before; // "" when added
    std::string after;  // "" when removed

    bool operator==(const SchemaChange &) const = default;
};

// "added", "removed", "changed".
[[nodiscard]] const char *changeName(SchemaChange::Kind kind);

// The objects that differ between two snapshots, grouped so that a DBA reads them in order: schemas, types
// and sequences, then each relation followed by its columns, constraints, indexes, triggers, policies,
// grants and comments, then functions and the rest. Objects dropped by CASCADE appear as removed dependents.
[[nodiscard]] std::vector<SchemaChange> diffSchemas(const SchemaSnapshot &before,
                                                    const SchemaSnapshot &after);

// Splits a key into its kind and identity: "column public.t.c" -> {"column", "public.t.c"}.
[[nodiscard]] std::pair<std::string, std::string> splitSnapshotKey(const std::string &key);

// The parts of a quoted, dot-separated identity: public."Order Items".id -> {public, Order Items, id}.
[[nodiscard]] std::vector<std::string> identityParts(std::string_view identity);

} // namespace sluice::review
