// sluicectl as agents and scripts use it: every command, its exit codes, and bad input that changes nothing.

#include "TestDatabase.h"
#include "queue/QueueClient.h"
#include "services/ReviewWorker.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <pqxx/pqxx>

using namespace sluice;
using Login = test::TestDatabase::Login;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

} // namespace

class tst_Sluicectl : public QObject
{
    Q_OBJECT

    std::unique_ptr<test::TestDatabase> m_db;
    QTemporaryDir m_dir;

    Run ctl(const QStringList &args, std::optional<Login> as = std::nullopt, const QByteArray &input = {},
            const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
    {
        QProcess p;
        p.setProcessEnvironment(env);
        QStringList all;
        if (as)
            all << QStringLiteral("--db") << m_db->conninfo(*as);
        all += args;
        p.start(QStringLiteral(SLUICECTL_PATH), all);
        p.write(input);
        p.closeWriteChannel();
        if (!p.waitForFinished(60000))
            qFatal("sluicectl did not finish");
        return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
    }

    QString file(const QString &name, const QByteArray &content)
    {
        QFile f(m_dir.filePath(name));
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(f.fileName()));
        f.write(content);
        return f.fileName();
    }

    qint64 submitAs(Login login, const QByteArray &sql, const QStringList &extra = {})
    {
        const auto r =
            ctl(QStringList{QStringLiteral("submit"), QStringLiteral("--target"), QStringLiteral("shop"),
                            QStringLiteral("--title"), QStringLiteral("add note")} +
                    extra + QStringList{QStringLiteral("-")},
                login, sql);
        if (r.exitCode != 0)
            qFatal("submit failed: %s", r.err.constData());
        return r.out.trimmed().toLongLong();
    }

    void reviewAll()
    {
        auto service = model::QueueClient::connect(m_db->conninfo(Login::Service));
        QVERIFY(service.ok());
        QVERIFY(model::ReviewWorker(**service).reviewPending().ok());
    }

    QJsonObject show(qint64 id)
    {
        const auto r =
            ctl({QStringLiteral("show"), QString::number(id), QStringLiteral("--json")}, Login::Dba);
        return QJsonDocument::fromJson(r.out).object();
    }

    QString count(const QString &table)
    {
        return m_db->scalar(QStringLiteral("select count(*) from sluice.") + table);
    }

private slots:
    void initTestCase()
    {
        QString error;
        m_db = test::TestDatabase::create(QStringLiteral("ctl"), &error);
        QVERIFY2(m_db, qPrintable(error));
        QVERIFY(m_dir.isValid());
    }

    void cleanupTestCase() { m_db.reset(); }

