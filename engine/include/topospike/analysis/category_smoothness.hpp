#pragma once
/// @file category_smoothness.hpp
/// Category "smoothness": how |Δt| between two units grows with their cortical distance (tdsnn-reference §5.6,
/// Fig. 4b,c; TDANN spacetorch maps/it_map.py ITMap.category_smoothness and notebook F03).
///
/// TDANN, per contrast: 25 samples; each draws 500 distinct units from ALL units and keeps those whose mean
/// response (over the non-scrambled images) is > 0.5; every pair's |t_i − t_j| against its distance, pairs with
/// distance ≤ 60 mm, binned by linspace(0, 60, 10) (9 bins); the chance curves shuffle the kept distances.
/// Smoothness per curve is (max − first) / max after cutting at the first NaN (smoothness.hpp), averaged over
/// samples. The generic machinery is differenceOverDistance() (smoothness.hpp) with Difference::Absolute.
///
/// The mean-response cut: TDANN's 0.5 is in the units of its ReLU activations. Spiking firing rates (spikes
/// per timestep, 0–1) are on another scale, where 0.5 keeps only units firing on every other timestep or more;
/// choose `minResponse` for the response scale at hand (the result reports how many units pass).

#include <cstdint>
#include <span>

#include "topospike/analysis/smoothness.hpp"
#include "topospike/progress.hpp"

namespace topospike::analysis {

struct CategorySmoothnessParams {
    int samples = 25;              ///< TDANN F03: 25
    int unitsPerSample = 500;      ///< TDANN sample_size = 500
    double minResponse = 0.5;      ///< keep drawn units with mean response > this (TDANN: 0.5, ReLU units)
    double cutoff = 60.0;          ///< mm (TDANN distance_cutoff = 60; TDSNN's Fig. 4b spans 0–20 mm)
    int binEdges = 10;             ///< linspace(0, cutoff, binEdges): 9 bins
    std::uint64_t seed = 0;

    /// The generic parameters these stand for (chance shuffles after the cutoff, as ITMap does).
    SmoothnessParams generic() const;
};

/// One contrast's category smoothness. `t` and `meanResponse` have one value per unit, `coordinates` is N × 2
/// (mm). Throws std::invalid_argument for inconsistent sizes or parameters.
SmoothnessResult categorySmoothness(std::span<const double> t, std::span<const double> meanResponse,
                                    std::span<const double> coordinates, const CategorySmoothnessParams& params,
                                    const CancelToken* cancel = nullptr);

/// Units whose mean response passes the cut (mean > minResponse; NaN fails).
std::int64_t unitsAboveMinResponse(std::span<const double> meanResponse, double minResponse);

}  // namespace topospike::analysis
