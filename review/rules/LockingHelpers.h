#pragma once

// Helpers shared by the locking / rewrite rules (catalog section 1) and by no other rule.

#include "CreatedByQuery.h"
#include "Rule.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sluice::review::rules::locking {

// Relation names as the engine writes them ("t", "s.t"), compared with "t" meaning "public.t".
inline std::string normalizedName(const std::string &name)
{
    return name.find('.') == std::string::npos ? "public." + name : name;
}

// normalizedName(a) == normalizedName(b), without building either.
inline bool sameRelation(std::string_view a, std::string_view b)
{
    constexpr std::string_view pub = "public.";
    const bool aQualified = a.find('.') != std::string_view::npos;
    const bool bQualified = b.find('.') != std::string_view::npos;
    if (aQualified == bQualified)
        return a == b;
    if (aQualified)
        std::swap(a, b);
    // a is bare, b qualified: b must be "public." + a.
    return b.size() == a.size() + pub.size() && b.substr(0, pub.size()) == pub && b.substr(pub.size()) == a;
}

inline std::string lower(std::string_view s)
{
    std::string out(s);
    for (auto &c : out)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Whether the relation (or index, or type) was created earlier in this migration, including by CREATE TABLE
// AS and CREATE MATERIALIZED VIEW (CreatedByQuery).
inline bool isNew(const RuleContext &ctx, const std::string &name)
{
    if (name.empty())
        return false;
    if (ctx.state().isNew(name))
        return true;
    for (const auto &[index, relation] : ctx.memo<CreatedByQuery>().relations) {
        if (index >= ctx.index())
            break;
        if (sameRelation(relation, name))
            return true;
    }
    return false;
}

inline bool isNew(const RuleContext &ctx, Node rangeVar)
{
    return isNew(ctx, tree::qualifiedName(rangeVar));
}

// The AlterTableCmd bodies of an AlterTableStmt body.
inline std::vector<Node> alterCmds(Node alter)
{
    std::vector<Node> out;
    for (const Node c : alter["cmds"]) {
        if (const auto cmd = c.as("AlterTableCmd"))
            out.push_back(cmd);
    }
    return out;
}

// The Constraint bodies of a ColumnDef (body) with the given contype, e.g. "CONSTR_DEFAULT".
inline Node columnConstraint(Node columnDef, std::string_view contype)
{
    for (const Node c : columnDef["constraints"]) {
        if (const auto con = c.as("Constraint"); con["contype"].str() == contype)
            return con;
    }
    return {};
}

inline const CatalogFacts::Table *catalogTable(const RuleContext &ctx, const std::string &name)
{
    return ctx.catalog() ? ctx.catalog()->table(name) : nullptr;
}

// The last field of a ColumnRef ("c" for t.c), or empty.
inline std::string columnRefName(Node node)
{
    const auto names = tree::strings(node.as("ColumnRef")["fields"]);
    return names.empty() ? std::string() : names.back();
}

// Whether a CHECK expression proves `column IS NOT NULL` (alone or as one arm of an AND).
inline bool provesNotNull(Node expr, const std::string &column)
{
    if (const auto test = expr.as("NullTest"))
        return test["nulltesttype"].str() == "IS_NOT_NULL" && columnRefName(test["arg"]) == column;
    if (const auto b = expr.as("BoolExpr"); b && b["boolop"].str() == "AND_EXPR") {
        for (const Node arg : b["args"]) {
            if (provesNotNull(arg, column))
                return true;
        }
    }
    return false;
}

// Calls visit(statementIndex, cmd) for every AlterTableCmd on `table` in the statements before the current
// one, then for the first `cmdsBefore` commands of the current statement.
template <class F>
void forEachEarlierCmd(const RuleContext &ctx, const std::string &table, std::size_t cmdsBefore, F &&visit)
{
    const auto all = ctx.all();
    for (std::size_t i = 0; i <= ctx.index() && i < all.size(); ++i) {
        const auto alter = all[i].tree.as("AlterTableStmt");
        if (!alter || !sameRelation(tree::qualifiedName(alter["relation"]), table))
            continue;
        const auto cmds = alterCmds(alter);
        const auto count = i == ctx.index() ? std::min(cmdsBefore, cmds.size()) : cmds.size();
        for (std::size_t k = 0; k < count; ++k)
            visit(i, cmds[k]);
    }
}

// A validated CHECK (column IS NOT NULL) on the table, from earlier statements or the catalog. Also accepts
// a VALIDATE of a constraint added by an earlier migration whose name mentions the column and "null" (squawk
// exempts any such VALIDATE), unless the catalog says what that constraint is.
inline bool hasValidatedNotNullCheck(const RuleContext &ctx, const std::string &table,
                                     const std::string &column, std::size_t cmdsBefore = 0)
{
    const auto *facts = catalogTable(ctx, table);
    auto catalogProves = [&](const CatalogFacts::Constraint &c) {
        const auto def = lower(c.definition);
        return c.type == 'c' && def.find("is not null") != std::string::npos &&
               (def.find(column) != std::string::npos ||
                std::find(c.columns.begin(), c.columns.end(), column) != c.columns.end());
    };
    bool proven = false;
    std::set<std::string> pending; // IS NOT NULL checks added NOT VALID in this file
    std::set<std::string> added;   // every constraint added in this file
    forEachEarlierCmd(ctx, table, cmdsBefore, [&](std::size_t, Node cmd) {
        const auto subtype = cmd["subtype"].str();
        if (subtype == "AT_AddConstraint") {
            const auto con = cmd["def"].as("Constraint");
            added.insert(std::string(con["conname"].str()));
            if (con["contype"].str() == "CONSTR_CHECK" && provesNotNull(con["raw_expr"], column)) {
                if (con["skip_validation"].boolean())
                    pending.insert(std::string(con["conname"].str()));
                else
                    proven = true;
            }
        } else if (subtype == "AT_ValidateConstraint") {
            const std::string name(cmd["name"].str());
            if (pending.count(name)) {
                proven = true;
                return;
            }
            if (added.count(name))
                return;
            if (facts) {
                for (const auto &c : facts->constraints) {
                    if (c.name == name) {
                        proven |= catalogProves(c);
                        return;
                    }
                }
            }
            // Added by an earlier migration and unknown here: trust a name like orders_status_not_null.
            if (name.find(column) != std::string::npos && lower(name).find("null") != std::string::npos)
                proven = true;
        }
    });
    if (proven || !facts)
        return proven;
    for (const auto &c : facts->constraints) {
        if (c.validated && catalogProves(c))
            return true;
    }
    return false;
}

// Whether the column is known NOT NULL before the current statement (and its first `cmdsBefore` commands):
// declared NOT NULL or PRIMARY KEY when added, SET NOT NULL earlier, the catalog, or (PostgreSQL 12+, where
// SET NOT NULL then skips its scan) a validated CHECK (column IS NOT NULL).
inline bool knownNotNull(const RuleContext &ctx, const std::string &table, const std::string &column,
                         std::size_t cmdsBefore = 0)
{
    if (const auto *facts = catalogTable(ctx, table)) {
        if (const auto *c = facts->column(column); c && c->notNull)
            return true;
    }
    bool known = false;
    forEachEarlierCmd(ctx, table, cmdsBefore, [&](std::size_t, Node cmd) {
        const auto subtype = cmd["subtype"].str();
        if (subtype == "AT_SetNotNull" && cmd["name"].str() == column)
            known = true;
        if (subtype == "AT_DropNotNull" && cmd["name"].str() == column)
            known = false;
        if (const auto def = cmd["def"].as("ColumnDef");
            subtype == "AT_AddColumn" && def["colname"].str() == column)
            known = columnConstraint(def, "CONSTR_NOTNULL") || columnConstraint(def, "CONSTR_PRIMARY");
    });
    return known || (ctx.pgVersion() >= 12 && hasValidatedNotNullCheck(ctx, table, column, cmdsBefore));
}

// Reports at the identifier `name` (bare or double-quoted) in the statement text after the node `after`,
// falling back to `after` itself: for commands that carry no location of their own (SET NOT NULL, VALIDATE).
inline void reportAtIdentifier(RuleContext &ctx, std::string message, const std::string &name, Node after,
                               std::string help = {})
{
    const auto &range = ctx.all()[ctx.index()].range;
    const auto sql = ctx.sql();
    std::size_t from = after.location() >= 0 ? std::size_t(after.location()) + 1 : range.begin;
    auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; };
    const std::string quoted = "\"" + name + "\"";
    for (std::size_t i = from; !name.empty() && i + name.size() <= range.end; ++i) {
        if (sql.compare(i, quoted.size(), quoted) == 0) {
            ctx.reportRange(std::move(message), {i, i + quoted.size()}, std::move(help));
            return;
        }
        if ((i == 0 || !word(sql[i - 1])) && lower(sql.substr(i, name.size())) == name &&
            (i + name.size() == sql.size() || !word(sql[i + name.size()]))) {
            ctx.reportRange(std::move(message), {i, i + name.size()}, std::move(help));
            return;
        }
    }
    ctx.report(std::move(message), after, std::move(help));
}

