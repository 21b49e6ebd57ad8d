// The whole analysis of a revision against real PostgreSQL: catalog facts, the shadow dry-run, EXPLAIN, data
// probes, blast radius and risk, the rollback plan with its round trip and the schema diff; stored by the
// service bound to the revision and shown to every client.

#include "TestDatabase.h"
#include "queue/QueueClient.h"
#include "services/AnalysisWorker.h"
#include "services/ReviewWorker.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>
#include <pqxx/pqxx>

using namespace sluice;
using Login = test::TestDatabase::Login;

namespace {

constexpr auto kShop = R"SQL(
create table customers (id bigint primary key, email text not null, nickname text);
create table orders (id bigint primary key, customer_id bigint not null references customers (id),
                     total integer not null, note text);
create table order_items (order_id bigint not null references orders (id) on delete cascade,
                          line integer not null, sku text not null, primary key (order_id, line));
create view big_orders as select id, customer_id from orders where customer_id > 1000;
insert into customers select g, 'c' || g || '@example.com', case when g % 10 = 0 then null else 'n' || g end
  from generate_series(1, 2000) g;
insert into orders select g, 1 + g % 2000, g % 5000, null from generate_series(1, 20000) g;
insert into order_items select g, 1, 'SKU-' || g from generate_series(1, 20000) g;
analyze;
)SQL";

QJsonObject relationIn(const QJsonObject &document, int ordinal, const QString &name)
{
    for (const auto &s : document.value(QLatin1String("statements")).toArray()) {
        if (s.toObject().value(QLatin1String("ordinal")).toInt() != ordinal)
            continue;
        for (const auto &r : s.toObject().value(QLatin1String("relations")).toArray()) {
            if (r.toObject().value(QLatin1String("name")).toString() == name)
                return r.toObject();
        }
    }
    return {};
}

QStringList ruleIds(const QJsonArray &findings)
{
    QStringList ids;
    for (const auto &f : findings)
        ids << f.toObject().value(QLatin1String("rule")).toString();
    return ids;
}

} // namespace

class tst_Analysis : public QObject
{
    Q_OBJECT

    std::unique_ptr<test::TestDatabase> m_db;
    model::AnalysisWorker::Target m_target;
    model::ServiceConfig m_config;

private slots:
    void initTestCase()
    {
        QString error;
        m_db = test::TestDatabase::create(QStringLiteral("analysis"), &error);
        QVERIFY2(m_db, qPrintable(error));
        m_db->addStandardTarget(QStringLiteral("prod"));
        const auto target = m_db->createTargetDatabase(QStringLiteral("shop"));
        pqxx::connection conn(target.toStdString());
        pqxx::work tx(conn);
        tx.exec(kShop);
        tx.commit();

        m_target.name = QStringLiteral("shop");
        m_target.readonlyConninfo = target;
        m_target.settings.readonlyConninfo = target;
        m_target.settings.shadowServerConninfo = m_db->superuserConninfo();
        m_target.settings.shadowDatabase = m_db->databaseName() + QStringLiteral("_shadow");
        m_target.tags = {{QStringLiteral("public.customers"), QStringLiteral("email"), QStringLiteral("pii")},
                         {QStringLiteral("public.orders"), {}, QStringLiteral("hot")}};
        m_target.throughput = model::Throughput{50e6, 200e6, 40e6, QStringLiteral("15")};

        m_config.targets.insert(QStringLiteral("shop"), target);
        m_config.analysis.insert(QStringLiteral("shop"), m_target.settings);
    }

