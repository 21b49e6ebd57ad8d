#pragma once

#include "queue/Types.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTabWidget;
class QTableView;
class QTextBrowser;

namespace sluice::model {
class FindingListModel;
}

namespace sluice::ui {

class BlastRadiusPane;
class RollbackPane;
class SchemaDiffPane;
class SqlEditor;

// One change: what it is, its SQL with the review's findings marked, a diff between any two revisions, and
// its decisions and executions. Emits what the DBA asks for; the window wires it to the queue.
class ChangeView : public QWidget
{
    Q_OBJECT
public:
    enum Tab { SqlTab, DiffTab, BlastRadiusTab, RollbackTab, SchemaDiffTab, HistoryTab };

    explicit ChangeView(QWidget *parent = nullptr);

    void showChange(const model::ChangeDetail &change);
    void showPlaceholder(const QString &message);
    // Whether the login may decide (holds sluice_dba); the database decides in the end.
    void setDecider(const QString &login, bool isDba);
    // A sentence above the SQL: the outcome of the last action, or why it was refused.
    void showNotice(const QString &message, bool isError);

    [[nodiscard]] model::ChangeId currentChange() const { return m_change.summary.id; }
    [[nodiscard]] const model::ChangeDetail &change() const { return m_change; }
    void setCurrentTab(Tab tab);
    [[nodiscard]] Tab currentTab() const;
    [[nodiscard]] model::FindingListModel *findingModel() const { return m_findingModel; }
    [[nodiscard]] BlastRadiusPane *blastRadius() const { return m_blastRadius; }
    [[nodiscard]] RollbackPane *rollback() const { return m_rollback; }
    [[nodiscard]] SchemaDiffPane *schemaDiff() const { return m_schemaDiff; }
    // Which revision and target the analysis tabs show; the latest revision's first analysis by default.
    [[nodiscard]] QComboBox *analysisPicker() const { return m_analysis; }
    void focusSql();
    void restyle();

public slots:
    void requestApprove();
    void requestReject();

signals:
    void approveRequested(sluice::model::ChangeId id, const QString &sha256, const QString &comment,
                          const QList<sluice::model::FindingOverride> &overrides);
    void rejectRequested(sluice::model::ChangeId id, const QString &comment);

private:
    void updateDiff();
    void updateActions();
    void markFindings();
    void fillAnalysisPicker(bool sameChange);
    void updateAnalysis();
    void showStatement(int byteStart, int byteEnd, int line);
    [[nodiscard]] QJsonArray findingsWithProbes() const;
    [[nodiscard]] QString historyHtml() const;

    model::ChangeDetail m_change;
    QString m_login;
    bool m_isDba = false;
    QLabel *m_title;
    QLabel *m_status;
    QLabel *m_meta;
    QLabel *m_notice;
    QTabWidget *m_tabs;
    SqlEditor *m_sql;
    QTableView *m_findings;
    QTextBrowser *m_ruleDoc;
    model::FindingListModel *m_findingModel;
    QComboBox *m_diffFrom;
    QComboBox *m_diffTo;
    SqlEditor *m_diff;
    QTextBrowser *m_history;
    QComboBox *m_analysis;
    QLabel *m_analysisInfo;
    QWidget *m_analysisBar = nullptr;
    BlastRadiusPane *m_blastRadius;
    RollbackPane *m_rollback;
    SchemaDiffPane *m_schemaDiff;
    QList<QWidget *> m_pages; // by Tab
    QPushButton *m_approve;
    QPushButton *m_reject;
    QWidget *m_body;
    QLabel *m_placeholder;
};

} // namespace sluice::ui
