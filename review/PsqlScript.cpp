#include "PsqlScript.h"

#include "Engine.h"
#include "LineIndex.h"
#include "Rule.h"
#include "Script.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace sluice::review {
namespace {

// psql has no limit; a chain this deep is a mistake, and the guard also stops a cycle that a path spelled two
// ways hides from the cycle check.
constexpr int kMaxIncludeDepth = 16;

bool isVariableChar(unsigned char c)
{
    return std::isalnum(c) || c == '_' || c >= 0x80;
}
bool isIdentifierStart(unsigned char c)
{
    return std::isalpha(c) || c == '_' || c >= 0x80;
}
// PostgreSQL identifiers may contain $, so `a$b$` is one word and not a dollar quote.
bool isIdentifierChar(unsigned char c)
{
    return isVariableChar(c) || c == '$';
}
bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// psql's ParseVariableBool: a case-insensitive prefix of true, false, yes, no; on and off (two letters at
// least, "o" is ambiguous); 1 and 0.
std::optional<bool> psqlBoolean(std::string value)
{
    for (auto &c : value)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    if (value.empty())
        return std::nullopt;
    auto prefixOf = [&](std::string_view word) { return word.substr(0, value.size()) == value; };
    if (value.size() <= 4 && prefixOf("true"))
        return true;
    if (value.size() <= 5 && prefixOf("false"))
        return false;
    if (value.size() <= 3 && prefixOf("yes"))
        return true;
    if (value.size() <= 2 && prefixOf("no"))
        return false;
    if (value == "on")
        return true;
    if (value.size() >= 2 && value.size() <= 3 && prefixOf("off"))
        return false;
    if (value == "1")
        return true;
    if (value == "0")
        return false;
    return std::nullopt;
}

// PQescapeLiteral and PQescapeIdentifier, as psql applies them for :'name' and :"name".
std::string quoteLiteral(std::string_view value)
{
    const bool backslash = value.find('\\') != std::string_view::npos;
    std::string out = backslash ? " E'" : "'";
    for (const char c : value) {
        if (c == '\'' || (backslash && c == '\\'))
            out += c;
        out += c;
    }
    return out + "'";
}
std::string quoteIdentifier(std::string_view value)
{
    std::string out = "\"";
    for (const char c : value) {
        if (c == '"')
            out += c;
        out += c;
    }
    return out + "\"";
}

enum class Meta {
    Drop,       // output and display only: \echo, \timing, \pset, \d...
    Terminate,  // sends the query like a semicolon: \g, \gx
    GSet,       // sends the query and sets variables from its result
    SetUnknown, // sets a variable from outside the script: \prompt, \getenv
    Set,
    Unset,
    Include,         // \i, \include
    IncludeRelative, // \ir, \include_relative
    If,
    Elif,
    Else,
    Endif,
    Quit,
    Unsafe,      // changes what runs where: \connect, \gexec, \!, \copy...
    Unsupported, // psql refuses it, or the review cannot follow it
};

struct MetaKind
{
    Meta kind;
    std::string why; // for Unsafe and Unsupported: the sentence of the finding
};

MetaKind classify(std::string_view name)
{
    auto is = [&](std::initializer_list<std::string_view> names) {
        return std::find(names.begin(), names.end(), name) != names.end();
    };
    if (is({"echo",  "qecho", "warn",    "timing", "pset",     "a",          "t",        "x",
            "f",     "H",     "C",       "T",      "encoding", "errverbose", "conninfo", "p",
            "print", "w",     "write",   "setenv", "?",        "h",          "help",     "copyright",
            "l",     "list",  "lo_list", "z",      "s",        "o",          "out"}) ||
        name.starts_with("d") || name.starts_with("l+") || name.starts_with("sf") || name.starts_with("sv"))
        return {Meta::Drop, {}};
    if (is({"g", "gx", "crosstabview"}))
        return {Meta::Terminate, {}};
    if (is({"gset"}))
        return {Meta::GSet, {}};
    if (is({"prompt", "getenv"}))
        return {Meta::SetUnknown, {}};
    if (is({"set"}))
        return {Meta::Set, {}};
    if (is({"unset"}))
        return {Meta::Unset, {}};
    if (is({"i", "include"}))
        return {Meta::Include, {}};
    if (is({"ir", "include_relative"}))
        return {Meta::IncludeRelative, {}};
    if (is({"if"}))
        return {Meta::If, {}};
    if (is({"elif"}))
        return {Meta::Elif, {}};
    if (is({"else"}))
        return {Meta::Else, {}};
    if (is({"endif"}))
        return {Meta::Endif, {}};
    if (is({"q", "quit"}))
        return {Meta::Quit, {}};
    if (is({"c", "connect"}))
        return {Meta::Unsafe, "\\" + std::string(name) +
                                  " switches to another database or login: the statements after it would run "
                                  "where the review and the approval did not look"};
    if (is({"gexec"}))
        return {Meta::Unsafe,
                "\\gexec runs every value the query returns as a statement of its own: SQL that "
                "nobody reviewed"};
    if (is({"!"}))
        return {Meta::Unsafe, "\\! runs a shell command on the machine running psql, outside the review"};
    if (is({"copy"}))
        return {Meta::Unsafe,
                "\\copy reads or writes a file on the machine running psql: the rows it loads are "
                "not in the reviewed text"};
    if (is({"lo_import", "lo_export", "lo_unlink"}))
        return {Meta::Unsafe, "\\" + std::string(name) +
                                  " moves a large object between the database and a client file, outside the "
                                  "reviewed text"};
    if (is({"watch"}))
        return {Meta::Unsafe, "\\watch runs the query again and again until it is interrupted"};
    if (is({"gdesc"}))
        return {Meta::Unsupported,
                "\\gdesc describes the query without running it; write the script without it"};
    if (is({"r", "reset"}))
        return {Meta::Unsupported, "\\" + std::string(name) +
                                       " discards the query typed so far; remove the discarded text and the "
                                       "command"};
    if (is({"cd"}))
        return {Meta::Unsupported, "\\cd changes the directory later \\i commands read from; give the paths "
                                   "instead"};
    if (is({"e", "edit", "ef", "ev"}))
        return {Meta::Unsupported,
                "\\" + std::string(name) + " opens an editor; a migration cannot wait for one"};
    return {Meta::Unsupported,
            "psql 15 has no meta-command \\" + std::string(name) + "; it would stop there"};
}

struct Variable
{
    std::string value;
    // False when the value comes from outside the script when it runs (\gset, \prompt, a backquoted command).
    bool known = true;
    std::string origin; // for an unknown value: where it comes from, as a sentence part
};

// One argument of a meta-command, after psql's quoting and substitution.
struct Argument
{
    std::string value;
    bool known = true;
    std::string unknownWhy;
};

// One \if ... \endif in the file being read.
struct Branch
{
    // Whether the lines of the current branch run; undecidable conditions keep every branch on, so that the
    // review sees all of them.
    bool active = false;
    bool taken = false;   // an earlier branch ran
    bool ignored = false; // the \if is inside a branch that does not run
    bool sawElse = false;
    bool undecidable = false; // known only when the script runs: every branch is reviewed
};

} // namespace

