#pragma once
/// @file gratings.hpp
/// Full-field sine gratings and TDANN's 640-stimulus grating set (8 orientations x 8 spatial frequencies x 5 phases x
/// black/white and red/cyan; tdsnn-reference §4.1).

#include <string>
#include <vector>

#include "topospike/stimuli/image.hpp"

namespace topospike::stimuli {

enum class ColorPair { BlackWhite, RedCyan };

/// Degrees of visual angle one image spans in TDANN's conversions (cycles/image -> cycles/degree).
inline constexpr double kDegreesPerImage = 8.0;

struct GratingSpec {
    double orientationDeg = 0.0;    ///< 0: luminance varies along x (vertical bars); counter-clockwise in image
                                    ///< coordinates (y down), as g = cos(2π f (x cosθ + y sinθ) + φ)
    double cyclesPerImage = 31.63;  ///< spatial frequency over the image width
    double phase = 0.0;             ///< radians
    double contrast = 1.0;          ///< 0..1: L = 128 + 128 · contrast · g, clipped to 0..255
    ColorPair color = ColorPair::BlackWhite;  ///< red/cyan: R = L, G = B = 255 − L
    int size = 224;                 ///< square image side in pixels

    double cyclesPerDegree(double degreesPerImage = kDegreesPerImage) const { return cyclesPerImage / degreesPerImage; }
    /// Throws std::invalid_argument for a size outside 1..8192, a contrast outside [0, 1] or non-finite values.
    void validate() const;
};

/// Renders one grating as an 8-bit image would hold it (levels rounded to integers), values in [0, 1].
Image makeGrating(const GratingSpec& spec);

/// A grating as network input: makeGrating() then preprocess() (what `topospike-cli run --grating/--gratings`
/// presents). Throws std::invalid_argument for a bad spec or options.
InputImage gratingInput(const GratingSpec& spec, const PreprocessOptions& options = {});

/// One stimulus of a labelled set, with the labels the analyses use.
struct GratingStimulus {
    GratingSpec spec;
    std::string name;  ///< TDANN's file-name pattern: "<angle>deg_<sf>sf_<phase>phase_<bw|color>"
    int orientationIndex = 0, sfIndex = 0, phaseIndex = 0;
};

/// TDANN's sine-grating set: orientations linspace(0, 180, 9)[:-1], spatial frequencies linspace(5.5, 110, 9)[:-1]
/// cycles/image, phases linspace(0, 2π, 6)[:-1], black/white then red/cyan; nested orientation > sf > phase > colour.
std::vector<GratingStimulus> tdannGratingSet(int size = 224);

}  // namespace topospike::stimuli
