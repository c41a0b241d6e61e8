// TDANN's swap pre-optimisation (topospike/sheet/swap_optimizer.hpp): the O(Q) step against a literal
// re-implementation of TDANN's loop (loss recomputed from scratch with Pearson's formula at every step, the same
// random draws), the loss dropping on planted structure, cancel, progress, determinism and thread counts.
#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "sheet/correlation.hpp"
#include "topospike/error.hpp"
#include "topospike/sheet/retinotopic.hpp"
#include "topospike/sheet/swap_optimizer.hpp"

using namespace topospike;
using namespace topospike::sheet;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Random responses; the listed units are constant (zero variance), alternately 0 and 0.5.
analysis::ResponseMatrix randomResponses(std::int64_t images, std::int64_t units, std::uint64_t seed,
                                         const std::vector<std::int64_t>& flat = {}) {
    analysis::ResponseMatrix r(images, units);
    Rng rng(seed);
    for (float& v : r.values) v = static_cast<float>(rng.uniform());
    for (std::size_t k = 0; k < flat.size(); ++k)
        for (std::int64_t i = 0; i < images; ++i) r.values[std::size_t(i * units + flat[k])] = k % 2 ? 0.5f : 0.0f;
    r.source = "test";
    return r;
}

// ---- The literal reference: TDANN's swap_optimize_neighborhoods / swap_optimize_positions / pearson_scl ----

/// numpy.corrcoef(features.T) with NaN set to 0: covariance over images (ddof 1) divided by the standard
/// deviations; 0/0 for constant units gives NaN, which becomes 0.
std::vector<double> literalCorrcoef(const analysis::ResponseMatrix& r, const std::vector<std::int64_t>& units) {
    const std::size_t q = units.size();
    const auto n = static_cast<std::size_t>(r.images);
    std::vector<double> mean(q, 0.0), cov(q * q, 0.0);
    for (std::size_t k = 0; k < q; ++k) {
        for (std::size_t i = 0; i < n; ++i) mean[k] += r.at(std::int64_t(i), units[k]);
        mean[k] /= double(n);
    }
    for (std::size_t k = 0; k < q; ++k)
        for (std::size_t l = 0; l < q; ++l) {
            double s = 0;
            for (std::size_t i = 0; i < n; ++i)
                s += (r.at(std::int64_t(i), units[k]) - mean[k]) * (r.at(std::int64_t(i), units[l]) - mean[l]);
            cov[k * q + l] = s / double(n - 1);
        }
    std::vector<double> c(q * q);
    for (std::size_t k = 0; k < q; ++k)
        for (std::size_t l = 0; l < q; ++l) {
            double v = cov[k * q + l] / std::sqrt(cov[k * q + k]) / std::sqrt(cov[l * q + l]);
            v = std::clamp(v, -1.0, 1.0);
            c[k * q + l] = std::isnan(v) ? 0.0 : v;
        }
    return c;
}

/// scipy.stats.pearsonr(x, y)[0]: NaN for a constant input.
double pearson(const std::vector<double>& x, const std::vector<double>& y) {
    if (std::all_of(x.begin(), x.end(), [&](double v) { return v == x[0]; }) ||
        std::all_of(y.begin(), y.end(), [&](double v) { return v == y[0]; }))
        return kNaN;
    double mx = 0, my = 0;
    for (std::size_t k = 0; k < x.size(); ++k) mx += x[k], my += y[k];
    mx /= double(x.size());
    my /= double(y.size());
    double sxx = 0, syy = 0, sxy = 0;
    for (std::size_t k = 0; k < x.size(); ++k) {
        sxx += (x[k] - mx) * (x[k] - mx);
        syy += (y[k] - my) * (y[k] - my);
        sxy += (x[k] - mx) * (y[k] - my);
    }
    return std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
}

/// losses_numpy.swapopt_spatial_loss_wrapper(pearson_scl, corr, pos, [i, j]).
double pairLoss(const std::vector<double>& corr, const std::vector<double>& pos, std::size_t q, std::size_t i, std::size_t j) {
    std::vector<double> a, b;
    for (const std::size_t row : {i, j})
        for (std::size_t k = 0; k < q; ++k) {
            a.push_back(corr[row * q + k]);
            const double dx = pos[2 * row] - pos[2 * k], dy = pos[2 * row + 1] - pos[2 * k + 1];
            b.push_back(1.0 / (std::sqrt(dx * dx + dy * dy) + 1.0));
        }
    return (1.0 - pearson(a, b)) / 2.0;
}

struct ReferenceRun {
    std::vector<double> coordinates;
    std::int64_t accepted = 0, visited = 0, skipped = 0;
};

