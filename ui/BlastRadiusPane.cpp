#include "BlastRadiusPane.h"

#include "LockGraph.h"
#include "Theme.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QSplitter>
#include <QStackedLayout>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>
#include <utility>

namespace sluice::ui {

namespace {

QString unknownText()
{
    return BlastRadiusPane::tr("unknown");
}

QString count(qint64 n)
{
    if (n < 10'000)
        return QString::number(n);
    if (n < 1'000'000)
        return BlastRadiusPane::tr("%1 k").arg(n / 1000.0, 0, 'f', n < 100'000 ? 1 : 0);
    if (n < 1'000'000'000)
        return BlastRadiusPane::tr("%1 M").arg(n / 1e6, 0, 'f', n < 100'000'000 ? 1 : 0);
    return BlastRadiusPane::tr("%1 G").arg(n / 1e9, 0, 'f', 1);
}

// "40–90 s", "2–5 min", "< 1 s": the unit of the upper bound, so the range reads at a glance.
QString duration(double low, double high)
{
    if (high < 1)
        return BlastRadiusPane::tr("< 1 s");
    double unit = 1;
    QString name = BlastRadiusPane::tr("s");
    if (high >= 7200) {
        unit = 3600;
        name = BlastRadiusPane::tr("h");
    } else if (high >= 120) {
        unit = 60;
        name = BlastRadiusPane::tr("min");
    }
    const auto number = [](double v) {
        return QString::number(v, 'f', v < 10 && v != std::floor(v) ? 1 : 0);
    };
    const auto a = number(low / unit), b = number(high / unit);
    return a == b ? QStringLiteral("%1 %2").arg(b, name) : QStringLiteral("%1–%2 %3").arg(a, b, name);
}

QString joined(const QJsonValue &list)
{
    QStringList items;
    for (const auto &v : list.toArray())
        items << v.toString();
    return items.isEmpty() ? QStringLiteral("—") : items.join(QStringLiteral(", "));
}

QString work(const QJsonObject &relation)
{
    QStringList done;
    for (const auto &[key, label] : {std::pair{"rewrite", "rewrite"}, std::pair{"scan", "scan"},
                                     std::pair{"index_build", "index build"}}) {
        const auto value = relation.value(QLatin1String(key));
        if (value.isNull() || value.isUndefined())
            return unknownText();
        if (value.toBool())
            done << BlastRadiusPane::tr(label);
    }
    return done.isEmpty() ? QStringLiteral("—") : done.join(QStringLiteral(", "));
}

QString sessionsText(const QJsonArray &sessions)
{
    QStringList lines;
    for (const auto &v : sessions) {
        const auto s = v.toObject();
        lines << BlastRadiusPane::tr("session %1 (%2) holds %3%4, in a transaction for %5 s: %6")
                     .arg(s.value(QLatin1String("pid")).toInteger())
                     .arg(s.value(QLatin1String("user")).toString(),
                          lockDisplayName(s.value(QLatin1String("lock")).toString()),
                          s.value(QLatin1String("granted")).toBool(true) ? QString()
                                                                         : BlastRadiusPane::tr(" (waiting)"))
                     .arg(s.value(QLatin1String("transaction_seconds")).toDouble(), 0, 'f', 1)
                     .arg(s.value(QLatin1String("query")).toString());
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace

BlastRadiusPane::BlastRadiusPane(QWidget *parent)
    : QWidget(parent), m_stack(new QStackedLayout(this)), m_placeholder(new QLabel(this)),
      m_badge(new QLabel(this)), m_reasons(new QLabel(this)), m_table(new QTableWidget(this)),
      m_graph(new LockGraphView(this)), m_legend(new QLabel(this)), m_unknowns(new QListWidget(this))
{
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_stack->addWidget(m_placeholder);
    auto *body = new QWidget(this);
    m_stack->addWidget(body);

    auto *layout = new QVBoxLayout(body);
    layout->setContentsMargins(0, 6, 0, 0);
    auto *top = new QHBoxLayout;
    m_badge->setAccessibleName(tr("Risk"));
    m_badge->setAlignment(Qt::AlignCenter);
    m_badge->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    QFont badgeFont = m_badge->font();
    badgeFont.setBold(true);
    m_badge->setFont(badgeFont);
    top->addWidget(m_badge, 0, Qt::AlignTop);
    m_reasons->setWordWrap(true);
    m_reasons->setTextFormat(Qt::RichText);
    m_reasons->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_reasons->setAccessibleName(tr("Risk reasons"));
    top->addWidget(m_reasons, 1);
    layout->addLayout(top);

    m_table->setColumnCount(ColumnCount);
    m_table->setHorizontalHeaderLabels({tr("Line"), tr("Relation"), tr("Lock"), tr("Blocks"), tr("Work"),
                                        tr("Rows"), tr("Size"), tr("Time"), tr("Dependents"), tr("Tags")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    m_table->setAccessibleName(tr("Blast radius per statement and relation"));
    m_table->setToolTip(tr("Enter or double-click shows the statement in the SQL."));
    m_table->installEventFilter(this);
    connect(m_table, &QTableWidget::activated, this, [this](const QModelIndex &index) {
        const auto first = index.siblingAtColumn(Line);
        emit statementActivated(first.data(ByteStartRole).toInt(), first.data(ByteEndRole).toInt(),
                                first.data(LineRole).toInt());
    });

    auto *graphBox = new QWidget(this);
    auto *graphLayout = new QVBoxLayout(graphBox);
    graphLayout->setContentsMargins(0, 0, 0, 0);
    m_legend->setTextFormat(Qt::RichText);
    m_legend->setWordWrap(true);
    m_legend->setAccessibleName(tr("Lock colours"));
    m_graph->setAccessibleName(tr("Touched relations and their dependents, coloured by lock"));
    graphLayout->addWidget(m_legend);
    graphLayout->addWidget(m_graph, 1);

    auto *unknownBox = new QWidget(this);
    auto *unknownLayout = new QVBoxLayout(unknownBox);
    unknownLayout->setContentsMargins(0, 0, 0, 0);
    auto *unknownLabel = new QLabel(tr("&Unknown: could not be read, so counted as risk"), unknownBox);
    unknownLabel->setWordWrap(true);
    unknownLabel->setBuddy(m_unknowns);
    m_unknowns->setAccessibleName(tr("Unknown facts"));
    m_unknowns->setWordWrap(true);
    m_unknowns->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_unknowns->setResizeMode(QListView::Adjust);
    m_unknowns->setMinimumWidth(240);
    unknownLayout->addWidget(unknownLabel);
    unknownLayout->addWidget(m_unknowns, 1);

    auto *bottom = new QSplitter(Qt::Horizontal, this);
    bottom->addWidget(graphBox);
    bottom->addWidget(unknownBox);
    bottom->setStretchFactor(0, 3);
    bottom->setStretchFactor(1, 1);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(bottom);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);
    updateLegend();
}

void BlastRadiusPane::showPlaceholder(const QString &message)
{
    m_document = {};
    m_level.clear();
    m_placeholder->setText(message);
    m_stack->setCurrentWidget(m_placeholder);
}

QString BlastRadiusPane::placeholderText() const
{
    return m_stack->currentWidget() == m_placeholder ? m_placeholder->text() : QString();
}

QByteArray BlastRadiusPane::graphSvg() const
{
    return m_graph->svg();
}

void BlastRadiusPane::showAnalysis(const QJsonObject &document)
{
    if (document == m_document && m_stack->currentIndex() == 1)
        return; // a live refresh: keep the reader's row
    m_document = document;
    m_stack->setCurrentIndex(1);
    showRisk(document.value(QLatin1String("risk")).toObject());
    fillTable(document.value(QLatin1String("statements")).toArray());
    fillUnknowns(document.value(QLatin1String("unknowns")).toArray());
    m_graph->setSvg(lockGraphSvg(document.value(QLatin1String("graph")).toObject()));
}

void BlastRadiusPane::restyle()
{
    updateLegend();
    if (!m_document.isEmpty())
        showAnalysis(std::exchange(m_document, {}));
}

void BlastRadiusPane::showRisk(const QJsonObject &risk)
{
    m_level = risk.value(QLatin1String("level")).toString();
    const QColor colour = Theme::riskColor(m_level);
    const QColor text = colour.lightness() > 150 ? QColor(Qt::black) : QColor(Qt::white);
    m_badge->setText(m_level.isEmpty() ? tr("RISK UNKNOWN") : tr("%1 RISK").arg(m_level.toUpper()));
    m_badge->setStyleSheet(
        QStringLiteral("QLabel { background: %1; color: %2; border-radius: 4px; padding: 4px 10px; }")
            .arg(colour.name(), text.name()));
    QString html;
    for (const auto &reason : risk.value(QLatin1String("reasons")).toArray())
        html += QStringLiteral("<li>%1</li>").arg(reason.toString().toHtmlEscaped());
    m_reasons->setText(html.isEmpty()
                           ? tr("No reason given.")
                           : QStringLiteral("<ul style='margin:0; -qt-list-indent:1'>%1</ul>").arg(html));
}

void BlastRadiusPane::fillTable(const QJsonArray &statements)
{
    m_table->setRowCount(0);
    const auto warning = Theme::severityColor(QStringLiteral("warning"));
    for (const auto &sv : statements) {
        const auto statement = sv.toObject();
        const auto relations = statement.value(QLatin1String("relations")).toArray();
        const auto low = statement.value(QLatin1String("seconds_low")),
                   high = statement.value(QLatin1String("seconds_high"));
        const QString time =
            low.isDouble() && high.isDouble() ? duration(low.toDouble(), high.toDouble()) : unknownText();
        const auto source = statement.value(QLatin1String("source")).toString();
        QString tip = statement.value(QLatin1String("sql")).toString();
        if (source == QLatin1String("static"))
            tip += tr("\n\nAnalysed statically: it cannot run inside a transaction on the shadow.");
        else if (source == QLatin1String("failed"))
            tip += tr("\n\nFailed on the shadow: %1").arg(statement.value(QLatin1String("error")).toString());

        const auto addRow = [&](const QJsonObject &relation) {
            const int row = m_table->rowCount();
            m_table->insertRow(row);
            const auto sessions = relation.value(QLatin1String("sessions")).toArray();
            const QString rowTip =
                sessions.isEmpty() ? tip : tip + QStringLiteral("\n\n") + sessionsText(sessions);
            const auto cell = [&](int column, const QString &text) {
                auto *item = new QTableWidgetItem(text);
                item->setToolTip(rowTip);
                if (text == unknownText()) {
                    item->setData(UnknownRole, true);
                    item->setForeground(warning);
                    QFont italic = item->font();
                    italic.setItalic(true);
                    item->setFont(italic);
                    item->setToolTip(tr("Could not be read: counted as risk. See Unknown below."));
                }
                m_table->setItem(row, column, item);
                return item;
            };
            const auto size = [&](const char *key, auto format) {
                const auto v = relation.value(QLatin1String(key));
                return v.isDouble() ? format(v.toInteger()) : unknownText();
            };
            auto *line = cell(Line, QString::number(statement.value(QLatin1String("line")).toInt()));
            line->setData(ByteStartRole, statement.value(QLatin1String("byte_start")).toInt());
            line->setData(ByteEndRole, statement.value(QLatin1String("byte_end")).toInt());
            line->setData(LineRole, statement.value(QLatin1String("line")).toInt());
            line->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (relation.isEmpty()) {
                cell(Relation,
                     source == QLatin1String("failed") ? tr("failed on the shadow") : tr("(no relation)"));
                for (int column = Lock; column < ColumnCount; ++column)
                    cell(column, column == Time ? time : QStringLiteral("—"));
                return;
            }
            cell(Relation, relation.value(QLatin1String("name")).toString());
            const auto mode = relation.value(QLatin1String("lock")).toString();
            cell(Lock, mode.isEmpty() ? QStringLiteral("—") : lockDisplayName(mode))
                ->setIcon(Theme::dot(Theme::lockColor(mode)));
            cell(Blocks, relation.value(QLatin1String("blocks")).toString());
            cell(Work, work(relation));
            cell(Rows, size("rows", count))->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            cell(Size, size("bytes",
                            [](qint64 b) {
                                return QLocale::c().formattedDataSize(b, 1,
                                                                      QLocale::DataSizeTraditionalFormat);
                            }))
                ->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            cell(Time, time);
            const auto dependents = relation.value(QLatin1String("dependents"));
            cell(Dependents, dependents.isArray() ? joined(dependents) : unknownText());
            const auto tags = relation.value(QLatin1String("tags"));
            cell(Tags, tags.isArray() ? joined(tags) : unknownText());
        };
        if (relations.isEmpty())
            addRow({});
        for (const auto &rv : relations)
            addRow(rv.toObject());
    }
    m_table->resizeColumnsToContents();
    if (m_table->rowCount() > 0)
        m_table->setCurrentCell(0, 0);
}

void BlastRadiusPane::fillUnknowns(const QJsonArray &unknowns)
{
    m_unknowns->clear();
    for (const auto &u : unknowns)
        m_unknowns->addItem(u.toString());
    if (unknowns.isEmpty())
        m_unknowns->addItem(tr("Nothing: every fact was read."));
}

void BlastRadiusPane::updateLegend()
{
    QStringList entries;
    for (const auto &[lock, label] :
         {std::pair{"AccessExclusiveLock", "ACCESS EXCLUSIVE"},
          std::pair{"ExclusiveLock", "SHARE, SHARE ROW EXCLUSIVE, EXCLUSIVE"},
          std::pair{"ShareUpdateExclusiveLock", "SHARE UPDATE EXCLUSIVE"},
          std::pair{"RowExclusiveLock", "ROW EXCLUSIVE and weaker"}, std::pair{"", "dependent, no lock"}})
        entries << QStringLiteral("<span style='color:%1'>■</span>&nbsp;%2")
                       .arg(Theme::lockColor(QLatin1String(lock)).name(),
                            tr(label).replace(QLatin1Char(' '), QStringLiteral("&nbsp;")));
    // Entries break between each other, never inside one.
    m_legend->setText(entries.join(QStringLiteral(" &nbsp; ")));
}

bool BlastRadiusPane::eventFilter(QObject *watched, QEvent *event)
{
    // Enter opens the change from the queue (a window shortcut); in this table it shows the statement.
    if (watched == m_table && event->type() == QEvent::ShortcutOverride) {
        const auto key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            event->accept();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace sluice::ui
