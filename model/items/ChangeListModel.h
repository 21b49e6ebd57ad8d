#pragma once

#include "queue/Types.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSortFilterProxyModel>

namespace sluice::model {

// The queue as a table. setChanges() applies a new snapshot row by row (insert, update, remove), so live
// updates keep the view's selection and scroll position and do not flicker.
class ChangeListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Status, Title, Severity, Target, Agent, OnBehalfOf, Age, ColumnCount };
    enum Role {
        ChangeIdRole = Qt::UserRole + 1,
        StatusRole,
        SeverityRole,
        // Sort key: what needs a decision first (see decisionRank), oldest first within a rank.
        DecisionOrderRole,
        SearchTextRole,
    };

    explicit ChangeListModel(QObject *parent = nullptr);

    void setChanges(const QList<ChangeSummary> &changes);
    // Inserts or updates one row (a live update); remove() drops one.
    void upsert(const ChangeSummary &change);
    void remove(ChangeId id);
    [[nodiscard]] const ChangeSummary *change(ChangeId id) const;
    [[nodiscard]] int rowOf(ChangeId id) const;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // 0 = needs a DBA now (review), then failed, approved, executing, rejected, done.
    [[nodiscard]] static int decisionRank(const QString &status);
    [[nodiscard]] static QString ageText(const QDateTime &since, const QDateTime &now);

private:
    QList<ChangeSummary> m_rows;
    QHash<ChangeId, int> m_rowOfId;
};

// Filter by status and free text over the queue, sorted by what needs a decision first.
class ChangeFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit ChangeFilterModel(QObject *parent = nullptr);

    // Empty: every status; "open": review, approved, executing and failed; otherwise one status.
    void setStatusFilter(const QString &status);
    void setSearchText(const QString &text);
    [[nodiscard]] QString statusFilter() const { return m_status; }

protected:
    [[nodiscard]] bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    [[nodiscard]] bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_status;
    QString m_search;
};

} // namespace sluice::model
