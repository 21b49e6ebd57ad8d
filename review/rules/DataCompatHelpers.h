#pragma once

// Shared helpers for the data-loss (D), data-dependent (F) and backward-compatibility (B) rules.

#include "CharClass.h"
#include "CreatedByQuery.h"
#include "Rule.h"
#include "ScriptIndex.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sluice::review::rules::dc {

// "a" and "public.a" name the same relation.
inline bool sameName(std::string_view a, std::string_view b)
{
    if (a == b)
        return true;
    constexpr std::string_view pub = "public.";
    return (a.size() == b.size() + pub.size() && a.substr(0, pub.size()) == pub &&
            a.substr(pub.size()) == b) ||
           (b.size() == a.size() + pub.size() && b.substr(0, pub.size()) == pub && b.substr(pub.size()) == a);
}

inline std::string join(const std::vector<std::string> &parts)
{
    std::string out;
    for (const auto &p : parts)
        out += (out.empty() ? "" : ".") + p;
    return out;
}

// The name of one DropStmt object: a List of Strings, a String, a TypeName or an ObjectWithArgs.
inline std::string objectName(Node object)
{
    if (const auto list = object.as("List"))
        return join(tree::strings(list["items"]));
    if (const auto s = object.as("String"))
        return std::string(s["sval"].str());
    if (const auto t = object.as("TypeName"))
        return join(tree::strings(t["names"]));
    if (const auto f = object.as("ObjectWithArgs"))
        return join(tree::strings(f["objname"]));
    return {};
}

// The last part of a dotted name.
inline std::string lastPart(const std::string &name)
{
    const auto dot = name.rfind('.');
    return dot == std::string::npos ? name : name.substr(dot + 1);
}

// Whether a relation was created earlier in the file (before statement `index`), including by CREATE TABLE
// AS and CREATE MATERIALIZED VIEW (CreatedByQuery).
inline bool isNewAt(const RuleContext &ctx, std::size_t index, const std::string &name)
{
    if (ctx.all()[index].stateBefore.isNew(name))
        return true;
    return ctx.memo<CreatedByQuery>().createdBefore(
        name, index, [](std::string_view relation, std::string_view n) { return sameName(relation, n); });
}
inline bool isNew(const RuleContext &ctx, const std::string &name)
{
    return isNewAt(ctx, ctx.index(), name);
}
inline bool isNew(const RuleContext &ctx, Node rangeVar)
{
    return isNew(ctx, tree::qualifiedName(rangeVar));
}

// The AlterTableStmt of a statement on a relation (tables, and foreign tables), or an invalid node.
inline Node alterTable(Node statement)
{
    const auto alter = statement.as("AlterTableStmt");
    if (!alter)
        return {};
    const auto type = alter["objtype"].str();
    return type == "OBJECT_TABLE" || type == "OBJECT_FOREIGN_TABLE" ? alter : Node();
}

inline std::string_view subtype(Node cmd)
{
    return cmd.as("AlterTableCmd")["subtype"].str();
}

// Whether an earlier statement in the file added column `column` to `table` (ALTER TABLE ... ADD COLUMN).
inline bool columnAddedEarlier(const RuleContext &ctx, const std::string &table, std::string_view column)
{
    return ctx.memo<index::AlterCommands>().firstBefore(
               table, column, ctx.index(), 0, [&](const index::AlterCommands::Cmd &c) {
                   return c.onTable && c.subtype == "AT_AddColumn" && sameName(c.relation, table);
               }) != nullptr;
}

// Whether an earlier statement in the file is a `kind` whose `field` (a string, or a list of names) is
// `name`: CREATE SCHEMA, CREATE FUNCTION, CREATE EXTENSION...
inline bool createdEarlier(const RuleContext &ctx, std::string_view kind, std::string_view field,
                           const std::string &name)
{
    bool found = false;
    const auto all = ctx.all();
    ctx.memo<index::StatementsByKind>().forEachBefore(kind, ctx.index(), [&](std::size_t i) {
        const auto value = all[i].tree.as(kind)[field];
        const std::string created =
            value.type() == Node::Type::String ? std::string(value.str()) : join(tree::strings(value));
        found = sameName(created, name) || lastPart(created) == name;
        return !found;
    });
    return found;
}

