#pragma once
// The cortical-sheet view: every topographic layer as a small multiple plus one focused layer drawn large, all in
// one QOpenGLWidget (one context, one GPU buffer of positions per layer uploaded once, per-unit values uploaded
// per change, colormaps as 1-D textures; shaders/sheet_points.*). Zoom (wheel), pan (drag), reset (double-click
// or resetView()) act on the focused layer; hover shows the unit under the cursor; click pins it; clicking a small
// multiple focuses that layer. A colorbar with end labels and a scale bar in mm are painted over the focused
// layer with QPainter.

#include <QOpenGLWidget>
#include <QPointF>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/color_modes.hpp"

namespace topospike::gui {

/// One layer's geometry.
struct SheetLayer {
    std::string name;                 ///< "layer2.0"
    std::vector<std::int64_t> dims;   ///< C, H, W
    std::vector<float> xy;            ///< N × 2 positions, mm
    std::string area;                 ///< "V1", "IT", … (shown in the panel title when known)
};

/// A unit of a layer; unit = c·H·W + h·W + w.
struct UnitId {
    int layer = -1;
    std::int64_t unit = -1;
    bool valid() const noexcept { return layer >= 0 && unit >= 0; }
    bool operator==(const UnitId&) const = default;
};

class SheetCanvas : public QOpenGLWidget {
    Q_OBJECT
public:
    explicit SheetCanvas(QWidget* parent = nullptr);
    ~SheetCanvas() override;

    /// Replaces every layer (positions are uploaded on the next paint). Resets focus to `focus` (clamped) and
    /// the view; clears the pin. Throws std::invalid_argument when positions are not N × 2 or disagree with dims.
    void setLayers(std::vector<SheetLayer> layers, int focus = 0);
    int layerCount() const noexcept;
    const SheetLayer& layer(int i) const;

    /// Per-unit values of layer i (values.size() must equal its units; NaN = not drawn), with their scale.
    /// Empty values draw every unit in a neutral grey (with `missing` saying why); an empty colormap name means
    /// viridis. Throws std::out_of_range for an unknown layer, std::invalid_argument for a size mismatch or an
    /// unknown colormap.
    void setValues(int layer, app::SheetValues values);
    const app::SheetValues& values(int layer) const;

    /// Draws `layer` large and resets the view; emits focusedLayerChanged when the focus changes.
    void setFocusedLayer(int layer);
    int focusedLayer() const noexcept;
    /// Marks a pinned unit (drawn with a ring) or clears it with an invalid id.
    void setPinned(UnitId unit);
    UnitId pinned() const noexcept;
    /// Show or hide the small multiples strip (the focused layer then fills the widget).
    void setShowSmallMultiples(bool show);
    /// Point size on screen of the focused layer at zoom 1, in device-independent pixels (0: automatic).
    void setPointSize(double px);

    /// Zoom about the focused layer's centre (1 = the whole sheet fits), pan in mm.
    void setZoom(double zoom, QPointF centerMm);
    double zoom() const noexcept;
    QPointF centerMm() const noexcept;
    void resetView();

    /// The unit drawn nearest to widget position `pos` (within its point radius, at least 3 px), in the focused
    /// view or a small multiple, or an invalid id. Units whose value is NaN are not drawn, so not found.
    UnitId unitAt(QPointF pos) const;
    /// Widget position of a unit's centre (for tests and the inspector's marker): the focused layer's in the
    /// large view, another layer's in its small multiple; NaN coordinates when the unit is not drawn anywhere.
    QPointF widgetPosition(UnitId unit) const;
    /// Text for the hover tooltip; the main window supplies it (it knows the current values).
    void setUnitDescriber(std::function<QString(UnitId)> describe);

signals:
    void unitHovered(topospike::gui::UnitId unit);   ///< invalid when the cursor leaves every unit
    void unitClicked(topospike::gui::UnitId unit);   ///< press and release without a drag; the unit is pinned
    void focusedLayerChanged(int layer);
    void viewChanged();                               ///< zoom or pan
    void frameSwapped();                              ///< a frame with the current values was drawn

protected:
    void initializeGL() override;
    void resizeGL(int w, int h) override;
    void paintGL() override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void mousePressEvent(QMouseEvent* e) override;
    void mouseReleaseEvent(QMouseEvent* e) override;
    void mouseDoubleClickEvent(QMouseEvent* e) override;
    void wheelEvent(QWheelEvent* e) override;
    void leaveEvent(QEvent* e) override;

private:
    struct Impl;
    std::unique_ptr<Impl> d_;
};

}  // namespace topospike::gui

Q_DECLARE_METATYPE(topospike::gui::UnitId)
