#include "topospike/analysis/tmap.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace topospike::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The t of TDANN's tstat from the group statistics.
double tFromGroups(double meanOn, double m2On, double countOn, double nOn, double meanOff, double m2Off,
                   double countOff, double nOff) {
    // nanstd with ddof 0: sqrt(M2 / count); NaN when the group has no finite value.
    const double varOn = countOn > 0 ? m2On / countOn : kNaN;
    const double varOff = countOff > 0 ? m2Off / countOff : kNaN;
    const double denom = std::sqrt(varOn / nOn + varOff / nOff);
    if (denom == 0.0) return 0.0;
    return (meanOn - meanOff) / denom;
}

struct Group {
    double count = 0, mean = kNaN, m2 = 0;
};

// Merges the categories `members` of unit u into one group (Chan et al.: exact for the sum of squared
// deviations about the pooled mean).
Group pooled(const CategoryStats& s, const std::vector<std::int32_t>& members, std::int64_t u) {
    Group g;
    double sum = 0;
    for (auto k : members) {
        const auto i = static_cast<std::size_t>(k * s.units + u);
        if (s.count[i] > 0) {
            g.count += s.count[i];
            sum += s.mean[i] * s.count[i];
        }
    }
    if (g.count == 0) return g;
    g.mean = sum / g.count;
    for (auto k : members) {
        const auto i = static_cast<std::size_t>(k * s.units + u);
        if (s.count[i] > 0) {
            const double d = s.mean[i] - g.mean;
            g.m2 += s.m2[i] + s.count[i] * d * d;
        }
    }
    return g;
}

}  // namespace

double tStatistic(std::span<const double> on, std::span<const double> off) {
    auto stats = [](std::span<const double> x) {
        Group g;
        double sum = 0;
        for (double v : x)
            if (!std::isnan(v)) {
                sum += v;
                g.count += 1;
            }
        if (g.count == 0) return g;
        g.mean = sum / g.count;
        for (double v : x)
            if (!std::isnan(v)) g.m2 += (v - g.mean) * (v - g.mean);
        return g;
    };
    const Group a = stats(on), b = stats(off);
    return tFromGroups(a.mean, a.m2, a.count, static_cast<double>(on.size()), b.mean, b.m2, b.count,
                       static_cast<double>(off.size()));
}

CategoryStats categoryStats(const ResponseMatrix& responses, const ImageLabels& labels, const CancelToken* cancel) {
    if (responses.images != labels.images())
        throw std::invalid_argument("the labels name " + std::to_string(labels.images()) + " images but the responses have " +
                                    std::to_string(responses.images));
    CategoryStats s;
    s.categories = static_cast<std::int64_t>(labels.categories.size());
    s.units = responses.units;
    s.images.assign(static_cast<std::size_t>(s.categories), 0);
    for (auto c : labels.category)
        if (c >= 0) ++s.images[static_cast<std::size_t>(c)];
    const auto cells = static_cast<std::size_t>(s.categories * s.units);
    s.count.assign(cells, 0.0);
    s.mean.assign(cells, 0.0);
    s.m2.assign(cells, 0.0);

    const std::int64_t N = responses.units;
    constexpr std::int64_t kBlock = 2048;
    tbb::parallel_for(tbb::blocked_range<std::int64_t>(0, (N + kBlock - 1) / kBlock), [&](const auto& range) {
        for (std::int64_t b = range.begin(); b != range.end(); ++b) {
            if (cancel) cancel->check();
            const std::int64_t u0 = b * kBlock, u1 = std::min(N, u0 + kBlock);
            // Pass 1: counts and sums of the finite values.
            for (std::int64_t i = 0; i < responses.images; ++i) {
                const std::int32_t k = labels.category[static_cast<std::size_t>(i)];
                if (k < 0) continue;
                const float* row = responses.values.data() + i * N;
                double* cnt = s.count.data() + k * N;
                double* sum = s.mean.data() + k * N;
                for (std::int64_t u = u0; u < u1; ++u) {  // branch-free so it vectorises
                    const float v = row[u];
                    const bool ok = v == v;
                    sum[u] += ok ? static_cast<double>(v) : 0.0;
                    cnt[u] += ok ? 1.0 : 0.0;
                }
            }
            for (std::int64_t k = 0; k < s.categories; ++k)
                for (std::int64_t u = u0; u < u1; ++u) {
                    const auto i = static_cast<std::size_t>(k * N + u);
                    s.mean[i] = s.count[i] > 0 ? s.mean[i] / s.count[i] : kNaN;
                }
            // Pass 2: squared deviations about each category mean.
            for (std::int64_t i = 0; i < responses.images; ++i) {
                const std::int32_t k = labels.category[static_cast<std::size_t>(i)];
                if (k < 0) continue;
                const float* row = responses.values.data() + i * N;
                const double* mean = s.mean.data() + k * N;
                double* m2 = s.m2.data() + k * N;
                for (std::int64_t u = u0; u < u1; ++u) {
                    const float v = row[u];
                    const double d = v == v ? static_cast<double>(v) - mean[u] : 0.0;
                    m2[u] += d * d;
                }
            }
        }
    });
    if (cancel) cancel->check();
    return s;
}

std::vector<double> tMap(const CategoryStats& stats, const ResolvedContrast& contrast) {
    double nOn = 0, nOff = 0;
    for (auto k : contrast.on) nOn += static_cast<double>(stats.images[static_cast<std::size_t>(k)]);
    for (auto k : contrast.off) nOff += static_cast<double>(stats.images[static_cast<std::size_t>(k)]);
    std::vector<double> t(static_cast<std::size_t>(stats.units));
    tbb::parallel_for(tbb::blocked_range<std::int64_t>(0, stats.units, 4096), [&](const auto& range) {
        for (std::int64_t u = range.begin(); u != range.end(); ++u) {
            const Group on = pooled(stats, contrast.on, u), off = pooled(stats, contrast.off, u);
            t[static_cast<std::size_t>(u)] = tFromGroups(on.mean, on.m2, on.count, nOn, off.mean, off.m2, off.count, nOff);
        }
    });
    return t;
}

std::vector<std::vector<double>> tMaps(const ResponseMatrix& responses, const ImageLabels& labels,
                                       std::span<const ResolvedContrast> contrasts, const CancelToken* cancel) {
    const CategoryStats stats = categoryStats(responses, labels, cancel);
    std::vector<std::vector<double>> out;
    out.reserve(contrasts.size());
    for (const auto& c : contrasts) out.push_back(tMap(stats, c));
    return out;
}

std::vector<double> meanResponse(const CategoryStats& stats) {
    std::vector<double> out(static_cast<std::size_t>(stats.units));
    for (std::int64_t u = 0; u < stats.units; ++u) {
        double count = 0, sum = 0;
        for (std::int64_t k = 0; k < stats.categories; ++k) {
            const auto i = static_cast<std::size_t>(k * stats.units + u);
            if (stats.count[i] > 0) {
                count += stats.count[i];
                sum += stats.mean[i] * stats.count[i];
            }
        }
        out[static_cast<std::size_t>(u)] = count > 0 ? sum / count : kNaN;
    }
    return out;
}

}  // namespace topospike::analysis