    void rewriteOfAHotTableIsFoundAndRollsBack()
    {
        const auto doc = model::AnalysisWorker::analyse("alter table orders alter column total type bigint;\n"
                                                        "alter table orders add column gift_note text;\n",
                                                        m_target);
        if (qEnvironmentVariableIsSet("SLUICE_TEST_DUMP"))
            qInfo().noquote() << QJsonDocument(doc).toJson();
        // 1.5 MB rewrites in well under a second: a hot table without lock_timeout is what makes it moderate.
        const auto risk = doc.value(QLatin1String("risk")).toObject();
        QCOMPARE(risk.value(QLatin1String("level")).toString(), QStringLiteral("moderate"));
        QVERIFY(risk.value(QLatin1String("reasons"))
                    .toArray()
                    .first()
                    .toString()
                    .contains(QLatin1String("public.orders")));
        const auto orders = relationIn(doc, 1, QStringLiteral("public.orders"));
        QCOMPARE(orders.value(QLatin1String("lock")).toString(), QStringLiteral("AccessExclusiveLock"));
        QCOMPARE(orders.value(QLatin1String("rewrite")).toBool(), true);
        QCOMPARE(orders.value(QLatin1String("observed")).toBool(), true);
        QVERIFY(orders.value(QLatin1String("bytes")).toDouble() > 500000);
        QVERIFY(orders.value(QLatin1String("seconds_high")).toDouble() > 0);
        QVERIFY(orders.value(QLatin1String("tags")).toArray().contains(QStringLiteral("hot")));
        // The view does not use total, so nothing breaks; it is still drawn as a dependent of orders.
        QVERIFY(orders.value(QLatin1String("dependents")).toArray().isEmpty());
        bool viewEdge = false;
        for (const auto &e :
             doc.value(QLatin1String("graph")).toObject().value(QLatin1String("edges")).toArray())
            viewEdge = viewEdge || e.toObject().value(QLatin1String("from")).toString() ==
                                       QLatin1String("public.big_orders");
        QVERIFY(viewEdge);

        const auto rollback = doc.value(QLatin1String("rollback")).toObject();
        QVERIFY2(rollback.value(QLatin1String("verified")).toBool(),
                 qPrintable(rollback.value(QLatin1String("verification")).toString()));
        QVERIFY(rollback.value(QLatin1String("sql")).toString().contains(QLatin1String("gift_note")));

        const auto diff = doc.value(QLatin1String("diff")).toArray();
        QStringList objects;
        for (const auto &change : diff)
            objects << change.toObject().value(QLatin1String("kind")).toString() + QLatin1Char(' ') +
                           change.toObject().value(QLatin1String("object")).toString();
        QVERIFY2(objects.contains(QStringLiteral("column public.orders.gift_note")),
                 qPrintable(objects.join(", ")));
        QVERIFY2(objects.contains(QStringLiteral("column public.orders.total")),
                 qPrintable(objects.join(", ")));
    }

    void dataChangesAreEstimatedAndProbesFindBadData()
    {
        // As a read-only login: EXPLAIN of the UPDATE itself would need the UPDATE privilege.
        const auto reader = m_db->databaseName() + QStringLiteral("_reader");
        m_db->exec(
            QStringLiteral("create role %1 login in role pg_read_all_data, pg_read_all_stats").arg(reader));
        auto target = m_target;
        target.readonlyConninfo.replace(QStringLiteral("user=postgres"), QStringLiteral("user=") + reader);
        const auto doc =
            model::AnalysisWorker::analyse("update orders set note = 'x' where total > 2500;\n"
                                           "alter table customers alter column nickname set not null;\n",
                                           target);
        QVERIFY2(doc.value(QLatin1String("unknowns")).toArray().isEmpty(),
                 QJsonDocument(doc.value(QLatin1String("unknowns")).toArray()).toJson().constData());
        const auto statements = doc.value(QLatin1String("statements")).toArray();
        const auto rows = statements.at(0).toObject().value(QLatin1String("rows")).toDouble();
        QVERIFY2(rows > 5000 && rows < 15000, qPrintable(QString::number(rows))); // about half of 20,000
        QVERIFY(ruleIds(doc.value(QLatin1String("probes")).toArray())
                    .contains(QStringLiteral("probe-not-null-violation")));
    }

