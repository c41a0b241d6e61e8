#pragma once
// The inspector: the pinned unit's identity, position and values; its orientation and SF tuning curves, its spike
// raster (with its nearest sheet neighbours) and membrane trace for the current stimulus, its t-values; and per
// layer, entropy and population rate vs timestep and the smoothness curves. Charts are VTK (chart_view.hpp).
// The panel only displays: the main window fills UnitInspection / LayerInspection from engine results.

#include <QString>
#include <QWidget>
#include <cstdint>
#include <utility>
#include <vector>

#include "common/map_set.hpp"
#include "gui/chart_view.hpp"

class QLabel;
class QTabWidget;

namespace topospike::gui {

struct UnitInspection {
    QString layer;
    std::int64_t unit = -1;
    int c = 0, h = 0, w = 0;
    double xMm = 0, yMm = 0;
    QString valueText;  ///< the current colour mode's value, "132.5°"

    // Tuning (empty without grating maps).
    std::vector<double> orientationLevels, orientationCurve;  ///< deg, normalised response
    std::vector<double> sfLevels, sfCurve;                    ///< cycles/degree
    double preferredOrientation = 0, orientationSelectivity = 0, preferredSf = 0;

    // Current stimulus (empty before the first run).
    RasterData raster;                         ///< the unit and its nearest neighbours, nearest first
    std::vector<double> membrane, spikes;      ///< per timestep
    double threshold = 1.0;

    // Category t-values (empty without category maps).
    std::vector<std::pair<QString, double>> tValues;
};

struct LayerInspection {
    QString layer;
    std::vector<double> entropyPerTimestep;     ///< analysed set, bits
    std::vector<double> ratePerTimestep;        ///< current stimulus
    std::vector<double> setRatePerTimestep;     ///< analysed set
    app::CurveData orientationSmoothness, sfSmoothness, colorSmoothness;
};

class InspectorPanel : public QWidget {
    Q_OBJECT
public:
    explicit InspectorPanel(QWidget* parent = nullptr);
    void showUnit(const UnitInspection& unit);
    void clearUnit();
    void showLayer(const LayerInspection& layer);
    const UnitInspection& unit() const noexcept { return unit_; }

    /// The charts, for tests: "orientation", "sf", "raster", "membrane", "tvalues", "entropy", "rate", "smoothness".
    ChartView* chart(const QString& name) const;

private:
    UnitInspection unit_;
    QLabel* header_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    std::vector<std::pair<QString, ChartView*>> charts_;
};

}  // namespace topospike::gui
