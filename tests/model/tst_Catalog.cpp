// Catalog facts and data probes against a real PostgreSQL target: what the reader finds, what it leaves
// unknown when a query times out, and which probe catches which data-dependent failure.

#include "TestDatabase.h"
#include "review/Script.h"
#include "target/CatalogReader.h"
#include "target/DataProbes.h"

#include <QElapsedTimer>
#include <QtTest>
#include <algorithm>
#include <atomic>
#include <pqxx/pqxx>
#include <thread>

using namespace sluice;
using review::CatalogFacts;

namespace {

// Outside a transaction block, so that a DO block may COMMIT.
void execOn(const QString &conninfo, const QString &sql)
{
    pqxx::connection c(conninfo.toStdString());
    pqxx::nontransaction tx(c);
    tx.exec(sql.toStdString());
}

const char *kFixture = R"(
create table customers (id int primary key, name text not null);
create table orders (id bigserial primary key, customer_id int references customers (id) on delete cascade,
                     total numeric(12,2), note varchar(20));
create index orders_customer_idx on orders (customer_id);
create unique index customers_lower_name on customers (lower(name));
create table order_items (id int generated always as identity primary key,
                          order_id bigint not null references orders (id), qty int);
create table audit_log (order_id bigint);
create table events (id bigserial primary key, payload text);
insert into customers select g, 'customer ' || g from generate_series(1, 100) g;
insert into orders (customer_id, total, note) select 1 + g % 100, g, 'n' || g from generate_series(1, 1000) g;
insert into order_items (order_id, qty) select 1 + g % 1000, 1 from generate_series(1, 500) g;
create view order_totals as select customer_id, sum(total) as total from orders group by customer_id;
create view big_totals as select * from order_totals where total > 100;
create materialized view mv_orders as select id, note from orders;
create function orders_audit() returns trigger language plpgsql as $$
begin insert into audit_log values (new.id); return new; end $$;
create trigger trg_orders_audit after insert on orders for each row execute function orders_audit();
create function count_orders() returns bigint language plpgsql as $$
begin return (select count(*) from orders); end $$;
alter table orders enable row level security;
create policy orders_owner on orders using (true);
create publication pub_orders for table orders;

create table p_nulls (id int, a int, b int);
insert into p_nulls values (1, null, 1), (2, 2, 2);
create table p_empty (id int);
create table p_dups (id int, a int, b text, c int, d int);
insert into p_dups values (1, 1, 'x', 1, 1), (2, 1, 'X', 2, 2), (3, null, 'y', 3, null), (4, null, 'z', 4, null);
create table p_types (id int, s text, v varchar(50), big bigint, i int, n numeric(12,2), f float8);
insert into p_types values (1, 'abcdefghij', 'abc', 5000000000, 40000, 12345.67, 1e10),
                           (2, 'ab   ', 'abcd', 1, 1, 1.5, 1);
create table p_parent (id int primary key);
insert into p_parent values (1), (2);
create table p_child (id int, parent_id int);
insert into p_child values (1, 1), (2, 3), (3, null);
create table p_child_clean (id int, parent_id int);
insert into p_child_clean values (1, 1), (2, null);
create table p_check (id int, qty int);
insert into p_check values (1, 5), (2, -1), (3, null);
)";

template <class T, class P> const T *find(const std::vector<T> &items, P predicate)
{
    const auto it = std::find_if(items.begin(), items.end(), predicate);
    return it == items.end() ? nullptr : &*it;
}

bool hasDependent(const CatalogFacts::Table &t, const std::string &kind, const std::string &name,
                  const std::string &column = {})
{
    return find(t.dependents, [&](const auto &d) {
               return d.kind == kind && d.name == name && d.column == column;
           }) != nullptr;
}

QString describe(const CatalogFacts::Table &t)
{
    QStringList out;
    for (const auto &d : t.dependents)
        out << QString::fromStdString(d.kind + " " + d.name +
                                      (d.column.empty() ? "" : " (" + d.column + ")"));
    return out.join(QStringLiteral("; "));
}

QString unknowns(const CatalogFacts &facts)
{
    QStringList out;
    for (const auto &u : facts.unknowns)
        out << QString::fromStdString(u);
    return out.join(QStringLiteral("; "));
}