    void concurrentStatementsAreInTheDiffAndTheRoundTrip()
    {
        const auto doc = model::AnalysisWorker::analyse("create index concurrently orders_by_total on orders "
                                                        "(total);\nalter table orders drop column note;\n",
                                                        m_target);
        const auto statements = doc.value(QLatin1String("statements")).toArray();
        QCOMPARE(statements.at(0).toObject().value(QLatin1String("source")).toString(),
                 QStringLiteral("static"));
        const auto rollback = doc.value(QLatin1String("rollback")).toObject();
        QVERIFY2(rollback.value(QLatin1String("verified")).toBool(),
                 qPrintable(rollback.value(QLatin1String("verification")).toString()));
        // The dropped column comes back, last: verified but for column order, and said so.
        QVERIFY(
            rollback.value(QLatin1String("verification")).toString().contains(QLatin1String("column order")));
        QStringList objects;
        for (const auto &change : doc.value(QLatin1String("diff")).toArray())
            objects << change.toObject().value(QLatin1String("object")).toString();
        QVERIFY2(objects.contains(QStringLiteral("public.orders_by_total")), qPrintable(objects.join(", ")));
    }

    void aFailingStatementIsReportedAndTheRoundTripSaysWhy()
    {
        // The view big_orders uses customer_id: PostgreSQL refuses the type change, which only the shadow
        // shows.
        const auto doc =
            model::AnalysisWorker::analyse("alter table orders alter column customer_id type integer;\n"
                                           "alter table orders add column later text;\n",
                                           m_target);
        const auto statements = doc.value(QLatin1String("statements")).toArray();
        QCOMPARE(statements.at(0).toObject().value(QLatin1String("source")).toString(),
                 QStringLiteral("failed"));
        QVERIFY(statements.at(0)
                    .toObject()
                    .value(QLatin1String("error"))
                    .toString()
                    .contains(QLatin1String("view")));
        QCOMPARE(statements.at(1).toObject().value(QLatin1String("source")).toString(),
                 QStringLiteral("not_run"));
        const auto rollback = doc.value(QLatin1String("rollback")).toObject();
        QVERIFY(rollback.value(QLatin1String("verified")).isNull());
        QVERIFY(
            rollback.value(QLatin1String("verification")).toString().contains(QLatin1String("statement 1")));
    }

    void anUnreachableTargetIsUnknownNotZero()
    {
        auto target = m_target;
        target.readonlyConninfo = QStringLiteral("host=127.0.0.1 port=1 dbname=nowhere connect_timeout=2");
        const auto doc = model::AnalysisWorker::analyse("alter table orders add column x int;", target);
        if (qEnvironmentVariableIsSet("SLUICE_TEST_DUMP"))
            qInfo().noquote() << QJsonDocument(doc).toJson();
        QVERIFY(!doc.value(QLatin1String("unknowns")).toArray().isEmpty());
        const auto level =
            doc.value(QLatin1String("risk")).toObject().value(QLatin1String("level")).toString();
        QVERIFY2(level != QLatin1String("low"), qPrintable(level));
        const auto orders = relationIn(doc, 1, QStringLiteral("public.orders"));
        QVERIFY(orders.value(QLatin1String("bytes")).isNull());
    }

    void theServiceStoresItAndEveryoneSeesIt()
    {
        auto agent = model::QueueClient::connect(m_db->conninfo(Login::Agent));
        QVERIFY(agent.ok());
        const auto id = (*agent)->submit({QStringLiteral("shop"),
                                          QStringLiteral("index orders by total"),
                                          QStringLiteral("reports"),
                                          {},
                                          "create index orders_total on orders (total);"});
        QVERIFY(id.ok());
        auto service = model::QueueClient::connect(m_db->conninfo(Login::Service));
        QVERIFY(service.ok());
        model::AnalysisWorker worker(**service, m_config);
        const auto stored = worker.analysePending();
        QVERIFY2(stored.ok(), stored.ok() ? "" : qPrintable(stored.error().message));
        QCOMPARE(*stored, 1);
        QCOMPARE(*worker.analysePending(), 0); // bound to the revision and analyzer version: done once

        // The throughput was measured once and stored for the target.
        QVERIFY((*service)->throughput(QStringLiteral("shop"))->has_value());

        auto dba = model::QueueClient::connect(m_db->conninfo(Login::Dba));
        const auto change = (*dba)->change(*id);
        QVERIFY(change.ok());
        QCOMPARE(change->analyses.size(), 1);
        QCOMPARE(change->analyses[0].sha256, change->summary.sha256);
        const auto orders = relationIn(change->analyses[0].document, 1, QStringLiteral("public.orders"));
        QCOMPARE(orders.value(QLatin1String("lock")).toString(), QStringLiteral("ShareLock"));
        QCOMPARE(orders.value(QLatin1String("blocks")).toString(), QStringLiteral("writes and DDL"));
        QCOMPARE(change->analyses[0]
                     .document.value(QLatin1String("rollback"))
                     .toObject()
                     .value(QLatin1String("verified"))
                     .toBool(),
                 true);
        // The agent sees its own change's analysis too.
        QCOMPARE((*agent)->change(*id)->analyses.size(), 1);
        // Only the service may store one.
        model::PendingAnalysis forged{0, *id, 1, change->summary.sha256, {}, QStringLiteral("shop"), {}};
        QVERIFY(!(*dba)->storeAnalysis(forged, QStringLiteral("x"), QStringLiteral("low"), {}).ok());
    }

