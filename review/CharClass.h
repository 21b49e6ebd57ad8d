#pragma once

#include <array>
#include <cstring>
#include <string_view>

// Character tests by table, for the rules that read the SQL text byte by byte: std::isalnum and std::tolower
// are calls into the C library for every byte. ASCII only, as PostgreSQL's own scanner folds case.
namespace sluice::review::chars {

namespace detail {
constexpr std::array<bool, 256> identifierTable()
{
    std::array<bool, 256> t{};
    for (int c = 0; c < 256; ++c)
        t[std::size_t(c)] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                            c == '_' || c == '$' || c >= 0x80;
    return t;
}
inline constexpr auto kIdentifier = identifierTable();
} // namespace detail

// A byte of an unquoted identifier: a letter, digit, '_', '$' or a byte of a multi-byte UTF-8 character.
constexpr bool isIdentifier(char c)
{
    return detail::kIdentifier[static_cast<unsigned char>(c)];
}

constexpr char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
}

// Whether text holds word (lower case), ignoring case.
inline bool containsIgnoringCase(std::string_view text, std::string_view word)
{
    if (word.empty())
        return true;
    const char first = word.front(),
               firstUpper = first >= 'a' && first <= 'z' ? char(first - 'a' + 'A') : first;
    for (std::size_t i = 0; i + word.size() <= text.size(); ++i) {
        if (text[i] != first && text[i] != firstUpper)
            continue;
        std::size_t k = 1;
        while (k < word.size() && lower(text[i + k]) == word[k])
            ++k;
        if (k == word.size())
            return true;
    }
    return false;
}

inline bool equalsIgnoringCase(std::string_view text, std::string_view word)
{
    if (text.size() != word.size())
        return false;
    for (std::size_t k = 0; k < word.size(); ++k) {
        if (lower(text[k]) != word[k])
            return false;
    }
    return true;
}

// Whether text holds any of words (lower case), ignoring case. Words with an underscore are found from the
// underscores of the text (memchr), which are far fewer than its bytes.
template <class Words> bool containsAnyIgnoringCase(std::string_view text, const Words &words)
{
    for (const std::string_view word : words) {
        if (word.find('_') == std::string_view::npos && containsIgnoringCase(text, word))
            return true;
    }
    const char *const begin = text.data();
    const char *const end = begin + text.size();
    for (const char *p = begin; p < end;) {
        const auto *underscore = static_cast<const char *>(std::memchr(p, '_', std::size_t(end - p)));
        if (!underscore)
            break;
        const auto at = std::size_t(underscore - begin);
        for (const std::string_view word : words) {
            const auto k = word.find('_');
            if (k != std::string_view::npos && at >= k && at - k + word.size() <= text.size() &&
                equalsIgnoringCase(text.substr(at - k, word.size()), word))
                return true;
        }
        p = underscore + 1;
    }
    return false;
}

// Whether the text may spell an identifier other than literally: U&"..." escapes.
inline bool hasUnicodeEscapes(std::string_view text)
{
    for (auto at = text.find('&'); at != std::string_view::npos; at = text.find('&', at + 1)) {
        if (at > 0 && lower(text[at - 1]) == 'u')
            return true;
    }
    return false;
}

} // namespace sluice::review::chars
