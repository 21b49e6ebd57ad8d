#include "target/Shadow.h"

#include "queue/Pg.h"
#include "review/SqlClauses.h"
#include "review/SqlQuote.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <map>
#include <set>

namespace sluice::model {
namespace {

constexpr auto kFingerprintComment = "sluice shadow of a schema with fingerprint ";

// User relations (not the catalogs, TOAST or temporary schemas), by oid.
constexpr auto kRelations =
    "select c.oid::bigint, n.nspname || '.' || c.relname, c.relfilenode::bigint, c.relkind::text "
    "from pg_class c join pg_namespace n on n.oid = c.relnamespace "
    "where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%' "
    "and n.nspname not like 'pg\\_temp%' and c.relkind in ('r', 'p', 'm', 'v', 'i', 'S', 'f')";

// The schema's digest: everything a migration's behaviour can depend on, nothing that changes with the data.
constexpr auto kFingerprint = R"SQL(
with ns as (
    select oid, nspname from pg_namespace
     where nspname not in ('pg_catalog', 'information_schema') and nspname not like 'pg\_toast%'
       and nspname not like 'pg\_temp%'
), items as (
    select 'r ' || n.nspname || '.' || c.relname || ' ' || c.relkind::text || ' ' || c.relpersistence::text || ' '
           || pg_get_userbyid(c.relowner) || ' ' || coalesce(c.relacl::text, '') as item
      from pg_class c join ns n on n.oid = c.relnamespace
    union all
    select 'a ' || n.nspname || '.' || c.relname || ' ' || a.attnum || ' ' || a.attname || ' '
           || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull || ' '
           || coalesce(pg_get_expr(d.adbin, d.adrelid), '') || ' ' || a.attidentity::text || a.attgenerated::text
      from pg_attribute a join pg_class c on c.oid = a.attrelid join ns n on n.oid = c.relnamespace
      left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
     where a.attnum > 0 and not a.attisdropped
    union all
    select 'k ' || n.nspname || ' ' || co.conname || ' ' || co.conrelid::bigint::text || ' '
           || pg_get_constraintdef(co.oid)
      from pg_constraint co join ns n on n.oid = co.connamespace
    union all
    select 'i ' || pg_get_indexdef(i.indexrelid)
      from pg_index i join pg_class c on c.oid = i.indexrelid join ns n on n.oid = c.relnamespace
    union all
    select 'f ' || n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') '
           || md5(coalesce(p.prosrc, '')) || ' ' || coalesce(p.proacl::text, '')
      from pg_proc p join ns n on n.oid = p.pronamespace
    union all
    select 't ' || pg_get_triggerdef(t.oid) from pg_trigger t
      join pg_class c on c.oid = t.tgrelid join ns n on n.oid = c.relnamespace where not t.tgisinternal
    union all
    select 'y ' || n.nspname || '.' || t.typname || ' ' || t.typtype::text || ' '
           || coalesce((select string_agg(e.enumlabel, ',' order by e.enumsortorder) from pg_enum e
                         where e.enumtypid = t.oid), '')
      from pg_type t join ns n on n.oid = t.typnamespace where t.typtype in ('e', 'd', 'c', 'r')
    union all
    select 'v ' || n.nspname || '.' || c.relname || ' ' || md5(pg_get_viewdef(c.oid))
      from pg_class c join ns n on n.oid = c.relnamespace where c.relkind in ('v', 'm')
    union all
    select 'p ' || pol.polname || ' ' || pol.polrelid::regclass::text from pg_policy pol
    union all
    select 'x ' || extname || ' ' || extversion from pg_extension
    union all
    select 'n ' || nspname from ns
)
select md5(string_agg(item, E'\n' order by item)) from items
)SQL";

// Settings of a migration session that change what a statement does or how it is read (§2.3: TimeZone decides
// whether a timestamp type change rewrites).
constexpr auto kSessionSettings =
    "select name, setting from pg_settings where name in ('TimeZone', 'DateStyle', 'IntervalStyle', "
    "'search_path', 'default_text_search_config', 'lc_monetary', 'lc_numeric', 'lc_time', "
    "'standard_conforming_strings', 'extra_float_digits', 'default_tablespace', "
    "'default_table_access_method')";

QString withDatabase(const QString &conninfo, const QString &database)
{
    // In a key=value conninfo the last value of a keyword wins.
    QString quoted = database;
    quoted.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char('\''), QLatin1String("\\'"));
    return conninfo + QStringLiteral(" dbname='%1'").arg(quoted);
}

