#include "Theme.h"

#include <QApplication>
#include <QPainter>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>
#include <Qsci/qscilexersql.h>
#include <Qsci/qsciscintilla.h>

namespace sluice::ui {

namespace {

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x30), base(0x1e, 0x1f, 0x22), text(0xdf, 0xe1, 0xe5),
        mid(0x3c, 0x3f, 0x41);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x25, 0x27, 0x2a));
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, mid);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x65, 0xca));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x58, 0x9d, 0xf6));
    p.setColor(QPalette::PlaceholderText, QColor(0x8c, 0x8f, 0x94));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x7a, 0x7d, 0x82));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x7a, 0x7d, 0x82));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x7a, 0x7d, 0x82));
    return p;
}

} // namespace

void Theme::apply(QApplication &app, const QString &forced)
{
    if (forced == QLatin1String("dark")) {
        app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        app.setPalette(darkPalette());
    } else if (forced == QLatin1String("light")) {
        app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        app.setPalette(app.style()->standardPalette());
    }
}

bool Theme::isDark()
{
    return QApplication::palette().color(QPalette::Window).lightness() < 128;
}

QColor Theme::statusColor(const QString &status)
{
    const bool dark = isDark();
    if (status == QLatin1String("review"))
        return dark ? QColor(0xe0, 0xb0, 0x40) : QColor(0xc2, 0x8a, 0x00);
    if (status == QLatin1String("approved") || status == QLatin1String("executing"))
        return dark ? QColor(0x5a, 0x9b, 0xf0) : QColor(0x1f, 0x6f, 0xd0);
    if (status == QLatin1String("done"))
        return dark ? QColor(0x5c, 0xb8, 0x6c) : QColor(0x2e, 0x8b, 0x3e);
    if (status == QLatin1String("failed") || status == QLatin1String("rejected"))
        return dark ? QColor(0xe8, 0x6a, 0x6a) : QColor(0xc6, 0x28, 0x28);
    return QApplication::palette().color(QPalette::PlaceholderText);
}

QColor Theme::severityColor(const QString &severity)
{
    if (severity == QLatin1String("error"))
        return statusColor(QStringLiteral("failed"));
    if (severity == QLatin1String("warning"))
        return statusColor(QStringLiteral("review"));
    if (severity == QLatin1String("info"))
        return statusColor(QStringLiteral("approved"));
    if (severity == QLatin1String("none"))
        return statusColor(QStringLiteral("done"));
    return QApplication::palette().color(QPalette::PlaceholderText);
}

QColor Theme::lockColor(const QString &lock)
{
    const bool dark = isDark();
    if (lock == QLatin1String("AccessExclusiveLock"))
        return statusColor(QStringLiteral("failed"));
    if (lock == QLatin1String("ExclusiveLock") || lock == QLatin1String("ShareRowExclusiveLock") ||
        lock == QLatin1String("ShareLock"))
        return dark ? QColor(0xf0, 0x8c, 0x3c) : QColor(0xe0, 0x6c, 0x00);
    if (lock == QLatin1String("ShareUpdateExclusiveLock"))
        return dark ? QColor(0xe6, 0xc8, 0x3c) : QColor(0xc9, 0xa2, 0x00);
    if (lock == QLatin1String("RowExclusiveLock") || lock == QLatin1String("RowShareLock") ||
        lock == QLatin1String("AccessShareLock"))
        return statusColor(QStringLiteral("done"));
    return dark ? QColor(0x8c, 0x8f, 0x94) : QColor(0x8a, 0x8d, 0x91);
}

QColor Theme::riskColor(const QString &level)
{
    if (level == QLatin1String("critical"))
        return lockColor(QStringLiteral("AccessExclusiveLock"));
    if (level == QLatin1String("high"))
        return lockColor(QStringLiteral("ExclusiveLock"));
    if (level == QLatin1String("moderate"))
        return lockColor(QStringLiteral("ShareUpdateExclusiveLock"));
    if (level == QLatin1String("low"))
        return lockColor(QStringLiteral("AccessShareLock"));
    return lockColor({});
}

QIcon Theme::dot(const QColor &color)
{
    QIcon icon;
    for (const qreal ratio : {1.0, 2.0, 3.0}) {
        QPixmap pixmap(QSize(12, 12) * ratio);
        pixmap.setDevicePixelRatio(ratio);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(color);
        painter.drawEllipse(QRectF(1.5, 1.5, 9, 9));
        icon.addPixmap(pixmap);
    }
    return icon;
}

void Theme::style(QsciScintilla &editor, QsciLexer *lexer)
{
    const auto palette = QApplication::palette();
    const bool dark = isDark();
    const QColor paper = palette.color(QPalette::Base), ink = palette.color(QPalette::Text);
    QFont mono(QStringLiteral("DejaVu Sans Mono"));
    mono.setStyleHint(QFont::Monospace);
    mono.setPointSizeF(QApplication::font().pointSizeF());
    if (lexer) {
        lexer->setDefaultPaper(paper);
        lexer->setDefaultColor(ink);
        lexer->setDefaultFont(mono);
        for (int style = 0; style < 128; ++style) {
            lexer->setPaper(paper, style);
            lexer->setFont(mono, style);
        }
        if (auto *sql = qobject_cast<QsciLexerSQL *>(lexer)) {
            sql->setColor(ink, QsciLexerSQL::Default);
            sql->setColor(ink, QsciLexerSQL::Identifier);
            sql->setColor(ink, QsciLexerSQL::Operator);
            const QColor keyword = dark ? QColor(0x6c, 0xa6, 0xf0) : QColor(0x00, 0x40, 0xb0);
            sql->setColor(keyword, QsciLexerSQL::Keyword);
            sql->setColor(keyword, QsciLexerSQL::KeywordSet5);
            const QColor string = dark ? QColor(0xd6, 0x9d, 0x85) : QColor(0xa3, 0x15, 0x15);
            sql->setColor(string, QsciLexerSQL::SingleQuotedString);
            sql->setColor(string, QsciLexerSQL::DoubleQuotedString);
            const QColor comment = dark ? QColor(0x7f, 0xa8, 0x6a) : QColor(0x3d, 0x7a, 0x2d);
            for (const int s : {int(QsciLexerSQL::Comment), int(QsciLexerSQL::CommentLine),
                                int(QsciLexerSQL::CommentDoc), int(QsciLexerSQL::CommentLineHash)})
                sql->setColor(comment, s);
            sql->setColor(dark ? QColor(0xb5, 0xce, 0xa8) : QColor(0x09, 0x86, 0x58), QsciLexerSQL::Number);
        }
        editor.setLexer(lexer);
    }
    editor.setPaper(paper);
    editor.setColor(ink);
    editor.setCaretForegroundColor(ink);
    editor.setCaretLineVisible(true);
    editor.setCaretLineBackgroundColor(dark ? QColor(0x2a, 0x2c, 0x30) : QColor(0xf2, 0xf5, 0xfa));
    editor.setMarginsBackgroundColor(palette.color(QPalette::Window));
    editor.setMarginsForegroundColor(palette.color(QPalette::PlaceholderText));
    editor.setMarginsFont(mono);
    editor.setSelectionBackgroundColor(palette.color(QPalette::Highlight));
    editor.setSelectionForegroundColor(palette.color(QPalette::HighlightedText));
}

} // namespace sluice::ui
