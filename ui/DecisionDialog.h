#pragma once

#include <QDialog>

class QPlainTextEdit;
class QPushButton;

namespace sluice::ui {

// Confirms an approval or a rejection, naming the change and the exact revision (number and sha256) it binds
// to. A rejection needs a comment; an approval's comment is optional.
class DecisionDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Kind { Approve, Reject };
    DecisionDialog(Kind kind, qint64 changeId, const QString &title, int revision, const QString &sha256,
                   QWidget *parent = nullptr);

    [[nodiscard]] QString comment() const;

private:
    Kind m_kind;
    QPlainTextEdit *m_comment;
    QPushButton *m_ok;
};

} // namespace sluice::ui
