#include "target/SchemaSnapshot.h"

#include "queue/Pg.h"
#include "target/CatalogScope.h"

namespace sluice::model {
namespace {

// One row per object: (key, canonical definition). Runs with search_path = '' so every name is qualified.
// Identities are quoted as quote_ident() does; multi-valued parts (ACLs, roles) are sorted so the text is
// stable across runs. attnum is kept in the column text: the round trip reports a moved column separately.
constexpr const char *kSnapshotQuery = R"SQL(
WITH ns AS (
    SELECT n.oid, n.nspname, n.nspowner, n.nspacl FROM pg_catalog.pg_namespace n
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'sluice_backup')
      AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
),
ext AS (SELECT d.classid, d.objid FROM pg_catalog.pg_depend d WHERE d.deptype = 'e'),
rel AS (
    SELECT c.oid, c.relkind, c.relowner, c.relacl, c.relpersistence, c.reloptions, c.relrowsecurity,
           c.relforcerowsecurity, c.relreplident, c.relispartition, c.relpartbound,
           format('%I.%I', ns.nspname, c.relname) AS ident,
           CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'table' WHEN 'f' THEN 'foreign-table'
                WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized-view' WHEN 'S' THEN 'sequence'
                ELSE 'index' END AS kind
    FROM pg_catalog.pg_class c JOIN ns ON ns.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S', 'i', 'I')
      AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_catalog.pg_class'::regclass AND ext.objid = c.oid)
),
col AS (
    SELECT r.oid AS relid, r.relowner, a.attnum, a.attacl, format('%s.%I', r.ident, a.attname) AS ident,
           a.atttypid, a.atttypmod, a.attcollation, a.attnotnull, a.attgenerated, a.attidentity
    FROM rel r JOIN pg_catalog.pg_attribute a ON a.attrelid = r.oid
    WHERE r.relkind IN ('r', 'p', 'f') AND a.attnum > 0 AND NOT a.attisdropped
),
fn AS (
    SELECT p.oid, p.proowner, p.proacl,
           CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END AS kind,
           format('%I.%I(%s)', ns.nspname, p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid)) AS ident
    FROM pg_catalog.pg_proc p JOIN ns ON ns.oid = p.pronamespace
    WHERE p.prokind IN ('f', 'p', 'w')
      AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_catalog.pg_proc'::regclass AND ext.objid = p.oid)
),
ty AS (
    SELECT t.oid, t.typtype, t.typowner, t.typacl, t.typrelid, t.typbasetype, t.typtypmod, t.typcollation,
           t.typdefault, t.typnotnull, format('%I.%I', ns.nspname, t.typname) AS ident
    FROM pg_catalog.pg_type t JOIN ns ON ns.oid = t.typnamespace
    WHERE (t.typtype IN ('e', 'd', 'r')
           OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c'))
      AND NOT EXISTS (SELECT FROM ext WHERE ext.classid = 'pg_catalog.pg_type'::regclass AND ext.objid = t.oid)
),
acls AS (
    SELECT r.kind || ' ' || r.ident AS target, r.relowner AS owner, r.relacl AS acl,
           pg_catalog.acldefault(CASE r.relkind WHEN 'S' THEN 's' ELSE 'r' END::"char", r.relowner) AS dflt
    FROM rel r WHERE r.relkind <> 'i' AND r.relkind <> 'I'
    UNION ALL SELECT 'column ' || c.ident, c.relowner, c.attacl, NULL FROM col c WHERE c.attacl IS NOT NULL
    UNION ALL SELECT f.kind || ' ' || f.ident, f.proowner, f.proacl, pg_catalog.acldefault('f', f.proowner) FROM fn f
    UNION ALL SELECT 'type ' || t.ident, t.typowner, t.typacl, pg_catalog.acldefault('T', t.typowner) FROM ty t
    UNION ALL SELECT 'schema ' || quote_ident(ns.nspname), ns.nspowner, ns.nspacl, pg_catalog.acldefault('n', ns.nspowner) FROM ns
),
grants AS (
    SELECT a.target,
           (SELECT string_agg(e, ', ' ORDER BY e) FROM (
                SELECT CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_catalog.pg_get_userbyid(x.grantee)) END
                       || ' ' || x.privilege_type || CASE WHEN x.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END AS e
                FROM pg_catalog.aclexplode(coalesce(a.acl, a.dflt)) x WHERE x.grantee <> a.owner) s) AS granted,
           (SELECT string_agg(e, ', ' ORDER BY e) FROM (
                SELECT CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_catalog.pg_get_userbyid(x.grantee)) END
                       || ' ' || x.privilege_type || CASE WHEN x.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END AS e
                FROM pg_catalog.aclexplode(a.dflt) x WHERE x.grantee <> a.owner) s) AS defaulted
    FROM acls a
)
SELECT r.kind || ' ' || r.ident,
       concat_ws(' ',
           CASE WHEN r.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(r.oid, true) END,
           CASE WHEN r.relpersistence = 'u' THEN 'UNLOGGED' END,
           CASE WHEN r.relkind = 'p' THEN 'PARTITION BY ' || pg_catalog.pg_get_partkeydef(r.oid) END,
           CASE WHEN r.relispartition THEN 'PARTITION OF '
                || (SELECT i.inhparent::regclass::text FROM pg_catalog.pg_inherits i WHERE i.inhrelid = r.oid)
                || ' ' || pg_catalog.pg_get_expr(r.relpartbound, r.oid) END,
           CASE WHEN r.reloptions IS NOT NULL THEN 'WITH (' || array_to_string(r.reloptions, ', ') || ')' END,
           CASE WHEN r.relrowsecurity THEN 'ROW LEVEL SECURITY' END,
           CASE WHEN r.relforcerowsecurity THEN 'FORCE ROW LEVEL SECURITY' END,
           CASE WHEN r.relkind IN ('r', 'p') THEN CASE r.relreplident WHEN 'f' THEN 'REPLICA IDENTITY FULL' WHEN 'n' THEN 'REPLICA IDENTITY NOTHING'
                WHEN 'i' THEN 'REPLICA IDENTITY USING INDEX' END END,
           'OWNER ' || quote_ident(pg_catalog.pg_get_userbyid(r.relowner)))
