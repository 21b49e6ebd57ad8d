// The blast radius of a migration from hand-made shadow traces and catalog facts: locks and what they block,
// rewrites, durations, queues, sessions, rows, cascades, tags, dependents, the risk level and the graph.

#include "review/BlastRadius.h"

#include <QtTest>
#include <algorithm>

using namespace sluice::review;

namespace {

constexpr std::int64_t kMB = 1024 * 1024, kGB = 1024 * kMB;

using Source = StatementTrace::Source;

StatementTrace shadow(std::vector<StatementTrace::Lock> locks, std::set<std::string> rewritten = {},
                      std::optional<std::int64_t> rows = {})
{
    StatementTrace t;
    t.source = Source::Shadow;
    t.locks = std::move(locks);
    t.rewritten = std::move(rewritten);
    t.rows = rows;
    return t;
}

CatalogFacts::Table table(std::int64_t totalBytes, std::int64_t rows)
{
    CatalogFacts::Table t;
    t.totalBytes = totalBytes;
    t.heapBytes = totalBytes * 3 / 4;
    t.rowEstimate = rows;
    return t;
}

CatalogFacts::Session session(int pid, const std::string &lock, double seconds)
{
    CatalogFacts::Session s;
    s.pid = pid;
    s.user = "app";
    s.state = "idle in transaction";
    s.lockMode = lock;
    s.transactionSeconds = seconds;
    return s;
}

BlastRadius compute(std::string_view sql, const std::vector<StatementTrace> &traces,
                    const CatalogFacts &catalog)
{
    const auto script = parseScript(sql);
    return computeBlastRadius(script, traces, catalog);
}

const BlastRadius::Relation *relation(const BlastRadius::Statement &s, const std::string &name)
{
    const auto it =
        std::find_if(s.relations.begin(), s.relations.end(), [&](const auto &r) { return r.name == name; });
    return it == s.relations.end() ? nullptr : &*it;
}

bool hasReason(const BlastRadius &b, std::initializer_list<std::string_view> words)
{
    return std::any_of(b.reasons.begin(), b.reasons.end(), [&](const auto &r) {
        return std::all_of(words.begin(), words.end(),
                           [&](auto w) { return r.text.find(w) != std::string::npos; });
    });
}

bool contains(const std::vector<std::string> &list, std::string_view needle)
{
    return std::any_of(list.begin(), list.end(),
                       [&](const auto &s) { return s.find(needle) != std::string::npos; });
}

QString reasons(const BlastRadius &b)
{
    QStringList out;
    for (const auto &r : b.reasons)
        out << QString::fromStdString(std::string(riskName(r.level)) + ": " + r.text);
    return out.join('\n');
}

} // namespace

