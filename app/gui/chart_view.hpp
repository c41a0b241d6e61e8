#pragma once
// A VTK 2-D chart hosted in a Qt 6 window: a QOpenGLWidget that drives a vtkGenericOpenGLRenderWindow (VTK renders
// into its own framebuffer during paintGL, which is then blitted into the widget's). Debian's VTK Qt module is
// Qt 5, so this replaces QVTKOpenGLNativeWidget (architecture.md lists the pitfalls handled here: context made
// current only when it is not, interactor timers bridged to QTimer, alpha forced to 1, mouse events forwarded
// with flipped y scaled by the device pixel ratio).

#include <QColor>
#include <QOpenGLWidget>
#include <QString>
#include <cstdint>
#include <memory>
#include <vector>

class vtkChartXY;

namespace topospike::gui {

struct ChartSeries {
    QString name;                 ///< legend text (empty: not in the legend)
    std::vector<double> x, y;     ///< same length
    QColor color = QColor(31, 119, 180);
    bool dashed = false;
    bool points = false;          ///< markers as well as the line
    bool line = true;             ///< false: markers only (a scatter)
    double width = 2.0;
};

/// A raster: one row per unit, a mark at each timestep it fired.
struct RasterData {
    std::vector<std::vector<std::uint8_t>> rows;  ///< rows × T, nonzero = spike
    std::vector<QString> rowLabels;               ///< optional, e.g. distance to the pinned unit
    int highlightRow = -1;                        ///< drawn in the accent colour (the pinned unit)
};

class ChartView : public QOpenGLWidget {
    Q_OBJECT
public:
    explicit ChartView(QWidget* parent = nullptr);
    ~ChartView() override;

    /// Line chart. An empty `series` shows `emptyText` centred instead.
    void setLines(const QString& title, const QString& xLabel, const QString& yLabel,
                  const std::vector<ChartSeries>& series, const QString& emptyText = {});
    /// Spike raster (x: timestep, y: row).
    void setRaster(const QString& title, const RasterData& raster, const QString& emptyText = {});
    void clear(const QString& emptyText);
    /// Fixes the x axis to [lo, hi] until the next setLines / setRaster / clear (which return to automatic).
    void setXRange(double lo, double hi);
    /// Names the x positions 0, 1, … of the chart now shown (categories); the next set…/clear forgets them.
    void setXTickLabels(const std::vector<QString>& labels);

    /// Number of plotted series (raster: rows) — for tests.
    int seriesCount() const noexcept;
    QString title() const;
    /// The text shown instead of a chart (empty while data is shown) — for tests.
    QString emptyText() const;
    /// The VTK chart (axes, plots), e.g. for tests or figure export.
    vtkChartXY* chart() const noexcept;

signals:
    void rendered();  ///< a VTK frame was blitted into the widget

protected:
    void initializeGL() override;
    void resizeGL(int w, int h) override;
    void paintGL() override;
    void mousePressEvent(QMouseEvent* e) override;
    void mouseReleaseEvent(QMouseEvent* e) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void wheelEvent(QWheelEvent* e) override;

private:
    struct Impl;
    std::unique_ptr<Impl> d_;
};

}  // namespace topospike::gui
