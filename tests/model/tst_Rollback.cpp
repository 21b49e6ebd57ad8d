// Rollback plans, pre-image backups and schema diffs, verified against a real PostgreSQL: every reversible
// statement kind survives a round trip, backups bring the rows back exactly, and the diff lists exactly the
// objects a migration changes.

#include "TestDatabase.h"
#include "review/Rollback.h"
#include "review/SchemaDiff.h"
#include "review/SqlQuote.h"
#include "target/DefinitionReader.h"
#include "target/RoundTrip.h"
#include "target/SchemaSnapshot.h"

#include <QtTest>
#include <pqxx/pqxx>

using namespace sluice;
using Login = test::TestDatabase::Login;

namespace {

// The target's schema. %1 and %2 are two roles that grants name.
const char *const kSchema = R"SQL(
CREATE TABLE public.customers (id bigint PRIMARY KEY, name text NOT NULL, email varchar(100));
CREATE TABLE public.orders (
    id serial PRIMARY KEY,
    customer_id bigint REFERENCES public.customers (id),
    total numeric(10,2) NOT NULL DEFAULT 0,
    status text DEFAULT 'new',
    note varchar(50),
    CONSTRAINT orders_total_check CHECK (total >= 0)
);
CREATE INDEX orders_customer_idx ON public.orders (customer_id);
CREATE VIEW public.order_totals AS SELECT customer_id, sum(total) AS total FROM public.orders GROUP BY customer_id;
CREATE VIEW public.big_orders AS SELECT customer_id, total FROM public.order_totals WHERE total > 100;
CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER orders_touch BEFORE UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.touch();
CREATE FUNCTION public.order_count(c bigint) RETURNS bigint LANGUAGE sql STABLE
    AS 'select count(*) from public.orders where customer_id = c';
CREATE TYPE public.mood AS ENUM ('happy', 'sad');
CREATE SEQUENCE public.invoice_no START 1000;
SELECT nextval('public.invoice_no');
CREATE TABLE public."Order Items" (id int PRIMARY KEY, "select" int, "MixedCase" text, qty int DEFAULT 1);
CREATE INDEX "Order Items_select_idx" ON public."Order Items" ("select");
COMMENT ON TABLE public.orders IS 'customer orders';
COMMENT ON COLUMN public.orders.note IS 'free text';
GRANT SELECT ON public.orders TO %1;
GRANT SELECT ("select") ON public."Order Items" TO %2;
INSERT INTO public.customers VALUES (1, 'Ann', 'ann@example.com'), (2, 'Bob', NULL);
INSERT INTO public.orders (customer_id, total, status, note)
    VALUES (1, 10.5, 'new', 'a'), (1, 200, 'paid', NULL), (2, 3.25, 'new', 'it''s');
INSERT INTO public."Order Items" VALUES (1, 5, 'x', 2), (2, NULL, NULL, 3);
)SQL";

QString changeText(const review::SchemaChange &c)
{
    return QStringLiteral("%1 %2 %3")
        .arg(QLatin1String(review::changeName(c.change)), QString::fromStdString(c.kind),
             QString::fromStdString(c.object));
}

} // namespace

class tst_Rollback : public QObject
{
    Q_OBJECT

    std::unique_ptr<test::TestDatabase> m_db;
    std::unique_ptr<pqxx::connection> m_conn;

    // A transaction on the shadow with the schema loaded; the test never commits it.
    std::unique_ptr<pqxx::work> shadow()
    {
        auto tx = std::make_unique<pqxx::work>(*m_conn);
        tx->exec(QString::fromLatin1(kSchema)
                     .arg(m_db->login(Login::Human), m_db->login(Login::Nobody))
                     .toStdString());
        return tx;
    }

    static review::PriorDefinitions capture(pqxx::work &tx, const review::Script &script)
    {
        auto prior = model::readPriorDefinitions(tx, review::touchedObjects(script));
        if (!prior)
            qFatal("capturing definitions failed: %s", qPrintable(prior.error().message));
        return *prior;
    }

    static QString rows(pqxx::work &tx, const QString &query)
    {
        const auto r = tx.exec("SELECT string_agg(x::text, ' | ' ORDER BY x::text) FROM (" +
                               query.toStdString() + ") x");
        return r[0][0].is_null() ? QString() : QString::fromUtf8(r[0][0].c_str());
    }

