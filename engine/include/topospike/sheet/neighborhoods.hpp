#pragma once
/// @file neighborhoods.hpp
/// TDANN's neighborhoods: random square windows of the cortical sheet, trimmed to a common size
/// (spacetorch `utils/spatial_utils.py`: `precompute_neighborhoods` then `collapse_and_trim_neighborhoods`
/// with keep_fraction 0.95, min_nb_size 25, keep_limit 500, as `scripts/save_retinotopic_positions.py` and
/// `swapopt.Swapper` call them).
///
/// 1. Draw `count` window centres, x uniform in [min x + w/2, max x − w/2), then y likewise (all x first, as
///    TDANN draws them); window t holds the units with |x − cx| <= w/2 and |y − cy| <= w/2 (inclusive).
/// 2. Target size Q = min(max(int(p), minSize), maxSize), p = the (1 − keepFraction)·100-th percentile of the
///    window sizes with SciPy's `scoreatpercentile` interpolation (see trimSize()).
/// 3. Windows with fewer than Q units are dropped; each kept window keeps Q of its units drawn at random
///    without replacement, in draw order. Kept windows stay in draw order.
/// A layer where no window reaches Q (e.g. a small layer whose windows all hold fewer than 25 units) gets no
/// neighborhoods (count 0, size 0) — TDANN raises an error there.
///
/// Random draws use topospike::Rng, not NumPy's generator: the neighborhoods agree with TDANN's in
/// distribution (sizes, counts), not draw for draw.

#include <cstdint>
#include <span>
#include <vector>

#include "topospike/random.hpp"

namespace topospike::sheet {

/// TDANN's trim rule parameters (collapse_and_trim_neighborhoods as TDANN calls it).
struct NeighborhoodTrim {
    double keepFraction = 0.95;  ///< windows below the (1 − keepFraction) percentile of sizes are dropped
    std::int64_t minSize = 25;   ///< TDANN's min_nb_size
    std::int64_t maxSize = 500;  ///< TDANN's keep_limit
};

/// Neighborhoods of one layer: `count` rows of `size` unit indices.
struct Neighborhoods {
    std::int64_t count = 0;
    std::int64_t size = 0;
    std::vector<std::int64_t> indices;      ///< count × size, row-major
    std::vector<std::int64_t> windowSizes;  ///< size of every drawn window before trimming, in draw order
};

/// SciPy's `scoreatpercentile(sizes, (1 − keepFraction)·100)` (linear interpolation between the sorted
/// neighbours, interpolation_method 'fraction'), truncated to an integer as TDANN's int() does, then
/// clamped: min(max(that, minSize), maxSize). 0 for no sizes. Throws std::invalid_argument unless
/// 0 < keepFraction <= 1 and 0 <= minSize, 1 <= maxSize.
std::int64_t trimSize(std::span<const std::int64_t> sizes, const NeighborhoodTrim& trim = {});

/// Units whose coordinates lie in [xlo, xhi] × [ylo, yhi] (inclusive), ascending. `coordinates`: N × 2
/// (x, y) row-major, mm.
std::vector<std::int64_t> unitsInWindow(std::span<const double> coordinates, double xlo, double xhi, double ylo,
                                        double yhi);

/// TDANN's neighborhoods of a layer (see the file comment): `count` windows of side `width` mm (TDANN:
/// 20,000 windows of the area's neighborhood width). Uses `rng` for the centres and one further draw that
/// seeds the per-window subsampling (window t uses that seed's stream(t), so the result does not depend on the
/// thread count). Throws std::invalid_argument for a non-positive or non-finite width or a negative count.
Neighborhoods makeNeighborhoods(std::span<const double> coordinates, double width, std::int64_t count, Rng& rng,
                                const NeighborhoodTrim& trim = {});

}  // namespace topospike::sheet
