// OpenGL buffers, textures and draw calls of the sheet view.

#include "gui/sheet_renderer.hpp"

#include <QOpenGLShaderProgram>
#include <QtDebug>
#include <algorithm>
#include <cmath>

#include "common/colormaps.hpp"

namespace topospike::gui {

static_assert(sizeof(std::array<std::uint8_t, 3>) == 3, "colormap tables are uploaded as packed RGB");

std::vector<float> colormapCoordinates(const app::SheetValues& values, const app::Colormap& map) {
    const double lo = values.scale.min, span = values.scale.max - values.scale.min;
    std::vector<float> t(values.values.size());
    std::transform(values.values.begin(), values.values.end(), t.begin(), [&](float v) {
        if (std::isnan(v)) return -1.0f;
        double x = span != 0 ? (v - lo) / span : 0.5;
        x = map.cyclic && std::isfinite(x) ? x - std::floor(x) : std::clamp(x, 0.0, 1.0);
        return static_cast<float>(x);
    });
    return t;
}

SheetRenderer::SheetRenderer() = default;
SheetRenderer::~SheetRenderer() = default;

bool SheetRenderer::initialize() {
    for (auto& l : layers_) l = Layer{};  // names of a previous context mean nothing in this one
    deadArrays_.clear();
    deadBuffers_.clear();
    textures_.clear();
    program_.reset();
    functions_ = initializeOpenGLFunctions();
    if (!functions_) {
        qWarning("Sheet view: OpenGL 3.3 core functions are not available; sheets are not drawn");
        return false;
    }
    auto program = std::make_unique<QOpenGLShaderProgram>();
    if (!program->addShaderFromSourceFile(QOpenGLShader::Vertex, ":/topospike/shaders/sheet_points.vert") ||
        !program->addShaderFromSourceFile(QOpenGLShader::Fragment, ":/topospike/shaders/sheet_points.frag") ||
        !program->link()) {
        qWarning("Sheet view: the point shaders do not build; sheets are not drawn:\n%s",
                 qPrintable(program->log()));
        return false;
    }
    program_ = std::move(program);
    uMmToClip_ = program_->uniformLocation("mmToClip");
    uPointSize_ = program_->uniformLocation("pointSizePx");
    uTexelScale_ = program_->uniformLocation("texelScale");
    uTexelCount_ = program_->uniformLocation("texelCount");
    uUseFlat_ = program_->uniformLocation("useFlat");
    uFlatColor_ = program_->uniformLocation("flatColor");
    uColormap_ = program_->uniformLocation("colormap");
    GLfloat range[2] = {1.f, 64.f};
    glGetFloatv(GL_POINT_SIZE_RANGE, range);
    maxPointSize_ = std::max(range[1], 1.f);
    return true;
}

void SheetRenderer::forget(Layer& gpu) {
    if (gpu.vao) deadArrays_.push_back(gpu.vao);
    if (gpu.positions) deadBuffers_.push_back(gpu.positions);
    if (gpu.coords) deadBuffers_.push_back(gpu.coords);
    gpu = Layer{};
}

void SheetRenderer::release() {
    if (!program_) return;
    for (auto& l : layers_) forget(l);
    if (!deadArrays_.empty())
        glDeleteVertexArrays(static_cast<GLsizei>(deadArrays_.size()), deadArrays_.data());
    if (!deadBuffers_.empty())
        glDeleteBuffers(static_cast<GLsizei>(deadBuffers_.size()), deadBuffers_.data());
    for (const auto& [map, name] : textures_) glDeleteTextures(1, &name);
    deadArrays_.clear();
    deadBuffers_.clear();
    textures_.clear();
    program_.reset();
}

void SheetRenderer::resetLayers(int count) {
    for (auto& l : layers_) forget(l);
    layers_.assign(static_cast<std::size_t>(std::max(count, 0)), Layer{});
}

void SheetRenderer::valuesChanged(int layer) {
    if (layer >= 0 && layer < static_cast<int>(layers_.size()))
        layers_[static_cast<std::size_t>(layer)].valuesDirty = true;
}

unsigned SheetRenderer::texture(const app::Colormap& map) {
    if (auto it = textures_.find(&map); it != textures_.end()) return it->second;
    GLuint name = 0;
    glGenTextures(1, &name);
    glBindTexture(GL_TEXTURE_1D, name);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage1D(GL_TEXTURE_1D, 0, GL_RGB8, static_cast<GLsizei>(map.table.size()), 0, GL_RGB,
                 GL_UNSIGNED_BYTE, map.table.data());
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);  // the default, which QPainter's glyph uploads rely on
    const GLint filter = map.categorical ? GL_NEAREST : GL_LINEAR;
    glTexParameteri(GL_TEXTURE_1D, GL_TEXTURE_MIN_FILTER, filter);
    glTexParameteri(GL_TEXTURE_1D, GL_TEXTURE_MAG_FILTER, filter);
    glTexParameteri(GL_TEXTURE_1D, GL_TEXTURE_WRAP_S, map.cyclic ? GL_REPEAT : GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_1D, GL_TEXTURE_MAX_LEVEL, 0);
    textures_.emplace(&map, name);
    return name;
}

