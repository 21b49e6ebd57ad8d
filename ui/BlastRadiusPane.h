#pragma once

#include <QJsonObject>
#include <QWidget>

class QLabel;
class QListWidget;
class QStackedLayout;
class QTableWidget;

namespace sluice::ui {

class LockGraphView;

// What a migration will do to its target (the blast radius of docs/analysis.md): the risk level and its
// reasons, a row per statement and relation (lock, what it blocks, work, size, time, dependents, tags), the
// touched relations and their dependents as a graph coloured by lock, and the facts that could not be read.
// An unread fact shows as "unknown", never as zero.
class BlastRadiusPane : public QWidget
{
    Q_OBJECT
public:
    enum Column { Line, Relation, Lock, Blocks, Work, Rows, Size, Time, Dependents, Tags, ColumnCount };
    enum Role { ByteStartRole = Qt::UserRole + 1, ByteEndRole, LineRole, UnknownRole };

    explicit BlastRadiusPane(QWidget *parent = nullptr);

    void showAnalysis(const QJsonObject &document);
    void showPlaceholder(const QString &message);
    // Re-renders the graph in the current palette.
    void restyle();

    [[nodiscard]] QString riskLevel() const { return m_level; }
    [[nodiscard]] QTableWidget *table() const { return m_table; }
    [[nodiscard]] QListWidget *unknowns() const { return m_unknowns; }
    [[nodiscard]] QByteArray graphSvg() const;
    [[nodiscard]] QString placeholderText() const;

signals:
    // The DBA activated a row: show its statement (UTF-8 byte range, 1-based line) in the SQL.
    void statementActivated(int byteStart, int byteEnd, int line);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void showRisk(const QJsonObject &risk);
    void fillTable(const QJsonArray &statements);
    void fillUnknowns(const QJsonArray &unknowns);
    void updateLegend();

    QJsonObject m_document;
    QString m_level;
    QStackedLayout *m_stack;
    QLabel *m_placeholder;
    QLabel *m_badge;
    QLabel *m_reasons;
    QTableWidget *m_table;
    LockGraphView *m_graph;
    QLabel *m_legend;
    QListWidget *m_unknowns;
};

} // namespace sluice::ui
