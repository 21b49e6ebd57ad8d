// The lock, rewrite and scan each statement takes, from the parse tree alone (rules catalog, Appendix A;
// shared blast-radius doc §2 for what was observed on PostgreSQL 15).

#include "Config.h"
#include "ScriptState.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace sluice::review {

std::string_view lockModeName(LockMode mode)
{
    switch (mode) {
    case LockMode::None:
        return "none";
    case LockMode::AccessShare:
        return "ACCESS SHARE";
    case LockMode::RowShare:
        return "ROW SHARE";
    case LockMode::RowExclusive:
        return "ROW EXCLUSIVE";
    case LockMode::ShareUpdateExclusive:
        return "SHARE UPDATE EXCLUSIVE";
    case LockMode::Share:
        return "SHARE";
    case LockMode::ShareRowExclusive:
        return "SHARE ROW EXCLUSIVE";
    case LockMode::Exclusive:
        return "EXCLUSIVE";
    case LockMode::AccessExclusive:
        return "ACCESS EXCLUSIVE";
    }
    return "none";
}

std::string_view lockBlocks(LockMode mode)
{
    switch (mode) {
    case LockMode::None:
    case LockMode::AccessShare:
    case LockMode::RowShare:
    case LockMode::RowExclusive:
        return "other DDL only";
    case LockMode::ShareUpdateExclusive:
        return "DDL, VACUUM and ANALYZE";
    case LockMode::Share:
    case LockMode::ShareRowExclusive:
        return "writes";
    case LockMode::Exclusive:
        return "writes and SELECT ... FOR UPDATE";
    case LockMode::AccessExclusive:
        return "reads and writes";
    }
    return "nothing";
}

LockMode StatementFacts::strongestLockOnExisting() const
{
    LockMode strongest = LockMode::None;
    for (const auto &r : relations) {
        if (!r.isNew)
            strongest = std::max(strongest, r.lock);
    }
    return strongest;
}

bool CreatedNames::contains(std::string_view name) const
{
    if (!m_table)
        return false;
    const auto it = m_table->find(name);
    return it != m_table->end() && it->second < m_count;
}

void CreatedNames::insert(std::string name)
{
    if (contains(name))
        return;
    if (!m_table) {
        m_table = std::make_shared<Table>();
    } else if (m_table->size() != m_count) {
        auto own = std::make_shared<Table>();
        for (const auto &[n, order] : *m_table) {
            if (order < m_count)
                own->emplace(n, order);
        }
        m_table = std::move(own);
    }
    m_table->emplace(std::move(name), m_count++);
}

bool ScriptState::isNew(std::string_view name) const
{
    if (created.contains(name))
        return true;
    const auto dot = name.rfind('.');
    // "public.t" was created as "t" (or the other way round).
    return dot != std::string_view::npos
               ? created.contains(name.substr(dot + 1)) && name.starts_with("public.")
               : false;
}

bool ScriptState::mayHaveExisted(std::string_view name) const
{
    if (mayExist.contains(name))
        return true;
    const auto dot = name.rfind('.');
    return dot != std::string_view::npos && mayExist.contains(name.substr(dot + 1)) &&
           name.starts_with("public.");
}

bool ScriptState::isNew(Node rangeVar) const
{
    if (const auto body = rangeVar.as("RangeVar"))
        rangeVar = body;
    // An unqualified name is looked up as it stands, without building "schema.name".
    if (rangeVar["schemaname"].str().empty())
        return isNew(rangeVar["relname"].str());
    return isNew(tree::qualifiedName(rangeVar));
}

