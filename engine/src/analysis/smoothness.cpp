#include "topospike/analysis/smoothness.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "topospike/analysis/statistics.hpp"

namespace topospike::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Per-bin sums with Neumaier compensation and counts.
struct BinAccumulator {
    std::vector<double> sum, compensation;
    std::vector<std::int64_t> count;
    explicit BinAccumulator(std::size_t bins) : sum(bins, 0.0), compensation(bins, 0.0), count(bins, 0) {}
    void add(std::size_t bin, double v) {
        double& s = sum[bin];
        const double t = s + v;
        compensation[bin] += std::fabs(s) >= std::fabs(v) ? (s - t) + v : (v - t) + s;
        s = t;
        ++count[bin];
    }
    std::vector<double> means() const {
        std::vector<double> m(sum.size(), kNaN);
        for (std::size_t b = 0; b < sum.size(); ++b)
            if (count[b] > 0) m[b] = (sum[b] + compensation[b]) / static_cast<double>(count[b]);
        return m;
    }
};

// Maps a distance to its bin [e_k, e_{k+1}), or -1 when it lies outside [e_0, e_last).
struct Binner {
    std::span<const double> edges;
    double step;
    explicit Binner(std::span<const double> e)
        : edges(e), step((e.back() - e.front()) / static_cast<double>(e.size() - 1)) {}
    int operator()(double d) const {
        const int bins = static_cast<int>(edges.size()) - 1;
        if (!(d >= edges.front()) || !(d < edges.back())) return -1;
        int k = step > 0.0 ? static_cast<int>((d - edges.front()) / step) : 0;
        k = std::clamp(k, 0, bins - 1);
        while (k > 0 && d < edges[static_cast<std::size_t>(k)]) --k;
        while (k < bins - 1 && d >= edges[static_cast<std::size_t>(k) + 1]) ++k;
        return k;
    }
};

double pairDifference(double a, double b, Difference kind) {
    double d = std::fabs(a - b);
    if (kind == Difference::Orientation180 && d >= 90.0) d = 180.0 - d;
    return d;
}

double pairDistance(std::span<const double> xy, std::int64_t i, std::int64_t j) {
    const double dx = xy[static_cast<std::size_t>(2 * i)] - xy[static_cast<std::size_t>(2 * j)];
    const double dy = xy[static_cast<std::size_t>(2 * i + 1)] - xy[static_cast<std::size_t>(2 * j + 1)];
    return std::sqrt(dx * dx + dy * dy);
}

void checkEdges(std::span<const double> binEdges) {
    if (binEdges.size() < 2) throw std::invalid_argument("smoothness: at least two bin edges are needed");
}

}  // namespace

double SmoothnessParams::maxDistanceForHypercolumn(double hypercolumnWidth) {
    const double analysisWidth = hypercolumnWidth * (4.0 / 3.0);
    return std::sqrt(2.0 * (analysisWidth * analysisWidth)) / 2.0;
}

std::vector<double> distanceBinEdges(double maxDistance, int count) {
    if (count < 2) throw std::invalid_argument("smoothness: at least two bin edges are needed");
    std::vector<double> e(static_cast<std::size_t>(count));
    const double step = maxDistance / static_cast<double>(count - 1);
    for (int i = 0; i < count; ++i) e[static_cast<std::size_t>(i)] = static_cast<double>(i) * step;
    e.back() = maxDistance;
    return e;
}

double smoothnessScore(std::span<const double> curve) {
    std::size_t n = 0;
    while (n < curve.size() && !std::isnan(curve[n])) ++n;
    if (n == 0) return kNaN;
    const auto [mn, mx] = std::minmax_element(curve.begin(), curve.begin() + static_cast<std::ptrdiff_t>(n));
    if (*mx - *mn == 0.0) return 1.0;
    return (*mx - curve[0]) / *mx;
}

std::vector<double> differenceCurve(std::span<const double> values, std::span<const double> coordinates,
                                    std::span<const std::int64_t> units, Difference difference,
                                    std::span<const double> binEdges, double maxDistance) {
    checkEdges(binEdges);
    const Binner binOf(binEdges);
    BinAccumulator acc(binEdges.size() - 1);
    const std::size_t k = units.size();
    for (std::size_t a = 1; a < k; ++a) {
        const std::int64_t i = units[a];
        const double vi = values[static_cast<std::size_t>(i)];
        for (std::size_t b = 0; b < a; ++b) {
            const std::int64_t j = units[b];
            const double d = pairDistance(coordinates, i, j);
            if (!(d <= maxDistance)) continue;
            const int bin = binOf(d);
            if (bin < 0) continue;
            const double diff = pairDifference(vi, values[static_cast<std::size_t>(j)], difference);
            if (!std::isnan(diff)) acc.add(static_cast<std::size_t>(bin), diff);
        }
    }
    return acc.means();
}

