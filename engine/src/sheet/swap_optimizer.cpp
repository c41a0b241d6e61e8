// TDANN's swap pre-optimisation with an O(Q) step (see topospike/sheet/swap_optimizer.hpp).

#include "topospike/sheet/swap_optimizer.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "correlation.hpp"
#include "location_grid.hpp"
#include "sampling.hpp"
#include "swap_loss.hpp"
#include "topospike/error.hpp"
#include "topospike/sheet/neighborhoods.hpp"

namespace topospike::sheet {
namespace {

constexpr std::uint64_t kEvaluationStream = std::uint64_t{1} << 63;
constexpr std::uint64_t kRecomputeStream = kEvaluationStream + 1;
constexpr std::size_t kMaxBatch = 64;  // neighborhoods run together at most (fixed: results never depend on it)

struct Square {
    double x = 0, y = 0;  // lower-left corner; the square is [x, x + w] × [y, y + w]
};

struct Extent {
    double xmin = 0, xmax = 0, ymin = 0, ymax = 0;
};

Extent extentOf(std::span<const double> xy) {
    Extent e{xy[0], xy[0], xy[1], xy[1]};
    for (std::size_t i = 0; i + 1 < xy.size(); i += 2) {
        e.xmin = std::min(e.xmin, xy[i]);
        e.xmax = std::max(e.xmax, xy[i]);
        e.ymin = std::min(e.ymin, xy[i + 1]);
        e.ymax = std::max(e.ymax, xy[i + 1]);
    }
    return e;
}

Square drawSquare(Rng& rng, const Extent& e, double w) {
    Square s;
    s.x = rng.uniform(e.xmin, e.xmax - w);
    s.y = rng.uniform(e.ymin, e.ymax - w);
    return s;
}

/// Squares that no point can lie in both of (apart by more than w on some axis).
bool disjoint(const Square& a, const Square& b, double w) {
    return std::abs(a.x - b.x) > w || std::abs(a.y - b.y) > w;
}

void check(const analysis::ResponseMatrix& r, const io::LayerPositions& layer, const SwapParams& p, double w) {
    const std::string what = "swap optimisation of layer '" + layer.name + "': ";
    if (r.units != layer.units())
        throw Error(what + "the responses have " + std::to_string(r.units) + " units but the positions have " +
                    std::to_string(layer.units()));
    const auto dimsText = [](const std::vector<std::int64_t>& d) {
        std::string t;
        for (const std::int64_t v : d) {
            if (!t.empty()) t += 'x';
            t += std::to_string(v);
        }
        return t;
    };
    if (r.unitDims.size() > 1 && layer.dims.size() > 1 && r.unitDims != layer.dims)
        throw Error(what + "the responses are " + dimsText(r.unitDims) + " but the positions are " +
                    dimsText(layer.dims) + " (units must be in the same C, H, W order)");
    if (r.images < 2) throw Error(what + "needs responses to at least 2 images");
    if (static_cast<std::int64_t>(r.values.size()) != r.images * r.units)
        throw Error(what + "the response matrix is inconsistent");
    if (p.stepsPerNeighborhood < 1) throw Error(what + "steps per neighborhood must be at least 1");
    if (p.steps < p.stepsPerNeighborhood)
        throw Error(what + "the total steps (" + std::to_string(p.steps) +
                    ") must be at least the steps per neighborhood (" + std::to_string(p.stepsPerNeighborhood) + ")");
    if (p.minUnits < 2) throw Error(what + "the minimum units per neighborhood must be at least 2");
    if (p.maxUnits < p.minUnits) throw Error(what + "the maximum units per neighborhood is below the minimum");
    if (p.lossNeighborhoods < 0 || p.recomputedNeighborhoods < 0)
        throw Error(what + "neighborhood counts must not be negative");
    if (!std::isfinite(w) || w <= 0) throw Error(what + "the neighborhood width must be a positive number of mm");
    if (layer.units() < 2) throw Error(what + "the layer has fewer than 2 units");
    const Extent e = extentOf(layer.coordinates);
    if (w > e.xmax - e.xmin || w > e.ymax - e.ymin)
        throw Error(what + "the neighborhood width (" + std::to_string(w) +
                    " mm) is larger than the sheet's range in x or y, as TDANN requires it not to be");
}

/// Where every unit sits: a permutation of the layer's original coordinates ("locations").
struct Placement {
    std::vector<std::int64_t> locationOf;  // unit -> location
    std::vector<std::int64_t> unitAt;      // location -> unit
};

/// Units at the locations inside square s, ascending; subsampled to maxUnits with `rng` (then ascending).
std::vector<std::int64_t> neighborhoodUnits(const detail::LocationGrid& grid, const Placement& place, const Square& s,
                                            double w, std::int64_t maxUnits, Rng& rng, bool* subsampled) {
    std::vector<std::int64_t> units;
    grid.forEachIn(s.x, s.x + w, s.y, s.y + w,
                   [&](std::int64_t loc) { units.push_back(place.unitAt[static_cast<std::size_t>(loc)]); });
    std::sort(units.begin(), units.end());
    *subsampled = static_cast<std::int64_t>(units.size()) > maxUnits;
    if (*subsampled) {
        detail::sampleInPlace(units, maxUnits, rng);
        std::sort(units.begin(), units.end());
    }
    return units;
}

struct Scratch {
    std::vector<double> corr, z, acc, recip, pos;
    std::vector<std::int64_t> loc;
    std::vector<unsigned char> corrConst, recipConst;
};

struct NeighborhoodOutcome {
    bool skipped = false, subsampled = false;
    std::int64_t accepted = 0;
};

/// One neighborhood: TDANN's swap_optimize_positions on its units, written back into `place`.
NeighborhoodOutcome optimiseNeighborhood(const detail::StandardisedResponses& responses,
                                         const detail::LocationGrid& grid, std::span<const double> locations,
                                         Placement& place, const Square& s, double w, const SwapParams& p, Rng rng,
                                         Scratch& sc, bool parallelCorrelation) {
    NeighborhoodOutcome out;
    const std::vector<std::int64_t> units = neighborhoodUnits(grid, place, s, w, p.maxUnits, rng, &out.subsampled);
    const auto q = static_cast<std::int64_t>(units.size());
    if (q < p.minUnits) {
        out.skipped = true;
        return out;
    }
    responses.correlations(units, sc.corr, sc.z, sc.acc, parallelCorrelation);
    sc.loc.resize(static_cast<std::size_t>(q));
    sc.pos.resize(static_cast<std::size_t>(2 * q));
    for (std::int64_t k = 0; k < q; ++k) {
        const std::int64_t loc = place.locationOf[static_cast<std::size_t>(units[static_cast<std::size_t>(k)])];
        sc.loc[static_cast<std::size_t>(k)] = loc;
        sc.pos[static_cast<std::size_t>(2 * k)] = locations[static_cast<std::size_t>(2 * loc)];
        sc.pos[static_cast<std::size_t>(2 * k + 1)] = locations[static_cast<std::size_t>(2 * loc + 1)];
    }
    detail::SwapLoss loss(sc.corr.data(), sc.pos.data(), q, sc.recip, sc.corrConst, sc.recipConst);
    for (std::int64_t step = 0; step < p.stepsPerNeighborhood; ++step) {
        const auto [i, j] = detail::samplePair(q, rng);
        if (loss.swapLowersLoss(i, j)) {
            loss.swap(i, j);
            std::swap(sc.loc[static_cast<std::size_t>(i)], sc.loc[static_cast<std::size_t>(j)]);
            ++out.accepted;
        }
    }
    for (std::int64_t k = 0; k < q; ++k) {
        const std::int64_t u = units[static_cast<std::size_t>(k)], loc = sc.loc[static_cast<std::size_t>(k)];
        place.locationOf[static_cast<std::size_t>(u)] = loc;
        place.unitAt[static_cast<std::size_t>(loc)] = u;
    }
    return out;
}

/// The evaluation: mean TDANN neighborhood loss over fixed squares of locations (see SwapResult).
std::vector<std::vector<std::int64_t>> evaluationSquares(const detail::LocationGrid& grid, const Extent& e, double w,
                                                         const SwapParams& p) {
    Rng rng = Rng(p.seed).stream(kEvaluationStream);
    std::vector<std::vector<std::int64_t>> squares;
    for (std::int64_t t = 0; t < p.lossNeighborhoods; ++t) {
        const Square s = drawSquare(rng, e, w);
        std::vector<std::int64_t> locs = grid.pointsIn(s.x, s.x + w, s.y, s.y + w);
        if (static_cast<std::int64_t>(locs.size()) > p.maxUnits) detail::sampleInPlace(locs, p.maxUnits, rng);
        std::sort(locs.begin(), locs.end());
        squares.push_back(std::move(locs));
    }
    return squares;
}

std::vector<double> squareLosses(const detail::StandardisedResponses& responses, std::span<const double> locations,
                                 const std::vector<std::vector<std::int64_t>>& squares, const Placement& place) {
    std::vector<double> losses(squares.size(), std::numeric_limits<double>::quiet_NaN());
    tbb::enumerable_thread_specific<Scratch> scratch;
    tbb::parallel_for(std::size_t{0}, squares.size(), [&](std::size_t t) {
        Scratch& sc = scratch.local();
        std::vector<std::int64_t> units, locs;
        for (const std::int64_t loc : squares[t]) {
            const std::int64_t u = place.unitAt[static_cast<std::size_t>(loc)];
            if (!responses.varies(u)) continue;
            units.push_back(u);
            locs.push_back(loc);
        }
        if (units.size() < 3) return;
        responses.correlations(units, sc.corr, sc.z, sc.acc, false);
        losses[t] = detail::neighborhoodLoss(sc.corr, locations, locs);
    });
    return losses;
}

}  // namespace

SwapResult swapOptimize(const analysis::ResponseMatrix& responses, const io::LayerPositions& layer,
                        const SwapParams& params, const StepProgressFn& progress, const CancelToken* cancel) {
    const double w = params.neighborhoodWidth.value_or(layer.neighborhoodWidth);
    check(responses, layer, params, w);
    if (cancel) cancel->check();

    SwapResult result;
    result.params = params;
    result.neighborhoodWidth = w;
    const std::span<const double> locations = layer.coordinates;
    const std::int64_t n = layer.units();
    const Extent extent = extentOf(locations);
    const detail::LocationGrid grid(locations, w / 8);
    Placement place;
    place.locationOf.resize(static_cast<std::size_t>(n));
    place.unitAt.resize(static_cast<std::size_t>(n));
    for (std::int64_t u = 0; u < n; ++u) place.locationOf[static_cast<std::size_t>(u)] = place.unitAt[static_cast<std::size_t>(u)] = u;

    tbb::task_arena arena(params.threads > 0 ? params.threads : tbb::task_arena::automatic);
    const detail::StandardisedResponses standardised = arena.execute([&] { return detail::StandardisedResponses(responses); });

    const auto evalSquares = evaluationSquares(grid, extent, w, params);
    const auto meanLoss = [&](const std::vector<double>& a, const std::vector<double>& b, std::int64_t* counted) {
        double sum = 0;
        std::int64_t k = 0;
        for (std::size_t t = 0; t < a.size(); ++t)
            if (std::isfinite(a[t]) && std::isfinite(b[t])) {
                sum += a[t];
                ++k;
            }
        if (counted) *counted = k;
        return k ? sum / static_cast<double>(k) : std::numeric_limits<double>::quiet_NaN();
    };
    const std::vector<double> before = arena.execute([&] { return squareLosses(standardised, locations, evalSquares, place); });

    // The squares depend only on the sheet's extent, which swaps never change, so they can be drawn ahead of the
    // swaps: `ahead` holds squares t0, t0 + 1, … (up to one batch) drawn in order from squareRng.
    const std::int64_t total = (params.steps + params.stepsPerNeighborhood - 1) / params.stepsPerNeighborhood;
    result.neighborhoodsTotal = total;
    Rng squareRng(params.seed);
    const Rng streams(params.seed);
    std::vector<Square> ahead;

    tbb::enumerable_thread_specific<Scratch> scratch;
    std::vector<NeighborhoodOutcome> outcomes;
    const auto start = std::chrono::steady_clock::now();
    for (std::int64_t t0 = 0; t0 < total;) {
        if (cancel) cancel->check();
        while (static_cast<std::int64_t>(ahead.size()) < std::min<std::int64_t>(kMaxBatch, total - t0))
            ahead.push_back(drawSquare(squareRng, extent, w));
        std::size_t batch = 1;  // consecutive squares pairwise disjoint
        while (batch < ahead.size()) {
            bool ok = true;
            for (std::size_t k = 0; k < batch && ok; ++k) ok = disjoint(ahead[k], ahead[batch], w);
            if (!ok) break;
            ++batch;
        }
        const std::int64_t t1 = t0 + static_cast<std::int64_t>(batch);
        outcomes.assign(batch, {});
        const auto run = [&](std::int64_t t, bool parallelCorrelation) {
            if (cancel) cancel->check();
            outcomes[static_cast<std::size_t>(t - t0)] =
                optimiseNeighborhood(standardised, grid, locations, place, ahead[static_cast<std::size_t>(t - t0)], w,
                                     params, streams.stream(static_cast<std::uint64_t>(t)), scratch.local(),
                                     parallelCorrelation);
        };
        arena.execute([&] {
            if (t1 - t0 == 1)
                run(t0, true);
            else
                tbb::parallel_for(t0, t1, [&](std::int64_t t) { run(t, false); });
        });
        for (const NeighborhoodOutcome& o : outcomes) {
            if (o.skipped) {
                ++result.neighborhoodsSkipped;
                continue;
            }
            ++result.neighborhoodsVisited;
            result.neighborhoodsSubsampled += o.subsampled;
            result.acceptedSwaps += o.accepted;
        }
        ahead.erase(ahead.begin(), ahead.begin() + static_cast<std::ptrdiff_t>(batch));
        t0 = t1;
        if (progress) progress(t0, total);
    }
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.attemptedSwaps = result.neighborhoodsVisited * params.stepsPerNeighborhood;
    result.stepsPerSecond = result.seconds > 0 ? static_cast<double>(result.attemptedSwaps) / result.seconds : 0.0;

    const std::vector<double> after = arena.execute([&] { return squareLosses(standardised, locations, evalSquares, place); });
    result.lossBefore = meanLoss(before, after, &result.lossSquares);
    result.lossAfter = meanLoss(after, before, nullptr);

    io::LayerPositions& out = result.positions;
    out = layer;
    for (std::int64_t u = 0; u < n; ++u) {
        const std::int64_t loc = place.locationOf[static_cast<std::size_t>(u)];
        out.coordinates[static_cast<std::size_t>(2 * u)] = locations[static_cast<std::size_t>(2 * loc)];
        out.coordinates[static_cast<std::size_t>(2 * u + 1)] = locations[static_cast<std::size_t>(2 * loc + 1)];
    }
    if (cancel) cancel->check();
    const double hoodWidth = layer.neighborhoodWidth > 0 ? layer.neighborhoodWidth : w;
    Rng recompute = Rng(params.seed).stream(kRecomputeStream);
    Neighborhoods hoods = arena.execute(
        [&] { return makeNeighborhoods(out.coordinates, hoodWidth, params.recomputedNeighborhoods, recompute); });
    out.neighborhoodCount = hoods.count;
    out.neighborhoodSize = hoods.size;
    out.neighborhoodIndices = std::move(hoods.indices);
    out.neighborhoodWidth = hoodWidth;
    return result;
}

}  // namespace topospike::sheet
