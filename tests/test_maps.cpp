// Smoothed preference maps (TDANN's Smoother) and pinwheels (TDANN's PinwheelDetector): equal to NumPy/SciPy
// re-implementations of TDANN's code on seeded data (circular mean with period 180 and TDANN's 179, mean, mode,
// circular std, winding numbers, pinwheel centres); the circular mean across the 0/180 wrap; a planted pinwheel
// found where it was planted with winding ±½ (TDANN's open loop: about ±0.44); a linear gradient has none.
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <numbers>

#include "support/spikes_reference.hpp"
#include "topospike/analysis/pinwheels.hpp"
#include "topospike/analysis/smoothed_map.hpp"

using namespace topospike;
using namespace topospike::analysis;
namespace ref = testsupport::spikes;

namespace {

/// A regular n × n grid of units filling [0, side]² (cell centres).
std::vector<double> gridPositions(int n, double side) {
    std::vector<double> c;
    const double h = side / n;
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            c.push_back((j + 0.5) * h);
            c.push_back((i + 0.5) * h);
        }
    return c;
}

double deg(double rad) { return rad * 180.0 / std::numbers::pi; }

/// Orientation (degrees in [0, 180)) of a field with pinwheels of charge ±½ at `centres` (x, y, sign).
std::vector<double> pinwheelField(const std::vector<double>& c, const std::vector<std::array<double, 3>>& centres,
                                  double noiseDeg, std::uint64_t seed) {
    Rng rng(seed);
    std::vector<double> theta;
    for (std::size_t u = 0; u < c.size() / 2; ++u) {
        double t = 0;
        for (const auto& p : centres) t += p[2] * deg(std::atan2(c[2 * u + 1] - p[1], c[2 * u] - p[0])) / 2.0;
        t += noiseDeg * rng.normal();
        theta.push_back(std::fmod(std::fmod(t, 180.0) + 180.0, 180.0));
    }
    return theta;
}

bool allClose(const std::vector<double>& a, const std::vector<double>& b, double tol) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::isnan(a[i]) != std::isnan(b[i])) return false;
        if (!std::isnan(a[i]) && std::fabs(a[i] - b[i]) > tol) return false;
    }
    return true;
}

/// Circular distance in degrees, period 180.
double circDist(double a, double b) {
    const double d = std::fabs(std::fmod(a - b, 180.0));
    return std::min(d, 180.0 - d);
}

}  // namespace

class TestMaps : public QObject {
    Q_OBJECT
private slots:
    void smoothedMatchesTdann_data() {
        QTest::addColumn<QString>("agg");
        QTest::addColumn<bool>("minusOne");
        QTest::newRow("circular mean, period 180") << "circmean" << false;
        QTest::newRow("circular mean, TDANN's 179") << "circmean" << true;
        QTest::newRow("mean") << "mean" << false;
        QTest::newRow("mode") << "mode" << false;
    }
    void smoothedMatchesTdann() {
        QFETCH(QString, agg);
        QFETCH(bool, minusOne);
        const std::vector<double> c = ref::uniformPositions(3000, 6.0, 71);
        std::vector<double> v = pinwheelField(c, {{2.2, 3.1, 1}, {4.4, 2.0, -1}}, 10.0, 72);
        if (agg == "mean")
            for (std::size_t u = 0; u < v.size(); ++u) v[u] = 5.5 + c[2 * u] * 2 + std::sin(c[2 * u + 1]);
        if (agg == "mode")
            for (std::size_t u = 0; u < v.size(); ++u) v[u] = std::floor(v[u] / 22.5);
        SmoothedMapParams p;
        p.width = 1.5;
        p.stride = 0.15;
        p.aggregation = agg == "circmean" ? MapAggregation::CircularMean : agg == "mean" ? MapAggregation::Mean : MapAggregation::Mode;
        p.tdannPeriodMinusOne = minusOne;
        const SmoothedMap m = smoothMap(c, v, p);
        QTemporaryDir dir;
        ref::save(dir.filePath("c.npy"), c, {3000, 2});
        ref::save(dir.filePath("v.npy"), v, {3000});
        QString log;
        QVERIFY2(ref::reference({"smooth", dir.filePath("c.npy"), dir.filePath("v.npy"), "1.5", "0.15", agg,
                                 minusOne ? "1" : "0", dir.filePath("o.npz")}, &log), qPrintable(log));
        const QString o = dir.filePath("o.npz");
        QCOMPARE(m.nx, std::int64_t{29});  // floor((max − 1.5) / 0.15) with max just under 6
        QVERIFY(allClose(m.xStarts, ref::load(o, "xs"), 0));
        QVERIFY(allClose(m.yStarts, ref::load(o, "ys"), 0));
        QVERIFY(allClose(m.tdannImage(m.values), ref::load(o, "image"), 1e-9));
        std::vector<double> counts(m.counts.begin(), m.counts.end());
        QVERIFY(allClose(m.tdannImage(counts), ref::load(o, "counts"), 0));
        if (agg == "circmean") QVERIFY(allClose(m.tdannImage(m.circularStd), ref::load(o, "std"), 1e-9));
        else QVERIFY(m.circularStd.empty());
    }

