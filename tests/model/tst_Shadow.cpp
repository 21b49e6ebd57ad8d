// The shadow dry-run against real PostgreSQL: building and reusing the shadow by fingerprint, and the trace
// of each row of the lock/rewrite/scan table in ../shared/docs/blast-radius-rollback-diff.md §2.2.

#include "TestDatabase.h"
#include "review/Script.h"
#include "target/Shadow.h"

#include <QtTest>
#include <algorithm>
#include <pqxx/pqxx>

using namespace sluice;
using Source = review::StatementTrace::Source;

namespace {

constexpr auto kTargetSchema = R"SQL(
create domain posint as integer check (value > 0);
create table p (id bigint primary key, name text);
create table t (id bigint primary key, p_id bigint, name varchar(20), amount integer, note text,
                created timestamp);
create index t_name on t (name);
create table c (id bigint primary key, t_id bigint references t (id));
create view tv as select id, note from t;
create function touch() returns trigger language plpgsql as $$ begin return new; end $$;
create materialized view tm as select id from t;
)SQL";

std::string modeOn(const review::StatementTrace &trace, const std::string &relation)
{
    // The strongest mode taken on the relation (pg_locks lists each mode held separately).
    static const std::vector<std::string> order{
        "AccessShareLock", "RowShareLock",          "RowExclusiveLock", "ShareUpdateExclusiveLock",
        "ShareLock",       "ShareRowExclusiveLock", "ExclusiveLock",    "AccessExclusiveLock"};
    int best = -1;
    for (const auto &lock : trace.locks) {
        if (lock.relation != relation)
            continue;
        const auto rank = int(std::find(order.begin(), order.end(), lock.mode) - order.begin());
        best = std::max(best, rank);
    }
    return best < 0 ? std::string("none") : order[std::size_t(best)];
}

} // namespace

class tst_Shadow : public QObject
{
    Q_OBJECT

    std::unique_ptr<test::TestDatabase> m_db;
    QString m_target;
    std::unique_ptr<model::Shadow> m_shadow;

    model::ShadowRun dryRun(const QByteArray &sql)
    {
        const auto script = review::parseScript(std::string_view(sql.constData(), std::size_t(sql.size())));
        auto run = m_shadow->dryRun(script, sql);
        if (!run)
            qFatal("dry run failed: %s", qPrintable(run.error().message));
        return *run;
    }

private slots:
    void initTestCase()
    {
        QString error;
        m_db = test::TestDatabase::create(QStringLiteral("shadow"), &error);
        QVERIFY2(m_db, qPrintable(error));
        m_target = m_db->createTargetDatabase(QStringLiteral("target"));
        pqxx::connection target(m_target.toStdString());
        pqxx::work tx(target);
        tx.exec(kTargetSchema);
        tx.commit();
        model::ShadowSettings settings;
        settings.targetConninfo = m_target;
        settings.serverConninfo = m_db->superuserConninfo();
        settings.database = model::shadowDatabaseName(m_db->databaseName());
        m_shadow = std::make_unique<model::Shadow>(settings);
    }

    void buildsOnceAndRebuildsWhenTheTargetChanges()
    {
        const auto first = m_shadow->targetFingerprint();
        QVERIFY2(first.ok(), first.ok() ? "" : qPrintable(first.error().message));
        const auto built = m_shadow->ensure(*first);
        QVERIFY2(built.ok(), built.ok() ? "" : qPrintable(built.error().message));
        QVERIFY(*built);
        QCOMPARE(*m_shadow->ensure(*first), false); // same schema: reused

        pqxx::connection shadow(
            (m_db->superuserConninfo() + QStringLiteral(" dbname=") + m_shadow->settings().database)
                .toStdString());
        pqxx::work check(shadow);
        QCOMPARE(
            check.exec("select count(*) from pg_class where relname in ('p', 't', 'c', 'tv', 'tm')")[0][0]
                .as<int>(),
            5);
        QCOMPARE(check.exec("select count(*) from t")[0][0].as<int>(), 0); // schema only
        check.abort();

        {
            pqxx::connection target(m_target.toStdString());
            pqxx::work tx(target);
            tx.exec("create table later (id int)");
            tx.commit();
        }
        const auto second = m_shadow->targetFingerprint();
        QVERIFY(second.ok());
        QVERIFY(*second != *first);
        QCOMPARE(*m_shadow->ensure(*second), true);
        pqxx::connection rebuilt(
            (m_db->superuserConninfo() + QStringLiteral(" dbname=") + m_shadow->settings().database)
                .toStdString());
        pqxx::work again(rebuilt);
        QCOMPARE(again.exec("select count(*) from pg_class where relname = 'later'")[0][0].as<int>(), 1);
    }

