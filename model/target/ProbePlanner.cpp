// Which probes a migration calls for: walks its statements once, keeping what earlier statements created,
// added and changed (ProbeSql.h).
#include "review/SqlClauses.h"
#include "target/ProbeSql.h"

#include <algorithm>
#include <map>
#include <pqxx/pqxx>
#include <set>

namespace sluice::model::probes {
namespace {

// A relation as the migration names it.
struct Relation
{
    std::string schema;
    std::string name;

    static Relation of(Node rangeVar)
    {
        if (const auto body = rangeVar.as("RangeVar"))
            rangeVar = body;
        return {std::string(rangeVar["schemaname"].str()), std::string(rangeVar["relname"].str())};
    }
    // As a DBA reads it; unqualified names are public's, as the catalog facts assume.
    [[nodiscard]] std::string display() const { return (schema.empty() ? "public" : schema) + "." + name; }
    [[nodiscard]] std::string sql(pqxx::transaction_base &tx) const
    {
        return schema.empty() ? tx.quote_name(name) : tx.quote_name(schema) + "." + tx.quote_name(name);
    }
};

// Walks the script once and lists the probes its statements call for.
class Planner
{
public:
    Planner(std::string_view sql, const review::Script &script) : m_text(sql), m_script(script) {}

    std::vector<Probe> plan()
    {
        for (std::size_t i = 0; i < m_script.statements.size(); ++i) {
            const auto &statement = m_script.statements[i];
            if (!statement.parses)
                continue;
            m_index = i;
            const auto node = statement.tree;
            if (const auto create = node.as("CreateStmt")) {
                m_created.insert(Relation::of(create["relation"]).display());
            } else if (const auto as = node.as("CreateTableAsStmt")) {
                const auto into = as["into"]["rel"] ? as["into"]["rel"] : as["into"].as("IntoClause")["rel"];
                m_created.insert(Relation::of(into).display());
            } else if (const auto alter = node.as("AlterTableStmt")) {
                alterTable(alter);
            } else if (const auto index = node.as("IndexStmt")) {
                uniqueIndex(index);
            } else if (const auto update = node.as("UpdateStmt")) {
                dataChange(update["relation"], DataChange::Kind::Update, update);
            } else if (const auto del = node.as("DeleteStmt")) {
                dataChange(del["relation"], DataChange::Kind::Delete, del);
            } else if (const auto merge = node.as("MergeStmt")) {
                dataChange(merge["relation"], DataChange::Kind::Other, merge);
            } else if (const auto truncate = node.as("TruncateStmt")) {
                for (const Node relation : truncate["relations"])
                    dataChange(relation, DataChange::Kind::Truncate, truncate);
            } else if (const auto insert = node.as("InsertStmt")) {
                dataChange(insert["relation"], DataChange::Kind::Insert, insert);
            } else if (const auto copy = node.as("CopyStmt"); copy && copy["is_from"].boolean()) {
                dataChange(copy["relation"], DataChange::Kind::Insert, copy);
            }
        }
        return std::move(m_probes);
    }

private:
    [[nodiscard]] bool isNew(const Relation &r) const { return m_created.count(r.display()) > 0; }
    [[nodiscard]] bool isAddedColumn(const Relation &r, std::string_view column) const
    {
        const auto it = m_added.find(r.display());
        return it != m_added.end() && it->second.count(std::string(column)) > 0;
    }
    [[nodiscard]] const review::Statement &statement() const { return m_script.statements[m_index]; }

    // An UPDATE, DELETE, TRUNCATE, INSERT, COPY FROM or MERGE of an existing table earlier in the migration:
    // the target's rows now are not the rows a later statement meets.
    struct DataChange
    {
        enum class Kind { Update, Delete, Truncate, Insert, Other };
        Kind kind = Kind::Other;
        std::size_t statement = 0;
        Node tree; // the statement's body
        // The rows a DELETE or UPDATE changes, as its WHERE condition ("" for every row; every row for a
        // TRUNCATE too); nullopt when not one table's own rows by a plain WHERE (USING, FROM, WITH, or text
        // the clause reader could not take apart), and for other changes.
        std::optional<std::string> rows;
    };

