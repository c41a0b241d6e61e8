#pragma once
// Hosts a vtkGenericOpenGLRenderWindow inside a QOpenGLWidget (Debian's VTK Qt module is Qt 5, so this stands
// in for QVTKOpenGLNativeWidget). VTK renders into its own framebuffer during the widget's paintGL; the
// result is blitted into the widget's framebuffer with alpha forced to 1. VTK is told to make Qt's context
// current only when it is not (making the widget current would rebind its framebuffer mid-render and give
// blank frames); interactor timers run on QTimer; mouse and wheel events are forwarded in device pixels with
// y flipped. The widget calls the *GL methods from its own initializeGL / resizeGL / paintGL and context
// clean-up.

#include <QtCore/qnamespace.h>
#include <map>

#include <vtkNew.h>

class QMouseEvent;
class QOpenGLWidget;
class QTimer;
class QWheelEvent;
class vtkGenericOpenGLRenderWindow;
class vtkGenericRenderWindowInteractor;
class vtkObject;

namespace topospike::gui {

class VtkQtBridge {
public:
    explicit VtkQtBridge(QOpenGLWidget* widget);
    ~VtkQtBridge();
    VtkQtBridge(const VtkQtBridge&) = delete;
    VtkQtBridge& operator=(const VtkQtBridge&) = delete;

    vtkGenericOpenGLRenderWindow* renderWindow() const;
    vtkGenericRenderWindowInteractor* interactor() const;

    /// With the widget's context current (initializeGL): VTK adopts that context.
    void initializeGL();
    /// Sizes VTK's window to the widget's size in device pixels.
    void resizeGL();
    /// Renders and blits into the widget's framebuffer; false when there is no context to render with.
    bool paintGL();
    /// With the context current: frees VTK's GPU resources (the context is going away); initializeGL may
    /// follow.
    void releaseGL();
    bool initialized() const noexcept { return initialized_; }

    void forwardMousePress(QMouseEvent* e);
    void forwardMouseRelease(QMouseEvent* e);
    void forwardMouseMove(QMouseEvent* e);
    void forwardWheel(QWheelEvent* e);

private:
    void onWindowEvent(vtkObject* caller, unsigned long event, void* data);
    void onInteractorEvent(vtkObject* caller, unsigned long event, void* data);
    void setEventPosition(double x, double y, Qt::KeyboardModifiers mods, int repeat = 0);
    double devicePixelRatio() const;

    QOpenGLWidget* widget_;
    vtkNew<vtkGenericOpenGLRenderWindow> window_;
    vtkNew<vtkGenericRenderWindowInteractor> interactor_;
    std::map<int, QTimer*> timers_;  ///< platform timer id → timer (children of the widget)
    int nextTimerId_ = 1;
    bool initialized_ = false;
    bool inPaint_ = false;
};

}  // namespace topospike::gui
