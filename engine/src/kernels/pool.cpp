// Pooling, fc and SEW combination. Channels are innermost, so every loop below is a contiguous vector loop over C.
#include "kernels/pool.hpp"

#include <algorithm>
#include <cstddef>
#include <limits>

namespace topospike::kernels {

void maxPool(ActView in, int kernel, int stride, int pad, ActSpan out) {
    const int C = in.C;
    for (int t = 0; t < out.T; ++t)
        for (int oy = 0; oy < out.H; ++oy)
            for (int ox = 0; ox < out.W; ++ox) {
                float* o = out.data + ((static_cast<std::size_t>(t) * out.H + oy) * out.W + ox) * C;
                std::fill(o, o + C, -std::numeric_limits<float>::infinity());
                for (int ky = 0; ky < kernel; ++ky) {
                    const int iy = oy * stride + ky - pad;
                    if (iy < 0 || iy >= in.H) continue;
                    for (int kx = 0; kx < kernel; ++kx) {
                        const int ix = ox * stride + kx - pad;
                        if (ix < 0 || ix >= in.W) continue;
                        const float* p = in.data + ((static_cast<std::size_t>(t) * in.H + iy) * in.W + ix) * C;
                        for (int c = 0; c < C; ++c) o[c] = std::max(o[c], p[c]);
                    }
                }
            }
}

void globalAvgPool(ActView in, float* out) {
    const int C = in.C;
    const float scale = static_cast<float>(in.H * in.W);
    for (int t = 0; t < in.T; ++t) {
        float* o = out + static_cast<std::size_t>(t) * C;
        std::fill(o, o + C, 0.0f);
        const float* p = in.data + static_cast<std::size_t>(t) * in.H * in.W * C;
        for (int i = 0; i < in.H * in.W; ++i, p += C)
            for (int c = 0; c < C; ++c) o[c] += p[c];
        for (int c = 0; c < C; ++c) o[c] /= scale;
    }
}

void fullyConnected(const float* in, int T, int inF, const float* w, const float* bias, int outF, float* out) {
    for (int t = 0; t < T; ++t) {
        const float* x = in + static_cast<std::size_t>(t) * inF;
        for (int o = 0; o < outF; ++o) {
            const float* row = w + static_cast<std::size_t>(o) * inF;
            // eight partial sums: vectorisable without -ffast-math
            float acc[8] = {};
            int i = 0;
            for (; i + 8 <= inF; i += 8)
                for (int k = 0; k < 8; ++k) acc[k] += row[i + k] * x[i + k];
            float s = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
            for (; i < inF; ++i) s += row[i] * x[i];
            out[static_cast<std::size_t>(t) * outF + o] = s + (bias ? bias[o] : 0.0f);
        }
    }
}

void sewCombine(SewOp op, const float* x, const float* y, long n, float* out) {
    switch (op) {
    case SewOp::Add:
        for (long i = 0; i < n; ++i) out[i] = x[i] + y[i];
        break;
    case SewOp::And:
        for (long i = 0; i < n; ++i) out[i] = x[i] * y[i];
        break;
    case SewOp::Iand:
        for (long i = 0; i < n; ++i) out[i] = x[i] * (1.0f - y[i]);
        break;
    }
}

}  // namespace topospike::kernels
