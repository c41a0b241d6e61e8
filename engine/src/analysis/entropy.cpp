#include "topospike/analysis/entropy.hpp"

#include <algorithm>
#include <cmath>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>

#include <tbb/parallel_for.h>

namespace topospike::analysis {
namespace {

constexpr std::int64_t kUnitBlock = 4096;

/// Plug-in entropy (bits) of a histogram with `total` samples.
double histogramEntropy(const std::vector<std::int64_t>& counts, std::int64_t total) {
    double h = 0.0;
    for (const std::int64_t c : counts)
        if (c > 0) {
            const double p = static_cast<double>(c) / static_cast<double>(total);
            h -= p * std::log2(p);
        }
    return h + 0.0;  // no −0
}

/// Entropy of the layer spike counts `rowCounts[i]` (one per sample), binned per `bins` (see the header).
double populationEntropy(std::span<const std::int64_t> rowCounts, std::int64_t units, std::int64_t bins) {
    const std::int64_t nbins = bins > 0 ? bins : units + 1;
    std::vector<std::int64_t> hist(static_cast<std::size_t>(nbins), 0);
    for (const std::int64_t k : rowCounts) {
        const std::int64_t b = bins > 0 ? std::min(bins - 1, k * bins / units) : k;
        ++hist[static_cast<std::size_t>(b)];
    }
    return histogramEntropy(hist, static_cast<std::int64_t>(rowCounts.size()));
}

}  // namespace

double binaryEntropy(double p) noexcept {
    if (!(p > 0.0) || !(p < 1.0)) return 0.0;
    return -p * std::log2(p) - (1.0 - p) * std::log2(1.0 - p);
}

EntropyAccumulator::EntropyAccumulator(std::int64_t timesteps, std::int64_t units, std::vector<std::int64_t> unitDims,
                                       const EntropyParams& params)
    : params_(params), timesteps_(timesteps), units_(units), unitDims_(std::move(unitDims)) {
    if (params.populationBins < 0) throw std::invalid_argument("entropy: populationBins must be >= 0");
    if (timesteps < 1 || units < 1)
        throw std::invalid_argument("entropy: timesteps and units must be > 0 (got " + std::to_string(timesteps) +
                                    " and " + std::to_string(units) + ")");
    fired_.assign(static_cast<std::size_t>(timesteps * units), 0);
}

void EntropyAccumulator::add(std::span<const std::uint8_t> spikes, const CancelToken* cancel) {
    const std::int64_t tn = timesteps_, un = units_, perImage = tn * un;
    const auto size = static_cast<std::int64_t>(spikes.size());
    if (size == 0 || size % perImage != 0)
        throw std::invalid_argument("entropy: " + std::to_string(size) + " spike values are not a whole number of " +
                                    std::to_string(tn) + " x " + std::to_string(un) + " images");
    const std::uint8_t* v = spikes.data();
    const std::int64_t above = std::count_if(spikes.begin(), spikes.end(), [](std::uint8_t x) { return x > 1; });
    if (above > 0 && params_.counts == SpikeCountPolicy::Refuse)
        throw std::invalid_argument("entropy: " + std::to_string(above) +
                                    " spike counts above 1 (a SEW-ADD layer?); binary spikes needed");
    const std::int64_t rows = size / un;

    // One pass: fired counts per (t, unit) and per-block partial layer counts per (image, t) row.
    const std::int64_t blocks = (un + kUnitBlock - 1) / kUnitBlock;
    std::vector<std::int64_t> blockRowCounts(static_cast<std::size_t>(blocks * rows), 0);
    std::uint32_t* fired = fired_.data();
    tbb::parallel_for(std::int64_t{0}, blocks, [&](std::int64_t b) {
        if (cancel) cancel->check();
        const std::int64_t u0 = b * kUnitBlock, u1 = std::min(un, u0 + kUnitBlock);
        for (std::int64_t r = 0; r < rows; ++r) {
            const std::uint8_t* s = v + r * un;
            std::uint32_t* f = fired + (r % tn) * un;
            std::uint32_t k = 0;  // two simple loops: both vectorise
            for (std::int64_t u = u0; u < u1; ++u) f[u] += s[u] != 0;
            for (std::int64_t u = u0; u < u1; ++u) k += s[u] != 0;
            blockRowCounts[static_cast<std::size_t>(b * rows + r)] = k;
        }
    });
    if (cancel) cancel->check();
    const std::size_t first = rowCounts_.size();
    rowCounts_.resize(first + static_cast<std::size_t>(rows), 0);
    for (std::int64_t b = 0; b < blocks; ++b)
        for (std::int64_t r = 0; r < rows; ++r)
            rowCounts_[first + static_cast<std::size_t>(r)] += blockRowCounts[static_cast<std::size_t>(b * rows + r)];
    images_ += rows / tn;
    clipped_ += above;
}

LayerEntropy EntropyAccumulator::finish() const {
    if (images_ == 0) throw std::invalid_argument("entropy: no images were added");
    LayerEntropy out;
    out.params = params_;
    out.clippedEntries = clipped_;
    const std::int64_t n = images_, tn = timesteps_, un = units_, rows = n * tn;
    out.images = n;
    out.timesteps = tn;
    out.units = un;
    out.unitDims = unitDims_;

    out.unitProbability.assign(static_cast<std::size_t>(un), 0.0);
    out.unitEntropy.assign(static_cast<std::size_t>(un), 0.0);
    out.unitEntropyPerTimestep.assign(static_cast<std::size_t>(tn * un), 0.0);
    out.perTimestep.assign(static_cast<std::size_t>(tn), 0.0);
    out.probabilityPerTimestep.assign(static_cast<std::size_t>(tn), 0.0);
    std::vector<std::int64_t> firedAtT(static_cast<std::size_t>(tn), 0);
    double sumH = 0.0, sumP = 0.0;
    for (std::int64_t u = 0; u < un; ++u) {
        std::int64_t total = 0;
        for (std::int64_t t = 0; t < tn; ++t) {
            const std::uint32_t c = fired_[static_cast<std::size_t>(t * un + u)];
            total += c;
            firedAtT[t] += c;
            const double h = binaryEntropy(static_cast<double>(c) / static_cast<double>(n));
            out.unitEntropyPerTimestep[static_cast<std::size_t>(t * un + u)] = h;
            out.perTimestep[t] += h;
        }
        const double p = static_cast<double>(total) / static_cast<double>(rows);
        out.unitProbability[u] = p;
        out.unitEntropy[u] = binaryEntropy(p);
        sumH += out.unitEntropy[u];
        sumP += p;
    }
    out.mean = sumH / static_cast<double>(un);
    out.meanFiringProbability = sumP / static_cast<double>(un);
    for (auto& h : out.perTimestep) h /= static_cast<double>(un);
    for (std::int64_t t = 0; t < tn; ++t)
        out.probabilityPerTimestep[t] = static_cast<double>(firedAtT[t]) / static_cast<double>(n * un);

    out.population = populationEntropy(rowCounts_, un, params_.populationBins);
    out.populationPerTimestep.assign(static_cast<std::size_t>(tn), 0.0);
    std::vector<std::int64_t> atT(static_cast<std::size_t>(n));
    for (std::int64_t t = 0; t < tn; ++t) {
        for (std::int64_t i = 0; i < n; ++i) atT[i] = rowCounts_[static_cast<std::size_t>(i * tn + t)];
        out.populationPerTimestep[t] = populationEntropy(atT, un, params_.populationBins);
    }
    return out;
}

LayerEntropy spikeEntropy(const SpikeTensor& spikes, const EntropyParams& params, const CancelToken* cancel) {
    if (params.populationBins < 0) throw std::invalid_argument("entropy: populationBins must be >= 0");
    checkSpikeCounts(spikes, params.counts);  // consistent tensor; refused counts named by the tensor's source
    EntropyAccumulator acc(spikes.timesteps, spikes.units, spikes.unitDims, params);
    acc.add(spikes.values, cancel);
    return acc.finish();
}

EntropyShift entropyShift(const LayerEntropy& a, const LayerEntropy& b) {
    EntropyShift s;
    s.mean = a.mean - b.mean;
    s.population = a.population - b.population;
    s.sameTimesteps = a.timesteps == b.timesteps;
    const std::size_t tn = std::min(a.perTimestep.size(), b.perTimestep.size());
    for (std::size_t t = 0; t < tn; ++t) s.perTimestep.push_back(a.perTimestep[t] - b.perTimestep[t]);
    return s;
}

}  // namespace topospike::analysis
