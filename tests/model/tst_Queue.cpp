// The queue's enforcement, tested as each role against a real PostgreSQL: what is allowed, what is refused.

#include "TestDatabase.h"
#include "queue/Pg.h"
#include "queue/QueueClient.h"
#include "queue/SchemaMigrator.h"
#include "services/ReviewWorker.h"

#include <QtTest>
#include <algorithm>
#include <atomic>
#include <pqxx/pqxx>
#include <thread>

using namespace sluice;
using model::Error;
using Login = test::TestDatabase::Login;

namespace {

// Every test migration sets its timeouts, as a reviewed one would: without them require-lock-timeout is an
// error finding that an approval would have to override.
const QByteArray kAddColumn =
    "set lock_timeout = '2s';\nset statement_timeout = '1min';\nalter table orders add column note text;\n";

std::unique_ptr<model::QueueClient> clientFor(const test::TestDatabase &db, Login login)
{
    auto client = model::QueueClient::connect(db.conninfo(login));
    if (!client)
        qFatal("cannot connect as %s: %s", qPrintable(db.login(login)), qPrintable(client.error().message));
    return std::move(*client);
}

// Returns the SQLSTATE of running sql as login, or "" if it succeeded.
QString sqlStateOf(const test::TestDatabase &db, Login login, const QString &sql)
{
    try {
        db.exec(sql, login);
        return {};
    } catch (const pqxx::sql_error &e) {
        return QString::fromStdString(model::pg::sqlStateOf(e));
    }
}

} // namespace

class tst_Queue : public QObject
{
    Q_OBJECT

    std::unique_ptr<test::TestDatabase> m_db;

    model::ChangeId submit(const QByteArray &sql = kAddColumn, const QString &onBehalfOf = {})
    {
        auto agent = clientFor(*m_db, Login::Agent);
        const auto id = agent->submit({QStringLiteral("shop"), QStringLiteral("add a note to orders"),
                                       QStringLiteral("support wants notes"), onBehalfOf, sql});
        if (!id)
            qFatal("submit failed: %s", qPrintable(id.error().message));
        return *id;
    }

    void reviewAll()
    {
        auto service = clientFor(*m_db, Login::Service);
        const auto reviewed = model::ReviewWorker(*service).reviewPending();
        QVERIFY2(reviewed.ok(), reviewed.ok() ? "" : qPrintable(reviewed.error().message));
    }

    QString latestSha(model::ChangeId id)
    {
        auto dba = clientFor(*m_db, Login::Dba);
        return dba->change(id)->summary.sha256;
    }

private slots:
    void initTestCase()
    {
        QString error;
        m_db = test::TestDatabase::create(QStringLiteral("queue"), &error);
        QVERIFY2(m_db, qPrintable(error));
        m_db->addStandardTarget();
    }

    void cleanupTestCase() { m_db.reset(); }

    void directTableWritesAreRefusedForEveryClientRole_data()
    {
        QTest::addColumn<int>("login");
        QTest::newRow("agent") << int(Login::Agent);
        QTest::newRow("dba") << int(Login::Dba);
        QTest::newRow("oncall") << int(Login::Oncall);
        QTest::newRow("auditor") << int(Login::Auditor);
        QTest::newRow("admin") << int(Login::Admin);
        QTest::newRow("service") << int(Login::Service);
        QTest::newRow("no role") << int(Login::Nobody);
    }

    void directTableWritesAreRefusedForEveryClientRole()
    {
        QFETCH(int, login);
        submit();
        // Each table with a column an UPDATE may name.
        const QList<std::pair<QString, QString>> tables{
            {"environments", "rank"}, {"targets", "name"},        {"delegations", "agent"},
            {"changes", "title"},     {"revisions", "sql"},       {"reviews", "sha256"},
            {"decisions", "comment"}, {"executions", "instance"}, {"execution_steps", "error"},
            {"audit_log", "action"},  {"schema_version", "name"}};
        QStringList allowed;
        pqxx::connection c(m_db->conninfo(Login(login)).toStdString());
        for (const auto &[table, column] : tables) {
            const auto t = QStringLiteral("sluice.") + table;
            for (const auto &sql :
                 {QStringLiteral("insert into %1 default values").arg(t),
                  QStringLiteral("update %1 set %2 = %2").arg(t, column),
                  QStringLiteral("delete from %1").arg(t), QStringLiteral("truncate %1").arg(t)}) {
                pqxx::work tx(c);
                try {
                    tx.exec(sql.toStdString());
                    allowed << sql;
                } catch (const pqxx::sql_error &e) {
                    if (model::pg::sqlStateOf(e) != "42501")
                        allowed << sql + QStringLiteral(" (refused, but with ") +
                                       QString::fromUtf8(e.what()) + ')';
                }
            }
        }
        QVERIFY2(allowed.isEmpty(), qPrintable(allowed.join(QStringLiteral("; "))));
    }

