#pragma once
/// @file pool.hpp
/// Pooling, the classifier head and SEW combination on NHWC activations (kernel_types.hpp).

#include <cstdint>

#include "kernels/kernel_types.hpp"

namespace topospike::kernels {

/// Max pool k×k / stride with -inf padding (on spikes: an OR). out is [T][outH][outW][C].
void maxPool(ActView in, int kernel, int stride, int pad, ActSpan out);

/// Global average pool: out[t][c] = mean over H×W (summed in order y, x).
void globalAvgPool(ActView in, float* out);

/// Fully connected: out[t][o] = bias[o] + Σ_i w[o][i]·in[t][i], w row-major [outF][inF].
void fullyConnected(const float* in, int T, int inF, const float* w, const float* bias, int outF, float* out);

/// SpikingJelly sew_function(x, y): ADD x + y, AND x·y, IAND x·(1 − y). Element-wise over n values.
enum class SewOp : std::uint8_t { Add, And, Iand };
void sewCombine(SewOp op, const float* x, const float* y, long n, float* out);

}  // namespace topospike::kernels
