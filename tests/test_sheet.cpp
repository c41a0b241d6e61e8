// Cortical-sheet geometry (topospike/sheet): TDANN's areas and layer table, the retinotopic placement against a
// NumPy re-implementation of TDANN's (tests/fixtures/sheet_reference.py), the neighborhood trim rule against
// SciPy, neighborhood shapes against TDANN's algorithm run with NumPy's generator, determinism and small layers.
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <set>

#include "support/python_check.hpp"
#include "topospike/io/npy.hpp"
#include "topospike/sheet/areas.hpp"
#include "topospike/sheet/neighborhoods.hpp"
#include "topospike/sheet/retinotopic.hpp"

using namespace topospike;
using namespace topospike::sheet;

namespace {

QString referenceScript() { return QStringLiteral(TOPOSPIKE_SOURCE_DIR "/tests/fixtures/sheet_reference.py"); }

/// Runs sheet_reference.py with `args`; returns its stdout.
QString reference(const QStringList& args) {
    QString out;
    const bool ok = testsupport::runPython("import runpy, sys\nsys.argv = sys.argv[1:]\nrunpy.run_path(sys.argv[0], run_name='__main__')\n",
                                           QStringList{referenceScript()} + args, &out);
    if (!ok) qWarning("%s", qPrintable(out));
    return ok ? out.trimmed() : QString();
}

QJsonObject referenceJson(const QStringList& args) { return QJsonDocument::fromJson(reference(args).toUtf8()).object(); }

QString num(double v) { return QString::number(v, 'g', 17); }

void saveF64(const QString& path, const std::vector<double>& v, std::vector<std::int64_t> shape) {
    Tensor t(DType::F64, std::move(shape));
    std::memcpy(t.bytes().data(), v.data(), t.nbytes());
    io::writeNpy(path.toStdString(), t);
}

void saveI64(const QString& path, const std::vector<std::int64_t>& v) {
    Tensor t(DType::I64, {static_cast<std::int64_t>(v.size())});
    std::memcpy(t.bytes().data(), v.data(), t.nbytes());
    io::writeNpy(path.toStdString(), t);
}

double ptp(const std::vector<double>& xy, std::size_t axis) {
    double lo = xy[axis], hi = lo;
    for (std::size_t i = axis; i < xy.size(); i += 2) lo = std::min(lo, xy[i]), hi = std::max(hi, xy[i]);
    return hi - lo;
}

double minOf(const std::vector<double>& xy, std::size_t axis) {
    double lo = xy[axis];
    for (std::size_t i = axis; i < xy.size(); i += 2) lo = std::min(lo, xy[i]);
    return lo;
}

RetinotopicParams noJitter(Area a, std::uint64_t seed) {
    RetinotopicParams p = RetinotopicParams::forArea(a, seed);
    p.jitterMm = 0.0;
    return p;
}

}  // namespace

class TestSheet : public QObject {
    Q_OBJECT
private slots:
    void areaTable() {
        QCOMPARE(areaSpec(Area::Retina).tissueMm, 2.4);
        QCOMPARE(areaSpec(Area::Retina).neighborhoodMm, 0.0475);
        QCOMPARE(areaSpec(Area::V1).tissueMm, 36.75);
        QCOMPARE(areaSpec(Area::V1).neighborhoodMm, 1.626);
        QCOMPARE(areaSpec(Area::V2).tissueMm, 35.0);
        QCOMPARE(areaSpec(Area::V2).neighborhoodMm, 3.977);
        QCOMPARE(areaSpec(Area::V4).tissueMm, 22.4);
        QCOMPARE(areaSpec(Area::V4).neighborhoodMm, 2.545);
        QCOMPARE(areaSpec(Area::IT).tissueMm, 70.0);
        QCOMPARE(areaSpec(Area::IT).neighborhoodMm, 31.818);
        QCOMPARE(parseArea("VTC"), std::optional<Area>(Area::IT));
        QCOMPARE(parseArea("it"), std::optional<Area>(Area::IT));
        QCOMPARE(parseArea("Retina"), std::optional<Area>(Area::Retina));
        QCOMPARE(parseArea("v4"), std::optional<Area>(Area::V4));
        QVERIFY(!parseArea("V3"));
        QVERIFY(!parseArea(""));
    }