Result<QByteArray> runProcess(const QString &program, const QStringList &args, const QByteArray &input,
                              const QString &what)
{
    QProcess process;
    process.setProgram(program);
    process.setArguments(args);
    process.start();
    if (!process.waitForStarted(10000)) {
        return Error{Error::Kind::Connection,
                     QStringLiteral("cannot start %1 to %2: %3").arg(program, what, process.errorString()),
                     {}};
    }
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(10 * 60 * 1000)) {
        process.kill();
        return Error{
            Error::Kind::Connection, QStringLiteral("%1 did not finish in 10 minutes").arg(program), {}};
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        const auto err = QString::fromUtf8(process.readAllStandardError()).trimmed();
        return Error{Error::Kind::Connection,
                     QStringLiteral("%1 failed to %2: %3").arg(program, what, err.left(2000)),
                     {}};
    }
    return process.readAllStandardOutput();
}

struct Relation
{
    std::string name;
    std::int64_t filenode = 0;
};

// Every user relation, or (since given) only those whose pg_class row this transaction wrote: created,
// rewritten or altered. The shadow is private, so every row newer than the transaction's own xid is ours.
std::map<std::int64_t, Relation> readRelations(pqxx::work &tx, const std::string &sinceXid = {})
{
    std::map<std::int64_t, Relation> relations;
    const auto rows =
        sinceXid.empty()
            ? tx.exec(kRelations)
            : tx.exec_params(std::string(kRelations) + " and age(c.xmin) <= age($1::xid)", sinceXid);
    for (const auto &r : rows)
        relations[r[0].as<std::int64_t>()] = {r[1].as<std::string>(), r[2].as<std::int64_t>()};
    return relations;
}

// Scans this transaction made, per table: its sequential scans plus its indexes' scans (what
// pg_stat_xact_user_tables sums, without computing the view's other columns for every table).
std::map<std::int64_t, std::int64_t> readScans(pqxx::work &tx)
{
    std::map<std::int64_t, std::int64_t> scans;
    for (const auto &r :
         tx.exec("select coalesce(i.indrelid, c.oid)::bigint, "
                 "sum(pg_stat_get_xact_numscans(c.oid))::bigint "
                 "from pg_class c left join pg_index i on i.indexrelid = c.oid "
                 "where c.relkind in ('r', 'm', 'p', 'i') and pg_stat_get_xact_numscans(c.oid) > 0 "
                 "group by 1"))
        scans[r[0].as<std::int64_t>()] = r[1].as<std::int64_t>();
    return scans;
}

std::set<std::pair<std::int64_t, std::string>> readLocks(pqxx::work &tx)
{
    std::set<std::pair<std::int64_t, std::string>> locks;
    for (const auto &r : tx.exec("select relation::bigint, mode from pg_locks where pid = pg_backend_pid() "
                                 "and locktype = 'relation' and granted and relation is not null"))
        locks.insert({r[0].as<std::int64_t>(), r[1].as<std::string>()});
    return locks;
}

} // namespace

QString shadowDatabaseName(const QString &target)
{
    auto name = QStringLiteral("sluice_shadow_") + target;
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_]")), QStringLiteral("_"));
    return name.left(63);
}

Shadow::Shadow(ShadowSettings settings) : m_settings(std::move(settings)) {}

Result<QString> Shadow::targetFingerprint() const
{
    return pg::guarded([&]() -> Result<QString> {
        auto conn = pg::connect(m_settings.targetConninfo);
        if (!conn)
            return conn.error();
        pqxx::read_transaction tx(**conn);
        tx.exec("set local statement_timeout = '30s'");
        return QString::fromStdString(tx.exec(kFingerprint)[0][0].as<std::string>());
    });
}

