#pragma once
// Gathers what the inspector shows about one unit or one layer from the open model, the live frame and the
// analysed maps. Pure functions: no widgets, so tests can check the numbers.

#include <cstdint>
#include <vector>

#include "common/map_set.hpp"
#include "gui/inspector_panel.hpp"
#include "gui/sheet_canvas.hpp"
#include "topospike/run/layer_record.hpp"

namespace topospike::gui {

/// Indices of the `count` units nearest to `unit` on the sheet (the unit itself first), nearest first.
std::vector<std::int64_t> nearestUnits(const SheetLayer& layer, std::int64_t unit, int count);

struct InspectionSources {
    const SheetLayer* layer = nullptr;
    const app::LayerMaps* gratings = nullptr;
    const app::LayerMaps* categories = nullptr;
    const std::vector<std::string>* contrasts = nullptr;  ///< names of categories->tValues
    const run::LayerRecord* live = nullptr;
    double threshold = 1.0;
    int neighbours = 12;  ///< raster rows besides the unit
};

UnitInspection inspectUnit(const InspectionSources& sources, std::int64_t unit, const QString& valueText);
LayerInspection inspectLayer(const InspectionSources& sources);

}  // namespace topospike::gui
