#pragma once
/// @file responses.hpp
/// The inputs of every analysis: a response matrix R[image, unit] (firing rates, spike counts or any
/// activation) and, for the temporal analyses, the spikes S[image, t, unit].
///
/// Unit order is TDANN's and the recording's: u = c·H·W + h·W + w.
///
/// Sources:
/// - a `.npy` array whose first axis is the images and whose other axes are flattened into units
///   ([images, units] or TDANN's [images, C, H, W]); any numeric dtype, converted to float32;
/// - a recording `.npz` written by `topospike-cli run --record`: the layer's array is [N, T, C, H, W]
///   (or [T, C, H, W] for one stimulus); responses are the firing rate, the mean over T.

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace topospike::analysis {

/// R[image, unit], row-major float32.
struct ResponseMatrix {
    std::int64_t images = 0;
    std::int64_t units = 0;
    std::vector<float> values;            ///< images × units
    std::vector<std::int64_t> unitDims;   ///< C, H, W when known (prod = units), else {units}
    std::string source;                   ///< where it came from, for messages and result metadata

    ResponseMatrix() = default;
    ResponseMatrix(std::int64_t images, std::int64_t units);
    float at(std::int64_t image, std::int64_t unit) const noexcept {
        return values[static_cast<std::size_t>(image * units + unit)];
    }
    std::span<const float> row(std::int64_t image) const noexcept {
        return {values.data() + image * units, static_cast<std::size_t>(units)};
    }
    std::span<float> row(std::int64_t image) noexcept {
        return {values.data() + image * units, static_cast<std::size_t>(units)};
    }
};

/// S[image, t, unit]: spikes (0/1) or small integer counts (SEW-ADD layers), row-major uint8.
struct SpikeTensor {
    std::int64_t images = 0;
    std::int64_t timesteps = 0;
    std::int64_t units = 0;
    std::vector<std::uint8_t> values;     ///< images × timesteps × units
    std::vector<std::int64_t> unitDims;   ///< C, H, W
    std::string source;

    std::uint8_t at(std::int64_t image, std::int64_t t, std::int64_t unit) const noexcept {
        return values[static_cast<std::size_t>((image * timesteps + t) * units + unit)];
    }
    /// True when every value is 0 or 1.
    bool binary() const noexcept;
    /// Firing rates: the mean over timesteps, R[image, unit].
    ResponseMatrix firingRates() const;
};

/// Reads a response matrix from a `.npy` file (see the file comment). Throws FileError.
ResponseMatrix readResponses(const std::filesystem::path& npy);

/// Names of the layer arrays in a recording (every array but `logits` / `logits_t`). Throws FileError.
std::vector<std::string> recordingLayers(const std::filesystem::path& recording);

/// A layer's spikes from a recording `.npz`. Throws FileError naming the file and the layer if it is absent,
/// not [N,]T,C,H,W or not integer-valued (an ANN recording has float activations: use recordingResponses).
SpikeTensor readRecordingSpikes(const std::filesystem::path& recording, const std::string& layer);

/// A layer's responses from a recording: the mean over T of its values (firing rates for spiking layers,
/// activations for ANN recordings). Throws FileError.
ResponseMatrix readRecordingResponses(const std::filesystem::path& recording, const std::string& layer);

}  // namespace topospike::analysis
