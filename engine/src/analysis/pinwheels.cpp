#include "topospike/analysis/pinwheels.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>

#include "map_numerics.hpp"

namespace topospike::analysis {
namespace {

/// Neighbour walk NW, N, NE, E, SE, S, SW, W as (dx, dy) on the sheet (TDANN's image rows grow downwards,
/// i.e. towards smaller y).
constexpr int kWalk[8][2] = {{-1, 1}, {0, 1}, {1, 1}, {1, 0}, {1, -1}, {0, -1}, {-1, -1}, {-1, 0}};

double wrapped(double d) { return detail::pyMod(d + 90.0, 180.0) - 90.0; }

}  // namespace

std::vector<double> windingNumbers(std::span<const double> g, std::int64_t nx, std::int64_t ny, bool openLoop) {
    if (nx < 0 || ny < 0 || g.size() != static_cast<std::size_t>(nx * ny))
        throw std::invalid_argument("winding numbers: grid is not ny x nx");
    std::vector<double> w(g.size(), 0.0);
    for (std::int64_t iy = 1; iy + 1 < ny; ++iy)
        for (std::int64_t ix = 1; ix + 1 < nx; ++ix) {
            double v[8];
            for (int k = 0; k < 8; ++k) v[k] = g[static_cast<std::size_t>((iy + kWalk[k][1]) * nx + ix + kWalk[k][0])];
            double sum = 0.0;
            const int steps = openLoop ? 7 : 8;
            for (int k = 0; k < steps; ++k) sum += wrapped(v[(k + 1) % 8] - v[k]) * (std::numbers::pi / 180.0);
            w[static_cast<std::size_t>(iy * nx + ix)] = sum / (2.0 * std::numbers::pi);
        }
    return w;
}

std::vector<Pinwheel> findPinwheels(const SmoothedMap& m, std::span<const double> winding,
                                    std::span<const double> variability, const PinwheelParams& p) {
    const auto cells = static_cast<std::size_t>(m.nx * m.ny);
    if (winding.size() != cells || variability.size() != cells)
        throw std::invalid_argument("pinwheels: maps do not match the smoothed map's grid");
    // Work in TDANN's image (row 0 = top) so that components come out in its raster order.
    const std::vector<double> wImg = m.tdannImage(winding), vImg = m.tdannImage(variability);
    const std::int64_t rows = m.ny, cols = m.nx;
    const double stepX = m.nx > 1 ? m.xStarts[1] - m.xStarts[0] : 0.0;
    const double stepY = m.ny > 1 ? m.yStarts[1] - m.yStarts[0] : 0.0;
    std::vector<Pinwheel> out;
    for (const int sign : {1, -1}) {
        std::vector<char> mask(cells, 0);
        for (std::size_t i = 0; i < cells; ++i)
            mask[i] = vImg[i] < p.stdThreshold && (sign > 0 ? wImg[i] > p.windingThreshold : wImg[i] < -p.windingThreshold);
        std::vector<char> seen(cells, 0);
        std::vector<std::int64_t> stack, members;
        for (std::int64_t start = 0; start < rows * cols; ++start) {
            if (!mask[start] || seen[start]) continue;
            members.clear();
            stack.assign(1, start);
            seen[start] = 1;
            while (!stack.empty()) {
                const std::int64_t at = stack.back();
                stack.pop_back();
                members.push_back(at);
                const std::int64_t r = at / cols, c = at % cols;
                for (std::int64_t dr = -1; dr <= 1; ++dr)
                    for (std::int64_t dc = -1; dc <= 1; ++dc) {
                        const std::int64_t rr = r + dr, cc = c + dc;
                        if (rr < 0 || cc < 0 || rr >= rows || cc >= cols) continue;
                        const std::int64_t k = rr * cols + cc;
                        if (mask[k] && !seen[k]) {
                            seen[k] = 1;
                            stack.push_back(k);
                        }
                    }
            }
            if (static_cast<std::int64_t>(members.size()) < p.minPixels) continue;
            Pinwheel pw;
            pw.sign = sign;
            pw.pixels = static_cast<std::int64_t>(members.size());
            double sr = 0, sc = 0, sw = 0;
            for (const std::int64_t k : members) {
                sr += static_cast<double>(k / cols);
                sc += static_cast<double>(k % cols);
                sw += wImg[static_cast<std::size_t>(k)];
            }
            const double n = static_cast<double>(members.size());
            pw.row = sr / n;
            pw.column = sc / n;
            pw.meanWinding = sw / n;
            pw.x = m.xCenter(0) + pw.column * stepX;
            pw.y = m.yCenter(0) + (static_cast<double>(rows - 1) - pw.row) * stepY;
            out.push_back(pw);
        }
    }
    return out;
}

PinwheelResult detectPinwheels(std::span<const double> coordinates, std::span<const double> orientations,
                               const PinwheelParams& p) {
    if (!(p.hypercolumnWidth > 0.0)) throw std::invalid_argument("pinwheels: the hypercolumn width must be > 0 mm");
    PinwheelResult r;
    r.params = p;
    SmoothedMapParams sp;
    sp.width = p.width;
    sp.stride = p.stride;
    sp.aggregation = MapAggregation::CircularMean;
    sp.period = 180.0;
    sp.tdannPeriodMinusOne = p.tdannPeriodMinusOne;
    r.orientation = smoothMap(coordinates, orientations, sp);
    const SmoothedMap& m = r.orientation;
    r.variability = m.circularStd;
    if (p.stdPerUnit)
        for (std::size_t i = 0; i < r.variability.size(); ++i)
            r.variability[i] = m.counts[i] ? r.variability[i] / static_cast<double>(m.counts[i])
                                           : std::numeric_limits<double>::quiet_NaN();
    r.winding = windingNumbers(m.values, m.nx, m.ny, p.tdannOpenLoop);
    r.pinwheels = findPinwheels(m, r.winding, r.variability, p);
    for (const auto& pw : r.pinwheels) (pw.sign > 0 ? r.positive : r.negative) += 1;
    double minX = 0, maxX = 0, minY = 0, maxY = 0;
    bool first = true;
    for (std::size_t i = 0; i < orientations.size(); ++i) {
        if (std::isnan(orientations[i])) continue;
        const double x = coordinates[2 * i], y = coordinates[2 * i + 1];
        minX = first ? x : std::min(minX, x);
        maxX = first ? x : std::max(maxX, x);
        minY = first ? y : std::min(minY, y);
        maxY = first ? y : std::max(maxY, y);
        first = false;
    }
    r.side = std::max(maxX - minX, maxY - minY);
    const double hc = r.side / p.hypercolumnWidth;
    r.density = static_cast<double>(r.pinwheels.size()) / (hc * hc);
    return r;
}

}  // namespace topospike::analysis
