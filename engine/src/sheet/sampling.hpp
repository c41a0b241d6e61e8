#pragma once
// Internal: the draws of Rng::sample without its allocations, for the hot loops of the sheet code. Both give
// exactly Rng::sample's values (a partial Fisher–Yates shuffle: draw i swaps entry i with i + below(n − i)).

#include <cstdint>
#include <utility>
#include <vector>

#include "topospike/random.hpp"

namespace topospike::sheet::detail {

/// Reorders `values` so that its first k entries are values[Rng::sample(n, k)] (n = values.size()), in draw
/// order; then truncates it to k.
template <class T>
void sampleInPlace(std::vector<T>& values, std::int64_t k, Rng& rng) {
    const auto n = static_cast<std::uint64_t>(values.size());
    for (std::uint64_t i = 0; i < static_cast<std::uint64_t>(k); ++i)
        std::swap(values[i], values[i + rng.below(n - i)]);
    values.resize(static_cast<std::size_t>(k));
}

/// Rng::sample(n, 2): two distinct indices of [0, n), n >= 2.
inline std::pair<std::int64_t, std::int64_t> samplePair(std::int64_t n, Rng& rng) noexcept {
    const auto first = static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(n)));
    const auto second = 1 + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(n - 1)));
    return {first, second == first ? 0 : second};
}

}  // namespace topospike::sheet::detail
