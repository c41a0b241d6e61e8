#pragma once
// Entry points of the per-ISA kernel builds (isa_kernels.inl), declared once per namespace.

#include "kernels/kernel_types.hpp"

#define TOPOSPIKE_DECLARE_ISA(ns)                                                                                  \
    namespace topospike::kernels::ns {                                                                             \
    void denseRows(const ConvJob& job, int rowBegin, int rowEnd, int tileBegin, int tileEnd);                      \
    void eventRows(const ConvJob& job, int rowBegin, int rowEnd, int tileBegin, int tileEnd);                      \
    void neuronSteps(const NeuronParams& params, const float* x, int xT, int T, long n, float* out, float* membrane); \
    bool packSpikes(const float* x, int T, int C, long hw, std::uint8_t* out, long bytesPerStep);                 \
    bool compactEvents(const float* data, long b, long e, int C, unsigned stride, std::int64_t* begin,                \
                       std::uint32_t* offset, float* value, bool setBegin, bool* odd);                                \
    }

TOPOSPIKE_DECLARE_ISA(avx512)
TOPOSPIKE_DECLARE_ISA(avx2)
TOPOSPIKE_DECLARE_ISA(baseline)
#undef TOPOSPIKE_DECLARE_ISA