    QString name(Login login) const { return m_db->login(login); }

private slots:
    void initTestCase()
    {
        QString error;
        m_db = test::TestDatabase::create(QStringLiteral("rollback"), &error);
        QVERIFY2(m_db, qPrintable(error));
        const auto conninfo = m_db->createTargetDatabase(QStringLiteral("shadow"));
        m_conn = std::make_unique<pqxx::connection>(conninfo.toStdString());
    }

    void cleanupTestCase()
    {
        m_conn.reset();
        m_db.reset();
    }

    void quoteIdentMatchesPostgres()
    {
        pqxx::work tx(*m_conn);
        const auto words =
            tx.exec("SELECT word FROM pg_get_keywords() UNION ALL SELECT unnest(ARRAY["
                    "'Order Items', 'MixedCase', 'a\"b', 'x$y', '$x', '1abc', 'abc_1', 'été', '', 'a.b'])");
        for (const auto &row : words) {
            const std::string word = row[0].c_str();
            const auto expected = tx.exec("SELECT quote_ident(" + tx.quote(word) + ")")[0][0].c_str();
            QCOMPARE(QString::fromStdString(review::quoteIdent(word)), QString::fromUtf8(expected));
        }
        for (const std::string text : {"it's", "back\\slash", "plain"}) {
            const auto expected = tx.exec("SELECT quote_literal(" + tx.quote(text) + ")")[0][0].c_str();
            QCOMPARE(QString::fromStdString(review::quoteLiteral(text)), QString::fromUtf8(expected));
        }
    }