    void apiFunctionsCheckMembership_data()
    {
        QTest::addColumn<int>("login");
        QTest::addColumn<QString>("sql");
        QTest::newRow("dba cannot submit")
            << int(Login::Dba) << "select sluice_api.submit('shop', 't', '', null, 'select 1')";
        QTest::newRow("agent cannot approve")
            << int(Login::Agent) << "select sluice_api.approve(1, repeat('0', 64), '', '[]')";
        QTest::newRow("agent cannot reject") << int(Login::Agent) << "select sluice_api.reject(1, 'no')";
        QTest::newRow("auditor cannot approve")
            << int(Login::Auditor) << "select sluice_api.approve(1, repeat('0', 64), '', '[]')";
        QTest::newRow("oncall cannot reject") << int(Login::Oncall) << "select sluice_api.reject(1, 'no')";
        QTest::newRow("dba cannot add targets")
            << int(Login::Dba) << "select sluice_api.add_target('x', 'dev', null)";
        QTest::newRow("agent cannot delegate") << int(Login::Agent) << "select sluice_api.delegate('a', 'b')";
        QTest::newRow("agent cannot claim work")
            << int(Login::Agent) << "select * from sluice_api.claim_execution('x', array['shop'])";
        QTest::newRow("dba cannot store reviews")
            << int(Login::Dba)
            << "select sluice_api.store_review(1, repeat('0', 64), 'e', true, 'none', '[]')";
        QTest::newRow("no role cannot submit")
            << int(Login::Nobody) << "select sluice_api.submit('shop', 't', '', null, 'select 1')";
        QTest::newRow("no role cannot read changes")
            << int(Login::Nobody) << "select count(*) from sluice.changes";
    }

    void apiFunctionsCheckMembership()
    {
        QFETCH(int, login);
        QFETCH(QString, sql);
        QCOMPARE(sqlStateOf(*m_db, Login(login), sql), QStringLiteral("42501"));
    }

    void agentsSeeOnlyTheirOwnChanges()
    {
        const auto id = submit();
        auto other = clientFor(*m_db, Login::Agent2);
        const auto seen = other->change(id);
        QVERIFY(!seen.ok());
        QCOMPARE(seen.error().kind, Error::Kind::NotFound);
        const auto list = other->changes();
        QVERIFY(list.ok());
        QVERIFY(list->isEmpty());
        QCOMPARE(m_db->scalar(QStringLiteral("select count(*) from sluice.revisions"), Login::Agent2),
                 QStringLiteral("0"));
        QCOMPARE(m_db->scalar(QStringLiteral("select count(*) from sluice.audit_log"), Login::Agent2),
                 QStringLiteral("0"));
        auto author = clientFor(*m_db, Login::Agent);
        QVERIFY(author->change(id).ok());
        auto auditor = clientFor(*m_db, Login::Auditor);
        QVERIFY(auditor->change(id).ok());
    }

    void submitRefusesUnregisteredOnBehalfOf()
    {
        auto agent = clientFor(*m_db, Login::Agent2);
        const auto before = m_db->scalar(QStringLiteral("select count(*) from sluice.changes"));
        const auto id = agent->submit(
            {QStringLiteral("shop"), QStringLiteral("t"), {}, m_db->login(Login::Human), kAddColumn});
        QVERIFY(!id.ok());
        QCOMPARE(id.error().kind, Error::Kind::Permission);
        QVERIFY2(id.error().message.contains(QStringLiteral("admin delegate")),
                 qPrintable(id.error().message));
        QCOMPARE(m_db->scalar(QStringLiteral("select count(*) from sluice.changes")), before);
        // The registered agent may act for the human, and the audit row names both.
        const auto ok = submit(kAddColumn, m_db->login(Login::Human));
        QCOMPARE(
            m_db->scalar(QStringLiteral(
                             "select actor || '/' || on_behalf_of from sluice.audit_log where change_id = %1 "
                             "and action = 'submit'")
                             .arg(ok)),
            m_db->login(Login::Agent) + '/' + m_db->login(Login::Human));
    }

