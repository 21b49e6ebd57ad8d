// One data-driven runner for every rule fixture in tests/review/rules/<rule-id>.sql.
//
// A fixture is a migration. A line that must be flagged by the rule carries "-- expect: <rule-id>" (the line
// where the finding starts), or the line above it carries "-- expect-below: <rule-id>"; "(info)", "(warning)"
// or
// "(error)" after the id also checks the finding's severity. Every other line must produce no finding of that
// rule. Header comments set up the run:
//   -- toml: pg_version = 11                 TOML lines, joined, as the engine's configuration
//   -- catalog: table public.orders rows=5000000 bytes=900000000 tags=hot,pii columns=id:bigint!,note:text
//   -- catalog: index public.orders orders_pkey columns=id primary unique
//   -- catalog: constraint public.orders orders_total_check type=c columns=total not-valid
// ("!" after a column's type means NOT NULL). The fixture's own rule is always switched on.

#include "review/Engine.h"
#include "review/PsqlScript.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QtTest>

using namespace sluice::review;

namespace {

QString fixtureDir()
{
    return QStringLiteral(SLUICE_SOURCE_DIR "/tests/review/rules");
}
QString docDir()
{
    return QStringLiteral(SLUICE_SOURCE_DIR "/resources/rules");
}

std::map<std::string, std::string> keyValues(const QStringList &words)
{
    std::map<std::string, std::string> kv;
    for (const auto &w : words) {
        const auto eq = w.indexOf(QLatin1Char('='));
        kv[(eq < 0 ? w : w.left(eq)).toStdString()] = eq < 0 ? "true" : w.mid(eq + 1).toStdString();
    }
    return kv;
}

std::vector<std::string> commaList(const std::string &s)
{
    std::vector<std::string> out;
    for (const auto &part : QString::fromStdString(s).split(QLatin1Char(','), Qt::SkipEmptyParts))
        out.push_back(part.trimmed().toStdString());
    return out;
}

void addCatalogLine(CatalogFacts &catalog, const QString &line)
{
    const auto words = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words.size() < 2)
        return;
    auto &table = catalog.tables[words[1].toStdString()];
    if (words[0] == QLatin1String("table")) {
        const auto kv = keyValues(words.mid(2));
        if (kv.count("rows"))
            table.rowEstimate = std::stoll(kv.at("rows"));
        if (kv.count("bytes"))
            table.totalBytes = std::stoll(kv.at("bytes"));
        if (kv.count("partitioned"))
            table.partitioned = true;
        if (kv.count("tags")) {
            for (const auto &t : commaList(kv.at("tags")))
                table.tags.insert(t);
        }
        if (kv.count("columns")) {
            for (auto c : commaList(kv.at("columns"))) {
                const bool notNull = !c.empty() && c.back() == '!';
                if (notNull)
                    c.pop_back();
                const auto colon = c.find(':');
                table.columns.push_back(
                    {c.substr(0, colon), colon == std::string::npos ? "" : c.substr(colon + 1), notNull});
            }
        }
    } else if (words[0] == QLatin1String("index") && words.size() >= 3) {
        const auto kv = keyValues(words.mid(3));
        table.indexes.push_back(
            {words[2].toStdString(),
             kv.count("columns") ? commaList(kv.at("columns")) : std::vector<std::string>{},
             kv.count("unique") > 0,
             kv.count("primary") > 0,
             kv.count("invalid") == 0,
             {},
             {},
             {}});
    } else if (words[0] == QLatin1String("constraint") && words.size() >= 3) {
        const auto kv = keyValues(words.mid(3));
        table.constraints.push_back(
            {words[2].toStdString(), kv.count("type") ? kv.at("type")[0] : 'c',
             kv.count("columns") ? commaList(kv.at("columns")) : std::vector<std::string>{},
             kv.count("not-valid") == 0, kv.count("definition") ? kv.at("definition") : ""});
    } else if (words[0] == QLatin1String("domain")) {
        catalog.constrainedDomains.insert(words[1].toStdString());
        catalog.tables.erase(words[1].toStdString());
    }
}

} // namespace

