#include "topospike/stimuli/gratings.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace topospike::stimuli {

void GratingSpec::validate() const {
    if (size < 1 || size > 8192) throw std::invalid_argument("grating size must be 1..8192 pixels");
    if (!std::isfinite(orientationDeg) || !std::isfinite(cyclesPerImage) || !std::isfinite(phase))
        throw std::invalid_argument("grating orientation, spatial frequency and phase must be finite");
    if (!(contrast >= 0.0 && contrast <= 1.0)) throw std::invalid_argument("grating contrast must lie in [0, 1]");
    if (cyclesPerImage < 0.0) throw std::invalid_argument("grating spatial frequency must not be negative");
}

Image makeGrating(const GratingSpec& s) {
    s.validate();
    Image img;
    img.width = img.height = s.size;
    img.rgb.resize(static_cast<std::size_t>(3) * s.size * s.size);
    const double pi = std::acos(-1.0);
    const double theta = s.orientationDeg * pi / 180.0, k = 2.0 * pi * s.cyclesPerImage / s.size;
    const double c = std::cos(theta), sn = std::sin(theta);
    for (int y = 0; y < s.size; ++y)
        for (int x = 0; x < s.size; ++x) {
            const double g = std::cos(k * (x * c + y * sn) + s.phase);
            const double level = std::nearbyint(std::clamp(128.0 + 128.0 * s.contrast * g, 0.0, 255.0));
            float* px = img.rgb.data() + (static_cast<std::size_t>(y) * s.size + x) * 3;
            const auto l = static_cast<float>(level / 255.0);
            if (s.color == ColorPair::BlackWhite) {
                px[0] = px[1] = px[2] = l;
            } else {
                px[0] = l;
                px[1] = px[2] = static_cast<float>((255.0 - level) / 255.0);
            }
        }
    return img;
}

InputImage gratingInput(const GratingSpec& spec, const PreprocessOptions& options) {
    return preprocess(makeGrating(spec), options);
}

std::vector<GratingStimulus> tdannGratingSet(int size) {
    const double pi = std::acos(-1.0);
    std::vector<GratingStimulus> out;
    out.reserve(640);
    for (int o = 0; o < 8; ++o)
        for (int f = 0; f < 8; ++f)
            for (int p = 0; p < 5; ++p)
                for (int col = 0; col < 2; ++col) {
                    GratingStimulus g;
                    g.spec.orientationDeg = 180.0 * o / 8.0;
                    g.spec.cyclesPerImage = 5.5 + (110.0 - 5.5) * f / 8.0;
                    g.spec.phase = 2.0 * pi * p / 5.0;
                    g.spec.color = col ? ColorPair::RedCyan : ColorPair::BlackWhite;
                    g.spec.size = size;
                    g.orientationIndex = o;
                    g.sfIndex = f;
                    g.phaseIndex = p;
                    char name[96];
                    std::snprintf(name, sizeof name, "%.1fdeg_%.2fsf_%.1fphase_%s", g.spec.orientationDeg,
                                  g.spec.cyclesPerImage, g.spec.phase, col ? "color" : "bw");
                    g.name = name;
                    out.push_back(std::move(g));
                }
    return out;
}

}  // namespace topospike::stimuli