// Reads the files of a psql script the way psql's lexer does, writing the SQL that runs.
class PsqlResolver
{
public:
    PsqlResolver(PsqlScript &script, const PsqlScript::Options &options)
        : m_script(script), m_options(options)
    {
        for (const auto &[name, value] : options.variables)
            m_variables[name] = {value, true, {}};
    }

    void readSource(std::size_t source, int depth);

private:
    const std::string &text() const { return m_script.m_sources[m_source].text; }
    bool active() const { return !m_quit && (m_branches.empty() || m_branches.back().active); }

    void problem(std::string_view ruleId, std::string message, std::size_t begin, std::size_t end);
    void emitExact(std::size_t begin, std::size_t end);
    void emitMade(std::string_view made, std::size_t at);
    // made, after a space unless the SQL written so far ends in one.
    std::string separated(std::string made) const;
    // Writes [m_copied, upTo) of the file: as it is on a line that runs, commented out on one that does not.
    void flush(std::size_t upTo);
    void commentOut(std::size_t begin, std::size_t end);

    std::size_t skipQuoted(std::size_t i, char quote, bool backslashEscapes) const;
    std::size_t skipDollarQuote(std::size_t i) const;
    std::size_t skipBlockComment(std::size_t i) const;
    // A :name, :'name', :"name" or :{?name} at i; returns where it ends, or i when it is not one.
    std::size_t variableReference(std::size_t i, bool inSql, std::string *out, bool *known);
    std::size_t metaCommand(std::size_t i, int depth);
    std::vector<Argument> arguments(std::size_t &i, bool evaluate);
    void conditional(Meta kind, const std::vector<Argument> &args, std::size_t begin, std::size_t end);
    void include(bool relative, const std::vector<Argument> &args, std::size_t begin, std::size_t end,
                 int depth);

