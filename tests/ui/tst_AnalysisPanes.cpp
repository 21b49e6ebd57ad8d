// The analysis tabs offscreen with a realistic analysis document (analysis-sample.json, for the SQL in
// analysis-sample.sql): what a DBA sees in the blast radius, rollback and schema diff panes, the placeholder
// before sluiced has analysed a revision, and the data probes' findings among the review's findings. With
// SLUICE_SCREENSHOTS=DIR it also saves pictures of the three tabs in the light and dark palettes.

#include "BlastRadiusPane.h"
#include "ChangeView.h"
#include "MainWindow.h"
#include "RollbackPane.h"
#include "SchemaDiffPane.h"
#include "SqlEditor.h"
#include "Theme.h"
#include "items/FindingListModel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QListWidget>
#include <QSplitter>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace sluice;

namespace {

QByteArray readData(const char *name)
{
    QFile file(QStringLiteral(SLUICE_UI_TEST_DATA "/%1").arg(QLatin1String(name)));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    return file.readAll();
}

model::Analysis analysis(const QJsonObject &document, int revision, const QString &target)
{
    model::Analysis a;
    a.revision = revision;
    a.target = target;
    a.sha256 = document.value(QLatin1String("sha256")).toString();
    a.analyzerVersion = document.value(QLatin1String("analyzer_version")).toString();
    a.risk = document.value(QLatin1String("risk")).toObject().value(QLatin1String("level")).toString();
    a.document = document;
    a.analysedAt =
        QDateTime::fromString(document.value(QLatin1String("analysed_at")).toString(), Qt::ISODate);
    return a;
}

// Change #42 in review: revision 1 (one statement), revision 2 = analysis-sample.sql.
model::ChangeDetail change(const QList<model::Analysis> &analyses)
{
    model::ChangeDetail c;
    auto &s = c.summary;
    s.id = 42;
    s.title = QStringLiteral("Widen order totals, link order items, settle payments");
    s.reason = QStringLiteral("Totals above 99,999,999.99 are refused at checkout.");
    s.agent = QStringLiteral("agent-billing");
    s.onBehalfOf = QStringLiteral("maria");
    s.status = QStringLiteral("review");
    s.target = QStringLiteral("shop_prod");
    s.environment = QStringLiteral("prod");
    s.revision = 2;
    s.sha256 = QStringLiteral("9f2c1e7a5b3d4c6e8f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6");
    s.maxSeverity = QStringLiteral("warning");
    s.parseOk = true;
    s.createdAt = QDateTime(QDate(2026, 11, 27), QTime(0, 40), Qt::UTC);
    s.updatedAt = s.createdAt.addSecs(1200);
    c.revisions = {
        {1,
         QStringLiteral("ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2);\n"),
         QStringLiteral("1b2c"),
         s.agent,
         s.createdAt,
         {}},
        {2, QString::fromUtf8(readData("analysis-sample.sql")), s.sha256, s.agent, s.updatedAt, {}}};
    model::Review review;
    review.revision = 2;
    review.sha256 = s.sha256;
    review.maxSeverity = QStringLiteral("warning");
    review.findings =
        QJsonArray{QJsonObject{{"rule", "changing-column-type"},
                               {"severity", "warning"},
                               {"message", "Changing the type of orders.total rewrites the table"},
                               {"line", 4},
                               {"column", 1},
                               {"byte_start", 102},
                               {"byte_end", 158}}};
    c.reviews = {review};
    c.analyses = analyses;
    return c;
}

} // namespace

class tst_AnalysisPanes : public QObject
{
    Q_OBJECT

    QJsonObject m_document;

