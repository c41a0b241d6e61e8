#pragma once
/// @file kernel_types.hpp
/// Plain data shared by every kernel: activations, packed convolutions and neuron settings.
///
/// Activations are NHWC per timestep: value(t, y, x, c) = data[((t * H + y) * W + x) * C + c]. An input with fewer
/// timesteps than the output (T a multiple of it) is broadcast: output step t reads input step t * inT / T (the stem:
/// its conv is computed once per stimulus; B stimuli stacked along T give inT = B).
/// These headers are used by per-ISA translation units: they hold no templates from the standard library.

#include <cstdint>

namespace topospike::kernels {

/// Read-only view of an activation tensor [T][H][W][C].
struct ActView {
    const float* data = nullptr;
    int T = 0, H = 0, W = 0, C = 0;
};

/// Writable view of an activation tensor [T][H][W][C].
struct ActSpan {
    float* data = nullptr;
    int T = 0, H = 0, W = 0, C = 0;
};

/// What follows the convolution in the epilogue.
enum class NeuronKind : std::uint8_t { Lif, If, Relu, Identity };

/// SpikingJelly LIFNode / IFNode parameters (inference: Heaviside with >=).
struct NeuronParams {
    NeuronKind kind = NeuronKind::Lif;
    float tau = 2.0f;
    float vThreshold = 1.0f;
    float vReset = 0.0f;     // hard reset value; ignored when softReset
    bool softReset = false;  // SpikingJelly v_reset=None: V = H - S * v_threshold
    bool decayInput = true;
    /// Several stimuli stacked along T: the state resets to its initial value every `period` steps (0 = never).
    int period = 0;
    /// True for kinds whose output is a spike (0/1).
    bool spiking() const noexcept { return kind == NeuronKind::Lif || kind == NeuronKind::If; }
};

/// A convolution with BN folded in, weights packed [k*k taps][cin][coutPad] (coutPad a multiple of kCoutAlign,
/// padded channels zero), bias [coutPad].
struct PackedConvView {
    const float* weights = nullptr;
    const float* bias = nullptr;
    int cin = 0, cout = 0, coutPad = 0, kernel = 1, stride = 1, pad = 0;
};

inline constexpr int kCoutAlign = 64;

/// Active inputs of one layer call, compressed per (t, y, x): entries [begin[i], begin[i+1]) of `offset`/`value`
/// are the nonzero channels c of pixel i = (t * H + y) * W + x, stored as the weight-row offset c * coutPad.
/// `binary`: every value is 1 (spikes), so the kernel adds weight rows without multiplying.
struct EventView {
    const std::int64_t* begin = nullptr;  // T*H*W + 1
    const std::uint32_t* offset = nullptr;
    const float* value = nullptr;
    int T = 0, H = 0, W = 0, C = 0;
    bool binary = false;
};

/// One fused conv + neuron call over output rows [rowBegin, rowEnd) and cout tiles [tileBegin, tileEnd) of 64.
struct ConvJob {
    PackedConvView conv;
    ActView input;           // dense kernels: padded by conv.pad on each side (H, W include the padding)
    EventView events;        // event kernel: the unpadded input as events
    ActView residual;        // added to the conv output before the neuron; data == nullptr for none
    NeuronParams neuron;
    ActSpan output;          // [T][outH][outW][cout]
    float* membrane = nullptr;  // optional [T][outH][outW][cout]: H (the charge before firing), or X for ReLU/Identity
    int T = 1;               // output timesteps; input.T / events.T divides it (broadcast)
};

}  // namespace topospike::kernels
