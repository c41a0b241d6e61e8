// A static bucket grid for rectangle queries (see location_grid.hpp).

#include "location_grid.hpp"

#include <algorithm>
#include <cmath>

namespace topospike::sheet::detail {

LocationGrid::LocationGrid(std::span<const double> xy, double cell) : xy_(xy) {
    const std::size_t n = xy.size() / 2;
    if (n == 0) {
        start_.assign(2, 0);
        return;
    }
    double x1 = xy[0], y1 = xy[1];
    x0_ = x1;
    y0_ = y1;
    for (std::size_t i = 0; i < n; ++i) {
        x0_ = std::min(x0_, xy[2 * i]);
        x1 = std::max(x1, xy[2 * i]);
        y0_ = std::min(y0_, xy[2 * i + 1]);
        y1 = std::max(y1, xy[2 * i + 1]);
    }
    const double extent = std::max(x1 - x0_, y1 - y0_);
    constexpr double kMaxCellsPerAxis = 2048.0;
    cell_ = std::isfinite(cell) && cell > 0 ? cell : extent;
    if (extent / cell_ > kMaxCellsPerAxis) cell_ = extent / kMaxCellsPerAxis;
    if (!(cell_ > 0)) cell_ = 1.0;  // every point at one place
    nx_ = static_cast<std::int64_t>((x1 - x0_) / cell_) + 1;
    ny_ = static_cast<std::int64_t>((y1 - y0_) / cell_) + 1;

    std::vector<std::int64_t> cellOf(n);
    start_.assign(static_cast<std::size_t>(nx_ * ny_ + 1), 0);
    for (std::size_t i = 0; i < n; ++i) {
        const std::int64_t c = cellIndex(xy[2 * i + 1], y0_, ny_) * nx_ + cellIndex(xy[2 * i], x0_, nx_);
        cellOf[i] = c;
        ++start_[static_cast<std::size_t>(c + 1)];
    }
    for (std::size_t c = 1; c < start_.size(); ++c) start_[c] += start_[c - 1];
    points_.resize(n);
    std::vector<std::int64_t> fill(start_.begin(), start_.end() - 1);
    for (std::size_t i = 0; i < n; ++i)
        points_[static_cast<std::size_t>(fill[static_cast<std::size_t>(cellOf[i])]++)] = static_cast<std::int64_t>(i);
}

std::int64_t LocationGrid::cellIndex(double v, double origin, std::int64_t n) const noexcept {
    const double c = std::floor((v - origin) / cell_);
    if (!(c > 0)) return 0;  // also NaN
    return c >= static_cast<double>(n - 1) ? n - 1 : static_cast<std::int64_t>(c);
}

std::int64_t LocationGrid::count(double xlo, double xhi, double ylo, double yhi) const {
    if (points_.empty() || !(xlo <= xhi) || !(ylo <= yhi)) return 0;
    const std::int64_t cx0 = cellIndex(xlo, x0_, nx_), cx1 = cellIndex(xhi, x0_, nx_);
    const std::int64_t cy0 = cellIndex(ylo, y0_, ny_), cy1 = cellIndex(yhi, y0_, ny_);
    std::int64_t k = 0;
    for (std::int64_t cy = cy0; cy <= cy1; ++cy)
        for (std::int64_t cx = cx0; cx <= cx1; ++cx) {
            const std::size_t c = static_cast<std::size_t>(cy * nx_ + cx);
            if (cx0 < cx && cx < cx1 && cy0 < cy && cy < cy1) {  // wholly inside (see forEachIn)
                k += start_[c + 1] - start_[c];
                continue;
            }
            for (std::int64_t i = start_[c]; i < start_[c + 1]; ++i) {
                const std::int64_t p = points_[static_cast<std::size_t>(i)];
                const double x = xy_[static_cast<std::size_t>(2 * p)];
                const double y = xy_[static_cast<std::size_t>(2 * p + 1)];
                k += x >= xlo && x <= xhi && y >= ylo && y <= yhi;
            }
        }
    return k;
}

std::vector<std::int64_t> LocationGrid::pointsIn(double xlo, double xhi, double ylo, double yhi) const {
    std::vector<std::int64_t> out;
    forEachIn(xlo, xhi, ylo, yhi, [&](std::int64_t p) { out.push_back(p); });
    return out;
}

}  // namespace topospike::sheet::detail
