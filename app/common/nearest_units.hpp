#pragma once
// Units nearest to one unit on the cortical sheet: the rows of a spike raster around a unit (GUI inspector and
// `topospike-cli figure --kind raster`).

#include <cstdint>
#include <span>
#include <vector>

namespace topospike::app {

/// Indices of the `count` units nearest to `unit` (the unit itself first, even with coincident units), nearest
/// first. `xy`: N × 2 positions, x then y. Empty when `unit` is outside [0, N) or `count` ≤ 0.
template <typename Real>
std::vector<std::int64_t> nearestUnits(std::span<const Real> xy, std::int64_t unit, int count);

}  // namespace topospike::app
