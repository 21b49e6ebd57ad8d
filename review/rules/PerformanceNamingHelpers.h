#pragma once

// Helpers shared by the performance (P01-P10) and naming / schema-design (N01-N18) rules.

#include "Rule.h"
#include "ScriptIndex.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sluice::review::rules::pn {

// Table names compare without a leading "public.": "public.orders" and "orders" are the same table.
inline std::string tableKey(std::string name)
{
    if (name.rfind("public.", 0) == 0)
        name.erase(0, 7);
    return name;
}

inline std::string lower(std::string_view s)
{
    std::string out(s);
    for (auto &c : out)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

inline std::string join(const std::vector<std::string> &items, std::string_view separator = ", ")
{
    std::string out;
    for (const auto &item : items) {
        if (!out.empty())
            out += separator;
        out += item;
    }
    return out;
}

inline bool contains(const std::vector<std::string> &items, const std::string &item)
{
    return std::find(items.begin(), items.end(), item) != items.end();
}

// A boolean option: "true"/"false" (TOML booleans arrive as text), 1/0, on/off.
inline bool flag(const Config &config, const std::string &key, bool fallback)
{
    const auto value = lower(config.text(key));
    if (value.empty())
        return fallback;
    return value == "true" || value == "1" || value == "on" || value == "yes";
}

// The statement's range in the migration.
inline ByteRange statementRange(const RuleContext &ctx)
{
    return ctx.all()[ctx.index()].range;
}

// ---- Identifier tokens of SQL text (comments, string literals and dollar-quoted bodies skipped) ----

struct IdentToken
{
    std::string value; // as PostgreSQL sees it: folded to lower case unless quoted, quotes removed
    std::size_t begin = 0;
    std::size_t end = 0;
    bool quoted = false;
};

inline std::vector<IdentToken> identifierTokens(std::string_view text, std::size_t offset = 0)
{
    std::vector<IdentToken> out;
    auto identStart = [](char c) {
        return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || (c & 0x80);
    };
    auto identChar = [&](char c) {
        return identStart(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '$';
    };
    std::size_t i = 0;
    const auto n = text.size();
    while (i < n) {
        const char c = text[i];
        if (c == '-' && i + 1 < n && text[i + 1] == '-') {
            const auto nl = text.find('\n', i);
            i = nl == std::string_view::npos ? n : nl + 1;
        } else if (c == '/' && i + 1 < n && text[i + 1] == '*') {
            int depth = 0;
            while (i < n) {
                if (text.compare(i, 2, "/*") == 0) {
                    ++depth;
                    i += 2;
                } else if (text.compare(i, 2, "*/") == 0) {
                    i += 2;
                    if (--depth == 0)
                        break;
                } else {
                    ++i;
                }
            }
        } else if (c == '\'') {
            // E'...' strings may escape quotes with a backslash.
            const bool escapes = i > 0 && (text[i - 1] == 'e' || text[i - 1] == 'E');
            ++i;
            while (i < n) {
                if (escapes && text[i] == '\\') {
                    i += 2;
                } else if (text[i] == '\'') {
                    if (i + 1 < n && text[i + 1] == '\'') {
                        i += 2;
                    } else {
                        ++i;
                        break;
                    }
                } else {
                    ++i;
                }
            }
        } else if (c == '"') {
            IdentToken t;
            t.begin = offset + i;
            t.quoted = true;
            ++i;
            while (i < n) {
                if (text[i] == '"') {
                    if (i + 1 < n && text[i + 1] == '"') {
                        t.value += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                t.value += text[i++];
            }
            t.end = offset + i;
            out.push_back(std::move(t));
        } else if (c == '$' && (i == 0 || !identChar(text[i - 1]))) {
            // $tag$ ... $tag$ (or $1, a parameter)
            auto close = text.find('$', i + 1);
            bool tag = close != std::string_view::npos;
            for (std::size_t k = i + 1; tag && k < close; ++k)
                tag = identChar(text[k]) && text[k] != '$';
            if (tag && close > i + 1 && std::isdigit(static_cast<unsigned char>(text[i + 1])))
                tag = false;
            if (!tag) {
                ++i;
                continue;
            }
            const auto delimiter = text.substr(i, close - i + 1);
            const auto end = text.find(delimiter, close + 1);
            i = end == std::string_view::npos ? n : end + delimiter.size();
        } else if (std::isdigit(static_cast<unsigned char>(c))) {
            while (i < n && (identChar(text[i]) || text[i] == '.'))
                ++i;
        } else if (identStart(c)) {
            IdentToken t;
            t.begin = offset + i;
            while (i < n && identChar(text[i]))
                ++i;
            t.end = offset + i;
            t.value = lower(text.substr(t.begin - offset, t.end - t.begin));
            out.push_back(std::move(t));
        } else {
            ++i;
        }
    }
    return out;
}

// Where an identifier is written in the current statement (for nodes without a location, e.g. an index name).
inline std::optional<ByteRange> nameRange(const RuleContext &ctx, std::string_view name)
{
    const auto range = statementRange(ctx);
    for (const auto &t : identifierTokens(ctx.text(), range.begin)) {
        if (t.value == name)
            return ByteRange{t.begin, t.end};
    }
    return std::nullopt;
}

// The n-th (from 0) place the identifier `name` is written in the current statement at or after byte `after`.
inline std::optional<ByteRange> nthNameRange(const RuleContext &ctx, std::string_view name, int after,
                                             std::size_t n)
{
    const auto range = statementRange(ctx);
    for (const auto &t : identifierTokens(ctx.text(), range.begin)) {
        if (t.value != name || int(t.begin) < after)
            continue;
        if (n-- == 0)
            return ByteRange{t.begin, t.end};
    }
    return std::nullopt;
}

// Reports at the identifier `name` in the statement if it can be found, else at `fallback`.
inline void reportName(RuleContext &ctx, std::string_view name, Node fallback, std::string message,
                       std::string help = {})
{
    if (const auto range = nameRange(ctx, name))
        ctx.reportRange(std::move(message), *range, std::move(help));
    else
        ctx.report(std::move(message), fallback, std::move(help));
}

// ---- Columns, types and constraints ----

// The canonical name of a column's type ("int4", "serial", "varchar", ...).
inline std::string columnType(Node typeName)
{
    const auto t = lower(tree::typeName(typeName));
    // The parser already maps the keyword spellings; "char" here is the one-byte internal type.
    if (t == "serial4")
        return "serial";
    if (t == "serial8")
        return "bigserial";
    if (t == "serial2")
        return "smallserial";
    return t;
}

// A column a statement defines: CREATE TABLE elements and ALTER TABLE ... ADD COLUMN.
struct ColumnSite
{
    Node def;      // ColumnDef body
    Node relation; // the table's RangeVar
    bool inCreate = false;
    std::string type; // columnType() of its TypeName, worked out once for the rules that compare it
};

inline std::vector<ColumnSite> columnDefs(Node statement)
{
    std::vector<ColumnSite> out;
    if (const auto create = statement.as("CreateStmt")) {
        for (const Node elt : create["tableElts"]) {
            if (const auto def = elt.as("ColumnDef"))
                out.push_back({def, create["relation"], true, columnType(def["typeName"])});
        }
    } else if (const auto alter = statement.as("AlterTableStmt")) {
        for (const Node cmd : alter["cmds"]) {
            const auto c = cmd.as("AlterTableCmd");
            if (c["subtype"].str() != "AT_AddColumn")
                continue;
            if (const auto def = c["def"].as("ColumnDef"))
                out.push_back({def, alter["relation"], false, columnType(def["typeName"])});
        }
    }
    return out;
}

// A column type a statement sets: column definitions and ALTER COLUMN ... TYPE.
struct TypeSite
{
    Node typeName; // TypeName body
    std::string column;
    Node relation;
    std::string type; // columnType(typeName)
};

inline std::vector<TypeSite> columnTypes(Node statement, const std::vector<ColumnSite> &defs)
{
    std::vector<TypeSite> out;
    for (const auto &c : defs)
        out.push_back({c.def["typeName"], std::string(c.def["colname"].str()), c.relation, c.type});
    if (const auto alter = statement.as("AlterTableStmt")) {
        for (const Node cmd : alter["cmds"]) {
            const auto c = cmd.as("AlterTableCmd");
            if (c["subtype"].str() == "AT_AlterColumnType") {
                const auto typeName = c["def"].as("ColumnDef")["typeName"];
                out.push_back(
                    {typeName, std::string(c["name"].str()), alter["relation"], columnType(typeName)});
            }
        }
    }
    return out;
}

inline bool isArray(Node typeName)
{
    return typeName["arrayBounds"].valid();
}

// A constraint a statement adds: column and table constraints of CREATE TABLE, ADD COLUMN and ADD CONSTRAINT.
struct ConstraintSite
{
    Node con;           // Constraint body
    Node at;            // the Constraint wrapper, for its location
    Node relation;      // the table's RangeVar
    std::string column; // the column a column constraint is written on
    std::string type;   // "CONSTR_PRIMARY", "CONSTR_FOREIGN", ...
};

inline std::vector<ConstraintSite> constraints(Node statement, const std::vector<ColumnSite> &defs)
{
    std::vector<ConstraintSite> out;
    auto add = [&](Node wrapper, Node relation, std::string column) {
        if (const auto con = wrapper.as("Constraint"))
            out.push_back({con, wrapper, relation, std::move(column), std::string(con["contype"].str())});
    };
    for (const auto &c : defs) {
        for (const Node con : c.def["constraints"])
            add(con, c.relation, std::string(c.def["colname"].str()));
    }
    if (const auto create = statement.as("CreateStmt")) {
        for (const Node elt : create["tableElts"])
            add(elt, create["relation"], {});
    } else if (const auto alter = statement.as("AlterTableStmt")) {
        for (const Node cmd : alter["cmds"]) {
            const auto c = cmd.as("AlterTableCmd");
            if (c["subtype"].str() == "AT_AddConstraint")
                add(c["def"], alter["relation"], {});
        }
    }
    return out;
}

inline std::vector<ConstraintSite> constraints(Node statement)
{
    return constraints(statement, columnDefs(statement));
}

// The columns of a PRIMARY KEY, UNIQUE or FOREIGN KEY constraint (the column it is written on when inline).
inline std::vector<std::string> constraintColumns(const ConstraintSite &c)
{
    auto columns = tree::strings(c.type == "CONSTR_FOREIGN" ? c.con["fk_attrs"] : c.con["keys"]);
    if (columns.empty() && !c.column.empty())
        columns.push_back(c.column);
    return columns;
}

// The role of each key column a statement's constraints define: "primary key", "foreign key" or
// "identity" (the strongest one when several apply).
inline std::map<std::string, std::string> keyColumns(const std::vector<ConstraintSite> &constraints)
{
    std::map<std::string, std::string> out;
    for (const auto &c : constraints) {
        const auto role = c.type == "CONSTR_PRIMARY"    ? "primary key"
                          : c.type == "CONSTR_FOREIGN"  ? "foreign key"
                          : c.type == "CONSTR_IDENTITY" ? "identity"
                                                        : "";
        if (*role == '\0')
            continue;
        for (const auto &column : constraintColumns(c)) {
            auto &current = out[column];
            if (current.empty() || std::string_view(role) == "primary key")
                current = role;
        }
    }
    return out;
}

// ---- Indexes ----

// The text of a node without its locations, to compare expressions.
inline void canonical(Node n, std::string &out)
{
    switch (n.type()) {
    case Node::Type::Object:
        out += '{';
        for (const Node child : n) {
            if (child.key() == "location")
                continue;
            out += child.key();
            out += ':';
            canonical(child, out);
            out += ',';
        }
        out += '}';
        break;
    case Node::Type::Array:
        out += '[';
        for (const Node child : n) {
            canonical(child, out);
            out += ',';
        }
        out += ']';
        break;
    case Node::Type::String:
        out += '"';
        out += n.str();
        out += '"';
        break;
    case Node::Type::Integer:
    case Node::Type::Double:
    case Node::Type::Boolean:
        out += std::to_string(n.integer());
        break;
    default:
        break;
    }
}

struct IndexDef
{
    std::string table;                // as written
    std::string name;                 // empty when PostgreSQL names it
    std::vector<std::string> keys;    // column names, or "(expression)"
    std::vector<std::string> details; // per key: operator class and collation, when given
    bool unique = false;
    bool partial = false;
    bool include = false;
    bool fromCatalog = false;
    std::string origin = "index"; // "index", "primary key", "unique constraint", "exclusion constraint"
    std::string method = "btree";
    Node at;
    std::size_t statement = 0;
};

inline void addKey(IndexDef &index, Node elemWrapper)
{
    const auto elem = elemWrapper.as("IndexElem");
    if (const auto name = elem["name"].str(); !name.empty()) {
        index.keys.emplace_back(name);
    } else {
        std::string expr = "(";
        canonical(elem["expr"], expr);
        index.keys.push_back(expr + ")");
    }
    std::string detail;
    canonical(elem["opclass"], detail);
    canonical(elem["collation"], detail);
    index.details.push_back(detail);
}

// The key columns of an index as a DBA reads them ("expression" for an expression key).
inline std::string displayKeys(const IndexDef &index)
{
    std::vector<std::string> keys;
    for (const auto &key : index.keys)
        keys.push_back(!key.empty() && key.front() == '(' ? "expression" : key);
    return join(keys);
}

// Indexes a statement builds: CREATE INDEX and PRIMARY KEY / UNIQUE / EXCLUDE constraints (not USING INDEX).
inline std::vector<IndexDef> indexesCreated(Node statement, std::size_t statementIndex,
                                            const std::vector<ConstraintSite> &cons)
{
    std::vector<IndexDef> out;
    if (const auto index = statement.as("IndexStmt")) {
        IndexDef d;
        d.table = tree::qualifiedName(index["relation"]);
        d.name = std::string(index["idxname"].str());
        for (const Node elem : index["indexParams"])
            addKey(d, elem);
        d.unique = index["unique"].boolean() || index["primary"].boolean();
        d.partial = index["whereClause"].valid();
        d.include = index["indexIncludingParams"].size() > 0;
        if (const auto method = index["accessMethod"].str(); !method.empty())
            d.method = std::string(method);
        d.at = index["relation"];
        d.statement = statementIndex;
        out.push_back(std::move(d));
        return out;
    }
    for (const auto &c : cons) {
        const bool keyed = c.type == "CONSTR_PRIMARY" || c.type == "CONSTR_UNIQUE";
        if ((!keyed && c.type != "CONSTR_EXCLUSION") || !c.con["indexname"].str().empty())
            continue;
        IndexDef d;
        d.table = tree::qualifiedName(c.relation);
        d.name = std::string(c.con["conname"].str());
        d.origin = c.type == "CONSTR_PRIMARY" ? "primary key"
                   : keyed                    ? "unique constraint"
                                              : "exclusion constraint";
        if (keyed) {
            d.keys = constraintColumns(c);
            d.details.assign(d.keys.size(), std::string());
            d.unique = true;
        } else {
            d.method = "exclusion";
        }
        d.partial = c.con["where_clause"].valid();
        d.include = c.con["including"].size() > 0;
        d.at = c.at;
        d.statement = statementIndex;
        out.push_back(std::move(d));
    }
    return out;
}

// Names of the indexes a statement drops (DROP INDEX, and ALTER TABLE ... DROP CONSTRAINT for the index of a
// key constraint).
inline std::vector<std::string> indexesDropped(Node statement)
{
    std::vector<std::string> out;
    if (const auto drop = statement.as("DropStmt"); drop && drop["removeType"].str() == "OBJECT_INDEX") {
        for (const Node object : drop["objects"]) {
            const auto names = tree::strings(object.as("List")["items"]);
            if (!names.empty())
                out.push_back(names.back());
        }
    } else if (const auto alter = statement.as("AlterTableStmt")) {
        for (const Node cmd : alter["cmds"]) {
            const auto c = cmd.as("AlterTableCmd");
            if (c["subtype"].str() == "AT_DropConstraint")
                out.emplace_back(c["name"].str());
        }
    }
    return out;
}

// Tables a statement drops.
inline std::vector<std::string> tablesDropped(Node statement)
{
    std::vector<std::string> out;
    if (const auto drop = statement.as("DropStmt"); drop && drop["removeType"].str() == "OBJECT_TABLE") {
        for (const Node object : drop["objects"])
            out.push_back(join(tree::strings(object.as("List")["items"]), "."));
    }
    return out;
}

// The catalog's valid indexes on a table.
inline std::vector<IndexDef> catalogIndexes(const CatalogFacts *catalog, const std::string &table)
{
    std::vector<IndexDef> out;
    const auto *facts = catalog ? catalog->table(table) : nullptr;
    if (!facts)
        return out;
    for (const auto &index : facts->indexes) {
        if (!index.valid)
            continue;
        IndexDef d;
        d.table = table;
        d.name = index.name;
        d.keys = index.columns;
        d.details.assign(d.keys.size(), std::string());
        d.unique = index.unique || index.primary;
        d.origin = index.primary ? "primary key" : "index";
        d.fromCatalog = true;
        out.push_back(std::move(d));
    }
    return out;
}

// What each statement does to indexes, in file order: computed once per file (RuleContext::memo) so that
// knownIndexes replays only the statements that create or drop an index or drop a table.
struct IndexEvents
{
    struct Step
    {
        std::size_t statement = 0;
        std::vector<std::string> droppedIndexes;
        std::vector<std::string> droppedTables; // tableKey()
        std::vector<IndexDef> created;
        std::vector<std::string> createdTables; // tableKey() of each created index's table
    };
    std::vector<Step> steps;

    // Defined after StatementSites, whose constraints it reuses.
    static IndexEvents compute(const RuleContext &ctx);
};

// When each index the file builds exists: from its statement until the first later statement that drops it
// (DROP INDEX or DROP CONSTRAINT by name, on any table) or drops its table. With the catalog's indexes, this
// says which indexes are known on a table before any statement, without replaying the file for each
// question. Defined after IndexEvents::compute.
struct IndexLifetimes
{
    static constexpr std::size_t kNever = std::size_t(-1);
    struct Life
    {
        const IndexDef *index;
        std::size_t killed = kNever; // statement that drops it
    };
    std::vector<Life> lives;                                          // file order
    std::unordered_map<std::string, std::vector<std::size_t>> byName; // tableKey + '\0' + name -> lives
    std::unordered_map<std::string, std::vector<std::size_t>>
        byFirstKey; // tableKey + '\0' + keys[0] -> lives
    // tableKey + '\0' + k + '\0' + the sorted set of the first k keys -> lives (for foreign keys of k
    // columns)
    std::unordered_map<std::string, std::vector<std::size_t>> byLeadingSet;
    std::unordered_map<std::string, std::vector<std::size_t>> nameDrops;  // index name -> statements
    std::unordered_map<std::string, std::vector<std::size_t>> tableDrops; // tableKey -> statements

    static IndexLifetimes compute(const RuleContext &ctx);

    // The first statement at or after `from` that drops an index of this name, or its table.
    [[nodiscard]] std::size_t firstDrop(const std::string &tableKeyName, const std::string &name,
                                        std::size_t from) const
    {
        auto first = [&](const std::unordered_map<std::string, std::vector<std::size_t>> &map,
                         const std::string &key) {
            const auto it = map.find(key);
            if (it == map.end())
                return kNever;
            const auto at = std::lower_bound(it->second.begin(), it->second.end(), from);
            return at == it->second.end() ? kNever : *at;
        };
        return std::min(first(nameDrops, name), first(tableDrops, tableKeyName));
    }
    // Whether a life (or a catalog index, from statement 0) still exists before statement `end`.
    [[nodiscard]] bool alive(const Life &life, std::size_t end) const
    {
        return life.index->statement < end && (life.killed == kNever || life.killed >= end);
    }
    [[nodiscard]] bool catalogAlive(const std::string &tableKeyName, const IndexDef &index,
                                    std::size_t end) const
    {
        const auto drop = firstDrop(tableKeyName, index.name, 0);
        return drop == kNever || drop >= end;
    }

    [[nodiscard]] static std::string leadingSet(std::vector<std::string> keys)
    {
        std::sort(keys.begin(), keys.end());
        keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
        std::string out;
        for (const auto &k : keys)
            out.append(k).append(1, '\0');
        return out;
    }
    // Calls visit(index) for each index of the file on the table that still exists before `end`, among the
    // lives listed under `key` in `map`, in file order, until visit returns false.
    template <class F>
    void forEachAlive(const std::unordered_map<std::string, std::vector<std::size_t>> &map,
                      const std::string &key, std::size_t end, F &&visit) const
    {
        const auto it = map.find(key);
        if (it == map.end())
            return;
        for (const auto k : it->second) {
            if (lives[k].index->statement >= end)
                return;
            index::visited();
            if (alive(lives[k], end) && !visit(*lives[k].index))
                return;
        }
    }
};

// ---- Names a statement defines ----

// Views into the parse tree and static text: a file's defined names are worked out for every statement.
struct DefinedName
{
    std::string_view kind;  // "table", "column", "index", "unique index", "primary key", "unique", ...
    std::string_view name;  // empty for an index or constraint PostgreSQL names itself
    Node at;                // where to report when the name itself cannot be found in the text
    bool exact = false;     // `at` is the name itself (a RangeVar or ColumnDef)
    std::string_view table; // bare table name, for columns, indexes and constraints
    std::vector<std::string> columns;
};

inline std::string_view constraintKind(std::string_view type)
{
    if (type == "CONSTR_PRIMARY")
        return "primary key";
    if (type == "CONSTR_UNIQUE")
        return "unique";
    if (type == "CONSTR_FOREIGN")
        return "foreign key";
    if (type == "CONSTR_CHECK")
        return "check";
    if (type == "CONSTR_EXCLUSION")
        return "exclusion";
    return {};
}

inline std::string_view relnameView(Node rangeVar)
{
    if (const auto body = rangeVar.as("RangeVar"))
        rangeVar = body;
    return rangeVar["relname"].str();
}

inline std::string relname(Node rangeVar)
{
    return std::string(relnameView(rangeVar));
}

inline std::vector<DefinedName> definedNames(Node statement, const std::vector<ColumnSite> &defs,
                                             const std::vector<ConstraintSite> &cons)
{
    std::vector<DefinedName> out;
    auto lastName = [](Node list) {
        std::string_view last;
        for (const Node item : list) {
            if (const auto s = item.as("String"))
                last = s["sval"].str();
        }
        return last;
    };
    if (const auto schema = statement.as("CreateSchemaStmt")) {
        out.push_back({"schema", schema["schemaname"].str(), {}, false, {}, {}});
    } else if (const auto create = statement.as("CreateStmt")) {
        out.push_back({"table",
                       relnameView(create["relation"]),
                       create["relation"],
                       true,
                       relnameView(create["relation"]),
                       {}});
    } else if (const auto index = statement.as("IndexStmt")) {
        DefinedName d{index["unique"].boolean() ? "unique index" : "index",
                      index["idxname"].str(),
                      index["relation"],
                      false,
                      relnameView(index["relation"]),
                      {}};
        for (const Node elem : index["indexParams"]) {
            if (const auto name = elem.as("IndexElem")["name"].str(); !name.empty())
                d.columns.emplace_back(name);
        }
        out.push_back(std::move(d));
    } else if (const auto rename = statement.as("RenameStmt")) {
        static const std::pair<std::string_view, std::string_view> kinds[] = {
            {"OBJECT_TABLE", "table"},       {"OBJECT_COLUMN", "column"},
            {"OBJECT_INDEX", "index"},       {"OBJECT_SCHEMA", "schema"},
            {"OBJECT_VIEW", "view"},         {"OBJECT_MATVIEW", "materialized view"},
            {"OBJECT_SEQUENCE", "sequence"}, {"OBJECT_TYPE", "type"},
            {"OBJECT_DOMAIN", "domain"},     {"OBJECT_FUNCTION", "function"},
            {"OBJECT_TRIGGER", "trigger"},   {"OBJECT_TABCONSTRAINT", "constraint"},
        };
        for (const auto &[type, kind] : kinds) {
            if (rename["renameType"].str() == type)
                out.push_back({kind,
                               rename["newname"].str(),
                               rename["relation"],
                               false,
                               relnameView(rename["relation"]),
                               {}});
        }
    } else if (const auto view = statement.as("ViewStmt")) {
        out.push_back({"view", relnameView(view["view"]), view["view"], true, {}, {}});
    } else if (const auto ctas = statement.as("CreateTableAsStmt")) {
        auto into = ctas["into"];
        if (const auto body = into.as("IntoClause"))
            into = body;
        out.push_back({ctas["objtype"].str() == "OBJECT_MATVIEW" ? "materialized view" : "table",
                       relnameView(into["rel"]),
                       into["rel"],
                       true,
                       relnameView(into["rel"]),
                       {}});
    } else if (const auto seq = statement.as("CreateSeqStmt")) {
        out.push_back({"sequence", relnameView(seq["sequence"]), seq["sequence"], true, {}, {}});
    } else if (const auto enumType = statement.as("CreateEnumStmt")) {
        out.push_back({"type", lastName(enumType["typeName"]), {}, false, {}, {}});
    } else if (const auto domain = statement.as("CreateDomainStmt")) {
        out.push_back({"domain", lastName(domain["domainname"]), {}, false, {}, {}});
    } else if (const auto composite = statement.as("CompositeTypeStmt")) {
        out.push_back({"type", relnameView(composite["typevar"]), composite["typevar"], true, {}, {}});
    } else if (const auto function = statement.as("CreateFunctionStmt")) {
        out.push_back({"function", lastName(function["funcname"]), {}, false, {}, {}});
    } else if (const auto trigger = statement.as("CreateTrigStmt")) {
        out.push_back({"trigger",
                       trigger["trigname"].str(),
                       trigger["relation"],
                       false,
                       relnameView(trigger["relation"]),
                       {}});
    }
    for (const auto &c : defs)
        out.push_back({"column", c.def["colname"].str(), c.def, true, relnameView(c.relation), {}});
    for (const auto &c : cons) {
        const auto kind = constraintKind(c.type);
        if (kind.empty())
            continue;
        auto columns = constraintColumns(c);
        out.push_back(
            {kind, c.con["conname"].str(), c.at, false, relnameView(c.relation), std::move(columns)});
    }
    return out;
}

// Reports at a defined name: the name itself when it can be found, else its node.
inline void reportDefined(RuleContext &ctx, const DefinedName &d, std::string message, std::string help = {})
{
    if (d.exact || d.name.empty())
        ctx.report(std::move(message), d.at, std::move(help));
    else if (const auto range = nthNameRange(ctx, d.name, d.at.location(), 0))
        ctx.reportRange(std::move(message), *range, std::move(help));
    else
        reportName(ctx, d.name, d.at, std::move(message), std::move(help));
}

// ---- Types ----

// A type name as the parser spells it: "integer" -> "int4", "timestamp with time zone" -> "timestamptz".
inline std::string canonicalType(std::string_view written)
{
    auto t = lower(written);
    if (const auto paren = t.find('('); paren != std::string::npos)
        t.erase(paren);
    while (!t.empty() && t.back() == ' ')
        t.pop_back();
    if (t.rfind("pg_catalog.", 0) == 0)
        t.erase(0, 11);
    static const std::pair<std::string_view, std::string_view> aliases[] = {
        {"int", "int4"},
        {"integer", "int4"},
        {"bigint", "int8"},
        {"smallint", "int2"},
        {"boolean", "bool"},
        {"real", "float4"},
        {"float", "float8"},
        {"double precision", "float8"},
        {"decimal", "numeric"},
        {"char", "bpchar"},
        {"character", "bpchar"},
        {"character varying", "varchar"},
        {"timestamp without time zone", "timestamp"},
        {"timestamp with time zone", "timestamptz"},
        {"time without time zone", "time"},
        {"time with time zone", "timetz"},
        {"serial4", "serial"},
        {"serial8", "bigserial"},
        {"serial2", "smallserial"},
        {"bit varying", "varbit"},
    };
    for (const auto &[from, to] : aliases) {
        if (t == from)
            return std::string(to);
    }
    return t;
}

// How a DBA writes a canonical type name.
inline std::string displayType(const std::string &canonical)
{
    static const std::pair<std::string_view, std::string_view> names[] = {
        {"int4", "integer"},
        {"int8", "bigint"},
        {"int2", "smallint"},
        {"bpchar", "char"},
        {"float8", "double precision"},
        {"float4", "real"},
        {"bool", "boolean"},
    };
    for (const auto &[from, to] : names) {
        if (canonical == from)
            return std::string(to);
    }
    return canonical;
}

// ---- The same, once per statement ----

// The column definitions, column types, constraints and defined names of each statement, each worked out on
// first use: several rules ask for them on every statement, and each list costs allocations to build.
class StatementSites
{
public:
    static StatementSites compute(const RuleContext &ctx)
    {
        StatementSites sites;
        sites.m_all = ctx.all();
        const auto n = sites.m_all.size();
        sites.m_columns.resize(n);
        sites.m_types.resize(n);
        sites.m_constraints.resize(n);
        sites.m_names.resize(n);
        return sites;
    }

    [[nodiscard]] const std::vector<ColumnSite> &columnDefs(std::size_t i) const
    {
        return get(m_columns[i], [&] { return pn::columnDefs(m_all[i].tree); });
    }
    [[nodiscard]] const std::vector<TypeSite> &columnTypes(std::size_t i) const
    {
        return get(m_types[i], [&] { return pn::columnTypes(m_all[i].tree, columnDefs(i)); });
    }
    [[nodiscard]] const std::vector<ConstraintSite> &constraints(std::size_t i) const
    {
        return get(m_constraints[i], [&] { return pn::constraints(m_all[i].tree, columnDefs(i)); });
    }
    [[nodiscard]] const std::vector<DefinedName> &definedNames(std::size_t i) const
    {
        return get(m_names[i],
                   [&] { return pn::definedNames(m_all[i].tree, columnDefs(i), constraints(i)); });
    }

private:
    template <class T, class F> static const T &get(std::optional<T> &slot, F &&make)
    {
        if (!slot)
            slot = make();
        return *slot;
    }

    std::span<const StatementView> m_all;
    mutable std::vector<std::optional<std::vector<ColumnSite>>> m_columns;
    mutable std::vector<std::optional<std::vector<TypeSite>>> m_types;
    mutable std::vector<std::optional<std::vector<ConstraintSite>>> m_constraints;
    mutable std::vector<std::optional<std::vector<DefinedName>>> m_names;
};

inline IndexEvents IndexEvents::compute(const RuleContext &ctx)
{
    IndexEvents events;
    const auto &sites = ctx.memo<StatementSites>();
    const auto all = ctx.all();
    for (std::size_t i = 0; i < all.size(); ++i) {
        const Node statement = all[i].tree;
        if (!statement)
            continue;
        Step step;
        step.statement = i;
        step.droppedIndexes = indexesDropped(statement);
        for (auto &dropped : tablesDropped(statement))
            step.droppedTables.push_back(tableKey(std::move(dropped)));
        step.created = indexesCreated(statement, i, sites.constraints(i));
        for (const auto &d : step.created)
            step.createdTables.push_back(tableKey(d.table));
        if (!step.droppedIndexes.empty() || !step.droppedTables.empty() || !step.created.empty())
            events.steps.push_back(std::move(step));
    }
    return events;
}

inline IndexLifetimes IndexLifetimes::compute(const RuleContext &ctx)
{
    IndexLifetimes out;
    const auto &events = ctx.memo<IndexEvents>();
    for (const auto &step : events.steps) {
        for (const auto &dropped : step.droppedIndexes) {
            auto &list = out.nameDrops[dropped];
            if (list.empty() || list.back() != step.statement)
                list.push_back(step.statement);
        }
        for (const auto &dropped : step.droppedTables) {
            auto &list = out.tableDrops[dropped];
            if (list.empty() || list.back() != step.statement)
                list.push_back(step.statement);
        }
    }
    for (const auto &step : events.steps) {
        for (std::size_t k = 0; k < step.created.size(); ++k) {
            const auto &index = step.created[k];
            const auto &key = step.createdTables[k];
            const auto at = out.lives.size();
            // Drops in the statement that creates it come before it.
            out.lives.push_back({&index, out.firstDrop(key, index.name, step.statement + 1)});
            out.byName[key + '\0' + index.name].push_back(at);
            if (!index.keys.empty())
                out.byFirstKey[key + '\0' + index.keys.front()].push_back(at);
            for (std::size_t n = 1; n <= index.keys.size(); ++n)
                out.byLeadingSet[key + '\0' + std::to_string(n) + '\0' +
                                 leadingSet({index.keys.begin(), index.keys.begin() + std::ptrdiff_t(n)})]
                    .push_back(at);
        }
    }
    return out;
}

// Of the statement a rule checks, or of statement i.
inline const std::vector<ColumnSite> &columnDefs(const RuleContext &ctx, std::size_t i)
{
    return ctx.memo<StatementSites>().columnDefs(i);
}
inline const std::vector<ColumnSite> &columnDefs(const RuleContext &ctx)
{
    return columnDefs(ctx, ctx.index());
}
inline const std::vector<TypeSite> &columnTypes(const RuleContext &ctx)
{
    return ctx.memo<StatementSites>().columnTypes(ctx.index());
}
inline const std::vector<ConstraintSite> &constraints(const RuleContext &ctx)
{
    return ctx.memo<StatementSites>().constraints(ctx.index());
}
inline const std::vector<DefinedName> &definedNames(const RuleContext &ctx)
{
    return ctx.memo<StatementSites>().definedNames(ctx.index());
}

} // namespace sluice::review::rules::pn
