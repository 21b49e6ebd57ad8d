#pragma once

// Internal to the catalog reader (CatalogReader.cpp).

namespace sluice::model::catalog {

// The catalog queries, in one place. Every query but the first reads the relations of interest from the CTE
// rels(oid); $RELS is replaced by a SELECT of their oids. Lists come back joined by chr(31), which no sane
// identifier contains, to avoid parsing array literals.
namespace query {

inline constexpr const char *kAllRelations = R"(
select c.oid, n.nspname, c.relname, c.relkind, pg_get_userbyid(c.relowner), c.reltuples::float8
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p', 'v', 'm', 'f')
  and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname !~ '^pg_(toast|temp_|toast_temp_)')";

// $INPUT is a VALUES list of (ordinal, schema or NULL, name); unqualified names take the first match in the
// search path, as PostgreSQL would.
inline constexpr const char *kNamedRelations = R"(
select distinct on (i.ord) c.oid, n.nspname, c.relname, c.relkind, pg_get_userbyid(c.relowner),
       c.reltuples::float8
from (values $INPUT) as i(ord, schema, name)
join pg_class c on c.relname = i.name and c.relkind in ('r', 'p', 'v', 'm', 'f')
join pg_namespace n on n.oid = c.relnamespace
where (i.schema is not null and n.nspname = i.schema)
   or (i.schema is null and n.nspname = any (current_schemas(false)))
order by i.ord, array_position(current_schemas(false)::text[], n.nspname::text))";

inline constexpr const char *kServer = R"(
select current_setting('server_version_num')::int,
       (select string_agg(n.nspname || '.' || t.typname, chr(31))
        from pg_type t join pg_namespace n on n.oid = t.typnamespace
        where t.typtype = 'd' and n.nspname not in ('pg_catalog', 'information_schema')
          and exists (select 1 from pg_constraint c where c.contypid = t.oid)))";

inline constexpr const char *kColumns = R"(
with rels(oid) as ($RELS)
select a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull
from rels r join pg_attribute a on a.attrelid = r.oid
where a.attnum > 0 and not a.attisdropped
order by a.attrelid, a.attnum)";

// pg_relation_size takes an ACCESS SHARE lock: it waits behind an ACCESS EXCLUSIVE holder, and times out.
inline constexpr const char *kSizes = R"(
with rels(oid) as ($RELS)
select r.oid, pg_relation_size(r.oid), pg_total_relation_size(r.oid)
from rels r join pg_class c on c.oid = r.oid
where c.relkind in ('r', 'p', 'm'))";

// For every table at once: pg_relation_size builds a relation cache entry and stats each file of every table,
// toast table and index (seconds for 10,000 tables). pg_class.relpages is what the last VACUUM, ANALYZE or
// CREATE INDEX counted; a table never vacuumed nor analysed has none, and its size stays unknown.
inline constexpr const char *kEstimatedSizes = R"(
with rels(oid) as ($RELS)
select r.oid, c.relpages::int8 * current_setting('block_size')::int8,
       (c.relpages::int8 + coalesce(t.relpages, 0)
        + coalesce((select sum(ci.relpages) from pg_index i join pg_class ci on ci.oid = i.indexrelid
                    where i.indrelid = c.oid), 0))::int8 * current_setting('block_size')::int8
from rels r join pg_class c on c.oid = r.oid left join pg_class t on t.oid = c.reltoastrelid
where c.relkind in ('r', 'm') and (c.reltuples >= 0 or c.relpages > 0))";

// The pg_stat_get_* functions read the same counters as pg_stat_user_tables without its per-table grouping.
inline constexpr const char *kLiveRows = R"(
with rels(oid) as ($RELS)
select r.oid, pg_stat_get_live_tuples(r.oid)
from rels r join pg_class c on c.oid = r.oid
where c.relkind in ('r', 'm'))";

// Counters are cached per transaction: clear the cache so that the second sample sees new values.
inline constexpr const char *kWrites = R"(
select pg_stat_clear_snapshot();
with rels(oid) as ($RELS)
select r.oid, pg_stat_get_tuples_inserted(r.oid) + pg_stat_get_tuples_updated(r.oid)
              + pg_stat_get_tuples_deleted(r.oid)
from rels r join pg_class c on c.oid = r.oid
where c.relkind in ('r', 'm'))";