FROM rel r WHERE r.relkind IN ('r', 'p', 'f', 'v', 'm')
UNION ALL
SELECT 'sequence ' || r.ident,
       format('AS %s START %s INCREMENT %s MINVALUE %s MAXVALUE %s CACHE %s%s%s OWNER %s',
              pg_catalog.format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache,
              CASE WHEN s.seqcycle THEN ' CYCLE' ELSE '' END,
              (SELECT ' OWNED BY ' || format('%s.%I', d.refobjid::regclass::text, a.attname)
               FROM pg_catalog.pg_depend d
               JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
               WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = r.oid
                 AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.deptype IN ('a', 'i') LIMIT 1),
              quote_ident(pg_catalog.pg_get_userbyid(r.relowner)))
FROM rel r JOIN pg_catalog.pg_sequence s ON s.seqrelid = r.oid
UNION ALL
SELECT 'column ' || c.ident,
       concat_ws(' ', pg_catalog.format_type(c.atttypid, c.atttypmod),
           CASE WHEN c.attcollation <> 0 AND c.attcollation <> t.typcollation
                THEN 'COLLATE ' || c.attcollation::regcollation::text END,
           CASE WHEN c.attnotnull THEN 'NOT NULL' END,
           CASE WHEN c.attgenerated = 's' THEN 'GENERATED ALWAYS AS (' || pg_catalog.pg_get_expr(d.adbin, d.adrelid) || ') STORED'
                WHEN d.adbin IS NOT NULL THEN 'DEFAULT ' || pg_catalog.pg_get_expr(d.adbin, d.adrelid) END,
           CASE c.attidentity WHEN 'a' THEN 'GENERATED ALWAYS AS IDENTITY' WHEN 'd' THEN 'GENERATED BY DEFAULT AS IDENTITY' END,
           '(attnum ' || c.attnum || ')')
