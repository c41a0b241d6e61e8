#include "gui/window_grab.hpp"

#include <QOpenGLWidget>
#include <QPainter>
#include <QWidget>

namespace topospike::gui {

QImage grabWindow(QWidget* window) {
    QImage image = window->grab().toImage();
    QPainter p(&image);
    const qreal dpr = image.devicePixelRatio();
    for (QOpenGLWidget* gl : window->findChildren<QOpenGLWidget*>()) {
        if (!gl->isVisible() || gl->visibleRegion().isEmpty()) continue;
        const QImage frame = gl->grabFramebuffer();
        const QPoint at = gl->mapTo(window, QPoint(0, 0));
        // Only the part that is on screen (a chart scrolled half out of its area stays clipped).
        p.save();
        p.setClipRegion(gl->visibleRegion().translated(at));
        p.drawImage(QRectF(at, QSizeF(gl->size())), frame);
        p.restore();
    }
    p.end();
    image.setDevicePixelRatio(dpr);
    return image;
}

}  // namespace topospike::gui