    PsqlScript &m_script;
    const PsqlScript::Options &m_options;
    std::map<std::string, Variable> m_variables;
    std::vector<std::string> m_including; // the files being read, outermost first, for the cycle check
    bool m_quit = false;

    // The file being read.
    std::size_t m_source = 0;
    std::size_t m_copied = 0; // what of the file is written to the SQL
    std::vector<Branch> m_branches;
    bool m_bufferHasSql = false; // psql's query buffer holds text since the last semicolon
    int m_parens = 0;
    int m_brackets = 0;
    int m_gsetLine = 0; // the line of the last \gset, for the message on what it may set
};

void PsqlResolver::problem(std::string_view ruleId, std::string message, std::size_t begin, std::size_t end)
{
    const Rule *rule = findRule(ruleId);
    PsqlFinding f;
    f.source = m_source;
    f.finding.ruleId = std::string(ruleId);
    f.finding.severity = rule ? rule->severity : Severity::Error;
    f.finding.range = {begin, end};
    f.finding.message = std::move(message);
    f.finding.help = rule ? std::string(rule->help) : std::string();
    f.sqlOffset = m_script.m_sql.size();
    m_script.m_problems.push_back(std::move(f));
}

void PsqlResolver::emitExact(std::size_t begin, std::size_t end)
{
    if (begin >= end)
        return;
    m_script.m_segments.push_back({m_script.m_sql.size(), m_source, begin, true});
    m_script.m_sql.append(text(), begin, end - begin);
}

std::string PsqlResolver::separated(std::string made) const
{
    const auto &sql = m_script.m_sql;
    return sql.empty() || isSpace(sql.back()) ? made : " " + made;
}

void PsqlResolver::emitMade(std::string_view made, std::size_t at)
{
    if (made.empty())
        return;
    m_script.m_segments.push_back({m_script.m_sql.size(), m_source, at, false});
    m_script.m_sql.append(made);
}

void PsqlResolver::commentOut(std::size_t begin, std::size_t end)
{
    // Line by line with "-- ", so that the lines stay where they were; a piece that ends before its line does
    // (a meta-command follows on the same line) in a block comment.
    while (begin < end) {
        auto lineEnd = text().find('\n', begin);
        const bool wholeLine = lineEnd < end;
        lineEnd = wholeLine ? lineEnd + 1 : end;
        const auto line = std::string_view(text()).substr(begin, lineEnd - begin);
        if (std::all_of(line.begin(), line.end(), isSpace)) {
            emitExact(begin, lineEnd);
        } else if (wholeLine) {
            emitMade("-- ", begin);
            emitExact(begin, lineEnd);
        } else {
            std::string escaped;
            for (std::size_t k = 0; k < line.size(); ++k) {
                escaped += line[k];
                // PostgreSQL nests block comments: neither an opening nor a closing mark may survive.
                if ((line[k] == '/' || line[k] == '*') && k + 1 < line.size() &&
                    (line[k + 1] == '*' || line[k + 1] == '/'))
                    escaped += ' ';
            }
            emitMade("/* " + escaped + " */", begin);
        }
        begin = lineEnd;
    }
}

void PsqlResolver::flush(std::size_t upTo)
{
    if (upTo <= m_copied)
        return;
    if (active())
        emitExact(m_copied, upTo);
    else
        commentOut(m_copied, upTo);
    m_copied = upTo;
}

std::size_t PsqlResolver::skipQuoted(std::size_t i, char quote, bool backslashEscapes) const
{
    const auto &t = text();
    for (++i; i < t.size(); ++i) {
        if (backslashEscapes && t[i] == '\\') {
            ++i;
        } else if (t[i] == quote) {
            if (i + 1 < t.size() && t[i + 1] == quote) {
                ++i;
                continue;
            }
            return i + 1;
        }
    }
    return t.size();
}

