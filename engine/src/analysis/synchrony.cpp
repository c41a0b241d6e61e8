#include "topospike/analysis/synchrony.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

#include "unit_major.hpp"

namespace topospike::analysis {
namespace {

/// [units × B·T] spike matrix (clipped to 0/1), column b·T + t. `unitMajor` (optional) is the tensor as
/// [unit][b·T + t] (detail::unitMajor), read contiguously instead of one byte per image row.
Eigen::MatrixXd spikeMatrix(const SpikeTensor& s, std::span<const std::int64_t> units,
                            const std::vector<std::uint8_t>* unitMajor = nullptr) {
    const std::int64_t cols = s.images * s.timesteps;
    Eigen::MatrixXd x(static_cast<Eigen::Index>(units.size()), cols);
    for (const std::int64_t u : units)
        if (u < 0 || u >= s.units) throw std::invalid_argument("CCG: unit index " + std::to_string(u) + " out of range");
    if (unitMajor) {
        for (std::size_t i = 0; i < units.size(); ++i) {
            const std::uint8_t* row = unitMajor->data() + units[i] * cols;
            for (std::int64_t r = 0; r < cols; ++r) x(static_cast<Eigen::Index>(i), r) = row[r] != 0 ? 1.0 : 0.0;
        }
        return x;
    }
    for (std::int64_t r = 0; r < cols; ++r) {
        const std::uint8_t* row = s.values.data() + r * s.units;
        for (std::size_t i = 0; i < units.size(); ++i) x(static_cast<Eigen::Index>(i), r) = row[units[i]] != 0 ? 1.0 : 0.0;
    }
    return x;
}

/// x·(I_B ⊗ K): each trial's T columns filtered by the lag band K (see the header).
Eigen::MatrixXd lagFiltered(const Eigen::MatrixXd& x, std::int64_t images, std::int64_t tn, std::int64_t w) {
    Eigen::MatrixXd k = Eigen::MatrixXd::Zero(tn, tn);
    for (std::int64_t t = 0; t < tn; ++t)
        for (std::int64_t u = std::max<std::int64_t>(0, t - w); u <= std::min(tn - 1, t + w); ++u)
            k(t, u) = 1.0 / (static_cast<double>(images) * static_cast<double>(tn - std::abs(u - t)));
    Eigen::MatrixXd y(x.rows(), x.cols());
    for (std::int64_t b = 0; b < images; ++b) y.middleCols(b * tn, tn).noalias() = x.middleCols(b * tn, tn) * k;
    return y;
}

void checkTensor(const SpikeTensor& s) {
    if (s.images <= 0 || s.timesteps <= 0 || s.units <= 0 ||
        s.values.size() != static_cast<std::size_t>(s.images * s.timesteps * s.units))
        throw std::invalid_argument("CCG: inconsistent or empty spike tensor");
}

}  // namespace

std::int64_t defaultMaxLag(std::int64_t timesteps) noexcept {
    return std::min(std::max<std::int64_t>(1, timesteps / 2 - 1), std::max<std::int64_t>(0, timesteps - 1));
}

std::int64_t resolveMaxLag(const CcgParams& p, std::int64_t timesteps) {
    const std::int64_t w = p.maxLag < 0 ? defaultMaxLag(timesteps) : p.maxLag;
    if (w > timesteps - 1)
        throw std::invalid_argument("CCG: lag window " + std::to_string(w) + " needs more than T = " +
                                    std::to_string(timesteps) + " timesteps (W <= T - 1)");
    return w;
}

namespace {

PairFeatures rccgFeaturesOf(const SpikeTensor& s, std::span<const std::int64_t> units, const CcgParams& p,
                            const std::vector<std::uint8_t>* unitMajor) {
    const std::int64_t w = resolveMaxLag(p, s.timesteps), tn = s.timesteps;
    PairFeatures f;
    f.diagonal = 1.0;
    // rCCG is unchanged by a common factor on the lag weights 1/(B·(T − |τ|)): with weights L/(T − |τ|),
    // L = lcm(T − W, …, T), every product sum is an integer. When the largest possible sum stays below 2^24 it is
    // exact in float, and the float GEMM (twice the throughput of double) gives exactly the integer counts.
    std::int64_t lcm = 1;
    for (std::int64_t d = tn - w; d <= tn && lcm < (std::int64_t{1} << 24); ++d) lcm = std::lcm(lcm, d);
    double bound = 0;
    for (std::int64_t tau = -w; tau <= w; ++tau) bound += static_cast<double>(lcm / (tn - std::abs(tau)));
    bound *= static_cast<double>(s.images * tn);
    const Eigen::MatrixXd x = spikeMatrix(s, units, unitMajor);
    if (bound < 16777216.0) {
        f.leftF = x.cast<float>();
        Eigen::MatrixXf k = Eigen::MatrixXf::Zero(tn, tn);
        for (std::int64_t t = 0; t < tn; ++t)
            for (std::int64_t u = std::max<std::int64_t>(0, t - w); u <= std::min(tn - 1, t + w); ++u)
                k(t, u) = static_cast<float>(lcm / (tn - std::abs(u - t)));
        f.rightF.resize(x.rows(), x.cols());
        for (std::int64_t b = 0; b < s.images; ++b)
            f.rightF.middleCols(b * tn, tn).noalias() = f.leftF.middleCols(b * tn, tn) * k;
        f.scale.resize(x.rows());
        for (Eigen::Index i = 0; i < x.rows(); ++i) {
            const double acg = static_cast<double>(f.leftF.row(i).dot(f.rightF.row(i)));
            f.scale[i] = acg > 0.0 ? 1.0 / std::sqrt(acg) : 0.0;
        }
        return f;
    }
    f.left = x;
    f.right = lagFiltered(f.left, s.images, tn, w);
    f.scale.resize(f.left.rows());
    for (Eigen::Index i = 0; i < f.left.rows(); ++i) {
        const double acg = f.left.row(i).dot(f.right.row(i));
        f.scale[i] = acg > 0.0 ? 1.0 / std::sqrt(acg) : 0.0;
    }
    return f;
}

}  // namespace

PairFeatures rccgFeatures(const SpikeTensor& s, std::span<const std::int64_t> units, const CcgParams& p) {
    checkTensor(s);
    return rccgFeaturesOf(s, units, p, nullptr);
}

Eigen::MatrixXd ccgMatrix(const SpikeTensor& s, std::span<const std::int64_t> units, const CcgParams& p) {
    checkTensor(s);
    const Eigen::MatrixXd x = spikeMatrix(s, units);
    const Eigen::MatrixXd y = lagFiltered(x, s.images, s.timesteps, resolveMaxLag(p, s.timesteps));
    Eigen::MatrixXd c = x * y.transpose();
    return (c + c.transpose()) / 2.0;  // exact symmetry (the two halves differ only by rounding)
}

Eigen::MatrixXd rccgMatrix(const SpikeTensor& s, std::span<const std::int64_t> units, const CcgParams& p) {
    return pairMatrix(rccgFeatures(s, units, p));
}

std::vector<double> ccgByLag(const SpikeTensor& s, std::int64_t i, std::int64_t j, std::int64_t maxLag) {
    checkTensor(s);
    if (i < 0 || j < 0 || i >= s.units || j >= s.units) throw std::invalid_argument("CCG: unit index out of range");
    if (maxLag < 0 || maxLag > s.timesteps - 1)
        throw std::invalid_argument("CCG: lag window must be in [0, T - 1]");
    std::vector<double> out;
    for (std::int64_t tau = -maxLag; tau <= maxLag; ++tau) {
        std::int64_t sum = 0;
        for (std::int64_t b = 0; b < s.images; ++b)
            for (std::int64_t t = std::max<std::int64_t>(0, -tau); t < std::min(s.timesteps, s.timesteps - tau); ++t)
                sum += (s.at(b, t, i) != 0) * (s.at(b, t + tau, j) != 0);
        out.push_back(static_cast<double>(sum) /
                      (static_cast<double>(s.images) * static_cast<double>(s.timesteps - std::abs(tau))));
    }
    return out;
}

DistanceCurve rccgOverDistance(const SpikeTensor& spikes, std::span<const double> coordinates,
                               const WindowParams& windowParams, const DistanceBinning& binning,
                               const CcgParams& params, const CancelToken* cancel, const StepProgressFn& progress) {
    checkSpikeCounts(spikes, params.counts);
    resolveMaxLag(params, spikes.timesteps);
    if (coordinates.size() % 2 != 0 || static_cast<std::int64_t>(coordinates.size() / 2) != spikes.units)
        throw std::invalid_argument("rCCG vs distance: " + std::to_string(coordinates.size() / 2) +
                                    " positions for " + std::to_string(spikes.units) + " units");
    const std::vector<SheetWindow> windows = adjacentWindows(coordinates, windowParams);
    const std::vector<std::uint8_t> unitMajor =
        detail::unitMajor(spikes.values.data(), spikes.images * spikes.timesteps, spikes.units);
    return pairwiseOverDistance(
        coordinates, windows,
        [&](std::span<const std::int64_t> units) { return rccgFeaturesOf(spikes, units, params, &unitMajor); },
        binning, cancel, progress);
}

}  // namespace topospike::analysis
