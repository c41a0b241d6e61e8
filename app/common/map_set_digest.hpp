#pragma once
// Engine analysis results → LayerMaps fields (internal to the map-set code): conversions and copies only, no science.

#include "common/map_set.hpp"
#include "topospike/analysis/entropy.hpp"
#include "topospike/analysis/it_analysis.hpp"
#include "topospike/analysis/responses.hpp"
#include "topospike/analysis/v1_analysis.hpp"

namespace topospike::app {

/// Levels, normalised tuning curves, preferences, selectivity, peak-to-peak and smoothness curves.
void addGratingMaps(LayerMaps& maps, const analysis::V1Analysis& v1);
/// One t-map per contrast, in the analysis' order.
void addCategoryMaps(LayerMaps& maps, const analysis::ItResult& it);
/// Spiking runs: firing probabilities, entropies and the fraction of units firing per timestep.
void addActivity(LayerMaps& maps, const analysis::LayerEntropy& entropy);
/// ANN runs: mean activation per unit and of the layer (T = 1); no entropy.
void addActivity(LayerMaps& maps, const analysis::ResponseMatrix& activations);

}  // namespace topospike::app
