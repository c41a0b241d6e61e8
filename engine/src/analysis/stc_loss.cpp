#include "topospike/analysis/stc_loss.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <tbb/parallel_for.h>

#include "topospike/analysis/sheet_windows.hpp"

namespace topospike::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Firing rates over trials of `units`: rows = trials, columns = units.
Eigen::MatrixXd rateObservations(const SpikeTensor& s, std::span<const std::int64_t> units) {
    Eigen::MatrixXd r = Eigen::MatrixXd::Zero(s.images, static_cast<Eigen::Index>(units.size()));
    for (std::int64_t b = 0; b < s.images; ++b)
        for (std::int64_t t = 0; t < s.timesteps; ++t) {
            const std::uint8_t* row = s.values.data() + (b * s.timesteps + t) * s.units;
            for (std::size_t i = 0; i < units.size(); ++i) r(b, static_cast<Eigen::Index>(i)) += row[units[i]] != 0;
        }
    return r / static_cast<double>(s.timesteps);
}

double meanOfFinite(const std::vector<StcCluster>& cs, double StcCluster::*field, std::int64_t& n) {
    double sum = 0;
    n = 0;
    for (const auto& c : cs)
        if (std::isfinite(c.*field)) {
            sum += c.*field;
            ++n;
        }
    return n ? sum / static_cast<double>(n) : kNaN;
}

}  // namespace

double spatialAlignmentLoss(std::span<const double> values, std::span<const double> distances) {
    std::vector<double> inv(distances.size());
    std::transform(distances.begin(), distances.end(), inv.begin(), [](double d) { return 1.0 / (d + 1.0); });
    return (1.0 - pearson(values, inv)) / 2.0;
}

std::pair<double, double> stcClusterLosses(const SpikeTensor& s, std::span<const double> c,
                                           std::span<const std::int64_t> units, const CcgParams& ccg) {
    for (const std::int64_t u : units)
        if (u < 0 || static_cast<std::size_t>(2 * u + 1) >= c.size() || u >= s.units)
            throw std::invalid_argument("STC loss: unit index out of range");
    const Eigen::MatrixXd r = pairMatrix(correlationFeatures(rateObservations(s, units)));
    const Eigen::MatrixXd sync = rccgMatrix(s, units, ccg);
    std::vector<double> rv, sv, dv;
    const auto n = static_cast<Eigen::Index>(units.size());
    for (Eigen::Index i = 1; i < n; ++i)
        for (Eigen::Index j = 0; j < i; ++j) {
            const double ri = r(i, j);
            rv.push_back(std::isnan(ri) ? 0.0 : ri);
            sv.push_back(sync(i, j));
            const double dx = c[2 * units[i]] - c[2 * units[j]], dy = c[2 * units[i] + 1] - c[2 * units[j] + 1];
            dv.push_back(std::sqrt(dx * dx + dy * dy));
        }
    return {spatialAlignmentLoss(rv, dv), spatialAlignmentLoss(sv, dv)};
}

StcResult stcLosses(const SpikeTensor& s, const io::LayerPositions& pos, const StcParams& p, const CancelToken* cancel) {
    checkSpikeCounts(s, p.ccg.counts);
    if (pos.units() != s.units)
        throw std::invalid_argument("STC loss: " + std::to_string(pos.units()) + " positions for " +
                                    std::to_string(s.units) + " units");
    if (p.clusters < 1) throw std::invalid_argument("STC loss: need at least 1 cluster");
    if (p.minUnits < 2 || p.maxUnits < p.minUnits)
        throw std::invalid_argument("STC loss: need 2 <= minUnits <= maxUnits");
    StcResult out;
    out.params = p;
    out.maxLag = resolveMaxLag(p.ccg, s.timesteps);
    const std::span<const double> c = pos.coordinates;
    Rng rng(p.seed);
    if (p.source == ClusterSource::StoredNeighborhoods) {
        if (pos.neighborhoodCount < 1 || pos.neighborhoodSize < 2)
            throw std::invalid_argument("STC loss: layer '" + pos.name + "' has no stored neighborhoods");
        out.width = pos.neighborhoodWidth;
        const std::int64_t m = std::min(p.clusters, pos.neighborhoodCount);
        for (const std::int64_t row : rng.sample(pos.neighborhoodCount, m)) {
            StcCluster cl{{}, kNaN, kNaN, kNaN, kNaN, 0, 0};
            const auto* first = pos.neighborhoodIndices.data() + row * pos.neighborhoodSize;
            cl.units.assign(first, first + pos.neighborhoodSize);
            std::sort(cl.units.begin(), cl.units.end());
            cl.units.erase(std::unique(cl.units.begin(), cl.units.end()), cl.units.end());
            out.clusters.push_back(std::move(cl));
        }
    } else {
        out.width = p.width > 0.0 ? p.width : pos.neighborhoodWidth;
        if (!(out.width > 0.0))
            throw std::invalid_argument("STC loss: layer '" + pos.name + "' has no neighborhood width; give a square side");
        for (std::int64_t k = 0; k < p.clusters; ++k) {
            SheetWindow w;
            int draws = 0;
            do {
                if (++draws > 1000)
                    throw std::invalid_argument("STC loss: no square of side " + std::to_string(out.width) +
                                                " mm holds " + std::to_string(p.minUnits) + " units");
                w = randomSquare(c, out.width, rng);
            } while (static_cast<std::int64_t>(w.units.size()) < p.minUnits);
            if (static_cast<std::int64_t>(w.units.size()) > p.maxUnits) {
                std::vector<std::int64_t> kept;
                for (const std::int64_t i : rng.sample(static_cast<std::int64_t>(w.units.size()), p.maxUnits))
                    kept.push_back(w.units[static_cast<std::size_t>(i)]);
                std::sort(kept.begin(), kept.end());
                w.units = std::move(kept);
            }
            out.clusters.push_back({std::move(w.units), w.x0, w.x1, w.y0, w.y1, 0, 0});
        }
    }
    tbb::parallel_for(std::size_t{0}, out.clusters.size(), [&](std::size_t k) {
        if (cancel) cancel->check();
        auto& cl = out.clusters[k];
        std::tie(cl.longLoss, cl.shortLoss) = stcClusterLosses(s, c, cl.units, p.ccg);
    });
    if (cancel) cancel->check();
    out.meanLong = meanOfFinite(out.clusters, &StcCluster::longLoss, out.validLong);
    out.meanShort = meanOfFinite(out.clusters, &StcCluster::shortLoss, out.validShort);
    return out;
}

}  // namespace topospike::analysis