// An expression column reads "(expression)" until kIndexDefinitions names it.
inline constexpr const char *kIndexes = R"(
with rels(oid) as ($RELS)
select i.indrelid, i.indexrelid, ci.relname, i.indisunique, i.indisprimary, i.indisvalid,
       pg_stat_get_numscans(i.indexrelid),
       (select string_agg(coalesce(a.attname::text, '(expression)'), chr(31) order by k.ord)
        from unnest(i.indkey::int2[]) with ordinality k(attnum, ord)
        left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
        where k.ord <= i.indnkeyatts)
from rels r join pg_index i on i.indrelid = r.oid join pg_class ci on ci.oid = i.indexrelid
order by i.indrelid, ci.relname)";

// pg_get_indexdef opens the table (ACCESS SHARE): apart from the index list, so that a lock leaves only the
// definitions unknown.
inline constexpr const char *kIndexDefinitions = R"(
with rels(oid) as ($RELS)
select i.indexrelid, pg_get_indexdef(i.indexrelid),
       case when 0 = any (i.indkey::int2[]) then
           (select string_agg(pg_get_indexdef(i.indexrelid, k.ord::int, true), chr(31) order by k.ord)
            from generate_series(1, i.indnkeyatts) k(ord)) end
from rels r join pg_index i on i.indrelid = r.oid)";

inline constexpr const char *kIndexSizes = R"(
with rels(oid) as ($RELS)
select i.indexrelid, pg_relation_size(i.indexrelid)
from rels r join pg_index i on i.indrelid = r.oid)";

inline constexpr const char *kEstimatedIndexSizes = R"(
with rels(oid) as ($RELS)
select i.indexrelid, ci.relpages::int8 * current_setting('block_size')::int8
from rels r join pg_index i on i.indrelid = r.oid join pg_class ci on ci.oid = i.indexrelid)";

inline constexpr const char *kConstraints = R"(
with rels(oid) as ($RELS)
select c.conrelid, c.conname, c.contype, c.convalidated, pg_get_constraintdef(c.oid),
       (select string_agg(a.attname, chr(31) order by k.ord)
        from unnest(c.conkey) with ordinality k(attnum, ord)
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum)
from rels r join pg_constraint c on c.conrelid = r.oid
where c.contype in ('c', 'f', 'p', 'u', 'x')
order by c.conrelid, c.conname)";

// An unindexed referencing column turns every DELETE on the parent into a scan of the child.
inline constexpr const char *kReferencedBy = R"(
with rels(oid) as ($RELS)
select c.confrelid, n.nspname || '.' || cc.relname, c.conname, c.confdeltype,
       (select string_agg(a.attname, chr(31) order by k.ord)
        from unnest(c.conkey) with ordinality k(attnum, ord)
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum),
       exists (select 1 from pg_index i
               where i.indrelid = c.conrelid and i.indisvalid and i.indpred is null
                 and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey)
from rels r join pg_constraint c on c.confrelid = r.oid and c.contype = 'f' and c.conparentid = 0
join pg_class cc on cc.oid = c.conrelid join pg_namespace n on n.oid = cc.relnamespace
order by c.confrelid, c.conname)";

// Views and materialized views, transitively: a view's rewrite rule depends on what it reads; hop from the
// rule to its view and continue from there. Column-level dependencies are kept for the first level.
inline constexpr const char *kViews = R"(
with recursive rels(oid) as ($RELS),
walk(root, relid, depth, colname) as (
    select r.oid, rw.ev_class, 1, a.attname::text
    from rels r
    join pg_depend d on d.refclassid = 'pg_class'::regclass and d.refobjid = r.oid
                    and d.classid = 'pg_rewrite'::regclass and d.deptype = 'n'
    join pg_rewrite rw on rw.oid = d.objid and rw.ev_class <> r.oid
    left join pg_attribute a on a.attrelid = r.oid and a.attnum = d.refobjsubid and d.refobjsubid > 0
  union
    select w.root, rw.ev_class, w.depth + 1, null::text
    from walk w
    join pg_depend d on d.refclassid = 'pg_class'::regclass and d.refobjid = w.relid
                    and d.classid = 'pg_rewrite'::regclass and d.deptype = 'n'
    join pg_rewrite rw on rw.oid = d.objid and rw.ev_class <> w.relid
    where w.depth < 10
)
select distinct w.root, case v.relkind when 'm' then 'materialized view' else 'view' end,
       n.nspname || '.' || v.relname, coalesce(w.colname, '')
from walk w join pg_class v on v.oid = w.relid join pg_namespace n on n.oid = v.relnamespace
order by 1, 3, 4)";

inline constexpr const char *kTriggers = R"(
with rels(oid) as ($RELS)
select t.tgrelid, t.tgname, (t.tgtype & 1) = 1, t.tgenabled <> 'D'
from rels r join pg_trigger t on t.tgrelid = r.oid
where not t.tgisinternal
order by t.tgrelid, t.tgname)";

