#include "DecisionDialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace sluice::ui {

DecisionDialog::DecisionDialog(Kind kind, qint64 changeId, const QString &title, int revision,
                               const QString &sha256, QWidget *parent)
    : QDialog(parent), m_kind(kind), m_comment(new QPlainTextEdit(this))
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
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_ok = buttons->addButton(approve ? tr("&Approve") : tr("&Reject"), QDialogButtonBox::AcceptRole);
    m_ok->setDefault(true);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    if (!approve) {
        m_ok->setEnabled(false);
        connect(m_comment, &QPlainTextEdit::textChanged, this,
                [this] { m_ok->setEnabled(!m_comment->toPlainText().trimmed().isEmpty()); });
    }
    m_comment->setFocus();
    resize(520, sizeHint().height());
}

QString DecisionDialog::comment() const
{
    return m_comment->toPlainText().trimmed();
}

} // namespace sluice::ui