FROM col c JOIN pg_catalog.pg_type t ON t.oid = c.atttypid
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = c.relid AND d.adnum = c.attnum
UNION ALL
SELECT 'index ' || r.ident,
       pg_catalog.pg_get_indexdef(r.oid) || CASE WHEN NOT i.indisvalid THEN ' INVALID' ELSE '' END
       || CASE WHEN i.indisclustered THEN ' CLUSTERED' ELSE '' END
FROM rel r JOIN pg_catalog.pg_index i ON i.indexrelid = r.oid
UNION ALL
SELECT 'constraint ' || format('%s.%I', r.ident, k.conname),
       pg_catalog.pg_get_constraintdef(k.oid)
FROM rel r JOIN pg_catalog.pg_constraint k ON k.conrelid = r.oid
UNION ALL
SELECT 'trigger ' || format('%s.%I', r.ident, t.tgname),
       pg_catalog.pg_get_triggerdef(t.oid)
       || CASE t.tgenabled WHEN 'D' THEN ' DISABLED' WHEN 'R' THEN ' ENABLED REPLICA' WHEN 'A' THEN ' ENABLED ALWAYS' ELSE '' END
FROM rel r JOIN pg_catalog.pg_trigger t ON t.tgrelid = r.oid WHERE NOT t.tgisinternal
UNION ALL
SELECT 'policy ' || format('%s.%I', r.ident, p.polname),
       concat_ws(' ', CASE WHEN p.polpermissive THEN 'AS PERMISSIVE' ELSE 'AS RESTRICTIVE' END,
           'FOR ' || CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'
                                   WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
           'TO ' || (SELECT string_agg(n, ', ' ORDER BY n) FROM (
                        SELECT CASE WHEN ro = 0 THEN 'PUBLIC' ELSE quote_ident(pg_catalog.pg_get_userbyid(ro)) END AS n
                        FROM unnest(p.polroles) ro) s),
           'USING (' || pg_catalog.pg_get_expr(p.polqual, p.polrelid) || ')',
           'WITH CHECK (' || pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) || ')')
FROM rel r JOIN pg_catalog.pg_policy p ON p.polrelid = r.oid
UNION ALL
SELECT f.kind || ' ' || f.ident,
       pg_catalog.pg_get_functiondef(f.oid) || ' OWNER ' || quote_ident(pg_catalog.pg_get_userbyid(f.proowner))
FROM fn f
UNION ALL
SELECT 'type ' || t.ident,
       CASE t.typtype
           WHEN 'e' THEN 'ENUM (' || coalesce((SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)
                                               FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid), '') || ')'
           WHEN 'd' THEN concat_ws(' ', 'DOMAIN ' || pg_catalog.format_type(t.typbasetype, t.typtypmod),
               CASE WHEN t.typcollation <> 0 AND t.typcollation <> (SELECT b.typcollation FROM pg_catalog.pg_type b WHERE b.oid = t.typbasetype)
                    THEN 'COLLATE ' || t.typcollation::regcollation::text END,
               CASE WHEN t.typdefault IS NOT NULL THEN 'DEFAULT ' || t.typdefault END,
               CASE WHEN t.typnotnull THEN 'NOT NULL' END,
               (SELECT string_agg(format('CONSTRAINT %I %s', k.conname, pg_catalog.pg_get_constraintdef(k.oid)), ' ' ORDER BY k.conname)
                FROM pg_catalog.pg_constraint k WHERE k.contypid = t.oid))
           WHEN 'c' THEN 'COMPOSITE (' || (SELECT string_agg(format('%I %s', a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod)), ', ' ORDER BY a.attnum)
                                           FROM pg_catalog.pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) || ')'
           ELSE 'RANGE (SUBTYPE = ' || (SELECT pg_catalog.format_type(g.rngsubtype, NULL) FROM pg_catalog.pg_range g WHERE g.rngtypid = t.oid) || ')'
       END || ' OWNER ' || quote_ident(pg_catalog.pg_get_userbyid(t.typowner))