// " (tagged pii, financial)" when the catalog tags the table, else "".
inline std::string tagNote(const RuleContext &ctx, const std::string &table)
{
    const auto *catalog = ctx.catalog();
    const auto *facts = catalog ? catalog->table(table) : nullptr;
    if (!facts || facts->tags.empty())
        return {};
    std::string out;
    for (const auto &t : facts->tags)
        out += (out.empty() ? "" : ", ") + t;
    return " (tagged " + out + ")";
}

// The byte offset (in the migration) of the first whole-word, case-insensitive occurrence of `word` at or
// after `from` in the current statement, outside comments and string literals; npos if there is none.
// Parse-tree nodes such as AlterTableCmd or DropStmt objects carry no location, so rules find their token.
inline std::size_t findWord(const RuleContext &ctx, std::string_view word, std::size_t from = 0,
                            std::size_t to = std::string_view::npos)
{
    auto range = ctx.all()[ctx.index()].range;
    range.end = std::min(range.end, to);
    const auto sql = ctx.sql();
    const auto isWord = chars::isIdentifier;
    std::size_t i = std::max(from, range.begin);
    while (i < range.end) {
        const char c = sql[i];
        if (c == '-' && i + 1 < range.end && sql[i + 1] == '-') {
            const auto nl = sql.find('\n', i);
            i = nl == std::string_view::npos ? range.end : nl + 1;
            continue;
        }
        if (c == '/' && i + 1 < range.end && sql[i + 1] == '*') {
            const auto close = sql.find("*/", i + 2);
            i = close == std::string_view::npos ? range.end : close + 2;
            continue;
        }
        if (c == '\'') {
            const auto close = sql.find('\'', i + 1);
            i = close == std::string_view::npos ? range.end : close + 1;
            continue;
        }
        if (!isWord(c)) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < range.end && isWord(sql[end]))
            ++end;
        if (end - i == word.size()) {
            bool equal = true;
            for (std::size_t k = 0; k < word.size() && equal; ++k)
                equal = std::tolower(static_cast<unsigned char>(sql[i + k])) ==
                        std::tolower(static_cast<unsigned char>(word[k]));
            if (equal)
                return i;
        }
        i = end;
    }
    return std::string_view::npos;
}

// The offset just past the (possibly qualified or quoted) name at a node's location, where the search for
// the tokens of its sub-commands starts; 0 when the node has no location.
inline std::size_t after(const RuleContext &ctx, Node node)
{
    const int location = node.location();
    if (location < 0)
        return 0;
    const auto sql = ctx.sql();
    const auto end = ctx.all()[ctx.index()].range.end;
    std::size_t i = std::size_t(location);
    while (i < end) {
        const char c = sql[i];
        if (c == '"') {
            const auto close = sql.find('"', i + 1);
            i = close == std::string_view::npos ? end : close + 1;
        } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' || c == '.' ||
                   (c & 0x80)) {
            ++i;
        } else {
            break;
        }
    }
    return i;
}

