#pragma once
// The OpenGL half of SheetCanvas: one vertex array per layer with a positions buffer (uploaded once) and a
// colormap-coordinate buffer (uploaded when the values change), one 1-D texture per colormap, and the point
// shaders (shaders/sheet_points.*). Per frame it only binds, sets uniforms and draws: no uploads unless
// something changed. Every call but the *Changed ones needs the widget's context current.

#include <QColor>
#include <QOpenGLFunctions_3_3_Core>
#include <QRectF>
#include <QSize>
#include <map>
#include <memory>
#include <vector>

#include "common/color_modes.hpp"
#include "gui/sheet_layout.hpp"

class QOpenGLShaderProgram;

namespace topospike::app {
struct Colormap;
}

namespace topospike::gui {

class SheetRenderer : protected QOpenGLFunctions_3_3_Core {
public:
    SheetRenderer();
    ~SheetRenderer();

    /// Compiles the shaders in the current context; false (with a warning logged) when they do not build.
    /// Objects of an earlier context are forgotten and re-created on the next draw.
    bool initialize();
    bool ready() const noexcept { return program_ != nullptr; }
    /// The GL functions resolved (beginFrame/endFrame usable), even if the shaders did not build.
    bool hasFunctions() const noexcept { return functions_; }
    /// Frees every GL object of this context.
    void release();

    /// The layers were replaced: `count` layers, all buffers re-created on the next draw. No GL needed.
    void resetLayers(int count);
    /// Layer `layer`'s values changed: re-uploaded on the next draw. No GL needed.
    void valuesChanged(int layer);
    /// Largest point diameter the implementation rasterises, framebuffer pixels.
    float maxPointSize() const noexcept { return maxPointSize_; }

    /// Clears the framebuffer (`pixels` large) to `background` and sets the state the points need.
    void beginFrame(QSize pixels, const QColor& background);
    /// Draws layer `layer` (`xy` mm, `values`) through `view`, clipped to `view.viewport`; `widget` is the
    /// widget size and `dpr` its device pixel ratio; `pointPx` the diameter in widget pixels. `flat` colours
    /// every unit when the layer has no values.
    void draw(int layer, const std::vector<float>& xy, const app::SheetValues& values, const SheetView& view,
              QSizeF widget, double dpr, double pointPx, const QColor& flat);
    /// Leaves the state QPainter expects (no program, vertex array or scissor).
    void endFrame();

private:
    struct Layer {
        unsigned vao = 0, positions = 0, coords = 0;
        bool positionsDirty = true, valuesDirty = true;
        const app::Colormap* colormap = nullptr;  // of the uploaded values; nullptr: flat colour
    };
    unsigned texture(const app::Colormap& map);
    void upload(Layer& gpu, const std::vector<float>& xy, const app::SheetValues& values);
    void forget(Layer& gpu);

    std::unique_ptr<QOpenGLShaderProgram> program_;
    std::vector<Layer> layers_;
    std::vector<unsigned> deadArrays_, deadBuffers_;  // GL names of replaced layers, freed at the next frame
    std::map<const app::Colormap*, unsigned> textures_;
    bool functions_ = false;
    float maxPointSize_ = 64.f;
    QSize pixels_;
    int uMmToClip_ = -1, uPointSize_ = -1, uTexelScale_ = -1, uTexelCount_ = -1, uUseFlat_ = -1,
        uFlatColor_ = -1, uColormap_ = -1;
};

/// Where each value falls on `map` as the shader reads it: t in [0, 1] between scale.min and scale.max
/// (clamped; cyclic maps wrap into [0, 1)), −1 for NaN.
std::vector<float> colormapCoordinates(const app::SheetValues& values, const app::Colormap& map);

}  // namespace topospike::gui
