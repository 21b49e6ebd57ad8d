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
    // A round badge of a colour, sharp on HiDPI screens.
    [[nodiscard]] static QIcon dot(const QColor &color);

    // Editor and lexer colours that read well on the current palette.
    static void style(QsciScintilla &editor, QsciLexer *lexer);
};

} // namespace sluice::ui
