#pragma once
/// @file layer_record.hpp
/// What one stimulus left in one layer: its outputs [T, C, H, W] (bit-packed when binary), optionally the membrane
/// charge H. Unit index u = c·H·W + h·W + w (PyTorch CHW flatten order, the positions' order).

#include <cstdint>
#include <string>
#include <vector>

namespace topospike::run {

/// How a layer's values are stored: spikes (0/1, one bit each), small integers 0..255 (SEW-ADD block outputs),
/// or float (ANN activations, anything else). Chosen per record from the values, losslessly.
enum class ValueKind : std::uint8_t { Binary, SmallInt, Float };

class LayerRecord {
public:
    LayerRecord() = default;
    /// Takes outputs in the engine's NHWC layout [T][H][W][C] and stores them [T][C][H][W].
    static LayerRecord fromNhwc(std::string name, const float* nhwc, int T, int C, int H, int W);

    const std::string& name() const noexcept { return name_; }
    int timesteps() const noexcept { return T_; }
    int channels() const noexcept { return C_; }
    int height() const noexcept { return H_; }
    int width() const noexcept { return W_; }
    std::int64_t units() const noexcept { return std::int64_t{C_} * H_ * W_; }
    ValueKind kind() const noexcept { return kind_; }

    /// Output of unit u at timestep t.
    float value(int t, std::int64_t unit) const noexcept;
    /// All outputs [T][C][H][W] as uint8 (Float records are rounded and clamped to 0..255; see isExactAsUint8).
    std::vector<std::uint8_t> toUint8() const;
    bool isExactAsUint8() const noexcept { return kind_ != ValueKind::Float; }
    /// All outputs [T][C][H][W] as float.
    std::vector<float> toFloat() const;
    /// Per unit: the sum over timesteps (spike counts for spiking layers).
    std::vector<float> counts() const;
    /// Per timestep: the fraction of nonzero outputs.
    std::vector<double> activeFraction() const;
    /// Packed bits of timestep t (Binary only): bit u of the array, little bit order (numpy bitorder='little').
    const std::uint8_t* bits(int t) const noexcept;
    std::size_t storedBytes() const noexcept { return bytes_.size() + floats_.size() * sizeof(float) + membrane_.size() * sizeof(float); }

    /// Membrane charge H before firing [T][C][H][W] (empty unless recorded).
    const std::vector<float>& membrane() const noexcept { return membrane_; }
    void setMembraneFromNhwc(const float* nhwc);

private:
    std::string name_;
    int T_ = 0, C_ = 0, H_ = 0, W_ = 0;
    ValueKind kind_ = ValueKind::Binary;
    std::size_t bytesPerStep_ = 0;
    std::vector<std::uint8_t> bytes_;  // Binary: packed bits per step; SmallInt: one byte per value
    std::vector<float> floats_;
    std::vector<float> membrane_;
};

/// Time and kernel choice of one conv call.
struct LayerTiming {
    std::string name;         // "stem", "layer1.0.conv1", "layer1.0.downsample", "maxpool", "head"
    std::string kernel;       // "dense", "event", or "-" for non-conv steps
    double inputDensity = 0;  // fraction of nonzero inputs
    double seconds = 0;
};

/// The membrane trace of one chosen unit.
struct MembraneTrace {
    std::string population;  // population or layer name
    std::int64_t unit = 0;
    std::vector<float> charge;  // H per timestep
    std::vector<float> output;  // spike (or value) per timestep
};

/// Everything one stimulus produced.
struct ImageResult {
    std::vector<LayerRecord> layers;       // "stem", "layer1.0", … and, when asked, every population
    std::vector<float> logits;             // mean over T (empty for a trunk without fc)
    std::vector<float> logitsPerStep;      // [T][classes]
    std::vector<MembraneTrace> traces;
    std::vector<LayerTiming> timings;
    const LayerRecord* find(const std::string& name) const noexcept;
};

}  // namespace topospike::run