// A session that holds a lock in an open transaction until it is destroyed.
class LockHolder
{
public:
    LockHolder(const QString &conninfo, const std::string &lockSql)
        : m_connection(conninfo.toStdString()), m_tx(m_connection)
    {
        m_tx.exec(lockSql);
    }
    [[nodiscard]] int pid() const { return m_connection.backendpid(); }

private:
    pqxx::connection m_connection;
    pqxx::work m_tx;
};

} // namespace

class tst_Catalog : public QObject
{
    Q_OBJECT

    std::unique_ptr<test::TestDatabase> m_db;
    QString m_target;

    // Without the write-rate samples, which only writeRateFromTwoSamples waits for.
    static model::CatalogReadSettings quick()
    {
        model::CatalogReadSettings settings;
        settings.writeSampleMs = 0;
        return settings;
    }

    CatalogFacts read(const std::vector<std::string> &relations,
                      const model::CatalogReadSettings &settings = quick())
    {
        auto facts = model::CatalogReader::read(m_target, relations, settings);
        if (!facts)
            qFatal("catalog read failed: %s", qPrintable(facts.error().message));
        return std::move(*facts);
    }

    std::vector<review::Finding> probe(const QByteArray &sql, const model::ProbeSettings &settings = {})
    {
        const std::string_view text(sql.constData(), std::size_t(sql.size()));
        const auto script = review::parseScript(text);
        auto findings = model::DataProbes::run(m_target, text, script, settings);
        if (!findings)
            qFatal("probes failed: %s", qPrintable(findings.error().message));
        return std::move(*findings);
    }

private slots:
    void initTestCase()
    {
        QString error;
        m_db = test::TestDatabase::create(QStringLiteral("catalog"), &error);
        QVERIFY2(m_db, qPrintable(error));
        m_target = m_db->createTargetDatabase(QStringLiteral("target"));
        execOn(m_target, QString::fromUtf8(kFixture));
        execOn(m_target, QStringLiteral("analyze"));
    }

    void cleanupTestCase() { m_db.reset(); }

    void sizesAndRowCounts()
    {
        const auto facts = read({"orders", "public.customers", "no_such_table"});
        QVERIFY2(facts.unknowns.empty(), qPrintable(unknowns(facts)));
        QCOMPARE(facts.tables.size(), std::size_t(2));
        const auto *orders = facts.table("orders");
        QVERIFY(orders);
        QCOMPARE(orders->kind, 'r');
        QCOMPARE(orders->rowEstimate, std::optional<std::int64_t>(1000));
        QCOMPARE(orders->liveRows, std::optional<std::int64_t>(1000));
        QVERIFY(orders->heapBytes && *orders->heapBytes > 0);
        QVERIFY(orders->totalBytes && *orders->totalBytes > *orders->heapBytes);
        QCOMPARE(orders->owner, std::string("postgres"));
        QVERIFY(!orders->writesPerSecond);
        const auto *note = orders->column("note");
        QVERIFY(note);
        QCOMPARE(note->type, std::string("character varying(20)"));
        QVERIFY(facts.table("customers")->column("name")->notNull);
        // Asked twice under two spellings, read once.
        QCOMPARE(read({"orders", "public.orders"}).table("orders")->columns.size(), std::size_t(4));
        QVERIFY(facts.serverVersionNum && *facts.serverVersionNum >= 150000);
    }

    void indexesAndConstraints()
    {
        const auto facts = read({"orders"});
        const auto *orders = facts.table("orders");
        QVERIFY(orders);
        const auto *pkey = find(orders->indexes, [](const auto &i) { return i.name == "orders_pkey"; });
        QVERIFY(pkey);
        QVERIFY(pkey->primary && pkey->unique && pkey->valid);
        QCOMPARE(pkey->columns, std::vector<std::string>{"id"});
        QVERIFY(pkey->definition.find("CREATE UNIQUE INDEX orders_pkey ON public.orders") == 0);
        QVERIFY(pkey->bytes && *pkey->bytes > 0);
        QVERIFY(pkey->scans.has_value());
        const auto *byCustomer =
            find(orders->indexes, [](const auto &i) { return i.name == "orders_customer_idx"; });
        QVERIFY(byCustomer && !byCustomer->unique);
        QCOMPARE(byCustomer->columns, std::vector<std::string>{"customer_id"});

        const auto customers = read({"customers"});
        const auto *lowerName = find(customers.table("customers")->indexes,
                                     [](const auto &i) { return i.name == "customers_lower_name"; });
        QVERIFY(lowerName && lowerName->unique);
        QCOMPARE(lowerName->columns, std::vector<std::string>{"lower(name)"});

        const auto *fk = find(orders->constraints, [](const auto &c) { return c.type == 'f'; });
        QVERIFY(fk);
        QCOMPARE(fk->columns, std::vector<std::string>{"customer_id"});
        QVERIFY(fk->definition.find("REFERENCES public.customers(id) ON DELETE CASCADE") !=
                std::string::npos);
        QVERIFY(find(orders->constraints, [](const auto &c) { return c.type == 'p'; }));
    }