Result<bool> Shadow::ensure(const QString &fingerprint)
{
    return pg::guarded([&]() -> Result<bool> {
        auto server = pg::connect(m_settings.serverConninfo);
        if (!server)
            return server.error();
        pqxx::nontransaction admin(**server);
        const auto db = m_settings.database.toStdString();
        const auto current = admin.exec_params(
            "select shobj_description(oid, 'pg_database') from pg_database where datname = $1", db);
        const auto wanted = kFingerprintComment + fingerprint.toStdString();
        if (!current.empty() && !current[0][0].is_null() && current[0][0].as<std::string>() == wanted)
            return false;

        const auto building = db.substr(0, 57) + "_build";
        admin.exec("drop database if exists " + review::quoteIdent(building) + " with (force)");
        admin.exec("create database " + review::quoteIdent(building) + " template template0");

        auto dump = runProcess(m_settings.pgDump,
                               {QStringLiteral("--schema-only"), QStringLiteral("--no-subscriptions"),
                                QStringLiteral("--lock-wait-timeout=10s"),
                                QStringLiteral("--dbname=") + m_settings.targetConninfo},
                               {}, QStringLiteral("read the target's schema"));
        if (!dump)
            return dump.error();
        const QStringList psqlArgs{
            QStringLiteral("-X"),
            QStringLiteral("-q"),
            QStringLiteral("-v"),
            QStringLiteral("ON_ERROR_STOP=1"),
            QStringLiteral("--single-transaction"),
            QStringLiteral("--dbname=") +
                withDatabase(m_settings.serverConninfo, QString::fromStdString(building))};
        auto loaded =
            runProcess(m_settings.psql, psqlArgs, *dump, QStringLiteral("load the shadow's schema"));
        if (!loaded) {
            // Roles of the target may not exist on the shadow's server: load without owners and grants.
            auto plain = runProcess(m_settings.pgDump,
                                    {QStringLiteral("--schema-only"), QStringLiteral("--no-subscriptions"),
                                     QStringLiteral("--no-owner"), QStringLiteral("--no-privileges"),
                                     QStringLiteral("--lock-wait-timeout=10s"),
                                     QStringLiteral("--dbname=") + m_settings.targetConninfo},
                                    {}, QStringLiteral("read the target's schema"));
            if (!plain)
                return plain.error();
            loaded =
                runProcess(m_settings.psql, psqlArgs, *plain, QStringLiteral("load the shadow's schema"));
            if (!loaded)
                return loaded.error();
        }
        admin.exec("drop database if exists " + review::quoteIdent(db) + " with (force)");
        admin.exec("alter database " + review::quoteIdent(building) + " rename to " + review::quoteIdent(db));
        admin.exec("comment on database " + review::quoteIdent(db) + " is " + admin.quote(wanted));
        return true;
    });
}

