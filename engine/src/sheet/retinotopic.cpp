// TDANN's retinotopic placement (see topospike/sheet/retinotopic.hpp).

#include "topospike/sheet/retinotopic.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace topospike::sheet {
namespace {

/// numpy.linspace(start, stop, num) value for value: i·step + start with step = (stop − start)/(num − 1),
/// the last value exactly `stop` (and i/div·delta + start when the step is 0).
std::vector<double> linspace(double start, double stop, std::int64_t num) {
    std::vector<double> y(static_cast<std::size_t>(num));
    if (num == 1) {
        y[0] = start;
        return y;
    }
    const double div = static_cast<double>(num - 1);
    const double delta = stop - start;
    const double step = delta / div;
    for (std::int64_t i = 0; i < num; ++i)
        y[static_cast<std::size_t>(i)] =
            step == 0.0 ? static_cast<double>(i) / div * delta + start : static_cast<double>(i) * step + start;
    y.back() = stop;
    return y;
}

/// `count` centres starting at r with the spacing of `reference` (the longer axis's centres).
std::vector<double> sameSpacing(const std::vector<double>& reference, std::int64_t count) {
    if (static_cast<std::size_t>(count) == reference.size()) return reference;
    std::vector<double> y(static_cast<std::size_t>(count));
    const double step = reference.size() > 1 ? reference[1] - reference[0] : 0.0;
    for (std::int64_t i = 0; i < count; ++i) y[static_cast<std::size_t>(i)] = reference[0] + static_cast<double>(i) * step;
    return y;
}

/// Step 4: jitter and rescale to the original range (TDANN's jitter_positions), axis by axis.
void jitter(std::vector<double>& xy, double sd, Rng& rng) {
    if (sd == 0.0 || xy.empty()) return;
    std::vector<double> noisy(xy.size());
    for (std::size_t i = 0; i < xy.size(); ++i) noisy[i] = xy[i] + rng.normal() * sd;
    for (std::size_t axis = 0; axis < 2; ++axis) {
        double lo = xy[axis], hi = lo, nlo = noisy[axis], nhi = nlo;
        for (std::size_t i = axis; i < xy.size(); i += 2) {
            lo = std::min(lo, xy[i]);
            hi = std::max(hi, xy[i]);
            nlo = std::min(nlo, noisy[i]);
            nhi = std::max(nhi, noisy[i]);
        }
        if (!(hi > lo) || !(nhi > nlo)) continue;  // one column or row of units: nothing to rescale to
        const double ratio = (nhi - nlo) / (hi - lo);
        double slo = std::numeric_limits<double>::infinity();
        for (std::size_t i = axis; i < xy.size(); i += 2) slo = std::min(slo, noisy[i] / ratio);
        for (std::size_t i = axis; i < xy.size(); i += 2) xy[i] = noisy[i] / ratio - slo + lo;
    }
}

void checkParams(const RetinotopicParams& p) {
    if (!std::isfinite(p.tissueMm) || p.tissueMm <= 0) throw std::invalid_argument("tissue size must be > 0 mm");
    if (!std::isfinite(p.neighborhoodMm) || p.neighborhoodMm <= 0)
        throw std::invalid_argument("neighborhood width must be > 0 mm");
    if (!std::isfinite(p.jitterMm) || p.jitterMm < 0) throw std::invalid_argument("jitter must be >= 0 mm");
    if (p.neighborhoods < 0) throw std::invalid_argument("neighborhood count must not be negative");
    if (p.referenceWidth < 1) throw std::invalid_argument("reference width must be >= 1");
}

}  // namespace

RetinotopicParams RetinotopicParams::forArea(Area area, std::uint64_t seed) {
    RetinotopicParams p;
    const AreaSpec& spec = areaSpec(area);
    p.tissueMm = spec.tissueMm;
    p.neighborhoodMm = spec.neighborhoodMm;
    p.seed = seed;
    p.area = std::string(spec.name);
    return p;
}

double defaultRfOverlap(std::int64_t width, std::int64_t referenceWidth) {
    if (width < 1 || referenceWidth < 1) throw std::invalid_argument("RF overlap: widths must be >= 1");
    return std::min(0.1 * (static_cast<double>(referenceWidth) / static_cast<double>(width)), 1.0);
}

