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
    std::size_t run = 0;
    for (const char c : text) {
        if (c == '"')
            return true;
        run = chars::isIdentifier(c) ? run + 1 : 0;
        if (run > kMaxIdentifierBytes)
            return true;
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
