#pragma once
// Exact signs of the two geometric predicates a Delaunay triangulation needs, for double coordinates.
//
// A fast floating-point evaluation is trusted when it clears Shewchuk's a-priori error bound ("Adaptive
// Precision Floating-Point Arithmetic and Fast Robust Geometric Predicates", 1997: ccwerrboundA,
// iccerrboundA); otherwise the determinant is evaluated exactly with floating-point expansions (error-free
// sums and FMA products), so the sign is always right, also for exactly collinear or cocircular points.

namespace topospike::analysis::geometry {

/// > 0 if a, b, c turn counter-clockwise, < 0 clockwise, 0 if collinear (the sign is exact).
double orient2d(const double* a, const double* b, const double* c);

/// > 0 if d lies strictly inside the circle through a, b, c (given counter-clockwise), < 0 outside, 0 on it.
double incircle(const double* a, const double* b, const double* c, const double* d);

}  // namespace topospike::analysis::geometry