std::optional<long long> parseDurationMs(std::string_view text)
{
    std::size_t i = 0;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
        ++i;
    std::size_t digits = i;
    while (digits < text.size() &&
           (std::isdigit(static_cast<unsigned char>(text[digits])) || text[digits] == '.'))
        ++digits;
    if (digits == i)
        return std::nullopt;
    const double value = std::stod(std::string(text.substr(i, digits - i)));
    auto unit = text.substr(digits);
    while (!unit.empty() && std::isspace(static_cast<unsigned char>(unit.front())))
        unit.remove_prefix(1);
    while (!unit.empty() && std::isspace(static_cast<unsigned char>(unit.back())))
        unit.remove_suffix(1);
    double factor = 1;
    if (unit.empty() || unit == "ms")
        factor = 1;
    else if (unit == "us")
        factor = 0.001;
    else if (unit == "s")
        factor = 1000;
    else if (unit == "min")
        factor = 60000;
    else if (unit == "h")
        factor = 3600000;
    else if (unit == "d")
        factor = 86400000;
    else
        return std::nullopt;
    return static_cast<long long>(value * factor);
}

namespace {

void add(StatementFacts &facts, const ScriptState &state, const std::string &relation, LockMode lock,
         bool rewrites = false, bool scans = false, bool buildsIndex = false)
{
    if (relation.empty())
        return;
    for (auto &r : facts.relations) {
        if (r.relation == relation) {
            r.lock = std::max(r.lock, lock);
            r.rewrites |= rewrites;
            r.scans |= scans;
            r.buildsIndex |= buildsIndex;
            return;
        }
    }
    const bool isNew = state.isNew(relation);
    facts.relations.push_back(
        {relation, lock, rewrites, scans, buildsIndex, isNew, !isNew && state.mayHaveExisted(relation)});
}

// "schema.name" from a list of String nodes (DropStmt objects, ...), dropping `dropLast` trailing names.
std::string joinedName(Node list, std::size_t dropLast = 0)
{
    const auto parts = tree::strings(list);
    std::string out;
    for (std::size_t i = 0; i + dropLast < parts.size(); ++i)
        out += (out.empty() ? "" : ".") + parts[i];
    return out;
}

bool isVolatileDefault(Node expr)
{
    // Only constants, casts of constants and a few stable functions are known not to rewrite (PG 11+).
    if (!expr)
        return false;
    const auto kind = expr.kind();
    if (kind == "A_Const" || kind == "SQLValueFunction")
        return false;
    if (kind == "TypeCast")
        return isVolatileDefault(expr.body()["arg"]);
    if (kind == "FuncCall") {
        const auto names = tree::strings(expr.body()["funcname"]);
        static constexpr std::array stable{std::string_view("now"), std::string_view("current_timestamp"),
                                           std::string_view("statement_timestamp"),
                                           std::string_view("transaction_timestamp"),
                                           std::string_view("current_date")};
        return names.empty() || std::find(stable.begin(), stable.end(), names.back()) == stable.end();
    }
    if (kind == "A_ArrayExpr") {
        for (const Node e : expr.body()["elements"]) {
            if (isVolatileDefault(e))
                return true;
        }
        return false;
    }
    return true;
}

bool addColumnRewrites(Node columnDef, const Config &config)
{
    const auto type = tree::typeName(columnDef["typeName"]);
    if (type == "serial" || type == "serial4" || type == "bigserial" || type == "serial8" ||
        type == "smallserial" || type == "serial2")
        return true;
    for (const Node c : columnDef["constraints"]) {
        const auto con = c.as("Constraint");
        const auto contype = con["contype"].str();
        if (contype == "CONSTR_IDENTITY" || contype == "CONSTR_GENERATED")
            return true;
        if (contype == "CONSTR_DEFAULT" && (config.pgVersion < 11 || isVolatileDefault(con["raw_expr"])))
            return true;
    }
    return false;
}

void alterTable(StatementFacts &facts, Node stmt, const ScriptState &state, const Config &config)
{
    const auto relation = tree::qualifiedName(stmt["relation"]);
    for (const Node c : stmt["cmds"]) {
        const auto cmd = c.as("AlterTableCmd");
        const auto subtype = cmd["subtype"].str();
        LockMode lock = LockMode::AccessExclusive;
        bool rewrites = false, scans = false, index = false;
        if (subtype == "AT_ValidateConstraint") {
            lock = LockMode::ShareUpdateExclusive;
            scans = true;
        } else if (subtype == "AT_SetStatistics" || subtype == "AT_SetOptions" ||
                   subtype == "AT_ResetOptions" || subtype == "AT_ClusterOn" || subtype == "AT_DropCluster" ||
                   subtype == "AT_SetRelOptions" || subtype == "AT_ResetRelOptions" ||
                   subtype == "AT_ReplaceRelOptions") {
            lock = LockMode::ShareUpdateExclusive;
        } else if (subtype == "AT_AttachPartition") {
            lock = config.pgVersion >= 12 ? LockMode::ShareUpdateExclusive : LockMode::AccessExclusive;
            const auto partition = tree::qualifiedName(cmd["def"].as("PartitionCmd")["name"]);
            add(facts, state, partition, LockMode::AccessExclusive, false, true);
        } else if (subtype == "AT_DetachPartition") {
            const bool concurrent = cmd["def"].as("PartitionCmd")["concurrent"].boolean();
            lock = concurrent ? LockMode::ShareUpdateExclusive : LockMode::AccessExclusive;
            add(facts, state, tree::qualifiedName(cmd["def"].as("PartitionCmd")["name"]),
                LockMode::AccessExclusive);
        } else if (subtype.rfind("AT_EnableTrig", 0) == 0 || subtype.rfind("AT_DisableTrig", 0) == 0 ||
                   subtype == "AT_EnableAlwaysTrig" || subtype == "AT_EnableReplicaTrig") {
            lock = LockMode::ShareRowExclusive;
        } else if (subtype == "AT_AddConstraint") {
            const auto con = cmd["def"].as("Constraint");
            const auto contype = con["contype"].str();
            const bool validates = !con["skip_validation"].boolean();
            if (contype == "CONSTR_FOREIGN") {
                lock = LockMode::ShareRowExclusive;
                scans = validates;
                add(facts, state, tree::qualifiedName(con["pktable"]), LockMode::ShareRowExclusive);
            } else if (contype == "CONSTR_CHECK") {
                scans = validates;
            } else if (contype == "CONSTR_PRIMARY" || contype == "CONSTR_UNIQUE" ||
                       contype == "CONSTR_EXCLUSION") {
                index = con["indexname"].str().empty();
                scans = contype == "CONSTR_PRIMARY";
            }
        } else if (subtype == "AT_AddColumn") {
            const auto def = cmd["def"].as("ColumnDef");
            rewrites = addColumnRewrites(def, config);
            for (const Node k : def["constraints"]) {
                const auto con = k.as("Constraint");
                const auto contype = con["contype"].str();
                if (contype == "CONSTR_FOREIGN")
                    add(facts, state, tree::qualifiedName(con["pktable"]), LockMode::ShareRowExclusive);
                if (contype == "CONSTR_PRIMARY" || contype == "CONSTR_UNIQUE")
                    index = true;
            }
        } else if (subtype == "AT_AlterColumnType") {
            rewrites = true;
        } else if (subtype == "AT_SetNotNull") {
            scans = true;
        } else if (subtype == "AT_SetLogged" || subtype == "AT_SetUnLogged" ||
                   subtype == "AT_SetAccessMethod" || subtype == "AT_SetTableSpace") {
            rewrites = true;
        }
        add(facts, state, relation, lock, rewrites, scans, index);
    }
}

void dropStatement(StatementFacts &facts, Node stmt, const ScriptState &state)
{
    const auto type = stmt["removeType"].str();
    const bool concurrent = stmt["concurrent"].boolean();
    for (const Node object : stmt["objects"]) {
        if (type == "OBJECT_TABLE" || type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW" ||
            type == "OBJECT_SEQUENCE" || type == "OBJECT_FOREIGN_TABLE") {
            add(facts, state, joinedName(object.as("List")["items"]), LockMode::AccessExclusive);
        } else if (type == "OBJECT_INDEX") {
            add(facts, state, joinedName(object.as("List")["items"]),
                concurrent ? LockMode::ShareUpdateExclusive : LockMode::AccessExclusive);
        } else if (type == "OBJECT_TRIGGER" || type == "OBJECT_POLICY" || type == "OBJECT_RULE") {
            add(facts, state, joinedName(object.as("List")["items"], 1), LockMode::AccessExclusive);
        }
    }
}

void relationsOf(StatementFacts &facts, Node list, const ScriptState &state, LockMode lock,
                 bool rewrites = false)
{
    for (const Node item : list) {
        if (item.is("RangeVar"))
            add(facts, state, tree::qualifiedName(item), lock, rewrites);
        else if (const auto vr = item.as("VacuumRelation"))
            add(facts, state, tree::qualifiedName(vr["relation"]), lock, rewrites);
    }
}

const std::array<std::string_view, 8> kDmlKinds{"InsertStmt", "UpdateStmt", "DeleteStmt", "MergeStmt",
                                                "CopyStmt",   "SelectStmt", "CallStmt",   "DoStmt"};

} // namespace