// Policies, rules other than a view's own, and owned sequences (serial: 'a', identity: 'i').
inline constexpr const char *kOtherDependents = R"(
with rels(oid) as ($RELS)
select p.polrelid, 'policy', p.polname::text, ''
from rels r join pg_policy p on p.polrelid = r.oid
union all
select rw.ev_class, 'rule', rw.rulename::text, ''
from rels r join pg_rewrite rw on rw.ev_class = r.oid and rw.rulename <> '_RETURN'
union all
select r.oid, 'sequence', n.nspname || '.' || s.relname, coalesce(a.attname::text, '')
from rels r
join pg_depend d on d.refclassid = 'pg_class'::regclass and d.refobjid = r.oid
                and d.classid = 'pg_class'::regclass and d.deptype in ('a', 'i')
join pg_class s on s.oid = d.objid and s.relkind = 'S'
join pg_namespace n on n.oid = s.relnamespace
left join pg_attribute a on a.attrelid = r.oid and a.attnum = d.refobjsubid and d.refobjsubid > 0
order by 1, 2, 3)";

// $SCHEMAPUBS is the FOR TABLES IN SCHEMA part (PostgreSQL 15+), or empty.
inline constexpr const char *kPublications = R"(
with rels(oid) as ($RELS)
select pr.prrelid, p.pubname from rels r
join pg_publication_rel pr on pr.prrelid = r.oid join pg_publication p on p.oid = pr.prpubid
union
select r.oid, p.pubname from rels r join pg_class c on c.oid = r.oid and c.relkind in ('r', 'p')
cross join pg_publication p where p.puballtables
$SCHEMAPUBS
order by 1, 2)";

inline constexpr const char *kSchemaPublications = R"(
union
select r.oid, p.pubname from rels r join pg_class c on c.oid = r.oid and c.relkind in ('r', 'p')
join pg_publication_namespace pn on pn.pnnspid = c.relnamespace join pg_publication p on p.oid = pn.pnpubid)";

// Function bodies are not tracked in pg_depend (except BEGIN ATOMIC SQL functions), so match the table's name
// as a word in the bodies of user functions: each body is split into words once and joined with the names.
inline constexpr const char *kFunctions = R"(
with rels(oid) as ($RELS),
words as (
    select distinct p.oid, lower(m[1]) as word
    from pg_proc p
    join pg_namespace n on n.oid = p.pronamespace
    join pg_language l on l.oid = p.prolang and l.lanname not in ('c', 'internal')
    cross join lateral regexp_matches(p.prosrc, '([[:alnum:]_$]+)', 'g') m
    where n.nspname not in ('pg_catalog', 'information_schema')
      and not exists (select 1 from pg_depend e
                      where e.classid = 'pg_proc'::regclass and e.objid = p.oid and e.deptype = 'e')
)
select r.oid, w.oid::regprocedure::text
from rels r join pg_class c on c.oid = r.oid join words w on w.word = lower(c.relname)
union
select r.oid, d.objid::regprocedure::text
from rels r join pg_depend d on d.refclassid = 'pg_class'::regclass and d.refobjid = r.oid
                             and d.classid = 'pg_proc'::regclass and d.deptype = 'n'
order by 1, 2)";

inline constexpr const char *kLockHolders = R"(
with rels(oid) as ($RELS)
select l.relation, l.pid, coalesce(a.usename::text, ''), coalesce(a.application_name, ''),
       coalesce(a.state, ''), l.mode, l.granted,
       coalesce(extract(epoch from clock_timestamp() - a.xact_start), 0)::float8, coalesce(left(a.query, 200), '')
from rels r
join pg_locks l on l.locktype = 'relation' and l.relation = r.oid
              and l.database = (select oid from pg_database where datname = current_database())
left join pg_stat_activity a on a.pid = l.pid
where l.pid <> pg_backend_pid()
order by l.relation, l.pid)";

// $1: the threshold in seconds.
inline constexpr const char *kLongTransactions = R"(
select pid, coalesce(usename::text, ''), coalesce(application_name, ''), coalesce(state, ''),
       extract(epoch from clock_timestamp() - xact_start)::float8, coalesce(left(query, 200), '')
from pg_stat_activity
where xact_start is not null and pid <> pg_backend_pid()
  and clock_timestamp() - xact_start > make_interval(secs => $1)
order by xact_start)";

} // namespace query

} // namespace sluice::model::catalog
