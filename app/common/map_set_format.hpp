#pragma once
// The map-set .npz layout shared by saveMapSet and loadMapSet (internal): the meta tag and version, and one table
// row per per-layer array, so the writer and the reader cannot drift apart. Array names are "<layer>/<field>".

#include <string>
#include <vector>

#include "common/map_set.hpp"

namespace topospike::app {

inline constexpr const char* kMapSetFormat = "topospike-maps";
inline constexpr int kMapSetVersion = 1;
/// Bumped when what computeMapSet computes changes (analysis parameters, digests), so cached sets are rebuilt.
inline constexpr int kMapSetAnalysesVersion = 1;

/// float32 [units] arrays.
struct UnitField {
    const char* name;
    std::vector<float> LayerMaps::*member;
    bool grating;  ///< part of the grating maps, which are present together or not at all
};
inline const UnitField kUnitFields[] = {
    {"orientation_deg", &LayerMaps::orientationDeg, true},
    {"orientation_selectivity", &LayerMaps::orientationSelectivity, true},
    {"orientation_ptp", &LayerMaps::orientationPtp, true},
    {"sf_cpd", &LayerMaps::sfCpd, true},
    {"sf_ptp", &LayerMaps::sfPtp, true},
    {"color_preference", &LayerMaps::colorPreference, true},
    {"color_ptp", &LayerMaps::colorPtp, true},
    {"mean_rate", &LayerMaps::meanRate, false},
    {"entropy", &LayerMaps::entropy, false},
};

/// float64 [levels] arrays and their float32 [units, levels] tuning curves (grating group).
struct TuningField {
    const char* levelsName;
    std::vector<double> LayerMaps::*levels;
    const char* tuningName;
    std::vector<float> LayerMaps::*tuning;
};
inline const TuningField kTuningFields[] = {
    {"orientation_levels", &LayerMaps::orientationLevels, "orientation_tuning", &LayerMaps::orientationTuning},
    {"sf_levels", &LayerMaps::sfLevels, "sf_tuning", &LayerMaps::sfTuning},
    {"color_levels", &LayerMaps::colorLevels, "color_tuning", &LayerMaps::colorTuning},
};

/// float64 [3, bins] smoothness curves (grating group); their scores are "smoothness_scores" [3] in this order.
struct CurveField {
    const char* name;
    CurveData LayerMaps::*member;
};
inline const CurveField kCurveFields[] = {
    {"smoothness_orientation", &LayerMaps::orientationSmoothness},
    {"smoothness_sf", &LayerMaps::sfSmoothness},
    {"smoothness_color", &LayerMaps::colorSmoothness},
};
inline constexpr const char* kSmoothnessScores = "smoothness_scores";

/// float64 [T] arrays (activity group).
struct TimestepField {
    const char* name;
    std::vector<double> LayerMaps::*member;
};
inline const TimestepField kTimestepFields[] = {
    {"entropy_per_timestep", &LayerMaps::entropyPerTimestep},
    {"rate_per_timestep", &LayerMaps::ratePerTimestep},
};

/// float32 [contrasts, units].
inline constexpr const char* kTValues = "t_values";

/// What is wrong with `maps` as a map set (sizes that disagree with the layer's units, T or the contrasts, a
/// grating group half present, bad layer names), or empty when nothing is.
std::string mapSetProblem(const MapSet& maps);

}  // namespace topospike::app