    [[nodiscard]] QString cell(const QTableWidget *table, int row, int column) const
    {
        const auto *item = table->item(row, column);
        return item ? item->text() : QStringLiteral("<no item>");
    }

private slots:
    void initTestCase()
    {
        QJsonParseError error;
        m_document = QJsonDocument::fromJson(readData("analysis-sample.json"), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        ui::Theme::apply(*qApp, QStringLiteral("light"));
    }

    void riskOnTop()
    {
        ui::BlastRadiusPane pane;
        pane.showAnalysis(m_document);
        QCOMPARE(pane.riskLevel(), QStringLiteral("high"));
        const auto labels = pane.findChildren<QLabel *>();
        const auto text = [&](const QString &accessibleName) {
            for (auto *l : labels) {
                if (l->accessibleName() == accessibleName)
                    return l->text();
            }
            return QString();
        };
        QCOMPARE(text(QStringLiteral("Risk")), QStringLiteral("HIGH RISK"));
        QVERIFY(text(QStringLiteral("Risk reasons"))
                    .contains(QStringLiteral("rewritten under ACCESS EXCLUSIVE")));
        QVERIFY(text(QStringLiteral("Risk reasons")).contains(QStringLiteral("session 4242 (app)")));
    }

    // A row per statement and relation; what the DBA reads in each cell.
    void blastRadiusTable_data()
    {
        QTest::addColumn<int>("row");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("text");
        using P = ui::BlastRadiusPane;
        QTest::newRow("SET has no relation") << 0 << int(P::Relation) << "(no relation)";
        QTest::newRow("line of the rewrite") << 1 << int(P::Line) << "4";
        QTest::newRow("relation") << 1 << int(P::Relation) << "public.orders";
        QTest::newRow("lock") << 1 << int(P::Lock) << "ACCESS EXCLUSIVE";
        QTest::newRow("blocks") << 1 << int(P::Blocks) << "reads, writes and DDL";
        QTest::newRow("work") << 1 << int(P::Work) << "rewrite, index build";
        QTest::newRow("rows") << 1 << int(P::Rows) << "4.2 M";
        QTest::newRow("size") << 1 << int(P::Size) << "1.2 GB";
        QTest::newRow("time") << 1 << int(P::Time) << "40–90 s";
        QTest::newRow("dependents")
            << 1 << int(P::Dependents)
            << "view public.order_totals, foreign key public.order_items.order_items_order_fk";
        QTest::newRow("tags") << 1 << int(P::Tags) << "financial";
        QTest::newRow("second relation of a statement") << 3 << int(P::Relation) << "public.orders";
        QTest::newRow("share row exclusive") << 2 << int(P::Lock) << "SHARE ROW EXCLUSIVE";
        QTest::newRow("size not read") << 2 << int(P::Size) << "unknown";
        QTest::newRow("no work") << 2 << int(P::Work) << "—";
        QTest::newRow("no dependents") << 2 << int(P::Dependents) << "—";
        QTest::newRow("short time") << 2 << int(P::Time) << "< 1 s";
        QTest::newRow("validate scans") << 4 << int(P::Work) << "scan";
        QTest::newRow("validate lock") << 4 << int(P::Lock) << "SHARE UPDATE EXCLUSIVE";
        QTest::newRow("validate time") << 4 << int(P::Time) << "0.4–1.5 s";
        QTest::newRow("rows not read") << 6 << int(P::Rows) << "unknown";
        QTest::newRow("bytes not read") << 6 << int(P::Size) << "unknown";
        QTest::newRow("time not estimated") << 6 << int(P::Time) << "unknown";
        QTest::newRow("weak lock") << 6 << int(P::Lock) << "ROW EXCLUSIVE";
    }

    void blastRadiusTable()
    {
        QFETCH(int, row);
        QFETCH(int, column);
        QFETCH(QString, text);
        ui::BlastRadiusPane pane;
        pane.showAnalysis(m_document);
        // 6 statements; statement 3 touches two relations.
        QCOMPARE(pane.table()->rowCount(), 7);
        QCOMPARE(cell(pane.table(), row, column), text);
    }

    // A fact that could not be read is "unknown", marked as such, and never shows as 0.
    void unknownIsNeverZero()
    {
        ui::BlastRadiusPane pane;
        pane.showAnalysis(m_document);
        const auto *table = pane.table();
        int unknowns = 0;
        for (int row = 0; row < table->rowCount(); ++row) {
            for (const int column :
                 {ui::BlastRadiusPane::Rows, ui::BlastRadiusPane::Size, ui::BlastRadiusPane::Time}) {
                const auto *item = table->item(row, column);
                QVERIFY(item->text() != QLatin1String("0"));
                QVERIFY(!item->text().startsWith(QLatin1String("0 ")));
                if (item->text() == QLatin1String("unknown")) {
                    ++unknowns;
                    QVERIFY(item->data(ui::BlastRadiusPane::UnknownRole).toBool());
                    QVERIFY(item->font().italic());
                }
            }
        }
        QCOMPARE(unknowns, 4);
        QCOMPARE(pane.unknowns()->count(), 2);
        QVERIFY(
            pane.unknowns()->item(0)->text().startsWith(QLatin1String("row estimate of public.payments")));

        auto nothingUnknown = m_document;
        nothingUnknown.insert(QStringLiteral("unknowns"), QJsonArray());
        pane.showAnalysis(nothingUnknown);
        QCOMPARE(pane.unknowns()->count(), 1);
        QCOMPARE(pane.unknowns()->item(0)->text(), QStringLiteral("Nothing: every fact was read."));
    }

    // Graphviz lays out document.graph; the SVG has a node per graph node and an edge per graph edge.
    void graphRendered()
    {
        ui::BlastRadiusPane pane;
        pane.showAnalysis(m_document);
        const auto svg = QString::fromUtf8(pane.graphSvg());
        QVERIFY(svg.startsWith(QLatin1String("<?xml")));
        const auto nodes =
            m_document.value(QLatin1String("graph")).toObject().value(QLatin1String("nodes")).toArray();
        QCOMPARE(svg.count(QLatin1String("class=\"node\"")), nodes.size());
        for (const auto &n : nodes) {
            const auto id = n.toObject().value(QLatin1String("id")).toString();
            QVERIFY2(svg.contains(QStringLiteral("<title>%1</title>").arg(id)), qPrintable(id));
        }
        QCOMPARE(svg.count(QLatin1String("class=\"edge\"")), 3);
        // Filled by lock: orders (ACCESS EXCLUSIVE) has the red outline, a dependent view the grey one.
        QVERIFY(svg.contains(ui::Theme::lockColor(QStringLiteral("AccessExclusiveLock")).name()));
        QVERIFY(svg.contains(ui::Theme::lockColor(QString()).name()));
        QVERIFY(svg.contains(QLatin1String("ACCESS EXCLUSIVE")));

        auto noGraph = m_document;
        noGraph.insert(QStringLiteral("graph"), QJsonObject());
        pane.showAnalysis(noGraph);
        QVERIFY(pane.graphSvg().isEmpty());
    }

    // Enter on a row of the blast radius shows its statement in the SQL, even though Enter is also the
    // window's "open change" shortcut.
    void rowJumpsToStatement()
    {
        ui::MainWindow window;
        window.resize(1280, 800);
        window.setChanges({change({}).summary});
        window.selectChange(42);
        window.showChange(change({analysis(m_document, 2, QStringLiteral("shop_prod"))}));
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        auto *view = window.changeView();
        view->setCurrentTab(ui::ChangeView::BlastRadiusTab);
        auto *table = view->blastRadius()->table();
        QSignalSpy activated(view->blastRadius(), &ui::BlastRadiusPane::statementActivated);
        table->setFocus();
        table->setCurrentCell(4, ui::BlastRadiusPane::Relation); // VALIDATE CONSTRAINT, line 9
        QTest::keyClick(table, Qt::Key_Return);
        QCOMPARE(activated.size(), 1);
        const auto statement = m_document.value(QLatin1String("statements")).toArray().at(3).toObject();
        QCOMPARE(activated.first().at(0).toInt(), statement.value(QLatin1String("byte_start")).toInt());
        QCOMPARE(activated.first().at(2).toInt(), 9);
        QCOMPARE(view->currentTab(), ui::ChangeView::SqlTab);
        ui::SqlEditor *sql = nullptr;
        for (auto *editor : view->findChildren<ui::SqlEditor *>()) {
            if (editor->accessibleName() == QLatin1String("SQL of the latest revision"))
                sql = editor;
        }
        QVERIFY(sql);
        QCOMPARE(int(sql->SendScintilla(QsciScintillaBase::SCI_GETSELECTIONSTART)),
                 statement.value(QLatin1String("byte_start")).toInt());
        QCOMPARE(int(sql->SendScintilla(QsciScintillaBase::SCI_GETSELECTIONEND)),
                 statement.value(QLatin1String("byte_end")).toInt());
        QCOMPARE(sql->selectedText(), statement.value(QLatin1String("sql")).toString());
    }

    void rollbackPlan()
    {
        ui::RollbackPane pane;
        pane.showAnalysis(m_document);
        QVERIFY(
            pane.verificationText().startsWith(QStringLiteral("✘ Not verified: the schema after migration")));
        QVERIFY(pane.verificationText().contains(
            QLatin1String("public.orders.legacy_code comes back as the last")));
        const auto rollback = m_document.value(QLatin1String("rollback")).toObject();
        QCOMPARE(pane.editor()->text(), rollback.value(QLatin1String("sql")).toString());
        QVERIFY(pane.editor()->isReadOnly());

        // Two irreversible steps: the UPDATE (a comment line) and the DROP COLUMN undone as an empty ADD
        // COLUMN.
        const auto lines = pane.editor()->text().split(QLatin1Char('\n'));
        const int update = int(lines.indexOf(QRegularExpression(QStringLiteral("^-- statement 6 cannot.*"))));
        const int addColumn =
            int(lines.indexOf(QStringLiteral("ALTER TABLE public.orders ADD COLUMN legacy_code text;")));
        const int dropConstraint = int(lines.indexOf(
            QStringLiteral("ALTER TABLE public.order_items DROP CONSTRAINT order_items_order_fk;")));
        QVERIFY(update > 0 && addColumn > 0 && dropConstraint > 0);
        QCOMPARE(pane.irreversibleLines(), (QList<int>{update, addColumn}));
        QVERIFY(pane.editor()->hasLineMark(update, ui::SqlEditor::LineMark::Irreversible));
        QVERIFY(pane.editor()->hasLineMark(addColumn, ui::SqlEditor::LineMark::Irreversible));
        QVERIFY(!pane.editor()->hasLineMark(dropConstraint, ui::SqlEditor::LineMark::Irreversible));
        QVERIFY(
            pane.editor()->annotation(addColumn).startsWith(QLatin1String("Cannot be undone: DROP COLUMN")));
        QVERIFY(pane.editor()->annotation(addColumn).contains(QLatin1String("restore SQL refills the data")));
        QVERIFY(pane.editor()->annotation(dropConstraint).isEmpty());

        pane.showScript(ui::RollbackPane::BackupScript);
        QCOMPARE(pane.editor()->text(), rollback.value(QLatin1String("backup_sql")).toString());
        QVERIFY(pane.irreversibleLines().isEmpty());
        pane.copyScript();
        QCOMPARE(QApplication::clipboard()->text(), rollback.value(QLatin1String("backup_sql")).toString());
        pane.showScript(ui::RollbackPane::RestoreScript);
        QCOMPARE(pane.editor()->text(), rollback.value(QLatin1String("restore_sql")).toString());
    }

    void rollbackVerification_data()
    {
        QTest::addColumn<QJsonValue>("verified");
        QTest::addColumn<QString>("expected");
        QTest::newRow("round trip equal") << QJsonValue(true) << "✔ Verified by round trip on the shadow: ";
        QTest::newRow("round trip differs") << QJsonValue(false) << "✘ Not verified: ";
        QTest::newRow("round trip could not run")
            << QJsonValue(QJsonValue::Null) << "Not verified: the round trip could not run: ";
    }

    void rollbackVerification()
    {
        QFETCH(QJsonValue, verified);
        QFETCH(QString, expected);
        auto document = m_document;
        auto rollback = document.value(QLatin1String("rollback")).toObject();
        rollback.insert(QStringLiteral("verified"), verified);
        rollback.insert(QStringLiteral("residual"), QJsonArray());
        document.insert(QStringLiteral("rollback"), rollback);
        ui::RollbackPane pane;
        pane.showAnalysis(document);
        QVERIFY2(pane.verificationText().startsWith(expected), qPrintable(pane.verificationText()));
    }

    void schemaDiff()
    {
        ui::SchemaDiffPane pane;
        pane.showAnalysis(m_document);
        auto *objects = pane.objects();
        QCOMPARE(objects->count(), 3);
        QCOMPARE(objects->item(0)->text(), QStringLiteral("table public.orders"));
        QCOMPARE(objects->item(0)->data(ui::SchemaDiffPane::ChangeRole).toString(),
                 QStringLiteral("changed"));
        QCOMPARE(objects->item(1)->data(ui::SchemaDiffPane::ChangeRole).toString(), QStringLiteral("added"));
        QCOMPARE(objects->item(2)->data(ui::SchemaDiffPane::ChangeRole).toString(),
                 QStringLiteral("removed"));

        // The changed table: legacy_code removed (red), total's type changed (yellow on both sides).
        QCOMPARE(objects->currentRow(), 0);
        const auto before = pane.before()->text().split(QLatin1Char('\n')),
                   after = pane.after()->text().split(QLatin1Char('\n'));
        QVERIFY(before.contains(QStringLiteral("    legacy_code text,")));
        QVERIFY(!after.contains(QStringLiteral("    legacy_code text,")));
        using Mark = ui::SqlEditor::LineMark;
        QVERIFY(pane.before()->hasLineMark(int(before.indexOf(QStringLiteral("    legacy_code text,"))),
                                           Mark::Removed));
        QVERIFY(pane.before()->hasLineMark(
            int(before.indexOf(QStringLiteral("    total numeric(10,2) NOT NULL"))), Mark::Changed));
        QVERIFY(pane.after()->hasLineMark(
            int(after.indexOf(QStringLiteral("    total numeric(12,2) NOT NULL"))), Mark::Changed));
        const int id = int(after.indexOf(QStringLiteral("    id bigint NOT NULL,")));
        for (const auto mark : {Mark::Added, Mark::Removed, Mark::Changed})
            QVERIFY(!pane.after()->hasLineMark(id, mark));

        // An added object: nothing before, all green after.
        objects->setCurrentRow(1);
        QCOMPARE(pane.before()->text(), QStringLiteral("-- (did not exist)"));
        QVERIFY(pane.after()->text().contains(QLatin1String("ADD CONSTRAINT order_items_order_fk")));
        QVERIFY(pane.after()->hasLineMark(0, Mark::Added));
        QVERIFY(pane.after()->hasLineMark(1, Mark::Added));
        // A removed one: all red before, nothing after.
        objects->setCurrentRow(2);
        QVERIFY(pane.before()->text().startsWith(QLatin1String("CREATE INDEX orders_legacy_code_idx")));
        QVERIFY(pane.before()->hasLineMark(0, Mark::Removed));
        QCOMPARE(pane.after()->text(), QStringLiteral("-- (no longer exists)"));
    }

    void placeholderWithoutAnalysis()
    {
        ui::ChangeView view;
        view.showChange(change({}));
        const auto sentence = QStringLiteral("sluiced has not analysed revision 2 yet.");
        QVERIFY(view.blastRadius()->placeholderText().startsWith(sentence));
        QVERIFY(view.rollback()->placeholderText().startsWith(sentence));
        QVERIFY(view.schemaDiff()->placeholderText().startsWith(sentence));
        QCOMPARE(view.analysisPicker()->count(), 1);
        QVERIFY(!view.analysisPicker()->isEnabled());

        // Only revision 1 analysed: the latest still says so, and the older analysis can be picked.
        view.showChange(change({analysis(m_document, 1, QStringLiteral("shop_prod"))}));
        QVERIFY(view.blastRadius()->placeholderText().startsWith(sentence));
        QCOMPARE(view.analysisPicker()->count(), 2);
        view.analysisPicker()->setCurrentIndex(1);
        QVERIFY(view.blastRadius()->placeholderText().isEmpty());
        QCOMPARE(view.blastRadius()->riskLevel(), QStringLiteral("high"));
    }

    // Several targets analysed the latest revision: the first is shown, the picker switches.
    void pickTarget()
    {
        auto staging = m_document;
        staging.insert(QStringLiteral("target"), QStringLiteral("shop_staging"));
        staging.insert(QStringLiteral("risk"),
                       QJsonObject{{"level", "low"}, {"reasons", QJsonArray{"small tables"}}});
        ui::ChangeView view;
        view.showChange(change({analysis(m_document, 2, QStringLiteral("shop_prod")),
                                analysis(staging, 2, QStringLiteral("shop_staging"))}));
        auto *picker = view.analysisPicker();
        QCOMPARE(picker->count(), 2);
        QVERIFY(picker->isEnabled());
        QCOMPARE(picker->itemText(0), QStringLiteral("Revision 2 on shop_prod: high risk"));
        QCOMPARE(view.blastRadius()->riskLevel(), QStringLiteral("high"));
        picker->setCurrentIndex(1);
        QCOMPARE(view.blastRadius()->riskLevel(), QStringLiteral("low"));
        // A live refresh keeps the choice.
        view.showChange(change({analysis(m_document, 2, QStringLiteral("shop_prod")),
                                analysis(staging, 2, QStringLiteral("shop_staging"))}));
        QCOMPARE(picker->currentIndex(), 1);
        QCOMPARE(view.blastRadius()->riskLevel(), QStringLiteral("low"));
    }

    // The data probes' findings join the review's, marked as the probes', in the one findings list.
    void probeFindings()
    {
        ui::ChangeView view;
        QAbstractItemModelTester tester(view.findingModel(),
                                        QAbstractItemModelTester::FailureReportingMode::Fatal);
        view.showChange(change({}));
        QCOMPARE(view.findingModel()->rowCount(), 1);
        view.showChange(change({analysis(m_document, 2, QStringLiteral("shop_prod"))}));
        auto *model = view.findingModel();
        QCOMPARE(model->rowCount(), 3);
        QStringList rules, messages;
        for (int row = 0; row < model->rowCount(); ++row) {
            const auto index = model->index(row, model::FindingListModel::Message);
            rules << index.data(model::FindingListModel::RuleRole).toString();
            messages << index.data().toString();
        }
        // Most severe first: the probe's error leads.
        QCOMPARE(rules, (QStringList{"probe-check-violations", "changing-column-type", "probe-fk-orphans"}));
        QVERIFY(messages[0].startsWith(QLatin1String("Data probe on shop_prod: 4 rows of public.customers")));
        QVERIFY(!messages[1].startsWith(QLatin1String("Data probe")));
        const auto probe = model->index(0, 0).data(model::FindingListModel::FindingRole).toJsonObject();
        QCOMPARE(probe.value(QLatin1String("origin")).toString(), QStringLiteral("probe"));
        QCOMPARE(model->index(0, 0).data(model::FindingListModel::LineRole).toInt(), 9);
        // An analysis of an older revision brings no probes: its data findings are about other SQL.
        view.showChange(change({analysis(m_document, 1, QStringLiteral("shop_prod"))}));
        QCOMPARE(model->rowCount(), 1);
    }

    void screenshots_data()
    {
        QTest::addColumn<QString>("theme");
        QTest::newRow("light") << "light";
        QTest::newRow("dark") << "dark";
    }

    void screenshots()
    {
        QFETCH(QString, theme);
        // The pictures go to SLUICE_SCREENSHOTS (docs/screenshots when refreshing them), else to a scratch
        // folder: either way each tab must render in a full window and save as a picture.
        QTemporaryDir scratch;
        QVERIFY(scratch.isValid());
        auto dir = qEnvironmentVariable("SLUICE_SCREENSHOTS");
        if (dir.isEmpty())
            dir = scratch.path();
        ui::Theme::apply(*qApp, theme);
        ui::MainWindow window;
        model::Identity me{QStringLiteral("dana"),
                           {QStringLiteral("sluice_dba")},
                           QStringLiteral("sluice"),
                           QStringLiteral("queue.internal"),
                           3};
        window.setIdentity(me, me.database);
        window.resize(1440, 900);
        const auto detail = change({analysis(m_document, 2, QStringLiteral("shop_prod"))});
        window.setChanges({detail.summary});
        window.selectChange(42);
        window.showChange(detail);
        window.setLive(true, {});
        // Most of the window for the change, as a DBA reviewing one would drag it.
        if (auto *split = qobject_cast<QSplitter *>(window.centralWidget()))
            split->setSizes({420, 1020});
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        for (const auto &[tab, name] : {std::pair{ui::ChangeView::BlastRadiusTab, "blast-radius"},
                                        std::pair{ui::ChangeView::RollbackTab, "rollback"},
                                        std::pair{ui::ChangeView::SchemaDiffTab, "schema-diff"}}) {
            window.changeView()->setCurrentTab(tab);
            QTest::qWait(50);
            const auto file = QStringLiteral("%1/%2-%3.png").arg(dir, QLatin1String(name), theme);
            QVERIFY2(window.grab().save(file), qPrintable(file));
            QCOMPARE(QImage(file).size(), window.size());
        }
        ui::Theme::apply(*qApp, QStringLiteral("light"));
    }
};

QTEST_MAIN(tst_AnalysisPanes)
#include "tst_AnalysisPanes.moc"
