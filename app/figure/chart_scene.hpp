#pragma once
// Chart figures in the map figures' style: tuning curves of one unit, spike entropy per timestep, smoothness
// curves against chance, a spike raster of a unit and its neighbours. The numbers are the engine's analyses as a
// map set holds them (common/map_set.hpp) or the live run's record, so a chart shows what the GUI's inspector shows.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/map_set.hpp"
#include "common/open_model.hpp"
#include "figure/figure.hpp"
#include "topospike/progress.hpp"
#include "topospike/run/layer_record.hpp"
#include "topospike/run/simulator.hpp"

namespace topospike::figure {

enum class FigureKind { Map, Tuning, Entropy, Smoothness, Raster, Correlation };

/// "map", "tuning", "entropy", "smoothness", "raster", "correlation" (case-insensitive), or nullopt.
std::optional<FigureKind> parseFigureKind(const std::string& text);
/// Every kind's name, in the order above ("map|tuning|…" for help and errors).
std::string figureKindNames();

struct ChartRequest {
    FigureKind kind = FigureKind::Tuning;
    std::vector<std::string> layers;  ///< panel (or, for entropy, series) order; empty: every topographic layer
    std::int64_t unit = 0;            ///< tuning and raster: the unit (index into the layer)
    int neighbours = 12;              ///< raster rows besides the unit
};

/// Adds the chart panels of `request` to `figure`: tuning — an orientation and a spatial-frequency panel per
/// layer; entropy — one panel, one series per layer; smoothness — a panel per layer, orientation / sf / colour
/// curves with their chance curves dashed; raster — a panel per layer. `maps` (tuning, entropy, smoothness) or
/// `live` (raster) must hold the data; otherwise, and for unknown layers or units, std::invalid_argument says what.
void addChartPanels(Figure& figure, const app::OpenModel& model, const app::MapSet* maps,
                    const run::ImageResult* live, const ChartRequest& request);

/// Building blocks of the chart kinds: the positions of a topographic layer (std::invalid_argument naming the known
/// layers otherwise), and an empty chart panel with its titles.
const io::LayerPositions& chartLayerPositions(const app::OpenModel& model, const std::string& name);
ChartPanel chartPanel(QString title, QString xLabel, QString yLabel);

/// Correlation against distance (TDANN Fig. 3d), a panel per layer of `request.layers` (empty: all): the engine's
/// correlationOverDistance of the units' spike counts over TDANN's gratings, run here with `run` (a map set keeps
/// no responses). Mean over windows with its SEM band. Throws std::invalid_argument for unknown layers; Cancelled.
void addCorrelationPanels(Figure& figure, const app::OpenModel& model, const run::RunOptions& run,
                          const ChartRequest& request, const StepProgressFn& progress = {},
                          const CancelToken* cancel = nullptr);

}  // namespace topospike::figure
