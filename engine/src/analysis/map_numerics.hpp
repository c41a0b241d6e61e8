#pragma once
// NumPy / SciPy / Python numeric conventions the map and distance analyses must reproduce to float rounding
// (TDANN computes with them): linspace, Python float floor division and modulo, histogram bin edges, SciPy's
// circular mean and standard deviation, and a Student-t quantile for confidence intervals. Engine-private.

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

namespace topospike::analysis::detail {

/// numpy.linspace(start, stop, num) with endpoint: start + i·step, step = (stop − start)/(num − 1), the last
/// element set to `stop` exactly; one element gives {start}; zero gives {}.
inline std::vector<double> linspace(double start, double stop, std::int64_t num) {
    std::vector<double> out;
    if (num <= 0) return out;
    out.resize(static_cast<std::size_t>(num));
    if (num == 1) {
        out[0] = start;
        return out;
    }
    const double step = (stop - start) / static_cast<double>(num - 1);
    for (std::int64_t i = 0; i < num; ++i) out[static_cast<std::size_t>(i)] = static_cast<double>(i) * step + start;
    out.back() = stop;
    return out;
}

/// Python's float modulo: the result has the sign of b (b > 0 gives [0, b)).
inline double pyMod(double a, double b) {
    double r = std::fmod(a, b);
    if (r != 0.0 && ((r < 0.0) != (b < 0.0))) r += b;
    return r;
}

/// Python's float floor division a // b (numpy.floor_divide): computed through fmod like CPython, which can
/// differ from floor(a / b) by one when a / b rounds up to an integer (3.0 // 0.1 == 29).
inline double pyFloorDiv(double a, double b) {
    const double mod = std::fmod(a, b);
    double div = (a - mod) / b;
    if (mod != 0.0 && ((b < 0.0) != (mod < 0.0))) div -= 1.0;
    if (div == 0.0) return std::copysign(0.0, a / b);
    double floordiv = std::floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
    return floordiv;
}

/// numpy.histogram_bin_edges(values, bins) for finite values: linspace(min, max, bins + 1), widened by ±0.5
/// when min == max.
inline std::vector<double> histogramBinEdges(double lo, double hi, int bins) {
    if (lo == hi) {
        lo -= 0.5;
        hi += 0.5;
    }
    return linspace(lo, hi, bins + 1);
}

/// SciPy's circmean on running sums of sin/cos (low = 0, high = period): atan2(S, C) moved to [0, 2π),
/// scaled as scipy does (res·period/2/π).
inline double circularMeanFromSums(double sinSum, double cosSum, double period) {
    double res = std::atan2(sinSum, cosSum);
    if (res < 0.0) res += 2.0 * std::numbers::pi;
    return res * period / 2.0 / std::numbers::pi;
}

/// SciPy's circstd (low = 0, high = period) from sums over n samples: R = min(1, |mean phasor|),
/// sqrt(−2 ln R) in period units.
inline double circularStdFromSums(double sinSum, double cosSum, double n, double period) {
    const double r = std::min(1.0, std::hypot(sinSum / n, cosSum / n));
    return std::sqrt(-2.0 * std::log(r)) * (period / (2.0 * std::numbers::pi));
}

/// The angle SciPy maps a sample to: (v − low)·2·π / (high − low), low = 0.
inline double circularAngle(double value, double period) { return value * 2.0 * std::numbers::pi / period; }

/// Two-sided 95% Student-t quantile t(0.975, df): exact table for df ≤ 30, a Cornish–Fisher expansion
/// beyond (error < 1e-4), 1.959964 as df → ∞. NaN for df < 1.
inline double studentT975(std::int64_t df) {
    static const double table[] = {12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836, 2.446911851,
                                   2.364624252,  2.306004135, 2.262157163, 2.228138852, 2.200985160, 2.178812830,
                                   2.160368656,  2.144786688, 2.131449546, 2.119905299, 2.109815578, 2.100922040,
                                   2.093024054,  2.085963447, 2.079613845, 2.073873068, 2.068657610, 2.063898562,
                                   2.059538553,  2.055529439, 2.051830516, 2.048407142, 2.045229642, 2.042272456};
    if (df < 1) return std::nan("");
    if (df <= 30) return table[df - 1];
    const double z = 1.959963984540054, v = static_cast<double>(df);
    const double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
    return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v) +
           (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v);
}

}  // namespace topospike::analysis::detail