    void layerTable() {
        const std::vector<std::pair<std::string, Area>> table = {
            {"layer1.0", Area::Retina}, {"layer1.1", Area::Retina}, {"layer2.0", Area::V1}, {"layer2.1", Area::V1},
            {"layer3.0", Area::V2},     {"layer3.1", Area::V4},     {"layer4.0", Area::IT}, {"layer4.1", Area::IT}};
        for (const auto& [name, area] : table) {
            QCOMPARE(tdannResnet18Area(name), std::optional<Area>(area));
            const LayerArea la = areaForLayer(name);
            QCOMPARE(la.area, area);
            QVERIFY(la.fromTable);
        }
        // Deeper ResNets: the ResNet-18 rule by stage.
        QCOMPARE(areaForLayer("layer1.2").area, Area::Retina);
        QCOMPARE(areaForLayer("layer2.3").area, Area::V1);
        QCOMPARE(areaForLayer("layer3.5").area, Area::V4);
        QCOMPARE(areaForLayer("layer4.2").area, Area::IT);
        QVERIFY(!areaForLayer("layer4.2").fromTable);
        // Anything else: V1.
        for (const char* other : {"stem", "fc", "layer5.0", "layer2", "layer2.x", "layer-1.0", ""}) {
            QCOMPARE(areaForLayer(other).area, Area::V1);
            QVERIFY(!areaForLayer(other).fromTable);
        }
    }

    void rfGridMatchesNumpy_data() {
        QTest::addColumn<int>("width");
        QTest::addColumn<double>("sheet");
        QTest::addColumn<double>("overlap");
        QTest::newRow("retina 56") << 56 << 2.4 << 0.1;
        QTest::newRow("V1 28") << 28 << 36.75 << defaultRfOverlap(28);
        QTest::newRow("V2 14") << 14 << 35.0 << defaultRfOverlap(14);
        QTest::newRow("IT 7") << 7 << 70.0 << defaultRfOverlap(7);
        QTest::newRow("full overlap") << 5 << 22.4 << 1.0;
        QTest::newRow("no overlap odd") << 9 << 3.3 << 0.0;
        QTest::newRow("one position") << 1 << 36.75 << 1.0;
    }
    void rfGridMatchesNumpy() {
        QFETCH(int, width);
        QFETCH(double, sheet);
        QFETCH(double, overlap);
        const RfGrid g = rfGrid(width, width, sheet, overlap);
        const QJsonObject want = referenceJson({"grid", QString::number(width), num(sheet), num(overlap)});
        QVERIFY(!want.isEmpty());
        QCOMPARE(g.rfWidth, want["rf_width"].toDouble());
        QCOMPARE(g.radius, want["radius"].toDouble());
        const QJsonArray centres = want["centres"].toArray();
        QCOMPARE(g.xCentres.size(), std::size_t(centres.size()));
        for (int i = 0; i < centres.size(); ++i) {
            QCOMPARE(g.xCentres[std::size_t(i)], centres[i].toDouble());
            QCOMPARE(g.yCentres[std::size_t(i)], centres[i].toDouble());
        }
    }

    void overlapRule() {
        // TDANN: 0.1, 0.2, 0.4, 0.8 for ResNet-18's four stages at 224 px; never above 1.
        QCOMPARE(defaultRfOverlap(56), 0.1);
        QCOMPARE(defaultRfOverlap(28), 0.2);
        QCOMPARE(defaultRfOverlap(14), 0.4);
        QCOMPARE(defaultRfOverlap(7), 0.8);
        QCOMPARE(defaultRfOverlap(2), 1.0);
        QCOMPARE(defaultRfOverlap(8, 16), 0.2);
        // V1's radius quoted in the reference: 0.8131 mm.
        QVERIFY(std::abs(rfGrid(28, 28, 36.75, 0.2).radius - 0.8131) < 1e-4);
    }

