#include "CharClass.h"
#include "PerformanceNamingHelpers.h"
#include "Rule.h"

namespace sluice::review::rules {
namespace {

constexpr std::size_t kMaxIdentifierBytes = 63; // NAMEDATALEN - 1

// The first bytes of a name, cut at a character boundary.
std::string head(const std::string &name, std::size_t bytes)
{
    while (bytes > 0 && bytes < name.size() && (static_cast<unsigned char>(name[bytes]) & 0xC0) == 0x80)
        --bytes;
    return name.substr(0, bytes);
}

// Whether the text may hold an identifier longer than the limit: a quoted identifier, or a run of more than
// the limit of the characters an unquoted identifier is made of. Most statements hold neither, and tokenizing
// them is the expensive part.
bool mayHoldLongIdentifier(std::string_view text)
{
    if (text.find('"') != std::string_view::npos)
        return true;
    // A skip search for a run of kLong identifier bytes: any such run starting in [i, i + kLong) covers byte
    // i + kLong - 1, so when that byte is not an identifier byte the search skips past it. Invariant: the
    // byte before i is not an identifier byte.
    constexpr std::size_t kLong = kMaxIdentifierBytes + 1;
    std::size_t i = 0;
    while (i + kLong <= text.size()) {
        const auto probe = i + kLong - 1;
        if (!chars::isIdentifier(text[probe])) {
            i = probe + 1;
            continue;
        }
        auto begin = probe, end = probe + 1;
        while (begin > i && chars::isIdentifier(text[begin - 1]))
            --begin;
        while (end < text.size() && chars::isIdentifier(text[end]))
            ++end;
        if (end - begin >= kLong)
            return true;
        i = end + 1;
    }
    return false;
}

void check(RuleContext &ctx)
{
    if (!mayHoldLongIdentifier(ctx.text()))
        return;
    // The parser truncates long identifiers before the tree is built, so read them from the text.
    for (const auto &token : pn::identifierTokens(ctx.text(), pn::statementRange(ctx).begin)) {
        if (token.value.size() <= kMaxIdentifierBytes)
            continue;
        ctx.reportRange("Identifier " + head(token.value, 20) + "... is " +
                            std::to_string(token.value.size()) +
                            " bytes long: PostgreSQL silently truncates it to its first 63 bytes",
                        {token.begin, token.end});
    }
}

} // namespace

extern const Rule identifierTooLong{
    "identifier-too-long",
    Severity::Warning,
    false,
    "An identifier longer than 63 bytes, which PostgreSQL truncates.",
    "PostgreSQL keeps only the first 63 bytes of a name (NAMEDATALEN - 1) and says so only in a NOTICE. The "
    "object gets a name other than the one in the migration, so tools and later migrations that look it up "
    "by the full name (IF NOT EXISTS, DROP, schema diffs) miss it, and two long names that share their first "
    "63 bytes collide. Shorten the name.",
    check,
    nullptr};

} // namespace sluice::review::rules
