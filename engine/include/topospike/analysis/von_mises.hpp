#pragma once
/// @file von_mises.hpp
/// TDANN's orientation preference by von Mises fit (spacetorch `maps/v1_map.py` V1Map and
/// `utils/optimization_utils.fit_vonmises`; tdsnn-reference §5.1, §9), re-implemented:
///
/// 1. The orientation tuning curve (levels θ_k in degrees, e.g. 0, 22.5, …, 157.5) is closed periodically by
///    appending the value at θ_0 at 180°, then linearly interpolated to 50 points linspace(0, 180, 50)
///    (scipy interp1d 'linear' arithmetic: for a point x in (θ_{k-1}, θ_k], y = slope · (x − θ_{k-1}) + y_{k-1}).
/// 2. The 50 values are fitted on the axis x = linspace(−π, π, 50) with
///    f(x) = a · exp(κ · cos(x − x0)) / (2π · I0(κ)), starting from a = x0 = κ = 1 (curve_fit's default p0),
///    without bounds, by Levenberg–Marquardt as MINPACK's lmdif does it (curve_fit → leastsq; forward-difference
///    Jacobian, ftol = xtol = 1.49012e-8, at most 100000 evaluations).
/// 3. The preference is the grid angle linspace(0, 180, 50)[argmax f(x)] (first maximum), so it is a multiple of
///    180/49 degrees and 180 can occur (the same orientation as 0).
///
/// When the fit does not converge (MINPACK info outside 1–4, or non-finite parameters), SciPy's curve_fit raises
/// and TDANN stops; TopoSpike instead takes the argmax of the interpolated curve itself and marks the fit failed.
/// Flat curves (silent units included) leave x0 undetermined: the fit stops wherever rounding takes it (an all-zero
/// curve typically keeps x0 ≈ 1 rad, i.e. ≈ 117.6°), in SciPy as here, so the two may differ; such units have zero
/// peak-to-peak and never pass the V1 masks. On tuned curves the grid angle equals SciPy's (see tests/test_v1.cpp;
/// last bits of exp/cos/I0 differ between NumPy's SIMD code and libm, so 0° and 180° can swap on curves peaking
/// there).

#include <array>
#include <span>

namespace topospike::analysis {

/// Points of TDANN's dense orientation grid.
inline constexpr int kVonMisesGridPoints = 50;

struct VonMisesFit {
    double amplitude = 0.0;  ///< a
    double center = 0.0;     ///< x0, radians on the fit axis (−π ↔ 0°, π ↔ 180°)
    double kappa = 0.0;      ///< κ (may be negative: then the peak lies at x0 + π)
    double mse = 0.0;        ///< mean squared error of the fit on the 50 points
    int info = 0;            ///< MINPACK termination code (1–4 converged)
    int evaluations = 0;     ///< model evaluations used
    bool converged = false;  ///< info in 1–4 and finite parameters (what curve_fit accepts)
    int peakIndex = 0;       ///< argmax of the fitted curve (or of the interpolated curve if not converged)
    double preferenceDeg = 0.0;  ///< linspace(0, 180, 50)[peakIndex]
};

/// Modified Bessel function of the first kind, order 0 (even; +inf once e^|x| overflows, like scipy.special.i0).
double besselI0(double x) noexcept;

/// Step 1: the 50-point periodic interpolation of a curve over `levelsDeg` (sorted, in [0, 180)).
std::array<double, kVonMisesGridPoints> interpolateOrientationCurve(std::span<const double> curve,
                                                                    std::span<const double> levelsDeg);

/// Steps 2–3 on an already interpolated 50-point curve.
VonMisesFit fitVonMises(std::span<const double, kVonMisesGridPoints> dense);

/// Steps 1–3: TDANN's von Mises orientation preference of one tuning curve.
VonMisesFit vonMisesPreference(std::span<const double> curve, std::span<const double> levelsDeg);

}  // namespace topospike::analysis