ReferenceRun literalSwapopt(const analysis::ResponseMatrix& r, const io::LayerPositions& layer, const SwapParams& p) {
    ReferenceRun out;
    out.coordinates = layer.coordinates;
    std::vector<double>& pos = out.coordinates;
    const double w = p.neighborhoodWidth.value_or(layer.neighborhoodWidth);
    double xmin = pos[0], xmax = pos[0], ymin = pos[1], ymax = pos[1];
    for (std::size_t u = 0; u < pos.size() / 2; ++u) {
        xmin = std::min(xmin, pos[2 * u]), xmax = std::max(xmax, pos[2 * u]);
        ymin = std::min(ymin, pos[2 * u + 1]), ymax = std::max(ymax, pos[2 * u + 1]);
    }
    const std::int64_t total = (p.steps + p.stepsPerNeighborhood - 1) / p.stepsPerNeighborhood;
    Rng squares(p.seed);
    const Rng streams(p.seed);
    for (std::int64_t t = 0; t < total; ++t) {
        const double sx = squares.uniform(xmin, xmax - w);
        const double sy = squares.uniform(ymin, ymax - w);
        std::vector<std::int64_t> units;
        for (std::size_t u = 0; u < pos.size() / 2; ++u)
            if (pos[2 * u] >= sx && pos[2 * u] <= sx + w && pos[2 * u + 1] >= sy && pos[2 * u + 1] <= sy + w)
                units.push_back(std::int64_t(u));
        Rng rng = streams.stream(std::uint64_t(t));
        if (std::int64_t(units.size()) < p.minUnits) {
            ++out.skipped;
            continue;
        }
        ++out.visited;
        if (std::int64_t(units.size()) > p.maxUnits) {
            std::vector<std::int64_t> picked;
            for (const std::int64_t k : rng.sample(std::int64_t(units.size()), p.maxUnits)) picked.push_back(units[std::size_t(k)]);
            std::sort(picked.begin(), picked.end());
            units = picked;
        }
        const std::size_t q = units.size();
        const std::vector<double> corr = literalCorrcoef(r, units);
        std::vector<double> sub(2 * q);
        for (std::size_t k = 0; k < q; ++k) sub[2 * k] = pos[2 * std::size_t(units[k])], sub[2 * k + 1] = pos[2 * std::size_t(units[k]) + 1];
        for (std::int64_t step = 0; step < p.stepsPerNeighborhood; ++step) {
            const std::vector<std::int64_t> pair = rng.sample(std::int64_t(q), 2);
            const auto i = std::size_t(pair[0]), j = std::size_t(pair[1]);
            const double before = pairLoss(corr, sub, q, i, j);
            std::swap(sub[2 * i], sub[2 * j]);
            std::swap(sub[2 * i + 1], sub[2 * j + 1]);
            const double after = pairLoss(corr, sub, q, i, j);
            if (after >= before) {  // TDANN: `if current_loss >= previous_loss: swap back` (false for NaN)
                std::swap(sub[2 * i], sub[2 * j]);
                std::swap(sub[2 * i + 1], sub[2 * j + 1]);
            } else {
                ++out.accepted;
            }
        }
        for (std::size_t k = 0; k < q; ++k) pos[2 * std::size_t(units[k])] = sub[2 * k], pos[2 * std::size_t(units[k]) + 1] = sub[2 * k + 1];
    }
    return out;
}

io::LayerPositions smallLayer(const std::vector<std::int64_t>& dims, double sheet, double width, std::uint64_t seed) {
    RetinotopicParams p = RetinotopicParams::forArea(Area::V1, seed);
    p.tissueMm = sheet;
    p.neighborhoodMm = width;
    p.neighborhoods = 200;
    return initRetinotopic("layer2.0", dims, p);
}

std::vector<double> sortedPairs(const std::vector<double>& xy) {
    std::vector<std::pair<double, double>> pts;
    for (std::size_t i = 0; i < xy.size(); i += 2) pts.emplace_back(xy[i], xy[i + 1]);
    std::sort(pts.begin(), pts.end());
    std::vector<double> out;
    for (const auto& [x, y] : pts) out.insert(out.end(), {x, y});
    return out;
}

}  // namespace