std::size_t PsqlResolver::skipDollarQuote(std::size_t i) const
{
    const auto &t = text();
    std::size_t j = i + 1;
    if (j < t.size() && isIdentifierStart(static_cast<unsigned char>(t[j]))) {
        while (j < t.size() && isVariableChar(static_cast<unsigned char>(t[j])))
            ++j;
    }
    if (j >= t.size() || t[j] != '$')
        return i; // $1, or a lone $: not a quote
    const auto tag = std::string_view(t).substr(i, j - i + 1);
    const auto close = t.find(tag, j + 1);
    return close == std::string::npos ? t.size() : close + tag.size();
}

std::size_t PsqlResolver::skipBlockComment(std::size_t i) const
{
    const auto &t = text();
    int depth = 1;
    for (i += 2; i < t.size() && depth > 0; ++i) {
        if (t[i] == '/' && i + 1 < t.size() && t[i + 1] == '*')
            ++depth, ++i;
        else if (t[i] == '*' && i + 1 < t.size() && t[i + 1] == '/')
            --depth, ++i;
    }
    return i;
}

std::size_t PsqlResolver::variableReference(std::size_t i, bool inSql, std::string *out, bool *known)
{
    const auto &t = text();
    const auto n = t.size();
    std::size_t nameBegin = i + 1, nameEnd;
    char quote = 0;
    bool test = false;
    if (nameBegin < n && (t[nameBegin] == '\'' || t[nameBegin] == '"')) {
        quote = t[nameBegin++];
    } else if (nameBegin + 1 < n && t[nameBegin] == '{' && t[nameBegin + 1] == '?') {
        test = true;
        nameBegin += 2;
    }
    nameEnd = nameBegin;
    while (nameEnd < n && isVariableChar(static_cast<unsigned char>(t[nameEnd])))
        ++nameEnd;
    if (nameEnd == nameBegin)
        return i;
    std::size_t end = nameEnd;
    if (quote || test) {
        if (end >= n || t[end] != (test ? '}' : quote))
            return i;
        ++end;
    }
    const std::string name = t.substr(nameBegin, nameEnd - nameBegin);
    *known = true;
    if (test) {
        *out = m_variables.count(name) ? "TRUE" : "FALSE";
        return end;
    }
    const auto found = m_variables.find(name);
    if (found == m_variables.end()) {
        // psql leaves the reference as written. Inside brackets that is an array slice (a[lo:hi]), which is
        // what the author meant; anywhere else it is a variable nobody set.
        if (inSql && !quote && m_brackets > 0)
            return i;
        problem("psql-unset-variable",
                "psql variable " + name + " is not set, so psql would send '" + t.substr(i, end - i) +
                    "' as written; set it with \\set " + name + " before this line or with --set " + name +
                    "=VALUE" +
                    (m_gsetLine ? " (if the \\gset on line " + std::to_string(m_gsetLine) +
                                      " sets it, its value is known only when the script runs)"
                                : std::string()),
                i, end);
        *known = false;
        // In its place, text of the same shape that parses, so that one mistake is one finding.
        *out = quote == '\'' ? quoteLiteral(name) : quote == '"' ? quoteIdentifier(name) : name;
        return end;
    }
    if (!found->second.known) {
        problem("psql-unset-variable",
                "psql variable " + name + " gets its value " + found->second.origin +
                    " when the script runs; the review cannot know the SQL that will run",
                i, end);
        *known = false;
        *out = quote == '\'' ? quoteLiteral(name) : quote == '"' ? quoteIdentifier(name) : name;
        return end;
    }
    const auto &value = found->second.value;
    *out = quote == '\'' ? quoteLiteral(value) : quote == '"' ? quoteIdentifier(value) : value;
    return end;
}

