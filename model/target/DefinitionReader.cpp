#include "target/DefinitionReader.h"

#include "queue/Pg.h"
#include "review/SqlQuote.h"
#include "target/CatalogScope.h"

#include <map>
#include <set>

namespace sluice::model {
namespace {

using review::Privilege;
using review::quoteQualified;

using Oid = unsigned long;

std::string text(const pqxx::field &f)
{
    return f.is_null() ? std::string() : std::string(f.c_str());
}

std::optional<std::string> optionalText(const pqxx::field &f)
{
    return f.is_null() ? std::nullopt : std::optional<std::string>(f.c_str());
}

bool flag(const pqxx::field &f)
{
    return !f.is_null() && f.c_str()[0] == 't';
}

// Lists travel as one string joined by \x1f (unit separator), which no sane identifier holds.
std::vector<std::string> list(const pqxx::field &f)
{
    std::vector<std::string> out;
    if (f.is_null())
        return out;
    std::string item;
    for (const char *p = f.c_str(); *p; ++p) {
        if (*p == '\x1f') {
            out.push_back(item);
            item.clear();
        } else {
            item += *p;
        }
    }
    out.push_back(item);
    return out;
}

std::string oidArray(const std::set<Oid> &oids)
{
    std::string out = "'{";
    for (const auto oid : oids)
        out += (out.size() > 2 ? "," : "") + std::to_string(oid);
    return out + "}'::pg_catalog.oid[]";
}

// A privilege row: (oid, grantee or '', privilege, grantable).
constexpr const char *kPrivilegeColumns =
    "CASE WHEN x.grantee = 0 THEN '' ELSE pg_catalog.pg_get_userbyid(x.grantee) END, x.privilege_type, "
    "x.is_grantable";

class Reader
{
public:
    explicit Reader(pqxx::dbtransaction &tx) : m_tx(tx), m_q(&tx) {}

    review::PriorDefinitions read(const review::TouchedObjects &objects)
    {
        review::PriorDefinitions out;
        out.currentSchema = text(m_q->exec("SELECT pg_catalog.current_schema()")[0][0]);
        if (out.currentSchema.empty())
            out.currentSchema = "public";
        // Resolve with the migration's search_path, before the catalog scope clears it.
        std::map<std::string, Oid> relationKeys, functionKeys, typeKeys;
        for (const auto &name : objects.relations)
            resolve(relationKeys, name.key(), "pg_catalog.to_regclass",
                    quoteQualified(name.schema, name.name));
        for (const auto &name : objects.functions)
            resolve(functionKeys, name.key(),
                    name.withArguments ? "pg_catalog.to_regprocedure" : "pg_catalog.to_regproc",
                    quoteQualified(name.schema, name.name) +
                        (name.withArguments ? "(" + name.arguments + ")" : ""));
        for (const auto &name : objects.types)
            resolve(typeKeys, name.key(), "pg_catalog.to_regtype", quoteQualified(name.schema, name.name));
        inCatalogScope(m_tx, [&](pqxx::transaction_base &scope) {
            m_q = &scope;
            readRelations(relationKeys, out);
            readFunctions(functionKeys, out);
            readTypes(typeKeys, out);
        });
        m_q = &m_tx;
        return out;
    }

private:
    void resolve(std::map<std::string, Oid> &keys, const std::string &key, const char *function,
                 const std::string &name)
    {
        // A name that does not parse or resolve is simply absent; the subtransaction contains the error.
        try {
            pqxx::subtransaction attempt(m_tx, "sluice_resolve");
            const auto r = attempt.exec(std::string("SELECT ") + function + "(" + attempt.quote(name) +
                                        ")::pg_catalog.oid");
            attempt.commit();
            if (!r.empty() && !r[0][0].is_null())
                keys[key] = r[0][0].as<Oid>();
        } catch (const pqxx::sql_error &) {
        }
    }

