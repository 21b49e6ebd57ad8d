#include "target/CatalogReader.h"

#include "queue/Pg.h"

#include <QElapsedTimer>
#include <algorithm>
#include <chrono>
#include <functional>
#include <optional>
#include <thread>
#include <unordered_map>

namespace sluice::model {
namespace {

using Facts = review::CatalogFacts;
using ReadOnlyTx = pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>;

// The catalog queries, in one place. Every query but the first reads the relations of interest from the CTE
// rels(oid); $RELS is replaced by a SELECT of their oids. Lists come back joined by chr(31), which no sane
// identifier contains, to avoid parsing array literals.
namespace query {

constexpr const char *kAllRelations = R"(
select c.oid, n.nspname, c.relname, c.relkind, pg_get_userbyid(c.relowner), c.reltuples::float8
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p', 'v', 'm', 'f')
  and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname !~ '^pg_(toast|temp_|toast_temp_)')";

// $INPUT is a VALUES list of (ordinal, schema or NULL, name); unqualified names take the first match in the
// search path, as PostgreSQL would.
constexpr const char *kNamedRelations = R"(
select distinct on (i.ord) c.oid, n.nspname, c.relname, c.relkind, pg_get_userbyid(c.relowner),
       c.reltuples::float8
from (values $INPUT) as i(ord, schema, name)
join pg_class c on c.relname = i.name and c.relkind in ('r', 'p', 'v', 'm', 'f')
join pg_namespace n on n.oid = c.relnamespace
where (i.schema is not null and n.nspname = i.schema)
   or (i.schema is null and n.nspname = any (current_schemas(false)))
order by i.ord, array_position(current_schemas(false)::text[], n.nspname::text))";

constexpr const char *kServer = R"(
select current_setting('server_version_num')::int,
       (select string_agg(n.nspname || '.' || t.typname, chr(31))
        from pg_type t join pg_namespace n on n.oid = t.typnamespace
        where t.typtype = 'd' and n.nspname not in ('pg_catalog', 'information_schema')
          and exists (select 1 from pg_constraint c where c.contypid = t.oid)))";

constexpr const char *kColumns = R"(
with rels(oid) as ($RELS)
select a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull
from rels r join pg_attribute a on a.attrelid = r.oid
where a.attnum > 0 and not a.attisdropped
order by a.attrelid, a.attnum)";

// pg_relation_size takes an ACCESS SHARE lock: it waits behind an ACCESS EXCLUSIVE holder, and times out.
constexpr const char *kSizes = R"(
with rels(oid) as ($RELS)
select r.oid, pg_relation_size(r.oid), pg_total_relation_size(r.oid)
from rels r join pg_class c on c.oid = r.oid
where c.relkind in ('r', 'p', 'm'))";

// For every table at once: pg_relation_size builds a relation cache entry and stats each file of every table,
// toast table and index (seconds for 10,000 tables). pg_class.relpages is what the last VACUUM, ANALYZE or
// CREATE INDEX counted; a table never vacuumed nor analysed has none, and its size stays unknown.
constexpr const char *kEstimatedSizes = R"(
with rels(oid) as ($RELS)
select r.oid, c.relpages::int8 * current_setting('block_size')::int8,
       (c.relpages::int8 + coalesce(t.relpages, 0)
        + coalesce((select sum(ci.relpages) from pg_index i join pg_class ci on ci.oid = i.indexrelid
                    where i.indrelid = c.oid), 0))::int8 * current_setting('block_size')::int8
from rels r join pg_class c on c.oid = r.oid left join pg_class t on t.oid = c.reltoastrelid
where c.relkind in ('r', 'm') and (c.reltuples >= 0 or c.relpages > 0))";

// The pg_stat_get_* functions read the same counters as pg_stat_user_tables without its per-table grouping.
constexpr const char *kLiveRows = R"(
with rels(oid) as ($RELS)
select r.oid, pg_stat_get_live_tuples(r.oid)
from rels r join pg_class c on c.oid = r.oid
where c.relkind in ('r', 'm'))";

