#include "RollbackSql.h"

#include "SqlQuote.h"

#include <map>

namespace sluice::review::rollback {
namespace {

std::string grantee(const std::string &role)
{
    return role.empty() ? "PUBLIC" : quoteIdent(role);
}

std::string join(const std::vector<std::string> &parts, const char *separator)
{
    std::string out;
    for (const auto &p : parts)
        out += (out.empty() ? "" : separator) + p;
    return out;
}

} // namespace

std::string qualified(const RelationDefinition &relation)
{
    return quoteQualified(relation.schema, relation.name);
}

std::string grantSql(std::string_view objectType, const std::string &object,
                     const std::vector<Privilege> &privileges)
{
    // One GRANT per grantee and grant option, privileges in the order the catalog lists them.
    std::map<std::pair<std::string, bool>, std::vector<std::string>> byGrantee;
    for (const auto &p : privileges)
        byGrantee[{p.grantee, p.grantable}].push_back(p.privilege);
    std::string out;
    for (const auto &[who, privs] : byGrantee) {
        out += "GRANT " + join(privs, ", ") + " ON " + std::string(objectType) + " " + object + " TO " +
               grantee(who.first) + (who.second ? " WITH GRANT OPTION" : "") + ";\n";
    }
    return out;
}

std::string commentSql(std::string_view objectType, const std::string &object,
                       const std::optional<std::string> &comment)
{
    return "COMMENT ON " + std::string(objectType) + " " + object + " IS " +
           (comment ? quoteLiteral(*comment) : std::string("NULL")) + ";\n";
}

std::string columnSql(const ColumnDefinition &column)
{
    std::string out = quoteIdent(column.name) + " " + column.type;
    if (!column.collation.empty())
        out += " COLLATE " + column.collation;
    if (!column.generatedExpr.empty())
        out += " GENERATED ALWAYS AS (" + column.generatedExpr + ") STORED";
    if (column.identity)
        out +=
            std::string(" GENERATED ") + (column.identity == 'a' ? "ALWAYS" : "BY DEFAULT") + " AS IDENTITY";
    return out;
}

std::string columnPropertiesSql(const std::string &table, const ColumnDefinition &column)
{
    std::string out;
    const auto alter = "ALTER TABLE " + table + " ALTER COLUMN " + quoteIdent(column.name);
    if (!column.defaultExpr.empty())
        out += alter + " SET DEFAULT " + column.defaultExpr + ";\n";
    if (column.notNull && !column.identity)
        out += alter + " SET NOT NULL;\n";
    return out;
}

std::string addConstraintSql(const std::string &table, const ConstraintDefinition &constraint)
{
    std::string out = "ALTER TABLE " + table + " ADD CONSTRAINT " + quoteIdent(constraint.name) + " " +
                      constraint.definition + ";\n";
    if (constraint.comment)
        out += commentSql("CONSTRAINT " + quoteIdent(constraint.name) + " ON", table, constraint.comment);
    return out;
}

std::string createIndexSql(const std::string &schema, const std::string &table, const IndexDefinition &index)
{
    // Inside the rollback's transaction; run it as CREATE INDEX CONCURRENTLY by hand on a busy table.
    std::string out = index.definition + ";\n";
    const auto name = quoteQualified(schema, index.name);
    if (index.clustered)
        out += "ALTER TABLE " + table + " CLUSTER ON " + quoteIdent(index.name) + ";\n";
    if (index.comment)
        out += commentSql("INDEX", name, index.comment);
    return out;
}

std::string createTriggerSql(const std::string &table, const TriggerDefinition &trigger)
{
    std::string out = trigger.definition + ";\n";
    const char *state = trigger.enabled == 'D'   ? "DISABLE TRIGGER "
                        : trigger.enabled == 'R' ? "ENABLE REPLICA TRIGGER "
                        : trigger.enabled == 'A' ? "ENABLE ALWAYS TRIGGER "
                                                 : nullptr;
    if (state)
        out += "ALTER TABLE " + table + " " + state + quoteIdent(trigger.name) + ";\n";
    return out;
}

std::string createSequenceSql(const SequenceDefinition &s)
{
    const auto name = quoteQualified(s.schema, s.name);
    std::string out = "CREATE SEQUENCE " + name + " AS " + s.type + " INCREMENT BY " +
                      std::to_string(s.increment) + " MINVALUE " + std::to_string(s.min) + " MAXVALUE " +
                      std::to_string(s.max) + " START WITH " + std::to_string(s.start) + " CACHE " +
                      std::to_string(s.cache) + (s.cycle ? " CYCLE" : " NO CYCLE") + ";\n";
    if (s.lastValue)
        out += "SELECT pg_catalog.setval(" + quoteLiteral(name) + ", " + std::to_string(*s.lastValue) + ", " +
               (s.isCalled ? "true" : "false") + ");\n";
    if (!s.owner.empty())
        out += "ALTER SEQUENCE " + name + " OWNER TO " + quoteIdent(s.owner) + ";\n";
    out += grantSql("SEQUENCE", name, s.privileges);
    return out;
}

std::string createFunctionSql(const FunctionDefinition &f)
{
    const auto signature = quoteQualified(f.schema, f.name) + "(" + f.identityArguments + ")";
    const std::string type = f.kind == 'p' ? "PROCEDURE" : "FUNCTION";
    std::string out = f.definition;
    while (!out.empty() && (out.back() == '\n' || out.back() == ' '))
        out.pop_back();
    out += ";\n";
    if (!f.owner.empty())
        out += "ALTER " + type + " " + signature + " OWNER TO " + quoteIdent(f.owner) + ";\n";
    if (!f.defaultPrivileges) {
        // The catalog lists PUBLIC's EXECUTE explicitly once anything was granted; start from none.
        out += "REVOKE ALL ON " + type + " " + signature + " FROM PUBLIC;\n";
        out += grantSql(type, signature, f.privileges);
    }
    if (f.comment)
        out += commentSql(type, signature, f.comment);
    return out;
}

std::string createTypeSql(const TypeDefinition &t)
{
    const auto name = quoteQualified(t.schema, t.name);
    std::string out = t.definition + ";\n";
    if (!t.owner.empty())
        out += std::string("ALTER ") + (t.kind == 'd' ? "DOMAIN " : "TYPE ") + name + " OWNER TO " +
               quoteIdent(t.owner) + ";\n";
    if (t.comment)
        out += commentSql(t.kind == 'd' ? "DOMAIN" : "TYPE", name, t.comment);
    return out;
}

std::string createViewSql(const RelationDefinition &v, bool orReplace)
{
    const auto name = qualified(v);
    const bool materialized = v.kind == 'm';
    std::string body = v.viewDefinition;
    while (!body.empty() && (body.back() == ';' || body.back() == '\n' || body.back() == ' '))
        body.pop_back();
    const char *create =
        materialized ? (orReplace ? "CREATE MATERIALIZED VIEW IF NOT EXISTS " : "CREATE MATERIALIZED VIEW ")
                     : (orReplace ? "CREATE OR REPLACE VIEW " : "CREATE VIEW ");
    std::string out =
        create + name + (v.options.empty() ? "" : " WITH (" + v.options + ")") + " AS\n" + body + ";\n";
    out += std::string(materialized ? "ALTER MATERIALIZED VIEW " : "ALTER VIEW ") + name + " OWNER TO " +
           quoteIdent(v.owner) + ";\n";
    out += grantSql("TABLE", name, v.privileges);
    if (v.comment)
        out += commentSql(materialized ? "MATERIALIZED VIEW" : "VIEW", name, v.comment);
    for (const auto &index : v.indexes)
        out += createIndexSql(v.schema, name, index);
    return out;
}

std::string createTableSql(const RelationDefinition &t, const std::string &restore)
{
    const auto name = qualified(t);
    std::string out;
    for (const auto &s : t.ownedSequences)
        out += createSequenceSql(s);
    std::vector<std::string> columns;
    for (const auto &c : t.columns)
        columns.push_back("    " + columnSql(c));
    out += std::string("CREATE ") + (t.unlogged ? "UNLOGGED " : "") + "TABLE " + name + " (\n" +
           join(columns, ",\n") + "\n)" + (t.partitionKey.empty() ? "" : " PARTITION BY " + t.partitionKey) +
           (t.options.empty() ? "" : " WITH (" + t.options + ")") + ";\n";
    out += "ALTER TABLE " + name + " OWNER TO " + quoteIdent(t.owner) + ";\n";
    for (const auto &s : t.ownedSequences) {
        if (!s.ownedByColumn.empty())
            out += "ALTER SEQUENCE " + quoteQualified(s.schema, s.name) + " OWNED BY " + name + "." +
                   quoteIdent(s.ownedByColumn) + ";\n";
    }
    out += restore;
    for (const auto &c : t.columns)
        out += columnPropertiesSql(name, c);
    for (const auto &k : t.constraints)
        out += addConstraintSql(name, k);
    for (const auto &i : t.indexes)
        out += createIndexSql(t.schema, name, i);
    for (const auto &tg : t.triggers)
        out += createTriggerSql(name, tg);
    for (const auto &p : t.policies)
        out += p.definition + ";\n";
    if (t.rowSecurity)
        out += "ALTER TABLE " + name + " ENABLE ROW LEVEL SECURITY;\n";
    if (t.forceRowSecurity)
        out += "ALTER TABLE " + name + " FORCE ROW LEVEL SECURITY;\n";
    out += grantSql("TABLE", name, t.privileges);
    for (const auto &c : t.columns) {
        if (!c.privileges.empty()) {
            for (const auto &p : c.privileges)
                out += "GRANT " + p.privilege + " (" + quoteIdent(c.name) + ") ON TABLE " + name + " TO " +
                       grantee(p.grantee) + (p.grantable ? " WITH GRANT OPTION" : "") + ";\n";
        }
    }
    if (t.comment)
        out += commentSql("TABLE", name, t.comment);
    for (const auto &c : t.columns) {
        if (c.comment)
            out += commentSql("COLUMN", name + "." + quoteIdent(c.name), c.comment);
    }
    for (const auto &fk : t.inboundForeignKeys)
        out += addConstraintSql(quoteQualified(fk.schema, fk.table), fk);
    return out;
}

std::string backupTable(const std::string &prefix, std::size_t ordinal, const std::string &relation)
{
    auto name = prefix + "s" + std::to_string(ordinal) + "_" + relation;
    if (name.size() > 63) {
        name.resize(63);
        // Do not cut a UTF-8 sequence in half.
        while (!name.empty() && (static_cast<unsigned char>(name.back()) & 0xC0) == 0x80)
            name.pop_back();
        if (!name.empty() && static_cast<unsigned char>(name.back()) >= 0xC0)
            name.pop_back();
    }
    return "sluice_backup." + quoteIdent(name);
}

Backup backupRows(const std::string &table, const std::string &select, const std::string &from,
                  const std::string &where, std::size_t ordinal)
{
    const auto condition = where.empty() ? std::string() : " WHERE " + where;
    Backup b;
    b.table = table;
    // FOR UPDATE row-locks the exact pre-image: run it in the change's REPEATABLE READ transaction, and a
    // concurrent change to these rows fails the change instead of slipping past the backup.
    b.sql = "CREATE SCHEMA IF NOT EXISTS sluice_backup;\n"
            "CREATE TABLE " +
            table + " AS SELECT " + select + " FROM " + from + condition + ";\n" +
            "DO $sluice$\nDECLARE\n    backed_up bigint;\n    matching bigint;\nBEGIN\n"
            "    SELECT count(*) INTO backed_up FROM " +
            table + ";\n    SELECT count(*) INTO matching FROM " + from + condition + ";\n" +
            "    IF backed_up <> matching THEN\n"
            "        RAISE EXCEPTION 'sluice: the pre-image backup of statement " +
            std::to_string(ordinal) +
            " holds % rows but % rows match', backed_up, matching;\n"
            "    END IF;\nEND\n$sluice$;\n";
    return b;
}

std::string insertRestoreSql(const RelationDefinition *relation, const std::string &table,
                             const std::string &backup)
{
    if (!relation || relation->columns.empty())
        return "INSERT INTO " + table + " OVERRIDING SYSTEM VALUE SELECT * FROM " + backup + ";\n";
    std::vector<std::string> columns;
    for (const auto &c : relation->columns) {
        if (c.generatedExpr.empty())
            columns.push_back(quoteIdent(c.name));
    }
    const auto list = join(columns, ", ");
    return "INSERT INTO " + table + " (" + list + ") OVERRIDING SYSTEM VALUE SELECT " + list + " FROM " +
           backup + ";\n";
}

std::string updateRestoreSql(const std::string &table, const std::vector<std::string> &primaryKey,
                             const std::vector<std::string> &columns, const std::string &backup)
{
    std::vector<std::string> sets, keys;
    for (const auto &c : columns)
        sets.push_back(quoteIdent(c) + " = b." + quoteIdent(c));
    for (const auto &k : primaryKey)
        keys.push_back("t." + quoteIdent(k) + " = b." + quoteIdent(k));
    return "UPDATE " + table + " t SET " + join(sets, ", ") + " FROM " + backup + " b WHERE " +
           join(keys, " AND ") + ";\n";
}

} // namespace sluice::review::rollback