void SheetRenderer::upload(Layer& gpu, const std::vector<float>& xy, const app::SheetValues& values) {
    if (!gpu.vao) {
        glGenVertexArrays(1, &gpu.vao);
        glGenBuffers(1, &gpu.positions);
        glGenBuffers(1, &gpu.coords);
        gpu.positionsDirty = gpu.valuesDirty = true;
    }
    glBindVertexArray(gpu.vao);
    if (gpu.positionsDirty) {
        glBindBuffer(GL_ARRAY_BUFFER, gpu.positions);
        glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(xy.size() * sizeof(float)), xy.data(),
                     GL_STATIC_DRAW);
        glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
        glEnableVertexAttribArray(0);
        gpu.positionsDirty = false;
    }
    if (gpu.valuesDirty) {
        gpu.colormap = nullptr;
        if (!values.values.empty()) {
            gpu.colormap = &app::colormap(values.scale.colormap);
            const auto t = colormapCoordinates(values, *gpu.colormap);
            glBindBuffer(GL_ARRAY_BUFFER, gpu.coords);
            glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(t.size() * sizeof(float)), t.data(),
                         GL_DYNAMIC_DRAW);
            glVertexAttribPointer(1, 1, GL_FLOAT, GL_FALSE, 0, nullptr);
            glEnableVertexAttribArray(1);
        } else {
            glDisableVertexAttribArray(1);
        }
        gpu.valuesDirty = false;
    }
}

void SheetRenderer::beginFrame(QSize pixels, const QColor& background) {
    pixels_ = pixels;
    if (!functions_) return;
    glViewport(0, 0, pixels.width(), pixels.height());
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_BLEND);
    glDisable(GL_CULL_FACE);
    glDisable(GL_SCISSOR_TEST);
    glClearColor(background.redF(), background.greenF(), background.blueF(), 1.f);
    glClear(GL_COLOR_BUFFER_BIT);
    if (!program_) return;
    if (!deadArrays_.empty())
        glDeleteVertexArrays(static_cast<GLsizei>(deadArrays_.size()), deadArrays_.data());
    if (!deadBuffers_.empty())
        glDeleteBuffers(static_cast<GLsizei>(deadBuffers_.size()), deadBuffers_.data());
    deadArrays_.clear();
    deadBuffers_.clear();
    glEnable(GL_PROGRAM_POINT_SIZE);
    glEnable(GL_SCISSOR_TEST);
    glActiveTexture(GL_TEXTURE0);
    program_->bind();
    program_->setUniformValue(uColormap_, 0);
}

void SheetRenderer::draw(int layer, const std::vector<float>& xy, const app::SheetValues& values,
                         const SheetView& view, QSizeF widget, double dpr, double pointPx,
                         const QColor& flat) {
    if (!program_ || layer < 0 || layer >= static_cast<int>(layers_.size()) || xy.empty()) return;
    Layer& gpu = layers_[static_cast<std::size_t>(layer)];
    upload(gpu, xy, values);

    // Clip to the panel (device pixels; GL counts rows from the bottom).
    const QRectF r = view.viewport;
    const int x0 = static_cast<int>(std::floor(r.left() * dpr)),
              x1 = static_cast<int>(std::ceil(r.right() * dpr));
    const int y0 = static_cast<int>(std::floor(r.top() * dpr)),
              y1 = static_cast<int>(std::ceil(r.bottom() * dpr));
    glScissor(x0, pixels_.height() - y1, std::max(x1 - x0, 0), std::max(y1 - y0, 0));

    const auto m = view.mmToClip(widget);
    glUniformMatrix3fv(uMmToClip_, 1, GL_FALSE, m.data());
    program_->setUniformValue(uPointSize_, std::clamp(static_cast<float>(pointPx * dpr), 1.f, maxPointSize_));
    program_->setUniformValue(uUseFlat_, gpu.colormap == nullptr);
    program_->setUniformValue(uFlatColor_, flat);
    if (gpu.colormap) {
        const auto n = static_cast<float>(gpu.colormap->table.size());
        program_->setUniformValue(uTexelCount_, n);
        program_->setUniformValue(uTexelScale_, gpu.colormap->cyclic ? n : n - 1.f);
        glBindTexture(GL_TEXTURE_1D, texture(*gpu.colormap));
    }
    glDrawArrays(GL_POINTS, 0, static_cast<GLsizei>(xy.size() / 2));
}

void SheetRenderer::endFrame() {
    if (!program_) return;
    glBindVertexArray(0);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
    glBindTexture(GL_TEXTURE_1D, 0);
    glDisable(GL_SCISSOR_TEST);
    glDisable(GL_PROGRAM_POINT_SIZE);
    program_->release();
}

}  // namespace topospike::gui
