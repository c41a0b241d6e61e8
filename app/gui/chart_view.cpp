#include "gui/chart_view.hpp"

#include <QMouseEvent>
#include <QOpenGLContext>
#include <QSurfaceFormat>
#include <QWheelEvent>

#include <vtkAxis.h>
#include <vtkChartXY.h>
#include <vtkContextScene.h>
#include <vtkContextView.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkNew.h>
#include <vtkRenderer.h>

#include "gui/chart_builders.hpp"
#include "gui/chart_message_item.hpp"
#include "gui/vtk_qt_bridge.hpp"

namespace topospike::gui {

struct ChartView::Impl {
    explicit Impl(QOpenGLWidget* widget) : bridge(widget) {}
    VtkQtBridge bridge;
    vtkNew<vtkContextView> view;
    vtkNew<vtkChartXY> chart;
    vtkNew<ChartMessageItem> message;
    QString title, emptyText;
    int count = 0;
    QMetaObject::Connection contextGone;

    /// Shows the chart when it has something to show, the message otherwise.
    void show(const QString& t, int n, const QString& empty) {
        title = t;
        count = n;
        emptyText = n > 0 ? QString() : empty;
        chart->SetTitle(t.toStdString());
        chart->SetVisible(n > 0);
        QString text = emptyText;
        if (n == 0 && !t.isEmpty()) text = empty.isEmpty() ? t : t + "\n\n" + empty;
        message->SetText(n > 0 ? std::string() : text.toStdString());
        chart->RecalculateBounds();
        view->GetScene()->SetDirty(true);
    }
};

ChartView::ChartView(QWidget* parent) : QOpenGLWidget(parent), d_(std::make_unique<Impl>(this)) {
    // VTK 9.1 needs OpenGL ≥ 3.2; a core profile is what QVTKOpenGLNativeWidget asks for too.
    QSurfaceFormat fmt = format();
    fmt.setVersion(3, 2);
    fmt.setProfile(QSurfaceFormat::CoreProfile);
    setFormat(fmt);
    setMouseTracking(true);  // hover tooltips
    setMinimumSize(220, 150);

    // Setting the window also hands the view's chart interaction (its interactor style) to our interactor.
    d_->view->SetRenderWindow(d_->bridge.renderWindow());
    d_->view->GetRenderer()->SetBackground(1.0, 1.0, 1.0);  // figures stay white whatever the theme
    d_->view->GetScene()->AddItem(d_->chart);
    d_->view->GetScene()->AddItem(d_->message);
    charts::applyFigureStyle(*d_->chart);
    clear(QString());
}

ChartView::~ChartView() {
    if (d_->bridge.initialized()) {
        makeCurrent();
        d_->bridge.releaseGL();
        doneCurrent();
    }
    disconnect(d_->contextGone);
}

void ChartView::setLines(const QString& title, const QString& xLabel, const QString& yLabel,
                         const std::vector<ChartSeries>& series, const QString& emptyText) {
    charts::resetChart(*d_->chart);
    d_->chart->GetAxis(vtkAxis::BOTTOM)->SetTitle(xLabel.toStdString());
    d_->chart->GetAxis(vtkAxis::LEFT)->SetTitle(yLabel.toStdString());
    d_->show(title, charts::addLineSeries(*d_->chart, series), emptyText);
    update();
}

void ChartView::setRaster(const QString& title, const RasterData& raster, const QString& emptyText) {
    charts::resetChart(*d_->chart);
    d_->chart->GetAxis(vtkAxis::BOTTOM)->SetTitle("timestep");
    d_->chart->GetAxis(vtkAxis::LEFT)->SetTitle("unit");
    d_->show(title, charts::addRaster(*d_->chart, raster), emptyText);
    update();
}

void ChartView::clear(const QString& emptyText) {
    charts::resetChart(*d_->chart);
    d_->show(QString(), 0, emptyText);
    update();
}

void ChartView::setXRange(double lo, double hi) {
    vtkAxis* axis = d_->chart->GetAxis(vtkAxis::BOTTOM);
    axis->SetBehavior(vtkAxis::FIXED);
    axis->SetRange(lo, hi);
    d_->view->GetScene()->SetDirty(true);
    update();
}

void ChartView::setXTickLabels(const std::vector<QString>& labels) {
    charts::setCategoryAxis(*d_->chart->GetAxis(vtkAxis::BOTTOM), labels);
    d_->view->GetScene()->SetDirty(true);
    update();
}

int ChartView::seriesCount() const noexcept {
    return d_->count;
}
QString ChartView::title() const {
    return d_->title;
}
QString ChartView::emptyText() const {
    return d_->emptyText;
}
vtkChartXY* ChartView::chart() const noexcept {
    return d_->chart.Get();
}

void ChartView::initializeGL() {
    // The context goes away with the widget or when it moves to another window: VTK's GPU resources go first.
    disconnect(d_->contextGone);
    d_->contextGone = connect(
        context(), &QOpenGLContext::aboutToBeDestroyed, this,
        [this] {
            makeCurrent();
            d_->bridge.releaseGL();
            doneCurrent();
        },
        Qt::DirectConnection);
    d_->bridge.initializeGL();
}

void ChartView::resizeGL(int, int) {
    d_->bridge.resizeGL();
}

void ChartView::paintGL() {
    if (d_->bridge.paintGL()) emit rendered();
}

void ChartView::mousePressEvent(QMouseEvent* e) {
    d_->bridge.forwardMousePress(e);
    update();
}

void ChartView::mouseReleaseEvent(QMouseEvent* e) {
    d_->bridge.forwardMouseRelease(e);
    update();
}

void ChartView::mouseMoveEvent(QMouseEvent* e) {
    d_->bridge.forwardMouseMove(e);  // VTK asks for a frame (timer → render request) when the chart changed
    if (e->buttons() != Qt::NoButton) update();
}

void ChartView::wheelEvent(QWheelEvent* e) {
    d_->bridge.forwardWheel(e);
    e->accept();
    update();
}

}  // namespace topospike::gui
