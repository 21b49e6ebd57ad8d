#include "CharClass.h"
#include "Rule.h"
#include "SecurityTransactionHelpers.h"

#include <array>
#include <cctype>
#include <pg_query.h>

namespace sluice::review::rules {
namespace {

// The end of a quoted string, quoted identifier, comment or dollar-quoted string starting at i, or i.
std::size_t skipQuoted(std::string_view s, std::size_t i)
{
    const auto n = s.size();
    const char c = s[i];
    if (c == '\'' || c == '"') {
        for (++i; i < n; ++i) {
            if (s[i] == c && i + 1 < n && s[i + 1] == c)
                ++i;
            else if (s[i] == c)
                return i + 1;
        }
        return n;
    }
    if (c == '-' && i + 1 < n && s[i + 1] == '-')
        return std::min(s.find('\n', i), n);
    if (c == '/' && i + 1 < n && s[i + 1] == '*') {
        const auto end = s.find("*/", i + 2);
        return end == std::string_view::npos ? n : end + 2;
    }
    if (c == '$') {
        auto j = i + 1;
        while (j < n && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_'))
            ++j;
        if (j < n && s[j] == '$' && (j == i + 1 || !std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
            const auto tag = s.substr(i, j - i + 1);
            const auto end = s.find(tag, j + 1);
            return end == std::string_view::npos ? n : end + tag.size();
        }
    }
    return i;
}

std::size_t wordEnd(std::string_view s, std::size_t i)
{
    while (i < s.size() && chars::isIdentifier(s[i]))
        ++i;
    return i;
}

// The end of the expression after EXECUTE: the ';', or INTO, USING or LOOP at the top level.
std::size_t expressionEnd(std::string_view s, std::size_t i)
{
    int depth = 0;
    while (i < s.size()) {
        if (const auto skip = skipQuoted(s, i); skip != i) {
            i = skip;
        } else if (chars::isIdentifier(s[i])) {
            const auto end = wordEnd(s, i);
            const auto word = sectx::lower(s.substr(i, end - i));
            if (depth == 0 && (word == "into" || word == "using" || word == "loop"))
                return i;
            i = end;
        } else if (s[i] == '(' || s[i] == ')') {
            depth += s[i] == '(' ? 1 : -1;
            if (depth < 0)
                return i;
            ++i;
        } else if (s[i] == ';' && depth == 0) {
            return i;
        } else {
            ++i;
        }
    }
    return i;
}

std::string functionName(Node call)
{
    const auto names = tree::strings(call["funcname"]);
    return names.empty() ? std::string() : sectx::lower(names.back());
}

bool trusted(Node n);

// format() is safe when its format string has no %s, or when every argument is itself safe.
bool formatTrusted(Node args)
{
    const auto format = tree::stringConstant(args.at(0));
    if (!args.at(0).is("A_Const"))
        return false;
    bool plain = false;
    for (std::size_t i = 0; i < format.size(); ++i) {
        if (format[i] != '%')
            continue;
        if (i + 1 < format.size() && format[i + 1] == '%') {
            ++i;
            continue;
        }
        auto j = format.find_first_not_of("0123456789$-*", i + 1);
        if (j != std::string_view::npos && format[j] == 's')
            plain = true;
        i = j == std::string_view::npos ? format.size() : j;
    }
    for (std::size_t i = 1; plain && i < args.size(); ++i) {
        if (!trusted(args.at(i)))
            return false;
    }
    return true;
}

// A value that cannot carry SQL of its own: constants, quoted values, casts to non-text types.
bool trusted(Node n)
{
    if (n.is("A_Const"))
        return true;
    if (const auto cast = n.as("TypeCast")) {
        static constexpr std::array textTypes{std::string_view("text"), std::string_view("varchar"),
                                              std::string_view("bpchar"), std::string_view("name"),
                                              std::string_view("unknown")};
        const auto type = tree::typeName(cast["typeName"]);
        return std::find(textTypes.begin(), textTypes.end(), type) == textTypes.end() || trusted(cast["arg"]);
    }
    if (const auto expr = n.as("A_Expr"))
        return tree::strings(expr["name"]) == std::vector<std::string>{"||"} && trusted(expr["lexpr"]) &&
               trusted(expr["rexpr"]);
    const auto call = n.as("FuncCall");
    const auto name = functionName(call);
    if (name == "quote_ident" || name == "quote_literal" || name == "quote_nullable")
        return true;
    if (name == "format")
        return formatTrusted(call["args"]);
    if (name == "concat" || name == "concat_ws") {
        for (const Node arg : call["args"]) {
            if (!trusted(arg))
                return false;
        }
        return true;
    }
    return false;
}

bool concatenates(Node n)
{
    if (const auto expr = n.as("A_Expr"))
        return tree::strings(expr["name"]) == std::vector<std::string>{"||"};
    const auto name = functionName(n.as("FuncCall"));
    return name == "format" || name == "concat" || name == "concat_ws";
}

// Whether the expression builds SQL text from values that are not quoted.
bool risky(Node n)
{
    if (concatenates(n))
        return !trusted(n);
    const auto name = functionName(n.as("FuncCall"));
    if (name == "quote_ident" || name == "quote_literal" || name == "quote_nullable")
        return false;
    for (const Node child : n) {
        if (risky(child))
            return true;
    }
    return false;
}

bool riskyExpression(std::string_view expression)
{
    const std::string query = "SELECT " + std::string(expression);
    PgQueryParseResult parsed = pg_query_parse(query.c_str());
    bool result = false;
    if (!parsed.error) {
        if (const auto parsedTree = ParseTree::adopt(parsed.parse_tree)) {
            const auto select = parsedTree->root()["stmts"].at(0)["stmt"].as("SelectStmt");
            result =
                select["targetList"].size() == 1 && risky(select["targetList"].at(0).as("ResTarget")["val"]);
        }
    }
    pg_query_free_parse_result(parsed);
    return result;
}

void scanBody(RuleContext &ctx, std::string_view body, Node bodyNode, const std::string &what)
{
    const auto range = ctx.all()[ctx.index()].range;
    const auto location = bodyNode.location();
    const auto found = location < 0 ? std::string_view::npos : ctx.sql().find(body, std::size_t(location));
    const bool verbatim = found != std::string_view::npos && found + body.size() <= range.end;
    for (std::size_t i = 0; i < body.size();) {
        if (const auto skip = skipQuoted(body, i); skip != i) {
            i = skip;
            continue;
        }
        if (!chars::isIdentifier(body[i])) {
            ++i;
            continue;
        }
        const auto end = wordEnd(body, i);
        if (sectx::lower(body.substr(i, end - i)) != "execute") {
            i = end;
            continue;
        }
        const auto exprEnd = expressionEnd(body, end);
        auto expression = body.substr(end, exprEnd - end);
        while (!expression.empty() && std::isspace(static_cast<unsigned char>(expression.front())))
            expression.remove_prefix(1);
        while (!expression.empty() && std::isspace(static_cast<unsigned char>(expression.back())))
            expression.remove_suffix(1);
        if (!expression.empty() && riskyExpression(expression)) {
            const auto shown = expression.size() > 80 ? std::string(expression.substr(0, 77)) + "..."
                                                      : std::string(expression);
            auto message = "EXECUTE in " + what + " builds SQL from unquoted values (" + shown +
                           "): a value containing a quote or a semicolon changes the statement";
            if (verbatim)
                ctx.reportRange(std::move(message), {found + i, found + exprEnd});
            else
                ctx.report(std::move(message), bodyNode);
        }
        i = exprEnd;
    }
}

void check(RuleContext &ctx)
{
    const auto statement = ctx.statement();
    std::string language = statement.is("DoStmt") ? "plpgsql" : "";
    Node bodyNode;
    std::string_view body;
    for (const Node o : statement.is("DoStmt") ? statement.body()["args"] : statement.body()["options"]) {
        const auto option = o.as("DefElem");
        if (option["defname"].str() == "language")
            language = sectx::lower(tree::stringConstant(option["arg"]));
        if (option["defname"].str() == "as") {
            bodyNode = o;
            body = statement.is("DoStmt") ? tree::stringConstant(option["arg"])
                                          : tree::stringConstant(option["arg"].as("List")["items"].at(0));
        }
    }
    if (language != "plpgsql" || body.empty() ||
        !(statement.is("DoStmt") || statement.is("CreateFunctionStmt")))
        return;
    std::string what = "the DO block";
    if (const auto function = statement.as("CreateFunctionStmt")) {
        what = function["is_procedure"].boolean() ? "procedure " : "function ";
        for (const auto &part : tree::strings(function["funcname"]))
            what += (what.back() == ' ' ? "" : ".") + part;
    }
    scanBody(ctx, body, bodyNode, what);
}

} // namespace

extern const Rule dynamicSqlInFunction{
    "dynamic-sql-in-function",
    Severity::Warning,
    false,
    "PL/pgSQL EXECUTE of SQL built by concatenation or format('%s').",
    "Dynamic SQL assembled with ||, concat() or format('%s', ...) from variables runs whatever those values "
    "contain: an identifier or value with a quote or semicolon in it becomes part of the statement (SQL "
    "injection), and in a SECURITY DEFINER function it runs with the owner's rights. Quote identifiers with "
    "format('%I', ...) or quote_ident(), and pass values as parameters: EXECUTE '... WHERE id = $1' USING v.",
    check,
    nullptr};

} // namespace sluice::review::rules
