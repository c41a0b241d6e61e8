#pragma once
/// @file demo_network.hpp
/// The built-in demonstration network: an UNTRAINED spiking ResNet-18 that shows what TopoSpike does before a
/// user has a checkpoint of their own. Seeded random weights (demo_weights.hpp), batch norms calibrated on
/// TDANN's sine gratings so every layer fires (bn_calibration.hpp), and TDANN retinotopic positions for its
/// eight topographic layers, swap-optimised on its own grating responses so V1-like maps appear.
/// It is built once and cached; everything that shows it labels it kDemoLabel.
///
/// On disk (writeDemo, `topospike-cli demo --out DIR`), ordinary files every reader of the app accepts:
///   DIR/demo_resnet18.safetensors   state_dict in torchvision / SpikingJelly names, metadata says what it is
///   DIR/positions/<layer>.npz       TDANN position folder (final millimetres; version.txt says not to rescale)
///   DIR/README.txt                  what it is, how it was made, the parameters

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "topospike/demo/bn_calibration.hpp"
#include "topospike/io/positions.hpp"
#include "topospike/progress.hpp"
#include "topospike/tensor_map.hpp"

namespace topospike::demo {

inline constexpr const char* kDemoLabel = "untrained demonstration network";
inline constexpr const char* kDemoCheckpointName = "demo_resnet18.safetensors";
/// Bumped whenever the recipe changes, so stale caches are rebuilt.
inline constexpr int kDemoRecipeVersion = 1;

struct DemoOptions {
    int imageSize = 224;               ///< grating size for calibration and responses
    int T = 4;                         ///< timesteps (the paper's T)
    std::uint64_t seed = 2026;         ///< weights, calibration targets, positions and swaps
    double targetRate = 0.1;           ///< mean firing rate the calibration aims at
    int calibrationStride = 20;        ///< every n-th of the 640 gratings calibrates (32 stimuli)
    /// Swap attempts for layer1.x and layer2.x; layer3.x and layer4.x get a twentieth (TDANN: 50,000,000 each).
    std::int64_t swapStepsPerLayer = 10'000'000;
    int threads = 0;                   ///< 0: all cores
    /// A stable name for these options, used as the cache sub-folder.
    std::string cacheKey() const;
};

/// What the swap optimisation did to one layer.
struct DemoLayerSummary {
    std::string layer;
    std::int64_t attempted = 0, accepted = 0;
    double lossBefore = 0.0, lossAfter = 0.0, seconds = 0.0;
};

struct DemoNetwork {
    DemoOptions options;
    TensorMap weights;
    io::PositionSet positions;
    CalibrationReport calibration;
    std::vector<DemoLayerSummary> layers;
    /// Several lines describing the network, its making and its parameters (README.txt).
    std::string describe() const;
};

/// Builds the demo (about a minute at 224 on two cores). Progress in per-mille of the whole job.
DemoNetwork buildDemo(const DemoOptions& options, const StepProgressFn& progress = {},
                      const CancelToken* cancel = nullptr);

/// Writes the demo into `dir` (created; must not exist or be empty). The files appear together: they are
/// written into a temporary sibling folder that is renamed into place. Throws FileError.
void writeDemo(const std::filesystem::path& dir, const DemoNetwork& demo);

/// True if `dir` holds a complete demo (checkpoint, positions, README).
bool isDemoFolder(const std::filesystem::path& dir);

/// The user's cache folder for TopoSpike: $XDG_CACHE_HOME/topospike, else $HOME/.cache/topospike.
std::filesystem::path userCacheDirectory();

/// The cached demo for `options`, built and written there first if it is not cached yet.
std::filesystem::path ensureDemo(const DemoOptions& options = {}, const StepProgressFn& progress = {},
                                 const CancelToken* cancel = nullptr);

}  // namespace topospike::demo