    void circularMeanAcrossWrap() {
        // one 1.5 mm window holds 175, 5, 178 and 2 degrees: the circular mean is 0 (the plain mean would be 90)
        const std::vector<double> c{0, 0, 0.5, 0.5, 1.0, 1.0, 1.2, 0.3, 1.6, 1.6};
        const std::vector<double> v{175, 5, 178, 2, 90};
        SmoothedMapParams p;
        p.stride = 0.1;
        const SmoothedMap m = smoothMap(c, v, p);
        QCOMPARE(m.nx, std::int64_t{1});
        QCOMPARE(m.counts[0], std::int64_t{4});
        QVERIFY2(circDist(m.values[0], 0.0) < 1e-9, qPrintable(QString::number(m.values[0])));
        // the circular std of ±5, ±2 degrees (period 180) is small: sqrt(−2 ln R) · 180 / 2π
        double s = 0, co = 0;
        for (double a : {175.0, 5.0, 178.0, 2.0}) {
            s += std::sin(a * std::numbers::pi / 90);
            co += std::cos(a * std::numbers::pi / 90);
        }
        const double want = std::sqrt(-2 * std::log(std::hypot(s, co) / 4)) * 90 / std::numbers::pi;
        QVERIFY(std::fabs(m.circularStd[0] - want) < 1e-12);
        p.aggregation = MapAggregation::Mean;
        QCOMPARE(smoothMap(c, v, p).values[0], 90.0);
    }

