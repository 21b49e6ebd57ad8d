#pragma once

#include <Qsci/qsciscintilla.h>

namespace sluice::ui {

// A read-only SQL editor: the SQL lexer, line numbers, and findings marked where they are (a squiggle on the
// exact byte range, a marker in the margin by severity). Positions are UTF-8 byte offsets, as the review
// engine gives them; QScintilla works in bytes too.
class SqlEditor : public QsciScintilla
{
    Q_OBJECT
public:
    explicit SqlEditor(QWidget *parent = nullptr);

    void setSqlText(const QString &text);
    // A unified diff of SQL: the SQL stays highlighted, added and removed lines get a green or red
    // background.
    void setDiffText(const QString &diff);
    void clearFindings();
    void markFinding(int byteStart, int byteEnd, int line, const QString &severity);
    void revealByte(int byteStart, int byteEnd);
    void restyle();

private:
    void updateMarginWidth();

    int m_errorIndicator = -1;
    int m_warningIndicator = -1;
};

} // namespace sluice::ui