// Counters are cached per transaction: clear the cache so that the second sample sees new values.
constexpr const char *kWrites = R"(
select pg_stat_clear_snapshot();
with rels(oid) as ($RELS)
select r.oid, pg_stat_get_tuples_inserted(r.oid) + pg_stat_get_tuples_updated(r.oid)
              + pg_stat_get_tuples_deleted(r.oid)
from rels r join pg_class c on c.oid = r.oid
where c.relkind in ('r', 'm'))";

// An expression column reads "(expression)" until kIndexDefinitions names it.
constexpr const char *kIndexes = R"(
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
constexpr const char *kIndexDefinitions = R"(
with rels(oid) as ($RELS)
select i.indexrelid, pg_get_indexdef(i.indexrelid),
       case when 0 = any (i.indkey::int2[]) then
           (select string_agg(pg_get_indexdef(i.indexrelid, k.ord::int, true), chr(31) order by k.ord)
            from generate_series(1, i.indnkeyatts) k(ord)) end
from rels r join pg_index i on i.indrelid = r.oid)";

constexpr const char *kIndexSizes = R"(
with rels(oid) as ($RELS)
select i.indexrelid, pg_relation_size(i.indexrelid)
from rels r join pg_index i on i.indrelid = r.oid)";

constexpr const char *kEstimatedIndexSizes = R"(
with rels(oid) as ($RELS)
select i.indexrelid, ci.relpages::int8 * current_setting('block_size')::int8
from rels r join pg_index i on i.indrelid = r.oid join pg_class ci on ci.oid = i.indexrelid)";

constexpr const char *kConstraints = R"(
with rels(oid) as ($RELS)
select c.conrelid, c.conname, c.contype, c.convalidated, pg_get_constraintdef(c.oid),
       (select string_agg(a.attname, chr(31) order by k.ord)
        from unnest(c.conkey) with ordinality k(attnum, ord)
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum)
from rels r join pg_constraint c on c.conrelid = r.oid
where c.contype in ('c', 'f', 'p', 'u', 'x')
order by c.conrelid, c.conname)";

// An unindexed referencing column turns every DELETE on the parent into a scan of the child.
constexpr const char *kReferencedBy = R"(
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
constexpr const char *kViews = R"(
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

constexpr const char *kTriggers = R"(
with rels(oid) as ($RELS)
select t.tgrelid, t.tgname, (t.tgtype & 1) = 1, t.tgenabled <> 'D'
from rels r join pg_trigger t on t.tgrelid = r.oid
where not t.tgisinternal
order by t.tgrelid, t.tgname)";

// Policies, rules other than a view's own, and owned sequences (serial: 'a', identity: 'i').
constexpr const char *kOtherDependents = R"(
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
constexpr const char *kPublications = R"(
with rels(oid) as ($RELS)
select pr.prrelid, p.pubname from rels r
join pg_publication_rel pr on pr.prrelid = r.oid join pg_publication p on p.oid = pr.prpubid
union
select r.oid, p.pubname from rels r join pg_class c on c.oid = r.oid and c.relkind in ('r', 'p')
cross join pg_publication p where p.puballtables
$SCHEMAPUBS
order by 1, 2)";

constexpr const char *kSchemaPublications = R"(
union
select r.oid, p.pubname from rels r join pg_class c on c.oid = r.oid and c.relkind in ('r', 'p')
join pg_publication_namespace pn on pn.pnnspid = c.relnamespace join pg_publication p on p.oid = pn.pnpubid)";

// Function bodies are not tracked in pg_depend (except BEGIN ATOMIC SQL functions), so match the table's name
// as a word in the bodies of user functions: each body is split into words once and joined with the names.
constexpr const char *kFunctions = R"(
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

constexpr const char *kLockHolders = R"(
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
constexpr const char *kLongTransactions = R"(
select pid, coalesce(usename::text, ''), coalesce(application_name, ''), coalesce(state, ''),
       extract(epoch from clock_timestamp() - xact_start)::float8, coalesce(left(query, 200), '')
from pg_stat_activity
where xact_start is not null and pid <> pg_backend_pid()
  and clock_timestamp() - xact_start > make_interval(secs => $1)
