#pragma once

// Internal to the rollback planner: the clauses of a DML statement as the author wrote them, found by a
// small lexer (strings, quoted names, comments and parentheses skipped), so a backup can select exactly the
// rows the statement touches.

#include <string>
#include <string_view>

namespace sluice::review {

struct DmlClauses
{
    std::string using_; // DELETE ... USING list, "" when none
    std::string from;   // UPDATE ... FROM list, "" when none
    std::string where;  // the WHERE condition, "" when none
    std::string error;  // why the clauses could not be taken apart
    explicit operator bool() const { return error.empty(); }
};

[[nodiscard]] DmlClauses deleteClauses(std::string_view statement);
[[nodiscard]] DmlClauses updateClauses(std::string_view statement);

// The statement without its first top-level CONCURRENTLY keyword, so that it can run inside a transaction.
[[nodiscard]] std::string withoutConcurrently(std::string_view statement);

} // namespace sluice::review