    void roundTrip_data()
    {
        QTest::addColumn<QString>("migration");
        QTest::addColumn<bool>("columnOrderMoves");
        const auto human = name(Login::Human);
        const auto nobody = name(Login::Nobody);
        struct Row
        {
            const char *name;
            QString sql;
            bool columnOrderMoves = false;
        };
        const Row rows[] = {
            {"create table",
             "CREATE TABLE public.refunds (id int PRIMARY KEY, order_id int REFERENCES orders (id))"},
            {"create table as", "CREATE TABLE paid AS SELECT * FROM orders WHERE status = 'paid'"},
            {"drop table cascade", "DROP TABLE orders CASCADE"},
            {"drop table with odd names", "DROP TABLE \"Order Items\""},
            {"drop referenced table", "DROP TABLE customers CASCADE"},
            {"create view", "CREATE VIEW paid_orders AS SELECT id, total FROM orders WHERE status = 'paid'"},
            {"drop view cascade", "DROP VIEW order_totals CASCADE"},
            {"drop view", "DROP VIEW big_orders"},
            {"replace view",
             "CREATE OR REPLACE VIEW big_orders AS SELECT customer_id, total, 1 AS flag FROM order_totals"},
            {"create index", "CREATE INDEX orders_status_idx ON orders (status)"},
            {"create index concurrently", "CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note)"},
            {"drop index", "DROP INDEX orders_customer_idx"},
            {"drop index with odd name", "DROP INDEX \"Order Items_select_idx\""},
            {"create function",
             "CREATE FUNCTION public.double_it(x integer) RETURNS integer LANGUAGE sql IMMUTABLE "
             "AS 'select x * 2'"},
            {"drop function", "DROP FUNCTION order_count(bigint)"},
            {"replace function",
             "CREATE OR REPLACE FUNCTION public.order_count(c bigint) RETURNS bigint LANGUAGE sql "
             "AS 'select 0::bigint'"},
            {"create trigger", "CREATE TRIGGER customers_touch BEFORE UPDATE ON customers FOR EACH ROW "
                               "EXECUTE FUNCTION touch()"},
            {"drop trigger", "DROP TRIGGER orders_touch ON orders"},
            {"disable trigger", "ALTER TABLE orders DISABLE TRIGGER orders_touch"},
            {"create sequence", "CREATE SEQUENCE public.ticket_no"},
            {"drop sequence", "DROP SEQUENCE invoice_no"},
            {"create enum", "CREATE TYPE public.color AS ENUM ('red', 'green')"},
            {"create domain", "CREATE DOMAIN public.positive AS integer CHECK (VALUE > 0)"},
            {"drop type", "DROP TYPE mood"},
            {"rename enum value", "ALTER TYPE mood RENAME VALUE 'sad' TO 'blue'"},
            {"add column", "ALTER TABLE orders ADD COLUMN shipped_at timestamptz DEFAULT now() NOT NULL"},
            {"drop column", "ALTER TABLE orders DROP COLUMN note", true},
            {"drop column with odd names", "ALTER TABLE \"Order Items\" DROP COLUMN \"select\"", true},
            {"rename column", "ALTER TABLE \"Order Items\" RENAME COLUMN \"MixedCase\" TO \"Another Name\""},
            {"widen type", "ALTER TABLE customers ALTER COLUMN email TYPE varchar(200)"},
            {"narrow type", "ALTER TABLE customers ALTER COLUMN email TYPE varchar(3) USING left(email, 3)"},
            {"set not null", "ALTER TABLE orders ALTER COLUMN status SET NOT NULL"},
            {"drop not null", "ALTER TABLE customers ALTER COLUMN name DROP NOT NULL"},
            {"set default", "ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'open'"},
            {"add default", "ALTER TABLE orders ALTER COLUMN note SET DEFAULT 'none'"},
            {"drop default", "ALTER TABLE orders ALTER COLUMN total DROP DEFAULT"},
            {"add constraint",
             "ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status IN ('new', 'paid'))"},
            {"add foreign key not valid", "ALTER TABLE \"Order Items\" ADD CONSTRAINT items_order_fk FOREIGN "
                                          "KEY (qty) REFERENCES orders (id) NOT VALID"},
            {"drop check constraint", "ALTER TABLE orders DROP CONSTRAINT orders_total_check"},
            {"drop foreign key", "ALTER TABLE orders DROP CONSTRAINT orders_customer_id_fkey"},
            {"drop primary key cascade", "ALTER TABLE customers DROP CONSTRAINT customers_pkey CASCADE"},
            {"several commands", "ALTER TABLE orders ADD COLUMN a int, ALTER COLUMN status DROP DEFAULT, "
                                 "DROP CONSTRAINT orders_total_check"},
            {"rename table", "ALTER TABLE customers RENAME TO clients"},
            {"rename then alter",
             "ALTER TABLE customers RENAME TO clients;\n"
             "ALTER TABLE clients ALTER COLUMN name DROP NOT NULL;\n"
             "ALTER TABLE clients DROP COLUMN email",
             true},
            {"rename index", "ALTER INDEX orders_customer_idx RENAME TO orders_by_customer"},
            {"rename constraint",
             "ALTER TABLE orders RENAME CONSTRAINT orders_total_check TO total_positive"},
            {"rename view", "ALTER VIEW big_orders RENAME TO large_orders"},
            {"rename function", "ALTER FUNCTION order_count(bigint) RENAME TO count_orders"},
            {"set schema", "CREATE SCHEMA archive;\nALTER TABLE customers SET SCHEMA archive"},
            {"comment on table", "COMMENT ON TABLE orders IS 'changed'"},
            {"comment on new column comment", "COMMENT ON COLUMN orders.status IS 'state'"},
            {"remove comment", "COMMENT ON COLUMN orders.note IS NULL"},
            {"comment on function", "COMMENT ON FUNCTION order_count(bigint) IS 'how many'"},
            {"grant", QStringLiteral("GRANT INSERT, UPDATE ON orders TO %1").arg(nobody)},
            {"grant more to a grantee", QStringLiteral("GRANT UPDATE ON orders TO %1").arg(human)},
            {"revoke", QStringLiteral("REVOKE SELECT ON orders FROM %1").arg(human)},
            {"grant on function",
             QStringLiteral("GRANT EXECUTE ON FUNCTION order_count(bigint) TO %1").arg(nobody)},
            {"revoke from public", "REVOKE EXECUTE ON FUNCTION order_count(bigint) FROM PUBLIC"},
            {"enable row level security", "ALTER TABLE orders ENABLE ROW LEVEL SECURITY"},
            {"create policy", "CREATE POLICY own ON orders USING (customer_id = 1)"},
            {"truncate", "TRUNCATE \"Order Items\""},
            {"delete", "DELETE FROM orders WHERE status = 'new'"},
            {"update", "UPDATE orders SET status = 'void', note = NULL WHERE total < 100"},
            {"whole migration", "SET lock_timeout = '2s';\n"
                                "CREATE TABLE public.refunds (id int PRIMARY KEY, amount numeric(10,2));\n"
                                "ALTER TABLE refunds ADD COLUMN reason text;\n"
                                "CREATE INDEX refunds_reason_idx ON refunds (reason);\n"
                                "ALTER TABLE orders ADD COLUMN refund_id int REFERENCES refunds (id);\n"
                                "DROP VIEW big_orders;\n"
                                "COMMENT ON TABLE orders IS 'orders and refunds';\n"},
        };
        for (const auto &row : rows)
            QTest::newRow(row.name) << row.sql << row.columnOrderMoves;
    }

