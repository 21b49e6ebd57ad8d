#include "SchemaDiffPane.h"

#include "SqlEditor.h"
#include "Theme.h"
#include "review/TextDiff.h"

#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QSplitter>
#include <QStackedLayout>
#include <QVBoxLayout>

namespace sluice::ui {

namespace {

QColor changeColor(const QString &change)
{
    if (change == QLatin1String("added"))
        return Theme::statusColor(QStringLiteral("done"));
    if (change == QLatin1String("removed"))
        return Theme::statusColor(QStringLiteral("failed"));
    return Theme::statusColor(QStringLiteral("review"));
}

QWidget *titled(const QString &title, SqlEditor *editor, QWidget *parent)
{
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *label = new QLabel(title, box);
    QFont bold = label->font();
    bold.setBold(true);
    label->setFont(bold);
    layout->addWidget(label);
    layout->addWidget(editor, 1);
    return box;
}

} // namespace

SchemaDiffPane::SchemaDiffPane(QWidget *parent)
    : QWidget(parent), m_stack(new QStackedLayout(this)), m_placeholder(new QLabel(this)),
      m_objects(new QListWidget(this)), m_heading(new QLabel(this)), m_before(new SqlEditor(this)),
      m_after(new SqlEditor(this))
{
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_stack->addWidget(m_placeholder);

    m_objects->setAccessibleName(tr("Changed schema objects"));
    m_before->setAccessibleName(tr("Definition before the migration"));
    m_after->setAccessibleName(tr("Definition after the migration"));
    m_heading->setTextFormat(Qt::RichText);
    m_heading->setAccessibleName(tr("Selected object"));

    auto *sides = new QSplitter(Qt::Horizontal, this);
    sides->addWidget(titled(tr("Before"), m_before, sides));
    sides->addWidget(titled(tr("After"), m_after, sides));
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_heading);
    rightLayout->addWidget(sides, 1);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->setContentsMargins(0, 6, 0, 0);
    split->addWidget(m_objects);
    split->addWidget(right);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 4);
    split->setSizes({260, 900});
    m_stack->addWidget(split);

    connect(m_objects, &QListWidget::currentRowChanged, this, &SchemaDiffPane::showObject);
}

void SchemaDiffPane::showPlaceholder(const QString &message)
{
    m_diff = {};
    m_placeholder->setText(message);
    m_stack->setCurrentWidget(m_placeholder);
}

QString SchemaDiffPane::placeholderText() const
{
    return m_stack->currentWidget() == m_placeholder ? m_placeholder->text() : QString();
}

void SchemaDiffPane::showAnalysis(const QJsonObject &document)
{
    const auto diff = document.value(QLatin1String("diff")).toArray();
    if (diff.isEmpty()) {
        showPlaceholder(tr("This migration changes no schema object."));
        return;
    }
    const int row = m_diff == diff ? m_objects->currentRow() : 0;
    m_diff = diff;
    m_stack->setCurrentIndex(1);
    fillObjects(row);
}

void SchemaDiffPane::fillObjects(int row)
{
    const QSignalBlocker block(m_objects);
    m_objects->clear();
    for (const auto &value : std::as_const(m_diff)) {
        const auto object = value.toObject();
        const auto change = object.value(QLatin1String("change")).toString();
        auto *item = new QListWidgetItem(Theme::dot(changeColor(change)),
                                         tr("%1 %2").arg(object.value(QLatin1String("kind")).toString(),
                                                         object.value(QLatin1String("object")).toString()),
                                         m_objects);
        item->setData(ChangeRole, change);
        item->setToolTip(tr("%1: %2").arg(change, object.value(QLatin1String("object")).toString()));
    }
    m_objects->setCurrentRow(std::clamp(row, 0, int(m_diff.size()) - 1));
    showObject(m_objects->currentRow());
}

void SchemaDiffPane::showObject(int row)
{
    if (row < 0 || row >= m_diff.size())
        return;
    const auto object = m_diff.at(row).toObject();
    const auto change = object.value(QLatin1String("change")).toString();
    const auto before = object.value(QLatin1String("before")).toString(),
               after = object.value(QLatin1String("after")).toString();
    m_heading->setText(QStringLiteral("<span style='color:%1'>■</span> %2 <b>%3</b> — %4")
                           .arg(changeColor(change).name(),
                                object.value(QLatin1String("kind")).toString().toHtmlEscaped(),
                                object.value(QLatin1String("object")).toString().toHtmlEscaped(), change));
    m_before->setSqlText(before.isEmpty() ? tr("-- (did not exist)") : before);
    m_after->setSqlText(after.isEmpty() ? tr("-- (no longer exists)") : after);
    m_before->clearLineMarks();
    m_after->clearLineMarks();

    // A run of deleted lines next to inserted ones is a changed passage: yellow on both sides.
    const auto lines = review::diffLines(before.toStdString(), after.toStdString());
    for (size_t start = 0; start < lines.size();) {
        if (lines[start].op == review::DiffLine::Op::Equal) {
            ++start;
            continue;
        }
        size_t end = start;
        bool deletes = false, inserts = false;
        for (; end < lines.size() && lines[end].op != review::DiffLine::Op::Equal; ++end) {
            deletes |= lines[end].op == review::DiffLine::Op::Delete;
            inserts |= lines[end].op == review::DiffLine::Op::Insert;
        }
        const bool changed = deletes && inserts;
        for (size_t i = start; i < end; ++i) {
            const auto &l = lines[i];
            if (l.op == review::DiffLine::Op::Delete)
                m_before->markLine(l.oldLine - 1,
                                   changed ? SqlEditor::LineMark::Changed : SqlEditor::LineMark::Removed);
            else
                m_after->markLine(l.newLine - 1,
                                  changed ? SqlEditor::LineMark::Changed : SqlEditor::LineMark::Added);
        }
        start = end;
    }
}

void SchemaDiffPane::restyle()
{
    m_before->restyle();
    m_after->restyle();
    if (!m_diff.isEmpty())
        fillObjects(m_objects->currentRow());
}

} // namespace sluice::ui