    void dataChange(Node relation, DataChange::Kind kind, Node tree)
    {
        const auto table = Relation::of(relation);
        if (isNew(table))
            return;
        DataChange change{kind, m_index, tree, std::nullopt};
        const auto text = m_script.statements[m_index].range.in(m_text.sql());
        if (kind == DataChange::Kind::Truncate) {
            change.rows = "";
        } else if (kind == DataChange::Kind::Delete && !tree["withClause"].valid()) {
            if (const auto clauses = review::deleteClauses(text); clauses && clauses.using_.empty())
                change.rows = clauses.where;
        } else if (kind == DataChange::Kind::Update && !tree["withClause"].valid()) {
            if (const auto clauses = review::updateClauses(text); clauses && clauses.from.empty())
                change.rows = clauses.where;
        }
        m_changes[table.display()].push_back(std::move(change));
    }
    [[nodiscard]] const std::vector<DataChange> &changesOf(const Relation &table) const
    {
        static const std::vector<DataChange> none;
        const auto it = m_changes.find(table.display());
        return it == m_changes.end() ? none : it->second;
    }
    [[nodiscard]] int lineOf(std::size_t statement) const
    {
        return m_script.statements[statement].start.line;
    }
    // A change that leaves the table without rows.
    [[nodiscard]] static bool empties(const DataChange &change)
    {
        return (change.kind == DataChange::Kind::Truncate || change.kind == DataChange::Kind::Delete) &&
               change.rows && change.rows->empty();
    }

    [[nodiscard]] static bool hasAlias(Node relation)
    {
        if (const auto body = relation.as("RangeVar"))
            relation = body;
        return relation["alias"].valid();
    }
    [[nodiscard]] static bool hasSubquery(Node where)
    {
        bool found = false;
        where.walk([&](Node n) { found = found || n.kind() == "SubLink"; });
        return found;
    }

    // What the changes before this statement leave of the table's rows as they are now.
    struct Before
    {
        bool empty = false;    // emptied (TRUNCATE, DELETE with no WHERE) and not filled again
        std::string unknown;   // why the rows now do not predict the outcome; "" when they do
        bool refilled = false; // emptied, then filled again
    };
    [[nodiscard]] Before before(const Relation &table, bool updatesMatter) const
    {
        const auto &changes = changesOf(table);
        const auto emptied =
            std::find_if(changes.rbegin(), changes.rend(), [&](const DataChange &c) { return empties(c); });
        if (emptied != changes.rend()) {
            // After it only rows the migration inserts: what they hold is not in the target.
            for (auto it = emptied.base(); it != changes.end(); ++it) {
                if (it->kind == DataChange::Kind::Insert || it->kind == DataChange::Kind::Other)
                    return {false,
                            "the statement at line " + std::to_string(lineOf(emptied->statement)) +
                                " empties " + table.display() + " and the one at line " +
                                std::to_string(lineOf(it->statement)) +
                                " fills it again before this one, so the rows there now do not "
                                "predict the outcome",
                            true};
            }
            return {true, {}};
        }
        for (const auto &change : changes) {
            // Inserted rows add to the rows there; those there still make the statement fail.
            if (change.kind == DataChange::Kind::Insert ||
                (change.kind == DataChange::Kind::Update && !updatesMatter))
                continue;
            return {false, "the statement at line " + std::to_string(lineOf(change.statement)) +
                               " changes the rows of " + table.display() +
                               " before this one, so the rows there now do not predict the outcome"};
        }
        return {};
    }

    // A probe of the rows of `table` as they are now. If the migration changes them first, what the probe
    // would find is no prediction: a probe-unknown warning says so instead (updatesMatter: false for a probe
    // an UPDATE cannot change, such as whether a table has rows); if it empties the table, nothing is left
    // to make the statement fail.
    void add(const Relation &table, std::string ruleId, std::string check, std::string failure,
             std::function<std::optional<std::string>(pqxx::transaction_base &)> query,
             bool updatesMatter = true)
    {
        auto state = before(table, updatesMatter);
        if (state.empty)
            return;
        m_probes.push_back({m_index, std::move(ruleId), std::move(check), std::move(failure),
                            std::move(query), std::move(state.unknown)});
    }
    void addUnknown(std::string ruleId, std::string check, std::string why)
    {
        m_probes.push_back({m_index, std::move(ruleId), std::move(check), {}, {}, std::move(why)});
    }

