// The cortical-sheet view: layout, view state and mouse handling; GL drawing in SheetRenderer, overlays in
// sheet_overlay, nearest-unit lookup in UnitGrid.

#include "gui/sheet_canvas.hpp"

#include <QApplication>
#include <QMouseEvent>
#include <QOpenGLContext>
#include <QPainter>
#include <QSurfaceFormat>
#include <QToolTip>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>

#include "common/colormaps.hpp"
#include "gui/gui_resources.hpp"
#include "gui/sheet_layout.hpp"
#include "gui/sheet_overlay.hpp"
#include "gui/sheet_picking.hpp"
#include "gui/sheet_renderer.hpp"

namespace topospike::gui {
namespace {

constexpr double kMinPickRadius = 3.0;  // px: tiny points are still easy to hover
constexpr double kMinZoom = 0.25;

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

}  // namespace

struct SheetCanvas::Impl {
    struct Layer {
        SheetLayer geometry;
        app::SheetValues values;
        SheetBounds bounds;
        UnitGrid grid;
        std::int64_t units() const noexcept { return static_cast<std::int64_t>(geometry.xy.size() / 2); }
    };
    std::vector<Layer> layers;
    int focus = -1;
    UnitId pinned, hovered;
    bool showSmallMultiples = true;
    double pointSize = 0.0;
    double zoom = 1.0;
    QPointF center;
    std::function<QString(UnitId)> describe;

    SheetRenderer renderer;
    QMetaObject::Connection contextGone;

    bool pressed = false, dragging = false, pressInMain = false;
    QPointF pressPos, lastPos;

    mutable std::optional<SheetLayout> layout;  // rebuilt when the size or font changes, or relayout()
    mutable QSize layoutSize;
    mutable QFont layoutFont;

    const Layer* focused() const { return focus >= 0 ? &layers[static_cast<std::size_t>(focus)] : nullptr; }

    const SheetLayout& layoutOf(const SheetCanvas& w) const {
        if (!layout || layoutSize != w.size() || layoutFont != w.font()) {
            const QFontMetricsF fm(w.font());
            const double colorbar = focused() ? overlay::colorbarWidth(fm, focused()->values) : 0.0;
            layout = layoutSheets(QSizeF(w.size()), static_cast<int>(layers.size()), showSmallMultiples,
                                  colorbar, fm.height());
            layoutSize = w.size();
            layoutFont = w.font();
        }
        return *layout;
    }
    void relayout() { layout.reset(); }

    SheetView mainView(const SheetCanvas& w) const {
        const SheetBounds b = focused() ? focused()->bounds : SheetBounds{};
        return makeView(layoutOf(w).main, b, zoom, center);
    }
    /// Small multiple i, or nullopt when the strip is hidden.
    std::optional<SheetView> cellView(const SheetCanvas& w, int i) const {
        const auto& l = layoutOf(w);
        if (i < 0 || i >= static_cast<int>(l.cellSheets.size())) return std::nullopt;
        const auto& b = layers[static_cast<std::size_t>(i)].bounds;
        return makeView(l.cellSheets[static_cast<std::size_t>(i)], b, 1.0, b.center());
    }
    /// Point diameter in widget pixels of layer i drawn through `view`.
    double diameter(int i, const SheetView& view, bool main) const {
        if (main && pointSize > 0) return pointSize * zoom;
        return layers[static_cast<std::size_t>(i)].bounds.spacing * view.pixelsPerMm *
               kPointDiameterInSpacings;
    }
    /// Wheel zoom stops where a unit spans half the view, or where points would outgrow what GL rasterises.
    double maxZoom(const SheetCanvas& w) const {
        if (!focused()) return 1.0;
        const auto& b = focused()->bounds;
        const SheetView atOne = makeView(layoutOf(w).main, b, 1.0, b.center());
        const double pointAtOne =
            (pointSize > 0 ? pointSize : b.spacing * atOne.pixelsPerMm * kPointDiameterInSpacings) *
            w.devicePixelRatioF();
        const double largestPoint = pointAtOne > 0 ? renderer.maxPointSize() / pointAtOne : 1e9;
        return std::max(4.0, std::min(2.0 * std::max(b.width(), b.height()) / b.spacing, largestPoint));
    }

