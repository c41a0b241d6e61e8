#include "topospike/analysis/delaunay.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "analysis/geometry_predicates.hpp"

namespace topospike::analysis {
namespace {

using geometry::incircle;
using geometry::orient2d;

struct Tri {
    std::int32_t v[3];
    std::int32_t n[3];  // n[k]: across the edge v[k+1] → v[k+2]
    bool alive;
};

// Position of (x, y) on a Hilbert curve filling a 2^16 × 2^16 grid.
std::uint64_t hilbertIndex(std::uint32_t x, std::uint32_t y) {
    std::uint64_t d = 0;
    for (std::uint32_t s = 1u << 15; s > 0; s >>= 1) {
        const std::uint32_t rx = (x & s) ? 1 : 0, ry = (y & s) ? 1 : 0;
        d += static_cast<std::uint64_t>(s) * s * ((3 * rx) ^ ry);
        if (ry == 0) {
            if (rx == 1) {
                x = (s - 1) - (x & (s - 1)) + (x & ~(s - 1));
                y = (s - 1) - (y & (s - 1)) + (y & ~(s - 1));
            }
            std::swap(x, y);
        }
    }
    return d;
}

class Builder {
public:
    explicit Builder(std::span<const double> xy) : n_(static_cast<std::int32_t>(xy.size() / 2)) {
        pts_.assign(xy.begin(), xy.end());
        double x0 = pts_[0], x1 = pts_[0], y0 = pts_[1], y1 = pts_[1];
        for (std::int32_t i = 0; i < n_; ++i) {
            x0 = std::min(x0, pts_[2 * i]);
            x1 = std::max(x1, pts_[2 * i]);
            y0 = std::min(y0, pts_[2 * i + 1]);
            y1 = std::max(y1, pts_[2 * i + 1]);
        }
        const double extent = std::max({x1 - x0, y1 - y0, 1e-300});
        const double cx = 0.5 * (x0 + x1), cy = 0.5 * (y0 + y1), m = 1e6 * extent;
        // An enclosing triangle, counter-clockwise.
        pts_.insert(pts_.end(), {cx - 2 * m, cy - m, cx + 2 * m, cy - m, cx, cy + 2 * m});
        tris_.push_back({{n_, n_ + 1, n_ + 2}, {-1, -1, -1}, true});
        bounds_ = {x0, x1, y0, y1};
    }

    Triangulation run() {
        std::vector<std::int32_t> order(static_cast<std::size_t>(n_));
        std::iota(order.begin(), order.end(), 0);
        std::vector<std::uint64_t> key(static_cast<std::size_t>(n_));
        const double sx = bounds_[1] > bounds_[0] ? 65535.0 / (bounds_[1] - bounds_[0]) : 0.0;
        const double sy = bounds_[3] > bounds_[2] ? 65535.0 / (bounds_[3] - bounds_[2]) : 0.0;
        for (std::int32_t i = 0; i < n_; ++i) {
            const auto qx = static_cast<std::uint32_t>((pts_[2 * i] - bounds_[0]) * sx);
            const auto qy = static_cast<std::uint32_t>((pts_[2 * i + 1] - bounds_[2]) * sy);
            key[static_cast<std::size_t>(i)] = hilbertIndex(qx, qy);
        }
        std::stable_sort(order.begin(), order.end(),
                         [&](std::int32_t a, std::int32_t b) { return key[static_cast<std::size_t>(a)] < key[static_cast<std::size_t>(b)]; });
        for (std::int32_t p : order) insert(p);
        return collect();
    }

private:
    const double* pt(std::int32_t i) const { return pts_.data() + 2 * static_cast<std::size_t>(i); }

    bool inCircumcircle(std::int32_t t, std::int32_t p) const {
        const Tri& T = tris_[static_cast<std::size_t>(t)];
        return incircle(pt(T.v[0]), pt(T.v[1]), pt(T.v[2]), pt(p)) > 0;
    }

    // A triangle containing p (inside or on its boundary): a visibility walk from the last triangle made.
    std::int32_t locate(std::int32_t p) const {
        std::int32_t t = last_;
        const std::size_t limit = 4 * tris_.size() + 16;
        for (std::size_t step = 0; step < limit; ++step) {
            const Tri& T = tris_[static_cast<std::size_t>(t)];
            std::int32_t next = -1;
            for (int k = 0; k < 3; ++k)
                if (orient2d(pt(T.v[(k + 1) % 3]), pt(T.v[(k + 2) % 3]), pt(p)) < 0) {
                    next = T.n[k];
                    break;
                }
            if (next < 0) return t;
            t = next;
        }
        // Never expected with exact predicates; a plain scan keeps the result right regardless.
        for (std::size_t i = 0; i < tris_.size(); ++i) {
            const Tri& T = tris_[i];
            if (!T.alive) continue;
            bool inside = true;
            for (int k = 0; k < 3 && inside; ++k)
                inside = orient2d(pt(T.v[(k + 1) % 3]), pt(T.v[(k + 2) % 3]), pt(p)) >= 0;
            if (inside) return static_cast<std::int32_t>(i);
        }
        throw std::logic_error("delaunay: point outside the enclosing triangle");
    }

