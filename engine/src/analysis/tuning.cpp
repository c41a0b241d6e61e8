#include "topospike/analysis/tuning.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "topospike/analysis/statistics.hpp"

namespace topospike::analysis {
namespace {

constexpr std::int64_t kBlockUnits = 512;    // units per task: 18 accumulators x 512 doubles stay in L2
constexpr std::int64_t kBlocksPerStep = 16;  // blocks between progress reports / cancellation checks

TuningCurves emptyCurves(GratingMetric metric, const std::vector<double>& labelValues, std::vector<int>& levelOf,
                         std::int64_t units) {
    TuningCurves c;
    c.metric = metric;
    c.levels = distinctLevels(labelValues, &levelOf);
    c.imagesPerLevel.assign(c.levels.size(), 0);
    for (int l : levelOf) ++c.imagesPerLevel[static_cast<std::size_t>(l)];
    c.units = units;
    c.values.assign(static_cast<std::size_t>(units) * c.levels.size(), 0.0);
    return c;
}

}  // namespace

const char* metricName(GratingMetric metric) noexcept {
    switch (metric) {
        case GratingMetric::Orientation: return "orientation";
        case GratingMetric::SpatialFrequency: return "sf";
        case GratingMetric::Color: return "color";
    }
    return "?";
}

std::vector<double> TuningCurves::peakToPeak() const {
    const std::size_t L = levels.size();
    std::vector<double> out(static_cast<std::size_t>(units), 0.0);
    if (L == 0) return out;
    for (std::int64_t u = 0; u < units; ++u) {
        const double* c = curve(u);
        const auto [mn, mx] = std::minmax_element(c, c + L);
        out[static_cast<std::size_t>(u)] = *mx - *mn;
    }
    return out;
}

std::vector<double> distinctLevels(const std::vector<double>& labels, std::vector<int>* levelOfImage) {
    std::vector<double> levels = labels;
    std::sort(levels.begin(), levels.end());
    levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
    if (levelOfImage) {
        levelOfImage->resize(labels.size());
        for (std::size_t i = 0; i < labels.size(); ++i)
            (*levelOfImage)[i] =
                static_cast<int>(std::lower_bound(levels.begin(), levels.end(), labels[i]) - levels.begin());
    }
    return levels;
}

TuningResult computeTuning(const ResponseMatrix& responses, const GratingLabels& labels,
                           const NormalizationParams& params, const StepProgressFn& progress,
                           const CancelToken* cancel) {
    if (responses.images <= 0 || responses.units <= 0) throw std::invalid_argument("the response matrix is empty");
    requireImageCount(labels, responses.images);
    const std::int64_t N = responses.images, U = responses.units;

    TuningResult result;
    std::vector<int> lvOri, lvSf, lvColor;
    result.orientation = emptyCurves(GratingMetric::Orientation, labels.orientation, lvOri, U);
    result.sf = emptyCurves(GratingMetric::SpatialFrequency, labels.sf, lvSf, U);
    result.color = emptyCurves(GratingMetric::Color, labels.color, lvColor, U);
    const std::int64_t Lo = static_cast<std::int64_t>(result.orientation.levelCount());
    const std::int64_t Ls = static_cast<std::int64_t>(result.sf.levelCount());
    const std::int64_t Lc = static_cast<std::int64_t>(result.color.levelCount());
    const std::int64_t Lall = Lo + Ls + Lc;
    result.meanResponse.assign(static_cast<std::size_t>(U), 0.0);
    std::vector<float> unitMax(static_cast<std::size_t>(U)), unitMin(static_cast<std::size_t>(U));

    // One pass over R per block of units: every image adds its row to the accumulator of its level in each metric.
    auto runBlock = [&](std::int64_t block) {
        const std::int64_t u0 = block * kBlockUnits, n = std::min(kBlockUnits, U - u0);
        std::vector<double> acc(static_cast<std::size_t>(Lall * kBlockUnits), 0.0);
        std::vector<float> mx(static_cast<std::size_t>(n), -std::numeric_limits<float>::infinity());
        std::vector<float> mn(static_cast<std::size_t>(n), std::numeric_limits<float>::infinity());
        for (std::int64_t i = 0; i < N; ++i) {
            const float* row = responses.values.data() + i * U + u0;
            double* a = acc.data() + lvOri[static_cast<std::size_t>(i)] * kBlockUnits;
            double* b = acc.data() + (Lo + lvSf[static_cast<std::size_t>(i)]) * kBlockUnits;
            double* c = acc.data() + (Lo + Ls + lvColor[static_cast<std::size_t>(i)]) * kBlockUnits;
            for (std::int64_t u = 0; u < n; ++u) {
                const float v = row[u];
                a[u] += v;
                b[u] += v;
                c[u] += v;
                mx[static_cast<std::size_t>(u)] = std::max(mx[static_cast<std::size_t>(u)], v);
                mn[static_cast<std::size_t>(u)] = std::min(mn[static_cast<std::size_t>(u)], v);
            }
        }
        auto store = [&](TuningCurves& tc, std::int64_t offset, std::int64_t L) {
            for (std::int64_t u = 0; u < n; ++u)
                for (std::int64_t k = 0; k < L; ++k)
                    tc.values[static_cast<std::size_t>((u0 + u) * L + k)] =
                        acc[static_cast<std::size_t>((offset + k) * kBlockUnits + u)] /
                        static_cast<double>(tc.imagesPerLevel[static_cast<std::size_t>(k)]);
        };
        store(result.orientation, 0, Lo);
        store(result.sf, Lo, Ls);
        store(result.color, Lo + Ls, Lc);
        for (std::int64_t u = 0; u < n; ++u) {
            double total = 0.0;
            for (std::int64_t k = 0; k < Lc; ++k) total += acc[static_cast<std::size_t>((Lo + Ls + k) * kBlockUnits + u)];
            result.meanResponse[static_cast<std::size_t>(u0 + u)] = total / static_cast<double>(N);
            unitMax[static_cast<std::size_t>(u0 + u)] = mx[static_cast<std::size_t>(u)];
            unitMin[static_cast<std::size_t>(u0 + u)] = mn[static_cast<std::size_t>(u)];
        }
    };
    const std::int64_t blocks = (U + kBlockUnits - 1) / kBlockUnits;
    for (std::int64_t first = 0; first < blocks; first += kBlocksPerStep) {
        if (cancel) cancel->check();
        const std::int64_t last = std::min(blocks, first + kBlocksPerStep);
        tbb::parallel_for(tbb::blocked_range<std::int64_t>(first, last, 1), [&](const tbb::blocked_range<std::int64_t>& r) {
            for (std::int64_t b = r.begin(); b != r.end(); ++b) runBlock(b);
        });
        if (progress) progress(last, blocks);
    }
    for (double m : result.meanResponse)
        if (!std::isfinite(m)) throw std::invalid_argument("the responses contain NaN or infinite values");

    // TDANN's normalisation, applied to the (linear) tuning curves.
    Normalization& norm = result.normalization;
    norm.params = params;
    norm.enabled = params.enabled;
    if (params.enabled) {
        const float globalMin = *std::min_element(unitMin.begin(), unitMin.end());
        norm.shift = globalMin < 0.0f ? static_cast<double>(globalMin) : 0.0;
        std::vector<double> peaks(unitMax.size());
        for (std::size_t u = 0; u < peaks.size(); ++u) peaks[u] = static_cast<double>(unitMax[u]) - norm.shift;
        norm.medianPeak = median(peaks);
        if (norm.medianPeak > 0.0) {
            norm.scale = params.targetMedianPeak / norm.medianPeak;
        } else {
            norm.scale = 1.0;
            result.note = "the median unit peak response is 0 (most units never respond): normalisation scale skipped";
        }
        for (TuningCurves* tc : {&result.orientation, &result.sf, &result.color})
            for (double& v : tc->values) v = norm.apply(v);
        for (double& m : result.meanResponse) m = norm.apply(m);
    }
    return result;
}

}  // namespace topospike::analysis
