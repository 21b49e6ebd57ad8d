#pragma once

#include "queue/Types.h"

#include <QDialog>
#include <QJsonObject>

class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace sluice::ui {

// Confirms an approval or a rejection, naming the change and the exact revision (number and sha256) it binds
// to. A rejection needs a comment; an approval's comment is optional, but each error-severity finding, of the
// review and of the analysis on the target, needs a written reason to go ahead anyway (the database checks it
// too).
class DecisionDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Kind { Approve, Reject };
    DecisionDialog(Kind kind, qint64 changeId, const QString &title, int revision, const QString &sha256,
                   const QList<QJsonObject> &errorFindings = {}, QWidget *parent = nullptr);

    [[nodiscard]] QString comment() const;
    [[nodiscard]] QList<model::FindingOverride> overrides() const;

private:
    void updateOk();

    Kind m_kind;
    QPlainTextEdit *m_comment;
    QPushButton *m_ok;
    QList<QJsonObject> m_errorFindings;
    QList<QLineEdit *> m_reasons;
};

} // namespace sluice::ui
