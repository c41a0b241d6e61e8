#pragma once
/// @file conv.hpp
/// Convolution + neuron layers: weight packing, dense and event-driven algorithms, run-time ISA dispatch.

#include <cstdint>
#include <string_view>
#include <vector>

#include "kernels/kernel_types.hpp"

namespace topospike::kernels {

/// Instruction sets with their own kernel build. One binary runs on any x86-64: the best supported is chosen at
/// start-up, TOPOSPIKE_ISA=baseline|avx2|avx512 in the environment (or setIsa) lowers it.
enum class Isa { Baseline, Avx2, Avx512 };
std::string_view isaName(Isa isa) noexcept;
/// The best instruction set this CPU supports.
Isa detectIsa() noexcept;
/// The instruction set the kernels use now.
Isa activeIsa() noexcept;
/// Selects an instruction set; one the CPU lacks is lowered to the best supported. Returns the one selected.
Isa setIsa(Isa isa) noexcept;

/// Conv weights with BN folded, packed for the kernels (see PackedConvView).
struct PackedConv {
    std::vector<float> weights;
    std::vector<float> bias;
    int cin = 0, cout = 0, coutPad = 0, kernel = 1, stride = 1, pad = 0;
    PackedConvView view() const noexcept {
        return {weights.data(), bias.data(), cin, cout, coutPad, kernel, stride, pad};
    }
    int outSize(int in) const noexcept { return (in + 2 * pad - kernel) / stride + 1; }
};

/// Packs OIHW weights [cout][cin][k][k] and an optional bias [cout] (nullptr = zero).
PackedConv packConv(const float* weightsOIHW, const float* bias, int cout, int cin, int kernel, int stride, int pad);

/// BN folded into a bias-free conv (running statistics, eps): w' = w·γ/√(σ²+ε), b = β − μ·γ/√(σ²+ε), in double.
/// weights is [cout][cin*k*k] and is rewritten; returns the bias.
std::vector<float> foldBatchNorm(std::vector<float>& weights, int cout, const float* gamma, const float* beta,
                                 const float* mean, const float* var, double eps = 1e-5);

enum class ConvAlgo { Dense, Event };
std::string_view convAlgoName(ConvAlgo a) noexcept;

/// Reusable buffers of one thread (padded inputs, event lists).
struct ConvScratch {
    std::vector<float> padded;
    std::vector<std::int64_t> begin;
    std::vector<std::uint32_t> offset;
    std::vector<float> value;
};

struct ConvCall {
    const PackedConv* conv = nullptr;
    ActView input;            // unpadded [inT][H][W][cin], inT divides T (broadcast, see kernel_types.hpp)
    ActView residual;         // optional [T][outH][outW][cout]
    NeuronParams neuron;
    ActSpan output;           // [T][outH][outW][cout]
    float* membrane = nullptr;
    int T = 1;
    ConvAlgo algo = ConvAlgo::Dense;
    bool parallel = false;    // split rows and cout tiles over oneTBB workers
};

/// Runs one fused conv + neuron call. Throws std::invalid_argument on inconsistent shapes.
void convForward(const ConvCall& call, ConvScratch& scratch);

/// Fraction of nonzero values.
double density(ActView a) noexcept;

/// The neuron alone over T steps of an input current [xT][n] (xT divides T): out and optional membrane [T][n].
void neuronForward(const NeuronParams& params, const float* x, int xT, int T, long n, float* out, float* membrane);

}  // namespace topospike::kernels
