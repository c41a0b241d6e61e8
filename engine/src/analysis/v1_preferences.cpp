#include "topospike/analysis/v1_preferences.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <cmath>
#include <limits>
#include <numbers>

#include "topospike/analysis/statistics.hpp"
#include "topospike/analysis/von_mises.hpp"

namespace topospike::analysis {
namespace {

constexpr std::int64_t kFitsPerStep = 4096;  // von Mises fits between progress reports

// cos 2θ_k and sin 2θ_k for the levels (degrees).
void phasors(const std::vector<double>& levelsDeg, std::vector<double>& c, std::vector<double>& s) {
    c.resize(levelsDeg.size());
    s.resize(levelsDeg.size());
    for (std::size_t k = 0; k < levelsDeg.size(); ++k) {
        const double twoTheta = levelsDeg[k] * (std::numbers::pi / 180.0) * 2.0;
        c[k] = std::cos(twoTheta);
        s[k] = std::sin(twoTheta);
    }
}

// Selectivity (and, if wanted, the vector-sum preference) of every unit.
void vectorSum(const TuningCurves& tc, std::vector<double>* preference, std::vector<double>& selectivity) {
    std::vector<double> c, s;
    phasors(tc.levels, c, s);
    const std::size_t L = tc.levels.size();
    if (preference) preference->assign(static_cast<std::size_t>(tc.units), 0.0);
    selectivity.assign(static_cast<std::size_t>(tc.units), 0.0);
    tbb::parallel_for(tbb::blocked_range<std::int64_t>(0, tc.units, 4096), [&](const tbb::blocked_range<std::int64_t>& r) {
        for (std::int64_t u = r.begin(); u != r.end(); ++u) {
            const double* curve = tc.curve(u);
            double re = 0.0, im = 0.0, total = 0.0;
            for (std::size_t k = 0; k < L; ++k) {
                re += curve[k] * c[k];
                im += curve[k] * s[k];
                total += curve[k];
            }
            selectivity[static_cast<std::size_t>(u)] =
                total == 0.0 ? std::numeric_limits<double>::quiet_NaN() : std::hypot(re, im) / total;
            if (preference) {
                double deg = std::atan2(im, re) * (180.0 / std::numbers::pi) / 2.0;
                deg = std::fmod(deg, 180.0);
                if (deg < 0.0) deg += 180.0;
                if (deg >= 180.0) deg -= 180.0;
                (*preference)[static_cast<std::size_t>(u)] = deg;
            }
        }
    });
}

}  // namespace

const char* orientationMethodName(OrientationMethod method) noexcept {
    return method == OrientationMethod::VectorSum ? "vector-sum" : "von-mises";
}

OrientationPreferences vectorSumPreferences(const TuningCurves& orientation) {
    OrientationPreferences p;
    p.method = OrientationMethod::VectorSum;
    vectorSum(orientation, &p.preferenceDeg, p.selectivity);
    return p;
}

OrientationPreferences vonMisesPreferences(const TuningCurves& orientation, const StepProgressFn& progress,
                                           const CancelToken* cancel) {
    OrientationPreferences p;
    p.method = OrientationMethod::VonMises;
    vectorSum(orientation, nullptr, p.selectivity);
    const std::int64_t U = orientation.units;
    const std::size_t L = orientation.levels.size();
    p.preferenceDeg.assign(static_cast<std::size_t>(U), 0.0);
    std::vector<std::uint8_t> failed(static_cast<std::size_t>(U), 0);
    for (std::int64_t first = 0; first < U; first += kFitsPerStep) {
        if (cancel) cancel->check();
        const std::int64_t last = std::min(U, first + kFitsPerStep);
        tbb::parallel_for(tbb::blocked_range<std::int64_t>(first, last, 64), [&](const tbb::blocked_range<std::int64_t>& r) {
            for (std::int64_t u = r.begin(); u != r.end(); ++u) {
                const VonMisesFit fit =
                    vonMisesPreference(std::span<const double>(orientation.curve(u), L), orientation.levels);
                p.preferenceDeg[static_cast<std::size_t>(u)] = fit.preferenceDeg;
                failed[static_cast<std::size_t>(u)] = fit.converged ? 0 : 1;
            }
        });
        if (progress) progress(last, U);
    }
    for (std::uint8_t f : failed) p.failedFits += f;
    return p;
}

std::vector<std::int32_t> argmaxPreferences(const TuningCurves& curves) {
    const std::size_t L = curves.levels.size();
    std::vector<std::int32_t> out(static_cast<std::size_t>(curves.units), 0);
    for (std::int64_t u = 0; u < curves.units; ++u) {
        const double* c = curves.curve(u);
        std::size_t best = 0;
        for (std::size_t k = 1; k < L; ++k)
            if (c[k] > c[best]) best = k;
        out[static_cast<std::size_t>(u)] = static_cast<std::int32_t>(best);
    }
    return out;
}

std::vector<std::int64_t> PercentileMask::indices() const {
    std::vector<std::int64_t> out;
    out.reserve(static_cast<std::size_t>(count));
    for (std::size_t u = 0; u < mask.size(); ++u)
        if (mask[u]) out.push_back(static_cast<std::int64_t>(u));
    return out;
}

PercentileMask peakToPeakMask(const TuningCurves& curves, double percentile) {
    PercentileMask m;
    m.percentile = percentile;
    m.peakToPeak = curves.peakToPeak();
    m.cutoff = scoreAtPercentile(m.peakToPeak, percentile);
    m.mask.assign(m.peakToPeak.size(), 0);
    for (std::size_t u = 0; u < m.peakToPeak.size(); ++u)
        if (m.peakToPeak[u] > m.cutoff) {
            m.mask[u] = 1;
            ++m.count;
        }
    return m;
}

}  // namespace topospike::analysis
