#include "Script.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace sluice::review {
namespace {

constexpr std::string_view kEngineVersion = "sluice-review 0.1.0 (libpg_query 15)";

bool isContinuationByte(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

// Skips whitespace and comments so a statement's range starts at its first token.
std::size_t skipTrivia(std::string_view text, std::size_t pos, std::size_t end)
{
    while (pos < end) {
        const char c = text[pos];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            ++pos;
        } else if (c == '-' && pos + 1 < end && text[pos + 1] == '-') {
            while (pos < end && text[pos] != '\n')
                ++pos;
        } else if (c == '/' && pos + 1 < end && text[pos + 1] == '*') {
            const auto close = text.find("*/", pos + 2);
            pos = close == std::string_view::npos || close + 2 > end ? end : close + 2;
        } else {
            break;
        }
    }
    return pos;
}

std::size_t trimTrailing(std::string_view text, std::size_t begin, std::size_t end)
{
    while (end > begin && std::string_view(" \t\n\r\f").find(text[end - 1]) != std::string_view::npos)
        --end;
    return end;
}

// libpg_query reports an error cursor as a 1-based character position within the parsed string.
std::size_t byteOffsetOfCharacter(std::string_view text, int cursor)
{
    std::size_t offset = 0;
    for (int chars = 1; chars < cursor && offset < text.size();) {
        ++offset;
        if (offset >= text.size() || !isContinuationByte(static_cast<unsigned char>(text[offset])))
            ++chars;
    }
    return std::min(offset, text.size());
}

// Whether PostgreSQL accepts the statement inside a transaction block, and whether it is transaction control.
void transactionFacts(Statement &statement)
{
    const auto kind = statement.tree.kind();
    const auto body = statement.tree.body();
    statement.kind = std::string(kind);
    static constexpr std::array neverInTransaction{std::string_view("VacuumStmt"),
                                                   std::string_view("CreatedbStmt"),
                                                   std::string_view("DropdbStmt"),
                                                   std::string_view("CreateTableSpaceStmt"),
                                                   std::string_view("DropTableSpaceStmt"),
                                                   std::string_view("AlterSystemStmt"),
                                                   std::string_view("CreateSubscriptionStmt"),
                                                   std::string_view("DropSubscriptionStmt")};
    if (std::find(neverInTransaction.begin(), neverInTransaction.end(), kind) != neverInTransaction.end()) {
        // ANALYZE shares VacuumStmt and may run in a transaction; VACUUM may not.
        statement.canRunInTransaction = kind == "VacuumStmt" && !body["is_vacuumcmd"].boolean();
    } else if (kind == "IndexStmt" || kind == "DropStmt") {
        statement.canRunInTransaction = !body["concurrent"].boolean();
    } else if (kind == "ReindexStmt") {
        // PostgreSQL refuses REINDEX SCHEMA, DATABASE and SYSTEM in a transaction block, concurrent or not.
        const auto reindexKind = body["kind"].str();
        statement.canRunInTransaction =
            !tree::optionEnabled(body["params"], "concurrently") && reindexKind != "REINDEX_OBJECT_SCHEMA" &&
            reindexKind != "REINDEX_OBJECT_DATABASE" && reindexKind != "REINDEX_OBJECT_SYSTEM";
    } else if (kind == "AlterTableStmt") {
        for (const Node c : body["cmds"]) {
            const auto cmd = c.as("AlterTableCmd");
            if (cmd["subtype"].str() == "AT_DetachPartition" &&
                cmd["def"].as("PartitionCmd")["concurrent"].boolean())
                statement.canRunInTransaction = false;
        }
    } else if (kind == "TransactionStmt") {
        statement.isTransactionControl = true;
    }
}

struct Piece
{
    std::size_t begin;
    std::size_t end;
};

// Splits at top-level semicolons, skipping quoted text, quoted identifiers, dollar quotes and comments. Used
// only when the parser cannot split (the input has a syntax error); libpg_query's scanner split drops
// statements after some errors, and the statements after a broken one must still be reviewed.
std::vector<Piece> lexicalSplit(std::string_view text)
{
    std::vector<Piece> pieces;
    std::size_t start = 0, i = 0;
    const auto n = text.size();
    auto skipQuoted = [&](char quote) {
        for (++i; i < n; ++i) {
            if (text[i] == quote) {
                if (i + 1 < n && text[i + 1] == quote) {
                    ++i;
                    continue;
                }
                ++i;
                return;
            }
        }
    };
    while (i < n) {
        const char c = text[i];
        if (c == '\'' || c == '"') {
            skipQuoted(c);
        } else if (c == '-' && i + 1 < n && text[i + 1] == '-') {
            while (i < n && text[i] != '\n')
                ++i;
        } else if (c == '/' && i + 1 < n && text[i + 1] == '*') {
            int depth = 1;
            for (i += 2; i < n && depth > 0; ++i) {
                if (text[i] == '/' && i + 1 < n && text[i + 1] == '*')
                    ++depth, ++i;
                else if (text[i] == '*' && i + 1 < n && text[i + 1] == '/')
                    --depth, ++i;
            }
        } else if (c == '$') {
            std::size_t j = i + 1;
            while (j < n && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '_'))
                ++j;
            if (j < n && text[j] == '$' &&
                (j == i + 1 || !std::isdigit(static_cast<unsigned char>(text[i + 1])))) {
                const auto tag = text.substr(i, j - i + 1);
                const auto close = text.find(tag, j + 1);
                i = close == std::string_view::npos ? n : close + tag.size();
            } else {
                i = j;
            }
        } else if (c == ';') {
            pieces.push_back({start, i});
            start = ++i;
        } else {
            ++i;
        }
    }
    if (start < n)
        pieces.push_back({start, n});
    return pieces;
}

} // namespace