    void usageAndHelp()
    {
        auto r = ctl({});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.contains("Commands:"));
        r = ctl({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        for (const auto *command :
             {"init", "submit", "revise", "list", "show", "approve", "reject", "audit", "admin"}) {
            r = ctl({QString::fromLatin1(command), QStringLiteral("--help")});
            QCOMPARE(r.exitCode, 0);
            QVERIFY2(r.out.contains("usage: sluicectl"), command);
        }
        r = ctl({QStringLiteral("frobnicate")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("unknown command"));
        r = ctl({QStringLiteral("list"), QStringLiteral("--bogus")});
        QCOMPARE(r.exitCode, 2);
    }

    void cannotConnectExitsFour()
    {
        const auto r = ctl({QStringLiteral("--db"), QStringLiteral("host=127.0.0.1 port=1 connect_timeout=2"),
                            QStringLiteral("list")});
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.err.contains("cannot connect"), r.err.constData());
    }

    // Issue 12: every client is a plain member of its Sluice role, over the Unix socket (the Debian default),
    // over TCP and with sslmode=require; nothing it runs needs superuser, pg_read_all_settings or pg_monitor.
    void everyRoleConnectsWithoutPrivileges()
    {
        const QList<Login> logins{Login::Agent,   Login::Dba,   Login::Oncall,
                                  Login::Auditor, Login::Admin, Login::Service};
        for (const auto login : logins) {
            const auto name = m_db->login(login);
            QCOMPARE(
                m_db->scalar(QStringLiteral("select rolsuper or pg_has_role(rolname, 'pg_read_all_settings', "
                                            "'USAGE') or pg_has_role(rolname, 'pg_monitor', 'USAGE') "
                                            "from pg_roles where rolname = '%1'")
                                 .arg(name)),
                QStringLiteral("f"));
            QVERIFY2(m_db->conninfo(login).contains(QStringLiteral("host=/")),
                     qPrintable(m_db->conninfo(login)));
            for (const auto &conninfo :
                 {m_db->conninfo(login), m_db->tcpConninfo(login, false), m_db->tcpConninfo(login, true)}) {
                const auto r = ctl({QStringLiteral("--db"), conninfo, QStringLiteral("list")});
                QVERIFY2(r.exitCode == 0,
                         qPrintable(conninfo + QStringLiteral(": ") + QString::fromUtf8(r.err)));
                auto client = model::QueueClient::connect(conninfo);
                QVERIFY2(client.ok(), qPrintable(conninfo));
                QVERIFY2(!(*client)->identity().server.isEmpty(), qPrintable(conninfo));
                QCOMPARE((*client)->identity().login, name);
            }
        }
        // sslmode=require really is TLS.
        pqxx::connection tls(m_db->tcpConninfo(Login::Agent, true).toStdString());
        pqxx::read_transaction tx(tls);
        QCOMPARE(tx.exec("select ssl from pg_stat_ssl where pid = pg_backend_pid()")[0][0].as<bool>(), true);
    }

    void initIsIdempotent()
    {
        const auto r = ctl({QStringLiteral("--db"), m_db->superuserConninfo(), QStringLiteral("init")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("already at version"), r.out.constData());
    }

    void adminCommands()
    {
        auto r = ctl({QStringLiteral("admin"), QStringLiteral("target"), QStringLiteral("add"),
                      QStringLiteral("shop"), QStringLiteral("--environment"), QStringLiteral("dev"),
                      QStringLiteral("--tag"), QStringLiteral("pii"), QStringLiteral("--tag"),
                      QStringLiteral("hot")},
                     Login::Admin);
        QCOMPARE(r.exitCode, 0);
        r = ctl({QStringLiteral("admin"), QStringLiteral("target"), QStringLiteral("list"),
                 QStringLiteral("--json")},
                Login::Agent);
        QCOMPARE(r.exitCode, 0);
        const auto targets = QJsonDocument::fromJson(r.out).array();
        QCOMPARE(targets.size(), 1);
        QCOMPARE(targets[0][QLatin1String("tags")].toArray().size(), 2);
        r = ctl({QStringLiteral("admin"), QStringLiteral("target"), QStringLiteral("add"),
                 QStringLiteral("x"), QStringLiteral("--environment"), QStringLiteral("dev")},
                Login::Dba);
        QCOMPARE(r.exitCode, 1);
        // Not granted EXECUTE (issue 12, fault 5): PostgreSQL refuses the call before the function runs.
        QVERIFY2(r.err.contains("permission denied for function add_target"), r.err.constData());
        r = ctl({QStringLiteral("admin"), QStringLiteral("delegate"), QStringLiteral("--agent"),
                 m_db->login(Login::Agent), QStringLiteral("--human"), m_db->login(Login::Human)},
                Login::Admin);
        QCOMPARE(r.exitCode, 0);
        r = ctl({QStringLiteral("admin"), QStringLiteral("delegate"), QStringLiteral("--agent"),
                 m_db->login(Login::Agent)},
                Login::Admin);
        QCOMPARE(r.exitCode, 2);
    }

    void submitFromFileAndStdin()
    {
        const auto path = file(QStringLiteral("m.sql"), "alter table orders add column note text;\n");
        auto r = ctl({QStringLiteral("submit"), QStringLiteral("--target"), QStringLiteral("shop"),
                      QStringLiteral("--title"), QStringLiteral("add note"), QStringLiteral("--reason"),
                      QStringLiteral("support"), QStringLiteral("--on-behalf-of"), m_db->login(Login::Human),
                      path},
                     Login::Agent);
        QCOMPARE(r.exitCode, 0);
        const auto id = r.out.trimmed().toLongLong();
        QVERIFY(id > 0);
        const auto change = show(id);
        QCOMPARE(change[QLatin1String("on_behalf_of")].toString(), m_db->login(Login::Human));
        // The queue computes the sha256 of exactly the bytes of the file.
        QCOMPARE(change[QLatin1String("revisions")].toArray()[0][QLatin1String("sha256")].toString(),
                 QString::fromLatin1(QCryptographicHash::hash("alter table orders add column note text;\n",
                                                              QCryptographicHash::Sha256)
                                         .toHex()));
        QVERIFY(submitAs(Login::Agent, "create index concurrently orders_note on orders (note);") > id);
        // Agent2 is not registered to act for the human.
        r = ctl({QStringLiteral("submit"), QStringLiteral("--target"), QStringLiteral("shop"),
                 QStringLiteral("--title"), QStringLiteral("t"), QStringLiteral("--on-behalf-of"),
                 m_db->login(Login::Human), path},
                Login::Agent2);
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("admin delegate"));
    }

    void badInputChangesNothing_data()
    {
        QTest::addColumn<QByteArray>("sql");
        QTest::addColumn<QString>("target");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QByteArray("\n  \n") << "shop" << 2 << "empty";
        QTest::newRow("not utf-8") << QByteArray("select 'caf\xe9';\n") << "shop" << 2 << "not valid UTF-8";
        QTest::newRow("over 4 MiB") << QByteArray(4 * 1024 * 1024 + 10, '\n') << "shop" << 2
                                    << "at most 4 MiB";
        QTest::newRow("unknown target") << QByteArray("select 1;") << "nowhere" << 1 << "no target named";
    }

    void badInputChangesNothing()
    {
        QFETCH(QByteArray, sql);
        QFETCH(QString, target);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const auto before = count(QStringLiteral("audit_log"));
        const auto path = file(QStringLiteral("bad.sql"), sql);
        const auto r = ctl({QStringLiteral("submit"), QStringLiteral("--target"), target,
                            QStringLiteral("--title"), QStringLiteral("t"), path},
                           Login::Agent);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
        QVERIFY(r.out.isEmpty());
        QCOMPARE(count(QStringLiteral("audit_log")), before);
        QCOMPARE(ctl({QStringLiteral("submit"), QStringLiteral("--target"), QStringLiteral("shop"),
                      QStringLiteral("--title"), QStringLiteral("t"),
                      m_dir.filePath(QStringLiteral("missing.sql"))},
                     Login::Agent)
                     .exitCode,
                 2);
    }

    void unparsableSqlIsQueuedButCannotBeApproved()
    {
        const auto r = ctl({QStringLiteral("submit"), QStringLiteral("--target"), QStringLiteral("shop"),
                            QStringLiteral("--title"), QStringLiteral("typo"), QStringLiteral("-")},
                           Login::Agent, "alter tabel orders add column x int;\n");
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains("syntax error"), r.err.constData());
        const auto id = r.out.trimmed().toLongLong();
        reviewAll();
        const auto change = show(id);
        QCOMPARE(change[QLatin1String("parse_ok")].toBool(true), false);
        const auto findings =
            change[QLatin1String("reviews")].toArray()[0][QLatin1String("findings")].toArray();
        QCOMPARE(findings[0][QLatin1String("rule")].toString(), QStringLiteral("syntax-error"));
        QCOMPARE(findings[0][QLatin1String("line")].toInt(), 1);
        const auto approve = ctl({QStringLiteral("approve"), QString::number(id),
                                  QStringLiteral("--revision"), change[QLatin1String("sha256")].toString()},
                                 Login::Dba);
        QCOMPARE(approve.exitCode, 1);
        QVERIFY2(approve.err.contains("does not parse"), approve.err.constData());
    }

