// The parse tree built straight from libpg_query's nodes (review/NativeTree.cpp) is the tree libpg_query's
// JSON decodes to, node for node: over every rule fixture, the queue's own schema migrations, a generated
// corpus of agent-style migrations, and statements of every kind the rules look at and many they do not.

#include "review/ParseTree.h"
#include "support/TreeCompare.h"

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace sluice::review;

namespace {

// Statements whose nodes the fixtures and the corpus do not all reach.
const char *const kStatements[] = {
    "SELECT 0, -1, 1.5, 'x', '', NULL, true, false, B'101', X'1F', 5, 99999999999, 1e400, -2147483648",
    "SELECT U&'\\0041', E'\\n\"\\t', $$dollar 'quoted'$$, 'héllo', \"Wörld\"",
    "CREATE FOREIGN TABLE f (a int OPTIONS (column_name 'b')) SERVER s OPTIONS (schema_name 'x')",
    "CREATE TABLE p (a int, b text) PARTITION BY RANGE (a, lower(b))",
    "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (1, MINVALUE) TO (10, MAXVALUE)",
    "CREATE TABLE h1 PARTITION OF h FOR VALUES WITH (MODULUS 4, REMAINDER 1)",
    "CREATE TABLE l1 PARTITION OF l FOR VALUES IN ('a', 'b'); CREATE TABLE d PARTITION OF l DEFAULT",
    "ALTER TABLE p ATTACH PARTITION p2 FOR VALUES FROM (10) TO (20); ALTER TABLE p DETACH PARTITION p2 "
    "CONCURRENTLY",
    "CREATE AGGREGATE a (*) (sfunc = f, stype = int); CREATE AGGREGATE b (int ORDER BY int) (sfunc = g, "
    "stype = int)",
    "SELECT a[1:], b[:2], c[3], (d).e, f.* FROM t",
    "INSERT INTO t VALUES (DEFAULT), (1) ON CONFLICT (a) WHERE b DO UPDATE SET c = EXCLUDED.c RETURNING *",
    "INSERT INTO t (a) OVERRIDING SYSTEM VALUE SELECT 1 ON CONFLICT ON CONSTRAINT k DO NOTHING",
    "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED AND s.x THEN UPDATE SET v = s.v WHEN MATCHED THEN "
    "DELETE "
    "WHEN NOT MATCHED THEN INSERT (id, v) VALUES (s.id, s.v)",
    "WITH RECURSIVE r(n) AS MATERIALIZED (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) "
    "SEARCH DEPTH FIRST BY n SET o CYCLE n SET c USING p SELECT * FROM r",
    "SELECT count(*) FILTER (WHERE a > 1) OVER (PARTITION BY b ORDER BY c ROWS BETWEEN 1 PRECEDING AND "
    "CURRENT "
    "ROW EXCLUDE TIES), string_agg(x, ',' ORDER BY x DESC NULLS LAST), percentile_cont(0.5) WITHIN GROUP "
    "(ORDER "
    "BY y) FROM t GROUP BY GROUPING SETS ((a), ROLLUP (b, c), CUBE (d), ()) HAVING sum(e) > 0 WINDOW w AS "
    "(w0)",
    "SELECT * FROM a NATURAL FULL JOIN b, LATERAL (SELECT 1) l, ROWS FROM (f(1), g(2)) WITH ORDINALITY AS "
    "r(x, y) "
    "TABLESAMPLE SYSTEM (10) REPEATABLE (1), xmltable('/r' PASSING x COLUMNS c int PATH 'c' DEFAULT 0 NOT "
    "NULL)",
    "SELECT CASE WHEN a IS NULL THEN 1 WHEN b IS NOT TRUE THEN 2 ELSE 3 END, COALESCE(a, b), NULLIF(a, b), "
    "GREATEST(a, b), a IS DISTINCT FROM b, a BETWEEN SYMMETRIC 1 AND 2, a LIKE 'x%' ESCAPE '!', a ILIKE ANY "
    "(ARRAY['x']), a SIMILAR TO 'y', ROW(1, 2) OVERLAPS ROW(3, 4), a IN (1, 2), EXISTS (SELECT 1), a = ANY "
    "(SELECT "
    "1), ARRAY(SELECT 1), CURRENT_DATE, CURRENT_TIMESTAMP(3), CURRENT_USER, SESSION_USER, a::int[], "
    "CAST(b AS varchar(10)), c COLLATE \"C\", d AT TIME ZONE 'UTC', interval '1' day, xmlelement(name x, "
    "xmlattributes(1 AS a)), xmlserialize(content x AS text), (SELECT 1) IS DOCUMENT, NOT a AND b OR c",
    "SELECT DISTINCT ON (a) a FROM t ORDER BY a USING < LIMIT 10 OFFSET 5 FOR UPDATE OF t SKIP LOCKED",
    "SELECT a FROM t FETCH FIRST 3 ROWS WITH TIES FOR NO KEY UPDATE NOWAIT; SELECT 1 INTO TEMP x; TABLE t",
    "VALUES (1, 'a'), (2, 'b') EXCEPT ALL VALUES (3, 'c') INTERSECT VALUES (4, 'd')",
    "UPDATE t SET (a, b) = (SELECT 1, 2), c = DEFAULT FROM u WHERE t.id = u.id AND CURRENT OF cur RETURNING "
    "a",
    "DELETE FROM ONLY t * USING u WHERE t.id = u.id RETURNING t.*",
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON ONLY t USING gist (a gist_ops (siglen = 8) DESC NULLS "
    "FIRST, "
    "(lower(b)) COLLATE \"C\") INCLUDE (c) WITH (fillfactor = 70) TABLESPACE ts WHERE d NULLS NOT DISTINCT",
    "CREATE UNIQUE INDEX u ON t (a) NULLS NOT DISTINCT; REINDEX (CONCURRENTLY, VERBOSE) TABLE t; REINDEX "
    "SCHEMA s",
    "CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY -1) PRIMARY KEY, "
    "a text COLLATE \"C\" COMPRESSION lz4 NOT NULL DEFAULT 'x' CHECK (a <> '') NO INHERIT, b int REFERENCES "
    "u "
    "(id) ON DELETE SET NULL (b) ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED, c int GENERATED ALWAYS AS "
    "(b * "
    "2) STORED, d numeric(5, -2), e timestamptz(3)[], EXCLUDE USING gist (c WITH &&) WHERE (c > 0), UNIQUE "
    "NULLS "
    "NOT DISTINCT (a) INCLUDE (b) USING INDEX TABLESPACE x, FOREIGN KEY (b) REFERENCES u MATCH FULL NOT "
    "VALID, "
    "LIKE v INCLUDING ALL EXCLUDING COMMENTS) INHERITS (w) WITH (autovacuum_enabled = false) ON COMMIT DROP "
    "TABLESPACE s",
    "CREATE UNLOGGED TABLE IF NOT EXISTS s.t OF typ (a WITH OPTIONS NOT NULL); CREATE TEMP TABLE x AS SELECT "
    "1 "
    "WITH NO DATA",
    "ALTER TABLE IF EXISTS ONLY t ADD COLUMN IF NOT EXISTS a int, DROP COLUMN b CASCADE, ALTER a TYPE bigint "
    "USING a::bigint, ALTER a SET DEFAULT 1, ALTER a DROP NOT NULL, ALTER a SET STATISTICS -1, ALTER a SET "
    "STORAGE PLAIN, ALTER a ADD GENERATED BY DEFAULT AS IDENTITY, ALTER a SET (n_distinct = 1), ALTER a "
    "RESET "
    "(n_distinct), ADD CONSTRAINT c CHECK (a > 0) NOT VALID, VALIDATE CONSTRAINT c, DROP CONSTRAINT IF "
    "EXISTS d, "
    "SET LOGGED, SET WITHOUT CLUSTER, CLUSTER ON i, SET TABLESPACE ts, SET (fillfactor = 70), RESET "
    "(fillfactor), "
    "REPLICA IDENTITY FULL, ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY, DISABLE TRIGGER ALL, ENABLE "
    "REPLICA RULE r, INHERIT p, NO INHERIT q, OWNER TO CURRENT_ROLE, ALTER CONSTRAINT f DEFERRABLE, SET "
    "ACCESS "
    "METHOD heap, ALTER a SET COMPRESSION pglz, ALTER c DROP EXPRESSION IF EXISTS",
    "ALTER TABLE t RENAME COLUMN a TO b; ALTER TABLE t RENAME TO u; ALTER TABLE t SET SCHEMA s; ALTER INDEX "
    "i "
    "RENAME TO j; ALTER TABLE ALL IN TABLESPACE a OWNED BY r SET TABLESPACE b NOWAIT",
    "ALTER TYPE e ADD VALUE IF NOT EXISTS 'x' BEFORE 'y'; ALTER TYPE e RENAME VALUE 'a' TO 'b'; CREATE TYPE "
    "e AS "
    "ENUM ('a'); CREATE TYPE c AS (a int, b text); CREATE TYPE r AS RANGE (subtype = int); CREATE DOMAIN d "
    "AS int "
    "CONSTRAINT p CHECK (VALUE > 0) DEFAULT 1; ALTER DOMAIN d ADD CONSTRAINT q CHECK (VALUE < 9) NOT VALID",
    "CREATE OR REPLACE FUNCTION f(a int, INOUT b text DEFAULT 'x', VARIADIC c int[] = '{}', OUT d int) "
    "RETURNS "
    "SETOF record LANGUAGE plpgsql IMMUTABLE STRICT SECURITY DEFINER PARALLEL SAFE COST 10 ROWS 5 SET "
    "search_path = public AS $$ BEGIN RETURN; END $$; CREATE PROCEDURE p() BEGIN ATOMIC SELECT 1; END; CALL "
    "p()",
    "CREATE FUNCTION g() RETURNS TABLE (a int) RETURN 1; DROP FUNCTION IF EXISTS f(int, text), g CASCADE; DO "
    "$$ "
    "BEGIN NULL; END $$ LANGUAGE plpgsql",
    "CREATE TRIGGER t AFTER INSERT OR UPDATE OF a ON t REFERENCING NEW TABLE AS n FOR EACH STATEMENT WHEN "
    "(true) "
    "EXECUTE FUNCTION f('x'); CREATE CONSTRAINT TRIGGER c AFTER DELETE ON t DEFERRABLE FOR EACH ROW EXECUTE "
    "PROCEDURE g(); CREATE EVENT TRIGGER e ON ddl_command_start WHEN TAG IN ('CREATE TABLE') EXECUTE "
    "FUNCTION h()",
    "CREATE OR REPLACE RECURSIVE VIEW v (n) WITH (security_barrier) AS SELECT 1 WITH LOCAL CHECK OPTION; "
    "CREATE "
    "MATERIALIZED VIEW IF NOT EXISTS m USING heap AS SELECT 1 WITH DATA; REFRESH MATERIALIZED VIEW "
    "CONCURRENTLY m",
    "CREATE RULE r AS ON INSERT TO t WHERE new.a > 0 DO ALSO (INSERT INTO u VALUES (new.a); NOTIFY c); "
    "CREATE "
    "POLICY p ON t AS RESTRICTIVE FOR SELECT TO PUBLIC USING (a = current_user) WITH CHECK (true)",
    "GRANT SELECT (a, b), UPDATE ON TABLE t, u TO r WITH GRANT OPTION GRANTED BY CURRENT_USER; REVOKE GRANT "
    "OPTION FOR ALL ON ALL TABLES IN SCHEMA s FROM r CASCADE; GRANT r TO s WITH ADMIN OPTION; ALTER DEFAULT "
    "PRIVILEGES FOR ROLE r IN SCHEMA s GRANT SELECT ON TABLES TO q; GRANT USAGE ON SCHEMA s TO PUBLIC",
    "CREATE ROLE r WITH LOGIN PASSWORD 'x' VALID UNTIL 'infinity' CONNECTION LIMIT 3 IN ROLE a; ALTER ROLE r "
    "SET "
    "work_mem = '1MB'; ALTER USER CURRENT_USER RESET ALL; DROP ROLE IF EXISTS r; REASSIGN OWNED BY a TO b; "
    "DROP "
    "OWNED BY a RESTRICT",
    "BEGIN ISOLATION LEVEL SERIALIZABLE, READ ONLY, DEFERRABLE; SAVEPOINT s; RELEASE SAVEPOINT s; ROLLBACK "
    "TO s; "
    "COMMIT AND CHAIN; START TRANSACTION; PREPARE TRANSACTION 'x'; COMMIT PREPARED 'x'; ABORT; END",
    "SET LOCAL lock_timeout = '1s'; SET statement_timeout TO DEFAULT; SET TIME ZONE LOCAL; SET SESSION "
    "CHARACTERISTICS AS TRANSACTION READ WRITE; RESET ALL; SHOW search_path; SET ROLE r; SET search_path = "
    "a, "
    "\"B\", 'c'; SET CONSTRAINTS ALL DEFERRED",
    "LOCK TABLE t, u IN SHARE ROW EXCLUSIVE MODE NOWAIT; VACUUM (FULL, ANALYZE, PARALLEL 2) t (a); ANALYZE "
    "VERBOSE u; CLUSTER t USING i; CHECKPOINT; DISCARD ALL; LISTEN c; UNLISTEN *; NOTIFY c, 'x'; LOAD 'x'",
    "COPY t (a) FROM STDIN WITH (FORMAT csv, HEADER match, FORCE_NULL (a)); COPY (SELECT 1) TO '/tmp/x'; "
    "COPY t "
    "TO PROGRAM 'gzip' BINARY",
    "EXPLAIN (ANALYZE, BUFFERS, FORMAT json) SELECT 1; PREPARE q (int) AS SELECT $1; EXECUTE q (1); "
    "DEALLOCATE "
    "ALL; DECLARE c SCROLL CURSOR WITH HOLD FOR SELECT 1; FETCH BACKWARD 5 FROM c; MOVE LAST IN c; CLOSE c",
    "COMMENT ON COLUMN t.a IS 'x'; COMMENT ON FUNCTION f(int) IS NULL; SECURITY LABEL FOR p ON TABLE t IS "
    "'x'; "
    "ALTER TABLE t ALTER COLUMN a SET DEFAULT nextval('s'::regclass)",
    "CREATE SEQUENCE IF NOT EXISTS s AS bigint INCREMENT BY -1 MINVALUE -9223372036854775808 NO MAXVALUE "
    "START 5 "
    "CACHE 2 CYCLE OWNED BY t.a; ALTER SEQUENCE s RESTART WITH 1 OWNED BY NONE; DROP SEQUENCE s",
    "CREATE SCHEMA IF NOT EXISTS s AUTHORIZATION r CREATE TABLE t (a int) CREATE VIEW v AS SELECT 1; DROP "
    "SCHEMA "
    "s, u CASCADE; CREATE EXTENSION IF NOT EXISTS x WITH SCHEMA s VERSION '1' CASCADE; ALTER EXTENSION x "
    "UPDATE",
    "CREATE PUBLICATION p FOR TABLE t (a) WHERE (a > 0), TABLES IN SCHEMA s WITH (publish = 'insert'); ALTER "
    "PUBLICATION p ADD TABLE u; CREATE SUBSCRIPTION s CONNECTION 'x' PUBLICATION p WITH (enabled = false); "
    "ALTER "
    "SUBSCRIPTION s REFRESH PUBLICATION",
    "CREATE SERVER s FOREIGN DATA WRAPPER w OPTIONS (host 'x'); CREATE USER MAPPING FOR r SERVER s OPTIONS "
    "(user "
    "'u'); IMPORT FOREIGN SCHEMA a LIMIT TO (t) FROM SERVER s INTO b; CREATE FOREIGN DATA WRAPPER w HANDLER "
    "h",
    "CREATE STATISTICS IF NOT EXISTS st (ndistinct, dependencies) ON a, (b + 1) FROM t; ALTER STATISTICS st "
    "SET "
    "STATISTICS 100; CREATE TEXT SEARCH CONFIGURATION c (PARSER = p); ALTER TEXT SEARCH CONFIGURATION c ADD "
    "MAPPING FOR word WITH simple",
    "CREATE CAST (int AS text) WITH FUNCTION f(int) AS IMPLICIT; CREATE OPERATOR === (LEFTARG = int, "
    "RIGHTARG = "
    "int, FUNCTION = f); CREATE OPERATOR CLASS c DEFAULT FOR TYPE int USING btree AS OPERATOR 1 <, FUNCTION "
    "1 "
    "f(int, int); CREATE CONVERSION c FOR 'LATIN1' TO 'UTF8' FROM f; CREATE COLLATION c (provider = icu, "
    "locale "
    "= 'und')",
    "CREATE TABLESPACE ts LOCATION '/x'; CREATE DATABASE d WITH OWNER r TEMPLATE template0; ALTER DATABASE d "
    "SET "
    "x = 1; ALTER SYSTEM SET work_mem = '4MB'; CREATE ACCESS METHOD a TYPE TABLE HANDLER h; CREATE LANGUAGE "
    "l "
    "HANDLER h; ALTER LARGE OBJECT 1 OWNER TO r; TRUNCATE ONLY t, u RESTART IDENTITY CASCADE",
    "SELECT json_build_object('a', 1), '{\"a\":1}'::jsonb -> 'a' ->> 'b', x #> '{a}', a @> b, a || b, -a, "
    "@a, a !~* "
    "'x', OPERATOR(pg_catalog.+)(1, 2), (a).b.c, $1::int, f(a => 1, b := 2), g(VARIADIC ARRAY[1]), "
    "ARRAY[[1, 2], [3, 4]], 'a' 'b', 1 = ALL ('{1}'), POSITION('a' IN 'b'), SUBSTRING('a' FROM 1 FOR 2), "
    "TRIM(BOTH 'x' FROM 'y'), EXTRACT(epoch FROM now()), OVERLAY('a' PLACING 'b' FROM 1), NORMALIZE(a, NFC), "
    "a IS NFC NORMALIZED, COLLATION FOR (a), TREAT(a AS int), xmlpi(name x), xmlroot(x, version '1'), "
    "xmlparse("
    "document x), xmlconcat(x, y), xmlforest(a AS b), xmlexists('/x' PASSING y), CURRENT_CATALOG, "
    "LOCALTIME(2)",
};

} // namespace

class tst_NativeTree : public QObject
{
    Q_OBJECT