order by xact_start)";

} // namespace query

std::string replaced(std::string text, std::string_view placeholder, const std::string &with)
{
    for (auto at = text.find(placeholder); at != std::string::npos;
         at = text.find(placeholder, at + with.size()))
        text.replace(at, placeholder.size(), with);
    return text;
}

std::vector<std::string> splitList(const pqxx::field &f)
{
    std::vector<std::string> out;
    if (f.is_null())
        return out;
    const std::string_view text(f.c_str(), f.size());
    for (std::size_t start = 0;;) {
        const auto sep = text.find('\x1f', start);
        out.emplace_back(
            text.substr(start, sep == std::string_view::npos ? std::string_view::npos : sep - start));
        if (sep == std::string_view::npos)
            return out;
        start = sep + 1;
    }
}

std::string text(const pqxx::field &f)
{
    return f.is_null() ? std::string() : std::string(f.c_str(), f.size());
}

std::optional<std::int64_t> optionalInt(const pqxx::field &f)
{
    return f.is_null() ? std::nullopt : std::optional<std::int64_t>(f.as<std::int64_t>());
}

int lockRank(std::string_view mode)
{
    constexpr std::string_view order[] = {
        "AccessShareLock", "RowShareLock",          "RowExclusiveLock", "ShareUpdateExclusiveLock",
        "ShareLock",       "ShareRowExclusiveLock", "ExclusiveLock",    "AccessExclusiveLock"};
    const auto *it = std::find(std::begin(order), std::end(order), mode);
    return int(it - std::begin(order));
}

// "public.orders" and "orders" name the same table; tags may use either.
std::string qualified(const std::string &name)
{
    return name.find('.') == std::string::npos ? "public." + name : name;
}

class Reader
{
public:
    Reader(ReadOnlyTx &tx, const CatalogReadSettings &settings, bool estimateSizes, Facts &facts)
        : m_tx(tx), m_settings(settings), m_estimateSizes(estimateSizes), m_facts(facts)
    {
    }

    // Fills the facts for the relations the first query finds; the query is kAllRelations or kNamedRelations.
    void run(const std::string &relationQuery)
    {
        readServer();
        if (!resolve(relationQuery))
            return;
        // Names were resolved through the login's search_path; from here on pg_get_*def and regprocedure
        // qualify every name.
        exec("the search path", "select pg_catalog.set_config('search_path', '', true)");
        QElapsedTimer sampleClock;
        std::optional<std::unordered_map<std::uint32_t, std::int64_t>> firstSample;
        if (m_settings.writeSampleMs > 0) {
            sampleClock.start();
            firstSample = writes();
        }
        readColumns();
        readSizes();
        readLiveRows();
        readIndexes();
        readConstraints();
        readReferencedBy();
        readViews();
        readTriggers();
        readOtherDependents();
        readPublications();
        readFunctions();
        readLockHolders();
        readLongTransactions();
        if (firstSample)
            readWriteRates(*firstSample, sampleClock);
        applyTags();
    }

private:
    std::optional<pqxx::result> exec(const std::string &what, const std::string &sql)
    {
        try {
            pqxx::subtransaction savepoint(m_tx, "fact");
            auto result = savepoint.exec(sql);
            savepoint.commit();
            return result;
        } catch (const std::exception &e) {
            m_facts.unknowns.push_back(what + ": " + pg::errorFrom(e).message.toStdString());
            return std::nullopt;
        }
    }

    std::optional<pqxx::result> execForRelations(const std::string &what, const char *sql)
    {
        return exec(what + " of " + m_subject, replaced(sql, "$RELS", m_relsSelect));
    }

    Facts::Table *table(const pqxx::field &oid)
    {
        const auto it = m_byOid.find(oid.as<std::uint32_t>());
        return it == m_byOid.end() ? nullptr : it->second;
    }

    void readServer()
    {
        const auto result = exec("the server version", query::kServer);
        if (!result || result->empty())
            return;
        m_facts.serverVersionNum = (*result)[0][0].as<int>();
        for (auto &domain : splitList((*result)[0][1]))
            m_facts.constrainedDomains.insert(std::move(domain));
    }

