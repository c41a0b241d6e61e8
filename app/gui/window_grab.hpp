#pragma once
// A picture of a whole window including its OpenGL views. QWidget::grab() composes QOpenGLWidgets from their last
// texture, which lacks what paintGL draws with QPainter (the sheet's colorbar, scale bar and titles); each visible
// QOpenGLWidget is therefore re-rendered with grabFramebuffer() and painted over its place.

#include <QImage>

class QWidget;

namespace topospike::gui {

QImage grabWindow(QWidget* window);

}  // namespace topospike::gui