    int m_compared = 0;

    void compare(const QString &what, const QByteArray &sql)
    {
        const auto native = ParseTree::parse(sql.constData(), 3);
        const auto json = ParseTree::parseViaJson(sql.constData(), 3);
        QVERIFY2(!native.viaJson, qPrintable(what + ": the native walker gave up"));
        QCOMPARE(native.syntaxError, json.syntaxError);
        if (json.syntaxError) {
            QCOMPARE(native.message, json.message);
            QCOMPARE(native.cursor, json.cursor);
            return;
        }
        // Strings that are not UTF-8: neither gives a tree.
        QCOMPARE(bool(native.tree), bool(json.tree));
        if (!json.tree)
            return;
        QCOMPARE(native.tree->locationOffset(), 3);
        const auto difference = sluice::test::treeDifference(native.tree->root(), json.tree->root());
        QVERIFY2(difference.empty(), qPrintable(what + ": " + QString::fromStdString(difference)));
        ++m_compared;
    }

    void compareFiles(const QString &dir, const QString &pattern)
    {
        const auto files = QDir(dir).entryInfoList({pattern}, QDir::Files, QDir::Name);
        QVERIFY2(!files.isEmpty(), qPrintable("no files in " + dir));
        for (const auto &file : files) {
            QFile f(file.filePath());
            QVERIFY(f.open(QIODevice::ReadOnly));
            compare(file.fileName(), f.readAll());
            if (QTest::currentTestFailed())
                return;
        }
    }

private slots:
    void ruleFixtures()
    {
        compareFiles(QStringLiteral(SLUICE_SOURCE_DIR "/tests/review/rules"), QStringLiteral("*.sql"));
        QVERIFY(m_compared >= 100);
    }

