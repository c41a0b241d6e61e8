#include "analysis/geometry_predicates.hpp"

#include <cmath>
#include <vector>

namespace topospike::analysis::geometry {
namespace {

// A nonoverlapping expansion: components in increasing magnitude, zeros removed; its value is their exact sum.
using Expansion = std::vector<double>;

constexpr double kEps = 0x1.0p-53;  // half an ulp of 1
constexpr double kCcwErrBound = (3.0 + 16.0 * kEps) * kEps;
constexpr double kIccErrBound = (10.0 + 96.0 * kEps) * kEps;

// x + y = a + b exactly (Knuth's TwoSum).
inline void twoSum(double a, double b, double& x, double& y) {
    x = a + b;
    const double bv = x - a, av = x - bv;
    y = (a - av) + (b - bv);
}

// x + y = a * b exactly.
inline void twoProduct(double a, double b, double& x, double& y) {
    x = a * b;
    y = std::fma(a, b, -x);
}

// The difference a − b as an exact expansion.
Expansion diff(double a, double b) {
    double x, y;
    twoSum(a, -b, x, y);
    Expansion e;
    if (y != 0.0) e.push_back(y);
    if (x != 0.0) e.push_back(x);
    return e;
}

// e + b (Shewchuk's GROW-EXPANSION with zero elimination).
Expansion grow(const Expansion& e, double b) {
    Expansion h;
    h.reserve(e.size() + 1);
    double q = b;
    for (double c : e) {
        double s, err;
        twoSum(q, c, s, err);
        if (err != 0.0) h.push_back(err);
        q = s;
    }
    if (q != 0.0) h.push_back(q);
    return h;
}

Expansion sum(const Expansion& e, const Expansion& f) {
    Expansion h = e;
    for (double c : f) h = grow(h, c);
    return h;
}

Expansion negate(Expansion e) {
    for (double& c : e) c = -c;
    return e;
}

// e * b (Shewchuk's SCALE-EXPANSION with zero elimination).
Expansion scale(const Expansion& e, double b) {
    Expansion h;
    if (e.empty() || b == 0.0) return h;
    h.reserve(2 * e.size());
    double q, err;
    twoProduct(e[0], b, q, err);
    if (err != 0.0) h.push_back(err);
    for (std::size_t i = 1; i < e.size(); ++i) {
        double p1, p0, s, t;
        twoProduct(e[i], b, p1, p0);
        twoSum(q, p0, s, t);
        if (t != 0.0) h.push_back(t);
        twoSum(p1, s, q, t);
        if (t != 0.0) h.push_back(t);
    }
    if (q != 0.0) h.push_back(q);
    return h;
}

Expansion product(const Expansion& e, const Expansion& f) {
    Expansion h;
    for (double c : f) h = sum(h, scale(e, c));
    return h;
}

// The sign of an expansion is the sign of its largest component.
double signOf(const Expansion& e) { return e.empty() ? 0.0 : e.back(); }

double orientExact(const double* a, const double* b, const double* c) {
    const Expansion acx = diff(a[0], c[0]), acy = diff(a[1], c[1]), bcx = diff(b[0], c[0]), bcy = diff(b[1], c[1]);
    return signOf(sum(product(acx, bcy), negate(product(acy, bcx))));
}

double incircleExact(const double* a, const double* b, const double* c, const double* d) {
    const Expansion adx = diff(a[0], d[0]), ady = diff(a[1], d[1]);
    const Expansion bdx = diff(b[0], d[0]), bdy = diff(b[1], d[1]);
    const Expansion cdx = diff(c[0], d[0]), cdy = diff(c[1], d[1]);
    const Expansion alift = sum(product(adx, adx), product(ady, ady));
    const Expansion blift = sum(product(bdx, bdx), product(bdy, bdy));
    const Expansion clift = sum(product(cdx, cdx), product(cdy, cdy));
    const Expansion bc = sum(product(bdx, cdy), negate(product(cdx, bdy)));
    const Expansion ca = sum(product(cdx, ady), negate(product(adx, cdy)));
    const Expansion ab = sum(product(adx, bdy), negate(product(bdx, ady)));
    return signOf(sum(sum(product(alift, bc), product(blift, ca)), product(clift, ab)));
}

}  // namespace

double orient2d(const double* a, const double* b, const double* c) {
    const double left = (a[0] - c[0]) * (b[1] - c[1]);
    const double right = (a[1] - c[1]) * (b[0] - c[0]);
    const double det = left - right;
    const double bound = kCcwErrBound * (std::fabs(left) + std::fabs(right));
    if (det > bound || -det > bound) return det;
    return orientExact(a, b, c);
}

double incircle(const double* a, const double* b, const double* c, const double* d) {
    const double adx = a[0] - d[0], ady = a[1] - d[1];
    const double bdx = b[0] - d[0], bdy = b[1] - d[1];
    const double cdx = c[0] - d[0], cdy = c[1] - d[1];
    const double bdxcdy = bdx * cdy, cdxbdy = cdx * bdy;
    const double cdxady = cdx * ady, adxcdy = adx * cdy;
    const double adxbdy = adx * bdy, bdxady = bdx * ady;
    const double alift = adx * adx + ady * ady;
    const double blift = bdx * bdx + bdy * bdy;
    const double clift = cdx * cdx + cdy * cdy;
    const double det = alift * (bdxcdy - cdxbdy) + blift * (cdxady - adxcdy) + clift * (adxbdy - bdxady);
    const double permanent = (std::fabs(bdxcdy) + std::fabs(cdxbdy)) * alift +
                             (std::fabs(cdxady) + std::fabs(adxcdy)) * blift +
                             (std::fabs(adxbdy) + std::fabs(bdxady)) * clift;
    const double bound = kIccErrBound * permanent;
    if (det > bound || -det > bound) return det;
    return incircleExact(a, b, c, d);
}

}  // namespace topospike::analysis::geometry