RfGrid rfGrid(std::int64_t height, std::int64_t width, double tissueMm, double overlap) {
    if (height < 1 || width < 1) throw std::invalid_argument("RF grid: H and W must be >= 1");
    if (!(overlap >= 0.0 && overlap <= 1.0)) throw std::invalid_argument("RF overlap must be in [0, 1]");
    if (!std::isfinite(tissueMm) || tissueMm <= 0) throw std::invalid_argument("tissue size must be > 0 mm");
    const std::int64_t n = std::max(height, width);
    const double nd = static_cast<double>(n);
    RfGrid g;
    g.overlap = overlap;
    g.rfWidth = tissueMm / (nd - nd * overlap + overlap);
    g.radius = g.rfWidth / 2.0;
    const std::vector<double> longer = linspace(g.radius, tissueMm - g.radius, n);
    g.xCentres = sameSpacing(longer, width);
    g.yCentres = sameSpacing(longer, height);
    return g;
}

std::uint64_t layerSeed(std::uint64_t seed, std::string_view layer) noexcept {
    std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a 64
    for (const char c : layer) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ull;
    }
    return seed ^ h;
}

io::LayerPositions initRetinotopic(const std::string& layerName, const std::vector<std::int64_t>& dims,
                                   const RetinotopicParams& params) {
    if (dims.size() != 3 || dims[0] < 1 || dims[1] < 1 || dims[2] < 1)
        throw std::invalid_argument("layer '" + layerName + "': dims must be three positive extents C, H, W");
    const std::int64_t c = dims[0], h = dims[1], w = dims[2];
    if (c > (std::int64_t{1} << 31) / h / w)
        throw std::invalid_argument("layer '" + layerName + "': more than 2^31 units");
    checkParams(params);
    const double overlap = params.rfOverlap.value_or(defaultRfOverlap(w, params.referenceWidth));
    const RfGrid grid = rfGrid(h, w, params.tissueMm, overlap);

    Rng rng(layerSeed(params.seed, layerName));
    const std::int64_t anchors = h * w;
    std::vector<double> xy(static_cast<std::size_t>(2 * c * anchors));
    for (std::int64_t a = 0; a < anchors; ++a) {
        const double ax = grid.xCentres[static_cast<std::size_t>(a % w)];
        const double ay = grid.yCentres[static_cast<std::size_t>(a / w)];
        for (std::int64_t ch = 0; ch < c; ++ch) {
            const auto u = static_cast<std::size_t>(ch * anchors + a);
            xy[2 * u] = ax + rng.uniform(-grid.radius, grid.radius);
            xy[2 * u + 1] = ay + rng.uniform(-grid.radius, grid.radius);
        }
    }
    jitter(xy, params.jitterMm, rng);
    Neighborhoods hoods = makeNeighborhoods(xy, params.neighborhoodMm, params.neighborhoods, rng, params.trim);

    io::LayerPositions l;
    l.name = layerName;
    l.dims = dims;
    l.coordinates = std::move(xy);
    l.neighborhoodCount = hoods.count;
    l.neighborhoodSize = hoods.size;
    l.neighborhoodIndices = std::move(hoods.indices);
    l.neighborhoodWidth = params.neighborhoodMm;
    l.area = params.area;
    l.source = "retinotopic initialisation (unoptimised), seed " + std::to_string(params.seed);
    return l;
}

io::PositionSet initNetworkPositions(std::span<const model::LayerShape> layers, std::uint64_t seed) {
    io::PositionSet set;
    set.format = "generated";
    if (layers.empty()) return set;
    const std::int64_t reference = layers.front().width;
    for (const model::LayerShape& shape : layers) {
        RetinotopicParams p = RetinotopicParams::forArea(areaForLayer(shape.name).area, seed);
        p.referenceWidth = reference;
        set.layers.push_back(initRetinotopic(shape.name, {shape.channels, shape.height, shape.width}, p));
    }
    io::sortLayersInNetworkOrder(set.layers);
    return set;
}

}  // namespace topospike::sheet