StatementFacts analyzeStatement(Node statement, const ScriptState &state, const Config &config)
{
    StatementFacts facts;
    facts.kind = std::string(statement.kind());
    const auto stmt = statement.body();
    const auto &kind = facts.kind;
    facts.isDml = kind == "InsertStmt" || kind == "UpdateStmt" || kind == "DeleteStmt" ||
                  kind == "MergeStmt" || (kind == "CopyStmt" && stmt["is_from"].boolean());
    facts.isDdl = !facts.isDml && std::find(kDmlKinds.begin(), kDmlKinds.end(), kind) == kDmlKinds.end() &&
                  kind != "TransactionStmt" && kind != "VariableSetStmt" && kind != "VariableShowStmt" &&
                  kind != "ExplainStmt" && kind != "LockStmt";

    if (kind == "InsertStmt" || kind == "MergeStmt") {
        add(facts, state, tree::qualifiedName(stmt["relation"]), LockMode::RowExclusive);
    } else if (kind == "UpdateStmt" || kind == "DeleteStmt") {
        add(facts, state, tree::qualifiedName(stmt["relation"]), LockMode::RowExclusive, false,
            !stmt["whereClause"].valid());
    } else if (kind == "CopyStmt") {
        add(facts, state, tree::qualifiedName(stmt["relation"]),
            stmt["is_from"].boolean() ? LockMode::RowExclusive : LockMode::AccessShare);
    } else if (kind == "TruncateStmt") {
        relationsOf(facts, stmt["relations"], state, LockMode::AccessExclusive, true);
    } else if (kind == "VacuumStmt") {
        const bool full = stmt["is_vacuumcmd"].boolean() && tree::optionEnabled(stmt["options"], "full");
        relationsOf(facts, stmt["rels"], state,
                    full ? LockMode::AccessExclusive : LockMode::ShareUpdateExclusive, full);
        facts.canRunInTransaction = !stmt["is_vacuumcmd"].boolean();
    } else if (kind == "ClusterStmt") {
        add(facts, state, tree::qualifiedName(stmt["relation"]), LockMode::AccessExclusive, true);
    } else if (kind == "IndexStmt") {
        const bool concurrent = stmt["concurrent"].boolean();
        add(facts, state, tree::qualifiedName(stmt["relation"]),
            concurrent ? LockMode::ShareUpdateExclusive : LockMode::Share, false, false, true);
        facts.canRunInTransaction = !concurrent;
    } else if (kind == "ReindexStmt") {
        const bool concurrent = tree::optionEnabled(stmt["params"], "concurrently");
        add(facts, state, tree::qualifiedName(stmt["relation"]),
            concurrent ? LockMode::ShareUpdateExclusive : LockMode::AccessExclusive, false, false, true);
        const auto reindexKind = stmt["kind"].str();
        facts.canRunInTransaction = !concurrent && reindexKind != "REINDEX_OBJECT_SCHEMA" &&
                                    reindexKind != "REINDEX_OBJECT_DATABASE" &&
                                    reindexKind != "REINDEX_OBJECT_SYSTEM";
    } else if (kind == "DropStmt") {
        dropStatement(facts, stmt, state);
        facts.canRunInTransaction = !stmt["concurrent"].boolean();
    } else if (kind == "AlterTableStmt") {
        alterTable(facts, stmt, state, config);
        for (const Node c : stmt["cmds"]) {
            const auto cmd = c.as("AlterTableCmd");
            if (cmd["subtype"].str() == "AT_DetachPartition" &&
                cmd["def"].as("PartitionCmd")["concurrent"].boolean())
                facts.canRunInTransaction = false;
        }
    } else if (kind == "RenameStmt" || kind == "AlterObjectSchemaStmt") {
        if (stmt["relation"])
            add(facts, state, tree::qualifiedName(stmt["relation"]), LockMode::AccessExclusive);
    } else if (kind == "CreateTrigStmt") {
        add(facts, state, tree::qualifiedName(stmt["relation"]), LockMode::ShareRowExclusive);
    } else if (kind == "CreatePolicyStmt" || kind == "AlterPolicyStmt") {
        add(facts, state, tree::qualifiedName(stmt["table"]), LockMode::AccessExclusive);
    } else if (kind == "LockStmt") {
        const auto mode = stmt["mode"].integer();
        relationsOf(facts, stmt["relations"], state,
                    mode >= 1 && mode <= 8 ? static_cast<LockMode>(mode) : LockMode::AccessExclusive);
    } else if (kind == "CommentStmt") {
        // COMMENT ON a relation, or on one of its columns, constraints, triggers, rules or policies, takes
        // SHARE UPDATE EXCLUSIVE on the relation (get_object_address), so it queues behind DDL and blocks it.
        const auto type = stmt["objtype"].str();
        const auto names = stmt["object"].as("List")["items"];
        if (type == "OBJECT_TABLE" || type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW" ||
            type == "OBJECT_FOREIGN_TABLE" || type == "OBJECT_INDEX" || type == "OBJECT_SEQUENCE")
            add(facts, state, joinedName(names), LockMode::ShareUpdateExclusive);
        else if (type == "OBJECT_COLUMN" || type == "OBJECT_TABCONSTRAINT" || type == "OBJECT_TRIGGER" ||
                 type == "OBJECT_RULE" || type == "OBJECT_POLICY")
            add(facts, state, joinedName(names, 1), LockMode::ShareUpdateExclusive);
    } else if (kind == "RefreshMatViewStmt") {
        add(facts, state, tree::qualifiedName(stmt["relation"]),
            stmt["concurrent"].boolean() ? LockMode::Exclusive : LockMode::AccessExclusive, true);
    } else if (kind == "CreateStmt") {
        add(facts, state, tree::qualifiedName(stmt["relation"]), LockMode::AccessExclusive);
        facts.relations.back().isNew = true;
        auto references = [&](Node constraint) {
            const auto con = constraint.as("Constraint");
            if (con["contype"].str() == "CONSTR_FOREIGN")
                add(facts, state, tree::qualifiedName(con["pktable"]), LockMode::ShareRowExclusive);
        };
        for (const Node element : stmt["tableElts"]) {
            if (element.is("Constraint"))
                references(element);
            for (const Node c : element.as("ColumnDef")["constraints"])
                references(c);
        }
    } else if (kind == "CreateStatsStmt" || kind == "CommentStmt") {
        // SHARE UPDATE EXCLUSIVE on the object; COMMENT ON names objects in many shapes, left out here.
        if (kind == "CreateStatsStmt")
            relationsOf(facts, stmt["relations"], state, LockMode::ShareUpdateExclusive);
    } else if (kind == "CreatedbStmt" || kind == "DropdbStmt" || kind == "CreateTableSpaceStmt" ||
               kind == "DropTableSpaceStmt" || kind == "AlterSystemStmt" ||
               kind == "CreateSubscriptionStmt" || kind == "DropSubscriptionStmt") {
        facts.canRunInTransaction = false;
    } else if (kind == "AlterEnumStmt") {
        facts.canRunInTransaction = config.pgVersion >= 12;
    } else if (kind == "TransactionStmt") {
        facts.isTransactionControl = true;
    }
    return facts;
}

