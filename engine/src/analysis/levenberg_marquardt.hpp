#pragma once
// Levenberg–Marquardt least squares with a forward-difference Jacobian, following the algorithm of MINPACK's
// lmdif (Moré 1978: trust region on the scaled step, QR with column pivoting, the LM parameter found by Newton
// iterations, the same acceptance ratios, tolerances and termination codes). SciPy's curve_fit without bounds
// calls exactly that routine (leastsq → lmdif with ftol = xtol = 1.49012e-8, gtol = 0, epsfcn = machine epsilon,
// automatic scaling, factor 100), so a fit started from the same point takes essentially the same path and ends at
// the same local minimum. Written for small problems (a few parameters, tens of residuals).

#include <functional>
#include <span>

namespace topospike::analysis::detail {

struct LmOptions {
    double ftol = 1.49012e-8;  ///< relative reduction of the sum of squares
    double xtol = 1.49012e-8;  ///< relative change of the scaled parameters
    double gtol = 0.0;         ///< orthogonality of residuals and Jacobian columns
    int maxfev = 100000;       ///< function evaluations (Jacobian columns included); curve_fit's TDANN value
    double epsfcn = 0.0;       ///< forward-difference step^2 relative to the parameters; 0 = machine epsilon
    double factor = 100.0;     ///< initial trust-region bound factor
};

struct LmResult {
    /// MINPACK's info: 1 sum of squares converged (ftol), 2 parameters converged (xtol), 3 both, 4 gradient
    /// orthogonal (gtol), 5 maxfev reached, 6/7/8 ftol/xtol/gtol too small for further progress; 0 bad input.
    /// SciPy's curve_fit accepts 1–4 and raises for the others.
    int info = 0;
    int nfev = 0;
    bool converged() const noexcept { return info >= 1 && info <= 4; }
};

/// Residual function: writes m residuals for parameters x.
using LmFunction = std::function<void(std::span<const double> x, std::span<double> residuals)>;

/// Minimises the sum of squares of fcn's m residuals over x (n = x.size() ≤ m), starting from x; x holds the
/// result (the last accepted point) on return.
LmResult levenbergMarquardt(const LmFunction& fcn, int m, std::span<double> x, const LmOptions& options = {});

/// MINPACK's enorm: the Euclidean norm, accumulated in three ranges (tiny, ordinary, huge) to avoid under- and
/// overflow; equal to sqrt(sum of squares) for ordinary values.
double euclideanNorm(std::span<const double> v);

}  // namespace topospike::analysis::detail
