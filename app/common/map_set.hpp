#pragma once
// Maps of every topographic layer computed from one stimulus set run through the network: what the sheet view
// colours by, what the inspector plots, what figures draw and what data export writes. A MapSet is a digest of
// the engine's analyses (V1 for gratings, IT for labelled image sets, spike entropy and rates for either), so
// the GUI and the CLI show the same numbers; it is saved as a NumPy .npz (array names below) and cached per
// checkpoint + positions + run settings + stimulus set + analysis settings.
//
// .npz layout (every array is optional except meta): "meta" a 0-d '<U' JSON string {format: "topospike-maps",
// version: 1, stimulus_set, images, T, key, layers: [{name, units, dims: [C, H, W]}, ...], contrasts: [names]};
// then per layer L (the grating arrays, through smoothness_scores, are present together or not at all):
//   L/orientation_levels [8] deg, L/orientation_tuning [N, 8], L/orientation_deg [N], L/orientation_selectivity [N],
//   L/orientation_ptp [N], L/sf_levels [8] cpd, L/sf_tuning [N, 8], L/sf_cpd [N], L/sf_ptp [N],
//   L/color_levels [2], L/color_tuning [N, 2], L/color_preference [N] (level index), L/color_ptp [N],
//   L/smoothness_{orientation,sf,color} [3, bins] (rows: bin midpoints mm, mean curve, chance curve) and
//   L/smoothness_scores [3], L/t_values [contrasts, N], L/mean_rate [N], L/entropy [N] bits,
//   L/entropy_per_timestep [T], L/rate_per_timestep [T]; float32 per-unit arrays, float64 levels and curves.
// loadMapSet refuses anything else (other or unknown arrays, shapes or dtypes that disagree, another version).

#include <cstdint>
#include <filesystem>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "topospike/analysis/categories.hpp"
#include "topospike/io/positions.hpp"
#include "topospike/model/network.hpp"
#include "topospike/progress.hpp"
#include "topospike/run/simulator.hpp"
#include "topospike/stimuli/image.hpp"

namespace topospike::app {

/// A distance curve of the smoothness analysis (TDANN's 9 bins).
struct CurveData {
    std::vector<double> x;       ///< bin midpoints, mm
    std::vector<double> mean;    ///< mean |Δpreference| per bin
    std::vector<double> chance;  ///< the same with distances shuffled
    double score = std::numeric_limits<double>::quiet_NaN();  ///< smoothness (TDANN), NaN when not computed
    bool empty() const noexcept { return x.empty(); }
};

struct LayerMaps {
    std::string layer;
    std::int64_t units = 0;
    std::vector<std::int64_t> dims;  ///< C, H, W

    // Grating set (V1 analysis); empty when not computed.
    std::vector<double> orientationLevels, sfLevels, colorLevels;  ///< deg, cycles/degree, 0/1
    std::vector<float> orientationTuning, sfTuning, colorTuning;   ///< units × levels, normalised responses
    std::vector<float> orientationDeg, orientationSelectivity, orientationPtp;  ///< deg in [0, 180); ptp of the curve
    std::vector<float> sfCpd, sfPtp;
    std::vector<float> colorPreference, colorPtp;  ///< level index (0 b/w, 1 colour)
    CurveData orientationSmoothness, sfSmoothness, colorSmoothness;

    // Labelled image set (IT analysis); empty when not computed.
    std::vector<std::vector<float>> tValues;  ///< per contrast (MapSet::contrasts), per unit

    // Activity over the set (either kind), from the engine's spike entropy (entropy.hpp): a count above 1
    // (SEW-ADD) counts as one spike. ANN runs (T = 1): meanRate is the mean activation, ratePerTimestep its
    // mean over units, and the entropies are empty.
    std::vector<float> meanRate;                 ///< spikes per timestep, mean over images and timesteps (p_u)
    std::vector<float> entropy;                  ///< per unit, bits (binary entropy of its firing probability)
    std::vector<double> entropyPerTimestep;      ///< mean over units of H_u(t), T
    std::vector<double> ratePerTimestep;         ///< population rate per timestep (fraction of units firing), T

    bool hasGratingMaps() const noexcept { return !orientationDeg.empty(); }
    bool hasCategoryMaps() const noexcept { return !tValues.empty(); }
};

struct MapSet {
    std::string stimulusSet;             ///< "tdann-gratings" or the image folder
    std::int64_t images = 0;             ///< stimuli presented (an image folder's fLoc "scrambled" ones are not)
    int T = 0;
    std::string key;                     ///< the cache key it was computed for
    std::vector<std::string> contrasts;  ///< names of tValues rows: fLoc's domain contrasts (when every fLoc
                                         ///< category is present), then the user's (analysis::itContrasts)
    std::vector<LayerMaps> layers;       ///< topographic layers in network order
    const LayerMaps* find(std::string_view layer) const noexcept;
};

/// Which stimuli to analyse.
struct StimulusSetSpec {
    enum class Kind { Gratings, ImageFolder } kind = Kind::Gratings;
    /// TDANN's 640 gratings at this size, ImageNet-normalised (`topospike-cli run --gratings tdann --resize S
    /// --crop S`); `preprocess` does not apply to them.
    int gratingSize = 224;
    std::filesystem::path folder;          ///< image set (sub-folder or fLoc prefix categories)
    stimuli::PreprocessOptions preprocess; ///< for image folders
    std::vector<analysis::Contrast> contrasts;  ///< user contrasts added to the fLoc domains
};

/// Everything a cached result depends on, hashed into MapSet::key: SHA-256 (first 32 hex digits) of the absolute
/// checkpoint and positions paths with each file's size and modification time (a folder: every file below it), T
/// and the neuron settings (not threads, schedule or kernels: they give the same spikes), the stimulus set (kind,
/// grating size, or the folder's image files with sizes and times, preprocessing and contrasts) and the format and
/// analyses versions. Checkpoint loading choices (EMA weights, block override) are not part of it: a caller that
/// offers them must fold them into the checkpoint path it passes or keep separate caches.
std::string mapSetKey(const std::filesystem::path& checkpoint, const std::filesystem::path& positions,
                      const run::RunOptions& options, const StimulusSetSpec& spec);

/// Runs the set through `network` (streamed in chunks: per layer only the uint8 spike count over T of each image
/// and the entropy counts are kept; ANN runs keep float activations) and analyses every recorded layer that has
/// positions, in network order, with the engine's defaults: analyzeV1 on firing rates for gratings; for image
/// folders the t-maps of analyzeIt (no smoothness, patches or overlap). Progress is in per-mille of the whole job
/// (the run about 800, the analyses the rest). Throws Cancelled (nothing returned), FileError for an unreadable
/// image set, std::invalid_argument for a set without usable labels (checked before the run), a positioned layer
/// whose units differ from its positions', or no positioned layer.
MapSet computeMapSet(std::shared_ptr<const model::Network> network, const io::PositionSet& positions,
                     const run::RunOptions& options, const StimulusSetSpec& spec, const std::string& key,
                     const StepProgressFn& progress = {}, const CancelToken* cancel = nullptr);

/// Writes `maps` as the .npz above (temporary file + rename; the folder is created). Throws FileError, also for
/// a set whose sizes disagree (nothing is written then).
void saveMapSet(const std::filesystem::path& path, const MapSet& maps);
/// Reads a .npz written by saveMapSet. Throws FileError naming the file for anything else.
MapSet loadMapSet(const std::filesystem::path& path);

/// $XDG_CACHE_HOME/topospike/maps/<key>.npz
std::filesystem::path mapCachePath(const std::string& key);

}  // namespace topospike::app