    void foreignKeysInWithIndexedFlag()
    {
        const auto facts = read({"customers", "orders"});
        const auto *indexed = find(facts.table("customers")->referencedBy,
                                   [](const auto &k) { return k.table == "public.orders"; });
        QVERIFY(indexed);
        QCOMPARE(indexed->columns, std::vector<std::string>{"customer_id"});
        QCOMPARE(indexed->onDelete, 'c');
        QVERIFY(indexed->indexed);
        const auto *unindexed = find(facts.table("orders")->referencedBy,
                                     [](const auto &k) { return k.table == "public.order_items"; });
        QVERIFY(unindexed);
        QCOMPARE(unindexed->onDelete, 'a');
        QVERIFY(!unindexed->indexed);
    }

    void dependents()
    {
        const auto facts = read({"orders"});
        QVERIFY2(facts.unknowns.empty(), qPrintable(unknowns(facts)));
        const auto &orders = *facts.table("orders");
        const auto all = describe(orders);
        QVERIFY2(hasDependent(orders, "view", "public.order_totals", "customer_id"), qPrintable(all));
        QVERIFY2(hasDependent(orders, "view", "public.order_totals", "total"), qPrintable(all));
        QVERIFY2(hasDependent(orders, "view", "public.big_totals"), qPrintable(all));
        QVERIFY2(hasDependent(orders, "materialized view", "public.mv_orders", "note"), qPrintable(all));
        QVERIFY2(hasDependent(orders, "trigger", "trg_orders_audit on public.orders"), qPrintable(all));
        QVERIFY2(hasDependent(orders, "function", "public.count_orders()"), qPrintable(all));
        QVERIFY2(hasDependent(orders, "policy", "orders_owner on public.orders"), qPrintable(all));
        QVERIFY2(hasDependent(orders, "publication", "pub_orders"), qPrintable(all));
        QVERIFY2(hasDependent(orders, "sequence", "public.orders_id_seq", "id"), qPrintable(all));
        QCOMPARE(orders.rowTriggers, std::vector<std::string>{"trg_orders_audit"});
        // The view's column-level dependency is on the columns it reads, not on every column.
        QVERIFY(!hasDependent(orders, "view", "public.order_totals", "note"));
    }

    void tagsComeFromTheCaller()
    {
        auto settings = quick();
        settings.tableTags = {{"orders", {"hot", "financial"}}, {"public.customers", {"pii"}}};
        settings.columnTags = {{"customers.name", {"pii"}}};
        const auto facts = read({"orders", "customers"}, settings);
        QCOMPARE(facts.table("orders")->tags, (std::set<std::string>{"financial", "hot"}));
        QCOMPARE(facts.table("customers")->tags, std::set<std::string>{"pii"});
        QCOMPARE(facts.columnTags.at("public.customers.name"), std::set<std::string>{"pii"});
    }

    void sessionHoldingALockIsFound()
    {
        LockHolder holder(m_target, "lock table customers in share mode");
        auto settings = quick();
        settings.longTransactionSeconds = 0;
        const auto facts = read({"customers"}, settings);
        const auto *session =
            find(facts.table("customers")->sessions, [&](const auto &s) { return s.pid == holder.pid(); });
        QVERIFY(session);
        QCOMPARE(session->lockMode, std::string("ShareLock"));
        QVERIFY(session->granted);
        QCOMPARE(session->user, std::string("postgres"));
        QVERIFY(find(facts.longTransactions, [&](const auto &s) { return s.pid == holder.pid(); }));
    }

