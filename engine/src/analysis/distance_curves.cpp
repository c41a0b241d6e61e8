#include "topospike/analysis/distance_curves.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <tbb/parallel_for.h>

#include "map_numerics.hpp"
#include "unit_major.hpp"

namespace topospike::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// What one window contributes.
struct WindowSums {
    std::vector<double> sum;
    std::vector<std::int64_t> count;
    std::int64_t pairs = 0, nanPairs = 0, nearPairs = 0, farPairs = 0;
    double nearSum = 0.0, farSum = 0.0;
};

double pairDistance(std::span<const double> c, std::int64_t a, std::int64_t b) {
    const double dx = c[2 * a] - c[2 * b], dy = c[2 * a + 1] - c[2 * b + 1];
    return std::sqrt(dx * dx + dy * dy);
}

WindowSums binWindow(std::span<const double> c, const SheetWindow& w, const PairFeatures& f,
                     const std::vector<double>& edges, const DistanceBinning& binning) {
    const std::size_t bins = edges.size() - 1;
    WindowSums s;
    s.sum.assign(bins, 0.0);
    s.count.assign(bins, 0);
    forEachPair(f, [&](std::int64_t i, std::int64_t j, double v) {
        if (std::isnan(v)) {
            ++s.nanPairs;
            return;
        }
        ++s.pairs;
        const double d = pairDistance(c, w.units[static_cast<std::size_t>(i)], w.units[static_cast<std::size_t>(j)]);
        const auto it = std::upper_bound(edges.begin(), edges.end(), d);
        if (it != edges.begin() && it != edges.end()) {
            const auto b = static_cast<std::size_t>(it - edges.begin() - 1);
            s.sum[b] += v;
            ++s.count[b];
        }
        if (d < binning.nearMm) {
            s.nearSum += v;
            ++s.nearPairs;
        }
        if (d >= binning.farMm) {
            s.farSum += v;
            ++s.farPairs;
        }
    });
    return s;
}

/// TDANN's edges from one window: histogram_bin_edges of its valid pair distances; false if it has none.
bool edgesFromWindow(std::span<const double> c, const SheetWindow& w, const PairFeatures& f, std::int64_t bins,
                     std::vector<double>& edges) {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    forEachPair(f, [&](std::int64_t i, std::int64_t j, double v) {
        if (std::isnan(v)) return;
        const double d = pairDistance(c, w.units[static_cast<std::size_t>(i)], w.units[static_cast<std::size_t>(j)]);
        lo = std::min(lo, d);
        hi = std::max(hi, d);
    });
    if (lo > hi) return false;
    edges = detail::histogramBinEdges(lo, hi, static_cast<int>(bins));
    return true;
}

}  // namespace