    void readRelations(const std::map<std::string, Oid> &keys, review::PriorDefinitions &out)
    {
        std::set<Oid> roots;
        for (const auto &[key, oid] : keys)
            roots.insert(oid);
        if (roots.empty())
            return;
        // Dependent views, deepest last, so that recreating them in order works.
        std::map<Oid, std::vector<Oid>> dependents;
        std::set<Oid> all = roots;
        for (const auto &row :
             m_q->exec("WITH RECURSIVE deps(root, oid, depth) AS ("
                       " SELECT d.refobjid, r.ev_class, 1 FROM pg_catalog.pg_depend d"
                       " JOIN pg_catalog.pg_rewrite r ON r.oid = d.objid"
                       " WHERE d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.refclassid = "
                       "'pg_catalog.pg_class'::regclass"
                       "   AND d.refobjid = ANY(" +
                       oidArray(roots) +
                       ") AND r.ev_class <> d.refobjid"
                       " UNION"
                       " SELECT deps.root, r.ev_class, deps.depth + 1 FROM deps"
                       " JOIN pg_catalog.pg_depend d ON d.refobjid = deps.oid AND d.refclassid = "
                       "'pg_catalog.pg_class'::regclass"
                       "   AND d.classid = 'pg_catalog.pg_rewrite'::regclass"
                       " JOIN pg_catalog.pg_rewrite r ON r.oid = d.objid"
                       " WHERE r.ev_class <> deps.oid AND deps.depth < 64)"
                       " SELECT root, oid FROM deps GROUP BY root, oid ORDER BY root, max(depth), oid")) {
            dependents[row[0].as<Oid>()].push_back(row[1].as<Oid>());
            all.insert(row[1].as<Oid>());
        }
        // Owned (serial) sequences of the tables.
        std::map<Oid, std::vector<std::pair<Oid, std::string>>> owned;
        for (const auto &row : m_q->exec(
                 "SELECT d.refobjid, d.objid, a.attname FROM pg_catalog.pg_depend d"
                 " JOIN pg_catalog.pg_class s ON s.oid = d.objid AND s.relkind = 'S'"
                 " JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid"
                 " WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.refclassid = "
                 "'pg_catalog.pg_class'::regclass"
                 "   AND d.deptype = 'a' AND d.refobjid = ANY(" +
                 oidArray(roots) + ")")) {
            owned[row[0].as<Oid>()].push_back({row[1].as<Oid>(), text(row[2])});
            all.insert(row[1].as<Oid>());
        }

        std::map<Oid, review::RelationDefinition> relations;
        const auto oids = oidArray(all);
        for (const auto &row : m_q->exec(
                 "SELECT c.oid, n.nspname, c.relname, c.relkind, pg_catalog.pg_get_userbyid(c.relowner),"
                 " c.relpersistence = 'u', pg_catalog.array_to_string(c.reloptions, ', '),"
                 " CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END,"
                 " CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid, true) END,"
                 " c.relrowsecurity, c.relforcerowsecurity, pg_catalog.obj_description(c.oid, 'pg_class')"
                 " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                 " WHERE c.oid = ANY(" +
                 oids + ")")) {
            auto &r = relations[row[0].as<Oid>()];
            r.schema = text(row[1]);
            r.name = text(row[2]);
            r.kind = text(row[3])[0];
            r.owner = text(row[4]);
            r.unlogged = flag(row[5]);
            r.options = text(row[6]);
            r.partitionKey = text(row[7]);
            r.viewDefinition = text(row[8]);
            r.rowSecurity = flag(row[9]);
            r.forceRowSecurity = flag(row[10]);
            r.comment = optionalText(row[11]);
        }
        for (const auto &row : m_q->exec(std::string("SELECT c.oid, ") + kPrivilegeColumns +
                                         " FROM pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) x"
                                         " WHERE c.oid = ANY(" +
                                         oids +
                                         ") AND x.grantee <> c.relowner"
                                         " ORDER BY 1, 2, 3"))
            relations[row[0].as<Oid>()].privileges.push_back({text(row[1]), text(row[2]), flag(row[3])});
        readColumns(oids, relations);
        readConstraints(oids, relations);
        readIndexes(oids, relations);
        readTriggersAndPolicies(oids, relations);
        readSequences(oids, relations);

        for (const auto &[table, sequences] : owned) {
            for (const auto &[sequence, column] : sequences) {
                if (relations.count(sequence) && relations[sequence].sequence) {
                    auto s = *relations[sequence].sequence;
                    s.ownedByColumn = column;
                    relations[table].ownedSequences.push_back(s);
                }
            }
        }
        auto keyOf = [](const review::RelationDefinition &r) { return r.schema + "." + r.name; };
        for (const auto &[root, views] : dependents) {
            for (const auto view : views)
                relations[root].dependentViews.push_back(keyOf(relations[view]));
        }
        for (const auto &[root, views] : dependents) {
            for (const auto view : views)
                out.relations[keyOf(relations[view])] = relations[view];
        }
        for (const auto &[key, oid] : keys)
            out.relations[key] = relations[oid];
    }

    void readColumns(const std::string &oids, std::map<Oid, review::RelationDefinition> &relations)
    {
        for (const auto &row :
             m_q->exec("SELECT a.attrelid, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),"
                       " CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN "
                       "a.attcollation::regcollation::text END,"
                       " a.attnotnull,"
                       " CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) END,"
                       " CASE WHEN a.attgenerated = 's' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) END,"
                       " a.attidentity, pg_catalog.col_description(a.attrelid, a.attnum),"
                       " (SELECT string_agg(" +
                       std::string(kPrivilegeColumns).replace(0, 0, "concat_ws(E'\\x1e', ") +
                       "), E'\\x1f') FROM pg_catalog.aclexplode(a.attacl) x)"
                       " FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
                       " LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                       " WHERE a.attrelid = ANY(" +
                       oids +
                       ") AND a.attnum > 0 AND NOT a.attisdropped"
                       " ORDER BY a.attrelid, a.attnum")) {
            review::ColumnDefinition c;
            c.name = text(row[1]);
            c.type = text(row[2]);
            c.collation = text(row[3]);
            c.notNull = flag(row[4]);
            c.defaultExpr = text(row[5]);
            c.generatedExpr = text(row[6]);
            c.identity = row[7].is_null() || !*row[7].c_str() ? 0 : row[7].c_str()[0];
            c.comment = optionalText(row[8]);
            for (const auto &entry : list(row[9])) {
                const auto first = entry.find('\x1e');
                const auto second = entry.find('\x1e', first + 1);
                c.privileges.push_back({entry.substr(0, first), entry.substr(first + 1, second - first - 1),
                                        entry.substr(second + 1) == "true"});
            }
            relations[row[0].as<Oid>()].columns.push_back(std::move(c));
        }
    }

    void readConstraints(const std::string &oids, std::map<Oid, review::RelationDefinition> &relations)
    {
        const std::string columns =
            "(SELECT string_agg(a.attname, E'\\x1f' ORDER BY a.attnum) FROM pg_catalog.pg_attribute a"
            " WHERE a.attrelid = k.conrelid AND a.attnum = ANY(k.conkey))";
        for (const auto &row :
             m_q->exec("SELECT k.conrelid, k.confrelid, k.conname, k.contype, "
                       "pg_catalog.pg_get_constraintdef(k.oid), " +
                       columns +
                       ", n.nspname, c.relname, pg_catalog.obj_description(k.oid, 'pg_constraint')"
                       " FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_class c ON c.oid = k.conrelid"
                       " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                       " WHERE k.conrelid = ANY(" +
                       oids + ") OR (k.contype = 'f' AND k.confrelid = ANY(" + oids +
                       ") AND k.confrelid <> k.conrelid)"
                       " ORDER BY k.conrelid, CASE k.contype WHEN 'p' THEN 0 WHEN 'u' THEN 1 WHEN 'f' THEN 3 "
                       "ELSE 2 END, k.conname")) {
            review::ConstraintDefinition k;
            k.name = text(row[2]);
            k.type = text(row[3])[0];
            k.definition = text(row[4]);
            k.columns = list(row[5]);
            k.schema = text(row[6]);
            k.table = text(row[7]);
            k.comment = optionalText(row[8]);
            const auto table = row[0].as<Oid>();
            const auto referenced = row[1].as<Oid>();
            if (relations.count(table)) {
                if (k.type == 'p')
                    relations[table].primaryKey = k.columns;
                relations[table].constraints.push_back(k);
            }
            if (k.type == 'f' && referenced != table && relations.count(referenced))
                relations[referenced].inboundForeignKeys.push_back(k);
        }
    }

    void readIndexes(const std::string &oids, std::map<Oid, review::RelationDefinition> &relations)
    {
        for (const auto &row : m_q->exec(
                 "SELECT i.indrelid, i.indexrelid, c.relname, pg_catalog.pg_get_indexdef(i.indexrelid), "
                 "i.indisclustered,"
                 " (SELECT string_agg(a.attname, E'\\x1f' ORDER BY a.attnum) FROM pg_catalog.pg_attribute a"
                 "   WHERE a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey::int2[])),"
                 " pg_catalog.obj_description(i.indexrelid, 'pg_class'), i.indrelid::regclass::text,"
                 " EXISTS (SELECT FROM pg_catalog.pg_constraint k WHERE k.conindid = i.indexrelid"
                 "         AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x'))"
                 " FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid"
                 " WHERE i.indrelid = ANY(" +
                 oids + ") OR i.indexrelid = ANY(" + oids +
                 ")"
                 " ORDER BY i.indrelid, c.relname")) {
            review::IndexDefinition index{text(row[2]), text(row[3]), list(row[5]), flag(row[4]),
                                          optionalText(row[6])};
            const auto table = row[0].as<Oid>();
            const auto self = row[1].as<Oid>();
            const bool backsConstraint = flag(row[8]);
            if (relations.count(self)) {
                relations[self].index = index;
                relations[self].indexTable = text(row[7]);
            }
            if (relations.count(table) && !backsConstraint)
                relations[table].indexes.push_back(index);
        }
    }

    void readTriggersAndPolicies(const std::string &oids,
                                 std::map<Oid, review::RelationDefinition> &relations)
    {
        for (const auto &row :
             m_q->exec("SELECT t.tgrelid, t.tgname, pg_catalog.pg_get_triggerdef(t.oid), t.tgenabled"
                       " FROM pg_catalog.pg_trigger t"
                       " WHERE t.tgrelid = ANY(" +
                       oids +
                       ") AND NOT t.tgisinternal"
                       " ORDER BY t.tgrelid, t.tgname"))
            relations[row[0].as<Oid>()].triggers.push_back({text(row[1]), text(row[2]), text(row[3])[0]});
        for (const auto &row : m_q->exec(
                 "SELECT p.polrelid, p.polname,"
                 " format('CREATE POLICY %I ON %s AS %s FOR %s TO %s%s%s', p.polname, p.polrelid::regclass,"
                 "   CASE WHEN p.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,"
                 "   CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'"
                 "                 WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,"
                 "   (SELECT string_agg(CASE WHEN ro = 0 THEN 'PUBLIC' ELSE "
                 "quote_ident(pg_catalog.pg_get_userbyid(ro)) END, ', ')"
                 "    FROM unnest(p.polroles) ro),"
                 "   ' USING (' || pg_catalog.pg_get_expr(p.polqual, p.polrelid) || ')',"
                 "   ' WITH CHECK (' || pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) || ')')"
                 " FROM pg_catalog.pg_policy p WHERE p.polrelid = ANY(" +
                 oids + ") ORDER BY p.polrelid, p.polname"))
            relations[row[0].as<Oid>()].policies.push_back({text(row[1]), text(row[2])});
    }

    void readSequences(const std::string &oids, std::map<Oid, review::RelationDefinition> &relations)
    {
        for (const auto &row :
             m_q->exec("SELECT s.seqrelid, pg_catalog.format_type(s.seqtypid, NULL), s.seqstart, "
                       "s.seqincrement, s.seqmin,"
                       " s.seqmax, s.seqcache, s.seqcycle, pg_catalog.pg_sequence_last_value(s.seqrelid)"
                       " FROM pg_catalog.pg_sequence s WHERE s.seqrelid = ANY(" +
                       oids + ")")) {
            auto &r = relations[row[0].as<Oid>()];
            review::SequenceDefinition s;
            s.schema = r.schema;
            s.name = r.name;
            s.type = text(row[1]);
            s.start = row[2].as<long long>();
            s.increment = row[3].as<long long>();
            s.min = row[4].as<long long>();
            s.max = row[5].as<long long>();
            s.cache = row[6].as<long long>();
            s.cycle = flag(row[7]);
            if (!row[8].is_null()) {
                s.lastValue = row[8].as<long long>();
                s.isCalled = true;
            }
            s.owner = r.owner;
            s.privileges = r.privileges;
            r.sequence = s;
        }
    }

    void readFunctions(const std::map<std::string, Oid> &keys, review::PriorDefinitions &out)
    {
        std::set<Oid> oids;
        for (const auto &[key, oid] : keys)
            oids.insert(oid);
        if (oids.empty())
            return;
        std::map<Oid, review::FunctionDefinition> functions;
        for (const auto &row :
             m_q->exec("SELECT p.oid, n.nspname, p.proname, "
                       "pg_catalog.pg_get_function_identity_arguments(p.oid), p.prokind,"
                       " pg_catalog.pg_get_functiondef(p.oid), pg_catalog.pg_get_userbyid(p.proowner), "
                       "p.proacl IS NULL,"
                       " pg_catalog.obj_description(p.oid, 'pg_proc')"
                       " FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
                       " WHERE p.oid = ANY(" +
                       oidArray(oids) + ") AND p.prokind <> 'a'")) {
            auto &f = functions[row[0].as<Oid>()];
            f.schema = text(row[1]);
            f.name = text(row[2]);
            f.identityArguments = text(row[3]);
            f.kind = text(row[4])[0];
            f.definition = text(row[5]);
            f.owner = text(row[6]);
            f.defaultPrivileges = flag(row[7]);
            f.comment = optionalText(row[8]);
        }
        for (const auto &row : m_q->exec(std::string("SELECT p.oid, ") + kPrivilegeColumns +
                                         " FROM pg_catalog.pg_proc p, pg_catalog.aclexplode(p.proacl) x"
                                         " WHERE p.oid = ANY(" +
                                         oidArray(oids) +
                                         ") AND x.grantee <> p.proowner"
                                         " ORDER BY 1, 2, 3"))
            functions[row[0].as<Oid>()].privileges.push_back({text(row[1]), text(row[2]), flag(row[3])});
        for (const auto &[key, oid] : keys) {
            if (functions.count(oid))
                out.functions[key] = functions[oid];
        }
    }

    void readTypes(const std::map<std::string, Oid> &keys, review::PriorDefinitions &out)
    {
        std::set<Oid> oids;
        for (const auto &[key, oid] : keys)
            oids.insert(oid);
        if (oids.empty())
            return;
        std::map<Oid, review::TypeDefinition> types;
        for (const auto &row : m_q->exec(
                 "SELECT t.oid, n.nspname, t.typname, t.typtype, CASE t.typtype"
                 " WHEN 'e' THEN format('CREATE TYPE %s AS ENUM (%s)', t.oid::regtype,"
                 "   (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)"
                 "    FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid))"
                 " WHEN 'd' THEN format('CREATE DOMAIN %s AS %s%s%s%s%s', t.oid::regtype,"
                 "   pg_catalog.format_type(t.typbasetype, t.typtypmod),"
                 "   CASE WHEN t.typcollation <> 0 AND t.typcollation <> (SELECT b.typcollation FROM "
                 "pg_catalog.pg_type b"
                 "        WHERE b.oid = t.typbasetype) THEN ' COLLATE ' || "
                 "t.typcollation::regcollation::text END,"
                 "   ' DEFAULT ' || t.typdefault, CASE WHEN t.typnotnull THEN ' NOT NULL' END,"
                 "   (SELECT string_agg(format(' CONSTRAINT %I %s', k.conname, "
                 "pg_catalog.pg_get_constraintdef(k.oid)), ''"
                 "    ORDER BY k.conname) FROM pg_catalog.pg_constraint k WHERE k.contypid = t.oid))"
                 " WHEN 'c' THEN format('CREATE TYPE %s AS (%s)', t.oid::regtype,"
                 "   (SELECT string_agg(format('%I %s', a.attname, pg_catalog.format_type(a.atttypid, "
                 "a.atttypmod)), ', '"
                 "    ORDER BY a.attnum) FROM pg_catalog.pg_attribute a"
                 "    WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped))"
                 " WHEN 'r' THEN format('CREATE TYPE %s AS RANGE (SUBTYPE = %s)', t.oid::regtype,"
                 "   (SELECT pg_catalog.format_type(g.rngsubtype, NULL) FROM pg_catalog.pg_range g WHERE "
                 "g.rngtypid = t.oid))"
                 " END, pg_catalog.pg_get_userbyid(t.typowner), pg_catalog.obj_description(t.oid, 'pg_type')"
                 " FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace"
                 " WHERE t.oid = ANY(" +
                 oidArray(oids) + ")")) {
            auto &t = types[row[0].as<Oid>()];
            t.schema = text(row[1]);
            t.name = text(row[2]);
            t.kind = text(row[3])[0];
            t.definition = text(row[4]);
            t.owner = text(row[5]);
            t.comment = optionalText(row[6]);
        }
        for (const auto &[key, oid] : keys) {
            if (types.count(oid) && !types[oid].definition.empty())
                out.types[key] = types[oid];
        }
    }

    pqxx::dbtransaction &m_tx;
    pqxx::transaction_base *m_q; // where catalog queries go: the catalog scope while it is open
};

} // namespace

Result<review::PriorDefinitions> readPriorDefinitions(pqxx::dbtransaction &tx,
                                                      const review::TouchedObjects &objects)
{
    return pg::guarded([&] { return Reader(tx).read(objects); });
}

} // namespace sluice::model