    void roundTrip()
    {
        QFETCH(QString, migration);
        QFETCH(bool, columnOrderMoves);
        auto tx = shadow();
        const auto sql = migration.toStdString();
        const auto script = review::parseScript(sql);
        QVERIFY(script.parses());
        const auto plan = review::planRollback(script, sql, capture(*tx, script));
        for (const auto &step : plan.steps)
            QVERIFY2(!step.irreversible, step.reason.c_str());

        // The migration changes the schema or the data at all, or the round trip proves nothing.
        const auto diff = model::diffMigration(*tx, script, sql);
        QVERIFY2(diff.ok(), diff.ok() ? "" : qPrintable(diff.error().message));
        const auto before = model::readSchemaSnapshot(*tx);
        QVERIFY(before.ok());

        const auto result = model::verifyRoundTrip(*tx, script, sql, plan);
        QVERIFY2(result.ok(), result.ok() ? "" : qPrintable(result.error().message));
        std::string residual;
        for (const auto &r : result->residual)
            residual += r + "\n";
        const auto message = residual + "rollback:\n" + plan.sql();
        if (columnOrderMoves) {
            QVERIFY2(!result->equal, message.c_str());
            QVERIFY2(result->equalIgnoringColumnOrder, message.c_str());
            QVERIFY(residual.find("column order cannot be restored") != std::string::npos);
        } else {
            QVERIFY2(result->equal, message.c_str());
        }
        // The caller's transaction is as it was.
        const auto after = model::readSchemaSnapshot(*tx);
        QVERIFY(after.ok());
        QVERIFY(*before == *after);
        tx->abort();
    }

    void irreversible_data()
    {
        QTest::addColumn<QString>("migration");
        QTest::addColumn<bool>("captureDefinitions");
        QTest::addColumn<QString>("reason");
        QTest::newRow("enum add value")
            << "ALTER TYPE mood ADD VALUE 'meh'" << true << "cannot drop an enum value";
        QTest::newRow("drop table, nothing captured")
            << "DROP TABLE orders CASCADE" << false << "was not captured";
        QTest::newRow("drop column, nothing captured")
            << "ALTER TABLE orders DROP COLUMN note" << false << "not captured";
        QTest::newRow("type change, nothing captured")
            << "ALTER TABLE orders ALTER COLUMN note TYPE text" << false << "was not captured";
        QTest::newRow("insert") << "INSERT INTO customers VALUES (3, 'Cy', NULL)" << true << "not captured";
        QTest::newRow("do block") << "DO $$BEGIN PERFORM 1; END$$" << true << "opaque";
        QTest::newRow("unnamed index") << "CREATE INDEX ON orders (status)" << true << "has no name";
        QTest::newRow("unnamed constraint")
            << "ALTER TABLE orders ADD CHECK (total < 1000)" << true << "has no name";
        QTest::newRow("update of the key")
            << "UPDATE \"Order Items\" SET id = id + 10" << true << "primary key";
        QTest::newRow("delete with a CTE")
            << "WITH x AS (SELECT 1) DELETE FROM orders" << true << "WITH clause";
        QTest::newRow("update without captured key")
            << "UPDATE orders SET note = 'x'" << false << "no primary key";
    }

    void irreversible()
    {
        QFETCH(QString, migration);
        QFETCH(bool, captureDefinitions);
        QFETCH(QString, reason);
        auto tx = shadow();
        const auto sql = migration.toStdString();
        const auto script = review::parseScript(sql);
        const auto prior = captureDefinitions ? capture(*tx, script) : review::PriorDefinitions{};
        const auto plan = review::planRollback(script, sql, prior);
        QVERIFY(!plan.reversible());
        QCOMPARE(plan.steps.size(), std::size_t(1));
        QVERIFY(plan.steps[0].irreversible);
        QVERIFY2(plan.steps[0].reason.find(reason.toStdString()) != std::string::npos,
                 plan.steps[0].reason.c_str());
        tx->abort();
    }