class TestSwap : public QObject {
    Q_OBJECT
private slots:
    void matchesLiteralTdann_data() {
        QTest::addColumn<QString>("dims");
        QTest::addColumn<int>("images");
        QTest::addColumn<double>("width");
        QTest::addColumn<int>("steps");
        QTest::addColumn<int>("perNeighborhood");
        QTest::addColumn<int>("maxUnits");
        QTest::addColumn<int>("minUnits");
        QTest::addColumn<int>("seed");
        QTest::newRow("odd sizes, flat units") << "5,7,7" << 11 << 4.0 << 3000 << 50 << 500 << 5 << 3;
        QTest::newRow("subsampled windows") << "6,6,6" << 17 << 6.0 << 2001 << 40 << 23 << 5 << 8;
        QTest::newRow("many skipped") << "3,9,9" << 7 << 2.0 << 1500 << 25 << 500 << 12 << 21;
        QTest::newRow("rectangular, one step") << "4,5,8" << 9 << 5.0 << 700 << 1 << 500 << 5 << 5;
    }
    void matchesLiteralTdann() {
        QFETCH(QString, dims);
        QFETCH(int, images);
        QFETCH(double, width);
        QFETCH(int, steps);
        QFETCH(int, perNeighborhood);
        QFETCH(int, maxUnits);
        QFETCH(int, minUnits);
        QFETCH(int, seed);
        std::vector<std::int64_t> d;
        for (const QString& s : dims.split(',')) d.push_back(s.toLongLong());
        const io::LayerPositions layer = smallLayer(d, 12.0, width, std::uint64_t(seed));
        const std::int64_t n = layer.units();
        std::vector<std::int64_t> flat;
        for (std::int64_t u = 3; u < n; u += 17) flat.push_back(u);
        const analysis::ResponseMatrix r = randomResponses(images, n, std::uint64_t(seed) + 100, flat);
        SwapParams p;
        p.steps = steps;
        p.stepsPerNeighborhood = perNeighborhood;
        p.maxUnits = maxUnits;
        p.minUnits = minUnits;
        p.seed = std::uint64_t(seed);
        p.lossNeighborhoods = 10;
        const SwapResult fast = swapOptimize(r, layer, p);
        const ReferenceRun ref = literalSwapopt(r, layer, p);
        QCOMPARE(fast.neighborhoodsVisited, ref.visited);
        QCOMPARE(fast.neighborhoodsSkipped, ref.skipped);
        QCOMPARE(fast.acceptedSwaps, ref.accepted);
        QCOMPARE(fast.positions.coordinates, ref.coordinates);
        QVERIFY(ref.accepted > 0);
        QVERIFY(ref.accepted < fast.attemptedSwaps);
        QCOMPARE(fast.attemptedSwaps, fast.neighborhoodsVisited * perNeighborhood);
        QCOMPARE(fast.neighborhoodsTotal, std::int64_t((steps + perNeighborhood - 1) / perNeighborhood));
        QCOMPARE(fast.neighborhoodsVisited + fast.neighborhoodsSkipped, fast.neighborhoodsTotal);
        if (maxUnits < 500) QVERIFY(fast.neighborhoodsSubsampled > 0);
        if (minUnits > 5) QVERIFY(fast.neighborhoodsSkipped > 0);
        // Swaps only permute the positions.
        QCOMPARE(sortedPairs(fast.positions.coordinates), sortedPairs(layer.coordinates));
    }

    void correlationKernel() {
        // Odd unit counts, more images than one chunk of the kernel (128) and not a multiple of it, flat units,
        // a unit with a NaN response: NumPy's corrcoef with NaN set to 0, to rounding; parallel = serial, bit for bit.
        analysis::ResponseMatrix r = randomResponses(301, 90, 6, {4, 9});
        r.values[std::size_t(7 * 90 + 13)] = std::numeric_limits<float>::quiet_NaN();
        const detail::StandardisedResponses z(r);
        QVERIFY(!z.varies(4) && !z.varies(9) && !z.varies(13) && z.varies(0));
        for (const std::int64_t q : {1, 2, 5, 37, 64, 89}) {
            std::vector<std::int64_t> units;
            for (std::int64_t k = 0; k < q; ++k) units.push_back((k * 7) % 90);
            std::vector<double> serial, parallel, s1, s2, a1, a2;
            z.correlations(units, serial, s1, a1, false);
            z.correlations(units, parallel, s2, a2, true);
            QCOMPARE(parallel, serial);
            std::vector<double> want = literalCorrcoef(r, units);
            for (std::size_t k = 0; k < units.size(); ++k)
                if (units[k] == 13)  // NaN responses: corrcoef is NaN there, set to 0
                    for (std::size_t l = 0; l < units.size(); ++l) want[k * units.size() + l] = want[l * units.size() + k] = 0.0;
            QCOMPARE(serial.size(), want.size());
            for (std::size_t i = 0; i < want.size(); ++i) QVERIFY2(std::abs(serial[i] - want[i]) < 1e-13, qPrintable(QString::number(i)));
        }
    }

