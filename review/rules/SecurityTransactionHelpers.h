#pragma once

// Helpers shared by the security (S01-S12), transaction-safety (T01-T12) and meta (M02, M04) rules.

#include "Rule.h"
#include "ScriptIndex.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>

namespace sluice::review::rules::sectx {

inline std::string lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

inline std::string upper(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return out;
}

// "a SHARE lock", "an ACCESS EXCLUSIVE lock".
inline std::string withArticle(std::string_view word)
{
    const bool vowel =
        !word.empty() && std::string_view("AEIOUaeiou").find(word.front()) != std::string_view::npos;
    return (vowel ? "an " : "a ") + std::string(word);
}

// A boolean rule option. Config stores a TOML `true` as "1" (toml++ converts it to an integer first), so
// accept both spellings.
inline bool flag(const Config &config, const std::string &key)
{
    const auto value = lower(config.text(key));
    return value == "true" || value == "1" || value == "yes" || value == "on";
}

// 1-based line of a byte offset, for messages that point at another statement.
inline int lineOf(const RuleContext &ctx, std::size_t offset)
{
    return ctx.memo<index::LineStarts>().lineOf(std::min(offset, ctx.sql().size()));
}

// Relation names as the facts spell them: "public.t" and "t" are the same relation.
inline bool sameRelation(std::string_view a, std::string_view b)
{
    auto strip = [](std::string_view s) { return s.rfind("public.", 0) == 0 ? s.substr(7) : s; };
    return strip(a) == strip(b);
}

// Whether statement j runs in the same transaction as statement i (i < j): i ran inside a transaction and
// every statement after it, up to j, still did.
inline bool sameTransaction(const RuleContext &ctx, std::size_t i, std::size_t j)
{
    return ctx.memo<index::TransactionRuns>().same(ctx.all(), i, j);
}

// The RangeVar (body) below a statement that names a relation, to report at its token.
inline Node relationNode(Node statement, std::string_view relation)
{
    Node found;
    statement.walk([&](Node n) {
        if (!found && n.type() == Node::Type::Object && n["relname"] &&
            sameRelation(tree::qualifiedName(n), relation))
            found = n;
    });
    return found;
}

// A statement that changes lock_timeout or statement_timeout: SET [LOCAL], RESET, RESET ALL or
// SELECT set_config(name, value, is_local).
struct TimeoutSetting
{
    bool found = false;
    bool isLocal = false;
    bool reset = false;             // RESET, SET ... TO DEFAULT, RESET ALL
    std::optional<long long> value; // the new value, when a value is set and parses
    Node at;                        // the value's node
};

inline TimeoutSetting timeoutSetting(Node statement, std::string_view setting)
{
    TimeoutSetting out;
    if (const auto set = statement.as("VariableSetStmt")) {
        const auto kind = set["kind"].str();
        if (kind == "VAR_RESET_ALL") {
            out.found = out.reset = true;
            return out;
        }
        if (set["name"].str() != setting)
            return out;
        out.found = true;
        out.isLocal = set["is_local"].boolean();
        if (kind == "VAR_SET_VALUE") {
            const auto arg = set["args"].at(0);
            const auto value = arg.as("A_Const");
            out.at = arg;
            if (value["ival"].valid())
                out.value = value["ival"]["ival"].integer();
            else
                out.value = parseDurationMs(value["sval"]["sval"].str());
        } else {
            out.reset = kind == "VAR_RESET" || kind == "VAR_SET_DEFAULT";
        }
        return out;
    }
    for (const Node target : statement.as("SelectStmt")["targetList"]) {
        const auto call = target.as("ResTarget")["val"].as("FuncCall");
        const auto names = tree::strings(call["funcname"]);
        if (names.empty() || names.back() != "set_config" ||
            tree::stringConstant(call["args"].at(0)) != setting)
            continue;
        out.found = true;
        out.at = call["args"].at(1);
        out.value = parseDurationMs(tree::stringConstant(out.at));
        out.isLocal = call["args"].at(2).as("A_Const")["boolval"]["boolval"].boolean();
    }
    return out;
}

// The statements that set lock_timeout and statement_timeout, in file order: session-wide ones (SET, RESET,
// RESET ALL, set_config(..., false)) and SET LOCAL ones run inside a transaction block apart. A SET LOCAL
// outside a transaction block does nothing.
struct Timeouts
{
    struct Set
    {
        std::size_t statement;
        bool reset;
        std::optional<long long> value;
    };
    struct Setting
    {
        std::vector<Set> session;
        std::vector<Set> local;
    };
    Setting lock, statement;

