#include "RollbackPlanner.h"

#include <algorithm>

namespace sluice::review {
namespace rollback {

bool needsNoUndo(std::string_view kind, Node body)
{
    static const std::set<std::string_view> kinds{
        "TransactionStmt", "VariableSetStmt", "VariableShowStmt", "ExplainStmt",       "LockStmt",
        "VacuumStmt",      "NotifyStmt",      "ListenStmt",       "UnlistenStmt",      "CheckPointStmt",
        "DiscardStmt",     "ClusterStmt",     "ReindexStmt",      "RefreshMatViewStmt"};
    if (kind == "SelectStmt")
        return !body["intoClause"].valid();
    return kinds.count(kind) > 0;
}

std::string relationKeyword(std::string_view objectType)
{
    static const std::map<std::string_view, std::string> keywords{{"OBJECT_TABLE", "TABLE"},
                                                                  {"OBJECT_VIEW", "VIEW"},
                                                                  {"OBJECT_MATVIEW", "MATERIALIZED VIEW"},
                                                                  {"OBJECT_INDEX", "INDEX"},
                                                                  {"OBJECT_SEQUENCE", "SEQUENCE"},
                                                                  {"OBJECT_FOREIGN_TABLE", "FOREIGN TABLE"},
                                                                  {"OBJECT_TYPE", "TYPE"},
                                                                  {"OBJECT_DOMAIN", "DOMAIN"},
                                                                  {"OBJECT_FUNCTION", "FUNCTION"},
                                                                  {"OBJECT_PROCEDURE", "PROCEDURE"},
                                                                  {"OBJECT_SCHEMA", "SCHEMA"},
                                                                  {"OBJECT_COLUMN", "COLUMN"}};
    const auto it = keywords.find(objectType);
    return it == keywords.end() ? std::string() : it->second;
}

RollbackPlan Planner::plan()
{
    RollbackPlan plan;
    for (std::size_t i = 0; i < m_script.statements.size(); ++i) {
        const auto &statement = m_script.statements[i];
        m_step = RollbackStep{};
        m_step.statement = i + 1;
        m_pieces.clear();
        m_restores.clear();
        if (!statement.tree) {
            irreversible("the statement does not parse");
        } else {
            const auto kind = statement.tree.kind();
            if (needsNoUndo(kind, statement.tree.body()))
                continue;
            m_text = statement.range.in(m_sql);
            dispatch(kind, statement.tree.body());
        }
        for (auto it = m_pieces.rbegin(); it != m_pieces.rend(); ++it)
            m_step.sql += *it;
        for (auto it = m_restores.rbegin(); it != m_restores.rend(); ++it)
            m_step.restoreSql += *it;
        m_step.backup = !m_step.backupSql.empty();
        plan.steps.push_back(std::move(m_step));
    }
    std::reverse(plan.steps.begin(), plan.steps.end());
    for (auto it = plan.steps.rbegin(); it != plan.steps.rend(); ++it)
        plan.backupSql += it->backupSql;
    for (const auto &s : plan.steps)
        plan.restoreSql += s.restoreSql;
    return plan;
}

std::string Planner::schemaOf(const ObjectName &n) const
{
    if (!n.schema.empty())
        return n.schema;
    if (const auto *r = relation(n))
        return r->schema;
    return m_prior.currentSchema;
}

const RelationDefinition *Planner::relation(const ObjectName &n) const
{
    auto key = n.key();
    if (const auto it = m_renamedFrom.find(key); it != m_renamedFrom.end())
        key = it->second;
    if (m_created.count(n.schema.empty() ? m_prior.currentSchema + "." + n.name : n.key()))
        return nullptr;
    const auto it = m_prior.relations.find(key);
    return it == m_prior.relations.end() ? nullptr : &it->second;
}

void Planner::markCreated(const ObjectName &n)
{
    m_created.insert(n.schema.empty() ? m_prior.currentSchema + "." + n.name : n.key());
}

void Planner::irreversible(std::string reason)
{
    m_step.irreversible = true;
    if (!m_step.reason.empty())
        m_step.reason += "; ";
    m_step.reason += reason;
}

void Planner::note(const std::string &text)
{
    if (!m_step.reason.empty())
        m_step.reason += "; ";
    m_step.reason += text;
}

std::string Planner::backup(const std::string &relationName, const std::string &select,
                            const std::string &from, const std::string &where)
{
    const auto table = backupTable(m_options.backupPrefix, m_step.statement, relationName);
    m_step.backupSql += backupRows(table, select, from, where, m_step.statement).sql;
    return table;
}

std::string Planner::backUpColumn(const RelationDefinition *r, const std::string &table,
                                  const std::string &column)
{
    std::string select;
    for (const auto &k : r->primaryKey)
        select += quoteIdent(k) + ", ";
    const auto backupName =
        backup(r->schema + "_" + r->name + "_" + column, select + quoteIdent(column), table, {});
    auto rows = updateRestoreSql(table, r->primaryKey, {column}, backupName);
    restore(rows);
    return rows;
}

void Planner::dispatch(std::string_view kind, Node body)
{
    if (kind == "CreateStmt")
        createTable(body);
    else if (kind == "CreateTableAsStmt")
        createTableAs(body);
    else if (kind == "ViewStmt")
        createView(body);
    else if (kind == "IndexStmt")
        createIndex(body);
    else if (kind == "CreateFunctionStmt")
        createFunction(body);
    else if (kind == "CreateTrigStmt")
        add("DROP TRIGGER " + quoteIdent(body["trigname"].str()) + " ON " +
            nameOf(relationName(body["relation"])) + ";\n");
    else if (kind == "CreateSeqStmt")
        createSimple("SEQUENCE", relationName(body["sequence"]), body["if_not_exists"].boolean());
    else if (kind == "CreateEnumStmt" || kind == "CompositeTypeStmt" || kind == "CreateRangeStmt")
        createType(kind == "CompositeTypeStmt" ? relationName(body["typevar"])
                                               : nameFromList(body["typeName"]),
                   "TYPE");
    else if (kind == "CreateDomainStmt")
        createType(nameFromList(body["domainname"]), "DOMAIN");
    else if (kind == "CreateSchemaStmt")
        add("DROP SCHEMA " + quoteIdent(body["schemaname"].str()) + ";\n");
    else if (kind == "CreatePolicyStmt")
        add("DROP POLICY " + quoteIdent(body["policy_name"].str()) + " ON " +
            nameOf(relationName(body["table"])) + ";\n");
    else if (kind == "AlterEnumStmt")
        alterEnum(body);
    else if (kind == "DropStmt")
        drop(body);
    else if (kind == "AlterTableStmt")
        alterTable(body);
    else if (kind == "RenameStmt")
        rename(body);
    else if (kind == "AlterObjectSchemaStmt")
        setSchema(body);
    else if (kind == "CommentStmt")
        comment(body);
    else if (kind == "GrantStmt")
        grant(body);
    else if (kind == "TruncateStmt")
        truncate(body);
    else if (kind == "DeleteStmt")
        deleteRows(body);
    else if (kind == "UpdateStmt")
        updateRows(body);
    else if (kind == "InsertStmt")
        irreversible("the rows it inserts are not captured: delete them by key to undo it");
    else if (kind == "DoStmt")
        irreversible("a DO block is opaque: its effects cannot be derived");
    else
        irreversible("Sluice does not derive the inverse of " + std::string(kind) + " yet");
}

void Planner::createSimple(const std::string &keyword, const ObjectName &name, bool ifNotExists)
{
    if (ifNotExists && relation(name)) {
        note(nameOf(name) + " existed before: IF NOT EXISTS left it alone");
        return;
    }
    add("DROP " + keyword + " " + nameOf(name) + ";\n");
    markCreated(name);
}

void Planner::createTable(Node body)
{
    createSimple("TABLE", relationName(body["relation"]), body["if_not_exists"].boolean());
}

void Planner::createTableAs(Node body)
{
    const auto into = body["into"].as("IntoClause") ? body["into"].as("IntoClause") : body["into"];
    createSimple(body["objtype"].str() == "OBJECT_MATVIEW" ? "MATERIALIZED VIEW" : "TABLE",
                 relationName(into["rel"]), body["if_not_exists"].boolean());
}

void Planner::createView(Node body)
{
    const auto name = relationName(body["view"]);
    const auto *before = relation(name);
    if (body["replace"].boolean() && before) {
        // CREATE OR REPLACE cannot remove columns the new definition added: drop and recreate.
        add("DROP VIEW " + nameOf(name) + ";\n" + createViewSql(*before) + recreateDependents(*before));
        if (!before->dependentViews.empty())
            add(dropDependentsSql(*before));
        return;
    }
    add("DROP VIEW " + nameOf(name) + ";\n");
    markCreated(name);
}

void Planner::createIndex(Node body)
{
    const auto table = relationName(body["relation"]);
    if (body["idxname"].str().empty()) {
        irreversible("the index has no name, so PostgreSQL chooses one: name it to make the rollback exact");
        return;
    }
    const ObjectName index{schemaOf(table), std::string(body["idxname"].str()), {}};
    if (body["if_not_exists"].boolean() && relation(ObjectName{{}, index.name, {}})) {
        note("the index existed before: IF NOT EXISTS left it alone");
        return;
    }
    add("DROP INDEX " + quoteQualified(index.schema, index.name) + ";\n");
    markCreated(index);
}

void Planner::createFunction(Node body)
{
    ObjectName name = nameFromList(body["funcname"]);
    std::string arguments;
    for (const Node p : body["parameters"]) {
        const auto mode = p.as("FunctionParameter")["mode"].str();
        if (mode != "FUNC_PARAM_OUT" && mode != "FUNC_PARAM_TABLE")
            arguments += (arguments.empty() ? "" : ", ") + typeText(p.as("FunctionParameter")["argType"]);
    }
    name.arguments = arguments;
    name.withArguments = true;
    const auto keyword = body["is_procedure"].boolean() ? "PROCEDURE " : "FUNCTION ";
    const auto it = m_prior.functions.find(name.key());
    if (body["replace"].boolean() && it != m_prior.functions.end()) {
        add("DROP " + std::string(keyword) + quoteQualified(it->second.schema, it->second.name) + "(" +
            it->second.identityArguments + ");\n" + createFunctionSql(it->second));
        return;
    }
    add("DROP " + std::string(keyword) +
        quoteQualified(name.schema.empty() ? m_prior.currentSchema : name.schema, name.name) + "(" +
        arguments + ");\n");
}

void Planner::createType(const ObjectName &name, const char *keyword)
{
    add(std::string("DROP ") + keyword + " " +
        quoteQualified(name.schema.empty() ? m_prior.currentSchema : name.schema, name.name) + ";\n");
}

void Planner::alterEnum(Node body)
{
    if (!body["oldVal"].str().empty()) {
        const auto type = nameFromList(body["typeName"]);
        add("ALTER TYPE " +
            quoteQualified(type.schema.empty() ? m_prior.currentSchema : type.schema, type.name) +
            " RENAME VALUE " + quoteLiteral(body["newVal"].str()) + " TO " +
            quoteLiteral(body["oldVal"].str()) + ";\n");
        return;
    }
    irreversible("PostgreSQL cannot drop an enum value: undoing ADD VALUE means a new type and rewriting "
                 "every column that uses it");
}

void Planner::drop(Node body)
{
    const auto type = body["removeType"].str();
    const bool cascade = body["behavior"].str() == "DROP_CASCADE";
    for (const Node object : body["objects"]) {
        if (type == "OBJECT_FUNCTION" || type == "OBJECT_PROCEDURE" || type == "OBJECT_ROUTINE") {
            dropFunction(functionName(object), body["missing_ok"].boolean());
        } else if (type == "OBJECT_TYPE" || type == "OBJECT_DOMAIN") {
            const auto names = tree::strings(object.as("TypeName")["names"]);
            const ObjectName name{names.size() > 1 ? names[0] : "", names.empty() ? "" : names.back(), {}};
            const auto it = m_prior.types.find(name.key());
            if (it != m_prior.types.end())
                add(createTypeSql(it->second));
            else
                missing(name.key(), body["missing_ok"].boolean());
        } else if (type == "OBJECT_TRIGGER" || type == "OBJECT_POLICY") {
            dropTableMember(type, tree::strings(object.as("List")["items"]), body["missing_ok"].boolean());
        } else if (type == "OBJECT_TABLE" || type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW" ||
                   type == "OBJECT_INDEX" || type == "OBJECT_SEQUENCE") {
            dropRelation(nameFromList(object), cascade, body["missing_ok"].boolean());
        } else {
            irreversible("Sluice does not recreate a dropped " + relationKeyword(type) + " yet");
        }
    }
}

void Planner::missing(const std::string &name, bool missingOk)
{
    if (missingOk)
        note(name + " did not exist before, or its definition was not captured");
    else
        irreversible("the definition of " + name + " was not captured before the migration");
}

void Planner::dropFunction(const ObjectName &name, bool missingOk)
{
    auto it = m_prior.functions.find(name.key());
    if (it == m_prior.functions.end()) {
        missing(name.key(), missingOk);
        return;
    }
    add(createFunctionSql(it->second));
}

void Planner::dropTableMember(std::string_view type, const std::vector<std::string> &names, bool missingOk)
{
    if (names.size() < 2)
        return;
    const ObjectName table{names.size() > 2 ? names[0] : "", names[names.size() - 2], {}};
    const auto &member = names.back();
    const auto *r = relation(table);
    if (r && type == "OBJECT_TRIGGER") {
        for (const auto &t : r->triggers) {
            if (t.name == member)
                return add(createTriggerSql(qualified(*r), t));
        }
    } else if (r) {
        for (const auto &p : r->policies) {
            if (p.name == member)
                return add(p.definition + ";\n");
        }
    }
    missing(member + " on " + table.key(), missingOk);
}

std::string Planner::dropDependentsSql(const RelationDefinition &r) const
{
    std::string out;
    for (auto it = r.dependentViews.rbegin(); it != r.dependentViews.rend(); ++it) {
        const auto v = m_prior.relations.find(*it);
        if (v != m_prior.relations.end())
            out += std::string(v->second.kind == 'm' ? "DROP MATERIALIZED VIEW IF EXISTS "
                                                     : "DROP VIEW IF EXISTS ") +
                   qualified(v->second) + ";\n";
    }
    return out;
}

std::string Planner::recreateDependents(const RelationDefinition &r) const
{
    std::string out;
    for (const auto &key : r.dependentViews) {
        const auto v = m_prior.relations.find(key);
        if (v != m_prior.relations.end())
            out += createViewSql(v->second, true);
    }
    return out;
}

void Planner::dropRelation(const ObjectName &name, bool cascade, bool missingOk)
{
    const auto *r = relation(name);
    if (!r) {
        if (createdHere(name))
            note(nameOf(name) + " was created by this migration");
        else
            missing(name.key(), missingOk);
        return;
    }
    std::string sql;
    switch (r->kind) {
    case 'r':
    case 'p': {
        const auto table = qualified(*r);
        const auto backupName = backup(r->schema + "_" + r->name, "*", table, {});
        const auto rows = insertRestoreSql(r, table, backupName);
        restore(rows);
        sql = createTableSql(*r, rows);
        note("the table's rows come back from the pre-image backup " + backupName);
        break;
    }
    case 'v':
    case 'm':
        sql = createViewSql(*r);
        break;
    case 'i':
    case 'I':
        sql = createIndexSql(r->schema, r->indexTable, r->index);
        break;
    case 'S':
        if (r->sequence)
            sql = createSequenceSql(*r->sequence);
        break;
    default:
        irreversible("Sluice does not recreate a dropped relation of kind '" + std::string(1, r->kind) + "'");
        return;
    }
    if (cascade || r->kind == 'v' || r->kind == 'm')
        sql += recreateDependents(*r);
    add(sql);
}

} // namespace rollback

std::string RollbackPlan::sql() const
{
    std::string out;
    for (const auto &s : steps) {
        if (!s.sql.empty())
            out += "-- undo statement " + std::to_string(s.statement) + "\n" + s.sql;
    }
    return out;
}

bool RollbackPlan::reversible() const
{
    return std::none_of(steps.begin(), steps.end(), [](const RollbackStep &s) { return s.irreversible; });
}

std::string RollbackPlan::backupBefore(std::size_t ordinal) const
{
    for (const auto &s : steps) {
        if (s.statement == ordinal)
            return s.backupSql;
    }
    return {};
}

RollbackPlan planRollback(const Script &script, std::string_view sql, const PriorDefinitions &prior,
                          const RollbackOptions &options)
{
    return rollback::Planner(script, sql, prior, options).plan();
}

std::string migrationWithBackups(const Script &script, std::string_view sql, const RollbackPlan &plan)
{
    std::string out;
    for (std::size_t i = 0; i < script.statements.size(); ++i) {
        const auto &s = script.statements[i];
        out += plan.backupBefore(i + 1);
        out += s.range.in(sql);
        out += ";\n";
    }
    return out;
}

} // namespace sluice::review
