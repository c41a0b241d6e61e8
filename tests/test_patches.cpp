// Delaunay triangulation, TDANN's alpha-shape hull areas (hand cases and the NumPy/SciPy reference), the
// Gaussian-smoothed t grid, and patch finding (a planted patch by hand, random maps against the reference).
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <tbb/global_control.h>

#include <cmath>
#include <map>

#include "analysis/geometry_predicates.hpp"
#include "support/it_reference.hpp"
#include "topospike/analysis/alpha_shape.hpp"
#include "topospike/analysis/delaunay.hpp"
#include "topospike/analysis/patches.hpp"
#include "topospike/random.hpp"

using namespace topospike;
using namespace topospike::analysis;

namespace {

std::vector<double> grid(int n, double step, double x0 = 0, double y0 = 0) {
    std::vector<double> xy;
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            xy.push_back(x0 + step * j);
            xy.push_back(y0 + step * i);
        }
    return xy;
}

std::vector<double> randomCloud(std::uint64_t seed, int n, int kind) {
    Rng rng(seed);
    std::vector<double> xy;
    const double pi = std::acos(-1.0);
    while (static_cast<int>(xy.size()) < 2 * n) {
        double x, y;
        if (kind == 0) {
            x = rng.uniform(0, 60);
            y = rng.uniform(0, 60);
        } else if (kind == 1) {  // annulus: a hole wider than 2/alpha
            const double r = rng.uniform(12, 20), th = rng.uniform(0, 2 * pi);
            x = 30 + r * std::cos(th);
            y = 30 + r * std::sin(th);
        } else {  // three blobs
            const int b = static_cast<int>(rng.below(3));
            x = 15 + 25 * b + 4 * rng.normal();
            y = 20 + 10 * (b % 2) + 4 * rng.normal();
        }
        xy.push_back(x);
        xy.push_back(y);
    }
    return xy;
}

double referenceHull(const std::vector<double>& xy, double alpha, double* cx = nullptr, double* cy = nullptr) {
    QTemporaryDir dir;
    testsupport::saveNpy(dir.filePath("p.npy"), xy, {static_cast<std::int64_t>(xy.size() / 2), 2});
    QString out;
    if (!testsupport::itReference({"hull", dir.filePath("p.npy"), QString::number(alpha, 'g', 17)}, &out)) {
        qWarning("%s", qPrintable(out));
        return std::nan("");
    }
    const QStringList parts = out.trimmed().split(' ');
    if (cx) *cx = parts.value(1).toDouble();
    if (cy) *cy = parts.value(2).toDouble();
    return parts.value(0).toDouble();
}

double triangleArea(const std::vector<double>& xy, const std::array<std::int32_t, 3>& t) {
    auto P = [&](int v, int c) { return xy[2 * static_cast<std::size_t>(v) + static_cast<std::size_t>(c)]; };
    return 0.5 * ((P(t[1], 0) - P(t[0], 0)) * (P(t[2], 1) - P(t[0], 1)) - (P(t[1], 1) - P(t[0], 1)) * (P(t[2], 0) - P(t[0], 0)));
}

}  // namespace

class TestPatches : public QObject {
    Q_OBJECT
private slots:
    void predicatesAreExact() {
        // Nearly collinear: the naive double formula gets the sign wrong or zero; the exact one does not.
        const double a[2] = {0.5, 0.5}, b[2] = {12.0, 12.0}, c[2] = {24.0, 24.0};
        QCOMPARE(geometry::orient2d(a, b, c), 0.0);
        const double c2[2] = {24.0, std::nextafter(24.0, 25.0)};
        QVERIFY(geometry::orient2d(a, b, c2) > 0);
        const double p[2] = {0, 0}, q[2] = {1, 0}, r[2] = {1, 1}, s[2] = {0, 1}, inside[2] = {0.5, 0.5};
        QCOMPARE(geometry::incircle(p, q, r, s), 0.0);  // cocircular
        QVERIFY(geometry::incircle(p, q, r, inside) > 0);
        const double nearS[2] = {0, std::nextafter(1.0, 2.0)};
        QVERIFY(geometry::incircle(p, q, r, nearS) < 0);
    }

