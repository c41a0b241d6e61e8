#include "topospike/analysis/entropy.hpp"

#include <algorithm>
#include <cmath>
#include <span>
#include <stdexcept>

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

LayerEntropy spikeEntropy(const SpikeTensor& spikes, const EntropyParams& params, const CancelToken* cancel) {
    if (params.populationBins < 0) throw std::invalid_argument("entropy: populationBins must be >= 0");
    LayerEntropy out;
    out.params = params;
    out.clippedEntries = checkSpikeCounts(spikes, params.counts);
    const std::int64_t n = spikes.images, tn = spikes.timesteps, un = spikes.units, rows = n * tn;
    out.images = n;
    out.timesteps = tn;
    out.units = un;
    out.unitDims = spikes.unitDims;

    // One pass: fired counts per (t, unit) and per-block partial layer counts per (image, t) row.
    std::vector<std::uint32_t> fired(static_cast<std::size_t>(tn * un), 0);
    const std::int64_t blocks = (un + kUnitBlock - 1) / kUnitBlock;
    std::vector<std::int64_t> blockRowCounts(static_cast<std::size_t>(blocks * rows), 0);
    const std::uint8_t* v = spikes.values.data();
    tbb::parallel_for(std::int64_t{0}, blocks, [&](std::int64_t b) {
        if (cancel) cancel->check();
        const std::int64_t u0 = b * kUnitBlock, u1 = std::min(un, u0 + kUnitBlock);
        for (std::int64_t r = 0; r < rows; ++r) {
            const std::uint8_t* s = v + r * un;
            std::uint32_t* f = fired.data() + (r % tn) * un;
            std::uint32_t k = 0;  // two simple loops: both vectorise
            for (std::int64_t u = u0; u < u1; ++u) f[u] += s[u] != 0;
            for (std::int64_t u = u0; u < u1; ++u) k += s[u] != 0;
            blockRowCounts[static_cast<std::size_t>(b * rows + r)] = k;
        }
    });
    if (cancel) cancel->check();
    std::vector<std::int64_t> rowCounts(static_cast<std::size_t>(rows), 0);
    for (std::int64_t b = 0; b < blocks; ++b)
        for (std::int64_t r = 0; r < rows; ++r) rowCounts[r] += blockRowCounts[static_cast<std::size_t>(b * rows + r)];

    out.unitProbability.assign(static_cast<std::size_t>(un), 0.0);
    out.unitEntropy.assign(static_cast<std::size_t>(un), 0.0);
    out.unitEntropyPerTimestep.assign(static_cast<std::size_t>(tn * un), 0.0);
    out.perTimestep.assign(static_cast<std::size_t>(tn), 0.0);
    double sumH = 0.0, sumP = 0.0;
    for (std::int64_t u = 0; u < un; ++u) {
        std::int64_t total = 0;
        for (std::int64_t t = 0; t < tn; ++t) {
            const std::uint32_t c = fired[static_cast<std::size_t>(t * un + u)];
            total += c;
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

    out.population = populationEntropy(rowCounts, un, params.populationBins);
    out.populationPerTimestep.assign(static_cast<std::size_t>(tn), 0.0);
    std::vector<std::int64_t> atT(static_cast<std::size_t>(n));
    for (std::int64_t t = 0; t < tn; ++t) {
        for (std::int64_t i = 0; i < n; ++i) atT[i] = rowCounts[static_cast<std::size_t>(i * tn + t)];
        out.populationPerTimestep[t] = populationEntropy(atT, un, params.populationBins);
    }
    return out;
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
