#pragma once

#include <QJsonArray>
#include <QWidget>

class QLabel;
class QListWidget;
class QStackedLayout;

namespace sluice::ui {

class SqlEditor;

// What a migration changes in the schema (the per-object diff of docs/analysis.md): the changed objects on
// the left, the selected one's definition before and after side by side; added lines green, removed red,
// changed yellow.
class SchemaDiffPane : public QWidget
{
    Q_OBJECT
public:
    enum Role { ChangeRole = Qt::UserRole + 1 };

    explicit SchemaDiffPane(QWidget *parent = nullptr);

    void showAnalysis(const QJsonObject &document);
    void showPlaceholder(const QString &message);
    void restyle();

    [[nodiscard]] QListWidget *objects() const { return m_objects; }
    [[nodiscard]] SqlEditor *before() const { return m_before; }
    [[nodiscard]] SqlEditor *after() const { return m_after; }
    [[nodiscard]] QString placeholderText() const;

private:
    void fillObjects(int row);
    void showObject(int row);

    QJsonArray m_diff;
    QStackedLayout *m_stack;
    QLabel *m_placeholder;
    QListWidget *m_objects;
    QLabel *m_heading;
    SqlEditor *m_before;
    SqlEditor *m_after;
};

} // namespace sluice::ui