    void alterTable(Node alter)
    {
        const auto table = Relation::of(alter["relation"]);
        if (isNew(table))
            return;
        for (const Node cmd : alter["cmds"]) {
            const auto body = cmd.as("AlterTableCmd");
            const auto subtype = body["subtype"].str();
            const std::string column(body["name"].str());
            if (subtype == "AT_AddColumn")
                addColumn(table, body["def"].as("ColumnDef"));
            else if (subtype == "AT_SetNotNull" && !isAddedColumn(table, column))
                notNull(table, column, "SET NOT NULL");
            else if (subtype == "AT_AlterColumnType" && !isAddedColumn(table, column))
                typeChange(table, column, body["def"].as("ColumnDef"));
            else if (subtype == "AT_AddConstraint")
                constraint(table, body["def"].as("Constraint"));
        }
    }

    void addColumn(const Relation &table, Node def)
    {
        const std::string column(def["colname"].str());
        m_added[table.display()].insert(column);
        bool notNull = false, filled = false;
        for (const Node c : def["constraints"]) {
            const auto type = c.as("Constraint")["contype"].str();
            notNull = notNull || type == "CONSTR_NOTNULL" || type == "CONSTR_PRIMARY";
            filled =
                filled || type == "CONSTR_DEFAULT" || type == "CONSTR_IDENTITY" || type == "CONSTR_GENERATED";
        }
        if (!notNull || filled)
            return;
        add(
            table, "probe-not-null-violation", "whether " + table.display() + " has rows",
            table.display() + " has rows (at least one): ADD COLUMN " + column +
                " NOT NULL without a default will fail",
            [table](pqxx::transaction_base &tx) { return "select 1 from " + table.sql(tx) + " limit 1"; },
            false);
    }

    void notNull(const Relation &table, const std::string &column, const std::string &operation)
    {
        const auto check = "whether " + table.display() + "." + column + " has NULLs";
        const auto rule = "probe-not-null-violation";
        if (const auto state = before(table, true); state.empty) {
            return;
        } else if (state.refilled) {
            addUnknown(rule, check, state.unknown);
            return;
        }
        // The usual backfill first: UPDATE ... SET column = <a constant> [WHERE ...], or DELETE ... WHERE,
        // before SET NOT NULL. The rows that stay NULL are the NULL rows none of them matches, which the
        // probe can ask about the rows as they are now, as long as nothing before those statements changed
        // what their WHERE reads.
        std::vector<std::string> covered;
        std::vector<std::string> lines;
        bool allFilled = false;
        std::optional<std::size_t> otherUpdate; // an earlier UPDATE of other columns
        const auto cannotFollow = [&](const DataChange &change, std::string_view what) {
            addUnknown(rule, check,
                       "the statement at line " + std::to_string(lineOf(change.statement)) +
                           " changes the rows of " + table.display() + " in a way the probe cannot follow (" +
                           std::string(what) + "), so the rows there now do not predict the outcome");
        };
        for (const auto &change : changesOf(table)) {
            std::optional<std::string>
                where; // the rows it fills or removes ("" for all); nullopt: cannot tell
            if (change.kind == DataChange::Kind::Insert) {
                continue; // rows the probe cannot see; those it sees stay
            } else if (change.kind == DataChange::Kind::Delete) {
                if (!hasAlias(change.tree["relation"]))
                    where = change.rows;
            } else if (change.kind == DataChange::Kind::Update) {
                bool sets = false, constant = true;
                for (const Node target : change.tree["targetList"]) {
                    const auto res = target.as("ResTarget");
                    if (res["name"].str() != column)
                        continue;
                    sets = true;
                    // A constant, or a constant cast to a type: '0'::int.
                    auto value = res["val"].as("A_Const");
                    if (const auto cast = res["val"].as("TypeCast"))
                        value = cast["arg"].as("A_Const");
                    // The whole column: not an element or field of it (SET c[1] = ...).
                    constant = constant && value && !value["isnull"].boolean() && !res["indirection"].valid();
                }
                if (!sets) {
                    if (!otherUpdate)
                        otherUpdate = change.statement;
                    continue; // leaves the column as it is
                }
                if (constant && !hasAlias(change.tree["relation"]))
                    where = change.rows;
            }
            if (!where) {
                cannotFollow(change, change.kind == DataChange::Kind::Update
                                         ? "not a backfill with a constant"
                                         : "not a plain DELETE ... WHERE");
                return;
            }
            if (where->empty()) {
                allFilled = true;
                continue;
            }
            if (hasSubquery(change.tree["whereClause"])) {
                cannotFollow(change, "its WHERE reads other tables");
                return;
            }
            if (otherUpdate) {
                addUnknown(
                    rule, check,
                    "the statement at line " + std::to_string(lineOf(*otherUpdate)) +
                        " changes other columns of " + table.display() + " before the backfill at line " +
                        std::to_string(lineOf(change.statement)) +
                        ", whose WHERE may read them, so the rows there now do not predict the outcome");
                return;
            }
            covered.push_back(*where);
            lines.push_back(std::to_string(lineOf(change.statement)));
        }
        if (allFilled)
            return; // every row filled
        if (covered.empty()) {
            add(
                table, rule, check,
                table.display() + "." + column + " has NULLs (at least one row): " + operation + " will fail",
                [table, column](pqxx::transaction_base &tx) {
                    return "select 1 from " + table.sql(tx) + " where " + tx.quote_name(column) +
                           " is null limit 1";
                },
                false);
            return;
        }
        const auto at = joined(lines, ", ");
        const bool one = lines.size() == 1;
        m_probes.push_back(
            {m_index,
             rule,
             check,
             table.display() + "." + column + " has NULLs in rows the statement" + (one ? "" : "s") +
                 " at line" + (one ? " " : "s ") + at + " do" + (one ? "es" : "") +
                 " not fill (at least one row): " + operation + " will fail",
             [table, column, covered](pqxx::transaction_base &tx) {
                 std::string query =
                     "select 1 from " + table.sql(tx) + " where " + tx.quote_name(column) + " is null";
                 // The author's condition on a line of its own: a trailing -- comment in it
                 // ends there.
                 for (const auto &w : covered)
                     query += " and not coalesce((" + w + "\n), false)";
                 return query + " limit 1";
             },
             {}});
    }

