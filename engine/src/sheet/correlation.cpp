// Correlation matrices of unit subsets (see correlation.hpp).

#include "correlation.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

namespace topospike::sheet::detail {
namespace {

constexpr std::int64_t kRowBlock = 8;  // rows per kernel call (and per parallel task)
typedef double V4 __attribute__((vector_size(32)));

}  // namespace

// A 4-row × 8-column register block of Zᵀ Z per pass over the images: each entry is a plain running sum over p
// of z_k[p]·z_l[p] (multiply, then add: no fused multiply-add), so every build and every blocking gives the same
// bits. Cloned for AVX-512, AVX2 and the baseline; the loader picks one at run time.
__attribute__((target_clones("avx512f", "avx2", "default"))) void lowerTriangleRows(
    const double* zt, std::int64_t n, std::int64_t stride, std::int64_t q, std::int64_t rowBegin, std::int64_t rowEnd,
    double* corr) {
    for (std::int64_t i0 = rowBegin; i0 < rowEnd; i0 += 4) {
        const std::int64_t rows = std::min<std::int64_t>(4, rowEnd - i0);
        const std::int64_t lastCol = i0 + rows;  // columns [0, lastCol) cover the lower triangle of these rows
        for (std::int64_t j0 = 0; j0 < lastCol; j0 += 8) {
            V4 acc[4][2] = {};
            const double* zp = zt;
            for (std::int64_t p = 0; p < n; ++p, zp += stride) {
                V4 b0, b1;
                __builtin_memcpy(&b0, zp + j0, sizeof b0);
                __builtin_memcpy(&b1, zp + j0 + 4, sizeof b1);
                for (std::int64_t r = 0; r < 4; ++r) {
                    const double a = r < rows ? zp[i0 + r] : 0.0;
                    const V4 av = {a, a, a, a};
                    acc[r][0] += av * b0;
                    acc[r][1] += av * b1;
                }
            }
            for (std::int64_t r = 0; r < rows; ++r) {
                double tmp[8];
                __builtin_memcpy(tmp, &acc[r][0], sizeof acc[r][0]);
                __builtin_memcpy(tmp + 4, &acc[r][1], sizeof acc[r][1]);
                const std::int64_t i = i0 + r;
                for (std::int64_t c = 0; c < 8 && j0 + c <= i && j0 + c < q; ++c) corr[i * q + j0 + c] = tmp[c];
            }
        }
    }
}

StandardisedResponses::StandardisedResponses(const analysis::ResponseMatrix& r)
    : images_(r.images), units_(r.units), byUnit_(static_cast<std::size_t>(r.images * r.units)),
      mean_(static_cast<std::size_t>(r.units)), invNorm_(static_cast<std::size_t>(r.units)) {
    const std::int64_t n = images_;
    tbb::parallel_for(tbb::blocked_range<std::int64_t>(0, units_, 64), [&](const auto& range) {
        for (std::int64_t u = range.begin(); u != range.end(); ++u) {
            float* dst = byUnit_.data() + u * n;
            bool finite = true, constant = true;
            double sum = 0.0;
            for (std::int64_t p = 0; p < n; ++p) {
                const float v = r.values[static_cast<std::size_t>(p * units_ + u)];
                dst[p] = v;
                finite = finite && std::isfinite(v);
                constant = constant && v == dst[0];
                sum += v;
            }
            const double mean = sum / static_cast<double>(n);
            double ss = 0.0;
            for (std::int64_t p = 0; p < n; ++p) {
                const double d = static_cast<double>(dst[p]) - mean;
                ss += d * d;
            }
            const bool varies = finite && !constant && ss > 0.0;
            mean_[static_cast<std::size_t>(u)] = varies ? mean : 0.0;
            invNorm_[static_cast<std::size_t>(u)] = varies ? 1.0 / std::sqrt(ss) : 0.0;
        }
    });
}

void StandardisedResponses::correlations(std::span<const std::int64_t> units, std::vector<double>& corr,
                                         std::vector<double>& scratch, bool parallel) const {
    const auto q = static_cast<std::int64_t>(units.size());
    const std::int64_t stride = (q + 7) / 8 * 8;
    const std::int64_t n = images_;
    scratch.assign(static_cast<std::size_t>(n * stride), 0.0);
    for (std::int64_t k = 0; k < q; ++k) {
        const std::int64_t u = units[static_cast<std::size_t>(k)];
        const double m = mean_[static_cast<std::size_t>(u)], s = invNorm_[static_cast<std::size_t>(u)];
        if (s == 0.0) continue;
        const float* x = byUnit_.data() + u * n;
        for (std::int64_t p = 0; p < n; ++p) scratch[static_cast<std::size_t>(p * stride + k)] = (x[p] - m) * s;
    }
    corr.resize(static_cast<std::size_t>(q * q));
    const std::int64_t blocks = (q + kRowBlock - 1) / kRowBlock;
    const auto block = [&](std::int64_t b) {
        lowerTriangleRows(scratch.data(), n, stride, q, b * kRowBlock, std::min(q, (b + 1) * kRowBlock), corr.data());
    };
    if (parallel)
        tbb::parallel_for(std::int64_t{0}, blocks, block);
    else
        for (std::int64_t b = 0; b < blocks; ++b) block(b);
    for (std::int64_t i = 0; i < q; ++i)
        for (std::int64_t j = i + 1; j < q; ++j) corr[static_cast<std::size_t>(i * q + j)] = corr[static_cast<std::size_t>(j * q + i)];
}

}  // namespace topospike::sheet::detail
