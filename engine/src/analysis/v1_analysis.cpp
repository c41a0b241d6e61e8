#include "topospike/analysis/v1_analysis.hpp"

#include <cmath>
#include <stdexcept>

#include "topospike/stimuli/gratings.hpp"

namespace topospike::analysis {
namespace {

constexpr int kStages = 6;
constexpr int kOrientationBins = 8;

void appendNote(std::string& note, const std::string& line) {
    if (!line.empty()) note += (note.empty() ? "" : "; ") + line;
}

template <class T>
std::vector<std::int64_t> levelCounts(const std::vector<T>& index, std::size_t levels, const std::vector<std::uint8_t>* mask) {
    std::vector<std::int64_t> counts(levels, 0);
    for (std::size_t u = 0; u < index.size(); ++u)
        if (!mask || (*mask)[u]) ++counts[static_cast<std::size_t>(index[u])];
    return counts;
}

std::vector<std::int64_t> orientationCounts(const std::vector<double>& deg, const std::vector<std::uint8_t>* mask) {
    std::vector<std::int64_t> counts(kOrientationBins, 0);
    const double width = 180.0 / kOrientationBins;
    for (std::size_t u = 0; u < deg.size(); ++u) {
        if (mask && !(*mask)[u]) continue;
        auto bin = static_cast<int>(std::floor(deg[u] / width));
        if (bin >= kOrientationBins || bin < 0) bin = 0;  // 180 is the same orientation as 0
        ++counts[static_cast<std::size_t>(bin)];
    }
    return counts;
}

}  // namespace

V1Analysis analyzeV1(const ResponseMatrix& responses, const GratingLabels& labels,
                     std::span<const double> coordinates, const V1Params& params, const StepProgressFn& progress,
                     const CancelToken* cancel) {
    if (coordinates.size() != 2 * static_cast<std::size_t>(responses.units))
        throw std::invalid_argument("analyze v1: " + std::to_string(coordinates.size() / 2) + " positions for " +
                                    std::to_string(responses.units) + " units");
    V1Analysis a;
    a.params = params;
    a.images = responses.images;
    a.units = responses.units;
    auto stage = [&](int done) {
        if (cancel) cancel->check();
        if (progress) progress(done, kStages);
    };

    a.tuning = computeTuning(responses, labels, params.normalization, {}, cancel);
    appendNote(a.note, a.tuning.note);
    stage(1);

    a.orientation = params.orientationMethod == OrientationMethod::VonMises ? vonMisesPreferences(a.tuning.orientation, {}, cancel)
                                                                            : vectorSumPreferences(a.tuning.orientation);
    if (a.orientation.failedFits > 0)
        appendNote(a.note, std::to_string(a.orientation.failedFits) +
                               " von Mises fits did not converge (their preference is the argmax of the interpolated curve)");
    stage(2);

    a.sfPreference = argmaxPreferences(a.tuning.sf);
    a.sfPreferenceCpd.resize(a.sfPreference.size());
    for (std::size_t u = 0; u < a.sfPreference.size(); ++u)
        a.sfPreferenceCpd[u] = a.tuning.sf.levels[static_cast<std::size_t>(a.sfPreference[u])] / stimuli::kDegreesPerImage;
    a.colorPreference = argmaxPreferences(a.tuning.color);
    a.orientationMask = peakToPeakMask(a.tuning.orientation, params.percentile);
    a.sfMask = peakToPeakMask(a.tuning.sf, params.percentile);
    a.colorMask = peakToPeakMask(a.tuning.color, params.percentile);

    PreferenceHistograms& h = a.histograms;
    for (int b = 0; b <= kOrientationBins; ++b) h.orientationEdgesDeg.push_back(180.0 * b / kOrientationBins);
    h.orientationAll = orientationCounts(a.orientation.preferenceDeg, nullptr);
    h.orientationMasked = orientationCounts(a.orientation.preferenceDeg, &a.orientationMask.mask);
    h.sfAll = levelCounts(a.sfPreference, a.tuning.sf.levelCount(), nullptr);
    h.sfMasked = levelCounts(a.sfPreference, a.tuning.sf.levelCount(), &a.sfMask.mask);
    h.colorAll = levelCounts(a.colorPreference, a.tuning.color.levelCount(), nullptr);
    h.colorMasked = levelCounts(a.colorPreference, a.tuning.color.levelCount(), &a.colorMask.mask);
    stage(3);

    const std::vector<double> sfValues(a.sfPreference.begin(), a.sfPreference.end());
    const std::vector<double> colorValues(a.colorPreference.begin(), a.colorPreference.end());
    struct Job {
        const PercentileMask* mask;
        const std::vector<double>* values;
        Difference difference;
        SmoothnessResult* out;
        const char* name;
    };
    const bool fig2 = params.publishedFig2Variant;
    const Job jobs[3] = {
        {&a.orientationMask, &a.orientation.preferenceDeg, Difference::Orientation180, &a.orientationSmoothness, "orientation"},
        {&a.sfMask, fig2 ? &a.orientation.preferenceDeg : &sfValues, fig2 ? Difference::Orientation180 : Difference::Absolute,
         &a.sfSmoothness, "sf"},
        {&a.colorMask, fig2 ? &a.orientation.preferenceDeg : &colorValues,
         fig2 ? Difference::Orientation180 : Difference::Absolute, &a.colorSmoothness, "color"},
    };
    for (int m = 0; m < 3; ++m) {
        SmoothnessParams sp = params.smoothness;
        sp.seed = params.smoothness.seed + static_cast<std::uint64_t>(m);
        const auto pool = jobs[m].mask->indices();
        if (static_cast<std::int64_t>(pool.size()) < sp.unitsPerSample)
            appendNote(a.note, std::string(jobs[m].name) + " mask has " + std::to_string(pool.size()) +
                                   " units, fewer than " + std::to_string(sp.unitsPerSample) + " per sample: all are used");
        *jobs[m].out = differenceOverDistance(*jobs[m].values, coordinates, pool, jobs[m].difference, sp, {}, cancel);
        stage(4 + m);
    }
    return a;
}

}  // namespace topospike::analysis