// psql's rules for a meta-command's arguments: separated by spaces; 'quoted' with backslash escapes;
// "quoted" kept with its quotes; :variables substituted; `backquotes` run in a shell. They end at the end of
// the line or at a backslash, which starts the next meta-command (\\ returns to SQL).
std::vector<Argument> PsqlResolver::arguments(std::size_t &i, bool evaluate)
{
    const auto &t = text();
    const auto n = t.size();
    std::vector<Argument> args;
    while (true) {
        while (i < n && isSpace(t[i]) && t[i] != '\n')
            ++i;
        if (i >= n || t[i] == '\n' || t[i] == '\\')
            return args;
        Argument arg;
        while (i < n && !isSpace(t[i]) && t[i] != '\\') {
            const char c = t[i];
            if (c == '\'') {
                for (++i; i < n && t[i] != '\n'; ++i) {
                    if (t[i] == '\'' && i + 1 < n && t[i + 1] == '\'') {
                        arg.value += '\'', ++i;
                    } else if (t[i] == '\'') {
                        ++i;
                        break;
                    } else if (t[i] == '\\' && i + 1 < n) {
                        const char e = t[++i];
                        arg.value += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
                    } else {
                        arg.value += t[i];
                    }
                }
            } else if (c == '"') {
                const auto end = std::min(skipQuoted(i, '"', false), t.find('\n', i));
                arg.value.append(t, i, end - i);
                i = end;
            } else if (c == '`') {
                const auto close = t.find('`', i + 1);
                const auto end = close == std::string::npos ? n : close + 1;
                if (evaluate) {
                    problem("psql-unsafe-meta-command",
                            "a backquoted command runs in the shell of the machine running psql, outside the "
                            "review",
                            i, end);
                    arg.known = false;
                    arg.unknownWhy = "from a shell command";
                }
                i = end;
            } else if (c == ':' && evaluate) {
                std::string value;
                bool known = true;
                const auto end = variableReference(i, false, &value, &known);
                if (end == i) {
                    arg.value += c;
                    ++i;
                } else {
                    if (!known && arg.known) {
                        arg.known = false;
                        arg.unknownWhy = "from a variable the review cannot know";
                    }
                    arg.value += value;
                    i = end;
                }
            } else {
                arg.value += c;
                ++i;
            }
        }
        args.push_back(std::move(arg));
    }
}

void PsqlResolver::conditional(Meta kind, const std::vector<Argument> &args, std::size_t begin,
                               std::size_t end)
{
    auto evaluate = [&](Branch &branch) {
        std::string expression;
        bool known = true;
        for (const auto &a : args) {
            expression += (expression.empty() ? "" : " ") + a.value;
            known = known && a.known;
        }
        if (!known) {
            problem("psql-invalid-conditional",
                    "which branch of this conditional runs is known only when the script runs; every branch "
                    "is reviewed, and the script cannot be submitted as it is",
                    begin, end);
            branch.active = true;
            branch.undecidable = true;
            return;
        }
        const auto value = psqlBoolean(expression);
        if (!value)
            problem("psql-invalid-conditional",
                    "'" + expression +
                        "' is not a boolean for psql (true/false, on/off, yes/no, 1/0): psql would stop with "
                        "an error here",
                    begin, end);
        branch.active = value.value_or(false);
        branch.taken = branch.active;
    };
    const std::string name(kind == Meta::If     ? "\\if"
                           : kind == Meta::Elif ? "\\elif"
                           : kind == Meta::Else ? "\\else"
                                                : "\\endif");
    if (kind == Meta::If) {
        Branch branch;
        branch.ignored = !active();
        if (!branch.ignored)
            evaluate(branch);
        m_branches.push_back(branch);
        return;
    }
    if (m_branches.empty()) {
        problem("psql-invalid-conditional", name + " without an \\if before it in this file: psql would stop",
                begin, end);
        return;
    }
    auto &branch = m_branches.back();
    if (kind == Meta::Endif) {
        m_branches.pop_back();
        return;
    }
    if (branch.sawElse) {
        problem("psql-invalid-conditional", name + " after \\else: psql would stop", begin, end);
        return;
    }
    if (branch.ignored)
        return;
    if (kind == Meta::Else) {
        branch.sawElse = true;
        branch.active = !branch.taken || branch.undecidable;
        return;
    }
    if (branch.undecidable)
        return;
    if (branch.taken) {
        branch.active = false;
        return;
    }
    evaluate(branch);
}