    void listAndShow()
    {
        auto r = ctl({QStringLiteral("list")}, Login::Dba);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("    ID  STATUS"));
        r = ctl({QStringLiteral("list"), QStringLiteral("--status"), QStringLiteral("review"),
                 QStringLiteral("--json")},
                Login::Dba);
        QCOMPARE(r.exitCode, 0);
        const auto list = QJsonDocument::fromJson(r.out).array();
        QVERIFY(!list.isEmpty());
        for (const auto &change : list)
            QCOMPARE(change[QLatin1String("status")].toString(), QStringLiteral("review"));
        for (const auto *key :
             {"id", "title", "status", "target", "environment", "agent", "on_behalf_of", "revision", "sha256",
              "max_severity", "approvals", "required_approvals", "created_at"})
            QVERIFY2(list[0].toObject().contains(QLatin1String(key)), key);
        QCOMPARE(
            ctl({QStringLiteral("list"), QStringLiteral("--status"), QStringLiteral("pending")}, Login::Dba)
                .exitCode,
            2);
        QCOMPARE(ctl({QStringLiteral("list")}, Login::Agent2).out.count('\n'),
                 1); // header only: sees nothing

        const auto id = list[0][QLatin1String("id")].toInteger();
        r = ctl({QStringLiteral("show"), QString::number(id)}, Login::Dba);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("revisions:"));
        QCOMPARE(ctl({QStringLiteral("show"), QStringLiteral("999999")}, Login::Dba).exitCode, 1);
        QCOMPARE(ctl({QStringLiteral("show"), QStringLiteral("abc")}, Login::Dba).exitCode, 2);
        QCOMPARE(ctl({QStringLiteral("show"), QString::number(id)}, Login::Agent2).exitCode, 1);
    }

    void approveRejectRevise()
    {
        const auto id = submitAs(Login::Agent, "set lock_timeout = '2s';\nset statement_timeout = "
                                               "'1min';\nalter table orders add column tracking text;\n");
        reviewAll();
        const auto sha = show(id)[QLatin1String("sha256")].toString();
        auto r = ctl({QStringLiteral("approve"), QString::number(id), QStringLiteral("--revision"),
                      QStringLiteral("abc")},
                     Login::Dba);
        QCOMPARE(r.exitCode, 2);
        r = ctl({QStringLiteral("approve"), QString::number(id), QStringLiteral("--revision"), sha},
                Login::Agent);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("permission denied for function approve"), r.err.constData());

        // The agent revises: the sha256 the DBA looked at is now stale.
        const auto path =
            file(QStringLiteral("r2.sql"), "set lock_timeout = '2s';\nset statement_timeout = '1min';\nalter "
                                           "table orders add column tracking varchar(64);\n");
        r = ctl({QStringLiteral("revise"), QString::number(id), path}, Login::Agent);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("revision 2"));
        reviewAll();
        r = ctl({QStringLiteral("approve"), QString::number(id), QStringLiteral("--revision"), sha},
                Login::Dba);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("not the latest revision"), r.err.constData());

        r = ctl({QStringLiteral("reject"), QString::number(id)}, Login::Dba);
        QCOMPARE(r.exitCode, 2);
        r = ctl({QStringLiteral("reject"), QString::number(id), QStringLiteral("--comment"),
                 QStringLiteral("use text")},
                Login::Dba);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(show(id)[QLatin1String("status")].toString(), QStringLiteral("rejected"));

        r = ctl({QStringLiteral("revise"), QString::number(id), QStringLiteral("-")}, Login::Agent,
                "set lock_timeout = '2s';\nset statement_timeout = '1min';\nalter table orders add column "
                "tracking text;\n");
        QCOMPARE(r.exitCode, 0);
        reviewAll();
        const auto latest = show(id);
        QCOMPARE(latest[QLatin1String("status")].toString(), QStringLiteral("review"));
        QCOMPARE(latest[QLatin1String("revisions")].toArray().size(), 3);
        r = ctl({QStringLiteral("approve"), QString::number(id), QStringLiteral("--revision"),
                 latest[QLatin1String("sha256")].toString().toUpper(), QStringLiteral("--comment"),
                 QStringLiteral("ok")},
                Login::Dba);
        QCOMPARE(r.exitCode, 0);
        const auto approved = show(id);
        QCOMPARE(approved[QLatin1String("status")].toString(), QStringLiteral("approved"));
        const auto decisions = approved[QLatin1String("decisions")].toArray();
        QCOMPARE(decisions.last()[QLatin1String("decision")].toString(), QStringLiteral("approve"));
        QCOMPARE(decisions.last()[QLatin1String("comment")].toString(), QStringLiteral("ok"));
        QVERIFY(approved.contains(QLatin1String("executions")));
    }

    void overridesOnTheCommandLine()
    {
        const auto id = submitAs(Login::Agent, "set lock_timeout = '2s';\nset statement_timeout = '1min';\n"
                                               "create index orders_status_idx on orders (status);\n");
        reviewAll();
        const auto sha = show(id)[QLatin1String("sha256")].toString();
        auto r = ctl({QStringLiteral("approve"), QString::number(id), QStringLiteral("--revision"), sha},
                     Login::Dba);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("require-concurrent-index-creation at line 3"), r.err.constData());
        // And how to give the reason.
        QVERIFY2(r.err.contains("to go ahead anyway, add: --override "
                                "require-concurrent-index-creation:3=\"why it is safe here\""),
                 r.err.constData());
        r = ctl({QStringLiteral("approve"), QString::number(id), QStringLiteral("--revision"), sha,
                 QStringLiteral("--override"), QStringLiteral("require-concurrent-index-creation")},
                Login::Dba);
        QCOMPARE(r.exitCode, 2);
        r = ctl({QStringLiteral("approve"), QString::number(id), QStringLiteral("--revision"), sha,
                 QStringLiteral("--override"),
                 QStringLiteral("require-concurrent-index-creation:3=orders is tiny here")},
                Login::Dba);
        QCOMPARE(r.exitCode, 0);
        const auto decision = show(id)[QLatin1String("decisions")].toArray().last().toObject();
        QCOMPARE(decision[QLatin1String("overrides")].toArray()[0][QLatin1String("reason")].toString(),
                 QStringLiteral("orders is tiny here"));
    }

    void lintOffline()
    {
        const auto path = file(QStringLiteral("lint.sql"), "create index i on orders (x);\nselect 1;\n");
        auto r = ctl({QStringLiteral("lint"), path});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.contains(":1:19: error [require-concurrent-index-creation]"));
        QVERIFY(r.out.contains("^^^^^^"));
        r = ctl(
            {QStringLiteral("lint"), QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("-")},
            std::nullopt, "select 1;\n");
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(r.out)[QLatin1String("summary")][QLatin1String("errors")].toInt(),
                 0);
        QCOMPARE(
            ctl({QStringLiteral("lint"), QStringLiteral("--format"), QStringLiteral("xml"), path}).exitCode,
            2);
        QCOMPARE(ctl({QStringLiteral("lint"), m_dir.filePath(QStringLiteral("none.sql"))}).exitCode, 2);
        const auto config =
            file(QStringLiteral("lint.toml"),
                 "[rules]\nrequire-concurrent-index-creation = \"off\"\n"
                 "[environments.prod.rules]\nrequire-concurrent-index-creation = \"warning\"\n");
        r = ctl({QStringLiteral("lint"), QStringLiteral("--config"), config, path});
        QVERIFY(!r.out.contains("require-concurrent-index-creation"));
        r = ctl({QStringLiteral("lint"), QStringLiteral("--config"), config, QStringLiteral("--environment"),
                 QStringLiteral("prod"), path});
        QVERIFY(r.out.contains("warning [require-concurrent-index-creation]"));
    }

    void environmentVariablesConnect()
    {
        auto env = QProcessEnvironment::systemEnvironment();
        // The test cluster's conninfo is "host=... port=... user=...": spread it over PG* variables.
        for (const auto &part : m_db->conninfo(Login::Dba).split(QLatin1Char(' '))) {
            const auto kv = part.split(QLatin1Char('='));
            const QString var = kv[0] == QLatin1String("dbname") ? QStringLiteral("PGDATABASE")
                                                                 : QStringLiteral("PG") + kv[0].toUpper();
            env.insert(var, kv[1]);
        }
        const auto r = ctl({QStringLiteral("list"), QStringLiteral("--json")}, std::nullopt, {}, env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(!QJsonDocument::fromJson(r.out).array().isEmpty());
    }

    void auditVerifyAndExport()
    {
        auto r = ctl({QStringLiteral("audit"), QStringLiteral("verify")}, Login::Auditor);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("audit chain intact"));
        r = ctl({QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--json")},
                Login::Auditor);
        QCOMPARE(QJsonDocument::fromJson(r.out).object()[QLatin1String("intact")].toBool(), true);
        const auto rows = count(QStringLiteral("audit_log")).toInt();

        r = ctl({QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--format"),
                 QStringLiteral("json")},
                Login::Auditor);
        QCOMPARE(r.exitCode, 0);
        const auto exported = QJsonDocument::fromJson(r.out).array();
        QCOMPARE(exported.size(), rows);
        QCOMPARE(exported[0][QLatin1String("action")].toString(), QStringLiteral("target_add"));
        r = ctl({QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--format"),
                 QStringLiteral("csv")},
                Login::Auditor);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("seq,at,actor,on_behalf_of,action,"));
        QCOMPARE(r.out.count('\n'), rows + 1);
        QCOMPARE(ctl({QStringLiteral("audit"), QStringLiteral("export")}, Login::Auditor).exitCode, 2);
        QCOMPARE(ctl({QStringLiteral("audit"), QStringLiteral("verify")}, Login::Agent).exitCode, 1);

        m_db->exec(
            QStringLiteral("alter table sluice.audit_log disable trigger audit_log_no_update_delete; "
                           "update sluice.audit_log set actor = 'someone_else' where seq = 2; "
                           "alter table sluice.audit_log enable always trigger audit_log_no_update_delete"));
        r = ctl({QStringLiteral("audit"), QStringLiteral("verify")}, Login::Auditor);
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains("broken at row 2"), r.err.constData());
    }

    // Issue 12, fault 8: limits and empty scripts are bad input (exit 2, a sentence, nothing created), not a
    // raw CHECK violation (exit 1).
    void limitsAndEmptyScriptsAreBadInput_data()
    {
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QByteArray>("sql");
        QTest::addColumn<QString>("message");
        QTest::newRow("201-character title")
            << QString(201, QLatin1Char('t')) << QString() << QByteArray("select 1;\n")
            << "the title is 201 characters; it may be at most 200";
        QTest::newRow("10,001-character reason")
            << "t" << QString(10001, QLatin1Char('r')) << QByteArray("select 1;\n")
            << "the reason is 10001 characters; it may be at most 10000";
        QTest::newRow("only semicolons") << "t" << QString() << QByteArray(";\n;;\n") << "no statements";
        QTest::newRow("only comments")
            << "t" << QString() << QByteArray("-- a note\n/* and another */\n;\n") << "no statements";
    }

    void limitsAndEmptyScriptsAreBadInput()
    {
        QFETCH(QString, title);
        QFETCH(QString, reason);
        QFETCH(QByteArray, sql);
        QFETCH(QString, message);
        const auto before = count(QStringLiteral("changes"));
        const auto r =
            ctl({QStringLiteral("submit"), QStringLiteral("--target"), QStringLiteral("shop"),
                 QStringLiteral("--title"), title, QStringLiteral("--reason"), reason, QStringLiteral("-")},
                Login::Agent, sql);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
        QCOMPARE(count(QStringLiteral("changes")), before);
    }

    void connectionFailuresExitFour_data()
    {
        QTest::addColumn<QString>("conninfo");
        QTest::newRow("no such socket directory") << "host=/nonexistent/sluice dbname=x";
        QTest::newRow("no such database") << "dbname=no_such_queue_db";
        QTest::newRow("no such login") << "user=no_such_login_here";
    }

    void connectionFailuresExitFour()
    {
        QFETCH(QString, conninfo);
        // The test cluster's socket and port, with the row's change.
        QString base = m_db->conninfo(Login::Agent);
        for (const auto &part : conninfo.split(QLatin1Char(' '))) {
            const auto key = part.section(QLatin1Char('='), 0, 0);
            base.replace(QRegularExpression(QStringLiteral("\\b%1=\\S+").arg(key)), part);
        }
        for (const auto *command : {"list", "submit"}) {
            QStringList args{QStringLiteral("--db"), base, QString::fromLatin1(command)};
            if (QLatin1String(command) == QLatin1String("submit"))
                args << QStringLiteral("--target") << QStringLiteral("shop") << QStringLiteral("--title")
                     << QStringLiteral("t") << QStringLiteral("-");
            const auto r = ctl(args, std::nullopt, "select 1;\n");
            QVERIFY2(r.exitCode == 4, qPrintable(QStringLiteral("%1 %2: exit %3: %4")
                                                     .arg(base, QLatin1String(command))
                                                     .arg(r.exitCode)
                                                     .arg(QString::fromUtf8(r.err))));
        }
    }

    // Issue 12, fault 3: the connection breaks while a submit commits. sluicectl says the write is in doubt
    // (exit 5) and names its key; running it again with that key makes the change once, and again returns it.
    void anInDoubtWriteIsRetriedWithItsKey()
    {
        // A one-shot fault: the first commit of a change titled "in doubt" ends its own session at COMMIT.
        m_db->exec(QStringLiteral(
            "create sequence public.doubt_once; "
            "create function public.end_session_at_commit() returns trigger language plpgsql security "
            "definer "
            "as $$ begin if nextval('public.doubt_once') = 1 then perform "
            "pg_terminate_backend(pg_backend_pid()); "
            "perform pg_sleep(5); end if; return null; end $$; "
            "create constraint trigger end_session_at_commit after insert on sluice.changes deferrable "
            "initially deferred for each row when (new.title = 'in doubt') execute function "
            "public.end_session_at_commit()"));
        const QStringList submit{QStringLiteral("submit"),     QStringLiteral("--target"),
                                 QStringLiteral("shop"),       QStringLiteral("--title"),
                                 QStringLiteral("in doubt"),   QStringLiteral("--idempotency-key"),
                                 QStringLiteral("nightly-42"), QStringLiteral("-")};
        const QByteArray sql = "select 1;\n";
        auto r = ctl(submit, Login::Agent, sql);
        QCOMPARE(r.exitCode, 5);
        QVERIFY2(r.err.contains("may or may not have been done") &&
                     r.err.contains("run the same command again with --idempotency-key nightly-42"),
                 r.err.constData());
        const auto made = [&] {
            return m_db->scalar(
                QStringLiteral("select count(*) from sluice.changes where title = 'in doubt'"));
        };
        QCOMPARE(made(), QStringLiteral("0"));
        r = ctl(submit, Login::Agent, sql);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto id = r.out.trimmed();
        r = ctl(submit, Login::Agent, sql);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out.trimmed(), id);
        QCOMPARE(made(), QStringLiteral("1"));
        // The same key for other SQL is refused, not answered with the first change.
        r = ctl(submit, Login::Agent, "select 2;\n");
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("for another request"), r.err.constData());
        m_db->exec(
            QStringLiteral("drop trigger end_session_at_commit on sluice.changes; "
                           "drop function public.end_session_at_commit(); drop sequence public.doubt_once"));
    }

    // Issue 12, fault 1: SQL from a pipe arrives in chunks; all of it is stored, and an oversize pipe is
    // refused with its real size, changing nothing.
    void lintSubstitutesPsqlVariables()
    {
        const auto path = file(QStringLiteral("vars.sql"), "\\set ON_ERROR_STOP on\n"
                                                           "\\echo indexing :tbl\n"
                                                           "create index i on :\"tbl\" (x);\n");
        // Unset: one finding at the reference, not a syntax error.
        auto r = ctl({QStringLiteral("lint"), path});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains(":3:19: error [psql-unset-variable]"), r.out.constData());
        QVERIFY2(!r.out.contains("syntax-error"), r.out.constData());
        // --set gives it a value: the statement is reviewed on its own line and column.
        r = ctl({QStringLiteral("lint"), QStringLiteral("--set"), QStringLiteral("tbl=orders"), path});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains("vars.sql:3:19: error [require-concurrent-index-creation]"),
                 r.out.constData());
        QVERIFY2(r.out.contains("create index i on :\"tbl\" (x);"), r.out.constData());
        QVERIFY2(!r.out.contains("psql-"), r.out.constData());
        QCOMPARE(
            ctl({QStringLiteral("lint"), QStringLiteral("--set"), QStringLiteral("no value"), path}).exitCode,
            2);
        r = ctl({QStringLiteral("lint"), QStringLiteral("-")}, std::nullopt, "\\connect other\nselect 1;\n");
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains("<stdin>:1:1: error [psql-unsafe-meta-command]"), r.out.constData());
    }

    void lintFollowsIncludedFiles()
    {
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("inc/parts")));
        file(QStringLiteral("inc/parts/index.sql"), "-- the index\n\ncreate index i on orders (x);\n");
        const auto main =
            file(QStringLiteral("inc/main.sql"), "select 1;\n\\ir parts/index.sql\nselect 2;\n");
        auto r = ctl({QStringLiteral("lint"), main});
        QCOMPARE(r.exitCode, 1);
        // The finding names the included file and its own line.
        const auto included = QDir::cleanPath(m_dir.filePath(QStringLiteral("inc/parts/index.sql")));
        QVERIFY2(
            r.out.contains(
                (included + QStringLiteral(":3:19: error [require-concurrent-index-creation]")).toUtf8()),
            r.out.constData());
        r = ctl({QStringLiteral("lint"), QStringLiteral("--format"), QStringLiteral("json"), main});
        const auto finding =
            QJsonDocument::fromJson(r.out)[QLatin1String("files")][0][QLatin1String("findings")][0];
        QCOMPARE(finding[QLatin1String("file")].toString(), included);
        QCOMPARE(finding[QLatin1String("line")].toInt(), 3);
        // A missing file and a cycle are findings, not a hang.
        const auto loop = file(QStringLiteral("inc/loop.sql"), "\\ir loop.sql\n\\ir none.sql\n");
        r = ctl({QStringLiteral("lint"), loop});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains("includes itself"), r.out.constData());
        QVERIFY2(r.out.contains("cannot read"), r.out.constData());
    }

    void submitStoresTheResolvedSqlAndTheScript()
    {
        const QByteArray script = "\\set tbl orders\n"
                                  "\\timing on\n"
                                  "\\if :big\n"
                                  "create index concurrently orders_x on :\"tbl\" (x);\n"
                                  "\\else\n"
                                  "create index orders_x on :\"tbl\" (x);\n"
                                  "\\endif\n";
        const QByteArray resolved = "-- psql: \\set tbl orders\n"
                                    "-- psql: \\timing on\n"
                                    "-- psql: \\if :big\n"
                                    "create index concurrently orders_x on \"orders\" (x);\n"
                                    "-- psql: \\else\n"
                                    "-- create index orders_x on :\"tbl\" (x);\n"
                                    "-- psql: \\endif\n";
        // An undecidable \if (big is unset) is refused, and nothing is created.
        const auto before = count(QStringLiteral("changes"));
        auto r = ctl({QStringLiteral("submit"), QStringLiteral("--target"), QStringLiteral("shop"),
                      QStringLiteral("--title"), QStringLiteral("psql"), QStringLiteral("-")},
                     Login::Agent, script);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("standard input:3:5: psql variable big is not set"), r.err.constData());
        QCOMPARE(count(QStringLiteral("changes")), before);
        const auto id = submitAs(Login::Agent, script, {QStringLiteral("--set"), QStringLiteral("big=yes")});
        const auto revision = show(id)[QLatin1String("revisions")].toArray()[0].toObject();
        QCOMPARE(revision[QLatin1String("sql")].toString().toUtf8(), resolved);
        QCOMPARE(revision[QLatin1String("source")].toString().toUtf8(), script);
        // The sha256 covers exactly the SQL that runs.
        QCOMPARE(revision[QLatin1String("sha256")].toString(),
                 QString::fromLatin1(QCryptographicHash::hash(resolved, QCryptographicHash::Sha256).toHex()));
        // The review reads the resolved SQL on the script's lines.
        reviewAll();
        const auto change = show(id);
        QCOMPARE(change[QLatin1String("parse_ok")].toBool(false), true);
        // revise resolves too; plain SQL keeps no source.
        r = ctl({QStringLiteral("revise"), QString::number(id), QStringLiteral("--set"),
                 QStringLiteral("big=no"), QStringLiteral("-")},
                Login::Agent, script);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(show(id)[QLatin1String("revisions")].toArray()[1][QLatin1String("sql")].toString().contains(
            QStringLiteral("\ncreate index orders_x on \"orders\" (x);")));
        const auto plain = submitAs(Login::Agent, "select 1;\n");
        QVERIFY(!show(plain)[QLatin1String("revisions")].toArray()[0].toObject().contains(
            QLatin1String("source")));
    }

    void submitRefusesIncludesAndConnect_data()
    {
        QTest::addColumn<QByteArray>("script");
        QTest::addColumn<QString>("message");
        QTest::newRow("\\i") << QByteArray("select 1;\n\\i other.sql\n")
                             << "2:1: this includes other.sql, and the "
                                "queue stores one self-contained text";
        QTest::newRow("\\ir") << QByteArray("\\ir other.sql\n") << "one self-contained text";
        QTest::newRow("\\connect") << QByteArray("select 1;\n\\connect reporting\nselect 2;\n")
                                   << "2:1: \\connect switches to another database";
        QTest::newRow("\\gexec") << QByteArray("select 'select 1' \\gexec\n") << "\\gexec runs every value";
        QTest::newRow("unset variable") << QByteArray("drop table :tbl;\n") << "psql variable tbl is not set";
    }

    void submitRefusesIncludesAndConnect()
    {
        QFETCH(QByteArray, script);
        QFETCH(QString, message);
        const auto before = count(QStringLiteral("audit_log"));
        const auto path = file(QStringLiteral("refused.sql"), script);
        const auto r = ctl({QStringLiteral("submit"), QStringLiteral("--target"), QStringLiteral("shop"),
                            QStringLiteral("--title"), QStringLiteral("t"), path},
                           Login::Agent);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
        QVERIFY2(r.err.contains("nothing was submitted"), r.err.constData());
        QVERIFY(r.out.isEmpty());
        QCOMPARE(count(QStringLiteral("audit_log")), before);
    }

    void stdinIsReadToTheEnd()
    {
        m_db->exec(QStringLiteral("select 1 from sluice_api.add_target('pipe', 'dev', '{}')"), Login::Admin);
        QByteArray sql;
        for (int i = 0; sql.size() < 300000; ++i)
            sql += "insert into t values (" + QByteArray::number(i) + ", 'part');\n";
        auto r = ctl({QStringLiteral("submit"), QStringLiteral("--target"), QStringLiteral("pipe"),
                      QStringLiteral("--title"), QStringLiteral("long pipe"), QStringLiteral("-")},
                     Login::Agent, sql);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto id = r.out.trimmed();
        QCOMPARE(
            m_db->scalar(QStringLiteral("select octet_length(sql) from sluice.revisions where change_id = %1")
                             .arg(QString::fromLatin1(id))),
            QString::number(sql.size()));
        const auto before = count(QStringLiteral("changes"));
        QByteArray huge(5243280, 'x');
        huge.prepend("select '");
        huge.append("';\n");
        r = ctl({QStringLiteral("submit"), QStringLiteral("--target"), QStringLiteral("pipe"),
                 QStringLiteral("--title"), QStringLiteral("huge"), QStringLiteral("-")},
                Login::Agent, huge);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QByteArray::number(huge.size()) + " bytes"), r.err.constData());
        QCOMPARE(count(QStringLiteral("changes")), before);
        // lint checks its input as submit does: a NUL byte is not a clean file.
        r = ctl({QStringLiteral("lint"), QStringLiteral("-")}, std::nullopt,
                QByteArray("select 1;\0 drop table x;\n", 26));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("NUL byte"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(tst_Sluicectl)
#include "tst_Sluicectl.moc"
