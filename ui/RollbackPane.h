#pragma once

#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QStackedLayout;

namespace sluice::ui {

class SqlEditor;

// How to undo a migration (the rollback plan of docs/analysis.md): whether the round trip on the shadow
// verified it and what differed, the rollback script with the steps that cannot restore what the migration
// destroyed marked and explained, and the backup and restore SQL that make up for some of them.
class RollbackPane : public QWidget
{
    Q_OBJECT
public:
    enum Script { RollbackScript, BackupScript, RestoreScript };

    explicit RollbackPane(QWidget *parent = nullptr);

    void showAnalysis(const QJsonObject &document);
    void showPlaceholder(const QString &message);
    void showScript(Script script);
    void restyle();

    // The verification sentence on top, as plain text.
    [[nodiscard]] QString verificationText() const;
    [[nodiscard]] SqlEditor *editor() const { return m_sql; }
    // 0-based lines of the rollback script that cannot undo what the migration did.
    [[nodiscard]] QList<int> irreversibleLines() const { return m_irreversibleLines; }
    [[nodiscard]] QString placeholderText() const;

public slots:
    void copyScript();

private:
    void showVerification(const QJsonObject &rollback);
    void markIrreversible();

    QJsonObject m_rollback;
    QList<int> m_irreversibleLines;
    QStackedLayout *m_stack;
    QLabel *m_placeholder;
    QLabel *m_verification;
    QLabel *m_irreversible;
    QComboBox *m_script;
    QPushButton *m_copy;
    SqlEditor *m_sql;
};

} // namespace sluice::ui