void PsqlResolver::include(bool relative, const std::vector<Argument> &args, std::size_t begin,
                           std::size_t end, int depth)
{
    if (args.empty() || !args[0].known) {
        problem("psql-include-failed", "this include names no file the review can know", begin, end);
        return;
    }
    if (!m_options.read) {
        problem("psql-include-failed",
                "this includes " + args[0].value +
                    ", and the queue stores one self-contained text per revision: paste the file in (lint "
                    "follows includes from disk)",
                begin, end);
        return;
    }
    namespace fs = std::filesystem;
    fs::path path(args[0].value);
    if (path.is_relative()) {
        const fs::path base = relative ? fs::path(m_script.m_sources[m_source].name).parent_path()
                                       : fs::path(m_options.workingDirectory);
        path = base / path;
    }
    const auto name = path.lexically_normal().string();
    if (std::find(m_including.begin(), m_including.end(), name) != m_including.end()) {
        problem("psql-include-failed", name + " includes itself (through this line): psql would never stop",
                begin, end);
        return;
    }
    if (depth >= kMaxIncludeDepth) {
        problem("psql-include-failed",
                "includes nest more than " + std::to_string(kMaxIncludeDepth) + " files deep here", begin,
                end);
        return;
    }
    std::string error;
    auto read = m_options.read(name, &error);
    if (!read) {
        problem("psql-include-failed", "cannot read " + name + ": " + error, begin, end);
        return;
    }
    m_script.m_sources.push_back({name, std::move(*read)});
    // The included file starts on a line of its own and ends its last statement: psql reads it with a fresh
    // query buffer and sends what is left at its end.
    emitMade("\n", end);
    const auto outer = m_source;
    const auto outerCopied = m_copied;
    auto outerBranches = std::move(m_branches);
    const bool outerBuffer = m_bufferHasSql;
    const int outerParens = m_parens, outerBrackets = m_brackets;
    readSource(m_script.m_sources.size() - 1, depth + 1);
    m_source = outer;
    m_copied = outerCopied;
    m_branches = std::move(outerBranches);
    m_bufferHasSql = outerBuffer;
    m_parens = outerParens;
    m_brackets = outerBrackets;
}

std::size_t PsqlResolver::metaCommand(std::size_t i, int depth)
{
    const auto &t = text();
    const auto n = t.size();
    const auto begin = i;
    m_script.m_usesPsql = true;
    flush(i);
    std::size_t nameEnd = i + 1;
    if (nameEnd < n && t[nameEnd] == '\\') {
        // \\ ends the meta-commands of a line; SQL follows.
        emitMade(" ", i);
        m_copied = nameEnd + 1;
        return nameEnd + 1;
    }
    if (nameEnd < n && isVariableChar(static_cast<unsigned char>(t[nameEnd]))) {
        while (nameEnd < n && (isVariableChar(static_cast<unsigned char>(t[nameEnd])) || t[nameEnd] == '+'))
            ++nameEnd;
    } else if (nameEnd < n && !isSpace(t[nameEnd])) {
        ++nameEnd;
    }
    const std::string name = t.substr(i + 1, nameEnd - i - 1);
    const auto kind = classify(name);
    const bool runs = active();
    // psql evaluates the arguments of what it runs, and those of an \elif whose \if has not yet found its
    // branch; it reads the others without evaluating them.
    const Branch *open = m_branches.empty() ? nullptr : &m_branches.back();
    const bool evaluate = kind.kind == Meta::Elif ? !m_quit && open && !open->ignored && !open->taken &&
                                                        !open->sawElse && !open->undecidable
                                                  : runs && kind.kind != Meta::Drop;
    std::size_t end = nameEnd;
    std::vector<Argument> args;
    if (name == "!")
        end = std::min(t.find('\n', end), n); // \! takes the rest of the line
    else
        args = arguments(end, evaluate);
    const auto lineEnd = std::min(t.find('\n', begin), n);
    auto trimmedEnd = end;
    while (trimmedEnd > begin && isSpace(t[trimmedEnd - 1]))
        --trimmedEnd;

    // \g and \gset send the query as a semicolon would.
    if (runs && (kind.kind == Meta::Terminate || kind.kind == Meta::GSet)) {
        if (m_bufferHasSql)
            emitMade(";", begin);
        else
            problem(
                "psql-unsupported-meta-command",
                "\\" + name +
                    " with nothing typed since the last statement runs the previous statement again; write "
                    "that statement out",
                begin, trimmedEnd);
        m_bufferHasSql = false;
        m_parens = m_brackets = 0;
    }
    // The command itself, commented out where it stood.
    if (end == lineEnd) {
        emitMade(separated("-- psql: "), begin);
        emitExact(begin, trimmedEnd);
    } else {
        std::string escaped;
        for (std::size_t k = begin; k < trimmedEnd; ++k) {
            escaped += t[k];
            if ((t[k] == '/' || t[k] == '*') && k + 1 < trimmedEnd && (t[k + 1] == '*' || t[k + 1] == '/'))
                escaped += ' ';
        }
        emitMade(separated("/* psql: " + escaped + " */"), begin);
    }
    m_copied = trimmedEnd;

    if (kind.kind == Meta::If || kind.kind == Meta::Elif || kind.kind == Meta::Else ||
        kind.kind == Meta::Endif) {
        conditional(kind.kind, args, begin, trimmedEnd);
        return end;
    }
    if (!runs)
        return end;
    auto pipes = [&] { return !args.empty() && args[0].value.starts_with("|"); };
    switch (kind.kind) {
    case Meta::Drop:
    case Meta::Terminate:
        if ((kind.kind == Meta::Terminate || name == "o" || name == "out") && pipes())
            problem("psql-unsafe-meta-command",
                    "\\" + name + " | sends query output to a shell command on the machine running psql",
                    begin, trimmedEnd);
        break;
    case Meta::GSet:
        m_gsetLine = positionAt(t, begin).line;
        break;
    case Meta::SetUnknown:
        if (!args.empty() && (name == "prompt" || args.size() >= 2)) {
            const auto &variable = name == "prompt" ? args.back() : args[0];
            m_variables[variable.value] = {{},
                                           false,
                                           name == "prompt" ? "from what the person running psql types"
                                                            : "from an environment variable of psql"};
        }
        break;
    case Meta::Set:
        if (!args.empty()) {
            Variable v;
            for (std::size_t a = 1; a < args.size(); ++a) {
                v.value += args[a].value;
                if (!args[a].known && v.known)
                    v.known = false, v.origin = args[a].unknownWhy;
            }
            m_variables[args[0].value] = std::move(v);
        }
        break;
    case Meta::Unset:
        for (const auto &a : args)
            m_variables.erase(a.value);
        break;
    case Meta::Include:
    case Meta::IncludeRelative:
        include(kind.kind == Meta::IncludeRelative, args, begin, trimmedEnd, depth);
        break;
    case Meta::Quit:
        m_quit = true;
        break;
    case Meta::Unsafe:
        problem("psql-unsafe-meta-command", kind.why, begin, trimmedEnd);
        break;
    case Meta::Unsupported:
        problem("psql-unsupported-meta-command", kind.why, begin, trimmedEnd);
        break;
    default:
        break;
    }
    return end;
}

