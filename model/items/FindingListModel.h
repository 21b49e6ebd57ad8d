#pragma once

#include <QAbstractTableModel>
#include <QJsonArray>

namespace sluice::model {

// The findings of a stored review (as sluiced stored them, JSON objects with rule, severity, message, line,
// column, byte_start, byte_end), most severe first.
class FindingListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Severity, Line, Rule, Message, ColumnCount };
    enum Role {
        ByteStartRole = Qt::UserRole + 1,
        ByteEndRole,
        LineRole,
        SeverityRole,
        RuleRole,
        FindingRole
    };

    explicit FindingListModel(QObject *parent = nullptr);

    void setFindings(const QJsonArray &findings);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    [[nodiscard]] static int severityRank(const QString &severity);

private:
    QList<QJsonObject> m_findings;
};

} // namespace sluice::model
