#pragma once

// Internal to the data probes (DataProbes.cpp runs them): the probes a migration calls for
// (ProbePlanner.cpp), the SQL text a probe needs from the migration, and the conditions that find values a
// narrowing type change cannot hold.

#include "review/ParseTree.h"
#include "review/Script.h"

#include <cctype>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pqxx {
class transaction_base;
}

namespace sluice::model::probes {

using review::Node;

// Finds the SQL of expressions in the migration text. Parse-tree locations point at an expression's operator
// rather than its start, so expressions are cut out by their surrounding parentheses and keywords instead.
class SqlText
{
public:
    explicit SqlText(std::string_view sql) : m_sql(sql) {}
    [[nodiscard]] std::string_view sql() const { return m_sql; }

    // The offset just past a quoted string, quoted identifier or comment starting at i; i when there is none.
    [[nodiscard]] std::size_t skipQuoted(std::size_t i) const
    {
        const auto c = m_sql[i];
        if (c == '\'' || c == '"') {
            for (auto j = i + 1; j < m_sql.size(); ++j) {
                if (m_sql[j] == c) {
                    if (j + 1 < m_sql.size() && m_sql[j + 1] == c) {
                        ++j;
                        continue;
                    }
                    return j + 1;
                }
            }
            return m_sql.size();
        }
        if (m_sql.substr(i, 2) == "--") {
            const auto end = m_sql.find('\n', i);
            return end == std::string_view::npos ? m_sql.size() : end + 1;
        }
        if (m_sql.substr(i, 2) == "/*") {
            const auto end = m_sql.find("*/", i + 2);
            return end == std::string_view::npos ? m_sql.size() : end + 2;
        }
        return i;
    }

    // The first i in [from, end), outside quotes and comments, for which at(i, depth) holds, where depth is
    // the parenthesis depth after byte i.
    template <class F>
    [[nodiscard]] std::optional<std::size_t> findUnquoted(std::size_t from, std::size_t end, F &&at) const
    {
        int depth = 0;
        for (auto i = from; i < end; ++i) {
            if (const auto past = skipQuoted(i); past != i) {
                i = past - 1;
                continue;
            }
            if (m_sql[i] == '(')
                ++depth;
            else if (m_sql[i] == ')')
                --depth;
            if (at(i, depth))
                return i;
        }
        return std::nullopt;
    }

    // The first '(' at or after from, outside quotes, before end.
    [[nodiscard]] std::optional<std::size_t> openParen(std::size_t from, std::size_t end) const
    {
        return findUnquoted(from, end, [&](std::size_t i, int) { return m_sql[i] == '('; });
    }

    // The ')' matching the '(' at open.
    [[nodiscard]] std::optional<std::size_t> closeParen(std::size_t open) const
    {
        return findUnquoted(open, m_sql.size(),
                            [&](std::size_t i, int depth) { return m_sql[i] == ')' && depth == 0; });
    }

    // The offset of keyword (lower-case) as a whole word at parenthesis depth 0 in [from, end).
    [[nodiscard]] std::optional<std::size_t> keyword(std::string_view word, std::size_t from,
                                                     std::size_t end) const
    {
        return findUnquoted(from, end, [&](std::size_t i, int depth) {
            return m_sql[i] != '(' && m_sql[i] != ')' && depth == 0 && i + word.size() <= end &&
                   wordAt(i, word);
        });
    }

    // The text inside the parentheses at open, split at its top-level commas.
    [[nodiscard]] std::vector<std::string> listAt(std::size_t open, std::size_t close) const
    {
        std::vector<std::string> items;
        auto start = open + 1;
        (void)findUnquoted(open + 1, close, [&](std::size_t i, int depth) {
            if (m_sql[i] == ',' && depth == 0) {
                items.push_back(trimmed(start, i));
                start = i + 1;
            }
            return false;
        });
        items.push_back(trimmed(start, close));
        return items;
    }

