#include "gui/vtk_qt_bridge.hpp"

#include <QMouseEvent>
#include <QOpenGLContext>
#include <QOpenGLWidget>
#include <QTimer>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkOpenGLFramebufferObject.h>
#include <vtkOpenGLState.h>

namespace topospike::gui {

VtkQtBridge::VtkQtBridge(QOpenGLWidget* widget) : widget_(widget) {
    // Nothing may render before the widget has a context (initializeGL).
    window_->SetReadyForRendering(false);
    window_->SetInteractor(interactor_);
    // The interactor only asks for frames; paintGL renders them (no render outside Qt's paint cycle).
    interactor_->EnableRenderOff();
    interactor_->SetTimerEventResetsTimer(false);  // QTimer repeats natively

    for (unsigned long ev :
         {vtkCommand::WindowMakeCurrentEvent, vtkCommand::WindowIsCurrentEvent, vtkCommand::WindowFrameEvent})
        window_->AddObserver(ev, this, &VtkQtBridge::onWindowEvent);
    for (unsigned long ev :
         {vtkCommand::RenderEvent, vtkCommand::CreateTimerEvent, vtkCommand::DestroyTimerEvent})
        interactor_->AddObserver(ev, this, &VtkQtBridge::onInteractorEvent);
}

VtkQtBridge::~VtkQtBridge() {
    // VTK objects may outlive this bridge (views hold the window): they must not call back into it.
    window_->RemoveObservers(vtkCommand::WindowMakeCurrentEvent);
    window_->RemoveObservers(vtkCommand::WindowIsCurrentEvent);
    window_->RemoveObservers(vtkCommand::WindowFrameEvent);
    interactor_->RemoveObservers(vtkCommand::RenderEvent);
    interactor_->RemoveObservers(vtkCommand::CreateTimerEvent);
    interactor_->RemoveObservers(vtkCommand::DestroyTimerEvent);
    for (auto& [id, timer] : timers_) delete timer;
    timers_.clear();
    window_->SetReadyForRendering(false);
}

vtkGenericOpenGLRenderWindow* VtkQtBridge::renderWindow() const {
    return window_.Get();
}
vtkGenericRenderWindowInteractor* VtkQtBridge::interactor() const {
    return interactor_.Get();
}

double VtkQtBridge::devicePixelRatio() const {
    return widget_->devicePixelRatio();
}

void VtkQtBridge::initializeGL() {
    window_->SetOwnContext(false);
    window_->SetFrameBlitModeToNoBlit();  // paintGL blits into the widget's framebuffer
    // Wide lines as triangles: core profiles have no wide lines.
    window_->SetForceMaximumHardwareLineWidth(1);
    window_->SetReadyForRendering(true);
    window_->OpenGLInitContext();
    initialized_ = true;
    resizeGL();
    if (!interactor_->GetInitialized()) interactor_->Initialize();
}

void VtkQtBridge::resizeGL() {
    const double dpr = devicePixelRatio();
    const int w = std::max(1, static_cast<int>(std::lround(widget_->width() * dpr)));
    const int h = std::max(1, static_cast<int>(std::lround(widget_->height() * dpr)));
    window_->SetSize(w, h);
    interactor_->UpdateSize(w, h);
    window_->SetDPI(static_cast<int>(std::lround(72 * dpr)));
}

bool VtkQtBridge::paintGL() {
    QOpenGLContext* ctx = widget_->context();
    if (!initialized_ || !ctx) return false;
    inPaint_ = true;
    window_->Render();
    inPaint_ = false;
    // A render may have switched contexts (another widget's progress, say); the blit needs ours.
    if (QOpenGLContext::currentContext() != ctx) widget_->makeCurrent();

    vtkOpenGLState* state = window_->GetState();
    const int* size = window_->GetSize();
    state->vtkglBindFramebuffer(GL_DRAW_FRAMEBUFFER, widget_->defaultFramebufferObject());
    unsigned int attachment = GL_COLOR_ATTACHMENT0;
    state->vtkglDrawBuffers(1, &attachment);
    // Scissor limits a blit; colour writes of every channel are needed for it too.
    vtkOpenGLState::ScopedglEnableDisable scissor(state, GL_SCISSOR_TEST);
    state->vtkglDisable(GL_SCISSOR_TEST);
    vtkOpenGLState::ScopedglColorMask mask(state);
    state->vtkglColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
    window_->BlitDisplayFramebuffer(0, 0, 0, size[0], size[1], 0, 0, size[0], size[1], GL_COLOR_BUFFER_BIT,
                                    GL_NEAREST);
    // Opaque result: Mesa and composited desktops would otherwise blend the chart with what lies behind it.
    vtkOpenGLState::ScopedglClearColor clearColor(state);
    vtkOpenGLState::ScopedglViewport viewport(state);
    state->vtkglColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_TRUE);
    state->vtkglClearColor(0.f, 0.f, 0.f, 1.f);
    state->vtkglViewport(0, 0, size[0], size[1]);
    state->vtkglClear(GL_COLOR_BUFFER_BIT);
    return true;
}