    /// The panel under `pos`: its layer, view, and whether it is the focused view.
    struct Panel {
        int layer;
        SheetView view;
        bool main;
    };
    std::optional<Panel> panelAt(const SheetCanvas& w, QPointF pos) const {
        if (!focused()) return std::nullopt;
        const auto& l = layoutOf(w);
        if (l.main.contains(pos)) return Panel{focus, mainView(w), true};
        for (std::size_t i = 0; i < l.cellSheets.size(); ++i)
            if (l.cellSheets[i].contains(pos))
                return Panel{static_cast<int>(i), *cellView(w, static_cast<int>(i)), false};
        return std::nullopt;
    }

    void resetView() {
        zoom = 1.0;
        center = focused() ? focused()->bounds.center() : QPointF();
    }
};

SheetCanvas::SheetCanvas(QWidget* parent) : QOpenGLWidget(parent), d_(std::make_unique<Impl>()) {
    initGuiResources();
    qRegisterMetaType<UnitId>();
    QSurfaceFormat format = QSurfaceFormat::defaultFormat();
    format.setRenderableType(QSurfaceFormat::OpenGL);
    format.setVersion(3, 3);
    format.setProfile(QSurfaceFormat::CoreProfile);
    setFormat(format);
    setMouseTracking(true);
    setMinimumSize(160, 120);
    connect(this, &QOpenGLWidget::frameSwapped, this, &SheetCanvas::frameSwapped);
}

SheetCanvas::~SheetCanvas() {
    disconnect(d_->contextGone);
    if (context()) {
        makeCurrent();
        d_->renderer.release();
        doneCurrent();
    }
}

void SheetCanvas::setLayers(std::vector<SheetLayer> layers, int focus) {
    std::vector<Impl::Layer> states;
    states.reserve(layers.size());
    for (auto& g : layers) {
        const auto units = static_cast<std::int64_t>(g.xy.size() / 2);
        if (g.xy.size() % 2 != 0)
            throw std::invalid_argument(g.name + ": positions must be N × 2 (got " +
                                        std::to_string(g.xy.size()) + " numbers)");
        if (!g.dims.empty()) {
            std::int64_t product = 1;
            for (auto d : g.dims) product *= d;
            if (product != units)
                throw std::invalid_argument(g.name + ": " + std::to_string(units) + " positions for " +
                                            std::to_string(product) + " units (C·H·W)");
        }
        Impl::Layer s;
        s.geometry = std::move(g);
        s.bounds = sheetBounds(s.geometry.xy);
        states.push_back(std::move(s));
    }
    // The grids are built once the layers sit at their final addresses (they read the positions they index).
    for (auto& s : states) s.grid = UnitGrid(s.geometry.xy, s.bounds);
    d_->layers = std::move(states);
    const int n = layerCount();
    d_->focus = n == 0 ? -1 : std::clamp(focus, 0, n - 1);
    d_->pinned = d_->hovered = UnitId{};
    d_->renderer.resetLayers(n);
    d_->relayout();
    d_->resetView();
    emit viewChanged();
    update();
}

int SheetCanvas::layerCount() const noexcept {
    return static_cast<int>(d_->layers.size());
}

const SheetLayer& SheetCanvas::layer(int i) const {
    if (i < 0 || i >= layerCount()) throw std::out_of_range("no sheet layer " + std::to_string(i));
    return d_->layers[static_cast<std::size_t>(i)].geometry;
}

void SheetCanvas::setValues(int layer, app::SheetValues values) {
    if (layer < 0 || layer >= layerCount())
        throw std::out_of_range("no sheet layer " + std::to_string(layer));
    auto& l = d_->layers[static_cast<std::size_t>(layer)];
    if (!values.values.empty() && static_cast<std::int64_t>(values.values.size()) != l.units())
        throw std::invalid_argument(l.geometry.name + ": " + std::to_string(values.values.size()) +
                                    " values for " + std::to_string(l.units()) + " units");
    if (!values.values.empty()) {
        if (values.scale.colormap.empty()) values.scale.colormap = "viridis";
        (void)app::colormap(values.scale.colormap);  // an unknown name throws here, not while painting
    }
    l.values = std::move(values);
    d_->renderer.valuesChanged(layer);
    if (layer == d_->focus) d_->relayout();  // the colorbar's width follows its labels
    update();
}

const app::SheetValues& SheetCanvas::values(int layer) const {
    if (layer < 0 || layer >= layerCount())
        throw std::out_of_range("no sheet layer " + std::to_string(layer));
    return d_->layers[static_cast<std::size_t>(layer)].values;
}

void SheetCanvas::setFocusedLayer(int layer) {
    if (layer < 0 || layer >= layerCount())
        throw std::out_of_range("no sheet layer " + std::to_string(layer));
    if (layer == d_->focus) return;
    d_->focus = layer;
    d_->relayout();
    d_->resetView();
    update();
    emit viewChanged();
    emit focusedLayerChanged(layer);
}

int SheetCanvas::focusedLayer() const noexcept {
    return d_->focus;
}

void SheetCanvas::setPinned(UnitId unit) {
    if (unit == d_->pinned) return;
    d_->pinned = unit;
    update();
}

UnitId SheetCanvas::pinned() const noexcept {
    return d_->pinned;
}

void SheetCanvas::setShowSmallMultiples(bool show) {
    if (show == d_->showSmallMultiples) return;
    d_->showSmallMultiples = show;
    d_->relayout();
    update();
}

void SheetCanvas::setPointSize(double px) {
    d_->pointSize = std::isfinite(px) ? std::max(px, 0.0) : 0.0;
    update();
}

void SheetCanvas::setZoom(double zoom, QPointF centerMm) {
    if (!(zoom > 0) || !std::isfinite(zoom) || !std::isfinite(centerMm.x()) || !std::isfinite(centerMm.y()))
        return;
    d_->zoom = zoom;
    d_->center = centerMm;
    update();
    emit viewChanged();
}

double SheetCanvas::zoom() const noexcept {
    return d_->zoom;
}
QPointF SheetCanvas::centerMm() const noexcept {
    return d_->center;
}

void SheetCanvas::resetView() {
    d_->resetView();
    update();
    emit viewChanged();
}

UnitId SheetCanvas::unitAt(QPointF pos) const {
    const auto panel = d_->panelAt(*this, pos);
    if (!panel) return {};
    const auto& l = d_->layers[static_cast<std::size_t>(panel->layer)];
    const double radiusPx =
        std::max(d_->diameter(panel->layer, panel->view, panel->main) / 2, kMinPickRadius);
    const QPointF mm = panel->view.toMm(pos);
    const auto unit = l.grid.nearest(l.geometry.xy, mm.x(), mm.y(), radiusPx / panel->view.pixelsPerMm,
                                     l.values.values.empty() ? nullptr : l.values.values.data());
    return unit < 0 ? UnitId{} : UnitId{panel->layer, unit};
}

QPointF SheetCanvas::widgetPosition(UnitId unit) const {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    if (!unit.valid() || unit.layer >= layerCount()) return {nan, nan};
    const auto& l = d_->layers[static_cast<std::size_t>(unit.layer)];
    if (unit.unit >= l.units()) return {nan, nan};
    const auto i = static_cast<std::size_t>(unit.unit);
    const double x = l.geometry.xy[2 * i], y = l.geometry.xy[2 * i + 1];
    if (unit.layer == d_->focus) return d_->mainView(*this).toWidget(x, y);
    const auto cell = d_->cellView(*this, unit.layer);
    return cell ? cell->toWidget(x, y) : QPointF(nan, nan);
}

void SheetCanvas::setUnitDescriber(std::function<QString(UnitId)> describe) {
    d_->describe = std::move(describe);
}

void SheetCanvas::initializeGL() {
    disconnect(d_->contextGone);
    d_->renderer.initialize();
    d_->contextGone = connect(context(), &QOpenGLContext::aboutToBeDestroyed, this, [this] {
        makeCurrent();
        d_->renderer.release();
        doneCurrent();
    });
}

void SheetCanvas::resizeGL(int, int) {
    d_->relayout();
}

void SheetCanvas::paintGL() {
    const auto& d = *d_;
    const QPalette pal = palette();
    const QColor background = pal.color(QPalette::Window);
    const double dpr = devicePixelRatioF();
    const QSizeF size(this->size());
    const auto& layout = d.layoutOf(*this);
    QColor flat = pal.color(QPalette::WindowText);
    flat.setAlphaF(1.f);
    flat = QColor::fromRgbF((flat.redF() + background.redF()) / 2, (flat.greenF() + background.greenF()) / 2,
                            (flat.blueF() + background.blueF()) / 2);

    // Points: every small multiple, then the focused layer large.
    d_->renderer.beginFrame(QSize(qRound(size.width() * dpr), qRound(size.height() * dpr)), background);
    if (d.renderer.ready()) {
        for (int i = 0; i < static_cast<int>(layout.cellSheets.size()); ++i) {
            const auto view = *d.cellView(*this, i);
            const auto& l = d.layers[static_cast<std::size_t>(i)];
            d_->renderer.draw(i, l.geometry.xy, l.values, view, size, dpr, d.diameter(i, view, false), flat);
        }
        if (const auto* l = d.focused()) {
            const auto view = d.mainView(*this);
            d_->renderer.draw(d.focus, l->geometry.xy, l->values, view, size, dpr,
                              d.diameter(d.focus, view, true), flat);
        }
    }
    d_->renderer.endFrame();

    // Overlays.
    QPainter p(this);
    if (!d.renderer.hasFunctions()) p.fillRect(rect(), background);
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.9);
    p.setFont(small);
    for (int i = 0; i < static_cast<int>(layout.cells.size()); ++i)
        overlay::paintCell(p, layout.cells[static_cast<std::size_t>(i)],
                           qs(d.layers[static_cast<std::size_t>(i)].geometry.name), i == d.focus, pal);
    p.setFont(font());
    const auto* focused = d.focused();
    if (!focused) return;
    const auto& g = focused->geometry;
    overlay::paintHeader(p, layout.header, qs(g.name) + (g.area.empty() ? QString() : " · " + qs(g.area)),
                         qs(focused->values.source), pal);
    overlay::paintColorbar(p, layout.colorbar, focused->values, pal);
    const auto view = d.mainView(*this);
    overlay::paintScaleBar(p, view, pal);
    if (d.pinned.valid() && d.pinned.layer < layerCount()) {
        const QPointF at = widgetPosition(d.pinned);
        const bool main = d.pinned.layer == d.focus;
        const QRectF panel = main ? layout.main
                                  : (d.pinned.layer < static_cast<int>(layout.cellSheets.size())
                                         ? layout.cellSheets[static_cast<std::size_t>(d.pinned.layer)]
                                         : QRectF());
        if (panel.contains(at)) {
            const double r = main ? std::max(d.diameter(d.focus, view, true) / 2 + 4, 7.0) : 5.0;
            overlay::paintPinRing(p, at, r);
        }
    }
    if (!d.renderer.ready())
        overlay::paintMessage(p, layout.main,
                              tr("Sheets need OpenGL 3.3, which this display does not offer."), pal);
    else if (!focused->values.missing.empty())
        overlay::paintMessage(p, layout.main, qs(focused->values.missing), pal);
}