    [[nodiscard]] std::string trimmed(std::size_t from, std::size_t to) const
    {
        auto text = m_sql.substr(from, to - from);
        while (!text.empty() && (std::isspace(static_cast<unsigned char>(text.front())) != 0))
            text.remove_prefix(1);
        while (!text.empty() &&
               (std::isspace(static_cast<unsigned char>(text.back())) != 0 || text.back() == ';'))
            text.remove_suffix(1);
        return std::string(text);
    }

private:
    static bool identChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

    [[nodiscard]] bool wordAt(std::size_t i, std::string_view word) const
    {
        if (i > 0 && (identChar(m_sql[i - 1]) || m_sql[i - 1] == '"'))
            return false;
        for (std::size_t k = 0; k < word.size(); ++k) {
            if (std::tolower(static_cast<unsigned char>(m_sql[i + k])) != word[k])
                return false;
        }
        return i + word.size() == m_sql.size() || !identChar(m_sql[i + word.size()]);
    }

    std::string_view m_sql;
};

// The target type of a narrowing change, from the parse tree.
struct TargetType
{
    enum class Kind { Other, Length, Integer, Numeric } kind = Kind::Other;
    std::string name; // smallint, integer, bigint, varchar, char, numeric
    long long length = 0, precision = 0, scale = 0;

    static TargetType of(Node typeName)
    {
        TargetType t;
        std::vector<long long> mods;
        for (const Node mod : typeName["typmods"])
            mods.push_back(mod.as("A_Const")["ival"]["ival"].integer());
        const auto base = review::tree::typeName(typeName);
        if ((base == "varchar" || base == "bpchar") && mods.size() == 1)
            t = {Kind::Length, base == "varchar" ? "varchar" : "char", mods[0], 0, 0};
        else if (base == "int2" || base == "int4" || base == "int8")
            t = {Kind::Integer, base == "int2" ? "smallint" : base == "int4" ? "integer" : "bigint", 0, 0, 0};
        else if (base == "numeric" && !mods.empty())
            t = {Kind::Numeric, "numeric", 0, mods[0], mods.size() > 1 ? mods[1] : 0};
        if (typeName["arrayBounds"].valid())
            t.kind = Kind::Other;
        return t;
    }
    [[nodiscard]] std::string display() const
    {
        if (kind == Kind::Length)
            return name + "(" + std::to_string(length) + ")";
        if (kind == Kind::Numeric)
            return "numeric(" + std::to_string(precision) + "," + std::to_string(scale) + ")";
        return name;
    }
};

[[nodiscard]] std::string joined(const std::vector<std::string> &parts, std::string_view separator);

// The condition that finds a value of the column (of catalog type typname/typmod) that does not fit target;
// nullopt when every value fits or the change is not one this probe understands.
[[nodiscard]] std::optional<std::string> overflowCondition(const std::string &column,
                                                           const std::string &typname, int typmod,
                                                           const TargetType &target);

// The finding's sentence when a value of column does not fit target.
[[nodiscard]] std::string overflowFailure(const std::string &column, const TargetType &target);

// What one probe checks. The query is built inside the probe's transaction, because some need the target's
// catalog first (the column's current type, the referenced primary key); nullopt means nothing to check.
struct Probe
{
    std::size_t statement = 0;
    std::string ruleId;
    std::string check;   // "whether public.orders.customer_id has NULLs", for probe-unknown
    std::string failure; // the finding's message when the query returns a row
    std::function<std::optional<std::string>(pqxx::transaction_base &)> query;
    // Set when the target's data cannot tell (the migration changes the rows first): a probe-unknown
    // warning with this sentence, and no query.
    std::string unknown;
};
// The probes the migration's statements call for, in statement order.
[[nodiscard]] std::vector<Probe> planProbes(std::string_view sql, const review::Script &script);

} // namespace sluice::model::probes