    bool resolve(const std::string &relationQuery)
    {
        const auto result = exec("the tables themselves", relationQuery);
        if (!result)
            return false;
        std::string oids;
        for (const auto &row : *result) {
            // "orders" and "public.orders" may both be asked for.
            if (m_byOid.count(row[0].as<std::uint32_t>()) > 0)
                continue;
            const auto name = text(row[1]) + "." + text(row[2]);
            auto &t = m_facts.tables[name];
            t.kind = row[3].c_str()[0];
            t.partitioned = t.kind == 'p';
            t.owner = text(row[4]);
            if (const auto tuples = row[5].as<double>(); tuples >= 0)
                t.rowEstimate = std::int64_t(tuples);
            m_byOid[row[0].as<std::uint32_t>()] = &t;
            m_nameOf[&t] = name;
            oids += (oids.empty() ? "" : ",") + text(row[0]);
            m_names.push_back(name);
        }
        m_relsSelect = "select unnest('{" + oids + "}'::oid[])";
        if (m_names.size() <= 3) {
            for (const auto &name : m_names)
                m_subject += (m_subject.empty() ? "" : ", ") + name;
        } else {
            m_subject = std::to_string(m_names.size()) + " relations";
        }
        return !m_names.empty();
    }

    void readColumns()
    {
        if (const auto result = execForRelations("the columns", query::kColumns)) {
            for (const auto &row : *result) {
                if (auto *t = table(row[0]))
                    t->columns.push_back({text(row[1]), text(row[2]), row[3].as<bool>()});
            }
        }
    }

    void readSizes()
    {
        if (const auto result =
                execForRelations("the sizes", m_estimateSizes ? query::kEstimatedSizes : query::kSizes)) {
            for (const auto &row : *result) {
                if (auto *t = table(row[0])) {
                    t->heapBytes = optionalInt(row[1]);
                    t->totalBytes = optionalInt(row[2]);
                }
            }
        }
    }

    void readLiveRows()
    {
        if (const auto result = execForRelations("the live row counts", query::kLiveRows)) {
            for (const auto &row : *result) {
                if (auto *t = table(row[0]))
                    t->liveRows = optionalInt(row[1]);
            }
        }
    }

    std::optional<std::unordered_map<std::uint32_t, std::int64_t>> writes()
    {
        const auto result = execForRelations("the write counters", query::kWrites);
        if (!result)
            return std::nullopt;
        std::unordered_map<std::uint32_t, std::int64_t> counts;
        for (const auto &row : *result)
            counts[row[0].as<std::uint32_t>()] = row[1].as<std::int64_t>();
        return counts;
    }

    void readWriteRates(const std::unordered_map<std::uint32_t, std::int64_t> &first,
                        const QElapsedTimer &clock)
    {
        // The other queries ran during the interval; sleep only for what is left of it.
        if (const auto left = m_settings.writeSampleMs - clock.elapsed(); left > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(left));
        const auto second = writes();
        const double seconds = double(clock.nsecsElapsed()) / 1e9;
        if (!second || seconds <= 0)
            return;
        for (const auto &[oid, count] : *second) {
            const auto before = first.find(oid);
            const auto t = m_byOid.find(oid);
            if (before != first.end() && t != m_byOid.end())
                t->second->writesPerSecond =
                    double(std::max<std::int64_t>(0, count - before->second)) / seconds;
        }
    }

