// The rollback planner's ALTER TABLE, RENAME, SET SCHEMA, COMMENT, GRANT and data changes
// (RollbackPlanner.h).
#include "RollbackPlanner.h"

#include <algorithm>

namespace sluice::review::rollback {

void Planner::alterTable(Node body)
{
    const auto name = relationName(body["relation"]);
    if (createdHere(name)) {
        note("undone by dropping " + nameOf(name) + ", which this migration creates");
        return;
    }
    const auto *r = relation(name);
    const auto table = nameOf(name);
    const auto alter = "ALTER TABLE " + table + " ";
    for (const Node c : body["cmds"]) {
        const auto cmd = c.as("AlterTableCmd");
        const auto subtype = cmd["subtype"].str();
        const std::string column(cmd["name"].str());
        const auto *col = r ? r->column(column) : nullptr;
        if (subtype == "AT_AddColumn" || subtype == "AT_AddColumnToView") {
            const auto def = cmd["def"].as("ColumnDef");
            if (cmd["missing_ok"].boolean() && r && r->column(def["colname"].str())) {
                note("column " + std::string(def["colname"].str()) + " existed before");
                continue;
            }
            add(alter + "DROP COLUMN " + quoteIdent(def["colname"].str()) + ";\n");
        } else if (subtype == "AT_DropColumn") {
            dropColumn(r, table, column, cmd["missing_ok"].boolean(),
                       cmd["behavior"].str() == "DROP_CASCADE");
        } else if (subtype == "AT_AlterColumnType") {
            alterColumnType(r, table, column, cmd["def"].as("ColumnDef"));
        } else if (subtype == "AT_SetNotNull" || subtype == "AT_DropNotNull") {
            if (!col) {
                irreversible("the definition of column " + column + " was not captured");
            } else if (col->notNull != (subtype == "AT_SetNotNull")) {
                add(alter + "ALTER COLUMN " + quoteIdent(column) +
                    (col->notNull ? " SET NOT NULL" : " DROP NOT NULL") + ";\n");
            }
        } else if (subtype == "AT_ColumnDefault") {
            if (!col)
                irreversible("the definition of column " + column + " was not captured");
            else if (!col->defaultExpr.empty())
                add(alter + "ALTER COLUMN " + quoteIdent(column) + " SET DEFAULT " + col->defaultExpr +
                    ";\n");
            else if (cmd["def"].valid())
                add(alter + "ALTER COLUMN " + quoteIdent(column) + " DROP DEFAULT;\n");
        } else if (subtype == "AT_AddConstraint") {
            const auto k = cmd["def"].as("Constraint");
            if (k["conname"].str().empty())
                irreversible("the constraint has no name, so PostgreSQL chooses one: name it to make the "
                             "rollback exact");
            else
                add(alter + "DROP CONSTRAINT " + quoteIdent(k["conname"].str()) + ";\n");
        } else if (subtype == "AT_DropConstraint") {
            dropConstraint(r, table, column, cmd["missing_ok"].boolean(),
                           cmd["behavior"].str() == "DROP_CASCADE");
        } else if (subtype == "AT_ValidateConstraint") {
            note("validating a constraint needs no undo");
        } else if (subtype == "AT_EnableRowSecurity" || subtype == "AT_DisableRowSecurity" ||
                   subtype == "AT_ForceRowSecurity" || subtype == "AT_NoForceRowSecurity") {
            rowSecurity(r, alter, subtype);
        } else if (subtype == "AT_EnableTrig" || subtype == "AT_DisableTrig" ||
                   subtype == "AT_EnableAlwaysTrig" || subtype == "AT_EnableReplicaTrig") {
            triggerState(r, table, column);
        } else if (subtype == "AT_ChangeOwner") {
            if (r)
                add(alter + "OWNER TO " + quoteIdent(r->owner) + ";\n");
            else
                irreversible("the owner of " + table + " was not captured");
        } else if (subtype == "AT_SetLogged" || subtype == "AT_SetUnLogged") {
            add(alter + (subtype == "AT_SetLogged" ? "SET UNLOGGED" : "SET LOGGED") + ";\n");
        } else {
            irreversible("Sluice does not derive the inverse of ALTER TABLE " + std::string(subtype) +
                         " yet");
        }
    }
}

void Planner::dropColumn(const RelationDefinition *r, const std::string &table, const std::string &column,
                         bool missingOk, bool cascade)
{
    const auto *col = r ? r->column(column) : nullptr;
    if (!col) {
        missing("column " + column + " of " + table, missingOk);
        return;
    }
    std::string sql = "ALTER TABLE " + table + " ADD COLUMN " + columnSql(*col) + ";\n";
    if (col->generatedExpr.empty()) {
        if (r->primaryKey.empty()) {
            irreversible("the column's values cannot be restored: " + table +
                         " has no primary key to match rows by");
        } else {
            sql += backUpColumn(r, table, column);
        }
    }
    sql += columnPropertiesSql(table, *col);
    if (col->comment)
        sql += commentSql("COLUMN", table + "." + quoteIdent(column), col->comment);
    for (const auto &p : col->privileges)
        sql += "GRANT " + p.privilege + " (" + quoteIdent(column) + ") ON TABLE " + table + " TO " +
               (p.grantee.empty() ? std::string("PUBLIC") : quoteIdent(p.grantee)) + ";\n";
    // Constraints and indexes on the column went with it.
    for (const auto &k : r->constraints) {
        if (std::find(k.columns.begin(), k.columns.end(), column) != k.columns.end())
            sql += addConstraintSql(table, k);
    }
    for (const auto &i : r->indexes) {
        if (std::find(i.columns.begin(), i.columns.end(), column) != i.columns.end())
            sql += createIndexSql(r->schema, table, i);
    }
    if (cascade)
        sql += recreateDependents(*r);
    note("the column comes back at the end of the table: column order is not restored");
    add(sql);
}

void Planner::alterColumnType(const RelationDefinition *r, const std::string &table,
                              const std::string &column, Node def)
{
    const auto *col = r ? r->column(column) : nullptr;
    if (!col) {
        irreversible("the type of column " + column + " of " + table + " was not captured");
        return;
    }
    std::string sql = "ALTER TABLE " + table + " ALTER COLUMN " + quoteIdent(column) + " TYPE " + col->type +
                      (col->collation.empty() ? "" : " COLLATE " + col->collation) + " USING " +
                      quoteIdent(column) + "::" + col->type + ";\n";
    if (!isWidening(col->type, def["typeName"])) {
        if (r->primaryKey.empty()) {
            irreversible("the change may lose data and " + table + " has no primary key to restore it by");
        } else {
            sql += backUpColumn(r, table, column);
            note("the type change may lose data: the old values come back from the pre-image backup");
        }
    }
    add(sql);
}

bool Planner::isWidening(const std::string &before, Node typeName)
{
    const auto after = tree::typeName(typeName);
    auto mods = [](Node t) {
        std::vector<long long> m;
        for (const Node x : t.as("TypeName") ? t.as("TypeName")["typmods"] : t["typmods"])
            m.push_back(x.as("A_Const")["ival"]["ival"].integer());
        return m;
    };
    const auto newMods = mods(typeName);
    auto modsOf = [](const std::string &text) {
        std::vector<long long> m;
        const auto open = text.find('(');
        if (open == std::string::npos)
            return m;
        long long n = 0;
        for (std::size_t i = open + 1; i < text.size(); ++i) {
            if (text[i] >= '0' && text[i] <= '9') {
                n = n * 10 + (text[i] - '0');
            } else {
                m.push_back(n);
                n = 0;
                if (text[i] == ')')
                    break;
            }
        }
        return m;
    };
    const auto oldMods = modsOf(before);
    const auto base = before.substr(0, before.find('('));
    if (after == "text")
        return base == "character varying" || base == "text" || base == "character";
    if (after == "varchar")
        return base == "character varying" &&
               (newMods.empty() || (!oldMods.empty() && newMods[0] >= oldMods[0]));
    if (after == "int8")
        return base == "bigint" || base == "integer" || base == "smallint";
    if (after == "int4")
        return base == "integer" || base == "smallint";
    if (after == "float8")
        return base == "double precision" || base == "real" || base == "integer" || base == "smallint";
    if (after == "numeric") {
        if (base == "integer" || base == "smallint" || base == "bigint")
            return newMods.empty();
        if (base != "numeric")
            return false;
        if (newMods.empty())
            return true;
        if (oldMods.empty())
            return false;
        const long long oldScale = oldMods.size() > 1 ? oldMods[1] : 0;
        const long long newScale = newMods.size() > 1 ? newMods[1] : 0;
        return newScale >= oldScale && newMods[0] - newScale >= oldMods[0] - oldScale;
    }
    if (after == "timestamptz")
        return base == "timestamp with time zone";
    return false;
}

void Planner::dropConstraint(const RelationDefinition *r, const std::string &table, const std::string &name,
                             bool missingOk, bool cascade)
{
    if (r) {
        for (const auto &k : r->constraints) {
            if (k.name != name)
                continue;
            std::string sql = addConstraintSql(table, k);
            // CASCADE took the foreign keys that reference this key's columns.
            std::string columns;
            for (const auto &c : k.columns)
                columns += (columns.empty() ? "" : ", ") + quoteIdent(c);
            const auto referenced = table + "(" + columns + ")";
            for (const auto &fk : r->inboundForeignKeys) {
                if (cascade && (k.type == 'p' || k.type == 'u') &&
                    fk.definition.find(referenced) != std::string::npos)
                    sql += addConstraintSql(quoteQualified(fk.schema, fk.table), fk);
            }
            return add(sql);
        }
    }
    missing("constraint " + name + " of " + table, missingOk);
}

void Planner::rowSecurity(const RelationDefinition *r, const std::string &alter, std::string_view subtype)
{
    if (!r) {
        irreversible("the row-level security settings were not captured");
        return;
    }
    if (subtype == "AT_EnableRowSecurity" || subtype == "AT_DisableRowSecurity")
        add(alter + (r->rowSecurity ? "ENABLE" : "DISABLE") + " ROW LEVEL SECURITY;\n");
    else
        add(alter + (r->forceRowSecurity ? "FORCE" : "NO FORCE") + " ROW LEVEL SECURITY;\n");
}

void Planner::triggerState(const RelationDefinition *r, const std::string &table, const std::string &trigger)
{
    if (r) {
        for (const auto &t : r->triggers) {
            if (t.name == trigger) {
                const char *state = t.enabled == 'D'   ? "DISABLE TRIGGER "
                                    : t.enabled == 'R' ? "ENABLE REPLICA TRIGGER "
                                    : t.enabled == 'A' ? "ENABLE ALWAYS TRIGGER "
                                                       : "ENABLE TRIGGER ";
                return add("ALTER TABLE " + table + " " + state + quoteIdent(trigger) + ";\n");
            }
        }
    }
    irreversible("the state of trigger " + trigger + " was not captured");
}

void Planner::rename(Node body)
{
    const auto type = body["renameType"].str();
    const std::string newName(body["newname"].str());
    const std::string oldSub(body["subname"].str());
    if (type == "OBJECT_COLUMN" || type == "OBJECT_TABCONSTRAINT" || type == "OBJECT_TRIGGER" ||
        type == "OBJECT_POLICY") {
        const auto table = nameOf(relationName(body["relation"]));
        if (type == "OBJECT_COLUMN")
            add("ALTER TABLE " + table + " RENAME COLUMN " + quoteIdent(newName) + " TO " +
                quoteIdent(oldSub) + ";\n");
        else if (type == "OBJECT_TABCONSTRAINT")
            add("ALTER TABLE " + table + " RENAME CONSTRAINT " + quoteIdent(newName) + " TO " +
                quoteIdent(oldSub) + ";\n");
        else
            add(std::string(type == "OBJECT_TRIGGER" ? "ALTER TRIGGER " : "ALTER POLICY ") +
                quoteIdent(newName) + " ON " + table + " RENAME TO " + quoteIdent(oldSub) + ";\n");
        return;
    }
    if (type == "OBJECT_SCHEMA") {
        add("ALTER SCHEMA " + quoteIdent(newName) + " RENAME TO " + quoteIdent(oldSub) + ";\n");
        return;
    }
    const auto keyword = relationKeyword(type);
    if (body["relation"].valid()) {
        const auto old = relationName(body["relation"]);
        const auto schema = schemaOf(old);
        add("ALTER " + keyword + " " + quoteQualified(schema, newName) + " RENAME TO " +
            quoteIdent(old.name) + ";\n");
        ObjectName renamed{old.schema, newName, {}};
        const auto priorKey = m_renamedFrom.count(old.key()) ? m_renamedFrom[old.key()] : old.key();
        m_renamedFrom[renamed.key()] = priorKey;
        if (createdHere(old))
            markCreated(renamed);
        return;
    }
    if (type == "OBJECT_FUNCTION" || type == "OBJECT_PROCEDURE") {
        const auto f = functionName(body["object"]);
        const auto it = m_prior.functions.find(f.key());
        const auto schema = it != m_prior.functions.end() ? it->second.schema
                            : f.schema.empty()            ? m_prior.currentSchema
                                                          : f.schema;
        const auto args = it != m_prior.functions.end() ? it->second.identityArguments : f.arguments;
        add("ALTER " + keyword + " " + quoteQualified(schema, newName) + "(" + args + ") RENAME TO " +
            quoteIdent(f.name) + ";\n");
        return;
    }
    if (type == "OBJECT_TYPE" || type == "OBJECT_DOMAIN") {
        const auto t = nameFromList(body["object"]);
        add("ALTER " + keyword + " " +
            quoteQualified(t.schema.empty() ? m_prior.currentSchema : t.schema, newName) + " RENAME TO " +
            quoteIdent(t.name) + ";\n");
        return;
    }
    irreversible("Sluice does not derive the inverse of renaming " + std::string(type) + " yet");
}

void Planner::setSchema(Node body)
{
    const auto type = body["objectType"].str();
    if (!body["relation"].valid()) {
        irreversible("Sluice only moves tables, views, sequences and indexes back to their schema");
        return;
    }
    const auto name = relationName(body["relation"]);
    add("ALTER " + relationKeyword(type) + " " + quoteQualified(body["newschema"].str(), name.name) +
        " SET SCHEMA " + quoteIdent(schemaOf(name)) + ";\n");
}

void Planner::comment(Node body)
{
    const auto type = body["objtype"].str();
    const auto object = body["object"];
    if (type == "OBJECT_COLUMN") {
        const auto names = tree::strings(object.as("List")["items"]);
        if (names.size() < 2)
            return;
        const ObjectName table{names.size() > 2 ? names[0] : "", names[names.size() - 2], {}};
        const auto *r = relation(table);
        const auto *col = r ? r->column(names.back()) : nullptr;
        if (!col && !createdHere(table))
            return irreversible("the comment of column " + names.back() + " was not captured");
        add(commentSql("COLUMN", nameOf(table) + "." + quoteIdent(names.back()),
                       col ? col->comment : std::nullopt));
        return;
    }
    if (type == "OBJECT_FUNCTION" || type == "OBJECT_PROCEDURE") {
        const auto f = functionName(object);
        const auto it = m_prior.functions.find(f.key());
        if (it == m_prior.functions.end())
            return irreversible("the comment of function " + f.key() + " was not captured");
        add(commentSql(relationKeyword(type),
                       quoteQualified(it->second.schema, it->second.name) + "(" +
                           it->second.identityArguments + ")",
                       it->second.comment));
        return;
    }
    if (type == "OBJECT_TYPE" || type == "OBJECT_DOMAIN") {
        const auto names = tree::strings(object.as("TypeName")["names"]);
        const ObjectName t{names.size() > 1 ? names[0] : "", names.empty() ? "" : names.back(), {}};
        const auto it = m_prior.types.find(t.key());
        add(commentSql(relationKeyword(type),
                       quoteQualified(t.schema.empty() ? m_prior.currentSchema : t.schema, t.name),
                       it != m_prior.types.end() ? it->second.comment : std::nullopt));
        return;
    }
    const auto keyword = relationKeyword(type);
    if (keyword.empty() || !object.as("List")) {
        irreversible("Sluice does not restore comments on " + std::string(type) + " yet");
        return;
    }
    const auto name = nameFromList(object);
    const auto *r = relation(name);
    if (!r && !createdHere(name))
        return irreversible("the comment of " + name.key() + " was not captured");
    add(commentSql(keyword, nameOf(name), r ? r->comment : std::nullopt));
}

void Planner::grant(Node body)
{
    const auto type = body["objtype"].str();
    const bool isGrant = body["is_grant"].boolean();
    if (body["targtype"].str() != "ACL_TARGET_OBJECT") {
        irreversible("GRANT/REVOKE ON ALL ... IN SCHEMA is not inverted yet");
        return;
    }
    std::vector<std::string> grantees;
    for (const Node g : body["grantees"]) {
        const auto role = g.as("RoleSpec");
        grantees.push_back(role["roletype"].str() == "ROLESPEC_PUBLIC" ? std::string()
                                                                       : std::string(role["rolename"].str()));
    }
    std::vector<std::string> privileges;
    for (const Node p : body["privileges"]) {
        auto name = std::string(p.as("AccessPriv")["priv_name"].str());
        std::transform(name.begin(), name.end(), name.begin(), ::toupper);
        if (p.as("AccessPriv")["cols"].size() > 0) {
            irreversible("column privileges are not inverted yet");
            return;
        }
        privileges.push_back(name);
    }
    auto who = [](const std::string &g) { return g.empty() ? std::string("PUBLIC") : quoteIdent(g); };
    for (const Node object : body["objects"]) {
        std::string keyword, name;
        const std::vector<Privilege> *before = nullptr;
        bool known = false;
        if (object.as("RangeVar")) {
            const auto rel = relationName(object);
            keyword = type == "OBJECT_SEQUENCE" ? "SEQUENCE" : "TABLE";
            name = nameOf(rel);
            if (const auto *r = relation(rel)) {
                before = &r->privileges;
                known = true;
            }
        } else if (object.as("ObjectWithArgs")) {
            const auto f = functionName(object);
            keyword = relationKeyword(type);
            const auto it = m_prior.functions.find(f.key());
            if (it == m_prior.functions.end()) {
                name = quoteQualified(f.schema.empty() ? m_prior.currentSchema : f.schema, f.name) + "(" +
                       f.arguments + ")";
            } else {
                name = quoteQualified(it->second.schema, it->second.name) + "(" +
                       it->second.identityArguments + ")";
                before = &it->second.privileges;
                // Unset privileges mean PUBLIC may EXECUTE.
                known = true;
                if (it->second.defaultPrivileges) {
                    static const std::vector<Privilege> publicExecute{{"", "EXECUTE", false}};
                    before = &publicExecute;
                }
            }
        } else {
            irreversible("Sluice does not invert privileges on " + std::string(type) + " yet");
            continue;
        }
        std::string sql;
        for (const auto &g : grantees) {
            if (!known) {
                // Nothing captured: the plain opposite, which is exact unless the grantee held some of
                // these privileges already.
                std::string list;
                for (const auto &p : privileges)
                    list += (list.empty() ? "" : ", ") + p;
                sql += (isGrant ? "REVOKE " : "GRANT ") + list + " ON " + keyword + " " + name +
                       (isGrant ? " FROM " : " TO ") + who(g) + ";\n";
                continue;
            }
            sql += "REVOKE ALL ON " + keyword + " " + name + " FROM " + who(g) + ";\n";
            std::vector<Privilege> had;
            for (const auto &p : *before) {
                if (p.grantee == g)
                    had.push_back(p);
            }
            sql += grantSql(keyword, name, had);
        }
        add(sql);
    }
}

void Planner::truncate(Node body)
{
    for (const Node rel : body["relations"]) {
        const auto name = relationName(rel);
        const auto *r = relation(name);
        const auto table = nameOf(name);
        const auto backupName = backup(schemaOf(name) + "_" + name.name, "*", table, {});
        const auto rows = insertRestoreSql(r, table, backupName);
        restore(rows);
        add(rows);
    }
    if (body["restart_seqs"].boolean())
        note("RESTART IDENTITY is not undone: the sequences keep counting from their start");
}

void Planner::deleteRows(Node body)
{
    const auto clauses = deleteClauses(m_text);
    if (!clauses)
        return irreversible("the DELETE's rows cannot be backed up: " + clauses.error);
    const auto name = relationName(body["relation"]);
    const auto *r = relation(name);
    const auto from = relationSql(body["relation"]);
    const auto selection = rowSelection(body["relation"], from, clauses.using_, clauses.where);
    const auto backupName =
        backup(schemaOf(name) + "_" + name.name, selection.select, selection.from, selection.where);
    const auto rows = insertRestoreSql(r, nameOf(name), backupName);
    restore(rows);
    add(rows);
    if (r && !r->inboundForeignKeys.empty())
        note("rows deleted by ON DELETE CASCADE in other tables are not backed up");
}

void Planner::updateRows(Node body)
{
    const auto clauses = updateClauses(m_text);
    if (!clauses)
        return irreversible("the UPDATE's rows cannot be backed up: " + clauses.error);
    const auto name = relationName(body["relation"]);
    const auto *r = relation(name);
    if (!r || r->primaryKey.empty())
        return irreversible("the old values cannot be matched back: " + nameOf(name) +
                            " has no primary key captured");
    std::vector<std::string> columns;
    for (const Node t : body["targetList"]) {
        const std::string column(t.as("ResTarget")["name"].str());
        if (std::find(r->primaryKey.begin(), r->primaryKey.end(), column) != r->primaryKey.end())
            return irreversible("the UPDATE changes the primary key, so old rows cannot be matched back");
        if (std::find(columns.begin(), columns.end(), column) == columns.end())
            columns.push_back(column);
    }
    const auto from = relationSql(body["relation"]);
    const auto selection = rowSelection(body["relation"], from, clauses.from, clauses.where);
    const auto backupName =
        backup(r->schema + "_" + r->name, selection.select, selection.from, selection.where);
    const auto rows = updateRestoreSql(nameOf(name), r->primaryKey, columns, backupName);
    restore(rows);
    add(rows);
    note("columns changed by triggers are not restored");
}

std::string Planner::relationSql(Node rangeVar) const
{
    if (const auto b = rangeVar.as("RangeVar"))
        rangeVar = b;
    std::string out = rangeVar["inh"].boolean() ? "" : "ONLY ";
    out += nameOf(relationName(rangeVar));
    if (const auto alias = rangeVar["alias"]["aliasname"].str(); !alias.empty())
        out += " " + quoteIdent(alias);
    return out;
}

Planner::Selection Planner::rowSelection(Node rangeVar, const std::string &from, const std::string &joined,
                                         const std::string &where) const
{
    if (const auto b = rangeVar.as("RangeVar"))
        rangeVar = b;
    const auto alias = rangeVar["alias"]["aliasname"].str();
    const auto ref = alias.empty() ? quoteIdent(rangeVar["relname"].str()) : quoteIdent(alias);
    if (joined.empty())
        return {ref + ".*", from, where};
    return {ref + ".*", from,
            ref + ".ctid IN (SELECT " + ref + ".ctid FROM " + from + ", " + joined +
                (where.empty() ? "" : " WHERE " + where) + ")"};
}

} // namespace sluice::review::rollback