    void delaunayIsDelaunay() {
        const std::vector<double> xy = randomCloud(3, 400, 0);
        const Triangulation tri = delaunay(xy);
        const std::size_t n = xy.size() / 2;
        // Euler: 2n − 2 − h triangles for n points in general position with h on the hull.
        std::map<std::pair<int, int>, int> edgeUse;
        for (std::size_t t = 0; t < tri.triangles.size(); ++t) {
            const auto& v = tri.triangles[t];
            QVERIFY(triangleArea(xy, v) > 0);  // counter-clockwise, not flat
            for (std::size_t q = 0; q < n; ++q) {  // empty circumcircles
                if (static_cast<int>(q) == v[0] || static_cast<int>(q) == v[1] || static_cast<int>(q) == v[2]) continue;
                QVERIFY(geometry::incircle(&xy[2 * v[0]], &xy[2 * v[1]], &xy[2 * v[2]], &xy[2 * q]) <= 0);
            }
            for (int k = 0; k < 3; ++k) {
                const int a = v[(k + 1) % 3], b = v[(k + 2) % 3];
                ++edgeUse[{std::min(a, b), std::max(a, b)}];
                const std::int32_t nb = tri.neighbours[t][static_cast<std::size_t>(k)];
                if (nb >= 0) {  // the neighbour shares exactly that edge
                    const auto& w = tri.triangles[static_cast<std::size_t>(nb)];
                    int shared = 0;
                    for (int m = 0; m < 3; ++m) shared += w[m] == a || w[m] == b;
                    QCOMPARE(shared, 2);
                }
            }
        }
        int hull = 0;
        for (const auto& [e, uses] : edgeUse) {
            QVERIFY(uses == 1 || uses == 2);
            hull += uses == 1;
        }
        QCOMPARE(tri.triangles.size(), 2 * n - 2 - static_cast<std::size_t>(hull));
    }