    void typeChange(const Relation &table, const std::string &column, Node def)
    {
        // With USING the values are computed; what fails depends on the expression.
        if (def["raw_default"].valid())
            return;
        const auto target = TargetType::of(def["typeName"]);
        if (target.kind == TargetType::Kind::Other)
            return;
        const auto name = table.display() + "." + column;
        add(table, "probe-type-overflow", "whether every value of " + name + " fits " + target.display(),
            overflowFailure(name, target),
            [table, column, target](pqxx::transaction_base &tx) -> std::optional<std::string> {
                const auto type = tx.exec_params(
                    "select t.typname, a.atttypmod from pg_attribute a join pg_type t on t.oid = a.atttypid "
                    "where a.attrelid = to_regclass($1) and a.attname = $2 and a.attnum > 0 and not "
                    "a.attisdropped",
                    table.sql(tx), column);
                if (type.empty())
                    return std::nullopt;
                const auto quoted = tx.quote_name(column);
                const auto condition =
                    overflowCondition(quoted, type[0][0].c_str(), type[0][1].as<int>(), target);
                if (!condition)
                    return std::nullopt;
                return "select 1 from " + table.sql(tx) + " where " + *condition + " limit 1";
            });
    }

    void constraint(const Relation &table, Node c)
    {
        const auto type = c["contype"].str();
        const std::string name(c["conname"].str());
        const auto adding = name.empty() ? std::string("ADD ") : "ADD CONSTRAINT " + name + " ";
        if (type == "CONSTR_CHECK" && !c["skip_validation"].boolean()) {
            check(table, c, adding);
        } else if ((type == "CONSTR_PRIMARY" || type == "CONSTR_UNIQUE") && c["indexname"].str().empty()) {
            const auto keys = review::tree::strings(c["keys"]);
            if (std::any_of(keys.begin(), keys.end(), [&](const auto &k) { return isAddedColumn(table, k); }))
                return;
            const auto what = type == "CONSTR_PRIMARY" ? std::string("PRIMARY KEY") : std::string("UNIQUE");
            if (type == "CONSTR_PRIMARY") {
                for (const auto &key : keys)
                    notNull(table, key, adding + what);
            }
            duplicates(table, keys, {}, {}, adding + what, c["nulls_not_distinct"].boolean());
        } else if (type == "CONSTR_FOREIGN" && !c["skip_validation"].boolean()) {
            foreignKey(table, c, adding);
        }
    }