    void badInputChangesNothing_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QByteArray>("sql");
        QTest::addColumn<int>("kind");
        QTest::newRow("unknown target") << "nope" << kAddColumn << int(Error::Kind::NotFound);
        QTest::newRow("empty") << "shop" << QByteArray(" \n\t ") << int(Error::Kind::Invalid);
        QTest::newRow("not utf-8") << "shop" << QByteArray("select '\xff\xfe';") << int(Error::Kind::Invalid);
        QTest::newRow("over 4 MiB") << "shop" << QByteArray(4 * 1024 * 1024 + 1, ' ').append("select 1;")
                                    << int(Error::Kind::Invalid);
    }

    void badInputChangesNothing()
    {
        QFETCH(QString, target);
        QFETCH(QByteArray, sql);
        QFETCH(int, kind);
        auto agent = clientFor(*m_db, Login::Agent);
        const auto before = m_db->scalar(QStringLiteral("select count(*) from sluice.audit_log"));
        const auto id = agent->submit({target, QStringLiteral("t"), {}, {}, sql});
        QVERIFY(!id.ok());
        QCOMPARE(int(id.error().kind), kind);
        QCOMPARE(m_db->scalar(QStringLiteral("select count(*) from sluice.audit_log")), before);
    }

    void databaseRefusesBadSqlEvenWithoutTheClientsChecks()
    {
        QCOMPARE(sqlStateOf(*m_db, Login::Agent,
                            QStringLiteral("select sluice_api.submit('shop', 't', '', null, '  ')")),
                 QStringLiteral("SLI01"));
        QCOMPARE(sqlStateOf(
                     *m_db, Login::Agent,
                     QStringLiteral("select sluice_api.submit('shop', 't', '', null, repeat('x', 4194305))")),
                 QStringLiteral("SLI01"));
    }

    void approvalNeedsAStoredReviewAndParsableSql()
    {
        const auto id = submit();
        auto dba = clientFor(*m_db, Login::Dba);
        auto early = dba->approve(id, latestSha(id), {});
        QVERIFY(!early.ok());
        QCOMPARE(early.error().kind, Error::Kind::State);
        QVERIFY(early.error().message.contains(QStringLiteral("not been reviewed")));

        const auto broken = submit("alter table orders add colum note text;");
        reviewAll();
        const auto refused = dba->approve(broken, latestSha(broken), {});
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message.contains(QStringLiteral("does not parse")),
                 qPrintable(refused.error().message));
        QCOMPARE(dba->change(broken)->summary.status, QStringLiteral("review"));

        const auto approved = dba->approve(id, latestSha(id), QStringLiteral("looks fine"));
        QVERIFY2(approved.ok(), approved.ok() ? "" : qPrintable(approved.error().message));
        QCOMPARE(*approved, QStringLiteral("approved"));
    }

    void approvingOverAnErrorFindingNeedsAWrittenOverride()
    {
        const auto id = submit("set lock_timeout = '2s';\nset statement_timeout = '1min';\n"
                               "create index orders_note_idx on orders (note);\n");
        reviewAll();
        auto dba = clientFor(*m_db, Login::Dba);
        const auto detail = dba->change(id);
        QCOMPARE(detail->summary.maxSeverity, QStringLiteral("error"));
        const auto refused = dba->approve(id, latestSha(id), {});
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, Error::Kind::State);
        QVERIFY2(
            refused.error().message.contains(QStringLiteral("require-concurrent-index-creation at line 3")),
            qPrintable(refused.error().message));
        // The wrong line, or no reason, does not count.
        QVERIFY(!dba->approve(id, latestSha(id), {},
                              {{QStringLiteral("require-concurrent-index-creation"), 2,
                                QStringLiteral("empty table")}})
                     .ok());
        QVERIFY(
            !dba->approve(id, latestSha(id), {},
                          {{QStringLiteral("require-concurrent-index-creation"), 3, QStringLiteral("  ")}})
                 .ok());
        const auto approved = dba->approve(id, latestSha(id), {},
                                           {{QStringLiteral("require-concurrent-index-creation"), 3,
                                             QStringLiteral("orders has 12 rows in this environment")}});
        QVERIFY2(approved.ok(), approved.ok() ? "" : qPrintable(approved.error().message));
        QCOMPARE(
            m_db->scalar(QStringLiteral(
                             "select overrides -> 0 ->> 'reason' from sluice.decisions where change_id = %1")
                             .arg(id)),
            QStringLiteral("orders has 12 rows in this environment"));
        QCOMPARE(
            m_db->scalar(QStringLiteral("select details -> 'overrides' -> 0 ->> 'rule' from sluice.audit_log "
                                        "where change_id = %1 and action = 'approve'")
                             .arg(id)),
            QStringLiteral("require-concurrent-index-creation"));
    }

    void separationOfDuties()
    {
        // Give the agent and the human the DBA role too: separation of duties must still refuse them.
        m_db->exec(QStringLiteral("grant sluice_dba to %1, %2")
                       .arg(m_db->login(Login::Agent), m_db->login(Login::Human)));
        const auto id = submit(kAddColumn, m_db->login(Login::Human));
        reviewAll();
        for (const auto login : {Login::Agent, Login::Human}) {
            auto client = clientFor(*m_db, login);
            const auto r = client->approve(id, latestSha(id), {});
            QVERIFY(!r.ok());
            QCOMPARE(r.error().kind, Error::Kind::Permission);
            QVERIFY2(r.error().message.contains(QStringLiteral("separation of duties")),
                     qPrintable(r.error().message));
        }
        m_db->exec(QStringLiteral("revoke sluice_dba from %1, %2")
                       .arg(m_db->login(Login::Agent), m_db->login(Login::Human)));
        auto dba = clientFor(*m_db, Login::Dba);
        QVERIFY(dba->approve(id, latestSha(id), {}).ok());
    }

    // Issue 12, fault 7: a change submitted without --on-behalf-of may have been made for any human the agent
    // is registered to act for; none of them approves it.
    void delegatedHumansCannotApproveAChangeThatNamesNone()
    {
        m_db->exec(QStringLiteral("grant sluice_dba to %1").arg(m_db->login(Login::Human)));
        const auto id = submit(kAddColumn);
        reviewAll();
        auto human = clientFor(*m_db, Login::Human);
        const auto refused = human->approve(id, latestSha(id), {});
        m_db->exec(QStringLiteral("revoke sluice_dba from %1").arg(m_db->login(Login::Human)));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, Error::Kind::Permission);
        QVERIFY2(refused.error().message.contains(QStringLiteral("without naming the human")) &&
                     refused.error().message.contains(QStringLiteral("separation of duties")),
                 qPrintable(refused.error().message));
        // A DBA the agent does not act for approves it.
        auto dba = clientFor(*m_db, Login::Dba);
        QCOMPARE(*dba->approve(id, latestSha(id), {}), QStringLiteral("approved"));
    }

    // Issue 12, fault 8: text the API stores has limits, refused with a sentence and changing nothing.
    void inputLimitsAreCheckedWithASentence_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("message");
        QTest::newRow("title of 201 characters")
            << "select sluice_api.submit('shop', repeat('t', 201), '', null, 'select 1;')"
            << "the title is 201 characters; it may be at most 200";
        QTest::newRow("reason of 10,001 characters")
            << "select sluice_api.submit('shop', 't', repeat('r', 10001), null, 'select 1;')"
            << "the reason is 10001 characters; it may be at most 10000";
        QTest::newRow("only comments and semicolons") << "select sluice_api.submit('shop', 't', '', null, "
                                                         "e'-- nothing\\n;\\n /* still nothing */ ;;\\n')"
                                                      << "no statements";
        QTest::newRow("only semicolons") << "select sluice_api.submit('shop', 't', '', null, ';;;')"
                                         << "no statements";
        QTest::newRow("revision of only a comment")
            << "select sluice_api.revise((select max(id) from sluice.changes where agent = session_user), "
               "'-- later')"
            << "no statements";
        QTest::newRow("approval comment of 10,001 characters")
            << "select sluice_api.approve(1, repeat('0', 64), repeat('c', 10001), '[]')"
            << "the comment is 10001 characters";
        QTest::newRow("override reason of 10,001 characters")
            << "select sluice_api.approve(1, repeat('0', 64), '', jsonb_build_array(jsonb_build_object("
               "'rule', 'r', 'line', 1, 'reason', repeat('x', 10001))))"
            << "the override reason for r at line 1 is 10001 characters";
        QTest::newRow("1,001 overrides")
            << "select sluice_api.approve(1, repeat('0', 64), '', (select "
               "jsonb_agg(jsonb_build_object('rule', "
               "'r', 'line', i, 'reason', 'x')) from generate_series(1, 1001) i))"
            << "at most 1000";
        QTest::newRow("rejection comment of 10,001 characters")
            << "select sluice_api.reject(1, repeat('c', 10001))"
            << "the comment is 10001 characters";
    }

    void inputLimitsAreCheckedWithASentence()
    {
        QFETCH(QString, sql);
        QFETCH(QString, message);
        submit();
        const auto before = m_db->scalar(QStringLiteral("select count(*) from sluice.audit_log"));
        const auto login = sql.contains(QStringLiteral("submit")) || sql.contains(QStringLiteral("revise"))
                               ? Login::Agent
                               : Login::Dba;
        QString state;
        QString text;
        try {
            m_db->exec(sql, login);
        } catch (const pqxx::sql_error &e) {
            state = QString::fromStdString(model::pg::sqlStateOf(e));
            text = QString::fromUtf8(e.what());
        }
        QCOMPARE(state, QStringLiteral("SLI01"));
        QVERIFY2(text.contains(message), qPrintable(text));
        QCOMPARE(m_db->scalar(QStringLiteral("select count(*) from sluice.audit_log")), before);
    }

    // Issue 12, fault 3: a write named with an idempotency key is done once; a retry returns its first
    // result.
    void aRetryWithTheSameIdempotencyKeyReturnsTheFirstResult()
    {
        auto agent = clientFor(*m_db, Login::Agent);
        const model::SubmitRequest request{
            QStringLiteral("shop"), QStringLiteral("once only"), {}, {}, kAddColumn};
        const auto first = agent->submit(request, {}, QStringLiteral("key-once"));
        QVERIFY2(first.ok(), first.ok() ? "" : qPrintable(first.error().message));
        const auto again = agent->submit(request, {}, QStringLiteral("key-once"));
        QVERIFY(again.ok());
        QCOMPARE(*again, *first);
        QCOMPARE(
            m_db->scalar(QStringLiteral("select count(*) from sluice.changes where title = 'once only'")),
            QStringLiteral("1"));
        // Another agent's key of the same name is its own.
        auto agent2 = clientFor(*m_db, Login::Agent2);
        const auto other = agent2->submit(request, {}, QStringLiteral("key-once"));
        QVERIFY(other.ok());
        QVERIFY(*other != *first);
        // The same key for another request is refused.
        auto changed = request;
        changed.title = QStringLiteral("something else");
        const auto reused = agent->submit(changed, {}, QStringLiteral("key-once"));
        QVERIFY(!reused.ok());
        QCOMPARE(reused.error().kind, Error::Kind::Conflict);
        QVERIFY2(reused.error().message.contains(QStringLiteral("for another request")),
                 qPrintable(reused.error().message));

        const auto revised = agent->revise(*first, kAddColumn + "-- two\n", {}, QStringLiteral("rev-1"));
        QCOMPARE(*revised, 2);
        QCOMPARE(*agent->revise(*first, kAddColumn + "-- two\n", {}, QStringLiteral("rev-1")), 2);
        reviewAll();
        auto dba = clientFor(*m_db, Login::Dba);
        const auto sha = latestSha(*first);
        QCOMPARE(*dba->approve(*first, sha, QStringLiteral("ok"), {}, QStringLiteral("ap-1")),
                 QStringLiteral("approved"));
        // Without the key, a second approval is refused; with it, the first result comes back.
        QVERIFY(!dba->approve(*first, sha, QStringLiteral("ok"), {}).ok());
        QCOMPARE(*dba->approve(*first, sha, QStringLiteral("ok"), {}, QStringLiteral("ap-1")),
                 QStringLiteral("approved"));
        QCOMPARE(
            m_db->scalar(
                QStringLiteral("select count(*) from sluice.decisions where change_id = %1").arg(*first)),
            QStringLiteral("1"));
        QCOMPARE(m_db->scalar(QStringLiteral("select count(*) from sluice.audit_log where change_id = %1 and "
                                             "action in ('submit', 'revise', 'approve')")
                                  .arg(*first)),
                 QStringLiteral("3"));
    }

    // Issue 12, fault 5: no function of the queue is executable by PUBLIC; each is granted to the roles that
    // call it. A function missing from this table, or granted otherwise, fails the test.
    void everyFunctionIsGrantedOnlyToTheRolesThatCallIt()
    {
        const QString all = QStringLiteral(
            "sluice_admin,sluice_agent,sluice_auditor,sluice_dba,sluice_oncall,sluice_service");
        const QMap<QString, QString> expected{
            {QStringLiteral("sluice.audit"), {}},
            {QStringLiteral("sluice.audit_canonical"), all},
            {QStringLiteral("sluice.audit_refuse_change"), {}},
            {QStringLiteral("sluice.check_decidable"), {}},
            {QStringLiteral("sluice.check_length"), {}},
            {QStringLiteral("sluice.check_overrides"), {}},
            {QStringLiteral("sluice.check_sql"), {}},
            {QStringLiteral("sluice.idempotency_claim"), {}},
            {QStringLiteral("sluice.idempotency_done"), {}},
            {QStringLiteral("sluice.is_staff"), all},
            {QStringLiteral("sluice.latest_revision"), {}},
            {QStringLiteral("sluice.lock_change"), {}},
            {QStringLiteral("sluice.missing_overrides"), {}},
            {QStringLiteral("sluice.notify"), {}},
            {QStringLiteral("sluice.require_role"), {}},
            {QStringLiteral("sluice.running_execution"), {}},
            {QStringLiteral("sluice.sha256_hex"), {}},
            {QStringLiteral("sluice_api.add_target"), QStringLiteral("sluice_admin")},
            {QStringLiteral("sluice_api.approve"), QStringLiteral("sluice_dba")},
            {QStringLiteral("sluice_api.claim_execution"), QStringLiteral("sluice_service")},
            {QStringLiteral("sluice_api.delegate"), QStringLiteral("sluice_admin")},
            {QStringLiteral("sluice_api.finish_execution"), QStringLiteral("sluice_service")},
            {QStringLiteral("sluice_api.pending_analyses"), QStringLiteral("sluice_service")},
            {QStringLiteral("sluice_api.pending_reviews"), QStringLiteral("sluice_service")},
            {QStringLiteral("sluice_api.record_step"), QStringLiteral("sluice_service")},
            // 007: statements recorded as they run, recovery, resolution.
            {QStringLiteral("sluice.ran_through"), {}},
            {QStringLiteral("sluice.runner_key"), QStringLiteral("sluice_service")},
            {QStringLiteral("sluice_api.claim_reviews"), QStringLiteral("sluice_service")},
            {QStringLiteral("sluice_api.hold_execution"), QStringLiteral("sluice_service")},
            {QStringLiteral("sluice_api.interrupt_execution"), QStringLiteral("sluice_service")},
            {QStringLiteral("sluice_api.orphaned_executions"), QStringLiteral("sluice_service")},
            {QStringLiteral("sluice_api.record_steps"), QStringLiteral("sluice_service")},
            {QStringLiteral("sluice_api.resolve_execution"), QStringLiteral("sluice_dba")},
            {QStringLiteral("sluice_api.reject"), QStringLiteral("sluice_dba")},
            {QStringLiteral("sluice_api.revise"), QStringLiteral("sluice_agent")},
            {QStringLiteral("sluice_api.set_tag"), QStringLiteral("sluice_admin")},
            {QStringLiteral("sluice_api.store_analysis"), QStringLiteral("sluice_service")},
            {QStringLiteral("sluice_api.store_review"), QStringLiteral("sluice_service")},
            {QStringLiteral("sluice_api.store_throughput"), QStringLiteral("sluice_service")},
            {QStringLiteral("sluice_api.submit"), QStringLiteral("sluice_agent")},
        };
        // Every overload of a name counts: the grantees of all of them, other than the owner, PUBLIC
        // included.
        pqxx::connection c(m_db->superuserConninfo().toStdString());
        pqxx::read_transaction tx(c);
        QMap<QString, QString> actual;
        for (const auto &r : tx.exec(
                 "select n.nspname || '.' || p.proname, coalesce(string_agg(distinct case when a.grantee = 0 "
                 "then 'PUBLIC' else a.grantee::regrole::text end, ',' order by case when a.grantee = 0 then "
                 "'PUBLIC' else a.grantee::regrole::text end) filter (where a.grantee <> p.proowner), '') "
                 "from pg_proc p join pg_namespace n on n.oid = p.pronamespace "
                 "left join lateral aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a "
                 "on a.privilege_type = 'EXECUTE' "
                 "where n.nspname in ('sluice', 'sluice_api') group by 1 order by 1"))
            actual.insert(QString::fromUtf8(r[0].c_str()), QString::fromUtf8(r[1].c_str()));
        QStringList problems;
        for (auto it = actual.cbegin(); it != actual.cend(); ++it) {
            if (!expected.contains(it.key()))
                problems << QStringLiteral("%1 is not in the expected table (EXECUTE: %2)")
                                .arg(it.key(),
                                     it.value().isEmpty() ? QStringLiteral("owner only") : it.value());
            else if (expected.value(it.key()) != it.value())
                problems << QStringLiteral("%1: EXECUTE for '%2', expected '%3'")
                                .arg(it.key(), it.value(), expected.value(it.key()));
        }
        for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
            if (!actual.contains(it.key()))
                problems << QStringLiteral("%1 does not exist").arg(it.key());
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        // And a function created later by the queue's owner starts without PUBLIC.
        m_db->exec(
            QStringLiteral("set role sluice_owner; create function sluice.later() returns int language "
                           "sql as 'select 1'; reset role"));
        const auto later = m_db->scalar(QStringLiteral(
            "select count(*) from aclexplode((select coalesce(proacl, acldefault('f', proowner)) "
            "from pg_proc where oid = 'sluice.later()'::regprocedure)) where grantee = 0"));
        m_db->exec(QStringLiteral("drop function sluice.later()"));
        QCOMPARE(later, QStringLiteral("0"));
    }

    // Issue 12, fault 6: an agent can neither send the queue's events through the functions nor learn from
    // them which changes exist or what state they are in.
    void agentsCannotForgeOrReadQueueEvents()
    {
        for (const auto &sql : {QStringLiteral("select pg_notify('sluice', '{\"event\": \"approved\"}')"),
                                QStringLiteral("select sluice.notify('approved', 1, 'approved')")}) {
            QCOMPARE(sqlStateOf(*m_db, Login::Agent, sql), QStringLiteral("42501"));
            QCOMPARE(sqlStateOf(*m_db, Login::Dba, sql), QStringLiteral("42501"));
        }
        // LISTEN needs no privilege: what an event says is all another agent could learn.
        struct Payloads : pqxx::notification_receiver
        {
            using pqxx::notification_receiver::notification_receiver;
            QStringList seen;
            void operator()(const std::string &payload, int) override
            {
                seen << QString::fromStdString(payload);
            }
        };
        pqxx::connection listening(m_db->conninfo(Login::Agent2).toStdString());
        Payloads payloads(listening, "sluice");
        const auto id = submit();
        for (int i = 0; i < 50 && payloads.seen.isEmpty(); ++i)
            listening.await_notification(0, 100000);
        QCOMPARE(payloads.seen.size(), 1);
        // The payload is the seq of the submit's audit row: the DBA can read which change it is about,
        // another agent cannot.
        const auto seq = payloads.seen[0];
        QVERIFY2(QRegularExpression(QStringLiteral("^[1-9][0-9]*$")).match(seq).hasMatch(), qPrintable(seq));
        QCOMPARE(
            m_db->scalar(QStringLiteral("select change_id from sluice.audit_log where seq = %1").arg(seq),
                         Login::Dba),
            QString::number(id));
        auto dba = clientFor(*m_db, Login::Dba);
        QCOMPARE(dba->auditedChange(seq.toLongLong())->value(), id);
        auto agent2 = clientFor(*m_db, Login::Agent2);
        QVERIFY(!agent2->auditedChange(seq.toLongLong())->has_value());
    }

    void staleRevisionIsRefusedAndRevisionVoidsApprovals()
    {
        const auto id = submit();
        reviewAll();
        const auto first = latestSha(id);
        auto dba = clientFor(*m_db, Login::Dba);
        QVERIFY(dba->approve(id, first, {}).ok());

        auto agent = clientFor(*m_db, Login::Agent);
        const auto revised = agent->revise(id, "set lock_timeout = '2s';\nset statement_timeout = "
                                               "'1min';\nalter table orders add column note varchar(200);\n");
        QVERIFY2(revised.ok(), revised.ok() ? "" : qPrintable(revised.error().message));
        QCOMPARE(*revised, 2);
        auto detail = dba->change(id);
        QCOMPARE(detail->summary.status, QStringLiteral("review"));
        QCOMPARE(detail->summary.approvals, 0);
        QVERIFY(detail->decisions.first().voided);

        reviewAll();
        const auto stale = dba->approve(id, first, {});
        QVERIFY(!stale.ok());
        QCOMPARE(stale.error().kind, Error::Kind::Conflict);
        QVERIFY2(stale.error().message.contains(QStringLiteral("not the latest revision")),
                 qPrintable(stale.error().message));
        QVERIFY(dba->approve(id, latestSha(id), {}).ok());
    }

    void onlyTheAuthorRevisesAndNotAfterExecution()
    {
        const auto id = submit();
        auto other = clientFor(*m_db, Login::Agent2);
        const auto r = other->revise(id, "select 1;");
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::Permission);
        QVERIFY2(r.error().message.contains(QStringLiteral("only its author")),
                 qPrintable(r.error().message));
        m_db->exec(QStringLiteral("update sluice.changes set status = 'done' where id = %1").arg(id));
        auto agent = clientFor(*m_db, Login::Agent);
        const auto late = agent->revise(id, "select 2;");
        QVERIFY(!late.ok());
        QCOMPARE(late.error().kind, Error::Kind::State);
    }

    void rejectNeedsACommentAndRevisionReopensReview()
    {
        const auto id = submit();
        auto dba = clientFor(*m_db, Login::Dba);
        const auto noComment = dba->reject(id, QStringLiteral("  "));
        QVERIFY(!noComment.ok());
        QCOMPARE(noComment.error().kind, Error::Kind::Invalid);
        QVERIFY(dba->reject(id, QStringLiteral("use a CHECK constraint instead")).ok());
        QCOMPARE(dba->change(id)->summary.status, QStringLiteral("rejected"));
        const auto again = dba->reject(id, QStringLiteral("twice"));
        QVERIFY(!again.ok());
        QCOMPARE(again.error().kind, Error::Kind::Conflict);

        auto agent = clientFor(*m_db, Login::Agent);
        QVERIFY(agent
                    ->revise(id, "set lock_timeout = '2s';\nset statement_timeout = '1min';\nalter table "
                                 "orders add column note text check (length(note) < 500);")
                    .ok());
        QCOMPARE(dba->change(id)->summary.status, QStringLiteral("review"));
    }

    void concurrentApproveAndRejectExactlyOneWins()
    {
        const auto id = submit();
        reviewAll();
        const auto sha = latestSha(id);
        auto approver = clientFor(*m_db, Login::Dba);
        auto rejecter = clientFor(*m_db, Login::Dba2);

        // Hold the change's row so both decisions queue up behind it, then let them race.
        pqxx::connection holder(m_db->superuserConninfo().toStdString());
        pqxx::work hold(holder);
        hold.exec("select 1 from sluice.changes where id = " + std::to_string(id) + " for update");

        std::optional<model::Result<QString>> approved;
        std::optional<model::Result<void>> rejected;
        std::thread a([&] { approved.emplace(approver->approve(id, sha, {})); });
        std::thread r([&] { rejected.emplace(rejecter->reject(id, QStringLiteral("not today"))); });
        for (int i = 0; i < 200; ++i) {
            const auto waiting =
                hold.exec("select count(*) from pg_stat_activity where wait_event_type = 'Lock' "
                          "and datname = current_database()")[0][0]
                    .as<int>();
            if (waiting >= 2)
                break;
            QThread::msleep(20);
        }
        hold.commit();
        a.join();
        r.join();

        QVERIFY(approved.has_value() && rejected.has_value());
        QCOMPARE(int(approved->ok()) + int(rejected->ok()), 1);
        const Error loser = approved->ok() ? rejected->error() : approved->error();
        QCOMPARE(loser.kind, Error::Kind::Conflict);
        QVERIFY2(loser.message.contains(QStringLiteral("no longer in review")), qPrintable(loser.message));
        QCOMPARE(m_db->scalar(
                     QStringLiteral("select count(*) from sluice.decisions where change_id = %1").arg(id)),
                 QStringLiteral("1"));
    }

    void quorumOfApprovers()
    {
        m_db->exec(
            QStringLiteral("update sluice.environments set required_approvals = 2 where name = 'prod'"));
        m_db->exec(QStringLiteral("select sluice_api.add_target('shop_prod', 'prod', null)"), Login::Admin);
        auto agent = clientFor(*m_db, Login::Agent);
        const auto id =
            *agent->submit({QStringLiteral("shop_prod"), QStringLiteral("t"), {}, {}, kAddColumn});
        reviewAll();
        auto dba = clientFor(*m_db, Login::Dba);
        QCOMPARE(*dba->approve(id, latestSha(id), {}), QStringLiteral("review"));
        const auto twice = dba->approve(id, latestSha(id), {});
        QVERIFY(!twice.ok());
        QCOMPARE(twice.error().kind, Error::Kind::Conflict);
        auto dba2 = clientFor(*m_db, Login::Dba2);
        QCOMPARE(*dba2->approve(id, latestSha(id), {}), QStringLiteral("approved"));
    }

    void adminPaths()
    {
        auto admin = clientFor(*m_db, Login::Admin);
        QVERIFY(admin
                    ->addTarget(
                        {QStringLiteral("billing"), QStringLiteral("staging"), {QStringLiteral("financial")}})
                    .ok());
        const auto dup = admin->addTarget({QStringLiteral("billing"), QStringLiteral("staging"), {}});
        QCOMPARE(dup.error().kind, Error::Kind::Conflict);
        const auto env = admin->addTarget({QStringLiteral("x"), QStringLiteral("qa"), {}});
        QCOMPARE(env.error().kind, Error::Kind::NotFound);
        QVERIFY(env.error().message.contains(QStringLiteral("dev, staging, prod")));
        const auto notAgent = admin->delegate(m_db->login(Login::Dba), m_db->login(Login::Human));
        QCOMPARE(notAgent.error().kind, Error::Kind::Invalid);
        const auto noHuman = admin->delegate(m_db->login(Login::Agent), QStringLiteral("ghost"));
        QCOMPARE(noHuman.error().kind, Error::Kind::NotFound);
        const auto targets = admin->targets();
        QVERIFY(targets.ok());
        QVERIFY(std::any_of(targets->begin(), targets->end(), [](const model::Target &t) {
            return t.name == QLatin1String("billing") && t.tags == QStringList{QStringLiteral("financial")};
        }));
    }

    void auditLogIsAppendOnlyForEveryoneAndVerifies()
    {
        for (const auto &sql :
             {QStringLiteral("update sluice.audit_log set action = 'x'"),
              QStringLiteral("delete from sluice.audit_log"), QStringLiteral("truncate sluice.audit_log")}) {
            try {
                m_db->exec(sql); // as the superuser
                QFAIL(qPrintable(sql + QStringLiteral(" was allowed")));
            } catch (const pqxx::sql_error &e) {
                QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("append-only")), e.what());
            }
            try {
                m_db->exec(QStringLiteral("set role sluice_owner; ") + sql);
                QFAIL(qPrintable(sql + QStringLiteral(" was allowed to the owner")));
            } catch (const pqxx::sql_error &) {
            }
        }
        auto auditor = clientFor(*m_db, Login::Auditor);
        const auto v = auditor->verifyAudit();
        QVERIFY(v.ok());
        QVERIFY2(v->intact(), qPrintable(v->problem));
        QVERIFY(v->rowsChecked > 10);
        auto agent = clientFor(*m_db, Login::Agent);
        QCOMPARE(agent->verifyAudit().error().kind, Error::Kind::Permission);
    }

    void tamperingIsDetected_data()
    {
        QTest::addColumn<QString>("tamper");
        QTest::addColumn<QString>("problem");
        QTest::newRow("altered content")
            << "update sluice.audit_log set details = '{\"comment\": \"fine\"}' where seq = 3"
            << "does not match its hash";
        QTest::newRow("deleted row") << "delete from sluice.audit_log where seq = 3"
                                     << "missing";
        QTest::newRow("rehashed row")
            << "update sluice.audit_log set action = 'x', hash = sha256(prev_hash || "
               "convert_to(sluice.audit_canonical(seq, at, actor, on_behalf_of, 'x', change_id, "
               "revision_sha256, details), 'UTF8')) where seq = 3"
            << "previous-hash";
    }

    void tamperingIsDetected()
    {
        QFETCH(QString, tamper);
        QFETCH(QString, problem);
        QString error;
        auto db = test::TestDatabase::create(QStringLiteral("tamper"), &error);
        QVERIFY2(db, qPrintable(error));
        db->addStandardTarget();
        for (int i = 0; i < 3; ++i) {
            auto agent = clientFor(*db, Login::Agent);
            QVERIFY(agent->submit({QStringLiteral("shop"), QStringLiteral("t"), {}, {}, kAddColumn}).ok());
        }
        // A superuser goes behind the triggers' back.
        db->exec(
            QStringLiteral("alter table sluice.audit_log disable trigger audit_log_no_update_delete; %1; "
                           "alter table sluice.audit_log enable always trigger audit_log_no_update_delete")
                .arg(tamper));
        auto auditor = clientFor(*db, Login::Auditor);
        const auto v = auditor->verifyAudit();
        QVERIFY(v.ok());
        QVERIFY(!v->intact());
        // A rehashed row checks out itself; the break shows at the next row, whose previous-hash no longer
        // matches.
        const qint64 expected = tamper.contains(QStringLiteral("hash = sha256")) ? 4 : 3;
        QCOMPARE(*v->firstBrokenSeq, expected);
        QVERIFY2(v->problem.contains(problem), qPrintable(v->problem));
        QCOMPARE(v->rowsChecked, 2 + (expected - 3));
    }

    void clientsRefuseAnUnknownSchemaVersion()
    {
        QString error;
        auto db = test::TestDatabase::create(QStringLiteral("version"), &error);
        QVERIFY2(db, qPrintable(error));
        db->exec(QStringLiteral(
            "insert into sluice.schema_version (version, name, sha256) values (99, 'future', 'x')"));
        const auto client = model::QueueClient::connect(db->conninfo(Login::Dba));
        QVERIFY(!client.ok());
        QCOMPARE(client.error().kind, Error::Kind::Schema);
        QVERIFY2(client.error().message.contains(QStringLiteral("version 99")),
                 qPrintable(client.error().message));
        const auto migrate = model::SchemaMigrator::migrate(db->superuserConninfo());
        QVERIFY(!migrate.ok());
        QVERIFY(migrate.error().message.contains(QStringLiteral("newer")));

        const auto empty = model::QueueClient::connect(
            db->superuserConninfo().replace(db->databaseName(), QStringLiteral("postgres")));
        QVERIFY(!empty.ok());
        QVERIFY2(empty.error().message.contains(QStringLiteral("sluicectl init")),
                 qPrintable(empty.error().message));
    }

    void initIsIdempotentAndConcurrent()
    {
        std::atomic_int failures{0};
        std::vector<std::thread> threads;
        for (int i = 0; i < 4; ++i) {
            threads.emplace_back([&] {
                if (!model::SchemaMigrator::migrate(m_db->superuserConninfo()).ok())
                    ++failures;
            });
        }
        for (auto &t : threads)
            t.join();
        QCOMPARE(failures.load(), 0);
        QCOMPARE(m_db->scalar(QStringLiteral("select count(*) from sluice.schema_version")),
                 QString::number(model::SchemaMigrator::knownVersion()));
    }
};

QTEST_GUILESS_MAIN(tst_Queue)
#include "tst_Queue.moc"