    void traceMatchesTheLockTable_data()
    {
        QTest::addColumn<QByteArray>("sql");
        QTest::addColumn<QString>("relation");
        QTest::addColumn<QString>("lock");
        QTest::addColumn<bool>("rewrite");
        QTest::addColumn<bool>("scan");

        const auto row = [](const char *name, const char *sql, const char *relation, const char *lock,
                            bool rewrite, bool scan) {
            QTest::newRow(name) << QByteArray(sql) << QString::fromLatin1(relation)
                                << QString::fromLatin1(lock) << rewrite << scan;
        };
        row("add column", "alter table t add column x int", "public.t", "AccessExclusiveLock", false, false);
        row("add column constant default", "alter table t add column x int not null default 0", "public.t",
            "AccessExclusiveLock", false, false);
        row("add column volatile default", "alter table t add column x float8 default random()", "public.t",
            "AccessExclusiveLock", true, false);
        row("add identity column", "alter table t add column x bigint generated always as identity",
            "public.t", "AccessExclusiveLock", true, false);
        row("add column of a checked domain", "alter table t add column x posint", "public.t",
            "AccessExclusiveLock", true, false);
        row("add column references", "alter table t add column x bigint references p (id)", "public.p",
            "ShareRowExclusiveLock", false, false);
        row("drop column", "alter table t drop column created", "public.t", "AccessExclusiveLock", false,
            false);
        row("widen varchar", "alter table t alter column name type varchar(40)", "public.t",
            "AccessExclusiveLock", false, false);
        row("int to bigint", "alter table t alter column amount type bigint", "public.t",
            "AccessExclusiveLock", true, false);
        row("set default", "alter table t alter column amount set default 1", "public.t",
            "AccessExclusiveLock", false, false);
        row("set not null", "alter table t alter column amount set not null", "public.t",
            "AccessExclusiveLock", false, true);
        row("set statistics", "alter table t alter column amount set statistics 200", "public.t",
            "ShareUpdateExclusiveLock", false, false);
        row("add check", "alter table t add constraint amount_positive check (amount > 0)", "public.t",
            "AccessExclusiveLock", false, true);
        row("add check not valid",
            "alter table t add constraint amount_positive check (amount > 0) not valid", "public.t",
            "AccessExclusiveLock", false, false);
        row("add foreign key (child)",
            "alter table t add constraint t_p foreign key (p_id) references p (id)", "public.t",
            "ShareRowExclusiveLock", false, true);
        row("add foreign key (parent)",
            "alter table t add constraint t_p foreign key (p_id) references p (id)", "public.p",
            "ShareRowExclusiveLock", false, false);
        row("add unique", "alter table t add constraint t_name_key unique (name)", "public.t",
            "AccessExclusiveLock", false, false);
        row("drop foreign key locks the parent", "alter table c drop constraint c_t_id_fkey", "public.t",
            "AccessExclusiveLock", false, false);
        row("rename column", "alter table t rename column note to remark", "public.t", "AccessExclusiveLock",
            false, false);
        row("set fillfactor", "alter table t set (fillfactor = 80)", "public.t", "ShareUpdateExclusiveLock",
            false, false);
        row("create trigger",
            "create trigger t_touch before update on t for each row execute function touch()", "public.t",
            "ShareRowExclusiveLock", false, false);
        row("create index", "create index t_amount on t (amount)", "public.t", "ShareLock", false, false);
        row("drop index", "drop index t_name", "public.t", "AccessExclusiveLock", false, false);
        row("set unlogged", "alter table p set unlogged", "public.p", "AccessExclusiveLock", true, false);
        row("truncate", "truncate p", "public.p", "AccessExclusiveLock", true, false);
        row("vacuum full", "vacuum full p", "public.p", "none", false, false); // not in a transaction
        row("cluster", "cluster t using t_pkey", "public.t", "AccessExclusiveLock", true, false);
        row("create view", "create view t_names as select name from t", "public.t", "AccessShareLock", false,
            false);
        row("drop view", "drop view tv", "public.tv", "AccessExclusiveLock", false, false);
        row("refresh materialized view", "refresh materialized view tm", "public.tm", "AccessExclusiveLock",
            true, false);
        row("create table references", "create table n (id int, t_id bigint references t (id))", "public.t",
            "ShareRowExclusiveLock", false, false);
        row("update", "update t set note = 'x'", "public.t", "RowExclusiveLock", false, true);
        row("delete", "delete from p where name = 'x'", "public.p", "RowExclusiveLock", false, true);
        row("insert", "insert into p values (1, 'one')", "public.p", "RowExclusiveLock", false, false);
        row("comment", "comment on table t is 'orders'", "public.t", "ShareUpdateExclusiveLock", false,
            false);
    }

