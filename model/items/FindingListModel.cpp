#include "items/FindingListModel.h"

#include <QJsonObject>
#include <algorithm>

namespace sluice::model {

FindingListModel::FindingListModel(QObject *parent) : QAbstractTableModel(parent) {}

int FindingListModel::severityRank(const QString &severity)
{
    if (severity == QLatin1String("error"))
        return 0;
    if (severity == QLatin1String("warning"))
        return 1;
    if (severity == QLatin1String("info"))
        return 2;
    return 3;
}

void FindingListModel::setFindings(const QJsonArray &findings)
{
    beginResetModel();
    m_findings.clear();
    for (const auto &f : findings)
        m_findings.append(f.toObject());
    std::stable_sort(m_findings.begin(), m_findings.end(), [](const QJsonObject &a, const QJsonObject &b) {
        const auto ra = severityRank(a.value(QLatin1String("severity")).toString());
        const auto rb = severityRank(b.value(QLatin1String("severity")).toString());
        return ra != rb ? ra < rb
                        : a.value(QLatin1String("line")).toInt() < b.value(QLatin1String("line")).toInt();
    });
    endResetModel();
}

int FindingListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_findings.size());
}

int FindingListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FindingListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto &f = m_findings[index.row()];
    switch (role) {
    case ByteStartRole:
        return f.value(QLatin1String("byte_start")).toInteger();
    case ByteEndRole:
        return f.value(QLatin1String("byte_end")).toInteger();
    case LineRole:
        return f.value(QLatin1String("line")).toInt();
    case SeverityRole:
        return f.value(QLatin1String("severity")).toString();
    case RuleRole:
        return f.value(QLatin1String("rule")).toString();
    case FindingRole:
        return f;
    case Qt::ToolTipRole:
        return f.value(QLatin1String("help")).toString();
    case Qt::DisplayRole:
        switch (index.column()) {
        case Severity:
            return f.value(QLatin1String("severity")).toString();
        case Line:
            return f.value(QLatin1String("line")).toInt();
        case Rule:
            return f.value(QLatin1String("rule")).toString();
        case Message:
            return f.value(QLatin1String("message")).toString();
        }
        return {};
    default:
        return {};
    }
}

QVariant FindingListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Severity:
        return tr("Severity");
    case Line:
        return tr("Line");
    case Rule:
        return tr("Rule");
    case Message:
        return tr("Finding");
    }
    return {};
}

} // namespace sluice::model
