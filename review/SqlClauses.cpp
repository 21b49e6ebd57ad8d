#include "SqlClauses.h"

#include <cctype>
#include <vector>

namespace sluice::review {
namespace {

struct Word
{
    std::string lower;
    std::size_t begin = 0;
    std::size_t end = 0;
};

bool identStart(char c)
{
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

bool identChar(char c)
{
    return identStart(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '$';
}

// The unquoted words outside parentheses, strings and comments.
std::vector<Word> topLevelWords(std::string_view s)
{
    std::vector<Word> words;
    int depth = 0;
    std::size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
            while (i < s.size() && s[i] != '\n')
                ++i;
        } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
            int nesting = 0;
            do {
                if (s.compare(i, 2, "/*") == 0) {
                    ++nesting;
                    i += 2;
                } else if (s.compare(i, 2, "*/") == 0) {
                    --nesting;
                    i += 2;
                } else {
                    ++i;
                }
            } while (i < s.size() && nesting > 0);
        } else if (c == '\'' || c == '"') {
            // E'' strings double or backslash-escape quotes; '' and "" doubling is handled by re-entering.
            const bool escapes = c == '\'' && i > 0 && (s[i - 1] == 'e' || s[i - 1] == 'E');
            ++i;
            while (i < s.size() && s[i] != c) {
                if (escapes && s[i] == '\\')
                    ++i;
                ++i;
            }
            ++i;
        } else if (c == '$' && (i == 0 || !identChar(s[i - 1]))) {
            const auto close = s.find('$', i + 1);
            const auto tag =
                close == std::string_view::npos ? std::string_view() : s.substr(i, close - i + 1);
            bool isTag = !tag.empty();
            for (std::size_t k = 1; isTag && k + 1 < tag.size(); ++k)
                isTag = identChar(tag[k]) && tag[k] != '$';
            if (isTag && (tag.size() == 2 || identStart(tag[1]))) {
                const auto end = s.find(tag, close + 1);
                i = end == std::string_view::npos ? s.size() : end + tag.size();
            } else {
                ++i;
            }
        } else if (c == '(') {
            ++depth;
            ++i;
        } else if (c == ')') {
            --depth;
            ++i;
        } else if (identStart(c)) {
            const auto begin = i;
            while (i < s.size() && identChar(s[i]))
                ++i;
            if (depth == 0) {
                std::string lower(s.substr(begin, i - begin));
                for (auto &ch : lower)
                    ch = char(std::tolower(static_cast<unsigned char>(ch)));
                words.push_back({std::move(lower), begin, i});
            }
        } else {
            ++i;
        }
    }
    return words;
}

std::string trimmed(std::string_view s)
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && (std::isspace(static_cast<unsigned char>(s.back())) || s.back() == ';'))
        s.remove_suffix(1);
    return std::string(s);
}

// Splits the statement at the given top-level keywords (in this order, each optional) after `start`.
DmlClauses clauses(std::string_view statement, const char *verb, const char *start, const char *joinWord)
{
    DmlClauses out;
    const auto words = topLevelWords(statement);
    if (words.empty() || words[0].lower != verb) {
        out.error = words.empty() || words[0].lower != "with" ? "it does not start with " + std::string(verb)
                                                              : "a WITH clause is not backed up";
        return out;
    }
    std::size_t startAt = 0, joinAt = 0, whereAt = 0, returningAt = 0;
    for (std::size_t i = 1; i < words.size(); ++i) {
        const auto &w = words[i].lower;
        if (!startAt && w == start)
            startAt = i;
        else if (startAt && !joinAt && !whereAt && w == joinWord)
            joinAt = i;
        else if (startAt && !whereAt && w == "where")
            whereAt = i;
        else if (startAt && w == "returning")
            returningAt = i;
    }
    if (!startAt) {
        out.error = "no " + std::string(start) + " clause";
        return out;
    }
    const auto end = returningAt ? words[returningAt].begin : statement.size();
    if (whereAt) {
        if (whereAt + 2 < words.size() && words[whereAt + 1].lower == "current" &&
            words[whereAt + 2].lower == "of") {
            out.error = "WHERE CURRENT OF a cursor";
            return out;
        }
        out.where = trimmed(statement.substr(words[whereAt].end, end - words[whereAt].end));
    }
    if (joinAt) {
        const auto joinEnd = whereAt ? words[whereAt].begin : end;
        (std::string_view(joinWord) == "using" ? out.using_ : out.from) =
            trimmed(statement.substr(words[joinAt].end, joinEnd - words[joinAt].end));
    }
    return out;
}

} // namespace

DmlClauses deleteClauses(std::string_view statement)
{
    return clauses(statement, "delete", "from", "using");
}

DmlClauses updateClauses(std::string_view statement)
{
    return clauses(statement, "update", "set", "from");
}

std::string withoutConcurrently(std::string_view statement)
{
    for (const auto &w : topLevelWords(statement)) {
        if (w.lower == "concurrently")
            return std::string(statement.substr(0, w.begin)) + std::string(statement.substr(w.end));
    }
    return std::string(statement);
}

} // namespace sluice::review