DistanceCurve pairwiseOverDistance(std::span<const double> c, const std::vector<SheetWindow>& windows,
                                   const PairFeatureFn& features, const DistanceBinning& binning,
                                   const CancelToken* cancel, const StepProgressFn& progress) {
    if (c.size() % 2 != 0) throw std::invalid_argument("distance curve: coordinates must be N x 2");
    if (windows.empty()) throw std::invalid_argument("distance curve: no window holds 2 or more units");
    DistanceCurve out;
    out.binning = binning;
    const auto total = static_cast<std::int64_t>(windows.size());
    std::vector<double> edges = binning.edges;
    if (!edges.empty()) {
        if (edges.size() < 2 || !std::is_sorted(edges.begin(), edges.end()) ||
            std::adjacent_find(edges.begin(), edges.end()) != edges.end() ||
            !std::all_of(edges.begin(), edges.end(), [](double e) { return std::isfinite(e); }))
            throw std::invalid_argument("distance curve: bin edges must be at least 2 finite, strictly increasing values");
    } else {
        if (binning.bins < 1) throw std::invalid_argument("distance curve: need at least 1 bin");
        bool found = false;
        for (const SheetWindow& w : windows) {
            if (cancel) cancel->check();
            if ((found = edgesFromWindow(c, w, features(w.units), binning.bins, edges))) break;
        }
        if (!found) throw std::invalid_argument("distance curve: every pair value is NaN (constant responses?)");
    }
    const std::size_t bins = edges.size() - 1;

    std::vector<WindowSums> sums(windows.size());
    const std::int64_t chunk = 64;
    for (std::int64_t start = 0; start < total; start += chunk) {
        const std::int64_t stop = std::min(total, start + chunk);
        tbb::parallel_for(start, stop, [&](std::int64_t k) {
            if (cancel) cancel->check();
            const SheetWindow& w = windows[static_cast<std::size_t>(k)];
            sums[static_cast<std::size_t>(k)] = binWindow(c, w, features(w.units), edges, binning);
        });
        if (cancel) cancel->check();
        if (progress) progress(stop, total);
    }

    out.edges = edges;
    out.windows = total;
    const double width = edges[1] - edges[0];
    for (std::size_t b = 0; b < bins; ++b) out.centers.push_back(edges[b] + width / 2);
    out.profiles.assign(windows.size() * bins, kNaN);
    out.pairsPerBin.assign(bins, 0);
    double nearSum = 0, farSum = 0;
    for (std::size_t k = 0; k < windows.size(); ++k) {
        const WindowSums& s = sums[k];
        for (std::size_t b = 0; b < bins; ++b) {
            if (s.count[b] > 0) out.profiles[k * bins + b] = s.sum[b] / static_cast<double>(s.count[b]);
            out.pairsPerBin[b] += s.count[b];
        }
        out.pairs += s.pairs;
        out.nanPairs += s.nanPairs;
        out.nearPairs += s.nearPairs;
        out.farPairs += s.farPairs;
        nearSum += s.nearSum;
        farSum += s.farSum;
    }
    out.nearMean = out.nearPairs ? nearSum / static_cast<double>(out.nearPairs) : kNaN;
    out.farMean = out.farPairs ? farSum / static_cast<double>(out.farPairs) : kNaN;

    for (std::size_t b = 0; b < bins; ++b) {
        double all = 0, sum = 0;
        std::int64_t n = 0;
        for (std::size_t k = 0; k < windows.size(); ++k) {
            const double v = out.profiles[k * bins + b];
            all += v;
            if (!std::isnan(v)) {
                sum += v;
                ++n;
            }
        }
        out.mean.push_back(all / static_cast<double>(total));
        out.windowsPerBin.push_back(n);
        const double m = n ? sum / static_cast<double>(n) : kNaN;
        double ss = 0;
        for (std::size_t k = 0; k < windows.size(); ++k) {
            const double v = out.profiles[k * bins + b];
            if (!std::isnan(v)) ss += (v - m) * (v - m);
        }
        out.nanMean.push_back(m);
        out.sem.push_back(n ? std::sqrt(ss / static_cast<double>(n)) / std::sqrt(static_cast<double>(total)) : kNaN);
        out.ci95.push_back(n >= 2 ? detail::studentT975(n - 1) * std::sqrt(ss / static_cast<double>(n - 1)) /
                                        std::sqrt(static_cast<double>(n))
                                  : kNaN);
    }
    return out;
}

DistanceCurve correlationOverDistance(const ResponseMatrix& responses, std::span<const double> coordinates,
                                      const WindowParams& windowParams, const DistanceBinning& binning,
                                      const CancelToken* cancel, const StepProgressFn& progress) {
    if (static_cast<std::int64_t>(coordinates.size() / 2) != responses.units || coordinates.size() % 2 != 0)
        throw std::invalid_argument("correlation vs distance: " + std::to_string(coordinates.size() / 2) +
                                    " positions for " + std::to_string(responses.units) + " units");
    if (responses.images < 2) throw std::invalid_argument("correlation vs distance: need at least 2 stimuli");
    const std::vector<SheetWindow> windows = adjacentWindows(coordinates, windowParams);
    // unit-major copy: each unit's responses contiguous, instead of one read per image row
    const std::vector<float> byUnit = detail::unitMajor(responses.values.data(), responses.images, responses.units);
    const std::int64_t images = responses.images;
    return pairwiseOverDistance(
        coordinates, windows,
        [&](std::span<const std::int64_t> units) {
            Eigen::MatrixXd observations(images, static_cast<Eigen::Index>(units.size()));
            for (std::size_t i = 0; i < units.size(); ++i)
                for (std::int64_t img = 0; img < images; ++img)
                    observations(img, static_cast<Eigen::Index>(i)) = byUnit[static_cast<std::size_t>(units[i] * images + img)];
            return correlationFeatures(observations);
        },
        binning, cancel, progress);
}

}  // namespace topospike::analysis
