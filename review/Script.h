#pragma once

#include "ParseTree.h"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::review {

// Positions are UTF-8 byte offsets into the migration text; line and column are 1-based, the column counted
// in characters (code points), as an editor shows it.
struct Position
{
    std::size_t offset = 0;
    int line = 1;
    int column = 1;
};

struct ByteRange
{
    std::size_t begin = 0;
    std::size_t end = 0;

    // The bytes of text this range covers (a statement's SQL, a finding's range).
    [[nodiscard]] std::string_view in(std::string_view text) const { return text.substr(begin, end - begin); }
};

struct SyntaxError
{
    std::string message;
    Position position;
    std::size_t statementIndex = 0;
};

struct Statement
{
    ByteRange range;
    Position start;
    // The parse-tree node kind of the statement ("AlterTableStmt", "IndexStmt", ...); empty if it does not
    // parse.
    std::string kind;
    bool parses = true;
    // False for statements PostgreSQL refuses inside a transaction block (CREATE INDEX CONCURRENTLY, VACUUM,
    // ...).
    bool canRunInTransaction = true;
    // BEGIN, COMMIT, ROLLBACK, SAVEPOINT...: the migration manages its own transactions.
    bool isTransactionControl = false;
    // The statement's parse tree, a wrapper node such as {"AlterTableStmt": {...}}; invalid if it does not
    // parse.
    Node tree;
};

struct Script
{
    std::vector<Statement> statements;
    std::optional<SyntaxError> error;
    // Owns what the statements' nodes point into.
    std::vector<std::shared_ptr<const ParseTree>> trees;

    [[nodiscard]] bool parses() const { return !error.has_value(); }
    // True when the whole script may be wrapped in one transaction by the executor.
    [[nodiscard]] bool canRunInOneTransaction() const;
};

// Splits and parses a migration with the PostgreSQL 15 parser. Never throws: a parse failure is reported in
// Script::error, and the statements after a broken one are still split (by the scanner).
[[nodiscard]] Script parseScript(std::string_view sql);

// Line and column of a byte offset, UTF-8 aware.
[[nodiscard]] Position positionAt(std::string_view text, std::size_t offset);

// The version of the review engine, stored with every review.
[[nodiscard]] std::string engineVersion();

} // namespace sluice::review
