#include "topospike/analysis/category_smoothness.hpp"

#include <numeric>
#include <stdexcept>
#include <vector>

namespace topospike::analysis {

SmoothnessParams CategorySmoothnessParams::generic() const {
    SmoothnessParams p;
    p.samples = samples;
    p.unitsPerSample = unitsPerSample;
    p.maxDistance = cutoff;
    p.binEdges = binEdges;
    p.seed = seed;
    p.chanceShuffles = samples;  // TDANN's shuffled run has as many samples as the real one
    p.shuffleAfterCutoff = true;
    return p;
}

SmoothnessResult categorySmoothness(std::span<const double> t, std::span<const double> meanResponse,
                                    std::span<const double> coordinates, const CategorySmoothnessParams& params,
                                    const CancelToken* cancel) {
    if (t.size() != meanResponse.size() || coordinates.size() != 2 * t.size())
        throw std::invalid_argument("category smoothness: t, mean responses and positions differ in unit count");
    std::vector<std::int64_t> pool(t.size());
    std::iota(pool.begin(), pool.end(), std::int64_t{0});
    std::vector<std::uint8_t> keep(t.size());
    for (std::size_t u = 0; u < t.size(); ++u) keep[u] = meanResponse[u] > params.minResponse;
    return differenceOverDistance(t, coordinates, pool, Difference::Absolute, params.generic(), keep, cancel);
}

std::int64_t unitsAboveMinResponse(std::span<const double> meanResponse, double minResponse) {
    std::int64_t n = 0;
    for (double m : meanResponse) n += m > minResponse;
    return n;
}

}  // namespace topospike::analysis