    void insert(std::int32_t p) {
        const std::int32_t t0 = locate(p);
        const Tri& T0 = tris_[static_cast<std::size_t>(t0)];
        for (int k = 0; k < 3; ++k)
            if (pt(T0.v[k])[0] == pt(p)[0] && pt(T0.v[k])[1] == pt(p)[1]) return;  // duplicate point

        // The cavity: triangles whose circumcircle strictly contains p, grown from t0 through shared edges.
        ++stampNow_;
        if (stamp_.size() < tris_.size()) stamp_.resize(tris_.size() + tris_.size() / 2 + 16, 0);
        bad_.clear();
        boundary_.clear();
        bad_.push_back(t0);
        stamp_[static_cast<std::size_t>(t0)] = 2 * stampNow_;  // even: bad; odd: tested and kept
        for (std::size_t i = 0; i < bad_.size(); ++i) {
            const std::int32_t t = bad_[i];
            for (int k = 0; k < 3; ++k) {
                const Tri& T = tris_[static_cast<std::size_t>(t)];
                const std::int32_t nb = T.n[k];
                bool isBad = false;
                if (nb >= 0) {
                    auto& st = stamp_[static_cast<std::size_t>(nb)];
                    if (st == 2 * stampNow_) continue;  // already in the cavity: an interior edge
                    if (st != 2 * stampNow_ + 1) {
                        isBad = inCircumcircle(nb, p);
                        st = isBad ? 2 * stampNow_ : 2 * stampNow_ + 1;
                        if (isBad) bad_.push_back(nb);
                    }
                }
                if (!isBad) boundary_.push_back({T.v[(k + 1) % 3], T.v[(k + 2) % 3], nb, t});
            }
        }
        // Fan the cavity boundary to p.
        const auto first = static_cast<std::int32_t>(tris_.size());
        for (const Edge& e : boundary_) {
            const auto id = static_cast<std::int32_t>(tris_.size());
            tris_.push_back({{e.a, e.b, p}, {-1, -1, e.outer}, true});
            if (e.outer >= 0) {
                Tri& O = tris_[static_cast<std::size_t>(e.outer)];
                for (int k = 0; k < 3; ++k)
                    if (O.n[k] == e.inner) O.n[k] = id;
            }
        }
        const auto last = static_cast<std::int32_t>(tris_.size());
        // Link the fan: (a, b, p) meets (b, c, p) across edge (b, p) and (z, a, p) across edge (p, a).
        for (std::int32_t i = first; i < last; ++i) {
            Tri& T = tris_[static_cast<std::size_t>(i)];
            for (std::int32_t j = first; j < last; ++j) {
                if (j == i) continue;
                const Tri& U = tris_[static_cast<std::size_t>(j)];
                if (U.v[0] == T.v[1]) T.n[0] = j;
                if (U.v[1] == T.v[0]) T.n[1] = j;
            }
        }
        for (std::int32_t t : bad_) tris_[static_cast<std::size_t>(t)].alive = false;
        last_ = last - 1;
    }

    Triangulation collect() const {
        std::vector<std::int32_t> remap(tris_.size(), -1);
        Triangulation out;
        for (std::size_t i = 0; i < tris_.size(); ++i) {
            const Tri& T = tris_[i];
            if (!T.alive || T.v[0] >= n_ || T.v[1] >= n_ || T.v[2] >= n_) continue;
            remap[i] = static_cast<std::int32_t>(out.triangles.size());
            out.triangles.push_back({T.v[0], T.v[1], T.v[2]});
        }
        out.neighbours.reserve(out.triangles.size());
        for (std::size_t i = 0; i < tris_.size(); ++i) {
            if (remap[i] < 0) continue;
            std::array<std::int32_t, 3> nb{};
            for (int k = 0; k < 3; ++k) nb[static_cast<std::size_t>(k)] = tris_[i].n[k] >= 0 ? remap[static_cast<std::size_t>(tris_[i].n[k])] : -1;
            out.neighbours.push_back(nb);
        }
        return out;
    }

    struct Edge {
        std::int32_t a, b, outer, inner;
    };
    std::int32_t n_;
    std::vector<double> pts_;
    std::vector<Tri> tris_;
    std::array<double, 4> bounds_{};
    std::int32_t last_ = 0;
    std::vector<std::uint32_t> stamp_;
    std::uint32_t stampNow_ = 0;
    std::vector<std::int32_t> bad_;
    std::vector<Edge> boundary_;
};

}  // namespace

Triangulation delaunay(std::span<const double> xy) {
    if (xy.size() % 2 != 0) throw std::invalid_argument("delaunay: coordinates must be N x 2");
    if (xy.size() / 2 > (std::size_t{1} << 30)) throw std::invalid_argument("delaunay: too many points");
    for (double v : xy)
        if (!std::isfinite(v)) throw std::invalid_argument("delaunay: coordinates must be finite");
    if (xy.size() < 6) return {};
    return Builder(xy).run();
}

}  // namespace topospike::analysis
