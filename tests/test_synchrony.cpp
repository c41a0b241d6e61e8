// Synchrony and pair measures against distance: CCG / rCCG (reference §3) hand-checked (identical trains give 1, a
// one-step shift peaks at lag 1, independent trains sit at the analytic chance level, silent units give 0, rCCG can
// exceed 1) and equal to an explicit-loop NumPy version; TDANN's window tiling, the correlation-vs-distance and
// rCCG-vs-distance curves equal to NumPy re-implementations of TDANN's code for the same windows; STC losses for
// given clusters equal to NumPy, planted spatial structure lowers L_L, clusters reproducible from the seed.
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <set>

#include "../engine/src/analysis/map_numerics.hpp"
#include "support/python_check.hpp"
#include "support/spikes_reference.hpp"
#include "topospike/analysis/distance_curves.hpp"
#include "topospike/analysis/stc_loss.hpp"
#include "topospike/analysis/synchrony.hpp"

using namespace topospike;
using namespace topospike::analysis;
namespace ref = testsupport::spikes;

namespace {

SpikeTensor emptySpikes(std::int64_t images, std::int64_t timesteps, std::int64_t units) {
    return ref::silentSpikes(images, timesteps, units);
}

std::uint8_t& at(SpikeTensor& s, std::int64_t i, std::int64_t t, std::int64_t u) {
    return s.values[static_cast<std::size_t>((i * s.timesteps + t) * s.units + u)];
}

bool allClose(const std::vector<double>& a, const std::vector<double>& b, double tol) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::isnan(a[i]) != std::isnan(b[i])) return false;
        if (!std::isnan(a[i]) && std::fabs(a[i] - b[i]) > tol) return false;
    }
    return true;
}

std::vector<double> flat(const Eigen::MatrixXd& m) {
    std::vector<double> v;
    for (Eigen::Index i = 0; i < m.rows(); ++i)
        for (Eigen::Index j = 0; j < m.cols(); ++j) v.push_back(m(i, j));
    return v;
}

/// Writes windows as the reference script reads them (w0, w1, ... and count).
void saveWindows(const QString& path, const std::vector<SheetWindow>& windows) {
    std::vector<Tensor> tensors;
    std::vector<io::NpzMember> members;
    tensors.reserve(windows.size() + 1);
    for (std::size_t k = 0; k < windows.size(); ++k)
        tensors.push_back(ref::tensor(windows[k].units, {static_cast<std::int64_t>(windows[k].units.size())}));
    tensors.push_back(ref::tensor(std::vector<std::int64_t>{static_cast<std::int64_t>(windows.size())}, {}));
    for (std::size_t k = 0; k < windows.size(); ++k) members.emplace_back("w" + std::to_string(k), tensors[k]);
    members.emplace_back("count", tensors.back());
    io::writeNpz(path.toStdString(), members);
}

/// Responses of units on a sheet driven by a smooth random field over stimuli: nearby units correlate.
ResponseMatrix smoothResponses(const std::vector<double>& c, std::int64_t images, std::uint64_t seed) {
    const std::int64_t n = static_cast<std::int64_t>(c.size() / 2);
    ResponseMatrix r(images, n);
    Rng rng(seed);
    for (std::int64_t i = 0; i < images; ++i) {
        const double fx = rng.uniform(0.5, 2.0), fy = rng.uniform(0.5, 2.0), ph = rng.uniform(0, 6.28);
        for (std::int64_t u = 0; u < n; ++u)
            r.values[static_cast<std::size_t>(i * n + u)] =
                static_cast<float>(std::sin(fx * c[2 * u] + ph) * std::cos(fy * c[2 * u + 1]) + 0.3 * rng.normal());
    }
    return r;
}

}  // namespace

