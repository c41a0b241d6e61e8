#pragma once
// Internal: a static bucket grid over a fixed set of 2-D points, for "which points lie in this axis-aligned
// rectangle" queries. The swap optimiser only permutes which unit sits at which point, so one grid over the
// points serves a whole optimisation.

#include <cstdint>
#include <span>
#include <vector>

namespace topospike::sheet::detail {

class LocationGrid {
public:
    /// `xy`: N × 2 row-major coordinates (x, y). `cell`: the preferred cell side (e.g. an eighth of the query
    /// width: cells wholly inside a query are taken without testing their points); it is
    /// enlarged if the grid would have more than about 2^22 cells.
    LocationGrid(std::span<const double> xy, double cell);

    /// Calls f(point index) for every point with xlo <= x <= xhi and ylo <= y <= yhi (inclusive bounds), in
    /// grid order (not sorted).
    template <class F>
    void forEachIn(double xlo, double xhi, double ylo, double yhi, F&& f) const {
        if (points_.empty() || !(xlo <= xhi) || !(ylo <= yhi)) return;
        const std::int64_t cx0 = cellIndex(xlo, x0_, nx_), cx1 = cellIndex(xhi, x0_, nx_);
        const std::int64_t cy0 = cellIndex(ylo, y0_, ny_), cy1 = cellIndex(yhi, y0_, ny_);
        for (std::int64_t cy = cy0; cy <= cy1; ++cy)
            for (std::int64_t cx = cx0; cx <= cx1; ++cx) {
                const std::size_t c = static_cast<std::size_t>(cy * nx_ + cx);
                // A cell strictly between the cells of the bounds holds only points inside them (cell indices
                // are monotone in the coordinate), so its points need no test.
                const bool inside = cx0 < cx && cx < cx1 && cy0 < cy && cy < cy1;
                for (std::int64_t k = start_[c]; k < start_[c + 1]; ++k) {
                    const std::int64_t p = points_[static_cast<std::size_t>(k)];
                    if (inside) {
                        f(p);
                        continue;
                    }
                    const double x = xy_[static_cast<std::size_t>(2 * p)];
                    const double y = xy_[static_cast<std::size_t>(2 * p + 1)];
                    if (x >= xlo && x <= xhi && y >= ylo && y <= yhi) f(p);
                }
            }
    }

    /// Number of points in the rectangle (inclusive bounds).
    std::int64_t count(double xlo, double xhi, double ylo, double yhi) const;
    /// Indices of the points in the rectangle in grid order (deterministic, not sorted).
    std::vector<std::int64_t> pointsIn(double xlo, double xhi, double ylo, double yhi) const;

private:
    std::int64_t cellIndex(double v, double origin, std::int64_t n) const noexcept;

    std::span<const double> xy_;
    double x0_ = 0, y0_ = 0, cell_ = 1;
    std::int64_t nx_ = 1, ny_ = 1;
    std::vector<std::int64_t> start_;   // per cell, offsets into points_ (size nx*ny + 1)
    std::vector<std::int64_t> points_;  // point indices grouped by cell
};

}  // namespace topospike::sheet::detail
