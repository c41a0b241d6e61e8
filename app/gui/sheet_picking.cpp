// Uniform-grid nearest-unit search.

#include "gui/sheet_picking.hpp"

#include <algorithm>
#include <cmath>

namespace topospike::gui {

UnitGrid::UnitGrid(const std::vector<float>& xy, const SheetBounds& bounds) {
    const std::size_t n = xy.size() / 2;
    if (n == 0) return;
    x0_ = bounds.x0;
    y0_ = bounds.y0;
    cell_ = std::max(bounds.spacing * 1.5, 1e-9);
    auto cellsAlong = [&](double extent) { return static_cast<std::int64_t>(extent / cell_) + 1; };
    nx_ = cellsAlong(bounds.width());
    ny_ = cellsAlong(bounds.height());
    const auto maxCells = static_cast<std::int64_t>(4 * n + 64);
    while (nx_ * ny_ > maxCells) {  // a thin or degenerate sheet: coarser cells, never more cells than units
        cell_ *= 2;
        nx_ = cellsAlong(bounds.width());
        ny_ = cellsAlong(bounds.height());
    }
    auto cellOf = [&](std::size_t u) {
        const auto cx =
            std::clamp<std::int64_t>(static_cast<std::int64_t>((xy[2 * u] - x0_) / cell_), 0, nx_ - 1);
        const auto cy =
            std::clamp<std::int64_t>(static_cast<std::int64_t>((xy[2 * u + 1] - y0_) / cell_), 0, ny_ - 1);
        return static_cast<std::size_t>(cy * nx_ + cx);
    };
    cellStart_.assign(static_cast<std::size_t>(nx_ * ny_) + 1, 0);
    for (std::size_t u = 0; u < n; ++u) ++cellStart_[cellOf(u) + 1];
    for (std::size_t c = 1; c < cellStart_.size(); ++c) cellStart_[c] += cellStart_[c - 1];
    units_.resize(n);
    std::vector<std::uint32_t> fill(cellStart_.begin(), cellStart_.end() - 1);
    for (std::size_t u = 0; u < n; ++u) units_[fill[cellOf(u)]++] = static_cast<std::uint32_t>(u);
}

std::int64_t UnitGrid::nearest(const std::vector<float>& xy, double x, double y, double radius,
                               const float* values) const {
    if (units_.empty() || xy.size() != 2 * units_.size() || !(radius >= 0) || !std::isfinite(x) ||
        !std::isfinite(y))
        return -1;
    auto range = [&](double lo, double hi, double origin, std::int64_t cells) {
        const double a = std::floor((lo - origin) / cell_), b = std::floor((hi - origin) / cell_);
        return std::pair<std::int64_t, std::int64_t>{
            static_cast<std::int64_t>(std::clamp(a, 0.0, static_cast<double>(cells - 1))),
            static_cast<std::int64_t>(std::clamp(b, 0.0, static_cast<double>(cells - 1)))};
    };
    const auto [cx0, cx1] = range(x - radius, x + radius, x0_, nx_);
    const auto [cy0, cy1] = range(y - radius, y + radius, y0_, ny_);
    double best = radius * radius;
    std::int64_t found = -1;
    for (std::int64_t cy = cy0; cy <= cy1; ++cy) {
        for (std::int64_t cx = cx0; cx <= cx1; ++cx) {
            const auto c = static_cast<std::size_t>(cy * nx_ + cx);
            for (auto k = cellStart_[c]; k < cellStart_[c + 1]; ++k) {
                const std::uint32_t u = units_[k];
                if (values && std::isnan(values[u])) continue;
                const double dx = xy[2 * u] - x, dy = xy[2 * u + 1] - y, d2 = dx * dx + dy * dy;
                if (d2 < best || (d2 == best && found < 0)) best = d2, found = u;
            }
        }
    }
    return found;
}

}  // namespace topospike::gui
