#include "items/ChangeListModel.h"

namespace sluice::model {

ChangeListModel::ChangeListModel(QObject *parent) : QAbstractTableModel(parent) {}

int ChangeListModel::decisionRank(const QString &status)
{
    static const QStringList order{QStringLiteral("review"),   QStringLiteral("failed"),
                                   QStringLiteral("approved"), QStringLiteral("executing"),
                                   QStringLiteral("rejected"), QStringLiteral("done"),
                                   QStringLiteral("cancelled")};
    const auto rank = order.indexOf(status);
    return rank < 0 ? int(order.size()) : int(rank);
}

QString ChangeListModel::ageText(const QDateTime &since, const QDateTime &now)
{
    const auto s = std::max<qint64>(0, since.secsTo(now));
    if (s < 60)
        return tr("%1 s").arg(s);
    if (s < 3600)
        return tr("%1 min").arg(s / 60);
    if (s < 2 * 86400)
        return tr("%1 h").arg(s / 3600);
    return tr("%1 d").arg(s / 86400);
}

void ChangeListModel::setChanges(const QList<ChangeSummary> &changes)
{
    QHash<ChangeId, const ChangeSummary *> incoming;
    for (const auto &c : changes)
        incoming.insert(c.id, &c);

    // Remove rows that are gone, from the bottom up so row numbers stay valid.
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        if (!incoming.contains(m_rows[row].id)) {
            beginRemoveRows({}, row, row);
            m_rows.removeAt(row);
            endRemoveRows();
        }
    }
    m_rowOfId.clear();
    for (int row = 0; row < m_rows.size(); ++row)
        m_rowOfId.insert(m_rows[row].id, row);

    // Update rows in place; append new ones (the proxy sorts).
    QList<ChangeSummary> added;
    for (const auto &c : changes) {
        const auto it = m_rowOfId.constFind(c.id);
        if (it == m_rowOfId.constEnd()) {
            added.append(c);
            continue;
        }
        auto &row = m_rows[*it];
        if (row.updatedAt != c.updatedAt || row.status != c.status || row.maxSeverity != c.maxSeverity ||
            row.approvals != c.approvals || row.revision != c.revision) {
            row = c;
            emit dataChanged(index(*it, 0), index(*it, ColumnCount - 1));
        }
    }
    if (!added.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        for (const auto &c : added) {
            m_rowOfId.insert(c.id, int(m_rows.size()));
            m_rows.append(c);
        }
        endInsertRows();
    }
    // Ages move on even when nothing else changed.
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, Age), index(int(m_rows.size()) - 1, Age), {Qt::DisplayRole});
}

void ChangeListModel::upsert(const ChangeSummary &change)
{
    const auto row = rowOf(change.id);
    if (row >= 0) {
        m_rows[row] = change;
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    const int at = int(m_rows.size());
    beginInsertRows({}, at, at);
    m_rowOfId.insert(change.id, at);
    m_rows.append(change);
    endInsertRows();
}

void ChangeListModel::remove(ChangeId id)
{
    const auto row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
    m_rowOfId.clear();
    for (int r = 0; r < m_rows.size(); ++r)
        m_rowOfId.insert(m_rows[r].id, r);
}

const ChangeSummary *ChangeListModel::change(ChangeId id) const
{
    const auto row = rowOf(id);
    return row < 0 ? nullptr : &m_rows[row];
}

int ChangeListModel::rowOf(ChangeId id) const
{
    return m_rowOfId.value(id, -1);
}

int ChangeListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ChangeListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ChangeListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto &c = m_rows[index.row()];
    switch (role) {
    case ChangeIdRole:
        return c.id;
    case StatusRole:
        return c.status;
    case SeverityRole:
        return c.maxSeverity;
    case DecisionOrderRole:
        return qint64(decisionRank(c.status)) * 10000000000000LL + c.createdAt.toSecsSinceEpoch();
    case SearchTextRole:
        return QStringList{QString::number(c.id), c.title, c.agent, c.onBehalfOf, c.target,
                           c.environment,         c.status}
            .join(QLatin1Char('\n'));
    case Qt::ToolTipRole:
        if (index.column() == Title)
            return c.reason.isEmpty() ? c.title : c.title + QStringLiteral("\n\n") + c.reason;
        if (index.column() == Target)
            return tr("%1, environment %2").arg(c.target, c.environment);
        if (index.column() == Status && c.requiredApprovals > 1)
            return tr("%1 of %2 approvals").arg(c.approvals).arg(c.requiredApprovals);
        return {};
    case Qt::DisplayRole:
        switch (index.column()) {
        case Status:
            return c.status == QLatin1String("review") && c.approvals > 0
                       ? tr("review %1/%2").arg(c.approvals).arg(c.requiredApprovals)
                       : c.status;
        case Severity:
            if (c.parseOk == false)
                return tr("syntax error");
            return c.maxSeverity == QLatin1String("none") ? tr("clean") : c.maxSeverity;
        case Target:
            return c.target;
        case Agent:
            return c.agent;
        case OnBehalfOf:
            return c.onBehalfOf;
        case Title:
            return QStringLiteral("#%1  %2").arg(c.id).arg(c.title);
        case Age:
            return ageText(c.createdAt, QDateTime::currentDateTimeUtc());
        }
        return {};
    default:
        return {};
    }
}

QVariant ChangeListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Status:
        return tr("Status");
    case Severity:
        return tr("Review");
    case Target:
        return tr("Target");
    case Agent:
        return tr("Agent");
    case OnBehalfOf:
        return tr("For");
    case Title:
        return tr("Change");
    case Age:
        return tr("Age");
    }
    return {};
}

ChangeFilterModel::ChangeFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(ChangeListModel::DecisionOrderRole);
    setDynamicSortFilter(true);
}

void ChangeFilterModel::setStatusFilter(const QString &status)
{
    m_status = status;
    invalidateFilter();
}

void ChangeFilterModel::setSearchText(const QString &text)
{
    m_search = text.trimmed();
    invalidateFilter();
}

bool ChangeFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const auto index = sourceModel()->index(sourceRow, 0, sourceParent);
    const auto status = index.data(ChangeListModel::StatusRole).toString();
    if (m_status == QLatin1String("open")) {
        if (ChangeListModel::decisionRank(status) >
            ChangeListModel::decisionRank(QStringLiteral("executing")))
            return false;
    } else if (!m_status.isEmpty() && status != m_status) {
        return false;
    }
    if (m_search.isEmpty())
        return true;
    const auto haystack = index.data(ChangeListModel::SearchTextRole).toString();
    const auto words = m_search.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    return std::all_of(words.begin(), words.end(),
                       [&](const QString &w) { return haystack.contains(w, Qt::CaseInsensitive); });
}

bool ChangeFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    // Whatever column the user sorts by, ties fall back to what needs a decision first.
    const auto l = sourceModel()->index(left.row(), 0).data(ChangeListModel::DecisionOrderRole).toLongLong();
    const auto r = sourceModel()->index(right.row(), 0).data(ChangeListModel::DecisionOrderRole).toLongLong();
    if (left.column() == ChangeListModel::Status || left.column() == ChangeListModel::Age)
        return l < r;
    const auto lt = left.data().toString(), rt = right.data().toString();
    const int c = QString::localeAwareCompare(lt, rt);
    return c != 0 ? c < 0 : l < r;
}

} // namespace sluice::model