    void backupRestoresRows_data()
    {
        QTest::addColumn<QString>("migration");
        QTest::addColumn<QString>("rowsQuery");
        QTest::newRow("delete") << "DELETE FROM orders WHERE status = 'new'"
                                << "SELECT * FROM orders";
        QTest::newRow("delete using")
            << "DELETE FROM orders o USING customers c WHERE c.id = o.customer_id AND c.name = 'Ann'"
            << "SELECT * FROM orders";
        QTest::newRow("delete all") << "DELETE FROM \"Order Items\""
                                    << "SELECT * FROM \"Order Items\"";
        QTest::newRow("update") << "UPDATE orders SET status = 'void', note = NULL WHERE total < 100"
                                << "SELECT * FROM orders";
        QTest::newRow("update from") << "UPDATE orders AS o SET total = o.total * 2 FROM customers c "
                                        "WHERE c.id = o.customer_id AND c.name = 'Bob' RETURNING o.id"
                                     << "SELECT * FROM orders";
        QTest::newRow("truncate") << "TRUNCATE \"Order Items\""
                                  << "SELECT * FROM \"Order Items\"";
        QTest::newRow("drop column") << "ALTER TABLE orders DROP COLUMN note"
                                     << "SELECT id, customer_id, total, status, note FROM orders";
        QTest::newRow("drop odd column") << "ALTER TABLE \"Order Items\" DROP COLUMN \"MixedCase\""
                                         << "SELECT id, \"select\", \"MixedCase\", qty FROM \"Order Items\"";
        QTest::newRow("narrow type")
            << "ALTER TABLE customers ALTER COLUMN email TYPE varchar(3) USING left(email, 3)"
            << "SELECT * FROM customers";
        QTest::newRow("drop table") << "DROP TABLE \"Order Items\""
                                    << "SELECT * FROM \"Order Items\"";
        QTest::newRow("drop table cascade") << "DROP TABLE customers CASCADE"
                                            << "SELECT * FROM customers";
        QTest::newRow("drop table with serial") << "DROP TABLE orders CASCADE"
                                                << "SELECT * FROM orders";
    }

    void backupRestoresRows()
    {
        QFETCH(QString, migration);
        QFETCH(QString, rowsQuery);
        auto tx = shadow();
        const auto sql = migration.toStdString();
        const auto script = review::parseScript(sql);
        const auto plan = review::planRollback(script, sql, capture(*tx, script));
        QVERIFY2(plan.reversible(), plan.steps.empty() ? "" : plan.steps[0].reason.c_str());
        QVERIFY(plan.steps[0].backup);
        QVERIFY(!plan.backupSql.empty());
        QVERIFY(!plan.restoreSql.empty());
        const auto before = rows(*tx, rowsQuery);
        QVERIFY(!before.isEmpty());
        tx->exec(review::migrationWithBackups(script, sql, plan));
        tx->exec(plan.sql());
        QCOMPARE(rows(*tx, rowsQuery), before);
        tx->abort();
    }

    void backupCountCheckRaises()
    {
        // The check compares the backup with the rows the statement is about to change.
        auto tx = shadow();
        const std::string sql = "DELETE FROM orders WHERE status = 'new'";
        const auto script = review::parseScript(sql);
        const auto plan = review::planRollback(script, sql, capture(*tx, script));
        const auto backup = plan.backupSql;
        const auto split = backup.find("DO $sluice$");
        QVERIFY(split != std::string::npos);
        tx->exec(backup.substr(0, split));
        tx->exec("INSERT INTO orders (customer_id, total, status) VALUES (2, 1, 'new')");
        QVERIFY_EXCEPTION_THROWN(tx->exec(backup.substr(split)), pqxx::sql_error);
        tx->abort();
    }

