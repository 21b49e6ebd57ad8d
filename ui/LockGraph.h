#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QWidget>

class QSvgRenderer;

namespace sluice::ui {

// "AccessExclusiveLock" → "ACCESS EXCLUSIVE", the way the PostgreSQL documentation names lock modes.
[[nodiscard]] QString lockDisplayName(const QString &mode);

// The relations a migration touches and their dependents (document.graph of docs/analysis.md), laid out by
// Graphviz's dot and rendered to SVG in memory: each node filled by the lock it gets (Theme::lockColor),
// dependents grey, in the current palette. Empty when the graph has no nodes or Graphviz fails.
[[nodiscard]] QByteArray lockGraphSvg(const QJsonObject &graph);

// Shows an SVG scaled to fit, keeping its proportions, never blown up past 1.5 times its natural size.
class LockGraphView : public QWidget
{
public:
    explicit LockGraphView(QWidget *parent = nullptr);

    void setSvg(const QByteArray &svg);
    [[nodiscard]] QByteArray svg() const { return m_svg; }
    [[nodiscard]] QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QByteArray m_svg;
    QSvgRenderer *m_renderer;
};

} // namespace sluice::ui
