#include "common/map_set_digest.hpp"

#include "topospike/stimuli/gratings.hpp"

namespace topospike::app {
namespace {

template <class T>
std::vector<float> floats(const std::vector<T>& v) {
    return std::vector<float>(v.begin(), v.end());
}

CurveData curve(const analysis::SmoothnessResult& s) {
    CurveData c;
    c.x = s.binMidpoints;
    c.mean = s.meanCurve;
    c.chance = s.chanceCurve;
    c.score = s.smoothness;
    return c;
}

}  // namespace

void addGratingMaps(LayerMaps& maps, const analysis::V1Analysis& v1) {
    const auto& tuning = v1.tuning;
    maps.orientationLevels = tuning.orientation.levels;
    maps.sfLevels.clear();
    for (double cyclesPerImage : tuning.sf.levels) maps.sfLevels.push_back(cyclesPerImage / stimuli::kDegreesPerImage);
    maps.colorLevels = tuning.color.levels;
    maps.orientationTuning = floats(tuning.orientation.values);
    maps.sfTuning = floats(tuning.sf.values);
    maps.colorTuning = floats(tuning.color.values);
    maps.orientationDeg = floats(v1.orientation.preferenceDeg);
    for (float& deg : maps.orientationDeg)  // just below 180 may round up to 180 in float32: the same orientation
        if (deg >= 180.0f) deg = 0.0f;
    maps.orientationSelectivity = floats(v1.orientation.selectivity);
    maps.orientationPtp = floats(v1.orientationMask.peakToPeak);
    maps.sfCpd = floats(v1.sfPreferenceCpd);
    maps.sfPtp = floats(v1.sfMask.peakToPeak);
    maps.colorPreference = floats(v1.colorPreference);
    maps.colorPtp = floats(v1.colorMask.peakToPeak);
    maps.orientationSmoothness = curve(v1.orientationSmoothness);
    maps.sfSmoothness = curve(v1.sfSmoothness);
    maps.colorSmoothness = curve(v1.colorSmoothness);
}

void addCategoryMaps(LayerMaps& maps, const analysis::ItResult& it) {
    maps.tValues.clear();
    for (const auto& c : it.contrasts) maps.tValues.push_back(floats(c.t));
}

void addActivity(LayerMaps& maps, const analysis::LayerEntropy& entropy) {
    maps.meanRate = floats(entropy.unitProbability);
    maps.entropy = floats(entropy.unitEntropy);
    maps.entropyPerTimestep = entropy.perTimestep;
    maps.ratePerTimestep = entropy.probabilityPerTimestep;
}

void addActivity(LayerMaps& maps, const analysis::ResponseMatrix& activations) {
    const auto n = static_cast<std::size_t>(activations.units);
    std::vector<double> mean(n, 0.0);
    for (std::int64_t i = 0; i < activations.images; ++i) {
        const auto row = activations.row(i);
        for (std::size_t u = 0; u < n; ++u) mean[u] += row[u];
    }
    double layer = 0.0;
    for (auto& m : mean) {
        m /= static_cast<double>(activations.images);
        layer += m;
    }
    maps.meanRate = floats(mean);
    maps.entropy.clear();
    maps.entropyPerTimestep.clear();
    maps.ratePerTimestep = {n ? layer / static_cast<double>(n) : 0.0};
}

}  // namespace topospike::app
