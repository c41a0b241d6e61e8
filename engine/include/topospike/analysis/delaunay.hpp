#pragma once
/// @file delaunay.hpp
/// Delaunay triangulation of 2-D points (Bowyer–Watson insertion in Hilbert-curve order, with exact
/// orientation and in-circle predicates), used by the alpha-shape patch areas (alpha_shape.hpp).
///
/// Scope: the triangulation covers the convex hull of the points except, possibly, hull slivers whose
/// circumradius exceeds ~10^6 × the extent of the points (an artefact of the enclosing triangle, far beyond
/// anything an alpha shape keeps). Duplicate points are triangulated once (the later copies are skipped, as
/// Qhull does). Where four or more points are cocircular the choice of diagonals is arbitrary but
/// deterministic (scipy/Qhull may choose otherwise; areas and alpha shapes do not depend on it).

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace topospike::analysis {

struct Triangulation {
    /// Vertex indices (into the input points) of each triangle, counter-clockwise.
    std::vector<std::array<std::int32_t, 3>> triangles;
    /// neighbours[t][k]: the triangle across the edge opposite vertex k of triangle t, or -1 on the hull.
    std::vector<std::array<std::int32_t, 3>> neighbours;
};

/// Triangulates `xy` (N × 2, row-major x, y). Fewer than 3 distinct points, or all of them collinear, give no
/// triangle. Throws std::invalid_argument for non-finite coordinates or more than 2^30 points.
Triangulation delaunay(std::span<const double> xy);

}  // namespace topospike::analysis