class tst_Rules : public QObject
{
    Q_OBJECT

private slots:
    void fixture_data()
    {
        QTest::addColumn<QString>("path");
        const auto files = QDir(fixtureDir()).entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name);
        QVERIFY2(!files.isEmpty(), "no rule fixtures found");
        for (const auto &file : files)
            QTest::newRow(qPrintable(file.chopped(4))) << QDir(fixtureDir()).filePath(file);
    }

    void fixture()
    {
        QFETCH(QString, path);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray sql = file.readAll();
        const auto id = QFileInfo(path).completeBaseName().toStdString();
        QVERIFY2(findRule(id), qPrintable(QStringLiteral("%1 names no registered rule").arg(path)));

        std::string toml;
        CatalogFacts catalog;
        bool haveCatalog = false;
        std::set<int> expected;
        std::map<int, std::string> expectedSeverity;
        const auto lines = QString::fromUtf8(sql).split(QLatin1Char('\n'));
        static const QRegularExpression expect(
            QStringLiteral("--\\s*expect(-below)?:\\s*([a-z0-9-]+)(?:\\s*\\((info|warning|error)\\))?"));
        for (int i = 0; i < lines.size(); ++i) {
            const auto line = lines[i].trimmed();
            if (line.startsWith(QLatin1String("-- toml:")))
                toml += line.mid(8).trimmed().toStdString() + "\n";
            if (line.startsWith(QLatin1String("-- catalog:"))) {
                addCatalogLine(catalog, line.mid(11).trimmed());
                haveCatalog = true;
            }
            auto it = expect.globalMatch(lines[i]);
            while (it.hasNext()) {
                const auto m = it.next();
                QCOMPARE(m.captured(2).toStdString(), id);
                const int flagged = m.captured(1).isEmpty() ? i + 1 : i + 2;
                expected.insert(flagged);
                if (!m.captured(3).isEmpty())
                    expectedSeverity[flagged] = m.captured(3).toStdString();
            }
        }
        QVERIFY2(!expected.empty(), "a fixture must expect at least one finding");
        std::string error;
        auto config = Config::fromToml(toml, "", &error);
        QVERIFY2(error.empty(), error.c_str());
        config.enabledOptIn.insert(id);
        // Through the psql front end, as sluicectl lint reads a file: plain SQL comes out as it went in.
        const auto psql =
            lintPsql(path.toStdString(), sql.toStdString(), {}, config, haveCatalog ? &catalog : nullptr);

        std::set<int> actual;
        QStringList unexpected;
        for (const auto &located : psql.findings) {
            const auto &f = located.finding;
            if (f.ruleId != id)
                continue;
            QVERIFY2(!f.message.empty(), "a finding needs a message");
            QVERIFY2(!f.help.empty(), "a finding needs help");
            QVERIFY(f.range.begin <= f.range.end && f.range.end <= std::size_t(sql.size()));
            actual.insert(f.start.line);
            if (const auto it = expectedSeverity.find(f.start.line);
                it != expectedSeverity.end() && std::string(severityName(f.severity)) != it->second)
                unexpected << QStringLiteral("line %1: severity %2, expected %3")
                                  .arg(f.start.line)
                                  .arg(QString::fromLatin1(severityName(f.severity).data()))
                                  .arg(QString::fromStdString(it->second));
            if (!expected.count(f.start.line))
                unexpected
                    << QStringLiteral("line %1: %2").arg(f.start.line).arg(QString::fromStdString(f.message));
        }
        QStringList missing;
        for (const int line : expected) {
            if (!actual.count(line))
                missing << QStringLiteral("line %1: %2").arg(line).arg(lines[line - 1].trimmed());
        }
        QVERIFY2(unexpected.isEmpty(), qPrintable(QStringLiteral("unexpected findings:\n  ") +
                                                  unexpected.join(QStringLiteral("\n  "))));
        QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("expected findings missing:\n  ") +
                                               missing.join(QStringLiteral("\n  "))));
    }

    void everyRuleHasAFixtureAndADocPage()
    {
        QStringList problems;
        std::set<std::string> ids;
        for (const Rule *rule : allRules()) {
            const auto id = QString::fromLatin1(rule->id.data(), qsizetype(rule->id.size()));
            QVERIFY2(ids.insert(id.toStdString()).second,
                     qPrintable(QStringLiteral("duplicate rule id ") + id));
            static const QRegularExpression kebab(QStringLiteral("^[a-z0-9]+(-[a-z0-9]+)*$"));
            if (!kebab.match(id).hasMatch())
                problems << id + QStringLiteral(": not a kebab-case id");
            if (rule->summary.empty() || rule->help.empty())
                problems << id + QStringLiteral(": needs a summary and help");
            if (!QFile::exists(QDir(fixtureDir()).filePath(id + QStringLiteral(".sql"))))
                problems << id + QStringLiteral(": no fixture tests/review/rules/") + id +
                                QStringLiteral(".sql");
            QFile doc(QDir(docDir()).filePath(id + QStringLiteral(".md")));
            if (!doc.open(QIODevice::ReadOnly)) {
                problems << id + QStringLiteral(": no doc page resources/rules/") + id +
                                QStringLiteral(".md");
                continue;
            }
            const auto text = QString::fromUtf8(doc.readAll());
            // The page states the default the engine applies: an opt-in rule is off until switched on.
            const auto severity = QString::fromLatin1(severityName(rule->severity).data());
            const auto stated =
                QStringLiteral("**Default severity:** ") +
                (rule->optIn ? QStringLiteral("off (opt-in; %1 when switched on)").arg(severity) : severity) +
                QStringLiteral(" ·");
            if (!text.contains(stated))
                problems << id + QStringLiteral(".md: the severity line must read ") + stated;
            for (const auto *section : {"## Problem", "## Safe alternative", "## Example"}) {
                if (!text.contains(QLatin1String(section)))
                    problems << id + QStringLiteral(".md: missing section ") + QLatin1String(section);
            }
        }
        for (const auto &file : QDir(fixtureDir()).entryList({QStringLiteral("*.sql")}, QDir::Files)) {
            if (!findRule(file.chopped(4).toStdString()))
                problems << file + QStringLiteral(": names no registered rule");
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void atLeastAHundredRules() { QVERIFY(allRules().size() >= 100); }

    // Version caveats follow the configured pg_version.
    void versionDependentBehaviour_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<int>("pgVersion");
        QTest::addColumn<QString>("rule");
        QTest::addColumn<bool>("flagged");
        const QString constantDefault =
            QStringLiteral("alter table orders add column flag boolean default false;");
        QTest::newRow("PG 10 rewrites for a constant default")
            << constantDefault << 10 << "adding-field-with-volatile-default" << true;
        QTest::newRow("PG 11 stores a constant default")
            << constantDefault << 11 << "adding-field-with-volatile-default" << false;
        const QString setNotNull = QStringLiteral(
            "alter table orders add constraint orders_note_not_null check (note is not null) not valid;\n"
            "alter table orders validate constraint orders_note_not_null;\n"
            "commit;\n"
            "alter table orders alter column note set not null;");
        QTest::newRow("PG 11 scans for SET NOT NULL despite the CHECK")
            << setNotNull << 11 << "adding-not-nullable-field" << true;
        QTest::newRow("PG 12 uses the validated CHECK")
            << setNotNull << 12 << "adding-not-nullable-field" << false;
        QTest::newRow("PG 15 understands no VIRTUAL column")
            << QStringLiteral("alter table orders add column total_cents bigint generated always as (total * "
                              "100) virtual;")
            << 18 << "unsupported-newer-syntax" << true;
    }

    void versionDependentBehaviour()
    {
        QFETCH(QString, sql);
        QFETCH(int, pgVersion);
        QFETCH(QString, rule);
        QFETCH(bool, flagged);
        Config config;
        config.pgVersion = pgVersion;
        const auto text = sql.toStdString();
        const auto findings = lint(text, config).findings;
        const bool found = std::any_of(findings.begin(), findings.end(),
                                       [&](const Finding &f) { return f.ruleId == rule.toStdString(); });
        QCOMPARE(found, flagged);
    }

    // Boolean options count by their value, as PostgreSQL reads them, not by their presence.
    void lockModelReadsOptionValues_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("lock");
        QTest::addColumn<bool>("rewrites");
        QTest::addColumn<bool>("inTransaction");
        const QString shareUpdate = QStringLiteral("SHARE UPDATE EXCLUSIVE");
        const QString accessExclusive = QStringLiteral("ACCESS EXCLUSIVE");
        QTest::newRow("vacuum") << "vacuum t;" << shareUpdate << false << false;
        QTest::newRow("vacuum full") << "vacuum full t;" << accessExclusive << true << false;
        QTest::newRow("vacuum (full)") << "vacuum (full) t;" << accessExclusive << true << false;
        QTest::newRow("vacuum (full true)") << "vacuum (full true) t;" << accessExclusive << true << false;
        QTest::newRow("vacuum (full on)") << "vacuum (full on) t;" << accessExclusive << true << false;
        QTest::newRow("vacuum (full 1)") << "vacuum (full 1) t;" << accessExclusive << true << false;
        QTest::newRow("vacuum (full false)") << "vacuum (full false) t;" << shareUpdate << false << false;
        QTest::newRow("vacuum (full off)") << "vacuum (FULL Off) t;" << shareUpdate << false << false;
        QTest::newRow("vacuum (full 0)") << "vacuum (full 0, analyze) t;" << shareUpdate << false << false;
        QTest::newRow("reindex") << "reindex table t;" << accessExclusive << false << true;
        QTest::newRow("reindex (concurrently)")
            << "reindex (concurrently) table t;" << shareUpdate << false << false;
        QTest::newRow("reindex (concurrently on)")
            << "reindex (concurrently on) table t;" << shareUpdate << false << false;
        QTest::newRow("reindex (concurrently false)")
            << "reindex (concurrently false) index i;" << accessExclusive << false << true;
        QTest::newRow("reindex (concurrently off)")
            << "reindex (concurrently off) index i;" << accessExclusive << false << true;
        QTest::newRow("reindex (concurrently 0)")
            << "reindex (concurrently 0) index i;" << accessExclusive << false << true;
    }

    void lockModelReadsOptionValues()
    {
        QFETCH(QString, sql);
        QFETCH(QString, lock);
        QFETCH(bool, rewrites);
        QFETCH(bool, inTransaction);
        const auto text = sql.toStdString();
        const auto review = lint(text);
        QCOMPARE(review.statements.size(), std::size_t(1));
        const auto &facts = review.statements[0].facts;
        QCOMPARE(facts.relations.size(), std::size_t(1));
        QCOMPARE(QString::fromLatin1(lockModeName(facts.relations[0].lock).data()), lock);
        QCOMPARE(facts.relations[0].rewrites, rewrites);
        QCOMPARE(facts.canRunInTransaction, inTransaction);
    }

    // A table from CREATE TABLE IF NOT EXISTS may already exist with data: index and lock findings on it are
    // reported, and say why.
    void tableFromCreateIfNotExistsMayExist_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("rule");
        QTest::addColumn<bool>("flagged");
        const QString create =
            QStringLiteral("create table if not exists audit (id bigint, at timestamptz);\n");
        QTest::newRow("index") << create + "create index audit_at_idx on audit (at);"
                               << "require-concurrent-index-creation" << true;
        QTest::newRow("lock") << create + "alter table audit add column note text;"
                              << "require-lock-timeout" << true;
        QTest::newRow("created before, then IF NOT EXISTS")
            << "create table audit (id bigint);\n" + create + "create index audit_id_idx on audit (id);"
            << "require-concurrent-index-creation" << false;
        QTest::newRow("plain create") << QStringLiteral("create table audit (id bigint);\n"
                                                        "alter table audit add column note text;")
                                      << "require-lock-timeout" << false;
    }

    void tableFromCreateIfNotExistsMayExist()
    {
        QFETCH(QString, sql);
        QFETCH(QString, rule);
        QFETCH(bool, flagged);
        Config config;
        config.enabledOptIn.insert(rule.toStdString());
        const auto text = sql.toStdString();
        const auto findings = lint(text, config).findings;
        const auto it = std::find_if(findings.begin(), findings.end(),
                                     [&](const Finding &f) { return f.ruleId == rule.toStdString(); });
        QCOMPARE(it != findings.end(), flagged);
        if (flagged)
            QVERIFY2(
                QString::fromStdString(it->message)
                    .contains(QStringLiteral("audit comes from CREATE TABLE IF NOT EXISTS earlier in this "
                                             "file: it may already exist, with data")),
                it->message.c_str());
    }

    // COMMENT ON and explicit LOCKs below SHARE also wait for their lock: reported when nothing stronger is,
    // at the severity of the lock (SHARE UPDATE EXCLUSIVE holds up DDL: warning; weaker: info).
    void lockTimeoutForWeakerLocks_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("severity");
        QTest::newRow("comment on table") << "comment on table orders is 'x';" << 1 << "warning";
        QTest::newRow("comment on column")
            << "comment on column public.orders.note is 'x';" << 1 << "warning";
        QTest::newRow("comment on constraint")
            << "comment on constraint orders_pkey on orders is 'x';" << 1 << "warning";
        QTest::newRow("lock in access share mode")
            << "begin;\nlock table orders in access share mode;\ncommit;" << 2 << "info";
        QTest::newRow("lock in row exclusive mode")
            << "begin;\nlock table orders in row exclusive mode;\ncommit;" << 2 << "info";
        QTest::newRow("a stronger lock later wins")
            << "comment on table orders is 'x';\nalter table orders add column note text;" << 2 << "error";
        QTest::newRow("lock_timeout set")
            << "set lock_timeout = '2s';\ncomment on table orders is 'x';" << 0 << "";
        QTest::newRow("comment on a new table")
            << "create table notes (id bigint);\ncomment on table notes is 'x';" << 0 << "";
        QTest::newRow("comment on a function") << "comment on function refresh_totals() is 'x';" << 0 << "";
        QTest::newRow("plain select") << "select * from orders;" << 0 << "";
    }

    void lockTimeoutForWeakerLocks()
    {
        QFETCH(QString, sql);
        QFETCH(int, line);
        QFETCH(QString, severity);
        const auto text = sql.toStdString();
        std::vector<Finding> found;
        for (const auto &f : lint(text).findings) {
            if (f.ruleId == "require-lock-timeout")
                found.push_back(f);
        }
        QCOMPARE(found.size(), std::size_t(line > 0 ? 1 : 0));
        if (line > 0) {
            QCOMPARE(found[0].start.line, line);
            QCOMPARE(QString::fromLatin1(severityName(found[0].severity).data()), severity);
        }
    }

    void utf8PositionsOfFindings()
    {
        // "é" and "ü" are two bytes each: columns count characters, byte offsets count bytes.
        const std::string sql = "select 'é'; create index i on \"bücher\" (x);";
        const auto findings = lint(sql).findings;
        const auto it = std::find_if(findings.begin(), findings.end(), [](const Finding &f) {
            return f.ruleId == "require-concurrent-index-creation";
        });
        QVERIFY(it != findings.end());
        QCOMPARE(it->start.line, 1);
        QCOMPARE(it->start.column, 31);
        QCOMPARE(it->range.begin, std::size_t(31));
        QCOMPARE(sql.substr(it->range.begin, it->range.end - it->range.begin), std::string("\"bücher\""));
        QCOMPARE(it->end.column, 39);
    }

    // The queue's own schema migrations pass the linter, or carry reasoned suppressions. The migrator runs
    // each file in one transaction.
    void ownQueueSchemaPassesItsOwnLinter()
    {
        const QDir dir(QStringLiteral(SLUICE_SOURCE_DIR "/resources/schema"));
        const auto files = dir.entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 2);
        Config config;
        config.assumeInTransaction = true;
        QStringList problems;
        for (const auto &name : files) {
            QFile file(dir.filePath(name));
            QVERIFY(file.open(QIODevice::ReadOnly));
            const auto sql = file.readAll();
            for (const auto &f :
                 lint(std::string_view(sql.constData(), std::size_t(sql.size())), config).findings) {
                if (f.severity != Severity::Info)
                    problems << QStringLiteral("%1:%2: %3 %4")
                                    .arg(name)
                                    .arg(f.start.line)
                                    .arg(QString::fromStdString(f.ruleId), QString::fromStdString(f.message));
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }
};

QTEST_APPLESS_MAIN(tst_Rules)
#include "tst_Rules.moc"
