#pragma once

// Internal to the rollback planner: the Planner walks a migration and writes the undo of each statement.
// Rollback.cpp holds the walk, the bookkeeping, CREATE and DROP; RollbackAlter.cpp ALTER TABLE, RENAME, SET
// SCHEMA, COMMENT, GRANT and the data changes (pre-image backups of the rows a DML statement touches).

#include "Rollback.h"
#include "RollbackSql.h"
#include "SqlClauses.h"
#include "SqlQuote.h"

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::review::rollback {

// Kinds that change nothing a rollback must undo.
[[nodiscard]] bool needsNoUndo(std::string_view kind, Node body);
// "TABLE", "VIEW", ... for an OBJECT_ type.
[[nodiscard]] std::string relationKeyword(std::string_view objectType);

class Planner
{
public:
    Planner(const Script &script, std::string_view sql, const PriorDefinitions &prior,
            const RollbackOptions &options)
        : m_script(script), m_sql(sql), m_prior(prior), m_options(options)
    {
    }

    RollbackPlan plan();

private:
    // --- bookkeeping --------------------------------------------------------------------------------------

    std::string schemaOf(const ObjectName &n) const;
    std::string normalized(const ObjectName &n) const { return schemaOf(n) + "." + n.name; }
    std::string nameOf(const ObjectName &n) const { return quoteQualified(schemaOf(n), n.name); }

    const RelationDefinition *relation(const ObjectName &n) const;
    bool createdHere(const ObjectName &n) const { return m_created.count(normalized(n)) > 0; }
    void markCreated(const ObjectName &n);
    void add(std::string sql) { m_pieces.push_back(std::move(sql)); }
    void irreversible(std::string reason);
    void note(const std::string &text);
    // Takes a backup before the statement and returns its table.
    std::string backup(const std::string &relationName, const std::string &select, const std::string &from,
                       const std::string &where);
    void restore(const std::string &sql) { m_restores.push_back(sql); }

    // Backs up one column by the table's primary key before the statement; returns the SQL that puts the
    // values back (also recorded as a restore).
    std::string backUpColumn(const RelationDefinition *r, const std::string &table,
                             const std::string &column);

    // --- statements ---------------------------------------------------------------------------------------

    void dispatch(std::string_view kind, Node body);
    void createSimple(const std::string &keyword, const ObjectName &name, bool ifNotExists);
    void createTable(Node body);
    void createTableAs(Node body);
    void createView(Node body);
    void createIndex(Node body);
    void createFunction(Node body);
    void createType(const ObjectName &name, const char *keyword);
    void alterEnum(Node body);

    // --- DROP ---------------------------------------------------------------------------------------------

    void drop(Node body);
    void missing(const std::string &name, bool missingOk);
    void dropFunction(const ObjectName &name, bool missingOk);
    void dropTableMember(std::string_view type, const std::vector<std::string> &names, bool missingOk);
    std::string dropDependentsSql(const RelationDefinition &r) const;
    std::string recreateDependents(const RelationDefinition &r) const;
    void dropRelation(const ObjectName &name, bool cascade, bool missingOk);

    // --- ALTER TABLE --------------------------------------------------------------------------------------

    void alterTable(Node body);
    void dropColumn(const RelationDefinition *r, const std::string &table, const std::string &column,
                    bool missingOk, bool cascade);
    void alterColumnType(const RelationDefinition *r, const std::string &table, const std::string &column,
                         Node def);

    // Whether changing a column from `before` (format_type text) to the new TypeName keeps every value.
    static bool isWidening(const std::string &before, Node typeName);
    void dropConstraint(const RelationDefinition *r, const std::string &table, const std::string &name,
                        bool missingOk, bool cascade);
    void rowSecurity(const RelationDefinition *r, const std::string &alter, std::string_view subtype);
    void triggerState(const RelationDefinition *r, const std::string &table, const std::string &trigger);

    // --- RENAME, SET SCHEMA, COMMENT, GRANT ---------------------------------------------------------------

    void rename(Node body);
    void setSchema(Node body);
    void comment(Node body);
    void grant(Node body);

    // --- data ---------------------------------------------------------------------------------------------

    void truncate(Node body);
    void deleteRows(Node body);
    void updateRows(Node body);

    // "ONLY public.t AS x" for a DML target.
    std::string relationSql(Node rangeVar) const;

    struct Selection
    {
        std::string select, from, where;
    };
    // The rows a DML statement touches, as SELECT pieces: with a FROM/USING list, matched by ctid so that a
    // join does not duplicate them.
    Selection rowSelection(Node rangeVar, const std::string &from, const std::string &joined,
                           const std::string &where) const;

    const Script &m_script;
    std::string_view m_sql;
    const PriorDefinitions &m_prior;
    const RollbackOptions &m_options;
    std::string_view m_text;
    RollbackStep m_step;
    std::vector<std::string> m_pieces;
    std::vector<std::string> m_restores;
    std::set<std::string> m_created;
    std::map<std::string, std::string> m_renamedFrom;
};

} // namespace sluice::review::rollback
