#pragma once
// A row-major [rows × units] array transposed to unit-major [units × rows], so that the per-window analyses read
// each unit's values contiguously instead of gathering one value per image row (a cache miss each). Blocked and
// parallel. Engine-private.

#include <algorithm>
#include <cstdint>
#include <vector>

#include <tbb/parallel_for.h>

namespace topospike::analysis::detail {

template <class T>
std::vector<T> unitMajor(const T* src, std::int64_t rows, std::int64_t units) {
    std::vector<T> out(static_cast<std::size_t>(rows * units));
    constexpr std::int64_t kBlock = 64;
    const std::int64_t unitBlocks = (units + kBlock - 1) / kBlock;
    tbb::parallel_for(std::int64_t{0}, unitBlocks, [&](std::int64_t ub) {
        const std::int64_t u0 = ub * kBlock, u1 = std::min(units, u0 + kBlock);
        for (std::int64_t r0 = 0; r0 < rows; r0 += kBlock) {
            const std::int64_t r1 = std::min(rows, r0 + kBlock);
            for (std::int64_t r = r0; r < r1; ++r)
                for (std::int64_t u = u0; u < u1; ++u) out[static_cast<std::size_t>(u * rows + r)] = src[r * units + u];
        }
    });
    return out;
}

}  // namespace topospike::analysis::detail