void PsqlResolver::readSource(std::size_t source, int depth)
{
    m_source = source;
    m_copied = 0;
    m_branches.clear();
    m_bufferHasSql = false;
    m_parens = m_brackets = 0;
    m_including.push_back(std::filesystem::path(m_script.m_sources[source].name).lexically_normal().string());
    // A view, not a reference: an include adds a source, which may move every source's text.
    std::string_view t = text();
    const auto n = t.size();
    std::size_t i = 0;
    while (i < n) {
        const char c = t[i];
        const auto next = i + 1 < n ? t[i + 1] : '\0';
        if (isSpace(c)) {
            ++i;
        } else if (c == '-' && next == '-') {
            i = std::min(t.find('\n', i), n);
        } else if (c == '/' && next == '*') {
            i = skipBlockComment(i);
        } else if (c == '\\') {
            i = metaCommand(i, depth);
            t = text();
        } else {
            m_bufferHasSql = true;
            if (c == '\'') {
                i = skipQuoted(i, '\'', false);
            } else if (c == '"') {
                i = skipQuoted(i, '"', false);
            } else if (c == '$') {
                const auto end = skipDollarQuote(i);
                i = end == i ? i + 1 : end;
            } else if (isIdentifierStart(static_cast<unsigned char>(c))) {
                const auto start = i;
                while (i < n && isIdentifierChar(static_cast<unsigned char>(t[i])))
                    ++i;
                // E'...' takes backslash escapes, so \' does not end it.
                if (i - start == 1 && (c == 'e' || c == 'E') && i < n && t[i] == '\'')
                    i = skipQuoted(i, '\'', true);
            } else if (c == ':' && (next == ':' || next == '=')) {
                i += 2;
            } else if (c == ':') {
                std::string value;
                bool known = true;
                const auto end = active() ? variableReference(i, true, &value, &known) : i;
                if (end == i) {
                    ++i;
                } else {
                    m_script.m_usesPsql = true;
                    flush(i);
                    emitMade(value, i);
                    m_copied = end;
                    i = end;
                }
            } else {
                if (c == '(')
                    ++m_parens;
                else if (c == ')')
                    m_parens = std::max(0, m_parens - 1);
                else if (c == '[')
                    ++m_brackets;
                else if (c == ']')
                    m_brackets = std::max(0, m_brackets - 1);
                else if (c == ';' && m_parens == 0)
                    m_bufferHasSql = false;
                ++i;
            }
        }
    }
    flush(n);
    for (std::size_t open = 0; open < m_branches.size(); ++open) {
        problem("psql-invalid-conditional",
                "an \\if of this file has no \\endif before the file ends: psql would stop with an error", n,
                n);
    }
    m_branches.clear();
    if (m_bufferHasSql && depth > 0)
        emitMade("\n;", n);
    else if (depth > 0 && !m_script.m_sql.empty() && m_script.m_sql.back() != '\n')
        emitMade("\n", n);
    m_including.pop_back();
}

