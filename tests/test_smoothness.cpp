// Difference-over-distance curves and TDANN's smoothness: hand-made pairs and curves, planted gradients vs shuffled
// maps, determinism, thread-count independence, and agreement with a NumPy re-implementation of TDANN's procedure
// (exact on fixed unit samples, within sampling error for the sampled means).
#include <QTemporaryDir>
#include <QTest>

#include <tbb/global_control.h>

#include <cmath>
#include <numeric>

#include "support/v1_reference.hpp"
#include "topospike/analysis/smoothness.hpp"
#include "topospike/random.hpp"

using namespace topospike;
using namespace topospike::analysis;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Units on a jittered grid over side × side mm, `perSide`² of them.
std::vector<double> gridSheet(int perSide, double side, std::uint64_t seed) {
    Rng rng(seed);
    std::vector<double> xy;
    const double cell = side / perSide;
    for (int r = 0; r < perSide; ++r)
        for (int c = 0; c < perSide; ++c) {
            xy.push_back((c + rng.uniform()) * cell);
            xy.push_back((r + rng.uniform()) * cell);
        }
    return xy;
}

std::vector<std::int64_t> allUnits(std::size_t n) {
    std::vector<std::int64_t> v(n);
    std::iota(v.begin(), v.end(), 0);
    return v;
}

double meanOf(const std::vector<double>& v) {
    double s = 0;
    std::size_t n = 0;
    for (double x : v)
        if (!std::isnan(x)) {
            s += x;
            ++n;
        }
    return s / static_cast<double>(n);
}

double varianceOf(const std::vector<double>& v) {
    const double m = meanOf(v);
    double s = 0;
    std::size_t n = 0;
    for (double x : v)
        if (!std::isnan(x)) {
            s += (x - m) * (x - m);
            ++n;
        }
    return s / static_cast<double>(n - 1);
}

}  // namespace

class TestSmoothness : public QObject {
    Q_OBJECT
private slots:
    void scoreOfHandCurves() {
        QCOMPARE(smoothnessScore(std::vector<double>{1, 2, 3}), 2.0 / 3.0);
        QCOMPARE(smoothnessScore(std::vector<double>{3, 2, 1}), 0.0);
        QCOMPARE(smoothnessScore(std::vector<double>{2, 2, 2}), 1.0);        // flat: 1
        QCOMPARE(smoothnessScore(std::vector<double>{0, 0}), 1.0);
        QCOMPARE(smoothnessScore(std::vector<double>{1, 4, kNaN, 10}), 0.75);  // cut at the first NaN
        QCOMPARE(smoothnessScore(std::vector<double>{5, kNaN, 10}), 1.0);      // one value left: flat
        QVERIFY(std::isnan(smoothnessScore(std::vector<double>{kNaN, 1, 2})));  // first bin empty
        QVERIFY(std::isnan(smoothnessScore(std::vector<double>{})));
    }

    void binsAndParameters() {
        QCOMPARE(SmoothnessParams::maxDistanceForHypercolumn(3.5), 3.299831645537221);  // numpy's value
        QCOMPARE(SmoothnessParams{}.maxDistance, 3.299831645537221);
        const auto e = distanceBinEdges(3.299831645537221, 10);
        QCOMPARE(e.size(), std::size_t(10));
        QCOMPARE(e.front(), 0.0);
        QCOMPARE(e.back(), 3.299831645537221);
        QCOMPARE(e[1], 3.299831645537221 / 9.0);
        QCOMPARE(e[4], 4.0 * (3.299831645537221 / 9.0));
    }