// The RangeVar (body) naming `relation` somewhere in a statement, for reporting at its token.
inline Node findRangeVar(Node statement, const std::string &relation)
{
    Node found;
    statement.walk([&](Node n) {
        if (!found && n.type() == Node::Type::Object && n["relname"].valid() &&
            sameRelation(tree::qualifiedName(n), relation))
            found = n;
    });
    return found;
}

// Built-in functions that are immutable or stable (pg_proc.provolatile 'i' or 's' on PostgreSQL 15): a column
// default calling only these does not rewrite the table on PostgreSQL 11+. Anything else (random(),
// gen_random_uuid(), clock_timestamp(), nextval(), user functions) counts as volatile.
inline bool isNonVolatileFunction(std::string_view name)
{
    static constexpr std::string_view kNames[]{"abs",
                                               "age",
                                               "array_fill",
                                               "array_length",
                                               "array_to_string",
                                               "bool",
                                               "btrim",
                                               "cardinality",
                                               "ceil",
                                               "char_length",
                                               "concat",
                                               "concat_ws",
                                               "current_database",
                                               "current_schema",
                                               "current_setting",
                                               "date",
                                               "date_part",
                                               "date_trunc",
                                               "decode",
                                               "encode",
                                               "extract",
                                               "float8",
                                               "floor",
                                               "format",
                                               "initcap",
                                               "int2",
                                               "int4",
                                               "int8",
                                               "interval",
                                               "isfinite",
                                               "json_build_array",
                                               "json_build_object",
                                               "jsonb_build_array",
                                               "jsonb_build_object",
                                               "jsonb_object",
                                               "justify_interval",
                                               "left",
                                               "length",
                                               "lower",
                                               "lpad",
                                               "ltrim",
                                               "make_date",
                                               "make_interval",
                                               "make_time",
                                               "make_timestamp",
                                               "make_timestamptz",
                                               "md5",
                                               "mod",
                                               "now",
                                               "numeric",
                                               "octet_length",
                                               "overlay",
                                               "pi",
                                               "position",
                                               "power",
                                               "quote_ident",
                                               "quote_literal",
                                               "regexp_replace",
                                               "repeat",
                                               "replace",
                                               "reverse",
                                               "right",
                                               "round",
                                               "rpad",
                                               "rtrim",
                                               "sha256",
                                               "split_part",
                                               "sqrt",
                                               "statement_timestamp",
                                               "string_to_array",
                                               "substr",
                                               "substring",
                                               "text",
                                               "timestamptz",
                                               "timezone",
                                               "to_char",
                                               "to_date",
                                               "to_json",
                                               "to_jsonb",
                                               "to_number",
                                               "to_timestamp",
                                               "transaction_timestamp",
                                               "translate",
                                               "trunc",
                                               "upper"};
    return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

// The first volatile part of a default expression (a FuncCall not known stable, a sub-query), or an invalid
// Node when the expression is known not to be volatile.
inline Node volatilePart(Node expr)
{
    Node found;
    expr.walk([&](Node n) {
        if (found)
            return;
        if (n.is("SubLink")) {
            found = n;
        } else if (const auto call = n.as("FuncCall")) {
            const auto names = tree::strings(call["funcname"]);
            const bool builtin = names.size() == 1 || (names.size() == 2 && names[0] == "pg_catalog");
            if (names.empty() || !builtin || !isNonVolatileFunction(names.back()))
                found = n;
        }
    });
    return found;
}

} // namespace sluice::review::rules::locking
