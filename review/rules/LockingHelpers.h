#pragma once

// Helpers shared by the locking / rewrite rules (catalog section 1) and by no other rule.

#include "CreatedByQuery.h"
#include "Rule.h"
#include "ScriptIndex.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
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
    return ctx.memo<CreatedByQuery>().createdBefore(
        name, ctx.index(),
        [](std::string_view relation, std::string_view n) { return sameRelation(relation, n); });
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
    const auto &alters = ctx.memo<index::AlterCommands>();
    for (const auto k : alters.byRelation.find(index::bucketKey(table))) {
        const auto &c = alters.cmds[k];
        if (!index::AlterCommands::before(c, ctx.index(), cmdsBefore))
            break;
        index::visited();
        if (sameRelation(c.relation, table))
            visit(c.statement, c.cmd);
    }
}

// The columns a CHECK expression proves NOT NULL (provesNotNull).
inline void columnsProvenNotNull(Node expr, std::vector<std::string> &out)
{
    if (const auto test = expr.as("NullTest")) {
        if (test["nulltesttype"].str() == "IS_NOT_NULL")
            out.push_back(columnRefName(test["arg"]));
    } else if (const auto b = expr.as("BoolExpr"); b && b["boolop"].str() == "AND_EXPR") {
        for (const Node arg : b["args"])
            columnsProvenNotNull(arg, out);
    }
}

// What the file's ALTER TABLE commands prove about NOT NULL checks, per relation (normalizedName) and in one
// pass: where a validated CHECK (column IS NOT NULL) appears (added valid, or a NOT VALID one validated), and
// the VALIDATEs of constraints the file did not add (an earlier migration's, judged by the catalog or by
// name).
struct NotNullChecks
{
    using Position = std::pair<std::size_t, std::size_t>; // statement, command
    struct Open
    {
        Position at;
        std::string name;
    };
    struct Table
    {
        std::unordered_map<std::string, Position> firstProof; // column -> first proof
        std::vector<Open> nullNamed;                          // open VALIDATEs whose name mentions "null"
        std::unordered_map<std::string, Position> firstOpen;  // name -> first open VALIDATE
    };
    std::unordered_map<std::string, Table> tables;

    static NotNullChecks compute(const RuleContext &ctx)
    {
        NotNullChecks out;
        struct Replay
        {
            std::set<std::string> added;
            std::unordered_map<std::string, std::vector<std::string>> pending; // NOT VALID name -> columns
        };
        std::unordered_map<std::string, Replay> replays;
        for (const auto &c : ctx.memo<index::AlterCommands>().cmds) {
            if (c.subtype != "AT_AddConstraint" && c.subtype != "AT_ValidateConstraint")
                continue;
            const auto key = normalizedName(c.relation);
            auto &replay = replays[key];
            auto &table = out.tables[key];
            const Position at{c.statement, c.position};
            if (c.subtype == "AT_AddConstraint") {
                const auto con = c.cmd["def"].as("Constraint");
                const std::string name(con["conname"].str());
                replay.added.insert(name);
                if (con["contype"].str() != "CONSTR_CHECK")
                    continue;
                std::vector<std::string> columns;
                columnsProvenNotNull(con["raw_expr"], columns);
                for (auto &column : columns) {
                    if (con["skip_validation"].boolean())
                        replay.pending[name].push_back(std::move(column));
                    else
                        table.firstProof.try_emplace(std::move(column), at);
                }
                continue;
            }
            const std::string name(c.cmd["name"].str());
            if (replay.added.count(name)) {
                if (const auto it = replay.pending.find(name); it != replay.pending.end()) {
                    for (const auto &column : it->second)
                        table.firstProof.try_emplace(column, at);
                }
                continue;
            }
            table.firstOpen.try_emplace(name, at);
            if (lower(name).find("null") != std::string::npos)
                table.nullNamed.push_back({at, name});
        }
        return out;
    }
};

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
    const NotNullChecks::Position now{ctx.index(), cmdsBefore};
    bool proven = false;
    const auto &checks = ctx.memo<NotNullChecks>().tables;
    if (const auto t = checks.find(normalizedName(table)); t != checks.end()) {
        index::visited();
        const auto proof = t->second.firstProof.find(column);
        proven = proof != t->second.firstProof.end() && proof->second < now;
        // A VALIDATE of a constraint the file did not add: the catalog's definition decides, else its name.
        auto inCatalog = [&](const std::string &name) {
            return facts && std::any_of(facts->constraints.begin(), facts->constraints.end(),
                                        [&](const CatalogFacts::Constraint &c) { return c.name == name; });
        };
        for (const auto &open : t->second.nullNamed) {
            if (proven || !(open.at < now))
                break;
            index::visited();
            proven = !inCatalog(open.name) && open.name.find(column) != std::string::npos;
        }
        if (facts) {
            std::set<std::string> seen;
            for (const auto &c : facts->constraints) {
                if (proven)
                    break;
                if (!seen.insert(c.name).second)
                    continue;
                const auto open = t->second.firstOpen.find(c.name);
                proven = open != t->second.firstOpen.end() && open->second < now && catalogProves(c);
            }
        }
    }
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
    // The last command that decides it: SET NOT NULL, DROP NOT NULL, or ADD COLUMN.
    const auto *last = ctx.memo<index::AlterCommands>().lastBefore(
        table, column, ctx.index(), cmdsBefore, [&](const index::AlterCommands::Cmd &c) {
            return (c.subtype == "AT_SetNotNull" || c.subtype == "AT_DropNotNull" ||
                    c.subtype == "AT_AddColumn") &&
                   sameRelation(c.relation, table);
        });
    bool known = false;
    if (last && last->subtype == "AT_SetNotNull")
        known = true;
    else if (last && last->subtype == "AT_AddColumn") {
        const auto def = last->cmd["def"].as("ColumnDef");
        known = columnConstraint(def, "CONSTR_NOTNULL") || columnConstraint(def, "CONSTR_PRIMARY");
    }
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
