// Spike-train entropy (reference §5.9): hand-checkable values (p = 0.5 is 1 bit, silent and always-firing units
// 0), per-timestep and population variants, SEW-ADD counts clipped or refused, equality with a NumPy
// re-implementation on seeded data, and the shift ΔH between two recordings.
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <span>

#include "support/spikes_reference.hpp"
#include "topospike/analysis/entropy.hpp"

using namespace topospike::analysis;
namespace ref = testsupport::spikes;

namespace {

SpikeTensor makeSpikes(std::int64_t images, std::int64_t timesteps, std::int64_t units) {
    return ref::silentSpikes(images, timesteps, units);
}

void set(SpikeTensor& s, std::int64_t i, std::int64_t t, std::int64_t u, std::uint8_t v) {
    s.values[static_cast<std::size_t>((i * s.timesteps + t) * s.units + u)] = v;
}

}  // namespace

class TestEntropy : public QObject {
    Q_OBJECT
private slots:
    void binaryEntropyValues() {
        QCOMPARE(binaryEntropy(0.5), 1.0);
        QCOMPARE(binaryEntropy(0.0), 0.0);
        QCOMPARE(binaryEntropy(1.0), 0.0);
        QVERIFY(std::fabs(binaryEntropy(0.25) - 0.8112781244591328) < 1e-15);
        QCOMPARE(binaryEntropy(0.25), binaryEntropy(0.75));
    }

    void handChecked() {
        // 4 images, T = 2, 4 units: silent; fires at t = 0 only (p = 0.5 overall, 0 or 1 per step); always;
        // fires in images 0 and 1 only (p = 0.5, and p(t) = 0.5 at each step).
        SpikeTensor s = makeSpikes(4, 2, 4);
        for (int i = 0; i < 4; ++i) {
            set(s, i, 0, 1, 1);
            set(s, i, 0, 2, 1);
            set(s, i, 1, 2, 1);
            if (i < 2) {
                set(s, i, 0, 3, 1);
                set(s, i, 1, 3, 1);
            }
        }
        const LayerEntropy e = spikeEntropy(s);
        QCOMPARE(e.unitProbability, (std::vector<double>{0.0, 0.5, 1.0, 0.5}));
        QCOMPARE(e.unitEntropy, (std::vector<double>{0.0, 1.0, 0.0, 1.0}));
        QCOMPARE(e.mean, 0.5);
        QCOMPARE(e.meanFiringProbability, 0.5);
        // per timestep: unit 1 is certain at each step (0 bits), unit 3 is 1 bit at each step
        QCOMPARE(e.unitEntropyPerTimestep, (std::vector<double>{0, 0, 0, 1, 0, 0, 0, 1}));
        QCOMPARE(e.perTimestep, (std::vector<double>{0.25, 0.25}));
        // fraction of units firing: t0 units 1, 2 in every image and 3 in two → 10/16; t1 units 2 and (twice) 3 → 6/16
        QCOMPARE(e.probabilityPerTimestep, (std::vector<double>{0.625, 0.375}));
        // layer counts per (image, t): images 0,1: t0 = 3, t1 = 2; images 2,3: t0 = 2, t1 = 1 → {3,2,2,1,3,2,2,1}
        // distribution {1: 2/8, 2: 4/8, 3: 2/8} → 1.5 bits; per t: t0 {3,3,2,2} → 1 bit, t1 {2,2,1,1} → 1 bit
        QCOMPARE(e.population, 1.5);
        QCOMPARE(e.populationPerTimestep, (std::vector<double>{1.0, 1.0}));
        QCOMPARE(e.clippedEntries, std::int64_t{0});
    }

    void allSilentIsZero() {
        const LayerEntropy e = spikeEntropy(makeSpikes(3, 4, 10));
        QCOMPARE(e.mean, 0.0);
        QCOMPARE(e.population, 0.0);
        for (double h : e.perTimestep) QCOMPARE(h, 0.0);
    }

    void populationBins() {
        // counts 0..3 of 3 units in 2 bins over [0, 3]: bin = min(1, k·2/3) → {0, 0, 1, 1}: 1 bit
        SpikeTensor s = makeSpikes(4, 1, 3);
        for (int i = 0; i < 4; ++i)
            for (int u = 0; u < i; ++u) set(s, i, 0, u, 1);
        EntropyParams p;
        QCOMPARE(spikeEntropy(s, p).population, 2.0);  // 4 distinct counts
        p.populationBins = 2;
        QCOMPARE(spikeEntropy(s, p).population, 1.0);
        p.populationBins = 1;
        QCOMPARE(spikeEntropy(s, p).population, 0.0);
    }