    // An error the analysis finds on the target (here a data probe: the column has NULLs) is enforced by the
    // queue database like the review's errors: no approval without a written reason for it.
    void anErrorFoundOnTheTargetNeedsAnOverrideToApprove()
    {
        auto agent = model::QueueClient::connect(m_db->conninfo(Login::Agent));
        QVERIFY(agent.ok());
        const auto id = (*agent)->submit({QStringLiteral("shop"),
                                          QStringLiteral("nickname required"),
                                          QStringLiteral("profiles"),
                                          {},
                                          "alter table customers alter column nickname set not null;"});
        QVERIFY(id.ok());
        auto service = model::QueueClient::connect(m_db->conninfo(Login::Service));
        QVERIFY(service.ok());
        QVERIFY(model::ReviewWorker(**service).reviewPending().ok());

        auto dba = model::QueueClient::connect(m_db->conninfo(Login::Dba));
        QVERIFY(dba.ok());
        const auto sha = (*dba)->change(*id)->summary.sha256;
        // The review's own error findings, overridden; the analysis's are unknown until it is stored.
        QList<model::FindingOverride> overrides;
        const auto reviewed = (*dba)->change(*id);
        QVERIFY(reviewed.ok());
        for (const auto &review : reviewed->reviews) {
            for (const auto &f : review.findings) {
                const auto o = f.toObject();
                if (o.value(QLatin1String("severity")).toString() == QLatin1String("error"))
                    overrides.append({o.value(QLatin1String("rule")).toString(),
                                      o.value(QLatin1String("line")).toInt(), QStringLiteral("small table")});
            }
        }

        model::AnalysisWorker worker(**service, m_config);
        QVERIFY(worker.analysePending().ok());
        const auto analyses = (*dba)->change(*id)->analyses;
        QCOMPARE(analyses.size(), 1);
        QVERIFY(ruleIds(analyses[0].document.value(QLatin1String("probes")).toArray())
                    .contains(QStringLiteral("probe-not-null-violation")));

        const auto refused = (*dba)->approve(*id, sha, {}, overrides);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message.contains(QLatin1String("the analysis")) &&
                     refused.error().message.contains(QLatin1String("probe-not-null-violation at line 1")),
                 qPrintable(refused.error().message));
        QCOMPARE((*dba)->change(*id)->summary.status, QStringLiteral("review")); // nothing changed

        // An override without a reason does not count.
        auto blank = overrides;
        blank.append({QStringLiteral("probe-not-null-violation"), 1, QStringLiteral("  ")});
        QVERIFY(!(*dba)->approve(*id, sha, {}, blank).ok());

        overrides.append({QStringLiteral("probe-not-null-violation"), 1,
                          QStringLiteral("the NULL rows are backfilled by the job that runs first")});
        const auto approved = (*dba)->approve(*id, sha, {}, overrides);
        QVERIFY2(approved.ok(), approved.ok() ? "" : qPrintable(approved.error().message));
    }
};

QTEST_GUILESS_MAIN(tst_Analysis)
#include "tst_Analysis.moc"
