#include "LockGraph.h"

#include "Theme.h"

#include <QApplication>
#include <QColor>
#include <QJsonArray>
#include <QPainter>
#include <QPalette>
#include <QRegularExpression>
#include <QSvgRenderer>
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <memory>

namespace sluice::ui {

namespace {

// cgraph takes char * for names and values in older releases (Debian 12 ships 2.43): hand it copies it may
// not keep, since it interns every string it is given.
void set(void *object, const char *name, const QString &value)
{
    QByteArray key(name), text = value.toUtf8(), none;
    agsafeset(object, key.data(), text.data(), none.data());
}

QString hex(const QColor &c)
{
    return c.name(QColor::HexRgb);
}

// The lock's colour washed towards the page, so that the label stays readable in both palettes.
QColor fill(const QColor &lock, const QColor &base)
{
    const qreal a = Theme::isDark() ? 0.35 : 0.22;
    return QColor::fromRgbF(lock.redF() * a + base.redF() * (1 - a),
                            lock.greenF() * a + base.greenF() * (1 - a),
                            lock.blueF() * a + base.blueF() * (1 - a));
}

QString nodeLabel(const QJsonObject &node)
{
    const auto id = node.value(QLatin1String("id")).toString();
    const auto lock = node.value(QLatin1String("lock")).toString();
    const bool touched = node.value(QLatin1String("touched")).toBool();
    QString second =
        touched && !lock.isEmpty() ? lockDisplayName(lock) : node.value(QLatin1String("kind")).toString();
    if (!touched)
        second = QObject::tr("dependent %1").arg(second);
    // Graphviz reads backslash escapes in labels: backslash-n breaks the line.
    QString label = id;
    label.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    return second.isEmpty() ? label : label + QLatin1String("\\n") + second;
}

struct ContextDeleter
{
    void operator()(GVC_t *gvc) const { gvFreeContext(gvc); }
};
struct GraphDeleter
{
    void operator()(Agraph_t *g) const { agclose(g); }
};

} // namespace

QString lockDisplayName(const QString &mode)
{
    QString name = mode;
    if (name.endsWith(QLatin1String("Lock")))
        name.chop(4);
    static const QRegularExpression wordStart(QStringLiteral("(?<=[a-z])(?=[A-Z])"));
    return name.replace(wordStart, QStringLiteral(" ")).toUpper();
}

QByteArray lockGraphSvg(const QJsonObject &graph)
{
    const auto nodes = graph.value(QLatin1String("nodes")).toArray();
    if (nodes.isEmpty())
        return {};
    const auto palette = QApplication::palette();
    const QColor base = palette.color(QPalette::Base), ink = palette.color(QPalette::Text),
                 faint = palette.color(QPalette::PlaceholderText);

    std::unique_ptr<GVC_t, ContextDeleter> gvc(gvContext());
    QByteArray graphName("locks");
    std::unique_ptr<Agraph_t, GraphDeleter> g(agopen(graphName.data(), Agdirected, nullptr));
    set(g.get(), "rankdir", QStringLiteral("LR"));
    set(g.get(), "bgcolor", QStringLiteral("transparent"));
    set(g.get(), "nodesep", QStringLiteral("0.3"));
    set(g.get(), "ranksep", QStringLiteral("0.6"));
    set(g.get(), "pad", QStringLiteral("0.1"));

    const auto node = [&](const QString &id) {
        QByteArray name = id.toUtf8();
        return agnode(g.get(), name.data(), 1);
    };
    for (const auto &value : nodes) {
        const auto n = value.toObject();
        const bool touched = n.value(QLatin1String("touched")).toBool();
        const auto lock = touched ? n.value(QLatin1String("lock")).toString() : QString();
        const QColor colour = Theme::lockColor(lock);
        auto *v = node(n.value(QLatin1String("id")).toString());
        set(v, "label", nodeLabel(n));
        set(v, "shape", QStringLiteral("box"));
        set(v, "style", touched ? QStringLiteral("filled,rounded") : QStringLiteral("filled,rounded,dashed"));
        set(v, "color", hex(colour));
        set(v, "penwidth", touched ? QStringLiteral("2") : QStringLiteral("1"));
        set(v, "fillcolor", hex(fill(colour, base)));
        set(v, "fontcolor", hex(ink));
        set(v, "fontname", QStringLiteral("DejaVu Sans"));
        set(v, "fontsize", QStringLiteral("10"));
        set(v, "margin", QStringLiteral("0.15,0.06"));
    }
    for (const auto &value : graph.value(QLatin1String("edges")).toArray()) {
        const auto e = value.toObject();
        auto *edge = agedge(g.get(), node(e.value(QLatin1String("from")).toString()),
                            node(e.value(QLatin1String("to")).toString()), nullptr, 1);
        set(edge, "label", e.value(QLatin1String("kind")).toString());
        set(edge, "color", hex(faint));
        set(edge, "fontcolor", hex(faint));
        set(edge, "fontname", QStringLiteral("DejaVu Sans"));
        set(edge, "fontsize", QStringLiteral("8"));
    }

    QByteArray layout("dot"), format("svg");
    if (gvLayout(gvc.get(), g.get(), layout.data()) != 0)
        return {};
    char *data = nullptr;
    unsigned int length = 0;
    QByteArray svg;
    if (gvRenderData(gvc.get(), g.get(), format.data(), &data, &length) == 0)
        svg = QByteArray(data, qsizetype(length));
    gvFreeRenderData(data);
    gvFreeLayout(gvc.get(), g.get());
    return svg;
}

LockGraphView::LockGraphView(QWidget *parent) : QWidget(parent), m_renderer(new QSvgRenderer(this))
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setMinimumSize(120, 80);
}

void LockGraphView::setSvg(const QByteArray &svg)
{
    m_svg = svg;
    m_renderer->load(svg);
    updateGeometry();
    update();
}

QSize LockGraphView::sizeHint() const
{
    return m_renderer->isValid() ? m_renderer->defaultSize() : QSize(320, 160);
}

void LockGraphView::paintEvent(QPaintEvent *)
{
    if (!m_renderer->isValid())
        return;
    const QSizeF natural = m_renderer->defaultSize();
    const qreal scale = std::min({1.5, width() / natural.width(), height() / natural.height()});
    const QSizeF size = natural * scale;
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    m_renderer->render(&painter,
                       QRectF(QPointF((width() - size.width()) / 2, (height() - size.height()) / 2), size));
}

} // namespace sluice::ui