    void flatUnitsSwapFreely() {
        // Two units that never vary have all-zero correlation rows: TDANN's loss is NaN and the swap is kept.
        io::LayerPositions layer;
        layer.name = "flat";
        layer.dims = {6};
        layer.coordinates = {0, 0, 1, 0, 2, 0, 0, 1, 1, 1, 2, 1};
        layer.neighborhoodWidth = 1.0;
        analysis::ResponseMatrix r(4, 6);  // all zero
        SwapParams p;
        p.steps = 100;
        p.stepsPerNeighborhood = 100;
        p.minUnits = 2;
        p.neighborhoodWidth = 1.0;
        p.lossNeighborhoods = 0;
        const SwapResult res = swapOptimize(r, layer, p);
        QCOMPARE(res.acceptedSwaps, res.attemptedSwaps);
        QVERIFY(res.attemptedSwaps == 100);
        QVERIFY(std::isnan(res.lossBefore));
        QCOMPARE(literalSwapopt(r, layer, p).coordinates, res.positions.coordinates);
    }

    void lossDropsOnPlantedStructure() {
        // Units of 4 groups respond to 4 different image sets; groups start scattered over the sheet.
        const io::LayerPositions start = smallLayer({16, 12, 12}, 20.0, 3.0, 1);
        const std::int64_t n = start.units(), images = 48;
        analysis::ResponseMatrix r(images, n);
        Rng rng(5);
        std::vector<int> group(static_cast<std::size_t>(n));
        for (auto& g : group) g = int(rng.below(4));
        for (std::int64_t i = 0; i < images; ++i)
            for (std::int64_t u = 0; u < n; ++u)
                r.values[std::size_t(i * n + u)] = float((i % 4 == group[std::size_t(u)] ? 1.0 : 0.0) + 0.3 * rng.uniform());
        SwapParams p;
        p.steps = 200000;
        p.seed = 2;
        const SwapResult res = swapOptimize(r, start, p);
        qInfo("planted: loss %.4f -> %.4f over %lld squares, %lld of %lld swaps kept", res.lossBefore, res.lossAfter,
              static_cast<long long>(res.lossSquares), static_cast<long long>(res.acceptedSwaps),
              static_cast<long long>(res.attemptedSwaps));
        QVERIFY(res.lossSquares > 50);
        QVERIFY(res.lossAfter < res.lossBefore - 0.05);
        // Neighbours now share their group more often than by chance (1/4).
        std::int64_t same = 0, pairs = 0;
        const auto& xy = res.positions.coordinates;
        for (std::int64_t a = 0; a < n; a += 3)
            for (std::int64_t b = a + 1; b < n; ++b) {
                const double dx = xy[std::size_t(2 * a)] - xy[std::size_t(2 * b)], dy = xy[std::size_t(2 * a + 1)] - xy[std::size_t(2 * b + 1)];
                if (dx * dx + dy * dy > 0.5 * 0.5) continue;
                ++pairs;
                same += group[std::size_t(a)] == group[std::size_t(b)];
            }
        QVERIFY(pairs > 100);
        QVERIFY2(double(same) / double(pairs) > 0.4, qPrintable(QString::number(double(same) / double(pairs))));
        // The neighborhoods were recomputed on the new positions.
        QVERIFY(res.positions.neighborhoodCount > 0);
        QCOMPARE(res.positions.neighborhoodWidth, 3.0);
        io::validateLayer(res.positions, "test");
    }

    void deterministicAndThreadIndependent() {
        const io::LayerPositions layer = smallLayer({32, 14, 14}, 30.0, 2.0, 4);
        const analysis::ResponseMatrix r = randomResponses(40, layer.units(), 9, {1, 2, 3});
        SwapParams p;
        p.steps = 40000;
        p.stepsPerNeighborhood = 100;
        p.seed = 17;
        std::vector<SwapResult> runs;
        for (const int threads : {1, 2, 0, 3}) {
            p.threads = threads;
            runs.push_back(swapOptimize(r, layer, p));
        }
        for (const SwapResult& other : runs) {
            QCOMPARE(other.positions.coordinates, runs[0].positions.coordinates);
            QCOMPARE(other.positions.neighborhoodIndices, runs[0].positions.neighborhoodIndices);
            QCOMPARE(other.acceptedSwaps, runs[0].acceptedSwaps);
            QCOMPARE(other.lossBefore, runs[0].lossBefore);
            QCOMPARE(other.lossAfter, runs[0].lossAfter);
        }
        QCOMPARE(runs[2].params.threads, 0);  // the parameters are reported back
        QCOMPARE(runs[1].params.threads, 2);
        p.seed = 18;
        QVERIFY(swapOptimize(r, layer, p).positions.coordinates != runs[0].positions.coordinates);
    }