    void traceMatchesTheLockTable()
    {
        QFETCH(QByteArray, sql);
        QFETCH(QString, relation);
        QFETCH(QString, lock);
        QFETCH(bool, rewrite);
        QFETCH(bool, scan);
        const auto run = dryRun(sql);
        QCOMPARE(run.traces.size(), std::size_t(1));
        const auto &trace = run.traces[0];
        if (lock == QLatin1String("none")) {
            QCOMPARE(int(trace.source), int(Source::Static));
            return;
        }
        QVERIFY2(trace.source == Source::Shadow, trace.error.c_str());
        QCOMPARE(QString::fromStdString(modeOn(trace, relation.toStdString())), lock);
        QCOMPARE(trace.rewritten.count(relation.toStdString()) > 0, rewrite);
        if (scan)
            QVERIFY2(trace.scanned.count(relation.toStdString()) > 0, "expected a scan");
    }

    void concurrentStatementsAreStatic()
    {
        const auto run = dryRun("create index concurrently t_amount on t (amount);\nvacuum t;\n"
                                "alter table t add column x int;");
        QCOMPARE(int(run.traces[0].source), int(Source::Static));
        QCOMPARE(int(run.traces[1].source), int(Source::Static));
        QCOMPARE(int(run.traces[2].source), int(Source::Shadow));
    }

    void newObjectsAreNotReportedAsLocked()
    {
        const auto run =
            dryRun("create table fresh (id int primary key);\nalter table fresh add column x int "
                   "default random();\ncreate index on fresh (x);");
        QCOMPARE(run.traces.size(), std::size_t(3));
        QVERIFY(run.traces[0].created.count("public.fresh"));
        for (const auto &trace : run.traces) {
            QVERIFY(trace.source == Source::Shadow);
            QVERIFY(trace.locks.empty());
            QVERIFY(trace.rewritten.empty());
        }
    }

    void aFailureStopsTheRunAndIsReported()
    {
        const auto run = dryRun("alter table t add column x int;\n"
                                "alter table t alter column note type varchar(5);\n"
                                "alter table t add column y int;");
        QCOMPARE(int(run.traces[0].source), int(Source::Shadow));
        QCOMPARE(int(run.traces[1].source), int(Source::Failed));
        QVERIFY2(QString::fromStdString(run.traces[1].error).contains(QLatin1String("view")),
                 run.traces[1].error.c_str());
        QCOMPARE(int(run.traces[2].source), int(Source::NotRun));
    }

    void theShadowIsLeftUnchanged()
    {
        (void)dryRun("drop table c; drop view tv; drop materialized view tm; drop table t cascade;");
        pqxx::connection shadow(
            (m_db->superuserConninfo() + QStringLiteral(" dbname=") + m_shadow->settings().database)
                .toStdString());
        pqxx::work check(shadow);
        QCOMPARE(check.exec("select count(*) from pg_class where relname in ('t', 'c', 'tv', 'tm')")[0][0]
                     .as<int>(),
                 4);
    }

    void measuresThroughput()
    {
        const auto measured = m_shadow->measureThroughput();
        QVERIFY2(measured.ok(), measured.ok() ? "" : qPrintable(measured.error().message));
        QVERIFY(measured->rewrite > 1e5);
        QVERIFY(measured->scan > 1e5);
        QVERIFY(measured->index > 1e5);
        QVERIFY(measured->serverVersion.startsWith(QLatin1String("15")));
    }
};

QTEST_GUILESS_MAIN(tst_Shadow)
#include "tst_Shadow.moc"
