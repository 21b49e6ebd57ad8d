#pragma once

#include <QMap>
#include <Qsci/qsciscintilla.h>
#include <Qsci/qscistyle.h>

namespace sluice::ui {

// A read-only SQL editor: the SQL lexer, line numbers, and findings marked where they are (a squiggle on the
// exact byte range, a marker in the margin by severity). Positions are UTF-8 byte offsets, as the review
// engine gives them; QScintilla works in bytes too.
class SqlEditor : public QsciScintilla
{
    Q_OBJECT
public:
    // Whole-line marks: a diff side's added, removed and changed lines; a rollback step that cannot undo what
    // the migration did (a background and a "!" in the margin).
    enum class LineMark { Added, Removed, Changed, Irreversible };

    explicit SqlEditor(QWidget *parent = nullptr);

    void setSqlText(const QString &text);
    // A unified diff of SQL: the SQL stays highlighted, added and removed lines get a green or red
    // background.
    void setDiffText(const QString &diff);
    void clearFindings();
    void markFinding(int byteStart, int byteEnd, int line, const QString &severity);
    void revealByte(int byteStart, int byteEnd);
    // Lines count from 0, as QScintilla's do.
    void markLine(int line, LineMark mark);
    [[nodiscard]] bool hasLineMark(int line, LineMark mark) const;
    // A boxed note under the line, e.g. why a rollback step cannot restore the data.
    void annotateLine(int line, const QString &note);
    void clearLineMarks();
    void restyle();

private:
    void updateMarginWidth();
    void restyleAnnotations();

    int m_errorIndicator = -1;
    int m_warningIndicator = -1;
    // A fixed style number above the lexer's (QsciStyle's own allocator runs out after a few dozen editors).
    QsciStyle m_annotationStyle{200};
    QMap<int, QString> m_annotations;
};

} // namespace sluice::ui