bool Script::canRunInOneTransaction() const
{
    return std::all_of(statements.begin(), statements.end(),
                       [](const Statement &s) { return s.canRunInTransaction && !s.isTransactionControl; });
}

namespace {
// Moves a position forward to offset, so that positions of successive statements cost one pass over the text.
Position advance(std::string_view text, Position p, std::size_t offset)
{
    const auto target = std::min(offset, text.size());
    // Newlines by memchr; characters counted on the last line only.
    std::size_t lineStart = p.offset;
    for (auto at = text.find('\n', p.offset); at < target; at = text.find('\n', at + 1)) {
        ++p.line;
        p.column = 1;
        lineStart = at + 1;
    }
    for (std::size_t i = lineStart; i < target; ++i) {
        if (!isContinuationByte(static_cast<unsigned char>(text[i])))
            ++p.column;
    }
    p.offset = std::max(p.offset, target);
    return p;
}
} // namespace

Position positionAt(std::string_view text, std::size_t offset)
{
    return advance(text, Position{}, offset);
}

std::string engineVersion()
{
    return std::string(kEngineVersion);
}

Script parseScript(std::string_view sql)
{
    Script script;
    const std::string text(sql);
    Position cursor;
    auto addStatement = [&](std::size_t begin, std::size_t end, Node tree) {
        Statement statement;
        statement.range = {begin, end};
        statement.tree = tree;
        if (tree)
            transactionFacts(statement);
        cursor = advance(text, cursor, begin);
        statement.start = cursor;
        script.statements.push_back(std::move(statement));
    };

    // The common case: one parse of the whole migration gives every statement's tree and range.
    auto whole = ParseTree::parse(text.c_str());
    if (!whole.syntaxError) {
        if (auto tree = std::move(whole.tree)) {
            script.trees.push_back(tree);
            for (const Node entry : tree->root()["stmts"]) {
                const auto location = std::size_t(entry["stmt_location"].integer());
                const auto length = std::size_t(entry["stmt_len"].integer());
                const auto end = length == 0 ? text.size() : std::min(text.size(), location + length);
                const auto begin = skipTrivia(text, location, end);
                const auto trimmedEnd = trimTrailing(text, begin, end);
                if (begin < trimmedEnd)
                    addStatement(begin, trimmedEnd, entry["stmt"]);
            }
        }
        return script;
    }

    // A syntax error: split lexically and parse each statement on its own, so the ones after it are reviewed.
    for (const auto &piece : lexicalSplit(text)) {
        const auto begin = skipTrivia(text, piece.begin, piece.end);
        const auto end = trimTrailing(text, begin, piece.end);
        if (begin >= end)
            continue;
        const std::string statementText = text.substr(begin, end - begin);
        auto parsed = ParseTree::parse(statementText.c_str(), int(begin));
        Node node;
        if (parsed.syntaxError) {
            if (!script.error) {
                const auto at = begin + byteOffsetOfCharacter(statementText, std::max(parsed.cursor, 1));
                script.error = SyntaxError{parsed.message, positionAt(text, at), script.statements.size()};
            }
        } else if (auto tree = std::move(parsed.tree)) {
            script.trees.push_back(tree);
            node = tree->root()["stmts"].at(0)["stmt"];
        }
        addStatement(begin, end, node);
        if (!node)
            script.statements.back().parses = false;
    }
    return script;
}

} // namespace sluice::review
