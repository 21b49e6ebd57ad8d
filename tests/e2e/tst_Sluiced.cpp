// sluiced against a real queue and a real target: execution, the sha256 check, several instances, SIGTERM.

#include "TestDatabase.h"
#include "queue/QueueClient.h"
#include "services/ReviewWorker.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <functional>
#include <pqxx/pqxx>

using namespace sluice;
using Login = test::TestDatabase::Login;

class tst_Sluiced : public QObject
{
    Q_OBJECT

    std::unique_ptr<test::TestDatabase> m_db;
    QString m_target;
    QTemporaryDir m_dir;
    QString m_config;
    std::vector<std::unique_ptr<QProcess>> m_services;

    QProcess *startService(const QString &instance)
    {
        auto p = std::make_unique<QProcess>();
        p->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p->start(QStringLiteral(SLUICED_PATH),
                 {QStringLiteral("--config"), m_config, QStringLiteral("--instance"), instance});
        if (!p->waitForStarted())
            qFatal("sluiced did not start");
        m_services.push_back(std::move(p));
        return m_services.back().get();
    }

    static bool waitFor(const std::function<bool()> &condition, int timeoutMs = 30000)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            if (condition())
                return true;
            QThread::msleep(50);
        }
        return condition();
    }

    QString target(const QString &sql) const
    {
        pqxx::connection c(m_target.toStdString());
        pqxx::work tx(c);
        const auto r = tx.exec(sql.toStdString());
        tx.commit();
        return r.empty() || r.columns() == 0 || r[0][0].is_null() ? QString()
                                                                  : QString::fromUtf8(r[0][0].c_str());
    }

    QString status(model::ChangeId id) const
    {
        return m_db->scalar(QStringLiteral("select status from sluice.changes where id = %1").arg(id));
    }

    model::ChangeId submit(const QByteArray &sql)
    {
        auto agent = model::QueueClient::connect(m_db->conninfo(Login::Agent));
        const auto id = (*agent)->submit({QStringLiteral("shop"), QStringLiteral("t"), {}, {}, sql});
        if (!id)
            qFatal("submit: %s", qPrintable(id.error().message));
        return *id;
    }

    // Reviews and approves, as sluiced and a DBA would; with no sluiced running, nothing executes yet.
    void reviewAndApprove(const QList<model::ChangeId> &ids)
    {
        auto service = model::QueueClient::connect(m_db->conninfo(Login::Service));
        QVERIFY(model::ReviewWorker(**service).reviewPending().ok());
        auto dba = model::QueueClient::connect(m_db->conninfo(Login::Dba));
        for (const auto id : ids) {
            const auto sha = (*dba)->change(id)->summary.sha256;
            const auto approved = (*dba)->approve(id, sha, {});
            QVERIFY2(approved.ok(), approved.ok() ? "" : qPrintable(approved.error().message));
        }
    }

    // Submits, lets the running sluiced review it, approves, and waits for the outcome.
    QString runThroughService(model::ChangeId id)
    {
        if (!waitFor([&] {
                return m_db->scalar(
                           QStringLiteral("select count(*) from sluice.reviews v join sluice.revisions r on "
                                          "r.id = v.revision_id where r.change_id = %1")
                               .arg(id)) == QLatin1String("1");
            }))
            return QStringLiteral("never reviewed");
        auto dba = model::QueueClient::connect(m_db->conninfo(Login::Dba));
        const auto approved = (*dba)->approve(id, (*dba)->change(id)->summary.sha256, {});
        if (!approved)
            return approved.error().message;
        waitFor([&] { return status(id) == QLatin1String("done") || status(id) == QLatin1String("failed"); });
        return status(id);
    }

    void stopAll()
    {
        for (auto &p : m_services) {
            p->terminate();
            QVERIFY(p->waitForFinished(30000));
            QCOMPARE(p->exitStatus(), QProcess::NormalExit);
            QCOMPARE(p->exitCode(), 0);
        }
        m_services.clear();
    }