std::vector<double> shuffledDifferenceCurve(std::span<const double> values, std::span<const double> coordinates,
                                            std::span<const std::int64_t> units, Difference difference,
                                            std::span<const double> binEdges, double maxDistance,
                                            bool shuffleAfterCutoff, Rng& rng) {
    checkEdges(binEdges);
    const Binner binOf(binEdges);
    const std::size_t k = units.size();
    const std::size_t pairs = k < 2 ? 0 : k * (k - 1) / 2;
    std::vector<double> dist, diff;
    dist.reserve(pairs);
    diff.reserve(pairs);
    for (std::size_t a = 1; a < k; ++a) {
        const std::int64_t i = units[a];
        for (std::size_t b = 0; b < a; ++b) {
            const std::int64_t j = units[b];
            const double d = pairDistance(coordinates, i, j);
            if (shuffleAfterCutoff && !(d <= maxDistance)) continue;
            dist.push_back(d);
            diff.push_back(pairDifference(values[static_cast<std::size_t>(i)], values[static_cast<std::size_t>(j)], difference));
        }
    }
    rng.shuffle(std::span<double>(dist));
    BinAccumulator acc(binEdges.size() - 1);
    for (std::size_t p = 0; p < dist.size(); ++p) {
        if (!(dist[p] <= maxDistance) || std::isnan(diff[p])) continue;
        const int bin = binOf(dist[p]);
        if (bin >= 0) acc.add(static_cast<std::size_t>(bin), diff[p]);
    }
    return acc.means();
}

SmoothnessResult differenceOverDistance(std::span<const double> values, std::span<const double> coordinates,
                                        std::span<const std::int64_t> pool, Difference difference,
                                        const SmoothnessParams& params, std::span<const std::uint8_t> keepAfterDraw,
                                        const CancelToken* cancel) {
    const std::size_t units = values.size();
    if (coordinates.size() != 2 * units)
        throw std::invalid_argument("smoothness: coordinates must be N x 2 for the N values");
    if (!keepAfterDraw.empty() && keepAfterDraw.size() != units)
        throw std::invalid_argument("smoothness: keepAfterDraw must have one flag per unit");
    if (params.samples < 1 || params.chanceShuffles < 0 || params.unitsPerSample < 2 || params.binEdges < 2 ||
        !(params.maxDistance > 0.0) || !std::isfinite(params.maxDistance))
        throw std::invalid_argument("smoothness: need samples >= 1, chance samples >= 0, units per sample >= 2, "
                                    "bin edges >= 2 and a positive finite maximum distance");
    for (std::int64_t u : pool)
        if (u < 0 || static_cast<std::size_t>(u) >= units) throw std::invalid_argument("smoothness: pool index out of range");

    SmoothnessResult r;
    r.params = params;
    r.binEdges = distanceBinEdges(params.maxDistance, params.binEdges);
    const std::size_t bins = r.binEdges.size() - 1;
    const double width = r.binEdges[1] - r.binEdges[0];
    for (std::size_t b = 0; b < bins; ++b) r.binMidpoints.push_back(r.binEdges[b + 1] - width / 2.0);
    r.poolSize = static_cast<std::int64_t>(pool.size());
    r.drawnPerSample = std::min<std::int64_t>(params.unitsPerSample, r.poolSize);
    r.curves.assign(static_cast<std::size_t>(params.samples), {});
    r.chanceCurves.assign(static_cast<std::size_t>(params.chanceShuffles), {});

    const Rng base(params.seed);
    auto drawUnits = [&](Rng& rng) {
        std::vector<std::int64_t> chosen;
        for (std::int64_t idx : rng.sample(r.poolSize, r.drawnPerSample)) {
            const std::int64_t u = pool[static_cast<std::size_t>(idx)];
            if (keepAfterDraw.empty() || keepAfterDraw[static_cast<std::size_t>(u)] != 0) chosen.push_back(u);
        }
        return chosen;
    };
    const int tasks = params.samples + params.chanceShuffles;
    tbb::parallel_for(tbb::blocked_range<int>(0, tasks, 1), [&](const tbb::blocked_range<int>& range) {
        for (int t = range.begin(); t != range.end(); ++t) {
            if (cancel && cancel->cancelled()) return;
            if (t < params.samples) {
                Rng rng = base.stream(2 * static_cast<std::uint64_t>(t));
                const auto chosen = drawUnits(rng);
                r.curves[static_cast<std::size_t>(t)] =
                    differenceCurve(values, coordinates, chosen, difference, r.binEdges, params.maxDistance);
            } else {
                const int s = t - params.samples;
                Rng rng = base.stream(2 * static_cast<std::uint64_t>(s) + 1);
                const auto chosen = drawUnits(rng);
                r.chanceCurves[static_cast<std::size_t>(s)] = shuffledDifferenceCurve(
                    values, coordinates, chosen, difference, r.binEdges, params.maxDistance, params.shuffleAfterCutoff, rng);
            }
        }
    });
    if (cancel) cancel->check();

    auto binMeans = [&](const std::vector<std::vector<double>>& curves) {
        std::vector<double> out(bins, kNaN), column(curves.size());
        for (std::size_t b = 0; b < bins; ++b) {
            for (std::size_t s = 0; s < curves.size(); ++s) column[s] = curves[s][b];
            out[b] = nanMean(column);
        }
        return out;
    };
    r.meanCurve = binMeans(r.curves);
    r.chanceCurve = binMeans(r.chanceCurves);
    std::vector<double> allChance;
    for (const auto& c : r.chanceCurves) allChance.insert(allChance.end(), c.begin(), c.end());
    r.chanceMean = nanMean(allChance);
    for (double m : r.meanCurve) r.normalizedMeanCurve.push_back(m / r.chanceMean);
    for (const auto& c : r.curves) r.perSample.push_back(smoothnessScore(c));
    r.smoothness = nanMean(r.perSample);
    return r;
}

}  // namespace topospike::analysis