    void pairsOnceWithEdgeSemantics() {
        // Edges 0, 1, 2, 3 (3 bins), cutoff 3. Units on the x axis: 0 at 0, 1 at 1 (exactly on an edge), 2 at 3
        // (distance 3 from unit 0: at the cutoff, in no bin), 3 at 0.5.
        const std::vector<double> xy = {0, 0, 1, 0, 3, 0, 0.5, 0};
        const std::vector<double> v = {0, 10, 100, 170};
        const std::vector<double> edges = {0, 1, 2, 3};
        const std::vector<std::int64_t> units = {0, 1, 2, 3};
        // Pairs (i<j): 0-1 d1 |10|; 0-2 d3 excluded; 0-3 d0.5 |170|; 1-2 d2 |90|; 1-3 d0.5 |160|; 2-3 d2.5 |70|.
        const auto abs = differenceCurve(v, xy, units, Difference::Absolute, edges, 3.0);
        QCOMPARE(abs[0], (170.0 + 160.0) / 2.0);
        QCOMPARE(abs[1], 10.0);  // lower edge inclusive: d = 1 is in bin 1
        QCOMPARE(abs[2], (90.0 + 70.0) / 2.0);
        // Orientation: 170 -> 10, 160 -> 20, 90 -> 90 (d >= 90 -> 180 - d), 70 stays.
        const auto ori = differenceCurve(v, xy, units, Difference::Orientation180, edges, 3.0);
        QCOMPARE(ori[0], (10.0 + 20.0) / 2.0);
        QCOMPARE(ori[2], (90.0 + 70.0) / 2.0);
        // Unit order does not matter; a cutoff below the last edge empties the last bin.
        const auto reordered = differenceCurve(v, xy, std::vector<std::int64_t>{3, 1, 0, 2}, Difference::Absolute, edges, 3.0);
        QCOMPARE(reordered, abs);
        const auto cut = differenceCurve(v, xy, units, Difference::Absolute, edges, 1.9);
        QVERIFY(std::isnan(cut[2]));
        // NaN values are skipped like numpy.nanmean; a bin of NaNs only is NaN.
        const std::vector<double> withNaN = {0, 10, 100, kNaN};
        const auto nanCurve = differenceCurve(withNaN, xy, units, Difference::Absolute, edges, 3.0);
        QVERIFY(std::isnan(nanCurve[0]));
        QCOMPARE(nanCurve[2], 90.0);
    }

    void gradientIsSmoothShuffledIsNot() {
        const std::vector<double> xy = gridSheet(140, 14.0, 1);  // 19,600 units, 100 per mm²
        const std::size_t n = xy.size() / 2;
        std::vector<double> gradient(n);
        for (std::size_t u = 0; u < n; ++u) gradient[u] = 6.0 * xy[2 * u];  // 0–84 degrees along x: no wrap
        std::vector<double> shuffled = gradient;
        Rng(5).shuffle(std::span<double>(shuffled));
        SmoothnessParams p;
        p.seed = 3;
        const auto pool = allUnits(n);
        const SmoothnessResult g = differenceOverDistance(gradient, xy, pool, Difference::Orientation180, p);
        const SmoothnessResult s = differenceOverDistance(shuffled, xy, pool, Difference::Orientation180, p);
        qInfo("linear gradient: smoothness %.3f; shuffled over units: %.3f", g.smoothness, s.smoothness);
        QVERIFY(g.smoothness > 0.85);
        QVERIFY(s.smoothness < 0.2);
        QCOMPARE(g.curves.size(), std::size_t(20));
        QCOMPARE(g.perSample.size(), std::size_t(20));
        QCOMPARE(g.drawnPerSample, std::int64_t(1000));
        // The gradient's curve rises with distance (mean |Δx| grows), the chance curve is flat at the overall mean.
        for (std::size_t b = 1; b < g.meanCurve.size(); ++b) QVERIFY(g.meanCurve[b] > g.meanCurve[b - 1]);
        for (double c : g.chanceCurve) QVERIFY(std::fabs(c / g.chanceMean - 1.0) < 0.1);
        QVERIFY(g.chanceMean > 2.0 * g.meanCurve.back());
        QCOMPARE(g.normalizedMeanCurve[3], g.meanCurve[3] / g.chanceMean);
        QCOMPARE(g.binMidpoints[0], g.binEdges[1] / 2.0);
        // The IT order (shuffle after the cutoff) gives a flat chance curve at the within-cutoff mean instead.
        SmoothnessParams it = p;
        it.shuffleAfterCutoff = true;
        const SmoothnessResult gi = differenceOverDistance(gradient, xy, pool, Difference::Orientation180, it);
        QCOMPARE(gi.curves, g.curves);
        for (double c : gi.chanceCurve) QVERIFY(std::fabs(c / gi.chanceMean - 1.0) < 0.1);
        QVERIFY(gi.chanceMean < 0.5 * g.chanceMean);
    }

