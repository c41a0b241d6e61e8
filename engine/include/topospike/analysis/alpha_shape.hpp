#pragma once
/// @file alpha_shape.hpp
/// The concave hull ("alpha shape") TDANN uses for patch areas (spacetorch utils/spatial_utils.concave_hull,
/// itself the well-known dwyerk gist; tdsnn-reference §5.7).
///
/// TDANN's construction, which this reproduces exactly (up to float rounding):
/// 1. Delaunay-triangulate the points; keep the triangles whose circumradius R = abc / (4·area) is < 1/α
///    (α = 0.1 → R < 10 mm).
/// 2. Take every edge of the kept triangles as a line (shapely MultiLineString), polygonize them and take the
///    union of the polygons.
/// Polygonize returns every bounded face of the planar graph of kept edges, including faces that are holes
/// of other faces. So the shape is the kept triangles PLUS every group of dropped triangles that is enclosed
/// by kept edges (it cannot reach the outside of the hull through edges no kept triangle owns). Holes are
/// therefore filled. This was checked by running TDANN's function itself (scipy Delaunay + shapely) on 300
/// random clouds, with and without enclosed holes: areas equal to 1e-15. The `alphashape` package (not used by
/// TDANN) applies the same R < 1/α filter (α is the inverse radius, not a radius) and polygonizes the kept
/// triangles' edges (its later versions only their boundary edges), which fills enclosed holes the same way.
/// With fewer than 4 points TDANN takes the convex hull instead (a triangle, segment or point).

#include <cstdint>
#include <span>

namespace topospike::analysis {

struct AlphaShape {
    double area = 0.0;       ///< in the squared unit of the coordinates (mm²)
    double centroidX = 0.0;  ///< area-weighted centroid (shapely's polygon centroid); the mean of the
    double centroidY = 0.0;  ///< points when the area is 0
    std::int64_t triangles = 0;  ///< Delaunay triangles in the shape (kept + enclosed)
};

/// The alpha shape of `xy` (N × 2, row-major) for `alpha` > 0. Throws std::invalid_argument for a bad alpha
/// or non-finite coordinates.
AlphaShape alphaShape(std::span<const double> xy, double alpha = 0.1);

}  // namespace topospike::analysis
