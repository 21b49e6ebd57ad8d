#include "DecisionDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <QWidget>

namespace sluice::ui {

DecisionDialog::DecisionDialog(Kind kind, qint64 changeId, const QString &title, int revision,
                               const QString &sha256, const QList<QJsonObject> &errorFindings,
                               QWidget *parent)
    : QDialog(parent), m_kind(kind), m_comment(new QPlainTextEdit(this)), m_errorFindings(errorFindings)
{
    const bool approve = kind == Kind::Approve;
    setWindowTitle(approve ? tr("Approve change %1").arg(changeId) : tr("Reject change %1").arg(changeId));
    auto *layout = new QVBoxLayout(this);
    auto *what = new QLabel(this);
    what->setTextFormat(Qt::RichText);
    what->setWordWrap(true);
    what->setText(
        (approve ? tr("Approve <b>#%1 %2</b>, revision %3?") : tr("Reject <b>#%1 %2</b>, revision %3?"))
            .arg(changeId)
            .arg(title.toHtmlEscaped())
            .arg(revision) +
        tr("<br><span style='font-family: monospace'>sha256&nbsp;%1</span>").arg(sha256) +
        (approve ? tr("<br><br>Your approval binds to exactly this revision; a new revision voids it.")
                 : tr("<br><br>The agent sees your comment and can submit a new revision.")));
    layout->addWidget(what);
    auto *label =
        new QLabel(approve ? tr("&Comment (optional):") : tr("&Comment (required): what must change?"), this);
    label->setBuddy(m_comment);
    layout->addWidget(label);
    m_comment->setAccessibleName(tr("Decision comment"));
    m_comment->setTabChangesFocus(true);
    m_comment->setMinimumHeight(80);
    layout->addWidget(m_comment);
    if (approve && !errorFindings.isEmpty()) {
        const auto count = int(errorFindings.size());
        auto *heading = new QLabel(
            (count == 1 ? tr("<b>1 error finding.</b>") : tr("<b>%1 error findings.</b>").arg(count)) +
                tr(" Approving means going ahead anyway: write why for each one. "
                   "Your reasons are recorded in the audit log."),
            this);
        heading->setWordWrap(true);
        layout->addWidget(heading);
        auto *form = new QFormLayout;
        for (const auto &f : errorFindings) {
            const auto rule = f.value(QLatin1String("rule")).toString();
            const auto line = f.value(QLatin1String("line")).toInt();
            // What the finding says, above the box for the reason: the reason answers it.
            auto *field = new QWidget(this);
            auto *fieldLayout = new QVBoxLayout(field);
            fieldLayout->setContentsMargins(0, 0, 0, 0);
            fieldLayout->setSpacing(2);
            auto *message = new QLabel(f.value(QLatin1String("message")).toString(), field);
            message->setWordWrap(true);
            message->setTextFormat(Qt::PlainText);
            message->setTextInteractionFlags(Qt::TextSelectableByMouse);
            fieldLayout->addWidget(message);
            auto *reason = new QLineEdit(field);
            reason->setPlaceholderText(tr("why this is safe here"));
            reason->setAccessibleName(tr("Reason to override %1 at line %2").arg(rule).arg(line));
            fieldLayout->addWidget(reason);
            auto *findingLabel = new QLabel(tr("%1, line %2").arg(rule).arg(line), this);
            findingLabel->setBuddy(reason);
            form->addRow(findingLabel, field);
            m_reasons.append(reason);
            connect(reason, &QLineEdit::textChanged, this, &DecisionDialog::updateOk);
        }
        layout->addLayout(form);
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_ok = buttons->addButton(approve ? tr("&Approve") : tr("&Reject"), QDialogButtonBox::AcceptRole);
    m_ok->setDefault(true);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_comment, &QPlainTextEdit::textChanged, this, &DecisionDialog::updateOk);
    updateOk();
    if (m_reasons.isEmpty())
        m_comment->setFocus();
    else
        m_reasons.first()->setFocus();
    resize(520, sizeHint().height());
}

QString DecisionDialog::comment() const
{
    return m_comment->toPlainText().trimmed();
}

void DecisionDialog::updateOk()
{
    bool ok = m_kind == Kind::Approve || !comment().isEmpty();
    for (const auto *reason : m_reasons)
        ok = ok && !reason->text().trimmed().isEmpty();
    m_ok->setEnabled(ok);
}

QList<model::FindingOverride> DecisionDialog::overrides() const
{
    QList<model::FindingOverride> list;
    for (int i = 0; i < m_reasons.size(); ++i) {
        list.append({m_errorFindings[i].value(QLatin1String("rule")).toString(),
                     m_errorFindings[i].value(QLatin1String("line")).toInt(),
                     m_reasons[i]->text().trimmed()});
    }
    return list;
}

} // namespace sluice::ui