    void queueSchemaMigrations()
    {
        compareFiles(QStringLiteral(SLUICE_SOURCE_DIR "/resources/schema"), QStringLiteral("*.sql"));
    }

    void generatedCorpus()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QProcess gen;
        gen.start(QStringLiteral("python3"),
                  {QStringLiteral(SLUICE_SOURCE_DIR "/bench/gen_corpus.py"), dir.path(),
                   QStringLiteral("--megabytes"), QStringLiteral("1")});
        QVERIFY(gen.waitForFinished(120000));
        QCOMPARE(gen.exitCode(), 0);
        const int before = m_compared;
        compareFiles(dir.path(), QStringLiteral("m*.sql"));
        QVERIFY(m_compared - before > 100);
    }

    void everyStatementKind()
    {
        for (const char *sql : kStatements)
            compare(QString::fromUtf8(sql).left(60), QByteArray(sql));
    }

    void syntaxErrorsAndOddInput()
    {
        compare(QStringLiteral("error"), "select 1; selec 2");
        compare(QStringLiteral("error at end"), "create table t (");
        compare(QStringLiteral("empty"), "");
        compare(QStringLiteral("only comments"), "-- x\n/* y */;;");
        compare(QStringLiteral("invalid UTF-8 in a string"), "select '\xff\xfe'");
        QVERIFY(!ParseTree::parse("select '\xff\xfe'").tree);
        compare(QStringLiteral("invalid UTF-8 in a comment"), "select 1 -- \xff\n");
        // Deeper than the decoder's 1,024 levels: both give no tree.
        const QByteArray deep = "select " + QByteArray(700, '(') + "1" + QByteArray(700, ')');
        const auto native = ParseTree::parse(deep.constData());
        const auto json = ParseTree::parseViaJson(deep.constData());
        QCOMPARE(bool(native.tree), bool(json.tree));
    }
};

QTEST_GUILESS_MAIN(tst_NativeTree)
#include "tst_NativeTree.moc"