    void readIndexes()
    {
        const auto result = execForRelations("the indexes", query::kIndexes);
        if (!result)
            return;
        for (const auto &row : *result) {
            if (auto *t = table(row[0]))
                t->indexes.push_back({text(row[2]),
                                      splitList(row[7]),
                                      row[3].as<bool>(),
                                      row[4].as<bool>(),
                                      row[5].as<bool>(),
                                      {},
                                      optionalInt(row[6]),
                                      std::nullopt});
        }
        // Pointers are taken once every vector has stopped growing.
        std::unordered_map<std::uint32_t, Facts::Index *> byOid;
        for (const auto &row : *result) {
            if (auto *t = table(row[0])) {
                for (auto &index : t->indexes) {
                    if (index.name == text(row[2]))
                        byOid[row[1].as<std::uint32_t>()] = &index;
                }
            }
        }
        if (const auto definitions = execForRelations("the index definitions", query::kIndexDefinitions)) {
            for (const auto &row : *definitions) {
                if (const auto it = byOid.find(row[0].as<std::uint32_t>()); it != byOid.end()) {
                    it->second->definition = text(row[1]);
                    if (!row[2].is_null())
                        it->second->columns = splitList(row[2]);
                }
            }
        }
        const auto *sizes = m_estimateSizes ? query::kEstimatedIndexSizes : query::kIndexSizes;
        if (const auto bytes = execForRelations("the index sizes", sizes)) {
            for (const auto &row : *bytes) {
                if (const auto it = byOid.find(row[0].as<std::uint32_t>()); it != byOid.end())
                    it->second->bytes = optionalInt(row[1]);
            }
        }
    }

    void readConstraints()
    {
        if (const auto result = execForRelations("the constraints", query::kConstraints)) {
            for (const auto &row : *result) {
                if (auto *t = table(row[0]))
                    t->constraints.push_back({text(row[1]), row[2].c_str()[0], splitList(row[5]),
                                              row[3].as<bool>(), text(row[4])});
            }
        }
    }

    void readReferencedBy()
    {
        if (const auto result = execForRelations("the foreign keys referencing", query::kReferencedBy)) {
            for (const auto &row : *result) {
                if (auto *t = table(row[0]))
                    t->referencedBy.push_back({text(row[1]), text(row[2]), splitList(row[4]),
                                               row[3].c_str()[0], row[5].as<bool>()});
            }
        }
    }

    void readViews()
    {
        if (const auto result = execForRelations("the views depending on", query::kViews)) {
            for (const auto &row : *result) {
                if (auto *t = table(row[0]))
                    t->dependents.push_back({text(row[1]), text(row[2]), text(row[3])});
            }
        }
    }

    void readTriggers()
    {
        if (const auto result = execForRelations("the triggers", query::kTriggers)) {
            for (const auto &row : *result) {
                auto *t = table(row[0]);
                if (!t)
                    continue;
                t->dependents.push_back({"trigger", text(row[1]) + " on " + m_nameOf.at(t), {}});
                if (row[2].as<bool>() && row[3].as<bool>())
                    t->rowTriggers.push_back(text(row[1]));
            }
        }
    }

    void readOtherDependents()
    {
        if (const auto result =
                execForRelations("the policies, rules and owned sequences", query::kOtherDependents)) {
            for (const auto &row : *result) {
                auto *t = table(row[0]);
                if (!t)
                    continue;
                const auto kind = text(row[1]);
                auto name = text(row[2]);
                if (kind != "sequence")
                    name += " on " + m_nameOf.at(t);
                t->dependents.push_back({kind, name, text(row[3])});
            }
        }
    }

    void readPublications()
    {
        const bool schemaPublications = m_facts.serverVersionNum && *m_facts.serverVersionNum >= 150000;
        const auto sql = replaced(query::kPublications, "$SCHEMAPUBS",
                                  schemaPublications ? query::kSchemaPublications : "");
        if (const auto result = execForRelations("the publications", sql.c_str())) {
            for (const auto &row : *result) {
                if (auto *t = table(row[0]))
                    t->dependents.push_back({"publication", text(row[1]), {}});
            }
        }
    }

    void readFunctions()
    {
        if (const auto result = execForRelations("the functions referring to", query::kFunctions)) {
            for (const auto &row : *result) {
                if (auto *t = table(row[0]))
                    t->dependents.push_back({"function", text(row[1]), {}});
            }
        }
    }

