#pragma once
// From what the user sees to a figure: map panels of chosen layers of an open model, coloured as the sheet view
// colours them (common/color_modes.hpp), so the GUI's export and `topospike-cli figure` draw the same numbers.

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "common/color_modes.hpp"
#include "common/map_set.hpp"
#include "common/open_model.hpp"
#include "figure/figure.hpp"
#include "topospike/run/layer_record.hpp"

namespace topospike::figure {

struct MapFigureRequest {
    std::vector<std::string> layers;          ///< in panel order; empty: every topographic layer
    app::ColorRequest color;
    double vThreshold = 1.0;                  ///< membrane mode's range
    std::optional<std::array<double, 4>> zoomPercent;
    bool colorbar = true, scaleBar = true;
    double scaleBarMm = 0.0, pointSizeMm = 0.0;
    bool panelTitles = true;                  ///< "layer2.0"
};

/// Adds one map panel per requested layer to `figure`. `gratings`, `categories` (maps) and `live` (the current
/// stimulus's result) may be null; a layer whose mode has no data is refused with std::invalid_argument carrying
/// the mode's "missing" message (a figure never shows an empty map silently). Unknown layers are refused too.
void addMapPanels(Figure& figure, const app::OpenModel& model, const app::MapSet* gratings,
                  const app::MapSet* categories, const run::ImageResult* live, const MapFigureRequest& request);

}  // namespace topospike::figure
