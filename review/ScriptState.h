#pragma once

#include "ParseTree.h"
#include "StatementFacts.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sluice::review {

struct Config;

// The names of the objects created so far in a migration. The engine keeps a copy of the state before every
// statement, so a copy is cheap: copies share one table of every name with the order it was first created in,
// and each copy sees the names created before its own count. Inserting into a copy that is behind the table
// (another copy went on) gives it a table of its own. Copies that share a table belong to one thread.
class CreatedNames
{
public:
    [[nodiscard]] bool contains(std::string_view name) const;
    [[nodiscard]] std::size_t count(std::string_view name) const { return contains(name) ? 1 : 0; }
    void insert(std::string name);

private:
    struct Hash
    {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
    };
    using Table = std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>>;
    std::shared_ptr<Table> m_table;
    std::uint32_t m_count = 0;
};

// What is known at a point in a migration, from the statements before it. The engine updates it after each
// statement; rules read the state as it was before the statement they check.
struct ScriptState
{
    bool inTransaction = false;
    // Index of the statement that opened the current transaction (explicit BEGIN), or 0.
    std::size_t transactionStart = 0;
    // Set while a BEGIN is open (as opposed to a transaction the tool wraps around the file).
    bool explicitTransaction = false;

    // lock_timeout / statement_timeout in effect, in milliseconds; nullopt when never set, 0 when disabled.
    std::optional<long long> lockTimeoutMs;
    std::optional<long long> statementTimeoutMs;

    // An ACCESS EXCLUSIVE lock on a pre-existing relation is held until the transaction ends.
    std::string accessExclusiveHeldOn;

    // Relations, types and other objects created earlier in the file ("schema.name" and bare "name").
    CreatedNames created;

    // Tables created earlier with CREATE TABLE IF NOT EXISTS (or CREATE TABLE ... AS IF NOT EXISTS): the
    // table may have existed before the migration, with data, so it is not new; findings say so.
    CreatedNames mayExist;

    [[nodiscard]] bool isNew(std::string_view qualifiedName) const;
    [[nodiscard]] bool isNew(Node rangeVar) const;
    [[nodiscard]] bool mayHaveExisted(std::string_view qualifiedName) const;

    // Updates the state with the statement that just passed.
    void apply(Node statement, const StatementFacts &facts, std::size_t index);
};

// "5s", "500ms", "1min", "2h", "0", 3000 (milliseconds when unitless); nullopt if not a duration.
[[nodiscard]] std::optional<long long> parseDurationMs(std::string_view text);

// Computes the lock, rewrite and scan facts of one statement (Appendix A of the rules catalog).
[[nodiscard]] StatementFacts analyzeStatement(Node statement, const ScriptState &state, const Config &config);

} // namespace sluice::review
