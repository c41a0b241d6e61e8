// Correlation matrices of unit subsets (see correlation.hpp).

#include "correlation.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>

namespace topospike::sheet::detail {
namespace {

constexpr std::int64_t kChunk = 128;  // images per pass: a chunk of Zᵀ (≤ 128 × 512 doubles) stays in L2

// The three builds of the kernel (correlation_kernel.inl): AVX-512 and AVX2 with fused multiply-adds (the same
// bits), and the baseline for CPUs without AVX2/FMA, which multiplies and adds separately (a software std::fma
// would be some 30 times slower) and so can differ in the last bit.

#define TOPOSPIKE_OPS_FN __attribute__((always_inline, target("avx512f"))) static inline
struct Avx512Ops {
    using Vec = __m512d;
    static constexpr std::int64_t lanes = 8;
    TOPOSPIKE_OPS_FN Vec zero() { return _mm512_setzero_pd(); }
    TOPOSPIKE_OPS_FN Vec load(const double* p) { return _mm512_loadu_pd(p); }
    TOPOSPIKE_OPS_FN Vec broadcast(const double* p) { return _mm512_set1_pd(*p); }
    TOPOSPIKE_OPS_FN Vec fmadd(Vec a, Vec b, Vec c) { return _mm512_fmadd_pd(a, b, c); }
    TOPOSPIKE_OPS_FN void store(double* p, Vec v) { _mm512_storeu_pd(p, v); }
};
#undef TOPOSPIKE_OPS_FN
#define TOPOSPIKE_KERNEL_NAME lowerTriangleAvx512
#define TOPOSPIKE_KERNEL_TARGET __attribute__((target("avx512f")))
#define TOPOSPIKE_KERNEL_OPS Avx512Ops
#include "correlation_kernel.inl"

#define TOPOSPIKE_OPS_FN __attribute__((always_inline, target("avx2,fma"))) static inline
struct Avx2Ops {
    using Vec = __m256d;
    static constexpr std::int64_t lanes = 4;
    TOPOSPIKE_OPS_FN Vec zero() { return _mm256_setzero_pd(); }
    TOPOSPIKE_OPS_FN Vec load(const double* p) { return _mm256_loadu_pd(p); }
    TOPOSPIKE_OPS_FN Vec broadcast(const double* p) { return _mm256_broadcast_sd(p); }
    TOPOSPIKE_OPS_FN Vec fmadd(Vec a, Vec b, Vec c) { return _mm256_fmadd_pd(a, b, c); }
    TOPOSPIKE_OPS_FN void store(double* p, Vec v) { _mm256_storeu_pd(p, v); }
};
#undef TOPOSPIKE_OPS_FN
#define TOPOSPIKE_KERNEL_NAME lowerTriangleAvx2
#define TOPOSPIKE_KERNEL_TARGET __attribute__((target("avx2,fma")))
#define TOPOSPIKE_KERNEL_OPS Avx2Ops
#include "correlation_kernel.inl"

#define TOPOSPIKE_OPS_FN __attribute__((always_inline)) static inline
struct BaselineOps {
    typedef double Vec __attribute__((vector_size(16)));
    static constexpr std::int64_t lanes = 2;
    TOPOSPIKE_OPS_FN Vec zero() { return Vec{0.0, 0.0}; }
    TOPOSPIKE_OPS_FN Vec load(const double* p) {
        Vec v;
        __builtin_memcpy(&v, p, sizeof v);
        return v;
    }
    TOPOSPIKE_OPS_FN Vec broadcast(const double* p) { return Vec{*p, *p}; }
    TOPOSPIKE_OPS_FN Vec fmadd(Vec a, Vec b, Vec c) { return c + a * b; }
    TOPOSPIKE_OPS_FN void store(double* p, Vec v) { __builtin_memcpy(p, &v, sizeof v); }
};
#undef TOPOSPIKE_OPS_FN
#define TOPOSPIKE_KERNEL_NAME lowerTriangleBaseline
#define TOPOSPIKE_KERNEL_TARGET
#define TOPOSPIKE_KERNEL_OPS BaselineOps
#include "correlation_kernel.inl"

using Kernel = void (*)(const double*, std::int64_t, std::int64_t, std::int64_t, std::int64_t, double*);

/// The best build this CPU runs; TOPOSPIKE_ISA=baseline or avx2 forces a lower one (as for the network kernels).
Kernel pickKernel() noexcept {
    __builtin_cpu_init();
    if (const char* env = std::getenv("TOPOSPIKE_ISA")) {
        if (!std::strcmp(env, "baseline")) return &lowerTriangleBaseline;
        if (!std::strcmp(env, "avx2") && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
            return &lowerTriangleAvx2;
    }
    if (__builtin_cpu_supports("avx512f")) return &lowerTriangleAvx512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return &lowerTriangleAvx2;
    return &lowerTriangleBaseline;
}

}  // namespace

void lowerTriangleRows(const double* zt, std::int64_t n, std::int64_t stride, std::int64_t rowBegin, std::int64_t rowEnd,
                       double* acc) {
    static const Kernel kernel = pickKernel();
    kernel(zt, n, stride, rowBegin, rowEnd, acc);
}

StandardisedResponses::StandardisedResponses(const analysis::ResponseMatrix& r)
    : images_(r.images), units_(r.units), byUnit_(static_cast<std::size_t>(r.images * r.units)),
      mean_(static_cast<std::size_t>(r.units)), invNorm_(static_cast<std::size_t>(r.units)),
      zeros_(static_cast<std::size_t>(r.images), 0.0f) {
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
                                         std::vector<double>& scratch, std::vector<double>& acc, bool parallel) const {
    const auto q = static_cast<std::int64_t>(units.size());
    const std::int64_t stride = (q + 15) / 16 * 16;  // whole column vectors for every kernel width
    const std::int64_t n = images_;
    scratch.resize(static_cast<std::size_t>(n * stride));
    // Transposed gather, 8 units at a time: 8 sequential reads, one contiguous write per image. Padding and
    // units that do not vary read a row of zeros with mean 0 and scale 0.
    for (std::int64_t k0 = 0; k0 < stride; k0 += 8) {
        const float* x[8];
        double m[8], s[8];
        for (std::int64_t kk = 0; kk < 8; ++kk) {
            const std::int64_t k = k0 + kk;
            const std::int64_t u = k < q ? units[static_cast<std::size_t>(k)] : -1;
            const bool used = u >= 0 && varies(u);
            s[kk] = used ? invNorm_[static_cast<std::size_t>(u)] : 0.0;
            m[kk] = used ? mean_[static_cast<std::size_t>(u)] : 0.0;
            x[kk] = used ? byUnit_.data() + u * n : zeros_.data();
        }
        double* out = scratch.data() + k0;
        for (std::int64_t p = 0; p < n; ++p, out += stride)
            for (std::int64_t kk = 0; kk < 8; ++kk) out[kk] = (x[kk][p] - m[kk]) * s[kk];
    }
    // Row ranges of about equal triangle area (row i costs about i + 1), a multiple of 4 rows each; the split
    // only spreads work, every entry is computed the same way.
    acc.resize(static_cast<std::size_t>(stride * stride));
    std::vector<std::int64_t> bounds{0};
    const std::int64_t tasks = parallel ? std::min<std::int64_t>(16, (q + 31) / 32) : 1;
    for (std::int64_t t = 1; t < tasks; ++t) {
        const auto row = static_cast<std::int64_t>(static_cast<double>(q) * std::sqrt(static_cast<double>(t) / static_cast<double>(tasks)));
        const std::int64_t aligned = std::min(q, (row + 3) / 4 * 4);
        if (aligned > bounds.back()) bounds.push_back(aligned);
    }
    if (bounds.back() < q) bounds.push_back(q);
    const auto range = [&](std::size_t k) { lowerTriangleRows(scratch.data(), n, stride, bounds[k], bounds[k + 1], acc.data()); };
    if (bounds.size() > 2)
        tbb::parallel_for(std::size_t{0}, bounds.size() - 1, range);
    else
        range(0);
    corr.resize(static_cast<std::size_t>(q * q));
    for (std::int64_t i = 0; i < q; ++i)
        for (std::int64_t j = 0; j <= i; ++j)
            corr[static_cast<std::size_t>(i * q + j)] = corr[static_cast<std::size_t>(j * q + i)] =
                acc[static_cast<std::size_t>(i * stride + j)];
}

}  // namespace topospike::sheet::detail
