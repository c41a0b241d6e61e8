#pragma once
/// @file pack.hpp
/// Bit-packing spike outputs for recordings.

#include <cstdint>

namespace topospike::kernels {

/// Packs NHWC spikes [T][hw][C] into per-step CHW bit arrays (bit u = c * hw + p, little bit order; step t starts at
/// out + t * bytesPerStep) when hw is a multiple of 8. Returns false if it cannot (hw % 8 != 0, or a value other than
/// 0 and 1): the caller then packs another way, and `out` must be rewritten.
bool packSpikes(const float* x, int T, int C, long hw, std::uint8_t* out, long bytesPerStep);

}  // namespace topospike::kernels
