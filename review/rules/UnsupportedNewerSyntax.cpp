#include "Rule.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <regex>

namespace sluice::review::rules {
namespace {

// The statement in lower case with comments dropped, literals and quoted identifiers emptied and whitespace
// collapsed, so that the patterns below only see keywords.
std::string normalize(std::string_view s)
{
    std::string out;
    auto space = [&] {
        if (!out.empty() && out.back() != ' ')
            out += ' ';
    };
    for (std::size_t i = 0; i < s.size();) {
        const char c = s[i];
        if (c == '\'' || c == '"') {
            auto end = i + 1;
            for (; end < s.size(); ++end) {
                if (s[end] == c && end + 1 < s.size() && s[end + 1] == c)
                    ++end;
                else if (s[end] == c)
                    break;
            }
            out += c == '\'' ? "''" : "\"q\"";
            i = end + 1;
        } else if (c == '$' && i + 1 < s.size() && !std::isdigit(static_cast<unsigned char>(s[i + 1])) &&
                   s.find('$', i + 1) != std::string_view::npos) {
            const auto close = s.find('$', i + 1);
            const auto tag = s.substr(i, close - i + 1);
            const bool isTag = std::all_of(tag.begin() + 1, tag.end() - 1, [](char t) {
                return std::isalnum(static_cast<unsigned char>(t)) || t == '_';
            });
            const auto end = isTag ? s.find(tag, close + 1) : std::string_view::npos;
            if (!isTag) {
                out += c;
                ++i;
                continue;
            }
            out += "''";
            i = end == std::string_view::npos ? s.size() : end + tag.size();
        } else if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
            i = std::min(s.find('\n', i), s.size());
            space();
        } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
            const auto end = s.find("*/", i + 2);
            i = end == std::string_view::npos ? s.size() : end + 2;
            space();
        } else if (std::isspace(static_cast<unsigned char>(c))) {
            space();
            ++i;
        } else {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            ++i;
        }
    }
    return out;
}

// GENERATED ALWAYS AS (expr) without STORED: a virtual generated column, PostgreSQL 18.
bool virtualGeneratedColumn(const std::string &text)
{
    for (auto at = text.find("generated always as"); at != std::string::npos;
         at = text.find("generated always as", at + 1)) {
        auto i = at + 19;
        while (i < text.size() && text[i] == ' ')
            ++i;
        if (i >= text.size() || text[i] != '(')
            continue;
        int depth = 0;
        for (; i < text.size(); ++i) {
            depth += text[i] == '(' ? 1 : text[i] == ')' ? -1 : 0;
            if (depth == 0)
                break;
        }
        if (i >= text.size())
            continue; // unbalanced: the error is elsewhere
        const auto next = text.find_first_not_of(' ', i + 1);
        if (next == std::string::npos || text.compare(next, 6, "stored") != 0)
            return true;
    }
    return false;
}

// A PostgreSQL 16+ form: the statement starts with `prefix` (if any) and matches `pattern` somewhere. The
// patterns avoid unbounded repetition so that matching stays cheap on long statements.
struct Form
{
    const char *prefix;
    const char *pattern;
    const char *feature;
    int version;
};

constexpr std::array<Form, 14> kForms{{
    {"", R"(\bset expression as\b)", "ALTER COLUMN ... SET EXPRESSION", 17},
    {"", R"(\badd (constraint \S+ )?not null\b)",
     "a NOT NULL table constraint (ADD CONSTRAINT ... NOT NULL column)", 18},
    {"repack", R"(^repack\b)", "REPACK", 19},
    {"", R"(\bnot enforced\b|\) enforced\b)", "constraints declared [NOT] ENFORCED", 18},
    {"", R"(\bwithout overlaps\b)", "temporal constraints (WITHOUT OVERLAPS)", 18},
    {"", R"(\breturning with ?\()", "RETURNING WITH (OLD/NEW AS ...)", 18},
    {"", R"(\bwhen not matched by (source|target)\b)", "MERGE ... WHEN NOT MATCHED BY SOURCE/TARGET", 17},
    {"merge", R"(\breturning\b)", "MERGE ... RETURNING", 17},
    {"", R"(\b(json_table|json_exists|json_query|json_value) ?\()",
     "SQL/JSON query functions (JSON_TABLE, JSON_QUERY...)", 17},
    {"", R"(\bset (statistics|access method) default\b)", "SET STATISTICS/ACCESS METHOD DEFAULT", 17},
    {"", R"(\bis (not )?json\b)", "the IS JSON predicate", 16},
    {"grant", R"(\bwith (inherit|set|admin) (true|false)\b)",
     "GRANT role ... WITH INHERIT/SET/ADMIN TRUE|FALSE", 16},
    {"grant", R"(\bwith (inherit|set) option\b)", "GRANT role ... WITH INHERIT/SET OPTION", 16},
    {"", R"(\b(\d+(_\d+)+|0[xob][0-9a-f_]+)\b)", "numeric literals with underscores or 0x/0o/0b prefixes",
     16},
}};

void finish(FileContext &ctx)
{
    if (ctx.pgVersion() <= 15)
        return;
    const auto all = ctx.all();
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (all[i].tree)
            continue;
        const auto text =
            normalize(ctx.sql().substr(all[i].range.begin, all[i].range.end - all[i].range.begin));
        const char *feature = nullptr;
        int version = 0;
        if (virtualGeneratedColumn(text)) {
            feature = "a virtual generated column (GENERATED ALWAYS AS (...) without STORED)";
            version = 18;
        }
        for (const auto &form : kForms) {
            if (feature)
                break;
            if (text.rfind(form.prefix, 0) == 0 && std::regex_search(text, std::regex(form.pattern))) {
                feature = form.feature;
                version = form.version;
            }
        }
        if (!feature || ctx.pgVersion() < version)
            continue;
        ctx.reportAt(
            i, "this statement uses " + std::string(feature) + ", PostgreSQL " + std::to_string(version) +
                   " syntax that the review's PostgreSQL 15 parser cannot read: it was not analysed, no "
                   "lock, rewrite or data-loss check ran on it");
    }
}

} // namespace

extern const Rule unsupportedNewerSyntax{
    "unsupported-newer-syntax",
    Severity::Warning,
    false,
    "A statement in PostgreSQL 16+ syntax that the engine's PostgreSQL 15 parser cannot read.",
    "The target runs a newer PostgreSQL than the parser the review is built on (libpg_query 15), so this "
    "statement shows up as a syntax error and none of the safety rules looked at it. Review it by hand "
    "(locks, "
    "rewrites, data loss), keep the newer syntax in small migrations of its own, or upgrade the review "
    "engine "
    "to a newer libpg_query.",
    nullptr,
    finish};

} // namespace sluice::review::rules
