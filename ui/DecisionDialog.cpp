#include "DecisionDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

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
        tr("<br><span style='font-family: monospace'>sha256 %1</span>").arg(sha256) +
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
        auto *heading = new QLabel(tr("<b>%n error finding(s).</b> Approving means going ahead anyway: "
                                      "write why for each one. Your reasons are recorded in the audit log.",
                                      nullptr, int(errorFindings.size())),
                                   this);
        heading->setWordWrap(true);
        layout->addWidget(heading);
        auto *form = new QFormLayout;
        for (const auto &f : errorFindings) {
            auto *reason = new QLineEdit(this);
            reason->setPlaceholderText(tr("why this is safe here"));
            const auto rule = f.value(QLatin1String("rule")).toString();
            const auto line = f.value(QLatin1String("line")).toInt();
            reason->setAccessibleName(tr("Reason to override %1 at line %2").arg(rule).arg(line));
            auto *findingLabel = new QLabel(tr("%1, line %2").arg(rule).arg(line), this);
            findingLabel->setToolTip(f.value(QLatin1String("message")).toString());
            findingLabel->setBuddy(reason);
            form->addRow(findingLabel, reason);
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
