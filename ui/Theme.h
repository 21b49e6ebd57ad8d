#pragma once

#include <QColor>
#include <QIcon>
#include <QString>

class QApplication;
class QsciLexer;
class QsciScintilla;

namespace sluice::ui {

// Colours follow the desktop's palette; "dark" or "light" forces one (Fusion style), for screenshots and for
// desktops without a palette of their own.
class Theme
{
public:
    static void apply(QApplication &app, const QString &forced);
    [[nodiscard]] static bool isDark();

    [[nodiscard]] static QColor statusColor(const QString &status);
    [[nodiscard]] static QColor severityColor(const QString &severity);
    // By the strength of a pg_locks.mode ("AccessExclusiveLock"): red blocks reads, orange blocks writes,
    // yellow blocks DDL, green blocks almost nothing; grey for a relation that takes no lock (a dependent).
    [[nodiscard]] static QColor lockColor(const QString &lock);
    // low, moderate, high, critical.
    [[nodiscard]] static QColor riskColor(const QString &level);
    // A round badge of a colour, sharp on HiDPI screens.
    [[nodiscard]] static QIcon dot(const QColor &color);

    // Editor and lexer colours that read well on the current palette.
    static void style(QsciScintilla &editor, QsciLexer *lexer);
};

} // namespace sluice::ui