    void sewCountsClippedOrRefused() {
        SpikeTensor s = makeSpikes(2, 1, 2);
        set(s, 0, 0, 0, 2);  // a SEW-ADD output of 2
        set(s, 1, 0, 1, 1);
        const LayerEntropy e = spikeEntropy(s);
        QCOMPARE(e.clippedEntries, std::int64_t{1});
        QCOMPARE(e.unitProbability, (std::vector<double>{0.5, 0.5}));
        EntropyParams refuse;
        refuse.counts = SpikeCountPolicy::Refuse;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, spikeEntropy(s, refuse));
    }

    void badInput() {
        SpikeTensor s = makeSpikes(2, 2, 2);
        s.values.pop_back();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, spikeEntropy(s));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, spikeEntropy(SpikeTensor{}));
        EntropyParams p;
        p.populationBins = -1;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, spikeEntropy(makeSpikes(1, 1, 1), p));
    }

    void matchesNumpy_data() {
        QTest::addColumn<int>("bins");
        QTest::newRow("exact counts") << 0;
        QTest::newRow("7 bins") << 7;
    }
    void matchesNumpy() {
        QFETCH(int, bins);
        std::vector<double> rates;
        for (int u = 0; u < 300; ++u) rates.push_back(u % 7 == 0 ? 0.0 : 0.02 + 0.9 * (u % 13) / 13.0);
        const SpikeTensor s = ref::bernoulliSpikes(37, 5, rates, 11);
        QTemporaryDir dir;
        ref::save(dir.filePath("s.npy"), s.values, {s.images, s.timesteps, s.units});
        QString log;
        QVERIFY2(ref::reference({"entropy", dir.filePath("s.npy"), QString::number(bins), dir.filePath("r.npz")}, &log),
                 qPrintable(log));
        EntropyParams p;
        p.populationBins = bins;
        const LayerEntropy e = spikeEntropy(s, p);
        const QString r = dir.filePath("r.npz");
        auto close = [](const std::vector<double>& a, const std::vector<double>& b) {
            if (a.size() != b.size()) return false;
            for (std::size_t i = 0; i < a.size(); ++i)
                if (std::fabs(a[i] - b[i]) > 1e-12) return false;
            return true;
        };
        QVERIFY(close(e.unitProbability, ref::load(r, "p")));
        QVERIFY(close(e.unitEntropy, ref::load(r, "h")));
        QVERIFY(close(e.unitEntropyPerTimestep, ref::load(r, "ht")));
        QVERIFY(close(e.perTimestep, ref::load(r, "mean_t")));
        QVERIFY(close({e.mean}, ref::load(r, "mean")));
        QVERIFY(close({e.population}, ref::load(r, "population")));
        QVERIFY(close(e.populationPerTimestep, ref::load(r, "population_t")));
        QVERIFY(e.mean > 0.1);  // the data is not degenerate
    }

    void largeTensorBlocks() {
        // more units than one parallel block (4096): unit u fires in image u % 2 at every step → p = 0.5
        SpikeTensor s = makeSpikes(2, 3, 9000);
        for (int u = 0; u < 9000; ++u)
            for (int t = 0; t < 3; ++t) set(s, u % 2, t, u, 1);
        const LayerEntropy e = spikeEntropy(s);
        QCOMPARE(e.mean, 1.0);
        QCOMPARE(e.population, 0.0);  // 4500 units fire in every image-timestep
    }

    void accumulatorMatchesSpikeEntropy_data() {
        QTest::addColumn<int>("images");
        QTest::addColumn<int>("timesteps");
        QTest::addColumn<int>("units");
        QTest::addColumn<int>("perAdd");  // images per add() call
        QTest::addColumn<int>("bins");
        QTest::addColumn<int>("maxCount");  // 1: binary spikes; 3: SEW-ADD counts to clip
        QTest::newRow("one image per add") << 7 << 3 << 101 << 1 << 0 << 1;
        QTest::newRow("three per add, odd rest") << 11 << 5 << 37 << 3 << 0 << 1;
        QTest::newRow("more units than a block") << 5 << 2 << 4099 << 2 << 0 << 1;
        QTest::newRow("binned population") << 9 << 4 << 53 << 1 << 6 << 1;
        QTest::newRow("SEW counts clipped") << 6 << 3 << 29 << 4 << 0 << 3;
        QTest::newRow("all at once, T = 1") << 13 << 1 << 17 << 13 << 0 << 1;
    }
    void accumulatorMatchesSpikeEntropy() {
        QFETCH(int, images);
        QFETCH(int, timesteps);
        QFETCH(int, units);
        QFETCH(int, perAdd);
        QFETCH(int, bins);
        QFETCH(int, maxCount);
        std::vector<double> rates;
        for (int u = 0; u < units; ++u) rates.push_back(u % 5 == 0 ? 0.0 : 0.05 + 0.8 * (u % 11) / 11.0);
        SpikeTensor s = ref::bernoulliSpikes(images, timesteps, rates, 23 + static_cast<std::uint64_t>(units));
        topospike::Rng rng(5);
        if (maxCount > 1)
            for (auto& v : s.values)
                if (v) v = static_cast<std::uint8_t>(1 + rng.below(static_cast<std::uint64_t>(maxCount)));
        s.unitDims = {units, 1, 1};
        EntropyParams p;
        p.populationBins = bins;
        const LayerEntropy whole = spikeEntropy(s, p);

        EntropyAccumulator acc(timesteps, units, s.unitDims, p);
        const std::size_t perImage = static_cast<std::size_t>(timesteps) * static_cast<std::size_t>(units);
        for (int i = 0; i < images; i += perAdd) {
            const int k = std::min(perAdd, images - i);
            acc.add(std::span<const std::uint8_t>(s.values).subspan(static_cast<std::size_t>(i) * perImage,
                                                                      static_cast<std::size_t>(k) * perImage));
        }
        QCOMPARE(acc.images(), std::int64_t{images});
        const LayerEntropy e = acc.finish();
        QCOMPARE(e.images, whole.images);
        QCOMPARE(e.timesteps, whole.timesteps);
        QCOMPARE(e.units, whole.units);
        QCOMPARE(e.unitDims, whole.unitDims);
        QCOMPARE(e.unitProbability, whole.unitProbability);
        QCOMPARE(e.unitEntropy, whole.unitEntropy);
        QCOMPARE(e.unitEntropyPerTimestep, whole.unitEntropyPerTimestep);
        QCOMPARE(e.perTimestep, whole.perTimestep);
        QCOMPARE(e.probabilityPerTimestep, whole.probabilityPerTimestep);
        QCOMPARE(e.mean, whole.mean);
        QCOMPARE(e.meanFiringProbability, whole.meanFiringProbability);
        QCOMPARE(e.population, whole.population);
        QCOMPARE(e.populationPerTimestep, whole.populationPerTimestep);
        QCOMPARE(e.clippedEntries, whole.clippedEntries);
        QCOMPARE(e.clippedEntries > 0, maxCount > 1);
        QVERIFY(e.mean > 0.1);  // the data is not degenerate
        // finish() does not consume: more images can follow
        acc.add(std::span<const std::uint8_t>(s.values).first(perImage));
        QCOMPARE(acc.finish().images, std::int64_t{images + 1});
    }

    void accumulatorRefuses() {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, EntropyAccumulator(0, 3));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, EntropyAccumulator(2, 0));
        EntropyParams negative;
        negative.populationBins = -1;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, EntropyAccumulator(2, 3, {}, negative));
        EntropyAccumulator acc(2, 3);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, acc.finish());  // nothing added
        const std::vector<std::uint8_t> five(5, 1), six(6, 1);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, acc.add(five));  // not whole images
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, acc.add({}));
        QCOMPARE(acc.images(), std::int64_t{0});
        EntropyParams refuse;
        refuse.counts = SpikeCountPolicy::Refuse;
        EntropyAccumulator strict(2, 3, {}, refuse);
        std::vector<std::uint8_t> sew = six;
        sew[4] = 2;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, strict.add(sew));
        QCOMPARE(strict.images(), std::int64_t{0});  // nothing added
        strict.add(six);
        QCOMPARE(strict.finish().unitProbability, (std::vector<double>{1.0, 1.0, 1.0}));
        topospike::CancelToken cancel;
        cancel.cancel();
        QVERIFY_THROWS_EXCEPTION(topospike::Cancelled, acc.add(six, &cancel));
    }

    void shift() {
        SpikeTensor a = makeSpikes(2, 2, 1), b = makeSpikes(2, 3, 1);
        set(a, 0, 0, 0, 1);  // a: p = 1/4 overall; per step 0.5 then 0
        set(b, 0, 0, 0, 1);
        set(b, 1, 0, 0, 1);  // b: p = 2/6; per step 1, 0, 0
        const LayerEntropy ea = spikeEntropy(a), eb = spikeEntropy(b);
        const EntropyShift d = entropyShift(ea, eb);
        QCOMPARE(d.mean, binaryEntropy(0.25) - binaryEntropy(1.0 / 3.0));
        QCOMPARE(d.perTimestep, (std::vector<double>{1.0, 0.0}));  // over the shorter T
        QVERIFY(!d.sameTimesteps);
        QCOMPARE(entropyShift(ea, ea).mean, 0.0);
    }
};

QTEST_GUILESS_MAIN(TestEntropy)
#include "test_entropy.moc"