    void nanUnitsAndRefusals() {
        std::vector<double> c = gridPositions(20, 4.0);
        std::vector<double> v(400, 30.0);
        c.push_back(9.0);  // a masked unit far away: it must not stretch the grid
        c.push_back(9.0);
        v.push_back(std::nan(""));
        const SmoothedMap m = smoothMap(c, v);
        QCOMPARE(m.unitsUsed, std::int64_t{400});
        QCOMPARE(m.nx, static_cast<std::int64_t>(std::floor((3.9 - 1.5) / 0.15)));
        for (double x : m.values) QVERIFY(std::fabs(x - 30.0) < 1e-9);
        SmoothedMapParams p;
        p.aggregation = MapAggregation::Mode;
        QCOMPARE(smoothMap(c, v, p).values[0], 30.0);  // integers (the NaN unit is skipped)
        v[0] = 30.5;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, smoothMap(c, v, p));
        p.width = 10.0;  // wider than the sheet (up to 9 mm)
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, smoothMap(c, std::vector<double>(401, 1.0), p));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, smoothMap(c, std::vector<double>(3, 1.0)));
    }

    void emptyWindowsAreNan() {
        // two clusters of units at opposite corners: windows between them are empty
        std::vector<double> c, v;
        for (int i = 0; i < 50; ++i) {
            c.insert(c.end(), {0.01 * i, 0.01 * i, 5.0 - 0.01 * i, 5.0 - 0.01 * i});
            v.insert(v.end(), {10.0, 20.0});
        }
        SmoothedMapParams p;
        p.aggregation = MapAggregation::Mean;
        const SmoothedMap m = smoothMap(c, v, p);
        QVERIFY(std::isnan(m.at(m.nx / 2, m.ny / 2)));
        QCOMPARE(m.counts[static_cast<std::size_t>(m.ny / 2 * m.nx + m.nx / 2)], std::int64_t{0});
        QCOMPARE(m.at(0, 0), 10.0);
        QCOMPARE(m.at(m.nx - 1, m.ny - 1), 20.0);
    }

    void windingOnAHandGrid() {
        // ring NW, N, NE, E, SE, S, SW, W = 0, 22.5, …, 157.5: closed loop ½, TDANN's open loop 157.5/360
        std::vector<double> g(9, 0.0);
        const int walk[8][2] = {{0, 2}, {1, 2}, {2, 2}, {2, 1}, {2, 0}, {1, 0}, {0, 0}, {0, 1}};  // (ix, iy), iy up
        for (int k = 0; k < 8; ++k) g[static_cast<std::size_t>(walk[k][1] * 3 + walk[k][0])] = 22.5 * k;
        QVERIFY(std::fabs(windingNumbers(g, 3, 3)[4] - 0.5) < 1e-15);
        QVERIFY(std::fabs(windingNumbers(g, 3, 3, true)[4] - 0.4375) < 1e-15);
        for (int k = 0; k < 9; ++k)
            if (k != 4) QCOMPARE(windingNumbers(g, 3, 3)[static_cast<std::size_t>(k)], 0.0);
        for (auto& x : g) x = std::fmod(180.0 - x, 180.0);  // reversed turning
        QVERIFY(std::fabs(windingNumbers(g, 3, 3)[4] + 0.5) < 1e-15);
        g[0] = std::nan("");
        QVERIFY(std::isnan(windingNumbers(g, 3, 3)[4]));
    }

    void plantedPinwheel_data() {
        QTest::addColumn<double>("charge");
        QTest::addColumn<bool>("openLoop");
        QTest::newRow("theta = +phi/2") << 1.0 << false;
        QTest::newRow("theta = -phi/2") << -1.0 << false;
        QTest::newRow("TDANN open loop") << 1.0 << true;
    }
    void plantedPinwheel() {
        QFETCH(double, charge);
        QFETCH(bool, openLoop);
        const std::vector<double> c = gridPositions(170, 12.0);
        // plant the singularity between four pixel centres near the middle of the smoothed grid
        PinwheelParams p;
        p.tdannOpenLoop = openLoop;
        const SmoothedMap geometry = detectPinwheels(c, std::vector<double>(c.size() / 2, 0.0), p).orientation;
        const double x0 = (geometry.xCenter(11) + geometry.xCenter(12)) / 2, y0 = (geometry.yCenter(9) + geometry.yCenter(10)) / 2;
        const std::vector<double> theta = pinwheelField(c, {{x0, y0, charge}}, 0.0, 1);
        const PinwheelResult r = detectPinwheels(c, theta, p);
        QCOMPARE(r.pinwheels.size(), std::size_t{1});
        const Pinwheel& pw = r.pinwheels[0];
        QCOMPARE(pw.sign, charge > 0 ? -1 : 1);  // the walk is clockwise: θ turning counter-clockwise winds −½
        QCOMPARE(r.positive + r.negative, std::int64_t{1});
        QVERIFY2(std::hypot(pw.x - x0, pw.y - y0) < 0.25, qPrintable(QString("%1 %2 vs %3 %4").arg(pw.x).arg(pw.y).arg(x0).arg(y0)));
        QVERIFY(pw.pixels >= 2);
        if (!openLoop) {
            QVERIFY(std::fabs(pw.meanWinding - pw.sign * 0.5) < 1e-12);
        } else {
            QVERIFY(std::fabs(pw.meanWinding) > 0.3 && std::fabs(pw.meanWinding) < 0.5);
        }
        QCOMPARE(r.side, 12.0 - 12.0 / 170);
        QCOMPARE(r.density, 1.0 / ((r.side / 3.5) * (r.side / 3.5)));
    }

    void linearGradientHasNone() {
        const std::vector<double> c = gridPositions(150, 12.0);
        std::vector<double> theta;
        for (std::size_t u = 0; u < c.size() / 2; ++u) theta.push_back(std::fmod(15.0 * c[2 * u] + 3.0 * c[2 * u + 1], 180.0));
        const PinwheelResult r = detectPinwheels(c, theta);
        QVERIFY(r.pinwheels.empty());
        for (double w : r.winding) QVERIFY(std::fabs(w) < 1e-9);
        // the smoothed map follows the gradient (across the wrap too)
        const SmoothedMap& m = r.orientation;
        for (std::int64_t ix = 0; ix < m.nx; ix += 5)
            QVERIFY(circDist(m.at(ix, 3), 15.0 * m.xCenter(ix) + 3.0 * m.yCenter(3)) < 1.0);
    }

    void pinwheelsMatchTdann_data() {
        QTest::addColumn<bool>("openLoop");
        QTest::addColumn<bool>("minusOne");
        QTest::newRow("closed loop, 180") << false << false;
        QTest::newRow("TDANN: open loop, 179") << true << true;
    }
    void pinwheelsMatchTdann() {
        QFETCH(bool, openLoop);
        QFETCH(bool, minusOne);
        const std::vector<double> c = ref::uniformPositions(20000, 10.0, 81);
        const std::vector<double> theta = pinwheelField(c, {{2.5, 2.5, 1}, {6.9, 3.3, -1}, {4.2, 7.7, 1}, {8.1, 8.0, -1}}, 8.0, 82);
        PinwheelParams p;
        p.tdannOpenLoop = openLoop;
        p.tdannPeriodMinusOne = minusOne;
        const PinwheelResult r = detectPinwheels(c, theta, p);
        QTemporaryDir dir;
        ref::save(dir.filePath("c.npy"), c, {20000, 2});
        ref::save(dir.filePath("t.npy"), theta, {20000});
        QString log;
        QVERIFY2(ref::reference({"pinwheels", dir.filePath("c.npy"), dir.filePath("t.npy"), "1.5", "0.45",
                                 openLoop ? "1" : "0", minusOne ? "1" : "0", dir.filePath("o.npz")}, &log), qPrintable(log));
        const QString o = dir.filePath("o.npz");
        const SmoothedMap& m = r.orientation;
        QVERIFY(allClose(m.tdannImage(m.values), ref::load(o, "image"), 1e-9));
        QVERIFY(allClose(m.tdannImage(r.variability), ref::load(o, "var"), 1e-12));
        // TDANN leaves the border at 0
        QVERIFY(allClose(m.tdannImage(r.winding), ref::load(o, "winding"), 1e-12));
        const auto centres = ref::load(o, "centers"), signs = ref::load(o, "signs"), sizes = ref::load(o, "sizes");
        QCOMPARE(r.pinwheels.size(), signs.size());
        for (std::size_t k = 0; k < r.pinwheels.size(); ++k) {
            QCOMPARE(static_cast<double>(r.pinwheels[k].sign), signs[k]);
            QCOMPARE(static_cast<double>(r.pinwheels[k].pixels), sizes[k]);
            QVERIFY(std::fabs(r.pinwheels[k].column - centres[2 * k]) < 1e-12);
            QVERIFY(std::fabs(r.pinwheels[k].row - centres[2 * k + 1]) < 1e-12);
        }
        QVERIFY(r.pinwheels.size() >= 4);  // the four planted ones at least
    }
};

QTEST_GUILESS_MAIN(TestMaps)
#include "test_maps.moc"
