// Splitting and parsing migrations with the real PostgreSQL parser: ranges, UTF-8 positions, errors,
// transactions.

#include "review/Script.h"

#include <QtTest>

using namespace sluice::review;

class tst_Script : public QObject
{
    Q_OBJECT

private slots:
    void splitsStatementsWithExactRanges()
    {
        const std::string sql =
            "-- add a column\nalter table t add column c int;\n\n  create index i on t (c);\n";
        const auto script = parseScript(sql);
        QVERIFY(script.parses());
        QCOMPARE(script.statements.size(), std::size_t(2));
        const auto &first = script.statements[0];
        QCOMPARE(sql.substr(first.range.begin, first.range.end - first.range.begin),
                 std::string("alter table t add column c int"));
        QCOMPARE(first.start.line, 2);
        QCOMPARE(first.start.column, 1);
        QCOMPARE(first.kind, std::string("AlterTableStmt"));
        const auto &second = script.statements[1];
        QCOMPARE(second.start.line, 4);
        QCOMPARE(second.start.column, 3);
        QCOMPARE(second.kind, std::string("IndexStmt"));
        QVERIFY(script.canRunInOneTransaction());
    }

    void positionsCountCharactersNotBytes()
    {
        const std::string sql = "select 'héllo wörld', 'ü'; selec 1;";
        const auto script = parseScript(sql);
        QVERIFY(!script.parses());
        QCOMPARE(script.error->position.line, 1);
        // "select 'héllo wörld', 'ü'; " is 27 characters but 30 bytes.
        QCOMPARE(script.error->position.column, 28);
        QCOMPARE(script.error->position.offset, std::size_t(30));
        QCOMPARE(script.error->statementIndex, std::size_t(1));
        QVERIFY(QString::fromStdString(script.error->message).contains(QStringLiteral("selec")));
    }

    void statementsAfterABrokenOneAreStillSplit()
    {
        const auto script =
            parseScript("alter table t add colum c int;\ncreate table u (id int);\ndrop table v;\n");
        QVERIFY(!script.parses());
        QCOMPARE(script.error->position.line, 1);
        QCOMPARE(script.statements.size(), std::size_t(3));
        QVERIFY(!script.statements[0].parses);
        QCOMPARE(script.statements[1].kind, std::string("CreateStmt"));
        QCOMPARE(script.statements[2].kind, std::string("DropStmt"));
        QCOMPARE(script.statements[2].start.line, 3);
    }

    void transactionRequirements_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<bool>("oneTransaction");
        QTest::newRow("plain ddl") << "alter table t add column c int; create index i on t (c);" << true;
        QTest::newRow("index concurrently") << "create index concurrently i on t (c);" << false;
        QTest::newRow("drop index concurrently") << "drop index concurrently i;" << false;
        QTest::newRow("reindex concurrently") << "reindex index concurrently i;" << false;
        QTest::newRow("reindex (concurrently)") << "reindex (concurrently) index i;" << false;
        QTest::newRow("reindex (concurrently true)") << "reindex (concurrently true) index i;" << false;
        QTest::newRow("reindex (concurrently on)") << "reindex (concurrently on) index i;" << false;
        QTest::newRow("reindex (concurrently 1)") << "reindex (concurrently 1) index i;" << false;
        QTest::newRow("reindex (concurrently false)") << "reindex (concurrently false) index i;" << true;
        QTest::newRow("reindex (concurrently off)") << "reindex (concurrently OFF) index i;" << true;
        QTest::newRow("reindex (concurrently 0)") << "reindex (concurrently 0) index i;" << true;
        QTest::newRow("reindex (concurrently, concurrently false)")
            << "reindex (concurrently, concurrently false) index i;" << true;
        QTest::newRow("reindex schema") << "reindex schema app;" << false;
        QTest::newRow("reindex system") << "reindex system app;" << false;
        QTest::newRow("reindex (verbose) table") << "reindex (verbose) table t;" << true;
        QTest::newRow("vacuum") << "vacuum t;" << false;
        QTest::newRow("own transaction") << "begin; alter table t add column c int; commit;" << false;
        QTest::newRow("create database") << "create database x;" << false;
    }

    void transactionRequirements()
    {
        QFETCH(QString, sql);
        QFETCH(bool, oneTransaction);
        const auto script = parseScript(sql.toStdString());
        QVERIFY(script.parses());
        QCOMPARE(script.canRunInOneTransaction(), oneTransaction);
    }

    void emptyAndCommentOnlyInput()
    {
        QVERIFY(parseScript("").statements.empty());
        QVERIFY(parseScript("  -- nothing\n/* here */\n").statements.empty());
        QVERIFY(parseScript("-- nothing").parses());
    }

    void unterminatedStringIsAnErrorNotACrash()
    {
        const auto script = parseScript("select 'never closed;\n");
        QVERIFY(!script.parses());
        QCOMPARE(script.statements.size(), std::size_t(1));
    }
};

QTEST_APPLESS_MAIN(tst_Script)
#include "tst_Script.moc"