    static Timeouts compute(const RuleContext &ctx)
    {
        Timeouts out;
        const auto all = ctx.all();
        for (std::size_t k = 0; k < all.size(); ++k) {
            if (!all[k].tree)
                continue;
            for (auto *setting : {&out.lock, &out.statement}) {
                const auto s =
                    timeoutSetting(all[k].tree, setting == &out.lock ? "lock_timeout" : "statement_timeout");
                if (!s.found || (s.isLocal && !all[k].stateBefore.inTransaction))
                    continue;
                (s.isLocal ? setting->local : setting->session).push_back({k, s.reset, s.value});
            }
        }
        return out;
    }
};

// The timeout in effect before statement `at`, in milliseconds (nullopt: never set), from the statements
// before `upTo`. Like ScriptState's lockTimeoutMs/statementTimeoutMs, but a SET LOCAL only counts inside the
// transaction it ran in: outside a transaction block it does nothing, and it ends at COMMIT or ROLLBACK.
// `setting` is lock_timeout or statement_timeout.
inline std::optional<long long> timeoutInEffect(const RuleContext &ctx, std::size_t at,
                                                std::string_view setting, std::size_t upTo)
{
    const auto &timeouts = ctx.memo<Timeouts>();
    const auto &sets = setting == "lock_timeout" ? timeouts.lock : timeouts.statement;
    upTo = std::min(upTo, ctx.all().size());
    auto lastBefore = [](const std::vector<Timeouts::Set> &list, std::size_t end) -> const Timeouts::Set * {
        const auto it = std::partition_point(list.begin(), list.end(),
                                             [&](const Timeouts::Set &s) { return s.statement < end; });
        index::visited();
        return it == list.begin() ? nullptr : &*std::prev(it);
    };
    const auto *session = lastBefore(sets.session, upTo);
    // A SET LOCAL still counts at `at` when no statement from it up to `at` ran outside a transaction.
    const auto *local = lastBefore(sets.local, std::min(upTo, at));
    if (local && !sameTransaction(ctx, local->statement, at))
        local = nullptr;
    const auto *last = !local                                  ? session
                       : !session                              ? local
                       : local->statement > session->statement ? local
                                                               : session;
    if (!last || last->reset)
        return std::nullopt;
    return last->value;
}

inline std::optional<long long> timeoutInEffect(const RuleContext &ctx, std::size_t at,
                                                std::string_view setting)
{
    return timeoutInEffect(ctx, at, setting, at);
}

// What a statement PostgreSQL refuses inside a transaction block is, in SQL words; empty if it may run in a
// transaction.
inline std::string nonTransactional(const StatementView &s, const Config &config)
{
    if (!s.tree)
        return {};
    const auto kind = s.tree.kind();
    const auto body = s.tree.body();
    if (kind == "AlterDatabaseStmt") {
        for (const Node option : body["options"]) {
            if (option.as("DefElem")["defname"].str() == "tablespace")
                return "ALTER DATABASE ... SET TABLESPACE";
        }
        return {};
    }
    if (kind == "AlterEnumStmt")
        return config.pgVersion < 12 && body["oldVal"].str().empty()
                   ? "ALTER TYPE ... ADD VALUE (before PostgreSQL 12)"
                   : "";
    if (s.facts.canRunInTransaction)
        return {};
    if (kind == "IndexStmt")
        return "CREATE INDEX CONCURRENTLY";
    if (kind == "DropStmt")
        return "DROP INDEX CONCURRENTLY";
    if (kind == "ReindexStmt") {
        const auto reindexKind = body["kind"].str();
        return reindexKind == "REINDEX_OBJECT_SCHEMA"     ? "REINDEX SCHEMA"
               : reindexKind == "REINDEX_OBJECT_DATABASE" ? "REINDEX DATABASE"
               : reindexKind == "REINDEX_OBJECT_SYSTEM"   ? "REINDEX SYSTEM"
                                                          : "REINDEX CONCURRENTLY";
    }
    if (kind == "AlterTableStmt")
        return "DETACH PARTITION ... CONCURRENTLY";
    if (kind == "VacuumStmt")
        return "VACUUM";
    if (kind == "CreatedbStmt")
        return "CREATE DATABASE";
    if (kind == "DropdbStmt")
        return "DROP DATABASE";
    if (kind == "CreateTableSpaceStmt")
        return "CREATE TABLESPACE";
    if (kind == "DropTableSpaceStmt")
        return "DROP TABLESPACE";
    if (kind == "AlterSystemStmt")
        return "ALTER SYSTEM";
    if (kind == "CreateSubscriptionStmt")
        return "CREATE SUBSCRIPTION";
    if (kind == "DropSubscriptionStmt")
        return "DROP SUBSCRIPTION";
    return std::string(kind);
}

// "SET lock_timeout", "SELECT set_config(...)", RESET...: statements that only configure the session.
inline bool isSessionSetting(Node statement)
{
    if (statement.is("VariableSetStmt") || statement.is("VariableShowStmt"))
        return true;
    const auto select = statement.as("SelectStmt");
    if (!select || select["fromClause"].valid())
        return false;
    for (const Node target : select["targetList"]) {
        const auto names = tree::strings(target.as("ResTarget")["val"].as("FuncCall")["funcname"]);
        if (names.empty() || names.back() != "set_config")
            return false;
    }
    return select["targetList"].size() > 0;
}

// Privileges named by a GrantStmt: "SELECT, INSERT" or "ALL PRIVILEGES".
inline std::string privilegeList(Node grant)
{
    std::string out;
    for (const Node p : grant["privileges"]) {
        auto name = p.as("AccessPriv")["priv_name"].str();
        out += (out.empty() ? "" : ", ") + upper(name);
    }
    return out.empty() ? "ALL PRIVILEGES" : out;
}

// "OBJECT_MATVIEW" -> "matview", "OBJECT_FOREIGN_TABLE" -> "foreign table".
inline std::string objectType(Node objtype)
{
    auto type = lower(objtype.str());
    if (type.rfind("object_", 0) == 0)
        type.erase(0, 7);
    std::replace(type.begin(), type.end(), '_', ' ');
    return type;
}

// The name of an object node in any of the parser's shapes: RangeVar, String, List of String,
// ObjectWithArgs, TypeName.
inline std::string objectName(Node o)
{
    if (o.is("RangeVar"))
        return tree::qualifiedName(o);
    if (const auto s = o.as("String"))
        return std::string(s["sval"].str());
    Node parts;
    if (const auto f = o.as("ObjectWithArgs"))
        parts = f["objname"];
    else if (const auto list = o.as("List"))
        parts = list["items"];
    else if (const auto type = o.as("TypeName"))
        parts = type["names"];
    std::string name;
    for (const auto &part : tree::strings(parts))
        name += (name.empty() ? "" : ".") + part;
    return name;
}

// What a GrantStmt applies to: "TABLE public.orders", "ALL TABLES IN SCHEMA app", "SCHEMA app".
inline std::string grantTarget(Node grant)
{
    const auto type = upper(objectType(grant["objtype"]));
    std::string names;
    for (const Node o : grant["objects"])
        names += (names.empty() ? "" : ", ") + objectName(o);
    if (grant["targtype"].str() == "ACL_TARGET_ALL_IN_SCHEMA")
        return "ALL " + type + "S IN SCHEMA " + names;
    return type + " " + names;
}

// Grantee names: "PUBLIC", "app_rw", "CURRENT_USER".
inline std::string roleName(Node roleSpec)
{
    if (const auto body = roleSpec.as("RoleSpec"))
        roleSpec = body;
    const auto type = roleSpec["roletype"].str();
    if (type == "ROLESPEC_PUBLIC")
        return "PUBLIC";
    if (type == "ROLESPEC_CURRENT_USER")
        return "CURRENT_USER";
    if (type == "ROLESPEC_SESSION_USER")
        return "SESSION_USER";
    if (type == "ROLESPEC_CURRENT_ROLE")
        return "CURRENT_ROLE";
    return std::string(roleSpec["rolename"].str());
}

inline std::string roleList(Node list)
{
    std::string out;
    for (const Node r : list)
        out += (out.empty() ? "" : ", ") + roleName(r);
    return out;
}

} // namespace sluice::review::rules::sectx