// The text of each sub-command of an ALTER TABLE, in order: the statement after the relation name, split at
// top-level commas (outside parentheses, strings, quoted names and comments). Empty if the count does not
// match the parse tree's cmds.
inline std::vector<ByteRange> commandRanges(const RuleContext &ctx, Node alter)
{
    const auto sql = ctx.sql();
    const auto end = ctx.all()[ctx.index()].range.end;
    std::vector<ByteRange> out;
    std::size_t i = after(ctx, alter["relation"]), start = i;
    int depth = 0;
    while (i < end) {
        const char c = sql[i];
        if (c == '-' && i + 1 < end && sql[i + 1] == '-') {
            const auto nl = sql.find('\n', i);
            i = nl == std::string_view::npos ? end : nl + 1;
        } else if (c == '/' && i + 1 < end && sql[i + 1] == '*') {
            const auto close = sql.find("*/", i + 2);
            i = close == std::string_view::npos ? end : close + 2;
        } else if (c == '\'' || c == '"') {
            const auto close = sql.find(c, i + 1);
            i = close == std::string_view::npos ? end : close + 1;
        } else {
            if (c == '(')
                ++depth;
            else if (c == ')')
                --depth;
            else if (c == ',' && depth == 0) {
                out.push_back({start, i});
                start = i + 1;
            }
            ++i;
        }
    }
    out.push_back({start, end});
    if (out.size() != alter["cmds"].size())
        out.clear();
    return out;
}

// Reports a finding about sub-command `index` of an ALTER TABLE at `word` inside that sub-command's text
// (e.g. the column name), else at the relation.
inline void reportInCommand(RuleContext &ctx, std::string message, std::string_view word, Node alter,
                            std::size_t index, std::string help = {}, std::optional<Severity> severity = {})
{
    const auto ranges = commandRanges(ctx, alter);
    if (index < ranges.size()) {
        const auto at = findWord(ctx, word, ranges[index].begin, ranges[index].end);
        if (at != std::string_view::npos) {
            ctx.reportRange(std::move(message), {at, at + word.size()}, std::move(help), severity);
            return;
        }
    }
    ctx.report(std::move(message), alter["relation"], std::move(help), severity);
}

// Reports at `word` (found from `from`), else at `fallback`. Returns the offset just past the word, or
// `from` when the word was not found, so that several sub-commands can be located one after another.
inline std::size_t reportWord(RuleContext &ctx, std::string message, std::string_view word, std::size_t from,
                              Node fallback, std::string help = {}, std::optional<Severity> severity = {})
{
    const auto at = word.empty() ? std::string_view::npos : findWord(ctx, word, from);
    if (at == std::string_view::npos) {
        ctx.report(std::move(message), fallback, std::move(help), severity);
        return from;
    }
    ctx.reportRange(std::move(message), {at, at + word.size()}, std::move(help), severity);
    return at + word.size();
}

// Whether an expression is trivially true: TRUE, 'true'::boolean, 1 = 1, 'a' = 'a', or an OR/AND of such.
inline bool triviallyTrue(Node expr)
{
    if (const auto c = expr.as("A_Const"))
        return c["boolval"]["boolval"].boolean();
    if (const auto cast = expr.as("TypeCast")) {
        const auto s = tree::stringConstant(cast["arg"]);
        return tree::typeName(cast["typeName"]) == "bool" &&
               (s == "t" || s == "true" || s == "y" || s == "yes" || s == "on" || s == "1");
    }
    if (const auto e = expr.as("A_Expr")) {
        const auto l = e["lexpr"].as("A_Const"), r = e["rexpr"].as("A_Const");
        if (e["kind"].str() != "AEXPR_OP" || tree::strings(e["name"]) != std::vector<std::string>{"="} ||
            !l || !r)
            return false;
        if (l["ival"].valid() && r["ival"].valid())
            return l["ival"]["ival"].integer() == r["ival"]["ival"].integer();
        if (l["sval"].valid() && r["sval"].valid())
            return l["sval"]["sval"].str() == r["sval"]["sval"].str();
        return false;
    }
    if (const auto b = expr.as("BoolExpr")) {
        const auto op = b["boolop"].str();
        bool any = false, all = true;
        for (const Node arg : b["args"]) {
            const bool t = triviallyTrue(arg);
            any = any || t;
            all = all && t;
        }
        return op == "OR_EXPR" ? any : op == "AND_EXPR" ? all : false;
    }
    return false;
}

} // namespace sluice::review::rules::dc