    void writeRateFromTwoSamples()
    {
        std::atomic<bool> stop = false;
        std::thread writer([&] {
            pqxx::connection c(m_target.toStdString());
            while (!stop) {
                pqxx::work tx(c);
                tx.exec("insert into events (payload) select 'x' from generate_series(1, 50)");
                tx.commit();
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
        });
        // Backends publish their counters at most once a second: let the writer's first ones land.
        std::this_thread::sleep_for(std::chrono::milliseconds(1200));
        model::CatalogReadSettings settings;
        settings.writeSampleMs = 2000;
        const auto facts = read({"events", "p_empty"}, settings);
        stop = true;
        writer.join();
        QVERIFY2(facts.unknowns.empty(), qPrintable(unknowns(facts)));
        const auto *events = facts.table("events");
        QVERIFY(events->writesPerSecond.has_value());
        QVERIFY2(*events->writesPerSecond > 0, qPrintable(QString::number(*events->writesPerSecond)));
        QCOMPARE(facts.table("p_empty")->writesPerSecond, std::optional<double>(0));
    }

    void timeoutLeavesFactsUnknownNotZero()
    {
        // pg_relation_size needs an ACCESS SHARE lock, so the size query waits behind this one and times out.
        LockHolder holder(m_target, "lock table orders in access exclusive mode");
        auto settings = quick();
        settings.statementTimeoutMs = 300;
        const auto facts = read({"orders"}, settings);
        const auto *orders = facts.table("orders");
        QVERIFY(orders);
        QVERIFY(!orders->totalBytes);
        QVERIFY(!orders->heapBytes);
        const auto *sizes =
            find(facts.unknowns, [](const auto &u) { return u.rfind("the sizes of public.orders", 0) == 0; });
        QVERIFY2(sizes, qPrintable(unknowns(facts)));
        QVERIFY2(sizes->find("statement timeout") != std::string::npos, sizes->c_str());
        // What needed no lock was still read, in the same transaction.
        QCOMPARE(orders->rowEstimate, std::optional<std::int64_t>(1000));
        // pg_get_indexdef waits for the lock too; the index list itself does not.
        QVERIFY(!orders->indexes.empty());
        QVERIFY(orders->indexes.front().definition.empty());
        QVERIFY(
            find(facts.unknowns, [](const auto &u) { return u.rfind("the index definitions of", 0) == 0; }));
        const auto *session = find(orders->sessions, [&](const auto &s) { return s.pid == holder.pid(); });
        QVERIFY(session);
        QCOMPARE(session->lockMode, std::string("AccessExclusiveLock"));
    }

    void probes_data()
    {
        QTest::addColumn<QByteArray>("sql");
        QTest::addColumn<QStringList>("expected");
        const QStringList none;
        const QStringList notNull{"probe-not-null-violation"}, dups{"probe-duplicate-keys"},
            overflow{"probe-type-overflow"}, orphans{"probe-fk-orphans"}, check{"probe-check-violation"},
            unknown{"probe-unknown"};

        QTest::newRow("set not null over nulls")
            << QByteArray("alter table p_nulls alter column a set not null;") << notNull;
        QTest::newRow("set not null, clean")
            << QByteArray("alter table p_nulls alter column b set not null;") << none;
        QTest::newRow("not null column, no default, rows")
            << QByteArray("alter table p_nulls add column z int not null;") << notNull;
        QTest::newRow("not null column with default")
            << QByteArray("alter table p_nulls add column z int not null default 0;") << none;
        QTest::newRow("not null column, empty table")
            << QByteArray("alter table public.p_empty add column z int not null;") << none;

        // The migration changes the rows before the statement probed: the probe follows a backfill with a
        // constant (or a DELETE) and says it cannot tell otherwise.
        QTest::newRow("set not null after a backfill of the NULLs")
            << QByteArray("update p_nulls set a = 0 where a is null;\n"
                          "alter table p_nulls alter column a set not null;")
            << none;
        QTest::newRow("set not null after a backfill with a cast constant, no WHERE")
            << QByteArray(
                   "update p_nulls set a = '0'::int;\nalter table p_nulls alter column a set not null;")
            << none;
        QTest::newRow("set not null after a backfill that misses the NULL rows")
            << QByteArray("update p_nulls set a = 0 where id > 1;\n"
                          "alter table p_nulls alter column a set not null;")
            << notNull;
        QTest::newRow("set not null after deleting the NULL rows")
            << QByteArray("delete from p_nulls where a is null;\n"
                          "alter table p_nulls alter column a set not null;")
            << none;
        QTest::newRow("set not null after an update of another column")
            << QByteArray("update p_nulls set b = 0;\nalter table p_nulls alter column a set not null;")
            << notNull;
        QTest::newRow("set not null after a backfill from an expression")
            << QByteArray("update p_nulls set a = b * 2;\nalter table p_nulls alter column a set not null;")
            << unknown;
        QTest::newRow("set not null after a backfill of two columns at once")
            << QByteArray("update p_nulls set a = 0, b = 1 where a is null;\n"
                          "alter table p_nulls alter column a set not null;")
            << none;
        QTest::newRow("set not null after an expression update, then truncate")
            << QByteArray("update p_nulls set a = b * 2;\ntruncate p_nulls;\n"
                          "alter table p_nulls alter column a set not null;")
            << none;
        QTest::newRow("set not null after a whole backfill, then NULLs again")
            << QByteArray("update p_nulls set a = 0;\nupdate p_nulls set a = null where id = 2;\n"
                          "alter table p_nulls alter column a set not null;")
            << unknown;
        QTest::newRow("set not null after an update of what the backfill's WHERE reads")
            << QByteArray("update p_nulls set b = 5 where a is null;\nupdate p_nulls set a = 0 where b = 1;\n"
                          "alter table p_nulls alter column a set not null;")
            << unknown;
        QTest::newRow("set not null after a backfill whose WHERE reads another table")
            << QByteArray("update p_nulls set a = 0 where id in (select id from p_empty);\n"
                          "alter table p_nulls alter column a set not null;")
            << unknown;
        QTest::newRow("set not null after a backfill through an alias")
            << QByteArray("update p_nulls as x set a = 0 where x.a is null;\n"
                          "alter table p_nulls alter column a set not null;")
            << unknown;
        QTest::newRow("set not null after a backfill whose WHERE ends in a comment")
            << QByteArray("update p_nulls set a = 0 where a is null -- the old rows\n;\n"
                          "alter table p_nulls alter column a set not null;")
            << none;
        QTest::newRow("set not null after truncate and insert")
            << QByteArray("truncate p_nulls;\ninsert into p_nulls values (3, null, 3);\n"
                          "alter table p_nulls alter column a set not null;")
            << unknown;
        QTest::newRow("unique index after truncate and insert")
            << QByteArray("truncate p_dups;\ninsert into p_dups values (5, 1, 'x', 5, 5);\n"
                          "create unique index on p_dups (a);")
            << unknown;
        QTest::newRow("foreign key after the parent changes")
            << QByteArray("delete from p_parent where id = 2;\n"
                          "alter table p_child_clean add foreign key (parent_id) references p_parent (id);")
            << unknown;
        QTest::newRow("not null column after truncate")
            << QByteArray("truncate p_nulls;\nalter table p_nulls add column z int not null;") << none;
        QTest::newRow("not null column, rows an update leaves")
            << QByteArray("update p_nulls set b = 0;\nalter table p_nulls add column z int not null;")
            << notNull;
        QTest::newRow("unique index after an update of the table")
            << QByteArray("update p_dups set a = id;\ncreate unique index on p_dups (a);") << unknown;

        QTest::newRow("unique index over duplicates")
            << QByteArray("create unique index on p_dups (a);") << dups;
        QTest::newRow("unique index, NULLs are distinct")
            << QByteArray("create unique index on p_dups (d);") << none;
        QTest::newRow("unique index, nulls not distinct")
            << QByteArray("create unique index on p_dups (d) nulls not distinct;") << dups;
        QTest::newRow("unique expression index")
            << QByteArray(
                   "create unique index concurrently p_dups_lower on p_dups using btree (lower(b) desc);")
            << dups;
        QTest::newRow("unique index, clean") << QByteArray("create unique index on p_dups (b, c);") << none;
        QTest::newRow("partial unique index, clean")
            << QByteArray("create unique index on p_dups (a) where id > 1;") << none;
        QTest::newRow("add unique over duplicates")
            << QByteArray("alter table p_dups add constraint p_dups_a_key unique (a);") << dups;
        QTest::newRow("add primary key over nulls")
            << QByteArray("alter table p_dups add primary key (d);") << notNull;
        QTest::newRow("add primary key, clean")
            << QByteArray("alter table p_dups add primary key (id);") << none;

        QTest::newRow("text to varchar(5)")
            << QByteArray("alter table p_types alter column s type varchar(5);") << overflow;
        QTest::newRow("text to varchar(10), fits")
            << QByteArray("alter table p_types alter column s type varchar(10);") << none;
        QTest::newRow("varchar(50) to char(3)")
            << QByteArray("alter table p_types alter column v type char(3);") << overflow;
        QTest::newRow("varchar widened")
            << QByteArray("alter table p_types alter column v type varchar(100);") << none;
        QTest::newRow("bigint to integer")
            << QByteArray("alter table p_types alter column big type integer;") << overflow;
        QTest::newRow("integer to smallint")
            << QByteArray("alter table p_types alter column i type smallint;") << overflow;
        QTest::newRow("integer to bigint")
            << QByteArray("alter table p_types alter column i type bigint;") << none;
        QTest::newRow("numeric(12,2) to numeric(5,2)")
            << QByteArray("alter table p_types alter column n type numeric(5,2);") << overflow;
        QTest::newRow("numeric(12,2) to numeric(7,2), fits")
            << QByteArray("alter table p_types alter column n type numeric(7,2);") << none;
        QTest::newRow("float to integer")
            << QByteArray("alter table p_types alter column f type int;") << overflow;
        QTest::newRow("type change with USING is not probed")
            << QByteArray("alter table p_types alter column s type varchar(2) using left(s, 2);") << none;

        QTest::newRow("foreign key over orphans")
            << QByteArray("alter table p_child add constraint p_child_fk foreign key (parent_id) "
                          "references p_parent (id);")
            << orphans;
        QTest::newRow("foreign key to the primary key, orphans")
            << QByteArray("alter table p_child add foreign key (parent_id) references p_parent;") << orphans;
        QTest::newRow("foreign key, clean")
            << QByteArray("alter table p_child_clean add foreign key (parent_id) references p_parent (id);")
            << none;
        QTest::newRow("foreign key NOT VALID")
            << QByteArray(
                   "alter table p_child add foreign key (parent_id) references p_parent (id) not valid;")
            << none;

        QTest::newRow("check over violating rows")
            << QByteArray("alter table p_check add constraint qty_positive check (qty > 0);") << check;
        QTest::newRow("check, clean") << QByteArray("alter table p_check add check ((qty) > -10);") << none;
        QTest::newRow("check NOT VALID")
            << QByteArray("alter table p_check add check (qty > 0) not valid;") << none;

        QTest::newRow("tables created by the migration are skipped")
            << QByteArray(
                   "create table p_nulls2 (a int);\nalter table p_nulls2 alter column a set not null;\n"
                   "create unique index on p_nulls2 (a);")
            << none;
        QTest::newRow("several findings, in order")
            << QByteArray("alter table p_nulls alter column a set not null;\n"
                          "alter table p_check add constraint qty_positive check (qty > 0);")
            << (notNull + check);
    }

    void probes()
    {
        QFETCH(QByteArray, sql);
        QFETCH(QStringList, expected);
        QStringList found;
        for (const auto &f : probe(sql))
            found << QString::fromStdString(f.ruleId);
        QCOMPARE(found, expected);
    }

    void probeFindingsReadAsSentencesAtTheStatement()
    {
        const QByteArray sql = "set lock_timeout = '1s';\nalter table p_nulls alter column a set not null;\n";
        const auto findings = probe(sql);
        QCOMPARE(findings.size(), std::size_t(1));
        const auto &f = findings.front();
        QCOMPARE(f.message,
                 std::string("public.p_nulls.a has NULLs (at least one row): SET NOT NULL will fail"));
        QCOMPARE(f.severity, review::Severity::Error);
        QCOMPARE(f.statementIndex, std::size_t(1));
        QCOMPARE(f.range.begin, std::size_t(sql.indexOf("alter")));
        QCOMPARE(f.start.line, 2);
        QVERIFY(!f.help.empty());

        const auto check = probe("alter table p_check add constraint qty_positive check (qty > 0);");
        QCOMPARE(check.front().message,
                 std::string("public.p_check has rows that violate CHECK (qty > 0) (at least "
                             "one): ADD CONSTRAINT qty_positive CHECK will fail"));

        const auto partial = probe("update p_nulls set a = 0 where id > 1;\n"
                                   "alter table p_nulls alter column a set not null;");
        QCOMPARE(partial.front().message,
                 std::string("public.p_nulls.a has NULLs in rows the statement at line 1 does not fill (at "
                             "least one row): SET NOT NULL will fail"));
        const auto unknown = probe("update p_dups set a = id;\ncreate unique index on p_dups (a);");
        QCOMPARE(unknown.front().severity, review::Severity::Warning);
        QCOMPARE(
            unknown.front().message,
            std::string("could not check whether public.p_dups has duplicate (a): the statement at line 1 "
                        "changes the rows of public.p_dups before this one, so the rows there now do not "
                        "predict the outcome"));
    }

    void probeThatTimesOutIsAWarning()
    {
        LockHolder holder(m_target, "lock table p_check in access exclusive mode");
        model::ProbeSettings settings;
        settings.statementTimeoutMs = 300;
        const auto findings = probe("alter table p_check add check (qty > 0);\n"
                                    "alter table p_nulls alter column a set not null;",
                                    settings);
        QCOMPARE(findings.size(), std::size_t(2));
        QCOMPARE(findings[0].ruleId, std::string("probe-unknown"));
        QCOMPARE(findings[0].severity, review::Severity::Warning);
        QVERIFY2(findings[0].message.find("could not check whether rows of public.p_check satisfy") == 0,
                 findings[0].message.c_str());
        QVERIFY2(findings[0].message.find("statement timeout") != std::string::npos,
                 findings[0].message.c_str());
        // The timeout does not abort the transaction: the next probe still runs.
        QCOMPARE(findings[1].ruleId, std::string("probe-not-null-violation"));
    }

    void tenThousandTables()
    {
        const auto big = m_db->createTargetDatabase(QStringLiteral("big"));
        // Commit every 1,000 tables: one transaction would exhaust the lock table.
        execOn(big, QStringLiteral(R"(do $$ begin
            for i in 1..10000 loop
                execute format('create table t%s (id int primary key, ref int, name text)', i);
                if i % 1000 = 0 then commit; end if;
            end loop; end $$;)"));
        execOn(big, QStringLiteral("alter table t2 add foreign key (ref) references t1 (id);"
                                   "create view v1 as select id, name from t1;"
                                   "insert into t5000 select g, null, 'x' from generate_series(1, 300) g;"
                                   "analyze t5000;"));
        const auto settings = quick();
        QElapsedTimer timer;
        timer.start();
        const auto facts = model::CatalogReader::readAll(big, settings);
        const auto ms = timer.elapsed();
        QVERIFY2(facts.ok(), facts.ok() ? "" : qPrintable(facts.error().message));
        qInfo("catalog facts of %zu relations read in %lld ms", facts->tables.size(),
              static_cast<long long>(ms));
        QVERIFY2(facts->unknowns.empty(), qPrintable(unknowns(*facts)));
        QCOMPARE(facts->tables.size(), std::size_t(10001));
        const auto *t5000 = facts->table("t5000");
        QVERIFY(t5000);
        QCOMPARE(t5000->rowEstimate, std::optional<std::int64_t>(300));
        QCOMPARE(t5000->columns.size(), std::size_t(3));
        QCOMPARE(t5000->indexes.size(), std::size_t(1));
        QCOMPARE(t5000->indexes.front().name, std::string("t5000_pkey"));
        QVERIFY(t5000->totalBytes && *t5000->totalBytes > 0);
        const auto *t1 = facts->table("t1");
        QVERIFY(find(t1->referencedBy, [](const auto &k) { return k.table == "public.t2" && !k.indexed; }));
        QVERIFY(hasDependent(*t1, "view", "public.v1", "name"));
        QCOMPARE(facts->table("v1")->kind, 'v');
        QVERIFY(!t1->rowEstimate); // never analysed: unknown, not zero
    }
};

QTEST_GUILESS_MAIN(tst_Catalog)
#include "tst_Catalog.moc"