class tst_BlastRadius : public QObject
{
    Q_OBJECT

private slots:
    void lockBlocksInADbasWords_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QString>("blocks");
        QTest::newRow("access exclusive") << "AccessExclusiveLock"
                                          << "reads, writes and DDL";
        QTest::newRow("exclusive") << "ExclusiveLock"
                                   << "writes and DDL";
        QTest::newRow("share row exclusive") << "ShareRowExclusiveLock"
                                             << "writes and DDL";
        QTest::newRow("share") << "ShareLock"
                               << "writes and DDL";
        QTest::newRow("share update exclusive") << "ShareUpdateExclusiveLock"
                                                << "DDL";
        QTest::newRow("row exclusive") << "RowExclusiveLock"
                                       << "DDL";
        QTest::newRow("row share") << "RowShareLock"
                                   << "nothing but ACCESS EXCLUSIVE";
        QTest::newRow("access share") << "AccessShareLock"
                                      << "nothing but ACCESS EXCLUSIVE";
        QTest::newRow("spelled as in the docs") << "ACCESS EXCLUSIVE"
                                                << "reads, writes and DDL";
        QTest::newRow("none") << ""
                              << "nothing";
    }

    void lockBlocksInADbasWords()
    {
        QFETCH(QString, mode);
        QFETCH(QString, blocks);
        QCOMPARE(QString::fromStdString(lockBlocks(mode.toStdString())), blocks);
    }

    void riskNames()
    {
        QCOMPARE(riskName(Risk::Low), std::string_view("low"));
        QCOMPARE(riskName(Risk::Moderate), std::string_view("moderate"));
        QCOMPARE(riskName(Risk::High), std::string_view("high"));
        QCOMPARE(riskName(Risk::Critical), std::string_view("critical"));
    }

    void rewriteOfAHotGigabyteTableIsCritical()
    {
        CatalogFacts catalog;
        auto orders = table(kGB, 10'000'000);
        orders.tags = {"hot"};
        orders.writesPerSecond = 200;
        catalog.tables["public.orders"] = orders;
        catalog.rewriteBytesPerSecond = 50e6;
        const auto b =
            compute("alter table orders alter column total type bigint;",
                    {shadow({{"public.orders", "AccessExclusiveLock"}}, {"public.orders"})}, catalog);

        QCOMPARE(b.statements.size(), std::size_t(1));
        const auto &s = b.statements[0];
        QCOMPARE(s.source, Source::Shadow);
        const auto *r = relation(s, "public.orders");
        QVERIFY(r);
        QVERIFY(r->observed);
        QCOMPARE(r->lock, std::string("AccessExclusiveLock"));
        QCOMPARE(r->blocks, std::string("reads, writes and DDL"));
        QVERIFY(r->rewrite);
        QCOMPARE(*r->bytes, kGB);
        QCOMPARE(*r->rows, std::int64_t(10'000'000));
        const double point = double(kGB) / 50e6;
        QVERIFY(qFuzzyCompare(*r->secondsLow, point * 0.7));
        QVERIFY(qFuzzyCompare(*r->secondsHigh, point * 2.0));
        QVERIFY(qFuzzyCompare(*s.secondsHigh, point * 2.0));
        QVERIFY2(b.risk >= Risk::High, qPrintable(reasons(b)));
        QCOMPARE(b.risk, Risk::Critical);
        QCOMPARE(b.reasons.front().statement, std::size_t(1));
        QVERIFY2(
            hasReason(b, {"public.orders (1 GB)", "rewritten", "ACCESS EXCLUSIVE", "reads, writes and DDL"}),
            qPrintable(reasons(b)));
        QCOMPARE(*b.totals.bytes, kGB);
    }

    void queueBehindALockThatBlocksWrites()
    {
        CatalogFacts catalog;
        auto orders = table(100 * kMB, 1'000'000);
        orders.writesPerSecond = 100;
        catalog.tables["public.orders"] = orders;
        catalog.rewriteBytesPerSecond = 50e6;
        const auto b =
            compute("alter table orders alter column total type bigint;",
                    {shadow({{"public.orders", "AccessExclusiveLock"}}, {"public.orders"})}, catalog);
        const auto *r = relation(b.statements[0], "public.orders");
        QVERIFY(r && r->queuedWritesLow && r->queuedWritesHigh);
        const double point = double(100 * kMB) / 50e6;
        QVERIFY(qFuzzyCompare(*r->queuedWritesLow, 100 * point * 0.7));
        QVERIFY(qFuzzyCompare(*r->queuedWritesHigh, 100 * point * 2.0));
        QVERIFY2(hasReason(b, {"writes queue behind it"}), qPrintable(reasons(b)));

        // A lock that only blocks DDL queues no writes.
        const auto cic = compute("create index concurrently i on orders (total);", {}, catalog);
        QVERIFY(!relation(cic.statements[0], "public.orders")->queuedWritesHigh);
    }

    void concurrentIndexBuildOnABigTableIsStatic()
    {
        CatalogFacts catalog;
        auto events = table(14 * kGB, 200'000'000);
        events.heapBytes = 10 * kGB;
        events.writesPerSecond = 500;
        catalog.tables["public.events"] = events;
        catalog.scanBytesPerSecond = 500e6;
        catalog.indexBuildBytesPerSecond = 100e6;
        catalog.longTransactions = {session(77, "", 3600)};
        StatementTrace trace;
        trace.source = Source::Static;
        const auto b = compute("create index concurrently events_at on events (at);", {trace}, catalog);

        const auto &s = b.statements[0];
        QCOMPARE(s.source, Source::Static);
        const auto *r = relation(s, "public.events");
        QVERIFY(r);
        QVERIFY(!r->observed);
        QCOMPARE(r->lock, std::string("ShareUpdateExclusiveLock"));
        QCOMPARE(r->blocks, std::string("DDL"));
        QVERIFY(r->indexBuild);
        QVERIFY(!r->rewrite);
        QCOMPARE(*r->bytes, 10 * kGB);
        // Two passes over the heap: the build and the validation scan.
        const double point = double(10 * kGB) / 500e6 + double(10 * kGB) / 100e6;
        QVERIFY(qFuzzyCompare(*r->secondsHigh, point * 2.0));
        // An old transaction delays a concurrent build whatever it touched.
        QCOMPARE(r->sessions.size(), std::size_t(1));
        QCOMPARE(r->sessions[0].pid, 77);
        QCOMPARE(b.risk, Risk::Moderate);
        QVERIFY2(hasReason(b, {"public.events", "reads and writes continue", "predicted without the shadow"}),
                 qPrintable(reasons(b)));
    }

    void unknownSizeRaisesTheRiskAndSaysSo()
    {
        CatalogFacts catalog;
        catalog.tables["public.audit"] = {};
        catalog.rewriteBytesPerSecond = 50e6;
        catalog.unknowns = {"sizes of public.audit: canceling statement due to statement timeout"};
        const auto b = compute("alter table audit alter column payload type jsonb;", {}, catalog);

        const auto &s = b.statements[0];
        QCOMPARE(s.source, Source::NotRun);
        const auto *r = relation(s, "public.audit");
        QVERIFY(r && r->rewrite && !r->observed);
        QVERIFY(!r->bytes);
        QVERIFY(!r->secondsLow && !r->secondsHigh);
        QVERIFY(!s.secondsHigh);
        QVERIFY(!b.totals.secondsHigh);
        QVERIFY(!b.totals.bytes);
        QVERIFY2(b.risk >= Risk::Moderate, qPrintable(reasons(b)));
        QVERIFY2(hasReason(b, {"public.audit", "size is unknown"}), qPrintable(reasons(b)));
        QVERIFY(contains(b.unknowns, "canceling statement due to statement timeout"));
        QVERIFY(contains(b.unknowns, "duration of statement 1 on public.audit"));

        // A throughput never measured is unknown too.
        CatalogFacts unmeasured;
        unmeasured.tables["public.audit"] = table(kGB, 1000);
        const auto u = compute("alter table audit alter column payload type jsonb;", {}, unmeasured);
        QVERIFY(u.risk >= Risk::Moderate);
        QVERIFY2(hasReason(u, {"throughput has not been measured", "unknown"}), qPrintable(reasons(u)));
    }

    void tableCreatedInTheMigrationHasNoBlockingImpact()
    {
        CatalogFacts catalog;
        StatementTrace create = shadow({});
        create.created = {"public.a"};
        const auto sql = "create table a (id int);\n"
                         "create index a_id on a (id);\n"
                         "alter table a add column b uuid default gen_random_uuid();";
        for (const auto &traces :
             {std::vector<StatementTrace>{}, std::vector{create, shadow({}), shadow({})}}) {
            const auto b = compute(sql, traces, catalog);
            QCOMPARE(b.statements.size(), std::size_t(3));
            for (const auto &s : b.statements) {
                const auto *r = relation(s, "public.a");
                QVERIFY(r);
                QVERIFY(r->isNew);
                QCOMPARE(r->blocks, std::string("nothing: new in this migration"));
                QVERIFY(r->sessions.empty());
                QVERIFY(!r->queuedWritesHigh);
                QCOMPARE(s.risk, Risk::Low);
            }
            QCOMPARE(b.risk, Risk::Low);
            QVERIFY(b.unknowns.empty());
            QCOMPARE(b.nodes.size(), std::size_t(1));
            QVERIFY(b.nodes[0].isNew);
        }
    }

    void dmlRowsComeFromTheTrace()
    {
        CatalogFacts catalog;
        catalog.tables["public.orders"] = table(kGB, 10'000'000);
        const auto b =
            compute("update orders set status = 'archived' where created < now() - interval '1 year';",
                    {shadow({{"public.orders", "RowExclusiveLock"}}, {}, 250'000)}, catalog);
        const auto &s = b.statements[0];
        QCOMPARE(*s.rows, std::int64_t(250'000));
        const auto *r = relation(s, "public.orders");
        QCOMPARE(*r->rows, std::int64_t(250'000));
        QCOMPARE(r->blocks, std::string("DDL"));
        QVERIFY(!s.secondsHigh); // a DML statement's duration is not estimated
        QCOMPARE(*b.totals.rows, std::int64_t(250'000));
        QCOMPARE(b.risk, Risk::Moderate);
        QVERIFY2(hasReason(b, {"UPDATE", "250,000 rows", "public.orders"}), qPrintable(reasons(b)));

        // Without an estimate the rows are unknown, not zero.
        const auto unknown = compute("update orders set status = 'x' where id = 1;", {}, catalog);
        QVERIFY(!unknown.statements[0].rows);
        QVERIFY(!unknown.totals.rows);
        QVERIFY(unknown.risk >= Risk::Moderate);
        QVERIFY2(hasReason(unknown, {"rows", "unknown"}), qPrintable(reasons(unknown)));
    }

    void deleteNotesCascadesAndRowTriggers()
    {
        CatalogFacts catalog;
        auto orders = table(kGB, 1'000'000);
        orders.referencedBy = {{"public.order_items", "order_items_order_id_fkey", {"order_id"}, 'c', false},
                               {"public.invoices", "invoices_order_id_fkey", {"order_id"}, 'a', true}};
        orders.rowTriggers = {"trg_audit"};
        catalog.tables["public.orders"] = orders;
        const auto b = compute("delete from orders where created < '2020-01-01';",
                               {shadow({{"public.orders", "RowExclusiveLock"}}, {}, 5000)}, catalog);
        const auto *r = relation(b.statements[0], "public.orders");
        QVERIFY(r);
        QCOMPARE(r->cascades.size(), std::size_t(1));
        QVERIFY(contains(r->cascades, "public.order_items (ON DELETE CASCADE"));
        QVERIFY(contains(r->cascades, "unindexed"));
        QCOMPARE(r->rowTriggers, std::vector<std::string>{"trg_audit"});
        QCOMPARE(b.risk, Risk::High);
        QVERIFY2(hasReason(b, {"public.orders", "public.order_items"}), qPrintable(reasons(b)));
    }

    void sessionsThatWouldBlockTheLock()
    {
        CatalogFacts catalog;
        auto orders = table(kGB, 1'000'000);
        orders.writesPerSecond = 50;
        orders.sessions = {session(4242, "RowExclusiveLock", 120), session(5, "AccessShareLock", 300)};
        catalog.tables["public.orders"] = orders;
        catalog.indexBuildBytesPerSecond = 100e6;

        // SHARE conflicts with the writer, not with the reader.
        const auto index =
            compute("create index i on orders (total);", {shadow({{"public.orders", "ShareLock"}})}, catalog);
        const auto *r = relation(index.statements[0], "public.orders");
        QCOMPARE(r->sessions.size(), std::size_t(1));
        QCOMPARE(r->sessions[0].pid, 4242);
        QCOMPARE(*r->lockWaitSeconds, 120.0);
        QVERIFY(qFuzzyCompare(*r->queuedWritesLow, 50 * (120 + *r->secondsLow)));
        QVERIFY2(hasReason(index, {"pid 4242", "writes and DDL"}), qPrintable(reasons(index)));

        // ACCESS EXCLUSIVE conflicts with both; a catalog-only change still waits behind them.
        const auto add = compute("alter table orders add column note text;",
                                 {shadow({{"public.orders", "AccessExclusiveLock"}})}, catalog);
        const auto *a = relation(add.statements[0], "public.orders");
        QCOMPARE(a->sessions.size(), std::size_t(2));
        QCOMPARE(*a->lockWaitSeconds, 300.0);
        QCOMPARE(add.risk, Risk::Critical);
        QVERIFY2(hasReason(add, {"ACCESS EXCLUSIVE on public.orders", "waits behind", "pid 5"}),
                 qPrintable(reasons(add)));

        // lock_timeout caps the wait.
        const auto capped =
            compute("set lock_timeout = '2s'; alter table orders add column note text;",
                    {shadow({}), shadow({{"public.orders", "AccessExclusiveLock"}})}, catalog);
        QCOMPARE(*relation(capped.statements[1], "public.orders")->lockWaitSeconds, 2.0);
        QVERIFY2(hasReason(capped, {"lock_timeout cancels the statement after 2 s"}),
                 qPrintable(reasons(capped)));
    }

    void taggedColumnsTouched()
    {
        CatalogFacts catalog;
        catalog.tables["public.users"] = table(10 * kMB, 50'000);
        catalog.columnTags["public.users.email"] = {"pii"};
        catalog.columnTags["public.users.name"] = {"pii"};

        const auto drop = compute("alter table users drop column email;", {}, catalog);
        const auto *r = relation(drop.statements[0], "public.users");
        QCOMPARE(r->taggedColumns, std::vector<std::string>{"email (pii)"});
        QCOMPARE(r->tags, std::vector<std::string>{"pii"});
        QCOMPARE(drop.risk, Risk::High);
        QVERIFY2(hasReason(drop, {"destroys data of public.users", "email (pii)", "pii"}),
                 qPrintable(reasons(drop)));

        const auto update = compute("update users set name = upper(name) where id < 10;", {}, catalog);
        QVERIFY2(hasReason(update, {"changes data of public.users", "name (pii)"}),
                 qPrintable(reasons(update)));

        // A column without tags is not reported.
        const auto other = compute("alter table users alter column created set default now();", {}, catalog);
        QVERIFY(relation(other.statements[0], "public.users")->taggedColumns.empty());
    }

    void dependentsThatBreakOrAreDropped()
    {
        CatalogFacts catalog;
        auto orders = table(kGB, 1'000'000);
        orders.dependents = {{"view", "public.order_totals", "total"},
                             {"function", "public.refresh_orders", ""},
                             {"trigger", "trg_audit on public.orders", ""}};
        orders.referencedBy = {{"public.order_items", "order_items_order_id_fkey", {"order_id"}, 'a', true}};
        catalog.tables["public.orders"] = orders;

        const auto drop =
            compute("drop table orders;", {shadow({{"public.orders", "AccessExclusiveLock"}})}, catalog);
        const auto *r = relation(drop.statements[0], "public.orders");
        QCOMPARE(r->dependents.size(), std::size_t(3));
        QVERIFY(contains(r->dependents, "view public.order_totals"));
        QCOMPARE(drop.risk, Risk::High);
        QVERIFY2(hasReason(drop, {"DROP on public.orders", "view public.order_totals"}),
                 qPrintable(reasons(drop)));
        QVERIFY2(hasReason(drop, {"DROP removes public.orders (1 GB)", "1,000,000 rows"}),
                 qPrintable(reasons(drop)));

        // A type change breaks what uses the column only; a rename breaks what names the table in text.
        const auto type = compute("alter table orders alter column total type numeric;", {}, catalog);
        QCOMPARE(relation(type.statements[0], "public.orders")->dependents,
                 std::vector<std::string>{"view public.order_totals (column total)"});
        const auto rename = compute("alter table orders rename to purchases;", {}, catalog);
        QCOMPARE(relation(rename.statements[0], "public.orders")->dependents,
                 std::vector<std::string>{"function public.refresh_orders"});
    }

    void graphOfTouchedRelationsAndDependents()
    {
        CatalogFacts catalog;
        auto orders = table(kGB, 1'000'000);
        orders.dependents = {{"view", "public.order_totals", "total"}};
        orders.referencedBy = {{"public.order_items", "order_items_order_id_fkey", {"order_id"}, 'c', true}};
        catalog.tables["public.orders"] = orders;
        catalog.tables["public.customers"] = table(kMB, 1000);
        const auto b = compute("alter table orders add column c int;\n"
                               "alter table customers add column d int;\n"
                               "create index orders_c on orders (c);",
                               {}, catalog);

        auto node = [&](const std::string &id) {
            const auto it =
                std::find_if(b.nodes.begin(), b.nodes.end(), [&](const auto &n) { return n.id == id; });
            return it == b.nodes.end() ? nullptr : &*it;
        };
        QCOMPARE(b.nodes.size(), std::size_t(4));
        QVERIFY(node("public.orders") && node("public.orders")->touched);
        // The strongest lock across the migration.
        QCOMPARE(node("public.orders")->lock, std::string("AccessExclusiveLock"));
        QCOMPARE(node("public.orders")->kind, std::string("table"));
        QVERIFY(node("public.customers") && node("public.customers")->touched);
        QVERIFY(node("public.order_totals") && !node("public.order_totals")->touched);
        QCOMPARE(node("public.order_totals")->kind, std::string("view"));
        QVERIFY(node("public.order_items") && node("public.order_items")->lock.empty());

        QCOMPARE(b.edges.size(), std::size_t(2));
        const auto has = [&](const std::string &from, const std::string &to, const std::string &kind) {
            return std::any_of(b.edges.begin(), b.edges.end(),
                               [&](const auto &e) { return e.from == from && e.to == to && e.kind == kind; });
        };
        QVERIFY(has("public.order_totals", "public.orders", "view"));
        QVERIFY(has("public.order_items", "public.orders", "foreign key"));
    }

    void failedStatementIsReported()
    {
        CatalogFacts catalog;
        catalog.tables["public.orders"] = table(kMB, 1000);
        StatementTrace failed;
        failed.source = Source::Failed;
        failed.error = "cannot alter type of a column used by a view or rule";
        StatementTrace notRun;
        const auto b =
            compute("alter table orders alter column total type bigint; alter table orders add column x int;",
                    {failed, notRun}, catalog);
        QCOMPARE(b.statements[0].source, Source::Failed);
        QCOMPARE(b.statements[0].error, failed.error);
        QVERIFY(!relation(b.statements[0], "public.orders")->observed);
        QCOMPARE(b.statements[1].source, Source::NotRun);
        QVERIFY(b.risk >= Risk::Moderate);
        QVERIFY2(hasReason(b, {"failed on the shadow", "used by a view"}), qPrintable(reasons(b)));
    }

    void lockAlreadyHeldIsCarriedToLaterStatements()
    {
        CatalogFacts catalog;
        catalog.tables["public.orders"] = table(kMB, 1000);
        catalog.rewriteBytesPerSecond = 50e6;
        // The shadow reports new locks only: the second statement's ACCESS EXCLUSIVE was taken by the first.
        const auto b = compute(
            "alter table orders add column x int; alter table orders alter column x type bigint;",
            {shadow({{"public.orders", "AccessExclusiveLock"}}), shadow({}, {"public.orders"})}, catalog);
        const auto *r = relation(b.statements[1], "public.orders");
        QVERIFY(r);
        QCOMPARE(r->lock, std::string("AccessExclusiveLock"));
        QVERIFY(r->rewrite);
        QVERIFY(r->observed);
    }
};

QTEST_APPLESS_MAIN(tst_BlastRadius)
#include "tst_BlastRadius.moc"