    void check(const Relation &table, Node c, const std::string &adding)
    {
        const auto begin = std::size_t(std::max(0, c.location()));
        const auto end = statement().range.end;
        const auto word = m_text.keyword("check", begin, end);
        const auto open = word ? m_text.openParen(*word, end) : std::nullopt;
        const auto close = open ? m_text.closeParen(*open) : std::nullopt;
        if (!close)
            return;
        bool usesAdded = false;
        c["raw_expr"].walk([&](Node n) {
            if (const auto ref = n.as("ColumnRef")) {
                const auto fields = review::tree::strings(ref["fields"]);
                usesAdded = usesAdded || (!fields.empty() && isAddedColumn(table, fields.back()));
            }
        });
        if (usesAdded)
            return;
        const auto expression = m_text.trimmed(*open + 1, *close);
        add(table, "probe-check-violation",
            "whether rows of " + table.display() + " satisfy CHECK (" + expression + ")",
            table.display() + " has rows that violate CHECK (" + expression + ") (at least one): " + adding +
                "CHECK will fail",
            [table, expression](pqxx::transaction_base &tx) {
                return "select 1 from " + table.sql(tx) + " where not (" + expression + ") limit 1";
            });
    }

    void foreignKey(const Relation &table, Node c, const std::string &adding)
    {
        const auto parent = Relation::of(c["pktable"]);
        const auto columns = review::tree::strings(c["fk_attrs"]);
        const auto referenced = review::tree::strings(c["pk_attrs"]);
        // A parent created by this migration holds only what the migration inserts.
        if (isNew(parent) || std::any_of(columns.begin(), columns.end(),
                                         [&](const auto &k) { return isAddedColumn(table, k); }))
            return;
        const bool matchFull = c["fk_matchtype"].str() == "f";
        const auto list = joined(columns, ", ");
        const auto check =
            "whether every " + table.display() + " (" + list + ") has a match in " + parent.display();
        // Rows the migration deletes from, updates in or adds to the parent first decide the outcome too.
        if (const auto &changes = changesOf(parent); !changes.empty()) {
            addUnknown("probe-fk-orphans", check,
                       "the statement at line " + std::to_string(lineOf(changes.front().statement)) +
                           " changes the rows of " + parent.display() +
                           " before this one, so the rows there now do not predict the outcome");
            return;
        }
        add(table, "probe-fk-orphans", check,
            table.display() + " has rows whose (" + list + ") match no row of " + parent.display() +
                " (at least one): " + adding + "FOREIGN KEY will fail",
            [table, parent, columns, referenced,
             matchFull](pqxx::transaction_base &tx) -> std::optional<std::string> {
                auto keys = referenced;
                if (keys.empty()) {
                    const auto pk = tx.exec_params(
                        "select a.attname from pg_constraint c cross join unnest(c.conkey) with ordinality "
                        "k(attnum, ord) "
                        "join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum "
                        "where c.conrelid = to_regclass($1) and c.contype = 'p' order by k.ord",
                        parent.sql(tx));
                    for (const auto &row : pk)
                        keys.emplace_back(row[0].c_str());
                }
                if (keys.size() != columns.size())
                    return std::nullopt;
                std::vector<std::string> present, matches;
                for (std::size_t k = 0; k < keys.size(); ++k) {
                    present.push_back("c." + tx.quote_name(columns[k]) + " is not null");
                    matches.push_back("p." + tx.quote_name(keys[k]) + " = c." + tx.quote_name(columns[k]));
                }
                // MATCH SIMPLE skips rows with any NULL key; MATCH FULL only rows whose keys are all NULL.
                const auto skip = matchFull ? "(" + joined(present, " or ") + ")" : joined(present, " and ");
                return "select 1 from " + table.sql(tx) + " c where " + skip +
                       " and not exists (select 1 from " + parent.sql(tx) + " p where " +
                       joined(matches, " and ") + ") limit 1";
            });
    }