void VtkQtBridge::releaseGL() {
    if (!initialized_) return;
    for (auto& [id, timer] : timers_) timer->stop();
    window_->Finalize();  // releases every renderer's and the window's GPU resources in the current context
    window_->SetReadyForRendering(false);
    initialized_ = false;
}

void VtkQtBridge::onWindowEvent(vtkObject*, unsigned long event, void* data) {
    QOpenGLContext* ctx = widget_->context();
    switch (event) {
        case vtkCommand::WindowMakeCurrentEvent:
            // Only the context: QOpenGLWidget::makeCurrent would rebind the widget's framebuffer mid-render.
            if (ctx && QOpenGLContext::currentContext() != ctx) ctx->makeCurrent(ctx->surface());
            break;
        case vtkCommand::WindowIsCurrentEvent:
            *static_cast<bool*>(data) = ctx && QOpenGLContext::currentContext() == ctx;
            break;
        case vtkCommand::WindowFrameEvent:
            // A render VTK started itself (not paintGL's): have Qt repaint so it reaches the screen.
            if (!inPaint_) widget_->update();
            break;
        default:
            break;
    }
}

void VtkQtBridge::onInteractorEvent(vtkObject*, unsigned long event, void* data) {
    switch (event) {
        case vtkCommand::RenderEvent:
            if (!inPaint_) widget_->update();
            break;
        case vtkCommand::CreateTimerEvent: {
            const int platformId = nextTimerId_++;
            auto* timer = new QTimer(widget_);
            timer->setSingleShot(interactor_->GetTimerEventType() == vtkRenderWindowInteractor::OneShotTimer);
            timer->setInterval(std::max(0, interactor_->GetTimerEventDuration()));
            QObject::connect(timer, &QTimer::timeout, widget_, [this, platformId] {
                if (!interactor_->GetEnabled()) return;
                int vtkId = interactor_->GetVTKTimerId(platformId);
                if (vtkId == 0) return;
                interactor_->InvokeEvent(vtkCommand::TimerEvent, &vtkId);
                if (interactor_->IsOneShotTimer(vtkId)) interactor_->DestroyTimer(vtkId);
            });
            timers_[platformId] = timer;
            interactor_->SetTimerEventPlatformId(platformId);
            timer->start();
            break;
        }
        case vtkCommand::DestroyTimerEvent: {
            auto it = timers_.find(*static_cast<int*>(data));
            if (it != timers_.end()) {
                it->second->stop();
                it->second->deleteLater();  // it may be the timer whose timeout is running
                timers_.erase(it);
            }
            break;
        }
        default:
            break;
    }
}

void VtkQtBridge::setEventPosition(double x, double y, Qt::KeyboardModifiers mods, int repeat) {
    const double dpr = devicePixelRatio();
    interactor_->SetAltKey(mods.testFlag(Qt::AltModifier) ? 1 : 0);
    interactor_->SetEventInformationFlipY(
        static_cast<int>(std::lround(x * dpr)), static_cast<int>(std::lround(y * dpr)),
        mods.testFlag(Qt::ControlModifier) ? 1 : 0, mods.testFlag(Qt::ShiftModifier) ? 1 : 0, 0, repeat);
}

void VtkQtBridge::forwardMousePress(QMouseEvent* e) {
    setEventPosition(e->position().x(), e->position().y(), e->modifiers(),
                     e->type() == QEvent::MouseButtonDblClick ? 1 : 0);
    switch (e->button()) {
        case Qt::LeftButton:
            interactor_->LeftButtonPressEvent();
            break;
        case Qt::MiddleButton:
            interactor_->MiddleButtonPressEvent();
            break;
        case Qt::RightButton:
            interactor_->RightButtonPressEvent();
            break;
        default:
            break;
    }
}

void VtkQtBridge::forwardMouseRelease(QMouseEvent* e) {
    setEventPosition(e->position().x(), e->position().y(), e->modifiers());
    switch (e->button()) {
        case Qt::LeftButton:
            interactor_->LeftButtonReleaseEvent();
            break;
        case Qt::MiddleButton:
            interactor_->MiddleButtonReleaseEvent();
            break;
        case Qt::RightButton:
            interactor_->RightButtonReleaseEvent();
            break;
        default:
            break;
    }
}

void VtkQtBridge::forwardMouseMove(QMouseEvent* e) {
    setEventPosition(e->position().x(), e->position().y(), e->modifiers());
    interactor_->MouseMoveEvent();
}

void VtkQtBridge::forwardWheel(QWheelEvent* e) {
    setEventPosition(e->position().x(), e->position().y(), e->modifiers());
    const QPoint delta = e->angleDelta();
    if (delta.y() > 0)
        interactor_->MouseWheelForwardEvent();
    else if (delta.y() < 0)
        interactor_->MouseWheelBackwardEvent();
    else if (delta.x() > 0)
        interactor_->MouseWheelLeftEvent();
    else if (delta.x() < 0)
        interactor_->MouseWheelRightEvent();
}

}  // namespace topospike::gui