void SheetCanvas::mousePressEvent(QMouseEvent* e) {
    if (e->button() != Qt::LeftButton) return QOpenGLWidget::mousePressEvent(e);
    d_->pressed = true;
    d_->dragging = false;
    d_->pressPos = d_->lastPos = e->position();
    d_->pressInMain = d_->focused() && d_->layoutOf(*this).main.contains(e->position());
    e->accept();
}

void SheetCanvas::mouseMoveEvent(QMouseEvent* e) {
    const QPointF pos = e->position();
    if (d_->pressed && (e->buttons() & Qt::LeftButton)) {
        if (!d_->dragging && d_->pressInMain &&
            (pos - d_->pressPos).manhattanLength() >= QApplication::startDragDistance()) {
            d_->dragging = true;
            setCursor(Qt::ClosedHandCursor);
            QToolTip::hideText();
        }
        if (d_->dragging) {
            const double ppm = d_->mainView(*this).pixelsPerMm;
            const QPointF delta = pos - d_->lastPos;
            d_->center += QPointF(-delta.x() / ppm, delta.y() / ppm);
            d_->lastPos = pos;
            update();
            emit viewChanged();
        }
        e->accept();
        return;
    }
    const UnitId unit = unitAt(pos);
    if (unit == d_->hovered) return;
    d_->hovered = unit;
    emit unitHovered(unit);
    if (unit.valid() && d_->describe)
        QToolTip::showText(e->globalPosition().toPoint(), d_->describe(unit), this);
    else
        QToolTip::hideText();
}