private slots:
    void initTestCase()
    {
        QString error;
        m_db = test::TestDatabase::create(QStringLiteral("sluiced"), &error);
        QVERIFY2(m_db, qPrintable(error));
        m_db->addStandardTarget();
        m_target = m_db->createTargetDatabase(QStringLiteral("shop"));
        target(QStringLiteral("create table orders (id bigint primary key, total numeric); "
                              "insert into orders select g, g from generate_series(1, 100) g; "
                              "create table runs (change int not null)"));
        QVERIFY(m_dir.isValid());
        m_config = m_dir.filePath(QStringLiteral("sluiced.toml"));
        QFile config(m_config);
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(QStringLiteral("[queue]\nconninfo = \"%1\"\n\n[execution]\nlock_timeout = \"2s\"\n"
                                    "statement_timeout = \"30s\"\npoll_seconds = 30\n\n"
                                    "[[target]]\nname = \"shop\"\nconninfo = \"%2\"\n")
                         .arg(m_db->conninfo(Login::Service), m_target)
                         .toUtf8());
    }

    void cleanup() { stopAll(); }

    void cleanupTestCase() { m_db.reset(); }

    void refusesABadConfiguration()
    {
        QProcess p;
        const auto bad = m_dir.filePath(QStringLiteral("bad.toml"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[queue]\nconninfo = \"x\"\n");
        f.close();
        p.start(QStringLiteral(SLUICED_PATH), {QStringLiteral("--config"), bad});
        QVERIFY(p.waitForFinished());
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("no [[target]]"));
    }

    void executesAnApprovedChange()
    {
        startService(QStringLiteral("one"));
        const auto id =
            submit("set lock_timeout = '2s';\nset statement_timeout = '1min';\nalter table orders add column "
                   "note text;\nupdate orders set note = 'x' where id <= 10;\n");
        QCOMPARE(runThroughService(id), QStringLiteral("done"));
        QCOMPARE(target(QStringLiteral("select count(*) from orders where note = 'x'")),
                 QStringLiteral("10"));
        auto dba = model::QueueClient::connect(m_db->conninfo(Login::Dba));
        const auto detail = (*dba)->change(id);
        QCOMPARE(detail->executions.size(), 1);
        const auto &execution = detail->executions.first();
        QCOMPARE(execution.status, QStringLiteral("succeeded"));
        QCOMPARE(execution.instance, QStringLiteral("one"));
        QCOMPARE(execution.steps.size(), 4);
        QCOMPARE(execution.steps[3].outcome, QStringLiteral("succeeded"));
        QCOMPARE(execution.steps[3].rowsAffected.value_or(-1), 10);
        QCOMPARE(execution.sha256, detail->summary.sha256);
        // The session ran with the configured timeouts.
        QVERIFY(m_db->scalar(
                    QStringLiteral("select count(*) from sluice.audit_log where change_id = %1 and action in "
                                   "('execution_start', 'execution_end')")
                        .arg(id)) == QLatin1String("2"));
    }

    void aFailedStatementRollsTheTransactionBack()
    {
        startService(QStringLiteral("one"));
        const auto id = submit("set lock_timeout = '2s';\nset statement_timeout = '1min';\nalter table "
                               "orders add column a int;\nalter table missing add column b int;\n");
        QCOMPARE(runThroughService(id), QStringLiteral("failed"));
        QCOMPARE(target(QStringLiteral(
                     "select count(*) from information_schema.columns where table_name = 'orders' "
                     "and column_name = 'a'")),
                 QStringLiteral("0"));
        auto dba = model::QueueClient::connect(m_db->conninfo(Login::Dba));
        const auto steps = (*dba)->change(id)->executions.first().steps;
        QCOMPARE(steps[2].outcome, QStringLiteral("rolled_back"));
        QCOMPARE(steps[3].outcome, QStringLiteral("failed"));
        QVERIFY2(steps[3].error.contains(QStringLiteral("does not exist")), qPrintable(steps[3].error));
    }

    void runsStatementsThatRefuseTransactionsOneByOne()
    {
        startService(QStringLiteral("one"));
        const auto id = submit("create index concurrently orders_total on orders (total);\n"
                               "set lock_timeout = '1s';\n");
        QCOMPARE(runThroughService(id), QStringLiteral("done"));
        QCOMPARE(target(QStringLiteral("select count(*) from pg_indexes where indexname = 'orders_total'")),
                 QStringLiteral("1"));
    }

    void refusesSqlWhoseSha256DiffersFromTheApprovedOne()
    {
        const auto id = submit("insert into runs values (-1);\n");
        reviewAndApprove({id});
        // Behind the API's back, a superuser swaps the SQL of the approved revision.
        m_db->exec(
            QStringLiteral("update sluice.revisions set sql = 'drop table orders;' where change_id = %1")
                .arg(id));
        startService(QStringLiteral("one"));
        QVERIFY(waitFor([&] { return status(id) == QLatin1String("failed"); }));
        QCOMPARE(target(QStringLiteral("select count(*) from pg_tables where tablename = 'orders'")),
                 QStringLiteral("1"));
        const auto error =
            m_db->scalar(QStringLiteral("select error from sluice.executions where change_id = %1").arg(id));
        QVERIFY2(error.contains(QStringLiteral("is not the approved revision")), qPrintable(error));
        QCOMPARE(target(QStringLiteral("select count(*) from runs where change = -1")), QStringLiteral("0"));
    }

    // The analysis of one change waits on the target (a session holds a lock its shadow copy's pg_dump needs,
    // for up to pg_dump's 10 s lock wait): a change approved meanwhile is reviewed and executed at once.
    void anAnalysisWaitingOnTheTargetDoesNotHoldUpExecution()
    {
        target(QStringLiteral("create table held (id int)"));
        pqxx::connection holder(m_target.toStdString());
        pqxx::work hold(holder);
        hold.exec("lock table held in access exclusive mode");
        startService(QStringLiteral("one"));
        const auto slow = submit("alter table held add column note text;\n");
        const auto waiting = QStringLiteral("select count(*) from pg_stat_activity where wait_event_type = "
                                            "'Lock' and datname = current_database()");
        QVERIFY2(waitFor([&] { return target(waiting) != QLatin1String("0"); }),
                 "the analysis never reached the locked table");
        const auto analysed =
            QStringLiteral("select count(*) from sluice.analyses a join sluice.revisions r on "
                           "r.id = a.revision_id where r.change_id = %1")
                .arg(slow);

        QElapsedTimer timer;
        timer.start();
        const auto quick = submit("insert into runs values (77);\n");
        QCOMPARE(runThroughService(quick), QStringLiteral("done"));
        // Done while the analysis still waits on the target (sluiced that analysed on its main thread
        // stored that analysis first, after pg_dump's 10 s lock wait, and took 21 s for this change).
        QCOMPARE(m_db->scalar(analysed), QStringLiteral("0"));
        qInfo("the approved change ran in %lld ms while the analysis waited", qint64(timer.elapsed()));
        QCOMPARE(target(QStringLiteral("select count(*) from runs where change = 77")), QStringLiteral("1"));

        hold.abort();
        QVERIFY(waitFor([&] { return m_db->scalar(analysed) == QLatin1String("1"); }, 60000));
    }

    void twoInstancesExecuteEachOfFiftyChangesExactlyOnce()
    {
        QList<model::ChangeId> ids;
        for (int i = 0; i < 50; ++i)
            ids << submit(QStringLiteral("insert into runs values (%1);\n").arg(1000 + i).toUtf8());
        reviewAndApprove(ids);
        startService(QStringLiteral("a"));
        startService(QStringLiteral("b"));
        QVERIFY(waitFor([&] {
            return m_db->scalar(QStringLiteral(
                                    "select count(*) from sluice.changes where status = 'done' and id >= %1")
                                    .arg(ids.first())) == QLatin1String("50");
        }));
        QCOMPARE(target(QStringLiteral("select count(*) from runs where change >= 1000")),
                 QStringLiteral("50"));
        QCOMPARE(target(QStringLiteral("select count(distinct change) from runs where change >= 1000")),
                 QStringLiteral("50"));
        QCOMPARE(m_db->scalar(QStringLiteral("select count(*) from sluice.executions where change_id >= %1")
                                  .arg(ids.first())),
                 QStringLiteral("50"));
        qInfo("instance a ran %s, instance b ran %s",
              qPrintable(m_db->scalar(
                  QStringLiteral("select count(*) from sluice.executions where instance = 'a'"))),
              qPrintable(m_db->scalar(
                  QStringLiteral("select count(*) from sluice.executions where instance = 'b'"))));
    }

    void sigtermMidQueueLosesNothing()
    {
        QList<model::ChangeId> ids;
        for (int i = 0; i < 20; ++i)
            ids << submit(QStringLiteral("select pg_sleep(0.1);\ninsert into runs values (%1);\n")
                              .arg(2000 + i)
                              .toUtf8());
        reviewAndApprove(ids);
        auto *service = startService(QStringLiteral("first"));
        QVERIFY(waitFor([&] {
            return m_db->scalar(QStringLiteral("select count(*) from sluice.executions where change_id >= %1")
                                    .arg(ids.first())) != QLatin1String("0");
        }));
        service->terminate();
        QVERIFY(service->waitForFinished(30000));
        QCOMPARE(service->exitCode(), 0);
        m_services.clear();

        const auto done = m_db->scalar(
            QStringLiteral("select count(*) from sluice.changes where status = 'done' and id >= %1")
                .arg(ids.first()));
        QCOMPARE(
            m_db->scalar(
                QStringLiteral("select count(*) from sluice.changes where status not in ('done', 'approved') "
                               "and id >= %1")
                    .arg(ids.first())),
            QStringLiteral("0"));
        QVERIFY2(done.toInt() < 20, "SIGTERM should stop the service before the queue is drained");
        QCOMPARE(target(QStringLiteral("select count(*) from runs where change >= 2000")), done);

        startService(QStringLiteral("second"));
        QVERIFY(waitFor([&] {
            return m_db->scalar(QStringLiteral(
                                    "select count(*) from sluice.changes where status = 'done' and id >= %1")
                                    .arg(ids.first())) == QLatin1String("20");
        }));
        QCOMPARE(target(QStringLiteral("select count(*) from runs where change >= 2000")),
                 QStringLiteral("20"));
        QCOMPARE(target(QStringLiteral("select count(distinct change) from runs where change >= 2000")),
                 QStringLiteral("20"));
    }
};

QTEST_GUILESS_MAIN(tst_Sluiced)
#include "tst_Sluiced.moc"