    void uniqueIndex(Node index)
    {
        const auto table = Relation::of(index["relation"]);
        if (!index["unique"].boolean() || isNew(table))
            return;
        const auto end = statement().range.end;
        const auto begin = std::size_t(std::max(0, index["relation"].location()));
        const auto open = m_text.openParen(begin, end);
        const auto close = open ? m_text.closeParen(*open) : std::nullopt;
        if (!close)
            return;
        const auto texts = m_text.listAt(*open, *close);
        const auto params = index["indexParams"];
        if (texts.size() != params.size())
            return;
        std::vector<std::string> keys, expressions;
        for (std::size_t i = 0; i < params.size(); ++i) {
            const auto elem = params.at(i).as("IndexElem");
            if (const auto name = elem["name"].str(); !name.empty()) {
                if (isAddedColumn(table, name))
                    return;
                keys.emplace_back(name);
                continue;
            }
            if (elem["opclass"].valid() || elem["collation"].valid())
                return;
            expressions.push_back(withoutOrdering(texts[i]));
        }
        std::string predicate;
        if (index["whereClause"].valid()) {
            const auto where = m_text.keyword("where", *close, end);
            if (!where)
                return;
            predicate = m_text.trimmed(*where + 5, end);
        }
        const std::string name(index["idxname"].str());
        duplicates(table, keys, expressions, predicate,
                   std::string("CREATE UNIQUE INDEX") + (name.empty() ? "" : " " + name),
                   index["nulls_not_distinct"].boolean());
    }

    static std::string withoutOrdering(std::string element)
    {
        for (bool stripped = true; stripped;) {
            stripped = false;
            for (const std::string_view word : {"asc", "desc", "first", "last", "nulls"}) {
                if (element.size() > word.size()) {
                    std::string tail = element.substr(element.size() - word.size());
                    std::transform(tail.begin(), tail.end(), tail.begin(),
                                   [](unsigned char ch) { return char(std::tolower(ch)); });
                    const auto before = element[element.size() - word.size() - 1];
                    if (tail == word &&
                        (std::isspace(static_cast<unsigned char>(before)) != 0 || before == ')')) {
                        element.resize(element.size() - word.size());
                        while (!element.empty() &&
                               std::isspace(static_cast<unsigned char>(element.back())) != 0)
                            element.pop_back();
                        stripped = true;
                    }
                }
            }
        }
        return element;
    }

    void duplicates(const Relation &table, const std::vector<std::string> &columns,
                    const std::vector<std::string> &expressions, const std::string &predicate,
                    const std::string &operation, bool nullsNotDistinct)
    {
        if (columns.empty() && expressions.empty())
            return;
        const auto list = joined(columns, ", ") + (columns.empty() || expressions.empty() ? "" : ", ") +
                          joined(expressions, ", ");
        add(table, "probe-duplicate-keys", "whether " + table.display() + " has duplicate (" + list + ")",
            table.display() + " has duplicate values in (" + list +
                ") (at least two rows share one): " + operation + " will fail",
            [=](pqxx::transaction_base &tx) {
                std::vector<std::string> keys, present;
                for (const auto &c : columns)
                    keys.push_back(tx.quote_name(c));
                for (const auto &e : expressions)
                    keys.push_back("(" + e + ")");
                for (const auto &k : keys)
                    present.push_back(k + " is not null");
                // NULLs never collide in a unique index unless it says NULLS NOT DISTINCT.
                auto conditions = nullsNotDistinct ? std::vector<std::string>{} : present;
                if (!predicate.empty())
                    conditions.push_back("(" + predicate + ")");
                return "select 1 from " + table.sql(tx) +
                       (conditions.empty() ? "" : " where " + joined(conditions, " and ")) + " group by " +
                       joined(keys, ", ") + " having count(*) > 1 limit 1";
            });
    }

    SqlText m_text;
    const review::Script &m_script;
    std::size_t m_index = 0;
    std::set<std::string> m_created;
    std::map<std::string, std::set<std::string>> m_added;
    std::map<std::string, std::vector<DataChange>> m_changes;
    std::vector<Probe> m_probes;
};

} // namespace

std::vector<Probe> planProbes(std::string_view sql, const review::Script &script)
{
    return Planner(sql, script).plan();
}

} // namespace sluice::model::probes