void ScriptState::apply(Node statement, const StatementFacts &facts, std::size_t index)
{
    const auto stmt = statement.body();
    const auto kind = statement.kind();
    if (kind == "TransactionStmt") {
        const auto txKind = stmt["kind"].str();
        if (txKind == "TRANS_STMT_BEGIN" || txKind == "TRANS_STMT_START") {
            inTransaction = true;
            explicitTransaction = true;
            transactionStart = index;
        } else if (txKind == "TRANS_STMT_COMMIT" || txKind == "TRANS_STMT_ROLLBACK" ||
                   txKind == "TRANS_STMT_PREPARE" || txKind == "TRANS_STMT_COMMIT_PREPARED") {
            inTransaction = false;
            explicitTransaction = false;
            accessExclusiveHeldOn.clear();
        }
        return;
    }
    if (kind == "VariableSetStmt") {
        const auto name = stmt["name"].str();
        std::optional<long long> *target = name == "lock_timeout"        ? &lockTimeoutMs
                                           : name == "statement_timeout" ? &statementTimeoutMs
                                                                         : nullptr;
        if (target) {
            const auto setKind = stmt["kind"].str();
            if (setKind == "VAR_SET_VALUE") {
                const auto arg = stmt["args"].at(0).as("A_Const");
                if (const auto ival = arg["ival"]; ival.valid())
                    *target = ival["ival"].integer();
                else if (const auto s = arg["sval"]["sval"].str(); !s.empty())
                    *target = parseDurationMs(s);
            } else if (setKind == "VAR_RESET" || setKind == "VAR_SET_DEFAULT") {
                target->reset();
            }
        } else if (stmt["kind"].str() == "VAR_RESET_ALL") {
            lockTimeoutMs.reset();
            statementTimeoutMs.reset();
        }
        return;
    }
    if (kind == "SelectStmt") {
        // SELECT set_config('lock_timeout', '2s', false)
        for (const Node target : stmt["targetList"]) {
            const auto call = target.as("ResTarget")["val"].as("FuncCall");
            const auto names = tree::strings(call["funcname"]);
            if (names.empty() || names.back() != "set_config")
                continue;
            const auto setting = tree::stringConstant(call["args"].at(0));
            const auto value = tree::stringConstant(call["args"].at(1));
            if (setting == "lock_timeout")
                lockTimeoutMs = parseDurationMs(value);
            else if (setting == "statement_timeout")
                statementTimeoutMs = parseDurationMs(value);
        }
    }
    if (kind == "CreateStmt" || kind == "CreateTableAsStmt" || kind == "ViewStmt") {
        const auto into = stmt["into"].is("IntoClause") ? stmt["into"].body() : stmt["into"];
        const auto rel = kind == "CreateTableAsStmt" ? into["rel"]
                         : kind == "ViewStmt"        ? stmt["view"]
                                                     : stmt["relation"];
        // Fields typed RangeVar come unwrapped in libpg_query's JSON; Node fields come wrapped.
        const auto body = rel.is("RangeVar") ? rel.body() : rel;
        // IF NOT EXISTS does nothing when the table is there already: unless this file created it, it may
        // be an existing table with data.
        auto &names = stmt["if_not_exists"].boolean() && !isNew(body) ? mayExist : created;
        names.insert(tree::qualifiedName(body));
        names.insert(std::string(body["relname"].str()));
    } else if (kind == "IndexStmt" && !stmt["idxname"].str().empty()) {
        created.insert(std::string(stmt["idxname"].str()));
    } else if (kind == "CreateSeqStmt") {
        created.insert(tree::qualifiedName(stmt["sequence"]));
    } else if (kind == "CreateEnumStmt" || kind == "CreateDomainStmt") {
        const auto names = tree::strings(kind == "CreateDomainStmt" ? stmt["domainname"] : stmt["typeName"]);
        if (!names.empty())
            created.insert(names.back());
    } else if (kind == "CompositeTypeStmt") {
        created.insert(tree::qualifiedName(stmt["typevar"]));
    }
    if (inTransaction) {
        for (const auto &r : facts.relations) {
            if (!r.isNew && r.lock == LockMode::AccessExclusive && accessExclusiveHeldOn.empty())
                accessExclusiveHeldOn = r.relation;
        }
    }
}

} // namespace sluice::review