    void offsetsAroundTdannAnchors() {
        // Without jitter every unit lies within ±r of its TDANN anchor, in unit order c·H·W + h·W + w, offsets
        // spread uniformly (mean 0, sd r/√3).
        const std::vector<std::int64_t> dims{64, 14, 14};
        const RetinotopicParams p = noJitter(Area::V2, 11);
        const io::LayerPositions l = initRetinotopic("layer3.0", dims, p);
        QCOMPARE(l.units(), std::int64_t{64 * 14 * 14});
        QTemporaryDir dir;
        const QString path = dir.filePath("pos.npy");
        saveF64(path, l.coordinates, {l.units(), 2});
        const double ov = defaultRfOverlap(14);
        const QJsonObject r = referenceJson({"offsets", path, "64", "14", "14", num(35.0), num(ov)});
        QVERIFY(!r.isEmpty());
        const double radius = r["radius"].toDouble();
        QCOMPARE(radius, rfGrid(14, 14, 35.0, ov).radius);
        QVERIFY(r["min"].toDouble() >= -radius);
        QVERIFY(r["max"].toDouble() < radius);
        for (const auto& v : r["mean"].toArray()) QVERIFY(std::abs(v.toDouble()) < 0.02 * radius);
        for (const auto& v : r["sd"].toArray()) QVERIFY(std::abs(v.toDouble() - radius / std::sqrt(3.0)) < 0.02 * radius);
    }

    void unitOrderByHand() {
        // One channel, no jitter, full overlap of 0: unit h·W + w sits within r of (centre[w], centre[h]).
        RetinotopicParams p = noJitter(Area::V1, 3);
        p.rfOverlap = 0.0;
        const io::LayerPositions l = initRetinotopic("x", {2, 3, 3}, p);
        const RfGrid g = rfGrid(3, 3, 36.75, 0.0);
        QCOMPARE(g.rfWidth, 36.75 / 3);
        for (std::int64_t c = 0; c < 2; ++c)
            for (std::int64_t h = 0; h < 3; ++h)
                for (std::int64_t w = 0; w < 3; ++w) {
                    const auto u = static_cast<std::size_t>(c * 9 + h * 3 + w);
                    QVERIFY(std::abs(l.coordinates[2 * u] - g.xCentres[std::size_t(w)]) <= g.radius);
                    QVERIFY(std::abs(l.coordinates[2 * u + 1] - g.yCentres[std::size_t(h)]) <= g.radius);
                }
    }

    void jitterKeepsTheRange() {
        const std::vector<std::int64_t> dims{128, 28, 28};
        const io::LayerPositions plain = initRetinotopic("layer2.0", dims, noJitter(Area::V1, 5));
        const io::LayerPositions jittered = initRetinotopic("layer2.0", dims, RetinotopicParams::forArea(Area::V1, 5));
        for (std::size_t axis = 0; axis < 2; ++axis) {
            QVERIFY(std::abs(ptp(jittered.coordinates, axis) - ptp(plain.coordinates, axis)) < 1e-12);
            QVERIFY(std::abs(minOf(jittered.coordinates, axis) - minOf(plain.coordinates, axis)) < 1e-12);
        }
        // Same offsets (drawn first), then N(0, 0.3 mm) noise, then an affine map per axis: regressing the
        // jittered on the plain coordinates gives a slope just below 1 and residuals of sd 0.3 mm / (range ratio).
        for (std::size_t axis = 0; axis < 2; ++axis) {
            double mx = 0, my = 0;
            const double n = double(plain.units());
            for (std::size_t i = axis; i < plain.coordinates.size(); i += 2) mx += plain.coordinates[i] / n, my += jittered.coordinates[i] / n;
            double sxx = 0, sxy = 0;
            for (std::size_t i = axis; i < plain.coordinates.size(); i += 2) {
                sxx += (plain.coordinates[i] - mx) * (plain.coordinates[i] - mx);
                sxy += (plain.coordinates[i] - mx) * (jittered.coordinates[i] - my);
            }
            const double slope = sxy / sxx;
            double ss = 0;
            for (std::size_t i = axis; i < plain.coordinates.size(); i += 2) {
                const double e = jittered.coordinates[i] - my - slope * (plain.coordinates[i] - mx);
                ss += e * e;
            }
            const double sd = std::sqrt(ss / n);
            QVERIFY2(slope > 0.9 && slope < 1.0, qPrintable(QString::number(slope)));
            QVERIFY2(std::abs(sd - 0.3 * slope) < 0.005, qPrintable(QString::number(sd)));
        }
        QCOMPARE(jittered.source, std::string("retinotopic initialisation (unoptimised), seed 5"));
        QCOMPARE(jittered.area, std::string("V1"));
        QCOMPARE(jittered.neighborhoodWidth, 1.626);
    }

