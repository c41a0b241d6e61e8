#pragma once
/// @file retinotopic.hpp
/// TDANN's retinotopic initialisation of a layer's cortical sheet (spacetorch
/// `scripts/save_retinotopic_positions.py` with `utils/spatial_utils.place_conv(offset_pattern="random")`,
/// `jitter_positions(jitter=0.3)` and the neighborhoods of neighborhoods.hpp). These are the "unoptimised"
/// positions; the swap pre-optimisation (swap_optimizer.hpp) starts from them.
///
/// For a layer with dims (C, H, W) on a square sheet of side S mm:
/// 1. RF overlap ov (default min(0.1 · 56 / W, 1): 0.1 at W = 56, doubling each time the feature map
///    halves, as TDANN's get_placement_configs does with the first ResNet-18 layer's width 56).
/// 2. RF width rf = S / (W − W·ov + ov), radius r = rf / 2; RF centres linspace(r, S − r, W).
///    The anchor of grid position (h, w) is (x = centre[w], y = centre[h]).
/// 3. Every unit (c, h, w) sits at its anchor plus an offset uniform in [−r, r) on each axis, drawn per anchor
///    for channels 0..C−1, x then y.
/// 4. Jitter: add N(0, jitter²) noise to every coordinate, then per axis divide by (jittered range / original
///    range) and shift so the minimum equals the original minimum: the sheet keeps its extent.
/// 5. Neighborhoods: makeNeighborhoods() with the area's neighborhood width, 20,000 windows.
/// Unit order is TDANN's: u = c·H·W + h·W + w; coordinates are (x, y) in mm, y growing with h.
///
/// H ≠ W: TDANN assumes square feature maps (it uses W for both axes). Here the RF width comes from the longer
/// side n = max(H, W), S / (n − n·ov + ov), and both axes use the same centre spacing, so units are spread
/// isotropically: the sheet is S mm along the longer axis and proportionally shorter along the other.
/// For H == W this is exactly TDANN's placement.
///
/// Randomness: TDANN's jitter and neighborhoods are unseeded; here every draw comes from
/// Rng(layerSeed(seed, layer name)), in the order offsets, jitter noise (unit by unit, x then y),
/// neighborhoods. The same seed and name give the same positions whatever other layers are initialised.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "topospike/io/positions.hpp"
#include "topospike/model/architecture.hpp"
#include "topospike/sheet/areas.hpp"
#include "topospike/sheet/neighborhoods.hpp"

namespace topospike::sheet {

/// Parameters of one layer's retinotopic placement. Defaults are TDANN's for V1.
struct RetinotopicParams {
    double tissueMm = 36.75;        ///< side of the square sheet, mm (TDANN: the area's size)
    double neighborhoodMm = 1.626;  ///< side of the neighborhood windows, mm (TDANN: the area's width)
    /// RF overlap in [0, 1]; when unset, defaultRfOverlap(W, referenceWidth).
    std::optional<double> rfOverlap;
    /// Width of the first topographic layer, from which TDANN scales the overlap (56 for ResNet-18 at 224 px).
    std::int64_t referenceWidth = 56;
    double jitterMm = 0.3;              ///< sd of the jitter noise, mm (TDANN 0.3; 0 = no jitter)
    std::int64_t neighborhoods = 20000; ///< windows drawn (TDANN 20,000)
    NeighborhoodTrim trim;              ///< TDANN's 5th-percentile trim, sizes 25..500
    std::uint64_t seed = 0;             ///< the user's seed (mixed with the layer name, see layerSeed())
    std::string area;                   ///< label stored with the positions ("V1", ...); may be empty

    /// TDANN's sheet and neighborhood size for `area`, with the other defaults.
    static RetinotopicParams forArea(Area area, std::uint64_t seed = 0);
};

/// TDANN's RF overlap: min(0.1 · referenceWidth / width, 1). Throws std::invalid_argument for width < 1.
double defaultRfOverlap(std::int64_t width, std::int64_t referenceWidth = 56);

/// The RF grid of a layer (steps 1–2 of the file comment).
struct RfGrid {
    double overlap = 0;          ///< RF overlap used
    double rfWidth = 0;          ///< mm
    double radius = 0;           ///< rfWidth / 2, mm: offsets are drawn in [−radius, radius)
    std::vector<double> xCentres;  ///< W values: the x of grid column w
    std::vector<double> yCentres;  ///< H values: the y of grid row h
};

/// The RF grid for an H × W feature map on a sheet of side `tissueMm` (x centres are NumPy's
/// linspace(r, S − r, W) for H <= W). Throws std::invalid_argument for H, W < 1, overlap outside [0, 1] or a
/// non-positive tissue size.
RfGrid rfGrid(std::int64_t height, std::int64_t width, double tissueMm, double overlap);

/// The seed of a layer's generator: the user's seed mixed with a hash (FNV-1a) of the layer name.
std::uint64_t layerSeed(std::uint64_t seed, std::string_view layer) noexcept;

/// Retinotopic positions of one layer with dims {C, H, W} (see the file comment). The result's source says
/// "retinotopic initialisation (unoptimised), seed S"; its area is params.area. Deterministic from
/// (params.seed, name). Throws std::invalid_argument for dims that are not three positive extents, more than
/// 2^31 units, or invalid parameters.
io::LayerPositions initRetinotopic(const std::string& layerName, const std::vector<std::int64_t>& dims,
                                   const RetinotopicParams& params);

/// Retinotopic positions for every layer of a network, e.g. from Architecture::topographicLayers(input size).
/// Each layer is placed in areaForLayer(name)'s sheet; the RF overlap reference is the first layer's width
/// (TDANN's rule), so pass the layers in network order starting with layer1.0. Format "generated".
io::PositionSet initNetworkPositions(std::span<const model::LayerShape> layers, std::uint64_t seed);

}  // namespace topospike::sheet