    void delaunayDegenerateInputs() {
        QCOMPARE(delaunay(std::vector<double>{0, 0, 1, 1, 2, 2, 3, 3}).triangles.size(), std::size_t{0});  // collinear
        QCOMPARE(delaunay(std::vector<double>{0, 0, 1, 0}).triangles.size(), std::size_t{0});
        // A 5 × 5 grid (every square cocircular) with a duplicate point: 2 · 4² triangles covering 16.
        std::vector<double> g = grid(5, 1.0);
        g.push_back(2);
        g.push_back(2);
        const Triangulation tri = delaunay(g);
        QCOMPARE(tri.triangles.size(), std::size_t{32});
        double area = 0;
        for (const auto& t : tri.triangles) area += triangleArea(g, t);
        QCOMPARE(area, 16.0);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, delaunay(std::vector<double>{0, 0, 1, std::nan(""), 2, 2}));
    }

    void alphaShapeHandCases() {
        // A 1 mm grid 10 mm wide: every triangle is tiny, the shape is the square.
        AlphaShape s = alphaShape(grid(11, 1.0), 0.1);
        QCOMPARE(s.area, 100.0);
        QVERIFY(std::fabs(s.centroidX - 5) < 1e-12 && std::fabs(s.centroidY - 5) < 1e-12);
        // Spacing 15 mm: circumradius 10.6 mm ≥ 1/α, nothing is kept.
        QCOMPARE(alphaShape(grid(3, 15.0), 0.1).area, 0.0);
        // ... unless α allows it (R < 1/0.05 = 20 mm).
        QCOMPARE(alphaShape(grid(3, 15.0), 0.05).area, 900.0);
        // A 60 mm square of 2 mm grid points with a 30 mm empty hole inside: the hole's triangles are dropped
        // but enclosed by kept edges, so TDANN's polygonize fills it: the area is the full square.
        std::vector<double> holed;
        const std::vector<double> g = grid(31, 2.0);
        for (std::size_t i = 0; i < g.size(); i += 2)
            if (!(g[i] > 15 && g[i] < 45 && g[i + 1] > 15 && g[i + 1] < 45)) {
                holed.push_back(g[i]);
                holed.push_back(g[i + 1]);
            }
        QCOMPARE(alphaShape(holed, 0.1).area, 3600.0);
        // Open the hole to the outside with a channel: now it is outside, as in the reference.
        std::vector<double> open;
        for (std::size_t i = 0; i < holed.size(); i += 2)
            if (!(holed[i] > 15 && holed[i + 1] > 15 && holed[i + 1] < 45)) {
                open.push_back(holed[i]);
                open.push_back(holed[i + 1]);
            }
        const double openArea = alphaShape(open, 0.1).area;
        QVERIFY2(openArea < 3600 - 30 * 45 + 50 && openArea > 3600 - 30 * 45 - 100, qPrintable(QString::number(openArea)));
        QVERIFY(std::fabs(openArea - referenceHull(open, 0.1)) < 1e-9);
        // Fewer than 4 points: the convex hull, whatever α.
        QCOMPARE(alphaShape(std::vector<double>{0, 0, 40, 0, 0, 30}, 0.1).area, 600.0);
        QCOMPARE(alphaShape(std::vector<double>{0, 0, 40, 0}, 0.1).area, 0.0);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, alphaShape(grid(3, 1.0), 0.0));
    }

    void alphaShapeMatchesReference() {
        int filledHoles = 0;
        for (int trial = 0; trial < 12; ++trial) {
            const std::vector<double> xy = randomCloud(100 + trial, 30 + 40 * trial, trial % 3);
            double cx = 0, cy = 0;
            const double want = referenceHull(xy, 0.1, &cx, &cy);
            const AlphaShape got = alphaShape(xy, 0.1);
            QVERIFY2(std::fabs(got.area - want) <= 1e-9 * std::max(1.0, want),
                     qPrintable(QString("trial %1: %2 vs %3").arg(trial).arg(got.area, 0, 'g', 17).arg(want, 0, 'g', 17)));
            if (want > 0) QVERIFY(std::fabs(got.centroidX - cx) < 1e-9 && std::fabs(got.centroidY - cy) < 1e-9);
            filledHoles += trial % 3 == 1 && got.area > 0;
        }
        QVERIFY(filledHoles >= 3);
    }

    void smoothingMatchesReference() {
        Rng rng(8);
        const std::size_t N = 1500;
        std::vector<double> xy(2 * N);
        std::vector<std::vector<double>> maps(2, std::vector<double>(N));
        for (std::size_t u = 0; u < N; ++u) {
            xy[2 * u] = rng.uniform(3, 40);
            xy[2 * u + 1] = rng.uniform(0, 30);  // not square: the grid spans [min, max] of both
            maps[0][u] = 5 * std::sin(xy[2 * u] / 4) + rng.normal();
            maps[1][u] = rng.normal();
        }
        maps[1][3] = std::nan("");  // left out of map 1's averages only
        PatchParams p;
        p.gridSize = 25;
        const SmoothedGrid got = smoothOnGrid(xy, maps, p);
        QTemporaryDir dir;
        std::vector<double> flat = maps[0];
        flat.insert(flat.end(), maps[1].begin(), maps[1].end());
        testsupport::saveNpy(dir.filePath("xy.npy"), xy, {static_cast<std::int64_t>(N), 2});
        testsupport::saveNpy(dir.filePath("maps.npy"), flat, {2, static_cast<std::int64_t>(N)});
        QString log;
        QVERIFY2(testsupport::itReference({"smooth", dir.filePath("xy.npy"), dir.filePath("maps.npy"), "25", "2.4",
                                           dir.filePath("s.npy")},
                                          &log),
                 qPrintable(log));
        const auto want = testsupport::loadNpy(dir.filePath("s.npy"));
        QCOMPARE(want.size(), std::size_t{2 * 25 * 25});
        double worst = 0;
        for (std::size_t m = 0; m < 2; ++m)
            for (std::size_t i = 0; i < 625; ++i) {
                const double a = got.maps[m][i], b = want[m * 625 + i];
                QVERIFY2(testsupport::close(a, b, 1e-11), qPrintable(QString("%1 vs %2").arg(a).arg(b)));
                worst = std::max(worst, std::fabs(a - b));
            }
        qInfo("smoothed grid vs per-anchor np.average: worst difference %.3g", worst);

        // Bitwise the same on 1 thread and on several (fixed-order reduction).
        SmoothedGrid one;
        {
            tbb::global_control single(tbb::global_control::max_allowed_parallelism, 1);
            one = smoothOnGrid(xy, maps, p);
        }
        QVERIFY(one.maps == got.maps);
    }

    // A planted "face patch": t = 8 inside a 10 mm disc, 0 elsewhere, units on a 0.7 mm grid of a 70 mm sheet.
    void plantedPatch() {
        const std::vector<double> xy = grid(101, 0.7);
        std::vector<double> t(xy.size() / 2);
        for (std::size_t u = 0; u < t.size(); ++u)
            t[u] = std::hypot(xy[2 * u] - 35, xy[2 * u + 1] - 35) <= 10 ? 8.0 : 0.0;
        const PatchResult r = findPatches(xy, t);
        QCOMPARE(r.components, std::int64_t{1});
        QCOMPARE(r.patches.size(), std::size_t{1});
        const Patch& p = r.patches[0];
        // The smoothed edge (8·Φ(z) = 2 → z = −0.674) lies ~a + 0.674σ = 11.6 mm out; units within 1 mm of a
        // labelled anchor extend that by ~1 mm: a disc of radius ~12.6 mm, π·12.6² ≈ 499 mm².
        QVERIFY2(p.area > 440 && p.area < 560, qPrintable(QString::number(p.area)));
        QVERIFY(std::fabs(p.centroidX - 35) < 0.3 && std::fabs(p.centroidY - 35) < 0.3);
        double rmax = 0;
        std::int64_t core = 0;
        for (auto u : p.units) rmax = std::max(rmax, std::hypot(xy[2 * u] - 35, xy[2 * u + 1] - 35));
        for (std::size_t u = 0; u < t.size(); ++u) {
            const double r0 = std::hypot(xy[2 * u] - 35, xy[2 * u + 1] - 35);
            if (r0 <= 10) {
                ++core;
                QCOMPARE(r.unitPatch[u], 0);
            }
        }
        QVERIFY2(rmax > 11.6 && rmax < 13.5, qPrintable(QString::number(rmax)));
        QVERIFY(static_cast<std::int64_t>(p.units.size()) > core);
        // Unit count ≈ area × density (1 / 0.49 mm²).
        QVERIFY(std::fabs(static_cast<double>(p.units.size()) * 0.49 - p.area) < 0.1 * p.area);

        // The same map below threshold finds nothing; a smaller maximum area rejects the patch.
        for (auto& v : t) v *= 0.2;
        QCOMPARE(findPatches(xy, t).patches.size(), std::size_t{0});
        for (auto& v : t) v *= 5;
        PatchParams small;
        small.maxArea = 300;
        const PatchResult rejected = findPatches(xy, t, small);
        QCOMPARE(rejected.candidates, std::int64_t{1});
        QVERIFY(rejected.patches.empty());
        QCOMPARE(std::count(rejected.unitPatch.begin(), rejected.unitPatch.end(), -1), static_cast<long>(t.size()));
    }

    void patchesMatchReference() {
        Rng rng(21);
        const std::size_t N = 4000;
        std::vector<double> xy(2 * N), t(N);
        for (std::size_t u = 0; u < N; ++u) {
            xy[2 * u] = rng.uniform(0, 64);
            xy[2 * u + 1] = rng.uniform(0, 64);
            const double x = xy[2 * u], y = xy[2 * u + 1];
            t[u] = 9 * std::exp(-(std::pow(x - 18, 2) + std::pow(y - 44, 2)) / 60) +
                   6 * std::exp(-(std::pow(x - 47, 2) + std::pow(y - 20, 2)) / 150) +
                   4 * std::exp(-(std::pow(x - 55, 2) + std::pow(y - 55, 2)) / 8) + 1.5 * rng.normal();
        }
        const PatchResult got = findPatches(xy, t);
        QTemporaryDir dir;
        testsupport::saveNpy(dir.filePath("xy.npy"), xy, {static_cast<std::int64_t>(N), 2});
        testsupport::saveNpy(dir.filePath("t.npy"), t, {static_cast<std::int64_t>(N)});
        const PatchParams p;
        const QJsonObject params{{"threshold", p.threshold}, {"gridSize", p.gridSize}, {"sigma", p.sigma},
                                 {"unitRadius", p.unitRadius}, {"minComponentUnits", p.minComponentUnits},
                                 {"hullAlpha", p.hullAlpha}, {"minArea", p.minArea}, {"maxArea", p.maxArea},
                                 {"minUnits", p.minUnits}};
        {
            QFile f(dir.filePath("p.json"));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QJsonDocument(params).toJson());
        }
        QString log;
        QVERIFY2(testsupport::itReference({"patches", dir.filePath("xy.npy"), dir.filePath("t.npy"), dir.filePath("p.json"),
                                           dir.filePath("out.json")},
                                          &log),
                 qPrintable(log));
        const QJsonObject want = testsupport::loadJson(dir.filePath("out.json"));
        QCOMPARE(got.components, static_cast<std::int64_t>(want["components"].toInt()));
        const QJsonArray wp = want["patches"].toArray();
        QCOMPARE(got.patches.size(), static_cast<std::size_t>(wp.size()));
        QVERIFY(got.patches.size() >= 2);
        for (std::size_t i = 0; i < got.patches.size(); ++i) {
            const Patch& a = got.patches[i];
            const QJsonObject b = wp[int(i)].toObject();
            QCOMPARE(a.component, b["component"].toInt());
            QCOMPARE(a.pixels, static_cast<std::int64_t>(b["pixels"].toInt()));
            const QJsonArray units = b["units"].toArray();
            QCOMPARE(a.units.size(), static_cast<std::size_t>(units.size()));
            for (std::size_t k = 0; k < a.units.size(); ++k) QCOMPARE(a.units[k], static_cast<std::int64_t>(units[int(k)].toInt()));
            QVERIFY(std::fabs(a.area - b["area"].toDouble()) < 1e-9 * a.area);
            QVERIFY(std::fabs(a.centroidX - b["centroid"].toArray()[0].toDouble()) < 1e-9);
            QVERIFY(std::fabs(a.centroidY - b["centroid"].toArray()[1].toDouble()) < 1e-9);
        }
        const QJsonArray up = want["unitPatch"].toArray();
        for (std::size_t u = 0; u < N; ++u) QCOMPARE(got.unitPatch[u], up[int(u)].toInt());
    }

    void refusesBadInput() {
        PatchParams p;
        p.sigma = 0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, findPatches(grid(3, 1.0), std::vector<double>(9, 1.0), p));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, findPatches(grid(3, 1.0), std::vector<double>(8, 1.0)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 findPatches(std::vector<double>{1, 1, 1, 1}, std::vector<double>(2, 1.0)));
    }
};

QTEST_GUILESS_MAIN(TestPatches)
#include "test_patches.moc"
