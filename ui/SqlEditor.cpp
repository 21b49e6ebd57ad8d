#include "SqlEditor.h"

#include "Theme.h"

#include <QApplication>
#include <Qsci/qscilexersql.h>
#include <Qsci/qscistyle.h>

namespace sluice::ui {

namespace {
// Scintilla draws higher-numbered markers on top: the most severe gets the highest number.
enum Marker {
    InfoMarker = 1,
    WarningMarker = 2,
    ErrorMarker = 3,
    AddedMarker = 4,
    RemovedMarker = 5,
    HunkMarker = 6,
    ChangedMarker = 7,
    IrreversibleLineMarker = 8,
    IrreversibleMarker = 9
};

int markerOf(SqlEditor::LineMark mark)
{
    switch (mark) {
    case SqlEditor::LineMark::Added:
        return AddedMarker;
    case SqlEditor::LineMark::Removed:
        return RemovedMarker;
    case SqlEditor::LineMark::Changed:
        return ChangedMarker;
    case SqlEditor::LineMark::Irreversible:
        return IrreversibleMarker;
    }
    return AddedMarker;
}
} // namespace

SqlEditor::SqlEditor(QWidget *parent) : QsciScintilla(parent)
{
    setUtf8(true);
    setReadOnly(true);
    setMarginLineNumbers(0, true);
    setMarginType(1, QsciScintilla::SymbolMargin);
    setMarginWidth(1, 14);
    setMarginSensitivity(1, false);
    setWrapMode(QsciScintilla::WrapNone);
    setTabWidth(4);
    setEolMode(QsciScintilla::EolUnix);
    setFrameShape(QFrame::NoFrame);
    m_errorIndicator = indicatorDefine(QsciScintilla::SquiggleIndicator);
    m_warningIndicator = indicatorDefine(QsciScintilla::SquiggleIndicator);
    markerDefine(QsciScintilla::Circle, ErrorMarker);
    markerDefine(QsciScintilla::Circle, WarningMarker);
    markerDefine(QsciScintilla::Circle, InfoMarker);
    markerDefine(QsciScintilla::Background, AddedMarker);
    markerDefine(QsciScintilla::Background, RemovedMarker);
    markerDefine(QsciScintilla::Background, HunkMarker);
    markerDefine(QsciScintilla::Background, ChangedMarker);
    markerDefine(QsciScintilla::Background, IrreversibleLineMarker);
    markerDefine('!', IrreversibleMarker);
    setAnnotationDisplay(QsciScintilla::AnnotationBoxed);
    restyle();
}

void SqlEditor::restyle()
{
    auto *lexer = new QsciLexerSQL(this);
    if (auto *old = this->lexer())
        old->deleteLater();
    Theme::style(*this, lexer);
    setIndicatorForegroundColor(Theme::severityColor(QStringLiteral("error")), m_errorIndicator);
    setIndicatorForegroundColor(Theme::severityColor(QStringLiteral("warning")), m_warningIndicator);
    for (const auto &[marker, severity] :
         {std::pair{ErrorMarker, "error"}, std::pair{WarningMarker, "warning"},
          std::pair{InfoMarker, "info"}}) {
        setMarkerBackgroundColor(Theme::severityColor(QString::fromLatin1(severity)), marker);
        setMarkerForegroundColor(Theme::severityColor(QString::fromLatin1(severity)), marker);
    }
    const bool dark = Theme::isDark();
    setMarkerBackgroundColor(dark ? QColor(0x1f, 0x3d, 0x2a) : QColor(0xdc, 0xf5, 0xe0), AddedMarker);
    setMarkerBackgroundColor(dark ? QColor(0x4a, 0x22, 0x26) : QColor(0xfb, 0xe0, 0xe0), RemovedMarker);
    setMarkerBackgroundColor(dark ? QColor(0x26, 0x2c, 0x3a) : QColor(0xe8, 0xee, 0xf8), HunkMarker);
    setMarkerBackgroundColor(dark ? QColor(0x45, 0x3c, 0x1a) : QColor(0xfb, 0xf2, 0xc8), ChangedMarker);
    setMarkerBackgroundColor(dark ? QColor(0x4a, 0x22, 0x26) : QColor(0xfb, 0xe0, 0xe0),
                             IrreversibleLineMarker);
    setMarkerForegroundColor(Theme::severityColor(QStringLiteral("error")), IrreversibleMarker);
    setMarkerBackgroundColor(palette().color(QPalette::Window), IrreversibleMarker);
    restyleAnnotations();
}

void SqlEditor::restyleAnnotations()
{
    // Annotations keep the style they were made with: re-annotate in the current palette's colours.
    const auto notes = m_annotations;
    clearAnnotations();
    for (auto it = notes.cbegin(); it != notes.cend(); ++it)
        annotateLine(it.key(), it.value());
}

void SqlEditor::markLine(int line, LineMark mark)
{
    if (mark == LineMark::Irreversible)
        markerAdd(line, IrreversibleLineMarker);
    markerAdd(line, markerOf(mark));
}

bool SqlEditor::hasLineMark(int line, LineMark mark) const
{
    return (markersAtLine(line) & (1u << markerOf(mark))) != 0;
}

void SqlEditor::annotateLine(int line, const QString &note)
{
    const bool dark = Theme::isDark();
    m_annotationStyle.setColor(dark ? QColor(0xf2, 0xb8, 0xb8) : QColor(0x8a, 0x1c, 0x1c));
    m_annotationStyle.setPaper(dark ? QColor(0x33, 0x24, 0x26) : QColor(0xfd, 0xf0, 0xf0));
    m_annotationStyle.setFont(QApplication::font());
    m_annotations.insert(line, note);
    annotate(line, note, m_annotationStyle);
}

void SqlEditor::clearLineMarks()
{
    markerDeleteAll();
    m_annotations.clear();
    clearAnnotations();
}

void SqlEditor::setDiffText(const QString &diff)
{
    setSqlText(diff);
    markerDeleteAll();
    const auto lines = diff.split(QLatin1Char('\n'));
    for (int line = 0; line < lines.size(); ++line) {
        const auto &text = lines[line];
        if (text.startsWith(QLatin1String("@@")))
            markerAdd(line, HunkMarker);
        else if (text.startsWith(QLatin1Char('+')))
            markerAdd(line, AddedMarker);
        else if (text.startsWith(QLatin1Char('-')))
            markerAdd(line, RemovedMarker);
    }
}

void SqlEditor::setSqlText(const QString &text)
{
    const int firstLine = firstVisibleLine();
    const bool same = text == this->text();
    setText(text);
    updateMarginWidth();
    if (same)
        setFirstVisibleLine(firstLine); // a live refresh of the same revision keeps the reader's place
}

void SqlEditor::updateMarginWidth()
{
    setMarginWidth(0, QStringLiteral("0%1").arg(std::max(lines(), 100)));
}

void SqlEditor::clearFindings()
{
    const int end = int(SendScintilla(SCI_GETLENGTH));
    for (const int indicator : {m_errorIndicator, m_warningIndicator}) {
        SendScintilla(SCI_SETINDICATORCURRENT, indicator);
        SendScintilla(SCI_INDICATORCLEARRANGE, 0, end);
    }
    markerDeleteAll();
}

void SqlEditor::markFinding(int byteStart, int byteEnd, int line, const QString &severity)
{
    const int length = int(SendScintilla(SCI_GETLENGTH));
    byteStart = std::clamp(byteStart, 0, length);
    byteEnd = std::clamp(std::max(byteEnd, byteStart + 1), byteStart, length);
    SendScintilla(SCI_SETINDICATORCURRENT,
                  severity == QLatin1String("error") ? m_errorIndicator : m_warningIndicator);
    SendScintilla(SCI_INDICATORFILLRANGE, byteStart, byteEnd - byteStart);
    const int marker = severity == QLatin1String("error")     ? ErrorMarker
                       : severity == QLatin1String("warning") ? WarningMarker
                                                              : InfoMarker;
    if (line > 0)
        markerAdd(line - 1, marker);
}

void SqlEditor::revealByte(int byteStart, int byteEnd)
{
    SendScintilla(SCI_GOTOPOS, byteStart);
    SendScintilla(SCI_SETSEL, byteStart, std::max(byteStart, byteEnd));
    ensureCursorVisible();
}

} // namespace sluice::ui