    void deterministicAndThreadIndependent() {
        const std::vector<double> xy = gridSheet(60, 6.0, 2);
        const std::size_t n = xy.size() / 2;
        std::vector<double> v(n);
        Rng rng(9);
        for (double& x : v) x = rng.uniform(0, 180);
        SmoothnessParams p;
        p.seed = 11;
        p.samples = 6;
        p.chanceShuffles = 4;
        p.unitsPerSample = 300;
        const auto pool = allUnits(n);
        const SmoothnessResult a = differenceOverDistance(v, xy, pool, Difference::Orientation180, p);
        const SmoothnessResult b = differenceOverDistance(v, xy, pool, Difference::Orientation180, p);
        QCOMPARE(a.curves, b.curves);
        QCOMPARE(a.chanceCurves, b.chanceCurves);
        QCOMPARE(a.params.seed, std::uint64_t(11));
        {
            tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
            const SmoothnessResult serial = differenceOverDistance(v, xy, pool, Difference::Orientation180, p);
            QCOMPARE(serial.curves, a.curves);
            QCOMPARE(serial.chanceCurves, a.chanceCurves);
        }
        p.seed = 12;
        QVERIFY(differenceOverDistance(v, xy, pool, Difference::Orientation180, p).curves != a.curves);
    }

    void smallPoolsAndKeepFlags() {
        const std::vector<double> xy = gridSheet(20, 2.0, 4);
        const std::size_t n = xy.size() / 2;
        std::vector<double> v(n);
        for (std::size_t u = 0; u < n; ++u) v[u] = static_cast<double>(u % 7);
        SmoothnessParams p;
        p.samples = 3;
        const std::vector<std::int64_t> pool = {3, 50, 77, 120, 200, 333};
        // Fewer units than unitsPerSample: every sample uses the whole pool (TDANN would raise).
        const SmoothnessResult r = differenceOverDistance(v, xy, pool, Difference::Absolute, p);
        QCOMPARE(r.poolSize, std::int64_t(6));
        QCOMPARE(r.drawnPerSample, std::int64_t(6));
        const auto whole = differenceCurve(v, xy, pool, Difference::Absolute, r.binEdges, p.maxDistance);
        for (const auto& c : r.curves)
            for (std::size_t b = 0; b < c.size(); ++b) QVERIFY(std::isnan(c[b]) ? std::isnan(whole[b]) : std::fabs(c[b] - whole[b]) < 1e-12);
        // keepAfterDraw (the IT rule): units whose flag is 0 never enter a pair.
        std::vector<double> spiked = v;
        std::vector<std::uint8_t> keep(n, 1);
        for (std::size_t u = 0; u < n; u += 2) {
            keep[u] = 0;
            spiked[u] = 1e6;
        }
        p.unitsPerSample = 200;
        const SmoothnessResult k = differenceOverDistance(spiked, xy, allUnits(n), Difference::Absolute, p, keep);
        for (const auto& c : k.curves)
            for (double x : c) QVERIFY(std::isnan(x) || x <= 6.0);
        // Empty pool: NaN curves and NaN smoothness, no crash.
        const SmoothnessResult e = differenceOverDistance(v, xy, {}, Difference::Absolute, p);
        QVERIFY(std::isnan(e.smoothness));
        // Refusals.
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 differenceOverDistance(v, std::vector<double>(4), pool, Difference::Absolute, p));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 differenceOverDistance(v, xy, std::vector<std::int64_t>{static_cast<std::int64_t>(n)},
                                                        Difference::Absolute, p));
        SmoothnessParams bad = p;
        bad.binEdges = 1;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, differenceOverDistance(v, xy, pool, Difference::Absolute, bad));
    }

    void matchesNumpyReference() {
        QTemporaryDir dir;
        const QString d = dir.path();
        QString log;
        QVERIFY2(testsupport::runV1Reference({"make", d, "6000", "7"}, &log), qPrintable(log));
        QVERIFY2(testsupport::runV1Reference({"reference", d}, &log), qPrintable(log));
        const auto ref = io::NpzFile::open((d + "/reference.npz").toStdString());
        const std::vector<double> xy = io::readNpy((d + "/positions.npy").toStdString()).tensor.toDouble();
        const std::vector<double> edges = testsupport::npzDoubles(ref, "bin_edges");
        QCOMPARE(edges, distanceBinEdges(SmoothnessParams{}.maxDistance, 10));
        struct Metric {
            const char* name;
            const char* values;
            Difference kind;
        };
        for (const Metric& m : {Metric{"orientation", "vs_pref", Difference::Orientation180},
                                Metric{"sf", "sf_pref", Difference::Absolute}, Metric{"color", "color_pref", Difference::Absolute}}) {
            const std::string name = m.name;
            const std::vector<double> values = testsupport::npzDoubles(ref, m.values);
            // Fixed unit samples: the deterministic curve equals NumPy's to summation rounding.
            const auto units = testsupport::npzDoubles(ref, "fixed_units_" + name);
            const auto shape = testsupport::npzShape(ref, "fixed_units_" + name);
            const auto curves = testsupport::npzDoubles(ref, "fixed_curves_" + name);
            const std::size_t bins = edges.size() - 1;
            for (std::int64_t s = 0; s < shape[0]; ++s) {
                std::vector<std::int64_t> sample;
                for (std::int64_t i = 0; i < shape[1]; ++i) sample.push_back(static_cast<std::int64_t>(units[static_cast<std::size_t>(s * shape[1] + i)]));
                const auto mine = differenceCurve(values, xy, sample, m.kind, edges, edges.back());
                for (std::size_t b = 0; b < bins; ++b) {
                    const double theirs = curves[static_cast<std::size_t>(s) * bins + b];
                    QVERIFY2(std::fabs(mine[b] - theirs) <= 1e-13 * std::fabs(theirs),
                             qPrintable(QString("%1 sample %2 bin %3: %4 vs %5").arg(m.name).arg(s).arg(b)
                                            .arg(mine[b], 0, 'g', 17).arg(theirs, 0, 'g', 17)));
                }
            }
            // Sampled procedure (5 seeds x 20 samples of 400 units from the same mask): means agree within sampling
            // error, for the per-sample smoothness, every bin of the mean curve, and the chance level.
            const auto mask = testsupport::npzDoubles(ref, "mask_" + name);
            std::vector<std::int64_t> pool;
            for (std::size_t u = 0; u < mask.size(); ++u)
                if (mask[u] != 0) pool.push_back(static_cast<std::int64_t>(u));
            std::vector<double> scores, chanceAll;
            std::vector<std::vector<double>> perBin(bins);
            for (std::uint64_t seed = 0; seed < 5; ++seed) {
                SmoothnessParams p;
                p.unitsPerSample = 400;
                p.seed = seed;
                const SmoothnessResult r = differenceOverDistance(values, xy, pool, m.kind, p);
                scores.insert(scores.end(), r.perSample.begin(), r.perSample.end());
                for (const auto& c : r.curves)
                    for (std::size_t b = 0; b < bins; ++b) perBin[b].push_back(c[b]);
                for (const auto& c : r.chanceCurves) chanceAll.insert(chanceAll.end(), c.begin(), c.end());
            }
            auto agree = [&](const std::vector<double>& a, const std::vector<double>& b, const QString& what) {
                const double se = std::sqrt(varianceOf(a) / a.size() + varianceOf(b) / b.size());
                const double diff = std::fabs(meanOf(a) - meanOf(b));
                QVERIFY2(diff <= 4.0 * se + 1e-12,
                         qPrintable(QString("%1 %2: TopoSpike %3, NumPy %4, standard error %5").arg(m.name, what)
                                        .arg(meanOf(a)).arg(meanOf(b)).arg(se)));
            };
            const auto theirScores = testsupport::npzDoubles(ref, "sampled_scores_" + name);
            agree(scores, theirScores, "smoothness");
            qInfo("%s smoothness: TopoSpike %.4f, NumPy (TDANN's procedure) %.4f", m.name, meanOf(scores), meanOf(theirScores));
            const auto theirCurves = testsupport::npzDoubles(ref, "sampled_curves_" + name);
            for (std::size_t b = 0; b < bins; ++b) {
                std::vector<double> column;
                for (std::size_t s = 0; s < theirCurves.size() / bins; ++s) column.push_back(theirCurves[s * bins + b]);
                agree(perBin[b], column, QString("bin %1").arg(b));
            }
            agree(chanceAll, testsupport::npzDoubles(ref, "sampled_chance_" + name), "chance");
        }
    }
};

QTEST_GUILESS_MAIN(TestSmoothness)
#include "test_smoothness.moc"