    void progressAndCancel() {
        const io::LayerPositions layer = smallLayer({8, 10, 10}, 15.0, 3.0, 2);
        const analysis::ResponseMatrix r = randomResponses(20, layer.units(), 3);
        const io::LayerPositions copy = layer;
        SwapParams p;
        p.steps = 10000;
        p.stepsPerNeighborhood = 100;
        std::vector<std::pair<std::int64_t, std::int64_t>> calls;
        swapOptimize(r, layer, p, [&](std::int64_t done, std::int64_t total) { calls.emplace_back(done, total); });
        QVERIFY(!calls.empty());
        for (std::size_t k = 0; k < calls.size(); ++k) {
            QCOMPARE(calls[k].second, std::int64_t{100});
            QVERIFY(k == 0 || calls[k].first > calls[k - 1].first);
        }
        QCOMPARE(calls.back().first, std::int64_t{100});

        CancelToken token;
        token.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, swapOptimize(r, layer, p, {}, &token));
        token.reset();
        int seen = 0;
        QVERIFY_THROWS_EXCEPTION(Cancelled, swapOptimize(r, layer, p, [&](std::int64_t, std::int64_t) {
                                     if (++seen == 2) token.cancel();
                                 }, &token));
        QCOMPARE(seen, 2);
        QCOMPARE(layer.coordinates, copy.coordinates);  // input untouched
    }

    void windowsLargerThanTheCap() {
        // The whole sheet in one square: TDANN crashes on 500+ units; here the window is subsampled.
        const io::LayerPositions layer = smallLayer({12, 8, 8}, 10.0, 1.0, 3);
        const analysis::ResponseMatrix r = randomResponses(10, layer.units(), 4);
        SwapParams p;
        p.steps = 2000;
        p.stepsPerNeighborhood = 500;
        p.neighborhoodWidth = 9.9;
        p.maxUnits = 100;
        const SwapResult res = swapOptimize(r, layer, p);
        QCOMPARE(res.neighborhoodsSubsampled, std::int64_t{4});
        QCOMPARE(res.positions.neighborhoodWidth, 1.0);  // the layer's own width for the recomputed neighborhoods
        QCOMPARE(res.neighborhoodWidth, 9.9);
        QCOMPARE(literalSwapopt(r, layer, p).coordinates, res.positions.coordinates);
    }

    void refusesBadInput() {
        const io::LayerPositions layer = smallLayer({4, 6, 6}, 10.0, 2.0, 1);
        const analysis::ResponseMatrix r = randomResponses(10, layer.units(), 1);
        SwapParams p;
        p.steps = 1000;
        QVERIFY_THROWS_EXCEPTION(Error, swapOptimize(randomResponses(10, layer.units() - 1, 1), layer, p));
        QVERIFY_THROWS_EXCEPTION(Error, swapOptimize(randomResponses(1, layer.units(), 1), layer, p));
        SwapParams bad = p;
        bad.steps = 499;
        QVERIFY_THROWS_EXCEPTION(Error, swapOptimize(r, layer, bad));
        bad = p;
        bad.neighborhoodWidth = 11.0;  // wider than the sheet: TDANN's assertion
        QVERIFY_THROWS_EXCEPTION(Error, swapOptimize(r, layer, bad));
        bad.neighborhoodWidth = 0.0;
        QVERIFY_THROWS_EXCEPTION(Error, swapOptimize(r, layer, bad));
        bad = p;
        bad.minUnits = 1;
        QVERIFY_THROWS_EXCEPTION(Error, swapOptimize(r, layer, bad));
        bad = p;
        bad.maxUnits = 4;
        QVERIFY_THROWS_EXCEPTION(Error, swapOptimize(r, layer, bad));
        analysis::ResponseMatrix transposed = randomResponses(10, layer.units(), 1);
        transposed.unitDims = {6, 6, 4};  // channels last: same count, different order
        QVERIFY_THROWS_EXCEPTION(Error, swapOptimize(transposed, layer, p));
        transposed.unitDims = {4, 6, 6};
        swapOptimize(transposed, layer, p);
        bool threw = false;
        try {
            swapOptimize(randomResponses(10, 7, 1), layer, p);
        } catch (const Error& e) {
            threw = true;
            QVERIFY2(std::string(e.what()).find("7 units") != std::string::npos, e.what());
        }
        QVERIFY(threw);
    }
};

QTEST_GUILESS_MAIN(TestSwap)
#include "test_swap.moc"
