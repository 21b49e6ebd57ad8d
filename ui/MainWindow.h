#pragma once

#include "queue/Types.h"

#include <QMainWindow>

class QComboBox;
class QLabel;
class QLineEdit;
class QSplitter;
class QTableView;

namespace sluice::model {
class ChangeFilterModel;
class ChangeListModel;
} // namespace sluice::model

namespace sluice::ui {

class ChangeView;

// The approver console: the queue on the left (what needs a decision first), the selected change on the
// right. Keyboard-first; layout restored between runs. Emits intent; app/ connects it to the queue session.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    void setIdentity(const model::Identity &identity, const QString &queueName);
    void setChanges(const QList<model::ChangeSummary> &changes);
    void updateChange(const model::ChangeSummary &change);
    void hideChange(model::ChangeId id);
    void showChange(const model::ChangeDetail &change);
    void setLive(bool live, const QString &reason);
    void showActionResult(model::ChangeId id, const QString &message, bool isError);
    void showLoadError(const QString &message);

    [[nodiscard]] model::ChangeListModel *changeModel() const { return m_model; }
    [[nodiscard]] model::ChangeFilterModel *filterModel() const { return m_filter; }
    [[nodiscard]] QTableView *queueView() const { return m_table; }
    [[nodiscard]] ChangeView *changeView() const { return m_changeView; }
    [[nodiscard]] QLineEdit *searchField() const { return m_search; }
    [[nodiscard]] QComboBox *statusFilter() const { return m_statusFilter; }
    void selectChange(model::ChangeId id);

signals:
    void changeSelected(sluice::model::ChangeId id);
    void refreshRequested();
    void approveRequested(sluice::model::ChangeId id, const QString &sha256, const QString &comment,
                          const QList<sluice::model::FindingOverride> &overrides);
    void rejectRequested(sluice::model::ChangeId id, const QString &comment);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void buildActions();
    void moveSelection(int delta);
    void showShortcuts();
    void restoreLayout();
    [[nodiscard]] model::ChangeId selectedChange() const;

    model::ChangeListModel *m_model;
    model::ChangeFilterModel *m_filter;
    QTableView *m_table;
    QLineEdit *m_search;
    QComboBox *m_statusFilter;
    ChangeView *m_changeView;
    QSplitter *m_splitter;
    QLabel *m_who;
    QLabel *m_live;
    model::ChangeId m_selected = 0;
};

} // namespace sluice::ui