    void schemaDiff_data()
    {
        QTest::addColumn<QString>("migration");
        QTest::addColumn<QStringList>("changes");
        QTest::newRow("add column, index, comment")
            << "ALTER TABLE customers ADD COLUMN phone text;\n"
               "CREATE INDEX customers_phone_idx ON customers (phone);\n"
               "COMMENT ON TABLE customers IS 'people'"
            << QStringList{"added column public.customers.phone", "added index public.customers_phone_idx",
                           "added comment table public.customers"};
        QTest::newRow("cascade drop of a referenced table")
            << "DROP TABLE customers CASCADE"
            << QStringList{"removed table public.customers",
                           "removed column public.customers.email",
                           "removed column public.customers.id",
                           "removed column public.customers.name",
                           "removed constraint public.customers.customers_pkey",
                           "removed index public.customers_pkey",
                           "removed constraint public.orders.orders_customer_id_fkey"};
        QTest::newRow("cascade drop of a view")
            << "DROP VIEW order_totals CASCADE"
            << QStringList{"removed view public.big_orders", "removed view public.order_totals"};
        QTest::newRow("type, default, grant, enum")
            << QStringLiteral(
                   "ALTER TABLE orders ALTER COLUMN note TYPE text, ALTER COLUMN status SET DEFAULT 'open';\n"
                   "GRANT UPDATE ON \"Order Items\" TO %1;\n"
                   "ALTER TYPE mood ADD VALUE 'meh';\n"
                   "CREATE FUNCTION public.f(a integer) RETURNS integer LANGUAGE sql AS 'select a'")
                   .arg(name(Login::Nobody))
            << QStringList{"changed type public.mood", "added grant table public.\"Order Items\"",
                           "changed column public.orders.note", "changed column public.orders.status",
                           "added function public.f(a integer)"};
    }

    void schemaDiff()
    {
        QFETCH(QString, migration);
        QFETCH(QStringList, changes);
        auto tx = shadow();
        const auto sql = migration.toStdString();
        const auto diff = model::diffMigration(*tx, review::parseScript(sql), sql);
        QVERIFY2(diff.ok(), diff.ok() ? "" : qPrintable(diff.error().message));
        QStringList actual;
        for (const auto &c : *diff)
            actual << changeText(c);
        QCOMPARE(actual, changes);
        tx->abort();
    }

    void schemaDiffBeforeAndAfter()
    {
        auto tx = shadow();
        const std::string sql = "ALTER TABLE orders ALTER COLUMN note TYPE text";
        const auto diff = model::diffMigration(*tx, review::parseScript(sql), sql);
        QVERIFY(diff.ok());
        QCOMPARE(diff->size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(diff->at(0).before),
                 QStringLiteral("character varying(50) (attnum 5)"));
        QCOMPARE(QString::fromStdString(diff->at(0).after), QStringLiteral("text (attnum 5)"));
        tx->abort();
    }

    void snapshotIsStableAndSeesUncommittedState()
    {
        auto tx = shadow();
        const auto first = model::readSchemaSnapshot(*tx);
        const auto second = model::readSchemaSnapshot(*tx);
        QVERIFY(first.ok() && second.ok());
        QVERIFY(*first == *second);
        QVERIFY(first->count("table public.\"Order Items\""));
        QVERIFY(first->count("column public.\"Order Items\".\"select\""));
        QVERIFY(first->count("function public.order_count(c bigint)"));
        QCOMPARE(QString::fromStdString(first->at("grant table public.orders")),
                 QStringLiteral("%1 SELECT").arg(name(Login::Human)));
        // search_path is left as it was.
        QCOMPARE(QString::fromUtf8(tx->exec("SHOW search_path")[0][0].c_str()),
                 QStringLiteral("\"$user\", public"));
        tx->abort();
    }

    void planShape()
    {
        auto tx = shadow();
        const std::string sql = "ALTER TABLE orders ADD COLUMN a int;\nDROP INDEX orders_customer_idx;\n"
                                "ALTER TYPE mood ADD VALUE 'meh'";
        const auto script = review::parseScript(sql);
        const auto plan = review::planRollback(script, sql, capture(*tx, script));
        QCOMPARE(plan.steps.size(), std::size_t(3));
        QCOMPARE(plan.steps[0].statement, std::size_t(3));
        QVERIFY(plan.steps[0].irreversible);
        QCOMPARE(
            QString::fromStdString(plan.steps[1].sql),
            QStringLiteral("CREATE INDEX orders_customer_idx ON public.orders USING btree (customer_id);\n"));
        QCOMPARE(QString::fromStdString(plan.steps[2].sql),
                 QStringLiteral("ALTER TABLE public.orders DROP COLUMN a;\n"));
        QVERIFY(!plan.reversible());
        tx->abort();
    }
};

QTEST_GUILESS_MAIN(tst_Rollback)
#include "tst_Rollback.moc"