class TestSynchrony : public QObject {
    Q_OBJECT
private slots:
    void defaultLag() {
        QCOMPARE(defaultMaxLag(4), std::int64_t{1});
        QCOMPARE(defaultMaxLag(1), std::int64_t{0});
        QCOMPARE(defaultMaxLag(2), std::int64_t{1});
        QCOMPARE(defaultMaxLag(6), std::int64_t{2});
        QCOMPARE(defaultMaxLag(8), std::int64_t{3});
        CcgParams p;
        p.maxLag = 4;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, resolveMaxLag(p, 4));
        p.maxLag = 3;
        QCOMPARE(resolveMaxLag(p, 4), std::int64_t{3});
    }

    void identicalTrainsGiveOne() {
        std::vector<double> rates{0.3};
        SpikeTensor one = ref::bernoulliSpikes(50, 4, rates, 3);
        SpikeTensor s = emptySpikes(50, 4, 2);
        for (int i = 0; i < 50; ++i)
            for (int t = 0; t < 4; ++t) at(s, i, t, 0) = at(s, i, t, 1) = one.at(i, t, 0);
        const std::vector<std::int64_t> units{0, 1};
        const Eigen::MatrixXd r = rccgMatrix(s, units);
        QVERIFY(std::fabs(r(0, 1) - 1.0) < 1e-14);
        QCOMPARE(r(0, 0), 1.0);
    }

    void shiftDetectedAtLagOne() {
        // unit 1 repeats unit 0 one step later: the correlogram peaks at τ = +1 (j after i), and at −1 reversed
        SpikeTensor s = emptySpikes(40, 6, 2);
        Rng rng(5);
        for (int i = 0; i < 40; ++i)
            for (int t = 0; t < 5; ++t)
                if (rng.uniform() < 0.3) at(s, i, t, 0) = at(s, i, t + 1, 1) = 1;
        const std::vector<double> c = ccgByLag(s, 0, 1, 2);
        QCOMPARE(c.size(), std::size_t{5});
        QCOMPARE(std::max_element(c.begin(), c.end()) - c.begin(), std::ptrdiff_t{3});  // τ = +1
        const std::vector<double> back = ccgByLag(s, 1, 0, 2);
        QCOMPARE(std::max_element(back.begin(), back.end()) - back.begin(), std::ptrdiff_t{1});  // τ = −1
        // CCG_{+1}(0,1) = (shifted pairs) / (B·(T − 1)): every spike of unit 0 in t < 5 has its partner
        std::int64_t pairs = 0;
        for (int i = 0; i < 40; ++i)
            for (int t = 0; t < 5; ++t) pairs += s.at(i, t, 0);
        QCOMPARE(c[3], static_cast<double>(pairs) / (40.0 * 5.0));
    }

    void handCheckedAboveOne() {
        // T = 4, W = 1: unit 0 = 1010, unit 1 = 0101. ACG = 2/4 each (no lag-1 coincidences); CCG: lag 0: 0,
        // lag +1: 2/3, lag −1: 1/3 → CCG = 1, rCCG = 1 / 0.5 = 2 (rCCG is not bounded by 1).
        SpikeTensor s = emptySpikes(1, 4, 2);
        at(s, 0, 0, 0) = at(s, 0, 2, 0) = 1;
        at(s, 0, 1, 1) = at(s, 0, 3, 1) = 1;
        const std::vector<std::int64_t> units{0, 1};
        const Eigen::MatrixXd c = ccgMatrix(s, units);
        QVERIFY(std::fabs(c(0, 0) - 0.5) < 1e-15);
        QVERIFY(std::fabs(c(0, 1) - 1.0) < 1e-15);
        QVERIFY(std::fabs(rccgMatrix(s, units)(0, 1) - 2.0) < 1e-14);
    }

    void silentUnitGivesZero() {
        SpikeTensor s = ref::bernoulliSpikes(10, 4, {0.5, 0.0}, 2);
        const std::vector<std::int64_t> units{0, 1};
        const Eigen::MatrixXd r = rccgMatrix(s, units);
        QCOMPARE(r(0, 1), 0.0);
        QCOMPARE(r(1, 1), 1.0);
    }

    void independentTrainsAtChance() {
        // Independent trains: E[CCG] = (2W+1)·p_i·p_j, E[ACG] = p + 2W·p², so rCCG has a positive chance level
        // (it is not mean-subtracted); it is near 0 only for sparse firing.
        for (double p : {0.2, 0.01}) {
            const SpikeTensor s = ref::bernoulliSpikes(p < 0.05 ? 100000 : 4000, 4, {p, p}, 17);
            const std::vector<std::int64_t> units{0, 1};
            const double r = rccgMatrix(s, units)(0, 1);
            const double chance = 3 * p * p / (p + 2 * p * p);
            QVERIFY2(std::fabs(r - chance) < 0.25 * chance + 0.005, qPrintable(QString::number(r)));
            if (p < 0.05) QVERIFY(r < 0.05);
        }
    }

    void countsClippedOrRefused() {
        SpikeTensor s = emptySpikes(1, 2, 2);
        at(s, 0, 0, 0) = 2;
        at(s, 0, 0, 1) = 1;
        const std::vector<std::int64_t> units{0, 1};
        QVERIFY(std::fabs(rccgMatrix(s, units)(0, 1) - 1.0) < 1e-15);  // 2 counts as "fired"
        CcgParams refuse;
        refuse.counts = SpikeCountPolicy::Refuse;
        const std::vector<double> c{0, 0, 1, 0};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, rccgOverDistance(s, c, {}, {}, refuse));
    }

    void ccgMatchesNumpy_data() {
        QTest::addColumn<int>("timesteps");
        QTest::addColumn<int>("lag");
        QTest::newRow("T4 W1") << 4 << 1;
        QTest::newRow("T5 W2") << 5 << 2;
        QTest::newRow("T3 W0") << 3 << 0;
        QTest::newRow("T20 W9: weights too large for exact float, double path") << 20 << 9;
    }
    void ccgMatchesNumpy() {
        QFETCH(int, timesteps);
        QFETCH(int, lag);
        std::vector<double> rates;
        for (int u = 0; u < 40; ++u) rates.push_back(u == 7 ? 0.0 : 0.05 + 0.02 * u);
        const SpikeTensor s = ref::bernoulliSpikes(23, timesteps, rates, 99);
        const std::vector<std::int64_t> units{3, 0, 7, 12, 39, 25, 18, 5, 30, 11};
        QTemporaryDir dir;
        ref::save(dir.filePath("s.npy"), s.values, {s.images, s.timesteps, s.units});
        ref::save(dir.filePath("u.npy"), units, {10});
        QString log;
        QVERIFY2(ref::reference({"ccg", dir.filePath("s.npy"), dir.filePath("u.npy"), QString::number(lag),
                                 dir.filePath("r.npz")}, &log), qPrintable(log));
        CcgParams p;
        p.maxLag = lag;
        QVERIFY(allClose(flat(ccgMatrix(s, units, p)), ref::load(dir.filePath("r.npz"), "ccg"), 1e-13));
        QVERIFY(allClose(flat(rccgMatrix(s, units, p)), ref::load(dir.filePath("r.npz"), "rccg"), 1e-12));
    }

    void windowsMatchTdann_data() {
        QTest::addColumn<double>("width");
        QTest::addColumn<int>("edgeBuffer");
        QTest::newRow("1.5 mm") << 1.5 << 0;
        QTest::newRow("1.0 mm, edge buffer 1") << 1.0 << 1;
        QTest::newRow("0.1 mm (float floor division)") << 0.1 << 0;
    }
    void windowsMatchTdann() {
        QFETCH(double, width);
        QFETCH(int, edgeBuffer);
        std::vector<double> c = ref::uniformPositions(3000, 6.3, 8);
        c[0] = 0.0;  // a range that is an exact multiple of 0.1 in decimal but not in binary: 3.0 // 0.1 == 29
        c[1] = 0.0;
        c[2] = 3.0;
        c[3] = 3.0;
        for (auto& v : c) v = std::min(v, 3.0);
        WindowParams p;
        p.width = width;
        p.edgeBuffer = edgeBuffer;
        p.unitLimit.reset();
        const auto windows = adjacentWindows(c, p);
        QTemporaryDir dir;
        ref::save(dir.filePath("c.npy"), c, {3000, 2});
        QString log;
        QVERIFY2(ref::reference({"windows", dir.filePath("c.npy"), QString::number(width, 'g', 17),
                                 QString::number(edgeBuffer), dir.filePath("r.npz")}, &log), qPrintable(log));
        const auto npz = io::NpzFile::open(dir.filePath("r.npz").toStdString());
        QCOMPARE(static_cast<double>(windows.size()), npz.get("count").tensor.valueAt(0));
        const auto lims = npz.get("lims").tensor.toDouble();
        for (std::size_t k = 0; k < windows.size(); ++k) {
            const auto want = npz.get("w" + std::to_string(k)).tensor.toDouble();
            QCOMPARE(windows[k].units.size(), want.size());
            for (std::size_t i = 0; i < want.size(); ++i) QCOMPARE(static_cast<double>(windows[k].units[i]), want[i]);
            QCOMPARE(windows[k].x0, lims[4 * k]);
            QCOMPARE(windows[k].y1, lims[4 * k + 3]);
        }
        QVERIFY(!windows.empty());
    }

    void unitLimitFromSeed() {
        const std::vector<double> c = ref::uniformPositions(4000, 4.6, 9);  // 3 x 3 windows of 1.5 mm
        WindowParams p;
        p.unitLimit = 50;
        p.seed = 4;
        const auto a = adjacentWindows(c, p), b = adjacentWindows(c, p);
        p.unitLimit.reset();
        const auto full = adjacentWindows(c, p);
        p.unitLimit = 50;
        p.seed = 5;
        const auto other = adjacentWindows(c, p);
        QCOMPARE(a.size(), full.size());
        bool differs = false;
        for (std::size_t k = 0; k < a.size(); ++k) {
            QCOMPARE(a[k].units, b[k].units);
            QCOMPARE(a[k].units.size(), std::size_t{50});
            QVERIFY(std::includes(full[k].units.begin(), full[k].units.end(), a[k].units.begin(), a[k].units.end()));
            differs |= a[k].units != other[k].units;
        }
        QVERIFY(differs);
        p.windowLimit = 2;
        QCOMPARE(adjacentWindows(c, p).size(), std::size_t{2});
    }

    void correlationCurveMatchesTdann() {
        std::vector<double> c = ref::uniformPositions(900, 4.5, 21);
        ResponseMatrix r = smoothResponses(c, 60, 2);
        const auto windows = adjacentWindows(c, {});
        const std::int64_t flatUnit = windows[0].units[3];  // constant responses: NaN pairs, dropped
        for (std::int64_t i = 0; i < r.images; ++i) r.values[static_cast<std::size_t>(i * r.units + flatUnit)] = 0.25f;
        const DistanceCurve curve = correlationOverDistance(r, c);
        QTemporaryDir dir;
        ref::save(dir.filePath("r.npy"), r.values, {r.images, r.units});
        ref::save(dir.filePath("c.npy"), c, {900, 2});
        saveWindows(dir.filePath("w.npz"), windows);
        QString log;
        QVERIFY2(ref::reference({"corrdist", dir.filePath("r.npy"), dir.filePath("c.npy"), dir.filePath("w.npz"), "15",
                                 dir.filePath("o.npz")}, &log), qPrintable(log));
        const QString o = dir.filePath("o.npz");
        QCOMPARE(curve.windows, static_cast<std::int64_t>(windows.size()));
        QVERIFY(allClose(curve.edges, ref::load(o, "edges"), 1e-15));
        QVERIFY(allClose(curve.centers, ref::load(o, "centers"), 1e-15));
        QVERIFY(allClose(curve.profiles, ref::load(o, "profiles"), 1e-12));
        QVERIFY(allClose(curve.mean, ref::load(o, "mean"), 1e-12));
        QVERIFY(allClose(curve.sem, ref::load(o, "sem"), 1e-12));
        QVERIFY(curve.nanPairs > 0);
        // nearby units correlate more than distant ones
        QVERIFY(curve.nanMean.front() > curve.nanMean.back() + 0.1);
        QVERIFY(curve.nearMean > curve.farMean);
    }

    void ci95UsesStudentT() {
        QString log;
        QVERIFY2(testsupport::runPython("import scipy.stats as s\nprint(' '.join(repr(s.t.ppf(0.975, d)) for d in (1, 7, 30, 31, 45, 200, 5000)))",
                                        {}, &log), qPrintable(log));
        const QStringList want = log.trimmed().split(' ');
        const std::int64_t dfs[] = {1, 7, 30, 31, 45, 200, 5000};
        for (int i = 0; i < 7; ++i)
            QVERIFY2(std::fabs(detail::studentT975(dfs[i]) - want[i].toDouble()) < 2e-4, qPrintable(want[i]));
    }

    void explicitEdges() {
        const std::vector<double> c = ref::uniformPositions(400, 3.0, 23);
        const ResponseMatrix r = smoothResponses(c, 30, 3);
        DistanceBinning b;
        b.edges = {0.0, 0.5, 1.0, 2.2};
        const DistanceCurve curve = correlationOverDistance(r, c, {}, b);
        QCOMPARE(curve.edges, b.edges);
        QCOMPARE(curve.mean.size(), std::size_t{3});
        std::int64_t binned = 0;
        for (auto n : curve.pairsPerBin) binned += n;
        QCOMPARE(binned, curve.pairs);  // every pair of a 1.5 mm window is under 2.2 mm
        b.edges = {1.0, 0.5};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, correlationOverDistance(r, c, {}, b));
    }

    void subsampledCurveAgreesWithinSamplingError() {
        // windows capped at 40 units (TDANN's unit_number_limit, drawn at random): over seeds the curve averages
        // to the full-window curve
        const std::vector<double> c = ref::uniformPositions(1500, 4.6, 25);
        const ResponseMatrix r = smoothResponses(c, 40, 4);
        DistanceBinning b;
        b.edges = {0.0, 0.3, 0.6, 0.9, 1.2, 1.5};
        const DistanceCurve full = correlationOverDistance(r, c, {}, b);
        std::vector<double> mean(5, 0.0);
        WindowParams wp;
        wp.unitLimit = 40;
        const int seeds = 20;
        double maxSpread = 0;
        for (int seed = 0; seed < seeds; ++seed) {
            wp.seed = static_cast<std::uint64_t>(seed);
            const DistanceCurve sub = correlationOverDistance(r, c, wp, b);
            for (int k = 0; k < 5; ++k) {
                mean[k] += sub.nanMean[k] / seeds;
                maxSpread = std::max(maxSpread, std::fabs(sub.nanMean[k] - full.nanMean[k]));
            }
        }
        QVERIFY(maxSpread > 1e-4);  // the draws differ
        for (int k = 0; k < 5; ++k)
            QVERIFY2(std::fabs(mean[k] - full.nanMean[k]) < 0.01, qPrintable(QString("%1 vs %2").arg(mean[k]).arg(full.nanMean[k])));
    }

    void rccgCurveMatchesNumpy() {
        const std::vector<double> c = ref::uniformPositions(150, 3.2, 31);
        // spikes driven by a spatially smooth per-trial drive: nearby units fire together
        SpikeTensor s = emptySpikes(40, 4, 150);
        Rng rng(6);
        for (int i = 0; i < 40; ++i)
            for (int t = 0; t < 4; ++t) {
                const double ph = rng.uniform(0, 6.28);
                for (int u = 0; u < 150; ++u)
                    at(s, i, t, u) = rng.uniform() < 0.5 + 0.45 * std::sin(2.0 * c[2 * u] + ph) ? 1 : 0;
            }
        WindowParams wp;
        wp.width = 1.5;
        const auto windows = adjacentWindows(c, wp);
        const DistanceCurve curve = rccgOverDistance(s, c, wp);
        QTemporaryDir dir;
        ref::save(dir.filePath("s.npy"), s.values, {40, 4, 150});
        ref::save(dir.filePath("c.npy"), c, {150, 2});
        saveWindows(dir.filePath("w.npz"), windows);
        QString log;
        QVERIFY2(ref::reference({"rccgdist", dir.filePath("s.npy"), dir.filePath("c.npy"), dir.filePath("w.npz"), "15",
                                 "1", dir.filePath("o.npz")}, &log), qPrintable(log));
        const QString o = dir.filePath("o.npz");
        QVERIFY(allClose(curve.edges, ref::load(o, "edges"), 1e-15));
        QVERIFY(allClose(curve.profiles, ref::load(o, "profiles"), 1e-12));
        QVERIFY(allClose(curve.mean, ref::load(o, "mean"), 1e-12));
        QVERIFY(allClose(curve.sem, ref::load(o, "sem"), 1e-12));
        QVERIFY(curve.nearMean > curve.farMean);
    }

    void stcMatchesNumpy() {
        const std::vector<double> c = ref::uniformPositions(200, 5.0, 41);
        std::vector<double> rates;
        for (int u = 0; u < 200; ++u) rates.push_back(u % 11 == 0 ? 0.0 : 0.1 + 0.004 * u);
        const SpikeTensor s = ref::bernoulliSpikes(30, 4, rates, 42);
        const std::vector<std::vector<std::int64_t>> clusters{{0, 3, 11, 17, 40, 77, 120, 121, 199},
                                                              {5, 6, 7, 8, 9, 10, 22, 33, 44, 55, 66, 88}};
        QTemporaryDir dir;
        ref::save(dir.filePath("s.npy"), s.values, {30, 4, 200});
        ref::save(dir.filePath("c.npy"), c, {200, 2});
        std::vector<SheetWindow> asWindows;
        for (const auto& cl : clusters) asWindows.push_back({cl, 0, 0, 0, 0});
        saveWindows(dir.filePath("k.npz"), asWindows);
        // the reference reads clusters as c0, c1, ...: rename by rewriting through NumPy
        QString log;
        QVERIFY2(testsupport::runPython("import sys, numpy as np\nz = np.load(sys.argv[1])\n"
                                        "np.savez(sys.argv[2], count=z['count'], **{'c%d' % k: z['w%d' % k] for k in range(int(z['count']))})\n",
                                        {dir.filePath("k.npz"), dir.filePath("clusters.npz")}, &log), qPrintable(log));
        QVERIFY2(ref::reference({"stc", dir.filePath("s.npy"), dir.filePath("c.npy"), dir.filePath("clusters.npz"), "1",
                                 dir.filePath("o.npz")}, &log), qPrintable(log));
        const auto wantLong = ref::load(dir.filePath("o.npz"), "long"), wantShort = ref::load(dir.filePath("o.npz"), "short");
        for (std::size_t k = 0; k < clusters.size(); ++k) {
            const auto [ll, ls] = stcClusterLosses(s, c, clusters[k]);
            QVERIFY2(std::fabs(ll - wantLong[k]) < 1e-12, qPrintable(QString("%1 vs %2").arg(ll).arg(wantLong[k])));
            QVERIFY2(std::fabs(ls - wantShort[k]) < 1e-12, qPrintable(QString("%1 vs %2").arg(ls).arg(wantShort[k])));
        }
    }

    void stcPlantedAndSeeded() {
        // rates follow a smooth spatial field per trial: L_L well below ½; with the positions shuffled, about ½
        io::LayerPositions pos;
        pos.name = "layer";
        pos.coordinates = ref::uniformPositions(2000, 8.0, 51);
        pos.dims = {2000};
        pos.neighborhoodWidth = 2.0;
        SpikeTensor s = emptySpikes(60, 4, 2000);
        Rng rng(8);
        for (int i = 0; i < 60; ++i) {
            const double fx = rng.uniform(0.5, 1.5), ph = rng.uniform(0, 6.28);
            for (int t = 0; t < 4; ++t)
                for (int u = 0; u < 2000; ++u)
                    at(s, i, t, u) = rng.uniform() < 0.5 + 0.4 * std::sin(fx * pos.coordinates[2 * u] + ph) ? 1 : 0;
        }
        StcParams p;
        p.seed = 3;
        const StcResult a = stcLosses(s, pos, p), b = stcLosses(s, pos, p);
        QCOMPARE(a.clusters.size(), std::size_t{10});
        QCOMPARE(a.width, 2.0);
        QCOMPARE(a.maxLag, std::int64_t{1});
        for (std::size_t k = 0; k < a.clusters.size(); ++k) {
            QCOMPARE(a.clusters[k].units, b.clusters[k].units);
            QCOMPARE(a.clusters[k].longLoss, b.clusters[k].longLoss);
            QVERIFY(a.clusters[k].units.size() >= 10);
            QVERIFY(a.clusters[k].x1 - a.clusters[k].x0 == 2.0);
        }
        QVERIFY2(a.meanLong < 0.4, qPrintable(QString::number(a.meanLong)));
        QVERIFY(a.meanShort < 0.45);
        QCOMPARE(a.validLong, std::int64_t{10});
        p.seed = 4;
        QVERIFY(stcLosses(s, pos, p).clusters[0].units != a.clusters[0].units);

        io::LayerPositions shuffled = pos;
        std::vector<std::int64_t> perm(2000);
        std::iota(perm.begin(), perm.end(), 0);
        Rng(9).shuffle(std::span<std::int64_t>(perm));
        for (int u = 0; u < 2000; ++u) {
            shuffled.coordinates[2 * u] = pos.coordinates[2 * perm[u]];
            shuffled.coordinates[2 * u + 1] = pos.coordinates[2 * perm[u] + 1];
        }
        const StcResult chance = stcLosses(s, shuffled, p);
        QVERIFY2(std::fabs(chance.meanLong - 0.5) < 0.05, qPrintable(QString::number(chance.meanLong)));

        p.maxUnits = 30;
        p.minUnits = 25;
        for (const auto& cl : stcLosses(s, pos, p).clusters) QCOMPARE(cl.units.size(), std::size_t{30});
        p.width = 0.01;  // no square holds 25 units
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, stcLosses(s, pos, p));
    }

    void stcStoredNeighborhoods() {
        io::LayerPositions pos;
        pos.coordinates = ref::uniformPositions(100, 3.0, 61);
        pos.dims = {100};
        pos.neighborhoodCount = 3;
        pos.neighborhoodSize = 20;
        for (int k = 0; k < 60; ++k) pos.neighborhoodIndices.push_back((k * 7) % 100);
        const SpikeTensor s = ref::bernoulliSpikes(20, 4, std::vector<double>(100, 0.3), 62);
        StcParams p;
        p.source = ClusterSource::StoredNeighborhoods;
        const StcResult r = stcLosses(s, pos, p);
        QCOMPARE(r.clusters.size(), std::size_t{3});  // all 3 rows, in random order
        std::set<std::int64_t> firsts;
        for (const auto& cl : r.clusters) firsts.insert(cl.units.front());
        QCOMPARE(firsts.size(), std::size_t{3});
        pos.neighborhoodCount = 0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, stcLosses(s, pos, p));
    }
};

QTEST_GUILESS_MAIN(TestSynchrony)
#include "test_synchrony.moc"