FROM ty t
UNION ALL
SELECT 'schema ' || quote_ident(ns.nspname), 'OWNER ' || quote_ident(pg_catalog.pg_get_userbyid(ns.nspowner)) FROM ns
UNION ALL
SELECT 'extension ' || quote_ident(e.extname), 'VERSION ' || e.extversion || ' SCHEMA ' || quote_ident(n.nspname)
FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
UNION ALL
SELECT 'publication ' || quote_ident(p.pubname),
       concat_ws(' ', CASE WHEN p.puballtables THEN 'FOR ALL TABLES' END,
           (SELECT 'TABLES ' || string_agg(format('%I.%I', t.schemaname, t.tablename), ', ' ORDER BY t.schemaname, t.tablename)
            FROM pg_catalog.pg_publication_tables t WHERE t.pubname = p.pubname),
           'PUBLISH ' || concat_ws(', ', CASE WHEN p.pubinsert THEN 'insert' END, CASE WHEN p.pubupdate THEN 'update' END,
                                   CASE WHEN p.pubdelete THEN 'delete' END, CASE WHEN p.pubtruncate THEN 'truncate' END))
FROM pg_catalog.pg_publication p
UNION ALL
SELECT 'grant ' || g.target, coalesce(g.granted, 'none') FROM grants g WHERE g.granted IS DISTINCT FROM g.defaulted
UNION ALL
SELECT 'comment ' || o.target, d.description
FROM pg_catalog.pg_description d
JOIN (
    SELECT 'pg_catalog.pg_class'::regclass AS classoid, r.oid, 0 AS subid, r.kind || ' ' || r.ident AS target FROM rel r
    UNION ALL SELECT 'pg_catalog.pg_class'::regclass, c.relid, c.attnum, 'column ' || c.ident FROM col c
    UNION ALL SELECT 'pg_catalog.pg_proc'::regclass, f.oid, 0, f.kind || ' ' || f.ident FROM fn f
    UNION ALL SELECT 'pg_catalog.pg_type'::regclass, t.oid, 0, 'type ' || t.ident FROM ty t
    UNION ALL SELECT 'pg_catalog.pg_namespace'::regclass, ns.oid, 0, 'schema ' || quote_ident(ns.nspname) FROM ns
    UNION ALL SELECT 'pg_catalog.pg_constraint'::regclass, k.oid, 0, 'constraint ' || format('%s.%I', r.ident, k.conname)
              FROM rel r JOIN pg_catalog.pg_constraint k ON k.conrelid = r.oid
    UNION ALL SELECT 'pg_catalog.pg_trigger'::regclass, t.oid, 0, 'trigger ' || format('%s.%I', r.ident, t.tgname)
              FROM rel r JOIN pg_catalog.pg_trigger t ON t.tgrelid = r.oid
) o ON o.classoid = d.classoid AND o.oid = d.objoid AND o.subid = d.objsubid
)SQL";

} // namespace

Result<review::SchemaSnapshot> readSchemaSnapshot(pqxx::dbtransaction &tx)
{
    return pg::guarded([&] {
        return inCatalogScope(tx, [&](pqxx::transaction_base &scope) {
            review::SchemaSnapshot snapshot;
            for (const auto &row : scope.exec(kSnapshotQuery))
                snapshot.emplace(row[0].c_str(), row[1].is_null() ? std::string() : row[1].c_str());
            return snapshot;
        });
    });
}

} // namespace sluice::model