PsqlScript PsqlScript::resolve(std::string name, std::string text, const Options &options)
{
    PsqlScript script;
    script.m_sources.push_back({std::move(name), std::move(text)});
    PsqlResolver resolver(script, options);
    resolver.readSource(0, 0);
    std::vector<std::optional<LineIndex>> lines(script.m_sources.size());
    for (auto &p : script.m_problems) {
        if (!lines[p.source])
            lines[p.source].emplace(script.m_sources[p.source].text);
        p.finding.start = lines[p.source]->at(p.finding.range.begin);
        p.finding.end = lines[p.source]->at(p.finding.range.end);
    }
    return script;
}

PsqlScript::Location PsqlScript::locateOffset(std::size_t sqlOffset) const
{
    auto after = std::upper_bound(m_segments.begin(), m_segments.end(), sqlOffset,
                                  [](std::size_t offset, const Segment &s) { return offset < s.sqlOffset; });
    if (after == m_segments.begin())
        return {0, 0};
    const auto &segment = *(after - 1);
    if (!segment.exact)
        return {segment.source, segment.sourceOffset};
    return {segment.source, segment.sourceOffset + (sqlOffset - segment.sqlOffset)};
}

std::vector<PsqlFinding> PsqlScript::locate(std::vector<Finding> findings, const Config &config) const
{
    // Each with its offset in the SQL, to keep the order in which things run.
    std::vector<std::pair<std::size_t, PsqlFinding>> located;
    located.reserve(findings.size() + m_problems.size());
    std::vector<std::optional<LineIndex>> lines(m_sources.size());
    auto lineIndex = [&](std::size_t source) -> const LineIndex & {
        if (!lines[source])
            lines[source].emplace(m_sources[source].text);
        return *lines[source];
    };
    for (auto &f : findings) {
        const auto order = f.range.begin;
        if (!m_usesPsql) {
            located.push_back({order, {std::move(f), 0, order}});
            continue;
        }
        const auto begin = locateOffset(f.range.begin);
        auto end = f.range.end > f.range.begin ? locateOffset(f.range.end - 1) : begin;
        std::size_t endOffset = end.source == begin.source ? std::max(end.offset + 1, begin.offset)
                                                           : m_sources[begin.source].text.size();
        if (end.source == begin.source && f.range.end == f.range.begin)
            endOffset = begin.offset;
        endOffset = std::min(endOffset, m_sources[begin.source].text.size());
        f.range = {begin.offset, endOffset};
        f.start = lineIndex(begin.source).at(begin.offset);
        f.end = lineIndex(begin.source).at(endOffset);
        located.push_back({order, {std::move(f), begin.source, order}});
    }
    for (const auto &p : m_problems) {
        const Rule *rule = findRule(p.finding.ruleId);
        if (rule && !enabled(*rule, config))
            continue;
        auto copy = p;
        if (rule)
            copy.finding.severity = severityOf(*rule, config);
        located.push_back({copy.sqlOffset, std::move(copy)});
    }
    std::stable_sort(located.begin(), located.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    std::vector<PsqlFinding> out;
    out.reserve(located.size());
    for (auto &l : located)
        out.push_back(std::move(l.second));
    return out;
}

PsqlReview lintPsql(std::string name, std::string text, const PsqlScript::Options &options,
                    const Config &config, const CatalogFacts *catalog)
{
    PsqlReview result{PsqlScript::resolve(std::move(name), std::move(text), options), {}, {}};
    result.review = lint(result.script.sql(), config, catalog);
    result.findings = result.script.locate(result.review.findings, config);
    return result;
}

} // namespace sluice::review
