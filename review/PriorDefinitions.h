#pragma once

#include "Script.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sluice::review {

// What the rollback planner needs to know about the objects a migration touches, read from the catalog BEFORE
// the migration runs (model/target/DefinitionReader fills it with search_path = '', so every definition is
// schema-qualified). Names are unquoted; definitions are PostgreSQL's own pg_get_*def text.

struct Privilege
{
    std::string grantee;   // a role name, or "" for PUBLIC
    std::string privilege; // "SELECT", "UPDATE", "EXECUTE", ...
    bool grantable = false;

    bool operator==(const Privilege &) const = default;
};

struct ColumnDefinition
{
    std::string name;
    std::string type;      // format_type(): "numeric(10,2)", "public.mood"
    std::string collation; // "" for the type's default, else a quoted, qualified collation name
    bool notNull = false;
    std::string defaultExpr;   // pg_get_expr() of the default, "" when none
    std::string generatedExpr; // expression of a stored generated column, "" when not generated
    char identity = 0;         // 'a' (ALWAYS), 'd' (BY DEFAULT) or 0
    std::optional<std::string> comment;
    std::vector<Privilege> privileges; // column privileges
};

struct ConstraintDefinition
{
    std::string name;
    char type = 'c';        // pg_constraint.contype: p u f c x
    std::string definition; // pg_get_constraintdef(): "FOREIGN KEY (a) REFERENCES public.t(id) NOT VALID"
    std::vector<std::string> columns;
    std::string schema, table; // the table it is on (for inbound foreign keys)
    std::optional<std::string> comment;
};

struct IndexDefinition
{
    std::string name;
    std::string definition; // pg_get_indexdef()
    std::vector<std::string> columns;
    bool clustered = false;
    std::optional<std::string> comment;
};

struct TriggerDefinition
{
    std::string name;
    std::string definition; // pg_get_triggerdef()
    char enabled = 'O';     // pg_trigger.tgenabled
};

struct PolicyDefinition
{
    std::string name;
    std::string definition; // a complete CREATE POLICY statement
};

struct SequenceDefinition
{
    std::string schema, name;
    std::string type; // "bigint"
    long long start = 1, increment = 1, min = 1, max = 0, cache = 1;
    bool cycle = false;
    std::optional<long long> lastValue; // null when never used
    bool isCalled = false;
    std::string ownedByColumn; // the column of the owning table, "" when not owned
    std::string owner;
    std::vector<Privilege> privileges;
};

struct RelationDefinition
{
    std::string schema, name;
    char kind = 'r'; // pg_class.relkind: r p f v m S i I
    std::string owner;
    bool unlogged = false;
    std::string options;        // reloptions joined by ", ", "" when none
    std::string partitionKey;   // pg_get_partkeydef(), "" when not partitioned
    std::string viewDefinition; // pg_get_viewdef(oid, true) of a view or materialized view
    bool rowSecurity = false;
    bool forceRowSecurity = false;
    std::optional<std::string> comment;
    std::vector<Privilege> privileges;             // relacl without the owner's own entries
    std::vector<ColumnDefinition> columns;         // in attnum order
    std::vector<std::string> primaryKey;           // column names; empty when none
    std::vector<ConstraintDefinition> constraints; // primary key and unique first, foreign keys last
    std::vector<IndexDefinition> indexes;          // indexes that back no constraint
    std::vector<TriggerDefinition> triggers;
    std::vector<PolicyDefinition> policies;
    std::vector<ConstraintDefinition> inboundForeignKeys; // foreign keys of other tables referencing this one
    std::vector<SequenceDefinition>
        ownedSequences; // serial sequences (identity ones come back by themselves)
    // Views and materialized views that depend on this relation, directly or not, in creation order:
    // keys of PriorDefinitions::relations.
    std::vector<std::string> dependentViews;
    // For an index: its table and definition.
    std::string indexTable;
    IndexDefinition index;
    // For a sequence.
    std::optional<SequenceDefinition> sequence;

    [[nodiscard]] const ColumnDefinition *column(std::string_view name) const;
};

struct FunctionDefinition
{
    std::string schema, name;
    std::string identityArguments; // pg_get_function_identity_arguments()
    char kind = 'f';               // f, p (procedure), w (window)
    std::string definition;        // pg_get_functiondef(): a complete CREATE OR REPLACE statement
    std::string owner;
    bool defaultPrivileges = true; // proacl is NULL
    std::vector<Privilege> privileges;
    std::optional<std::string> comment;
};

struct TypeDefinition
{
    std::string schema, name;
    char kind = 'e';        // pg_type.typtype: e (enum), d (domain), c (composite), r (range)
    std::string definition; // a complete CREATE TYPE / CREATE DOMAIN statement
    std::string owner;
    std::optional<std::string> comment;
};

struct PriorDefinitions
{
    // current_schema(): where the migration's unqualified CREATEs land.
    std::string currentSchema = "public";
    // Keyed by the name as the script writes it, folded as the parser folds it ("orders", "public.orders"),
    // and every dependent view also by "schema.name".
    std::map<std::string, RelationDefinition> relations;
    // Keyed by functionKey().
    std::map<std::string, FunctionDefinition> functions;
    std::map<std::string, TypeDefinition> types;
};

// A name as the script writes it.
struct ObjectName
{
    std::string schema; // "" when unqualified
    std::string name;
    std::string arguments;      // functions: the argument types as written: "pg_catalog.int4, public.mood"
    bool withArguments = false; // functions: whether the script gives an argument list

    // "schema.name" or "name"; functions add "(arguments)" when the script lists them.
    [[nodiscard]] std::string key() const;
    bool operator<(const ObjectName &o) const { return key() < o.key(); }
};

// The relations, functions and types a script names, for the DefinitionReader to capture before it runs.
struct TouchedObjects
{
    std::vector<ObjectName> relations;
    std::vector<ObjectName> functions;
    std::vector<ObjectName> types;
};
[[nodiscard]] TouchedObjects touchedObjects(const Script &script);

// Names from parse-tree nodes: a RangeVar, a List of String (DROP objects), an ObjectWithArgs, a TypeName.
[[nodiscard]] ObjectName relationName(Node rangeVar);
[[nodiscard]] ObjectName nameFromList(Node list);
[[nodiscard]] ObjectName functionName(Node objectWithArgs);
// The type of a TypeName as SQL, quoted: "pg_catalog.numeric(12,2)", "public.mood[]".
[[nodiscard]] std::string typeText(Node typeName);

} // namespace sluice::review
