#include "RollbackPane.h"

#include "SqlEditor.h"
#include "Theme.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QStackedLayout>
#include <QTextDocumentFragment>
#include <QTimer>
#include <QVBoxLayout>

namespace sluice::ui {

namespace {

QString boxStyle(const QColor &colour)
{
    return QStringLiteral("QLabel { border: 1px solid %1; border-radius: 4px; padding: 6px; }")
        .arg(colour.name());
}

// Annotations do not wrap: break a note into lines of at most `width` characters at spaces.
QString wrapped(const QString &text, int width = 100)
{
    QStringList lines;
    for (const auto &paragraph : text.split(QLatin1Char('\n'))) {
        QString line;
        for (const auto &word : paragraph.split(QLatin1Char(' '))) {
            if (!line.isEmpty() && line.size() + 1 + word.size() > width) {
                lines << line;
                line.clear();
            }
            line += line.isEmpty() ? word : QLatin1Char(' ') + word;
        }
        lines << line;
    }
    return lines.join(QLatin1Char('\n'));
}

// The 0-based line where `needle`'s first line starts in `lines`, from `from` on; -1 when absent.
int findLine(const QStringList &lines, const QString &needle, int from)
{
    const auto first = needle.section(QLatin1Char('\n'), 0, 0).trimmed();
    if (first.isEmpty())
        return -1;
    for (int i = std::max(0, from); i < lines.size(); ++i) {
        if (lines[i].trimmed() == first)
            return i;
    }
    return -1;
}

} // namespace

RollbackPane::RollbackPane(QWidget *parent)
    : QWidget(parent), m_stack(new QStackedLayout(this)), m_placeholder(new QLabel(this)),
      m_verification(new QLabel(this)), m_irreversible(new QLabel(this)), m_script(new QComboBox(this)),
      m_copy(new QPushButton(tr("&Copy"), this)), m_sql(new SqlEditor(this))
{
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_stack->addWidget(m_placeholder);
    auto *body = new QWidget(this);
    m_stack->addWidget(body);

    auto *layout = new QVBoxLayout(body);
    layout->setContentsMargins(0, 6, 0, 0);
    for (auto *label : {m_verification, m_irreversible}) {
        label->setWordWrap(true);
        label->setTextFormat(Qt::RichText);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        layout->addWidget(label);
    }
    m_verification->setAccessibleName(tr("Rollback verification"));
    m_irreversible->setAccessibleName(tr("Steps that cannot be undone"));

    auto *bar = new QHBoxLayout;
    auto *showLabel = new QLabel(tr("&Show"), body);
    showLabel->setBuddy(m_script);
    m_script->addItem(tr("Rollback script (last statement first)"), RollbackScript);
    m_script->addItem(tr("Backup SQL (runs in the migration's transaction)"), BackupScript);
    m_script->addItem(tr("Restore SQL (refills data from the backup after the rollback)"), RestoreScript);
    m_script->setAccessibleName(tr("Script to show"));
    m_copy->setToolTip(tr("Copy the script shown to the clipboard"));
    m_copy->setAccessibleName(tr("Copy script"));
    bar->addWidget(showLabel);
    bar->addWidget(m_script);
    bar->addStretch(1);
    bar->addWidget(m_copy);
    layout->addLayout(bar);
    m_sql->setAccessibleName(tr("Rollback SQL"));
    layout->addWidget(m_sql, 1);

    connect(m_script, &QComboBox::currentIndexChanged, this,
            [this] { showScript(Script(m_script->currentData().toInt())); });
    connect(m_copy, &QPushButton::clicked, this, &RollbackPane::copyScript);
}

void RollbackPane::showPlaceholder(const QString &message)
{
    m_rollback = {};
    m_placeholder->setText(message);
    m_stack->setCurrentWidget(m_placeholder);
}

QString RollbackPane::placeholderText() const
{
    return m_stack->currentWidget() == m_placeholder ? m_placeholder->text() : QString();
}

void RollbackPane::showAnalysis(const QJsonObject &document)
{
    const auto rollback = document.value(QLatin1String("rollback")).toObject();
    if (rollback.isEmpty()) {
        showPlaceholder(tr("This analysis has no rollback plan."));
        return;
    }
    if (rollback == m_rollback && m_stack->currentIndex() == 1)
        return; // a live refresh: keep the script the reader picked
    m_rollback = rollback;
    m_stack->setCurrentIndex(1);
    showVerification(rollback);
    showScript(Script(m_script->currentData().toInt()));
}

void RollbackPane::showVerification(const QJsonObject &rollback)
{
    const auto verified = rollback.value(QLatin1String("verified"));
    const auto how = rollback.value(QLatin1String("verification")).toString().toHtmlEscaped();
    QString html;
    QColor colour;
    if (verified.isBool() && verified.toBool()) {
        colour = Theme::statusColor(QStringLiteral("done"));
        html = tr("<b>✔ Verified by round trip on the shadow</b>: %1.").arg(how);
    } else if (verified.isBool()) {
        colour = Theme::statusColor(QStringLiteral("failed"));
        html = tr("<b>✘ Not verified</b>: %1.").arg(how);
    } else {
        colour = Theme::statusColor(QStringLiteral("review"));
        html = tr("<b>Not verified</b>: the round trip could not run%1.")
                   .arg(how.isEmpty() ? QString() : QStringLiteral(": ") + how);
    }
    const auto residual = rollback.value(QLatin1String("residual")).toArray();
    if (!residual.isEmpty()) {
        html += tr("<br>Left over after migration and rollback:<ul style='margin:0'>");
        for (const auto &r : residual)
            html += QStringLiteral("<li>%1</li>").arg(r.toString().toHtmlEscaped());
        html += QStringLiteral("</ul>");
    }
    m_verification->setStyleSheet(boxStyle(colour));
    m_verification->setText(html);

    QStringList lost;
    for (const auto &sv : rollback.value(QLatin1String("steps")).toArray()) {
        const auto step = sv.toObject();
        if (!step.value(QLatin1String("irreversible")).toBool())
            continue;
        lost << tr("<li><b>statement %1</b>: %2%3</li>")
                    .arg(step.value(QLatin1String("statement")).toInt())
                    .arg(step.value(QLatin1String("reason")).toString().toHtmlEscaped(),
                         step.value(QLatin1String("backup")).toBool()
                             ? tr(" (a backup is taken: see Backup SQL)")
                             : QString());
    }
    m_irreversible->setVisible(!lost.isEmpty());
    m_irreversible->setStyleSheet(boxStyle(Theme::severityColor(QStringLiteral("error"))));
    m_irreversible->setText(
        (lost.size() == 1 ? tr("<b>1 step cannot undo what the migration did</b>")
                          : tr("<b>%1 steps cannot undo what the migration did</b>").arg(lost.size())) +
        tr(" (marked <b>!</b> in the script):") +
        QStringLiteral("<ul style='margin:0'>%1</ul>").arg(lost.join(QString())));
}

void RollbackPane::showScript(Script script)
{
    const QSignalBlocker block(m_script);
    m_script->setCurrentIndex(m_script->findData(script));
    QString text;
    switch (script) {
    case RollbackScript:
        text = m_rollback.value(QLatin1String("sql")).toString();
        break;
    case BackupScript:
        text = m_rollback.value(QLatin1String("backup_sql")).toString();
        if (text.isEmpty())
            text = tr("-- No backup: no step of this migration destroys data that a backup could keep.\n");
        break;
    case RestoreScript:
        text = m_rollback.value(QLatin1String("restore_sql")).toString();
        if (text.isEmpty())
            text = tr("-- Nothing to restore: there is no backup.\n");
        break;
    }
    m_sql->setSqlText(text);
    m_sql->clearLineMarks();
    m_irreversibleLines.clear();
    if (script == RollbackScript)
        markIrreversible();
}

void RollbackPane::markIrreversible()
{
    const auto lines = m_sql->text().split(QLatin1Char('\n'));
    int from = 0;
    for (const auto &sv : m_rollback.value(QLatin1String("steps")).toArray()) {
        const auto step = sv.toObject();
        const auto sql = step.value(QLatin1String("sql")).toString();
        const int first = findLine(lines, sql, from);
        if (first < 0)
            continue;
        const int last = first + int(sql.trimmed().count(QLatin1Char('\n')));
        from = last + 1;
        if (!step.value(QLatin1String("irreversible")).toBool())
            continue;
        for (int line = first; line <= last; ++line) {
            m_sql->markLine(line, SqlEditor::LineMark::Irreversible);
            m_irreversibleLines << line;
        }
        QString note = tr("Cannot be undone: %1").arg(step.value(QLatin1String("reason")).toString());
        if (step.value(QLatin1String("backup")).toBool())
            note += tr("\nA backup is taken before the migration; the restore SQL refills the data.");
        m_sql->annotateLine(last, wrapped(note));
    }
}

QString RollbackPane::verificationText() const
{
    return QTextDocumentFragment::fromHtml(m_verification->text()).toPlainText();
}

void RollbackPane::copyScript()
{
    QApplication::clipboard()->setText(m_sql->text());
    m_copy->setText(tr("Copied"));
    QTimer::singleShot(1500, m_copy, [this] { m_copy->setText(tr("&Copy")); });
}

void RollbackPane::restyle()
{
    m_sql->restyle();
    if (!m_rollback.isEmpty())
        showVerification(m_rollback);
}

} // namespace sluice::ui
