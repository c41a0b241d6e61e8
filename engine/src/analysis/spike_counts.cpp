#include "topospike/analysis/spike_counts.hpp"

#include <stdexcept>
#include <string>

#include <tbb/blocked_range.h>
#include <tbb/parallel_reduce.h>

namespace topospike::analysis {

std::int64_t checkSpikeCounts(const SpikeTensor& spikes, SpikeCountPolicy policy) {
    const std::string name = spikes.source.empty() ? std::string("spike tensor") : spikes.source;
    if (spikes.images <= 0 || spikes.timesteps <= 0 || spikes.units <= 0)
        throw std::invalid_argument(name + ": empty spike tensor (images, timesteps and units must be > 0)");
    if (spikes.values.size() != static_cast<std::size_t>(spikes.images * spikes.timesteps * spikes.units))
        throw std::invalid_argument(name + ": spike tensor holds " + std::to_string(spikes.values.size()) +
                                    " values, not images x T x units");
    const std::uint8_t* v = spikes.values.data();
    const std::int64_t above = tbb::parallel_reduce(
        tbb::blocked_range<std::size_t>(0, spikes.values.size(), 1 << 19), std::int64_t{0},
        [v](const tbb::blocked_range<std::size_t>& r, std::int64_t acc) {
            std::uint32_t n = 0;  // a grain is at most 2^20 values: no overflow, and the loop vectorises
            for (std::size_t i = r.begin(); i < r.end(); ++i) n += v[i] > 1;
            return acc + n;
        },
        [](std::int64_t a, std::int64_t b) { return a + b; });
    if (above > 0 && policy == SpikeCountPolicy::Refuse)
        throw std::invalid_argument(name + ": " + std::to_string(above) +
                                    " spike counts above 1 (a SEW-ADD layer?); binary spikes needed");
    return above;
}

}  // namespace topospike::analysis
