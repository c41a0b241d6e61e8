#include "topospike/analysis/overlap.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace topospike::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// numpy's float floor_divide (npy_divmod), so the window count matches TDANN's at exact multiples too.
double numpyFloorDivide(double a, double b) {
    const double mod = std::fmod(a, b);
    double div = (a - mod) / b;
    if (mod != 0.0 && ((b < 0) != (mod < 0))) div -= 1.0;
    if (div == 0.0) return 0.0;
    double floordiv = std::floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
    return floordiv;
}

// np.linspace(start, stop, num)
std::vector<double> linspace(double start, double stop, std::int64_t num) {
    std::vector<double> out;
    if (num <= 0) return out;
    if (num == 1) return {start};
    const double step = (stop - start) / static_cast<double>(num - 1);
    for (std::int64_t i = 0; i < num; ++i) out.push_back(static_cast<double>(i) * step + start);
    out.back() = stop;
    return out;
}

std::vector<double> averageRanks(std::span<const double> x) {
    std::vector<std::size_t> order(x.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
    std::vector<double> rank(x.size());
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j + 1 < order.size() && x[order[j + 1]] == x[order[i]]) ++j;
        const double r = 0.5 * static_cast<double>(i + j) + 1.0;  // ranks i+1 .. j+1, averaged
        for (std::size_t k = i; k <= j; ++k) rank[order[k]] = r;
        i = j + 1;
    }
    return rank;
}

}  // namespace


double spearman(std::span<const double> a, std::span<const double> b) {
    if (a.size() != b.size()) throw std::invalid_argument("spearman: the vectors differ in length");
    const std::vector<double> ra = averageRanks(a), rb = averageRanks(b);
    return pearson(ra, rb);
}

std::vector<double> mapCorrelation(std::span<const std::vector<double>> maps) {
    const std::size_t C = maps.size();
    std::vector<double> out(C * C, kNaN);
    if (C == 0) return out;
    const std::size_t N = maps[0].size();
    for (const auto& m : maps)
        if (m.size() != N) throw std::invalid_argument("map correlation: the maps differ in length");
    std::vector<std::size_t> keep;
    for (std::size_t u = 0; u < N; ++u) {
        bool ok = true;
        for (const auto& m : maps) ok = ok && !std::isnan(m[u]);
        if (ok) keep.push_back(u);
    }
    std::vector<std::vector<double>> clean(C);
    for (std::size_t c = 0; c < C; ++c) {
        clean[c].reserve(keep.size());
        for (auto u : keep) clean[c].push_back(maps[c][u]);
    }
    for (std::size_t i = 0; i < C; ++i)
        for (std::size_t j = i; j < C; ++j) {
            // np.corrcoef: 1 on the diagonal unless the map is constant (NaN).
            const double r = i == j ? (std::isnan(pearson(clean[i], clean[i])) ? kNaN : 1.0)
                                    : pearson(clean[i], clean[j]);
            out[i * C + j] = out[j * C + i] = r;
        }
    return out;
}

std::vector<ColocalizationWindow> colocalizationWindows(std::span<const double> xy, double width) {
    if (!(width > 0) || !std::isfinite(width)) throw std::invalid_argument("windows: the width must be > 0");
    if (xy.size() % 2 != 0) throw std::invalid_argument("windows: positions must be N x 2");
    const std::size_t N = xy.size() / 2;
    std::vector<ColocalizationWindow> out;
    if (N == 0) return out;
    double lo[2] = {xy[0], xy[1]}, hi[2] = {xy[0], xy[1]};
    for (std::size_t u = 0; u < N; ++u)
        for (int d = 0; d < 2; ++d) {
            lo[d] = std::min(lo[d], xy[2 * u + static_cast<std::size_t>(d)]);
            hi[d] = std::max(hi[d], xy[2 * u + static_cast<std::size_t>(d)]);
        }
    std::vector<double> starts[2];
    for (int d = 0; d < 2; ++d)
        starts[d] = linspace(lo[d], hi[d] - width,
                             static_cast<std::int64_t>(numpyFloorDivide(hi[d] - lo[d], width)));
    for (double x0 : starts[0])
        for (double y0 : starts[1]) {
            ColocalizationWindow w{x0, x0 + width, y0, y0 + width, {}};
            for (std::size_t u = 0; u < N; ++u) {
                const double x = xy[2 * u], y = xy[2 * u + 1];
                if (x >= w.x0 && x <= w.x1 && y >= w.y0 && y <= w.y1) w.units.push_back(static_cast<std::int64_t>(u));
            }
            if (w.units.size() >= 2) out.push_back(std::move(w));
        }
    return out;
}

ColocalizationResult colocalization(std::span<const double> xy, std::span<const std::vector<double>> maps,
                                    const ColocalizationParams& params) {
    const std::size_t N = xy.size() / 2, C = maps.size();
    for (const auto& m : maps)
        if (m.size() != N) throw std::invalid_argument("co-localisation: a map's length differs from the units'");
    ColocalizationResult r;
    r.params = params;
    std::vector<ColocalizationWindow> windows = colocalizationWindows(xy, params.windowWidth);
    std::erase_if(windows, [&](const ColocalizationWindow& w) {
        return static_cast<std::int64_t>(w.units.size()) < params.minWindowUnits;
    });
    r.windows = static_cast<std::int64_t>(windows.size());
    for (double thr : params.thresholds) {
        std::vector<std::vector<double>> frac(C, std::vector<double>(windows.size()));
        for (std::size_t m = 0; m < C; ++m)
            for (std::size_t w = 0; w < windows.size(); ++w) {
                std::int64_t above = 0;
                for (auto u : windows[w].units) above += maps[m][static_cast<std::size_t>(u)] > thr;
                frac[m][w] = static_cast<double>(above) / static_cast<double>(windows[w].units.size());
            }
        std::vector<double> scores(C * C, kNaN);
        for (std::size_t i = 0; i < C; ++i)
            for (std::size_t j = i; j < C; ++j) {
                const double rho = spearman(frac[i], frac[j]);
                scores[i * C + j] = scores[j * C + i] = 1.0 - (1.0 - rho) / 2.0;
            }
        r.scores.push_back(std::move(scores));
        r.fractions.push_back(std::move(frac));
    }
    return r;
}

}  // namespace topospike::analysis
