// The psql front end: meta-commands, variables, conditionals and includes resolved into the SQL that runs,
// and findings located in the files they come from.

#include "review/PsqlScript.h"

#include <QtTest>

using namespace sluice::review;

namespace {

using Variables = std::map<std::string, std::string>;

// "rule@line" for each problem, in order.
QStringList problemsOf(const PsqlScript &script)
{
    QStringList out;
    for (const auto &p : script.problems())
        out << QStringLiteral("%1@%2")
                   .arg(QString::fromStdString(p.finding.ruleId))
                   .arg(p.finding.start.line);
    return out;
}

// In-memory files for \i and \ir.
PsqlScript::Reader filesReader(std::map<std::string, std::string> files)
{
    return [files = std::move(files)](const std::string &path,
                                      std::string *error) -> std::optional<std::string> {
        const auto found = files.find(path);
        if (found == files.end()) {
            *error = "No such file or directory";
            return std::nullopt;
        }
        return found->second;
    };
}

} // namespace

Q_DECLARE_METATYPE(Variables)

class tst_PsqlScript : public QObject
{
    Q_OBJECT

private slots:
    void resolves_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<Variables>("variables");
        QTest::addColumn<QString>("sql");
        QTest::newRow("plain sql is left as it is")
            << "create table t (id int);\nselect 1;" << Variables{} << "create table t (id int);\nselect 1;";
        QTest::newRow("set and substitute")
            << "\\set tbl orders\nselect * from :tbl;\n"
            << Variables{} << "-- psql: \\set tbl orders\nselect * from orders;\n";
        QTest::newRow("quoted literal and identifier")
            << "\\set v 'it''s'\nselect :'v', :\"v\";" << Variables{}
            << "-- psql: \\set v 'it''s'\nselect 'it''s', \"it's\";";
        QTest::newRow("literal with a backslash is an E string")
            << "select :'p';" << Variables{{"p", "a\\b"}} << "select  E'a\\\\b';";
        QTest::newRow("--set value") << "select :n;" << Variables{{"n", "42"}} << "select 42;";
        QTest::newRow("defined test")
            << "select :{?n}, :{?m};" << Variables{{"n", "1"}} << "select TRUE, FALSE;";
        QTest::newRow("casts and assignments are not variables")
            << "select 1::int, f(a := 2);" << Variables{{"int", "x"}} << "select 1::int, f(a := 2);";
        QTest::newRow("not in strings, dollar quotes, comments or quoted names")
            << "select ':n', $$ :n $$, $f$ :n $f$, \":n\", e'\\' :n'; -- :n\n/* :n */"
            << Variables{{"n", "X"}}
            << "select ':n', $$ :n $$, $f$ :n $f$, \":n\", e'\\' :n'; -- :n\n/* :n */";
        QTest::newRow("an identifier with a dollar is not a quote")
            << "select a$b$ + :n;" << Variables{{"n", "1"}} << "select a$b$ + 1;";
        QTest::newRow("array slice with an unset name is left alone")
            << "select a[lo:hi] from t;" << Variables{} << "select a[lo:hi] from t;";
        QTest::newRow("backslash in a string is not a command") << "select 'C:\\temp';\n"
                                                                << Variables{} << "select 'C:\\temp';\n";
        QTest::newRow("echo, timing and pset become comments")
            << "\\echo hi\n\\timing on\n\\pset format aligned\nselect 1;" << Variables{}
            << "-- psql: \\echo hi\n-- psql: \\timing on\n-- psql: \\pset format aligned\nselect 1;";
        QTest::newRow("\\g ends the statement")
            << "select 1 \\g\nselect 2\\gx\n"
            << Variables{} << "select 1 ; -- psql: \\g\nselect 2; -- psql: \\gx\n";
        QTest::newRow("if takes the true branch")
            << "\\if on\nselect 1;\n\\else\nselect 2;\n\\endif\n"
            << Variables{}
            << "-- psql: \\if on\nselect 1;\n-- psql: \\else\n-- select 2;\n-- psql: \\endif\n";
        QTest::newRow("elif after a false if")
            << "\\set big false\n\\if :big\nselect 1;\n\\elif yes\nselect 2;\n\\else\nselect 3;\n\\endif"
            << Variables{}
            << "-- psql: \\set big false\n-- psql: \\if :big\n-- select 1;\n-- psql: \\elif yes\nselect 2;\n"
               "-- psql: \\else\n-- select 3;\n-- psql: \\endif";
        QTest::newRow("nested if in a branch not taken is not evaluated")
            << "\\if 0\n\\if :unset\nselect 1;\n\\endif\n\\endif\nselect 2;" << Variables{}
            << "-- psql: \\if 0\n-- psql: \\if :unset\n-- select 1;\n-- psql: \\endif\n-- psql: "
               "\\endif\nselect "
               "2;";
        QTest::newRow("variables set in a branch not taken stay unset")
            << "\\if false\n\\set x 1\n\\endif\nselect :{?x};" << Variables{}
            << "-- psql: \\if false\n-- psql: \\set x 1\n-- psql: \\endif\nselect FALSE;";
        QTest::newRow("set concatenates its arguments and unset removes")
            << "\\set x a b 'c d'\nselect ':x';\n\\unset x\nselect :{?x};" << Variables{}
            << "-- psql: \\set x a b 'c d'\nselect ':x';\n-- psql: \\unset x\nselect FALSE;";
        QTest::newRow("meta-command inside a statement")
            << "select\n\\if true\n1\n\\else\n2\n\\endif\n;" << Variables{}
            << "select\n-- psql: \\if true\n1\n-- psql: \\else\n-- "
               "2\n-- psql: \\endif\n;";
        QTest::newRow("\\q ends the script") << "select 1;\n\\q\nselect 2;\n"
                                             << Variables{} << "select 1;\n-- psql: \\q\n-- select 2;\n";
        QTest::newRow("two commands on a line, then \\\\ and sql")
            << "\\set a 1 \\set b 2\nselect :a + :b;" << Variables{}
            << "/* psql: \\set a 1 */ -- psql: \\set b 2\nselect 1 + 2;";
        QTest::newRow("variables in comments of the stored text are kept as written")
            << "\\echo :nothing\nselect 1;" << Variables{} << "-- psql: \\echo :nothing\nselect 1;";
    }

    void resolves()
    {
        QFETCH(QString, text);
        QFETCH(Variables, variables);
        QFETCH(QString, sql);
        PsqlScript::Options options;
        options.variables = variables;
        const auto script = PsqlScript::resolve("m.sql", text.toStdString(), options);
        QCOMPARE(problemsOf(script), QStringList());
        QCOMPARE(QString::fromStdString(script.sql()), sql);
        QCOMPARE(script.usesPsql(), text != sql);
    }

    void problems_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("problems");
        QTest::newRow("unset variable, once at its place")
            << "select 1;\ncreate index i on :\"tbl\" (c);" << QStringList{"psql-unset-variable@2"};
        QTest::newRow("unset quoted literal") << "select :'x';" << QStringList{"psql-unset-variable@1"};
        QTest::newRow("gset value is unknown")
            << "select count(*) as n from t \\gset\nselect :n;" << QStringList{"psql-unset-variable@2"};
        QTest::newRow("prompt value is unknown")
            << "\\prompt 'table? ' tbl\ndrop table :tbl;" << QStringList{"psql-unset-variable@2"};
        QTest::newRow("connect") << "select 1;\n\\c other\nselect 2;"
                                 << QStringList{"psql-unsafe-meta-command@2"};
        QTest::newRow("connect long form")
            << "\\connect other\nselect 2;" << QStringList{"psql-unsafe-meta-command@1"};
        QTest::newRow("gexec") << "select 'select 1' \\gexec" << QStringList{"psql-unsafe-meta-command@1"};
        QTest::newRow("shell") << "\\! ls" << QStringList{"psql-unsafe-meta-command@1"};
        QTest::newRow("backquote") << "\\set d `date`\nselect :'d';"
                                   << QStringList{"psql-unsafe-meta-command@1", "psql-unset-variable@2"};
        QTest::newRow("copy from a client file")
            << "\\copy t from 'rows.csv'" << QStringList{"psql-unsafe-meta-command@1"};
        QTest::newRow("output to a pipe") << "select 1 \\g |cat" << QStringList{"psql-unsafe-meta-command@1"};
        QTest::newRow("unknown command") << "\\frobnicate" << QStringList{"psql-unsupported-meta-command@1"};
        QTest::newRow("\\g on an empty buffer")
            << "insert into t values (1);\n\\g" << QStringList{"psql-unsupported-meta-command@2"};
        QTest::newRow("include on submit") << "\\i other.sql" << QStringList{"psql-include-failed@1"};
        QTest::newRow("not a boolean") << "\\if maybe\n\\endif" << QStringList{"psql-invalid-conditional@1"};
        QTest::newRow("undecidable condition")
            << "select true as ok \\gset\n\\if :ok\nselect 1;\n\\endif"
            << QStringList{"psql-unset-variable@2", "psql-invalid-conditional@2"};
        QTest::newRow("endif without if") << "\\endif" << QStringList{"psql-invalid-conditional@1"};
        QTest::newRow("else after else")
            << "\\if 1\n\\else\n\\else\n\\endif" << QStringList{"psql-invalid-conditional@3"};
        QTest::newRow("if without endif") << "\\if 1\nselect 1;\n"
                                          << QStringList{"psql-invalid-conditional@3"};
        QTest::newRow("branch not taken is not checked")
            << "\\if false\n\\connect other\nselect :x;\n\\endif" << QStringList{};
    }

    void problems()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, problems);
        const auto script = PsqlScript::resolve("m.sql", text.toStdString(), {});
        QCOMPARE(problemsOf(script), problems);
        for (const auto &p : script.problems()) {
            QVERIFY(!p.finding.message.empty());
            QVERIFY(!p.finding.help.empty());
        }
    }

    void undecidableConditionsReviewEveryBranch()
    {
        const auto script = PsqlScript::resolve(
            "m.sql", "select 1 as ok \\gset\n\\if :ok\nselect 2;\n\\else\nselect 3;\n\\endif", {});
        QVERIFY(script.sql().find("\nselect 2;") != std::string::npos);
        QVERIFY(script.sql().find("\nselect 3;") != std::string::npos);
    }

    void includesFollowFilesWithTheirOwnLines_data()
    {
        QTest::addColumn<QString>("main");
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        // The included file has no semicolon at its end: psql sends what is left at a file's end.
        QTest::newRow("\\ir is relative to the including file") << "\\ir parts/a.sql\nselect 2;"
                                                                << "migrations/parts/a.sql" << 2 << 19;
        QTest::newRow("\\i is relative to the working directory")
            << "select 1;\n\\i migrations/parts/a.sql\nselect 2;"
            << "migrations/parts/a.sql" << 2 << 19;
    }

    void includesFollowFilesWithTheirOwnLines()
    {
        QFETCH(QString, main);
        QFETCH(QString, file);
        QFETCH(int, line);
        QFETCH(int, column);
        PsqlScript::Options options;
        options.read = filesReader({{"migrations/parts/a.sql", "-- part a\ncreate index i on orders (c)"}});
        const auto result = lintPsql("migrations/main.sql", main.toStdString(), options);
        QCOMPARE(problemsOf(result.script), QStringList());
        QVERIFY(result.review.script.parses());
        bool found = false;
        for (const auto &f : result.findings) {
            if (f.finding.ruleId != "require-concurrent-index-creation")
                continue;
            found = true;
            QCOMPARE(QString::fromStdString(result.script.sources()[f.source].name), file);
            QCOMPARE(f.finding.start.line, line);
            QCOMPARE(f.finding.start.column, column);
        }
        QVERIFY2(found, "the included file's CREATE INDEX was not reviewed");
    }

    void includeGuards_data()
    {
        QTest::addColumn<QString>("main");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing file") << "\\ir nope.sql"
                                      << "cannot read d/nope.sql: No such file";
        QTest::newRow("cycle") << "\\ir loop.sql"
                               << "d/loop.sql includes itself";
        QTest::newRow("self") << "\\ir main.sql"
                              << "d/main.sql includes itself";
    }

    void includeGuards()
    {
        QFETCH(QString, main);
        QFETCH(QString, message);
        PsqlScript::Options options;
        options.read =
            filesReader({{"d/loop.sql", "select 1;\n\\ir loop.sql\n"}, {"d/main.sql", "\\ir main.sql"}});
        const auto script = PsqlScript::resolve("d/main.sql", main.toStdString(), options);
        QCOMPARE(script.problems().size(), std::size_t(1));
        QCOMPARE(script.problems()[0].finding.ruleId, std::string("psql-include-failed"));
        QVERIFY2(QString::fromStdString(script.problems()[0].finding.message).contains(message),
                 script.problems()[0].finding.message.c_str());
    }

    void findingsOnTheSqlPointAtTheScriptsLines()
    {
        // Line 3 of the script is line 3 of the SQL, the column that of the script's text.
        const std::string text = "\\set tbl orders\n\\echo indexing\ncreate index i on :tbl (c);\n";
        const auto result = lintPsql("m.sql", text, {});
        bool found = false;
        for (const auto &f : result.findings) {
            if (f.finding.ruleId != "require-concurrent-index-creation")
                continue;
            found = true;
            QCOMPARE(f.finding.start.line, 3);
            // The table's name, which the SQL has in place of the variable: the reference.
            QCOMPARE(f.finding.start.column, 19);
            QCOMPARE(text.substr(f.finding.range.begin, 4), std::string(":tbl"));
        }
        QVERIFY(found);
        QCOMPARE(positionAt(result.script.sql(), result.script.sql().find("create index")).line, 3);
    }

    void psqlProblemsFollowTheConfiguration()
    {
        Config config;
        config.ruleSeverity["psql-unset-variable"] = std::nullopt;
        const auto result = lintPsql("m.sql", "select :x;", {}, config);
        for (const auto &f : result.findings)
            QVERIFY(f.finding.ruleId != "psql-unset-variable");
        QCOMPARE(result.script.problems().size(), std::size_t(1)); // a submission still refuses it
    }
};

QTEST_APPLESS_MAIN(tst_PsqlScript)
#include "tst_PsqlScript.moc"