void SheetCanvas::mouseReleaseEvent(QMouseEvent* e) {
    if (e->button() != Qt::LeftButton || !d_->pressed) return QOpenGLWidget::mouseReleaseEvent(e);
    d_->pressed = false;
    e->accept();
    if (d_->dragging) {
        d_->dragging = false;
        unsetCursor();
        return;
    }
    // A click: a small multiple takes the focus; a unit of the focused layer is pinned.
    const QPointF pos = e->position();
    const auto& layout = d_->layoutOf(*this);
    if (const int cell = layout.cellAt(pos); cell >= 0) {
        setFocusedLayer(cell);
        return;
    }
    if (!layout.main.contains(pos)) return;
    const UnitId unit = unitAt(pos);
    if (!unit.valid()) return;
    setPinned(unit);
    emit unitClicked(unit);
}

void SheetCanvas::mouseDoubleClickEvent(QMouseEvent* e) {
    if (e->button() == Qt::LeftButton && d_->focused() && d_->layoutOf(*this).main.contains(e->position())) {
        resetView();
        e->accept();
        return;
    }
    QOpenGLWidget::mouseDoubleClickEvent(e);
}

void SheetCanvas::wheelEvent(QWheelEvent* e) {
    const QPointF pos = e->position();
    if (!d_->focused() || !d_->layoutOf(*this).main.contains(pos)) return e->ignore();
    const double steps = e->angleDelta().y() != 0 ? e->angleDelta().y() / 120.0 : e->pixelDelta().y() / 60.0;
    if (steps == 0) return e->ignore();
    // Zoom about the cursor: the sheet point under it stays under it.
    const SheetView before = d_->mainView(*this);
    const QPointF mm = before.toMm(pos);
    const double zoom =
        std::clamp(d_->zoom * std::pow(1.2, steps), kMinZoom, std::max(d_->maxZoom(*this), d_->zoom));
    const double ppm = before.pixelsPerMm * zoom / d_->zoom;
    const QPointF c = before.viewport.center();
    d_->zoom = zoom;
    d_->center = QPointF(mm.x() - (pos.x() - c.x()) / ppm, mm.y() + (pos.y() - c.y()) / ppm);
    e->accept();
    update();
    emit viewChanged();
}

void SheetCanvas::leaveEvent(QEvent* e) {
    if (d_->hovered.valid()) {
        d_->hovered = UnitId{};
        emit unitHovered(d_->hovered);
    }
    QToolTip::hideText();
    QOpenGLWidget::leaveEvent(e);
}

}  // namespace topospike::gui
