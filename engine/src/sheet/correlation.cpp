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

constexpr std::int64_t kRowBlock = 8;  // rows per parallel task

// The kernel: rows [rowBegin, rowEnd) of the lower triangle of Zᵀ Z in register blocks of 4 rows × 2 vectors of
// columns. Every entry is the chain acc = fma(z_k[p], z_l[p], acc) over p = 0 … n−1 with a correctly rounded
// fused multiply-add on AVX2 and AVX-512, which therefore give the same bits for every blocking and thread count.
// Rows i0 … i0+3 are read even past rowEnd: zt is zero padded to `stride`.

__attribute__((target("avx512f"))) void lowerTriangleAvx512(const double* zt, std::int64_t n, std::int64_t stride,
                                                             std::int64_t q, std::int64_t rowBegin, std::int64_t rowEnd,
                                                             double* corr) {
    for (std::int64_t i0 = rowBegin; i0 < rowEnd; i0 += 4) {
        const std::int64_t rows = std::min<std::int64_t>(4, rowEnd - i0);
        for (std::int64_t j0 = 0; j0 < i0 + rows; j0 += 16) {
            __m512d acc[4][2];
            for (auto& r : acc) r[0] = r[1] = _mm512_setzero_pd();
            const double* zp = zt;
            for (std::int64_t p = 0; p < n; ++p, zp += stride) {
                const __m512d b0 = _mm512_loadu_pd(zp + j0), b1 = _mm512_loadu_pd(zp + j0 + 8);
                for (int r = 0; r < 4; ++r) {
                    const __m512d a = _mm512_set1_pd(zp[i0 + r]);
                    acc[r][0] = _mm512_fmadd_pd(a, b0, acc[r][0]);
                    acc[r][1] = _mm512_fmadd_pd(a, b1, acc[r][1]);
                }
            }
            for (std::int64_t r = 0; r < rows; ++r) {
                alignas(64) double tmp[16];
                _mm512_store_pd(tmp, acc[r][0]);
                _mm512_store_pd(tmp + 8, acc[r][1]);
                const std::int64_t i = i0 + r;
                for (std::int64_t c = 0; c < 16 && j0 + c <= i; ++c) corr[i * q + j0 + c] = tmp[c];
            }
        }
    }
}

__attribute__((target("avx2,fma"))) void lowerTriangleAvx2(const double* zt, std::int64_t n, std::int64_t stride,
                                                            std::int64_t q, std::int64_t rowBegin, std::int64_t rowEnd,
                                                            double* corr) {
    for (std::int64_t i0 = rowBegin; i0 < rowEnd; i0 += 4) {
        const std::int64_t rows = std::min<std::int64_t>(4, rowEnd - i0);
        for (std::int64_t j0 = 0; j0 < i0 + rows; j0 += 8) {
            __m256d acc[4][2];
            for (auto& r : acc) r[0] = r[1] = _mm256_setzero_pd();
            const double* zp = zt;
            for (std::int64_t p = 0; p < n; ++p, zp += stride) {
                const __m256d b0 = _mm256_loadu_pd(zp + j0), b1 = _mm256_loadu_pd(zp + j0 + 4);
                for (int r = 0; r < 4; ++r) {
                    const __m256d a = _mm256_broadcast_sd(zp + i0 + r);
                    acc[r][0] = _mm256_fmadd_pd(a, b0, acc[r][0]);
                    acc[r][1] = _mm256_fmadd_pd(a, b1, acc[r][1]);
                }
            }
            for (std::int64_t r = 0; r < rows; ++r) {
                alignas(32) double tmp[8];
                _mm256_store_pd(tmp, acc[r][0]);
                _mm256_store_pd(tmp + 4, acc[r][1]);
                const std::int64_t i = i0 + r;
                for (std::int64_t c = 0; c < 8 && j0 + c <= i; ++c) corr[i * q + j0 + c] = tmp[c];
            }
        }
    }
}

/// Baseline build (CPUs without AVX2 and FMA): the same blocks with a separate multiply and add, as SSE2 has no
/// fused multiply-add (a software std::fma would be some 30 times slower). Its correlations can differ from the
/// AVX2/AVX-512 ones in the last bit.
void lowerTriangleBaseline(const double* zt, std::int64_t n, std::int64_t stride, std::int64_t q, std::int64_t rowBegin,
                           std::int64_t rowEnd, double* corr) {
    typedef double V2 __attribute__((vector_size(16)));
    for (std::int64_t i0 = rowBegin; i0 < rowEnd; i0 += 4) {
        const std::int64_t rows = std::min<std::int64_t>(4, rowEnd - i0);
        for (std::int64_t j0 = 0; j0 < i0 + rows; j0 += 4) {
            V2 acc[4][2] = {};
            const double* zp = zt;
            for (std::int64_t p = 0; p < n; ++p, zp += stride) {
                V2 b0, b1;
                __builtin_memcpy(&b0, zp + j0, sizeof b0);
                __builtin_memcpy(&b1, zp + j0 + 2, sizeof b1);
                for (int r = 0; r < 4; ++r) {
                    const V2 a = {zp[i0 + r], zp[i0 + r]};
                    acc[r][0] += a * b0;
                    acc[r][1] += a * b1;
                }
            }
            for (std::int64_t r = 0; r < rows; ++r) {
                double tmp[4];
                __builtin_memcpy(tmp, &acc[r][0], sizeof acc[r][0]);
                __builtin_memcpy(tmp + 2, &acc[r][1], sizeof acc[r][1]);
                const std::int64_t i = i0 + r;
                for (std::int64_t c = 0; c < 4 && j0 + c <= i; ++c) corr[i * q + j0 + c] = tmp[c];
            }
        }
    }
}

using Kernel = void (*)(const double*, std::int64_t, std::int64_t, std::int64_t, std::int64_t, std::int64_t, double*);

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

void lowerTriangleRows(const double* zt, std::int64_t n, std::int64_t stride, std::int64_t q, std::int64_t rowBegin,
                       std::int64_t rowEnd, double* corr) {
    static const Kernel kernel = pickKernel();
    kernel(zt, n, stride, q, rowBegin, rowEnd, corr);
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
    const std::int64_t stride = (q + 15) / 16 * 16;  // whole column vectors for every kernel width
    const std::int64_t n = images_;
    scratch.resize(static_cast<std::size_t>(n * stride));
    // Transposed gather, 8 units at a time: 8 sequential reads, one contiguous write per image.
    for (std::int64_t k0 = 0; k0 < stride; k0 += 8) {
        const float* x[8];
        double m[8], s[8];
        for (std::int64_t kk = 0; kk < 8; ++kk) {
            const std::int64_t k = k0 + kk;
            const std::int64_t u = k < q ? units[static_cast<std::size_t>(k)] : -1;
            s[kk] = u >= 0 ? invNorm_[static_cast<std::size_t>(u)] : 0.0;
            m[kk] = u >= 0 ? mean_[static_cast<std::size_t>(u)] : 0.0;
            x[kk] = u >= 0 ? byUnit_.data() + u * n : byUnit_.data();  // any valid row when s = 0
        }
        double* out = scratch.data() + k0;
        for (std::int64_t p = 0; p < n; ++p, out += stride)
            for (std::int64_t kk = 0; kk < 8; ++kk) out[kk] = s[kk] == 0.0 ? 0.0 : (x[kk][p] - m[kk]) * s[kk];
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