Result<ShadowRun> Shadow::dryRun(const review::Script &script, const QByteArray &sql,
                                 const ShadowHooks &hooks)
{
    return pg::guarded([&]() -> Result<ShadowRun> {
        QElapsedTimer timer;
        timer.start();
        ShadowRun run;
        run.traces.resize(script.statements.size());

        std::vector<std::pair<std::string, std::string>> settings;
        {
            auto target = pg::connect(m_settings.targetConninfo);
            if (!target)
                return target.error();
            pqxx::read_transaction tx(**target);
            for (const auto &r : tx.exec(kSessionSettings))
                settings.emplace_back(r[0].as<std::string>(), r[1].as<std::string>());
        }

        auto conn = pg::connect(withDatabase(m_settings.serverConninfo, m_settings.database));
        if (!conn)
            return conn.error();
        pqxx::work tx(**conn);
        for (const auto &[name, value] : settings)
            tx.exec_params("select set_config($1, $2, true)", name, value);
        tx.exec_params("select set_config('statement_timeout', $1, true)",
                       m_settings.statementTimeout.toStdString());
        if (hooks.before)
            hooks.before(tx);

        auto relations = readRelations(tx);
        const auto since = tx.exec("select pg_current_xact_id()::xid::text")[0][0].as<std::string>();
        std::set<std::int64_t> known;
        for (const auto &[oid, _] : relations)
            known.insert(oid);
        const std::set<std::int64_t> existing = known;
        auto scans = readScans(tx);
        auto held = readLocks(tx);

        // After work that is not part of a statement's trace (a backup, a CONCURRENTLY statement run without
        // the keyword): what it locked, scanned or changed becomes the baseline; relations it created are
        // noted in `created` when given.
        const auto rebaseline = [&](review::StatementTrace *created) {
            held = readLocks(tx);
            scans = readScans(tx);
            for (const auto &[oid, relation] : readRelations(tx, since)) {
                if (created && !known.count(oid))
                    created->created.insert(relation.name);
                relations[oid] = relation;
                known.insert(oid);
            }
        };
        bool failed = false;
        // Runs one statement in a subtransaction; a failure is the trace's, and stops the run.
        const auto runStep = [&](const std::string &statementSql, review::StatementTrace &trace) {
            try {
                pqxx::subtransaction step(tx, "sluice_statement");
                step.exec(statementSql);
                step.commit();
                return true;
            } catch (const pqxx::sql_error &e) {
                trace.source = review::StatementTrace::Source::Failed;
                trace.error = pg::errorFrom(e).message.toStdString();
                failed = true;
                return false;
            }
        };
        for (std::size_t i = 0; i < script.statements.size(); ++i) {
            const auto &statement = script.statements[i];
            auto &trace = run.traces[i];
            if (failed || !statement.parses) {
                trace.source = review::StatementTrace::Source::NotRun;
                continue;
            }
            const std::string text(
                statement.range.in(std::string_view(sql.constData(), std::size_t(sql.size()))));
            if (statement.isTransactionControl || !statement.canRunInTransaction) {
                trace.source = review::StatementTrace::Source::Static;
                // Its locks differ outside a transaction, so they are not traced; but what a CONCURRENTLY
                // statement does to the schema is the same without the keyword, and the diff and the
                // rollback's round trip need it.
                if (const auto plain = review::withoutConcurrently(text);
                    !statement.isTransactionControl && plain != text) {
                    if (!runStep(plain, trace))
                        continue;
                    rebaseline(&trace);
                }
                continue;
            }
            if (hooks.beforeStatement && hooks.beforeStatement(tx, i))
                rebaseline(nullptr);
            if (!runStep(text, trace))
                continue;
            trace.source = review::StatementTrace::Source::Shadow;

            for (const auto &lock : readLocks(tx)) {
                if (held.insert(lock).second && existing.count(lock.first)) {
                    if (auto it = relations.find(lock.first); it != relations.end())
                        trace.locks.push_back({it->second.name, lock.second});
                }
            }
            const auto now = readRelations(tx, since);
            for (const auto &[oid, relation] : now) {
                if (auto it = relations.find(oid); it != relations.end()) {
                    if (existing.count(oid) && it->second.filenode != relation.filenode &&
                        it->second.filenode != 0)
                        trace.rewritten.insert(relation.name);
                } else if (!known.count(oid)) {
                    trace.created.insert(relation.name);
                    known.insert(oid);
                }
            }
            for (const auto &[oid, relation] : now)
                relations[oid] = relation;
            const auto nowScans = readScans(tx);
            for (const auto &[oid, count] : nowScans) {
                const auto before = scans.count(oid) ? scans[oid] : 0;
                if (count > before && existing.count(oid)) {
                    if (auto it = relations.find(oid); it != relations.end())
                        trace.scanned.insert(it->second.name);
                }
            }
            scans = nowScans;
        }
        if (hooks.after)
            hooks.after(tx, run.traces);
        tx.abort();
        run.milliseconds = double(timer.nsecsElapsed()) / 1e6;
        return run;
    });
}

Result<ServerThroughput> Shadow::measureThroughput()
{
    return pg::guarded([&]() -> Result<ServerThroughput> {
        auto conn = pg::connect(withDatabase(m_settings.serverConninfo, m_settings.database));
        if (!conn)
            return conn.error();
        pqxx::work tx(**conn);
        tx.exec("set local statement_timeout = '5min'");
        ServerThroughput measured;
        measured.serverVersion =
            QString::fromStdString(tx.exec("show server_version")[0][0].as<std::string>());
        tx.exec("create table pg_temp.sluice_throughput as select g as id, md5(g::text) as label, g * 2 as "
                "amount, "
                "now() as at from generate_series(1, 400000) g");
        const auto bytes = [&] {
            return tx.exec("select pg_relation_size('pg_temp.sluice_throughput')")[0][0].as<double>();
        };
        const auto timed = [&](const char *statement) {
            QElapsedTimer t;
            t.start();
            tx.exec(statement);
            return std::max(double(t.nsecsElapsed()) / 1e9, 1e-6);
        };
        const double heap = bytes();
        measured.scan = heap / timed("select count(*) from pg_temp.sluice_throughput where label like 'zz%'");
        measured.index = heap / timed("create index on pg_temp.sluice_throughput (label)");
        measured.rewrite =
            heap / timed("alter table pg_temp.sluice_throughput alter column amount type bigint");
        tx.abort();
        return measured;
    });
}

} // namespace sluice::model