    void readLockHolders()
    {
        const auto result = execForRelations("the sessions holding locks on", query::kLockHolders);
        if (!result)
            return;
        for (const auto &row : *result) {
            auto *t = table(row[0]);
            if (!t)
                continue;
            const int pid = row[1].as<int>();
            const auto mode = text(row[5]);
            auto it = std::find_if(t->sessions.begin(), t->sessions.end(),
                                   [&](const auto &s) { return s.pid == pid; });
            if (it == t->sessions.end()) {
                t->sessions.push_back({pid, text(row[2]), text(row[3]), text(row[4]), mode, row[6].as<bool>(),
                                       row[7].as<double>(), text(row[8])});
            } else if (lockRank(mode) > lockRank(it->lockMode)) {
                it->lockMode = mode;
                it->granted = row[6].as<bool>();
            }
        }
    }

    void readLongTransactions()
    {
        try {
            pqxx::subtransaction savepoint(m_tx, "fact");
            const auto result =
                savepoint.exec_params(query::kLongTransactions, m_settings.longTransactionSeconds);
            savepoint.commit();
            for (const auto &row : result)
                m_facts.longTransactions.push_back({row[0].as<int>(),
                                                    text(row[1]),
                                                    text(row[2]),
                                                    text(row[3]),
                                                    {},
                                                    true,
                                                    row[4].as<double>(),
                                                    text(row[5])});
        } catch (const std::exception &e) {
            m_facts.unknowns.push_back("the long transactions: " + pg::errorFrom(e).message.toStdString());
        }
    }

    void applyTags()
    {
        std::map<std::string, std::set<std::string>> tableTags;
        for (const auto &[name, tags] : m_settings.tableTags)
            tableTags[qualified(name)].insert(tags.begin(), tags.end());
        for (auto &[name, table] : m_facts.tables) {
            if (const auto it = tableTags.find(name); it != tableTags.end())
                table.tags = it->second;
        }
        for (const auto &[name, tags] : m_settings.columnTags) {
            // "table.column" is a public table's column.
            const bool twoParts = std::count(name.begin(), name.end(), '.') == 1;
            m_facts.columnTags[twoParts ? "public." + name : name].insert(tags.begin(), tags.end());
        }
    }

    ReadOnlyTx &m_tx;
    const CatalogReadSettings &m_settings;
    bool m_estimateSizes;
    Facts &m_facts;
    std::unordered_map<std::uint32_t, Facts::Table *> m_byOid;
    std::map<const Facts::Table *, std::string> m_nameOf;
    std::vector<std::string> m_names;
    std::string m_relsSelect;
    std::string m_subject;
};

Result<Facts> readWith(const QString &conninfo, const CatalogReadSettings &settings, bool estimateSizes,
                       const std::function<std::string(pqxx::connection &)> &relationQuery)
{
    auto connection = pg::connect(conninfo);
    if (!connection)
        return connection.error();
    return pg::guarded([&]() -> Facts {
        Facts facts;
        ReadOnlyTx tx(**connection);
        tx.exec_params("select set_config('statement_timeout', $1, true)",
                       std::to_string(settings.statementTimeoutMs));
        Reader(tx, settings, estimateSizes, facts).run(relationQuery(**connection));
        tx.commit();
        return facts;
    });
}

} // namespace

Result<review::CatalogFacts> CatalogReader::read(const QString &conninfo,
                                                 const std::vector<std::string> &relations,
                                                 const CatalogReadSettings &settings)
{
    if (relations.empty())
        return review::CatalogFacts{};
    return readWith(conninfo, settings, false, [&](pqxx::connection &connection) {
        std::string values;
        int ordinal = 0;
        for (const auto &relation : relations) {
            const auto dot = relation.find('.');
            const auto schema =
                dot == std::string::npos ? std::string("null") : connection.quote(relation.substr(0, dot));
            const auto name =
                connection.quote(dot == std::string::npos ? relation : relation.substr(dot + 1));
            values += (values.empty() ? "" : ", ") + std::string("(") + std::to_string(++ordinal) + ", " +
                      schema + "::text, " + name + "::text)";
        }
        return replaced(query::kNamedRelations, "$INPUT", values);
    });
}

Result<review::CatalogFacts> CatalogReader::readAll(const QString &conninfo,
                                                    const CatalogReadSettings &settings)
{
    return readWith(conninfo, settings, true,
                    [](pqxx::connection &) { return std::string(query::kAllRelations); });
}

} // namespace sluice::model