    void trimSizeMatchesScipy() {
        Rng rng(9);
        QTemporaryDir dir;
        for (const std::int64_t n : {1, 2, 3, 20, 21, 101, 1000, 20000}) {
            for (const std::int64_t scale : {30, 400, 900}) {
                std::vector<std::int64_t> sizes(static_cast<std::size_t>(n));
                for (auto& s : sizes) s = static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(scale)));
                const QString path = dir.filePath("sizes.npy");
                saveI64(path, sizes);
                const QString want = reference({"trim", path});
                QVERIFY(!want.isEmpty());
                QCOMPARE(QString::number(trimSize(sizes)), want);
            }
        }
    }

    void trimSizeByHand() {
        QCOMPARE(trimSize(std::vector<std::int64_t>(50, 10)), std::int64_t{25});   // at least 25
        QCOMPARE(trimSize(std::vector<std::int64_t>(50, 900)), std::int64_t{500});  // at most 500
        std::vector<std::int64_t> ramp(1000);
        std::iota(ramp.begin(), ramp.end(), 1);  // 5th percentile: 1 + 0.05·999 = 50.95 -> 50
        QCOMPARE(trimSize(ramp), std::int64_t{50});
        std::reverse(ramp.begin(), ramp.end());
        QCOMPARE(trimSize(ramp), std::int64_t{50});
        QCOMPARE(trimSize(std::vector<std::int64_t>{}), std::int64_t{0});
        NeighborhoodTrim t;
        t.keepFraction = 1.0;  // the minimum
        t.minSize = 0;
        QCOMPARE(trimSize(std::vector<std::int64_t>{7, 3, 9}, t), std::int64_t{3});
        t.keepFraction = 0.0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, trimSize(ramp, t));
    }

    void windowMembership() {
        // A 4 × 4 grid of points 1 mm apart: inclusive bounds, ascending indices.
        std::vector<double> xy;
        for (int y = 0; y < 4; ++y)
            for (int x = 0; x < 4; ++x) xy.insert(xy.end(), {double(x), double(y)});
        QCOMPARE(unitsInWindow(xy, 1.0, 2.0, 0.0, 1.0), (std::vector<std::int64_t>{1, 2, 5, 6}));
        QCOMPARE(unitsInWindow(xy, 0.5, 0.9, 0.0, 3.0), std::vector<std::int64_t>{});
        QCOMPARE(unitsInWindow(xy, 3.0, 3.0, 3.0, 3.0), std::vector<std::int64_t>{15});
    }

    void neighborhoodsFollowTheTrimRule() {
        const io::LayerPositions l = initRetinotopic("layer3.1", {32, 14, 14}, RetinotopicParams::forArea(Area::V4, 2));
        Rng rng(4);
        const Neighborhoods h = makeNeighborhoods(l.coordinates, 2.545, 3000, rng);
        QCOMPARE(h.windowSizes.size(), std::size_t{3000});
        QCOMPARE(h.size, trimSize(h.windowSizes));
        QCOMPARE(h.count, std::int64_t(std::count_if(h.windowSizes.begin(), h.windowSizes.end(),
                                                     [&](std::int64_t s) { return s >= h.size; })));
        QVERIFY(h.count >= 2850);  // 95 % of the windows or more
        QCOMPARE(h.indices.size(), std::size_t(h.count * h.size));
        for (std::int64_t p = 0; p < h.count; ++p) {
            std::set<std::int64_t> distinct;
            double x0 = 1e9, x1 = -1e9, y0 = 1e9, y1 = -1e9;
            for (std::int64_t q = 0; q < h.size; ++q) {
                const std::int64_t u = h.indices[std::size_t(p * h.size + q)];
                QVERIFY(u >= 0 && u < l.units());
                distinct.insert(u);
                x0 = std::min(x0, l.coordinates[std::size_t(2 * u)]);
                x1 = std::max(x1, l.coordinates[std::size_t(2 * u)]);
                y0 = std::min(y0, l.coordinates[std::size_t(2 * u + 1)]);
                y1 = std::max(y1, l.coordinates[std::size_t(2 * u + 1)]);
            }
            QCOMPARE(distinct.size(), std::size_t(h.size));
            QVERIFY(x1 - x0 <= 2.545 + 1e-12 && y1 - y0 <= 2.545 + 1e-12);
        }
        // Window sizes agree with a brute-force count of some window of that width: the largest possible
        // count bounds them all.
        QVERIFY(*std::max_element(h.windowSizes.begin(), h.windowSizes.end()) <= l.units());
    }

    void shapesMatchTdann() {
        // TDANN's algorithm with NumPy's generator vs ours, mean over seeds (Q varies by ~±8 between draws).
        const QJsonObject v1 = referenceJson({"stats", "128", "28", "28", num(36.75), num(1.626), "6"});
        QVERIFY(!v1.isEmpty());
        double q = 0, p = 0;
        for (std::uint64_t seed = 0; seed < 6; ++seed) {
            const io::LayerPositions l = initRetinotopic("layer2.0", {128, 28, 28}, RetinotopicParams::forArea(Area::V1, seed));
            q += double(l.neighborhoodSize) / 6;
            p += double(l.neighborhoodCount) / 6;
            QVERIFY(l.neighborhoodSize > 110 && l.neighborhoodSize < 180);
        }
        qInfo("V1 128x28x28: ours Q %.1f P %.0f, TDANN/NumPy Q %.1f (sd %.1f) P %.0f (the reference's one draw: 141, 19010)", q, p,
              v1["q_mean"].toDouble(), v1["q_sd"].toDouble(), v1["p_mean"].toDouble());
        QVERIFY(std::abs(q - v1["q_mean"].toDouble()) < 10.0);
        QVERIFY(std::abs(p - v1["p_mean"].toDouble()) < 40.0);
        QVERIFY(std::abs(p - 19010.0) < 60.0);

        const io::LayerPositions it = initRetinotopic("layer4.0", {512, 7, 7}, RetinotopicParams::forArea(Area::IT, 1));
        QCOMPARE(it.neighborhoodCount, std::int64_t{20000});
        QCOMPARE(it.neighborhoodSize, std::int64_t{500});
    }

    void deterministicFromTheSeed() {
        const RetinotopicParams p = RetinotopicParams::forArea(Area::V2, 77);
        const io::LayerPositions a = initRetinotopic("layer3.0", {16, 14, 14}, p);
        const io::LayerPositions b = initRetinotopic("layer3.0", {16, 14, 14}, p);
        QCOMPARE(a.coordinates, b.coordinates);
        QCOMPARE(a.neighborhoodIndices, b.neighborhoodIndices);
        RetinotopicParams other = p;
        other.seed = 78;
        QVERIFY(initRetinotopic("layer3.0", {16, 14, 14}, other).coordinates != a.coordinates);
        QVERIFY(initRetinotopic("layer3.1", {16, 14, 14}, p).coordinates != a.coordinates);  // the name is mixed in
        QVERIFY(layerSeed(77, "layer3.0") != layerSeed(77, "layer3.1"));
    }

    void smallLayers() {
        // 32×8×8 on V1: every window holds a handful of units, fewer than 25: no neighborhoods, no crash.
        const io::LayerPositions s = initRetinotopic("tiny", {32, 8, 8}, RetinotopicParams::forArea(Area::V1, 1));
        QCOMPARE(s.neighborhoodCount, std::int64_t{0});
        QCOMPARE(s.neighborhoodSize, std::int64_t{0});
        QVERIFY(s.neighborhoodIndices.empty());
        QCOMPARE(s.units(), std::int64_t{2048});
        // One unit: nothing to jitter against.
        const io::LayerPositions one = initRetinotopic("one", {1, 1, 1}, RetinotopicParams::forArea(Area::V1, 1));
        QCOMPARE(one.units(), std::int64_t{1});
        QVERIFY(std::isfinite(one.coordinates[0]) && std::isfinite(one.coordinates[1]));
        io::validateLayer(one, "test");
        // One row of units: the y axis has no range to rescale.
        const io::LayerPositions row = initRetinotopic("row", {1, 1, 6}, noJitter(Area::V1, 1));
        for (std::size_t u = 0; u < 6; ++u) QVERIFY(std::abs(row.coordinates[2 * u + 1] - 36.75 / 2) <= rfGrid(1, 6, 36.75, 1.0).radius);
    }

    void rectangularMaps() {
        // H ≠ W: the longer side spans the sheet, the shorter one uses the same spacing.
        RetinotopicParams p = noJitter(Area::V1, 2);
        p.rfOverlap = 0.0;
        const io::LayerPositions l = initRetinotopic("rect", {3, 2, 6}, p);
        const RfGrid g = rfGrid(2, 6, 36.75, 0.0);
        QCOMPARE(g.xCentres.size(), std::size_t{6});
        QCOMPARE(g.yCentres.size(), std::size_t{2});
        QCOMPARE(g.rfWidth, 36.75 / 6);
        QCOMPARE(g.yCentres[1] - g.yCentres[0], g.xCentres[1] - g.xCentres[0]);
        for (std::int64_t c = 0; c < 3; ++c)
            for (std::int64_t h = 0; h < 2; ++h)
                for (std::int64_t w = 0; w < 6; ++w) {
                    const auto u = static_cast<std::size_t>(c * 12 + h * 6 + w);
                    QVERIFY(std::abs(l.coordinates[2 * u] - g.xCentres[std::size_t(w)]) <= g.radius);
                    QVERIFY(std::abs(l.coordinates[2 * u + 1] - g.yCentres[std::size_t(h)]) <= g.radius);
                }
        QVERIFY(ptp(l.coordinates, 1) < 2 * 36.75 / 6 + 1e-9);
        // Tall maps: the same rule with the axes exchanged.
        const RfGrid tall = rfGrid(6, 2, 36.75, 0.0);
        QCOMPARE(tall.yCentres, g.xCentres);
    }

    void wholeNetwork() {
        // ResNet-18 (at 224 px but with a quarter of the channels, for speed): TDANN's table, areas and sizes.
        std::vector<model::LayerShape> shapes;
        const int c[4] = {16, 32, 64, 128}, s[4] = {56, 28, 14, 7};
        for (int st = 0; st < 4; ++st)
            for (int b = 0; b < 2; ++b)
                shapes.push_back({"layer" + std::to_string(st + 1) + "." + std::to_string(b), c[st], s[st], s[st]});
        const io::PositionSet set = initNetworkPositions({shapes.data() + 2, 6}, 1);
        QCOMPARE(set.layers.size(), std::size_t{6});
        const char* areas[6] = {"V1", "V1", "V2", "V4", "IT", "IT"};
        const double sheets[6] = {36.75, 36.75, 35.0, 22.4, 70.0, 70.0};
        for (std::size_t i = 0; i < 6; ++i) {
            const io::LayerPositions& l = set.layers[i];
            QCOMPARE(l.name, shapes[i + 2].name);
            QCOMPARE(l.area, std::string(areas[i]));
            QVERIFY2(l.sheetExtent() <= sheets[i] && l.sheetExtent() > 0.97 * sheets[i], l.name.c_str());
            QVERIFY(l.neighborhoodCount > 18000 || l.name == "layer4.0" || l.name == "layer4.1");
            io::validateLayer(l, "test");
        }
        // The reference width is the first layer passed: with layer2.0 first, its overlap is 0.1, not 0.2.
        RetinotopicParams p = RetinotopicParams::forArea(Area::V1, 1);
        p.referenceWidth = 28;
        QCOMPARE(set.layers[0].coordinates, initRetinotopic("layer2.0", {32, 28, 28}, p).coordinates);
    }

    void refusesBadInput() {
        const RetinotopicParams p;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, initRetinotopic("x", {0, 3, 3}, p));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, initRetinotopic("x", {3, 3}, p));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, initRetinotopic("x", {3, 3, 3, 3}, p));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, initRetinotopic("x", {1 << 20, 1 << 10, 1 << 10}, p));
        RetinotopicParams bad = p;
        bad.rfOverlap = 1.5;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, initRetinotopic("x", {2, 3, 3}, bad));
        bad = p;
        bad.tissueMm = -1;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, initRetinotopic("x", {2, 3, 3}, bad));
        bad = p;
        bad.neighborhoodMm = 0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, initRetinotopic("x", {2, 3, 3}, bad));
        Rng rng(1);
        const std::vector<double> xy{0, 0, 1, 1};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeNeighborhoods(xy, std::nan(""), 10, rng));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeNeighborhoods(xy, 1.0, -1, rng));
        QCOMPARE(makeNeighborhoods(std::vector<double>{}, 1.0, 10, rng).count, std::int64_t{0});
    }
};

QTEST_GUILESS_MAIN(TestSheet)
#include "test_sheet.moc"
