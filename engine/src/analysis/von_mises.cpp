#include "topospike/analysis/von_mises.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <vector>

#include "levenberg_marquardt.hpp"

namespace topospike::analysis {
namespace {

constexpr int kN = kVonMisesGridPoints;

// numpy.linspace(start, stop, n): i · step + start, the last point exactly stop.
std::array<double, kN> linspaceGrid(double start, double stop) {
    std::array<double, kN> g{};
    const double step = (stop - start) / static_cast<double>(kN - 1);
    for (int i = 0; i < kN; ++i) g[static_cast<std::size_t>(i)] = static_cast<double>(i) * step + start;
    g[kN - 1] = stop;
    return g;
}

const std::array<double, kN>& fitAxis() {
    static const std::array<double, kN> axis = linspaceGrid(-std::numbers::pi, std::numbers::pi);
    return axis;
}

const std::array<double, kN>& degreeGrid() {
    static const std::array<double, kN> grid = linspaceGrid(0.0, 180.0);
    return grid;
}

// The model on the fit axis, evaluated in the same order of operations as TDANN's expression.
void model(double a, double x0, double kappa, std::span<double> out) {
    const double denominator = 2.0 * std::numbers::pi * besselI0(kappa);
    const auto& x = fitAxis();
    for (int i = 0; i < kN; ++i)
        out[static_cast<std::size_t>(i)] = a * std::exp(kappa * std::cos(x[static_cast<std::size_t>(i)] - x0)) / denominator;
}

int firstArgmax(std::span<const double> v) {
    int best = 0;
    for (int i = 1; i < static_cast<int>(v.size()); ++i)
        if (v[static_cast<std::size_t>(i)] > v[static_cast<std::size_t>(best)] || (std::isnan(v[static_cast<std::size_t>(i)]) && !std::isnan(v[static_cast<std::size_t>(best)])))
            best = i;  // numpy's argmax returns the first NaN if there is one
    return best;
}

}  // namespace

double besselI0(double x) noexcept {
    const double ax = std::fabs(x);
    if (ax <= 20.0) {
        // Power series sum_k ((x/2)^2)^k / (k!)^2; positive terms, no cancellation.
        const double q = 0.25 * ax * ax;
        double term = 1.0, sum = 1.0;
        for (int k = 1; k < 200; ++k) {
            term *= q / (static_cast<double>(k) * static_cast<double>(k));
            sum += term;
            if (term < sum * 1e-17) break;
        }
        return sum;
    }
    // Asymptotic expansion e^x / sqrt(2πx) · sum_k ((2k−1)!!)^2 / (k! (8x)^k); for x > 20 its smallest term is
    // far below double precision.
    double term = 1.0, sum = 1.0;
    for (int k = 1; k < 60; ++k) {
        const double f = static_cast<double>(2 * k - 1);
        const double next = term * f * f / (8.0 * static_cast<double>(k) * ax);
        if (next >= term) break;
        term = next;
        sum += term;
        if (term < sum * 1e-17) break;
    }
    return std::exp(ax) * (sum / std::sqrt(2.0 * std::numbers::pi * ax));
}

std::array<double, kN> interpolateOrientationCurve(std::span<const double> curve, std::span<const double> levelsDeg) {
    if (curve.empty() || curve.size() != levelsDeg.size())
        throw std::invalid_argument("interpolateOrientationCurve: one value per orientation level needed");
    // Close the curve: the first value again at 180 degrees.
    std::vector<double> xs(levelsDeg.begin(), levelsDeg.end()), ys(curve.begin(), curve.end());
    xs.push_back(180.0);
    ys.push_back(curve[0]);
    std::array<double, kN> out{};
    const auto& grid = degreeGrid();
    const std::size_t n = xs.size();
    for (std::size_t g = 0; g < static_cast<std::size_t>(kN); ++g) {
        const double xn = grid[g];
        // searchsorted(xs, xn, side='left') clipped to [1, n-1], as interp1d does.
        auto idx = static_cast<std::size_t>(std::lower_bound(xs.begin(), xs.end(), xn) - xs.begin());
        idx = std::clamp<std::size_t>(idx, 1, n - 1);
        const std::size_t lo = idx - 1, hi = idx;
        const double slope = (ys[hi] - ys[lo]) / (xs[hi] - xs[lo]);
        out[g] = slope * (xn - xs[lo]) + ys[lo];
    }
    return out;
}

VonMisesFit fitVonMises(std::span<const double, kN> dense) {
    VonMisesFit fit;
    std::array<double, 3> p{1.0, 1.0, 1.0};
    const auto residuals = [&](std::span<const double> q, std::span<double> r) {
        model(q[0], q[1], q[2], r);
        for (int i = 0; i < kN; ++i) r[static_cast<std::size_t>(i)] -= dense[static_cast<std::size_t>(i)];
    };
    const detail::LmResult lm = detail::levenbergMarquardt(residuals, kN, p);
    fit.amplitude = p[0];
    fit.center = p[1];
    fit.kappa = p[2];
    fit.info = lm.info;
    fit.evaluations = lm.nfev;
    std::array<double, kN> curve{};
    model(p[0], p[1], p[2], curve);
    double sq = 0.0;
    bool finite = std::isfinite(p[0]) && std::isfinite(p[1]) && std::isfinite(p[2]);
    for (int i = 0; i < kN; ++i) {
        const double d = curve[static_cast<std::size_t>(i)] - dense[static_cast<std::size_t>(i)];
        sq += d * d;
        finite = finite && std::isfinite(curve[static_cast<std::size_t>(i)]);
    }
    fit.mse = sq / kN;
    fit.converged = lm.converged() && finite;
    fit.peakIndex = fit.converged ? firstArgmax(curve) : firstArgmax(dense);
    fit.preferenceDeg = degreeGrid()[static_cast<std::size_t>(fit.peakIndex)];
    return fit;
}

VonMisesFit vonMisesPreference(std::span<const double> curve, std::span<const double> levelsDeg) {
    const auto dense = interpolateOrientationCurve(curve, levelsDeg);
    return fitVonMises(std::span<const double, kN>(dense));
}

}  // namespace topospike::analysis
