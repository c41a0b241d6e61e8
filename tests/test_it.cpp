// IT category analyses: contrasts and labels, t-maps (by hand and against the NumPy reference of TDANN's
// tstat, with NaNs), mean responses, and the two overlap measures against np.corrcoef / scipy.spearmanr.
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <fstream>

#include "support/it_reference.hpp"
#include "topospike/analysis/categories.hpp"
#include "topospike/analysis/category_smoothness.hpp"
#include "topospike/analysis/it_analysis.hpp"
#include "topospike/analysis/overlap.hpp"
#include "topospike/analysis/tmap.hpp"
#include "topospike/error.hpp"
#include "topospike/random.hpp"

using namespace topospike;
using namespace topospike::analysis;

namespace {

const double kNaN = std::nan("");

// Responses [images × units] filled image by image from `columns` (one vector per unit).
ResponseMatrix matrix(const std::vector<std::vector<float>>& columns) {
    ResponseMatrix r(static_cast<std::int64_t>(columns[0].size()), static_cast<std::int64_t>(columns.size()));
    for (std::int64_t u = 0; u < r.units; ++u)
        for (std::int64_t i = 0; i < r.images; ++i)
            r.values[static_cast<std::size_t>(i * r.units + u)] = columns[static_cast<std::size_t>(u)][static_cast<std::size_t>(i)];
    return r;
}

// Seeded, realistic-looking responses with planted selectivity, NaNs, constant units and a large offset.
struct Synthetic {
    ResponseMatrix responses;
    std::vector<std::string> names;  // per image
};

Synthetic synthetic(std::uint64_t seed, std::int64_t units, int perCategory) {
    const std::vector<std::string> cats{"number", "word", "limb", "body", "adult", "child", "car", "instrument",
                                        "house", "corridor", "scrambled"};
    Rng rng(seed);
    Synthetic s;
    for (const auto& c : cats)
        for (int i = 0; i < perCategory; ++i) s.names.push_back(c);
    s.responses = ResponseMatrix(static_cast<std::int64_t>(s.names.size()), units);
    for (std::int64_t u = 0; u < units; ++u) {
        const auto pref = static_cast<std::size_t>(rng.below(cats.size()));
        const double base = rng.uniform(0, 2), gain = rng.uniform(0, 3);
        for (std::int64_t i = 0; i < s.responses.images; ++i) {
            double v = base + rng.normal() + (s.names[static_cast<std::size_t>(i)] == cats[pref] ? gain : 0.0);
            v = std::max(v, 0.0);
            if (u % 50 == 7) v = 3.25;                               // constant unit: t = 0
            if (u % 50 == 9) v = 1e4 + 0.01 * rng.normal();          // large offset, tiny spread
            if (rng.uniform() < 0.02) v = kNaN;                      // scattered NaNs
            s.responses.values[static_cast<std::size_t>(i * units + u)] = static_cast<float>(v);
        }
    }
    return s;
}

}  // namespace

class TestIt : public QObject {
    Q_OBJECT
private slots:
    void domainContrastsAreTdanns() {
        const auto d = domainContrasts();
        QCOMPARE(d.size(), std::size_t{5});
        QCOMPARE(d[0].name, std::string("Faces"));
        QCOMPARE(d[0].color, std::string("#D43328"));
        QCOMPARE(d[0].on, (std::vector<std::string>{"adult", "child"}));
        QCOMPARE(d[1].on, (std::vector<std::string>{"body", "limb"}));
        QCOMPARE(d[2].on, (std::vector<std::string>{"word", "number"}));
        QCOMPARE(d[3].color, std::string("#20913E"));
        QCOMPARE(d[4].on, (std::vector<std::string>{"car", "instrument"}));
        QVERIFY(d[4].off.empty());
    }

    void parsesContrasts() {
        Contrast c = parseContrast(" Big : big_animal, big_object / small_animal ,small_object", 1);
        QCOMPARE(c.name, std::string("Big"));
        QCOMPARE(c.on, (std::vector<std::string>{"big_animal", "big_object"}));
        QCOMPARE(c.off, (std::vector<std::string>{"small_animal", "small_object"}));
        QVERIFY(c.color.size() == 7 && c.color[0] == '#');
        c = parseContrast("texform:texform");
        QVERIFY(c.off.empty());
        for (const char* bad : {"nocolon", ":a", "1x:a", "x:", "x:a,,b", "x:a/", "x:a/b/c", "x:a/a", "x:a,a",
                                "sp ace:a", "x:a/b,"}) {
            bool threw = false;
            try {
                parseContrast(bad);
            } catch (const std::invalid_argument& e) {
                threw = std::string(e.what()).find(bad) != std::string::npos;
            }
            QVERIFY2(threw, bad);
        }
        QCOMPARE(contrastKey("Big-Small"), std::string("big_small"));
    }

    void labelsAndResolution() {
        QTemporaryDir dir;
        const QString csv = dir.filePath("labels.csv");
        {
            std::ofstream f(csv.toStdString());
            f << "image,category\na.jpg,adult\nb.jpg,scrambled\nc.jpg,house\nd.jpg,child\ne.jpg,zebra\n";
        }
        const ImageLabels L = labelsFromCsv(csv.toStdString());
        QCOMPARE(L.categories, (std::vector<std::string>{"adult", "child", "house", "zebra"}));
        QCOMPARE(L.category, (std::vector<std::int32_t>{0, -1, 2, 1, 3}));
        QCOMPARE(L.excluded, std::int64_t{1});
        QVERIFY(!L.hasFlocCategories());
        // Default off = every other labelled category.
        const ResolvedContrast faces = resolveContrast(domainContrasts()[0], L);
        QCOMPARE(faces.contrast.off, (std::vector<std::string>{"house", "zebra"}));
        QCOMPARE(faces.onImages, std::int64_t{2});
        QCOMPARE(faces.offImages, std::int64_t{2});
        // Unknown names are refused with the known ones listed.
        try {
            resolveContrast(domainContrasts()[1], L);
            QFAIL("unknown category accepted");
        } catch (const std::invalid_argument& e) {
            const std::string m = e.what();
            QVERIFY2(m.find("Bodies") != std::string::npos && m.find("'body'") != std::string::npos &&
                         m.find("adult, child, house, zebra") != std::string::npos,
                     e.what());
        }
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, resolveContrast(parseContrast("x:adult/adult"), L));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 resolveContrast(parseContrast("x:adult,child,house,zebra"), L));  // nothing off
        // CSV problems are file errors naming the file.
        {
            std::ofstream f(dir.filePath("bad.csv").toStdString());
            f << "image,label\na.jpg,adult\n";
        }
        QVERIFY_THROWS_EXCEPTION(FileError, labelsFromCsv(dir.filePath("bad.csv").toStdString()));
        {
            std::ofstream f(dir.filePath("empty.csv").toStdString());
            f << "image,category\na.jpg,adult\nb.jpg,\n";
        }
        QVERIFY_THROWS_EXCEPTION(FileError, labelsFromCsv(dir.filePath("empty.csv").toStdString()));
    }

    // t by hand, TDANN's quirks included: n counts NaN images, zero variance gives 0, an empty side gives NaN.
    void tByHand() {
        const ImageLabels L = labelsFromNames({"adult", "adult", "adult", "house", "house", "car", "car"});
        const ResolvedContrast faces = resolveContrast(parseContrast("faces:adult"), L);
        const float nan = std::nanf("");
        const ResponseMatrix R = matrix({
            {2, 4, 9, 0, 1, 0, 1},          // on {2,4,9}: mean 5, var 26/3; off mean .5 var .25
            {2, 4, nan, 0, 1, 0, 1},        // on {2,4} but n_on = 3: t = 2.5 / sqrt(1/3 + .25/4)
            {5, 5, 5, 1, 1, 1, 1},          // constant sides: t = 0 although the means differ
            {nan, nan, nan, 0, 1, 0, 1},    // no finite "on" value: NaN
        });
        const auto t = tMaps(R, L, std::span(&faces, 1))[0];
        QVERIFY(std::fabs(t[0] - 4.5 / std::sqrt(26.0 / 9.0 + 0.0625)) < 1e-14);
        QVERIFY(std::fabs(t[1] - 2.5 * std::sqrt(48.0 / 19.0)) < 1e-14);
        QCOMPARE(t[2], 0.0);
        QVERIFY(std::isnan(t[3]));
        // The single-unit reference agrees.
        const std::vector<double> on{2, 4, kNaN}, off{0, 1, 0, 1};
        QVERIFY(std::fabs(tStatistic(on, off) - t[1]) < 1e-15);
        // Mean response over the labelled images.
        const auto m = meanResponse(categoryStats(R, L));
        QVERIFY(std::fabs(m[0] - 17.0 / 7.0) < 1e-14);
        QVERIFY(std::fabs(m[1] - 8.0 / 6.0) < 1e-14);
        // Image counts must agree.
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, categoryStats(ResponseMatrix(3, 2), L));
    }

    void tMapsMatchNumpy() {
        const Synthetic s = synthetic(11, 400, 9);
        const ImageLabels L = labelsFromNames(s.names);
        QVERIFY(L.hasFlocCategories());
        QCOMPARE(L.excluded, std::int64_t{9});
        std::vector<ResolvedContrast> rc;
        for (const auto& c : domainContrasts()) rc.push_back(resolveContrast(c, L));
        rc.push_back(resolveContrast(parseContrast("animate:adult,child,body,limb/car,instrument,house"), L));
        const auto t = tMaps(s.responses, L, rc);

        QTemporaryDir dir;
        testsupport::saveNpy(dir.filePath("R.npy"), s.responses.values, {s.responses.images, s.responses.units});
        testsupport::saveNpy(dir.filePath("labels.npy"), L.category, {L.images()});
        QJsonArray contrasts;
        for (const auto& c : rc) {
            QJsonArray on, off;
            for (auto i : c.on) on.append(i);
            for (auto i : c.off) off.append(i);
            contrasts.append(QJsonArray{on, off});
        }
        {
            QFile f(dir.filePath("contrasts.json"));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QJsonDocument(contrasts).toJson());
        }
        QString log;
        QVERIFY2(testsupport::itReference({"tmaps", dir.filePath("R.npy"), dir.filePath("labels.npy"),
                                           dir.filePath("contrasts.json"), dir.filePath("t.npy")},
                                          &log),
                 qPrintable(log));
        QVERIFY2(testsupport::itReference({"mean", dir.filePath("R.npy"), dir.filePath("labels.npy"), dir.filePath("m.npy")}, &log),
                 qPrintable(log));
        const auto want = testsupport::loadNpy(dir.filePath("t.npy"));
        QCOMPARE(want.size(), rc.size() * 400);
        double worst = 0;
        int zeros = 0;
        for (std::size_t c = 0; c < rc.size(); ++c)
            for (std::size_t u = 0; u < 400; ++u) {
                const double a = t[c][u], b = want[c * 400 + u];
                // Units at 1e4 ± 0.01 lose ~6 digits to cancellation in m_on − m_off in any float64 method.
                const bool illConditioned = u % 50 == 9;
                QVERIFY2(testsupport::close(a, b, illConditioned ? 1e-9 : 1e-13), qPrintable(QString("contrast %1 unit %2: %3 vs %4").arg(c).arg(u).arg(a, 0, 'g', 17).arg(b, 0, 'g', 17)));
                if (!std::isnan(b) && !illConditioned) worst = std::max(worst, std::fabs(a - b) / std::max(1.0, std::fabs(b)));
                zeros += b == 0.0 && a == 0.0;
            }
        QVERIFY(zeros >= 8 * static_cast<int>(rc.size()));  // the constant units
        qInfo("t-maps vs NumPy: worst relative difference %.3g (well-conditioned units)", worst);
        const auto mean = meanResponse(categoryStats(s.responses, L));
        const auto wantMean = testsupport::loadNpy(dir.filePath("m.npy"));
        for (std::size_t u = 0; u < 400; ++u) QVERIFY(testsupport::close(mean[u], wantMean[u], 1e-12));
    }

    // Sampled: the mean curves and smoothness agree with TDANN's algorithm (NumPy's generator) within sampling
    // error; units at or below the mean-response cut never enter a sample.
    void categorySmoothnessMatchesTdann() {
        Rng rng(4);
        const std::size_t N = 3000;
        std::vector<double> xy(2 * N), t(N), mean(N);
        for (std::size_t u = 0; u < N; ++u) {
            xy[2 * u] = rng.uniform(0, 40);
            xy[2 * u + 1] = rng.uniform(0, 40);
            t[u] = 10 * std::sin(xy[2 * u] / 5) * std::cos(xy[2 * u + 1] / 6) + rng.normal();
            mean[u] = rng.uniform(0, 1);
        }
        CategorySmoothnessParams p;
        p.cutoff = 20;
        std::vector<double> poisoned = t;  // units failing the cut carry absurd t: any leak shows
        for (std::size_t u = 0; u < N; ++u)
            if (!(mean[u] > p.minResponse)) poisoned[u] = 1e6;
        QCOMPARE(unitsAboveMinResponse(mean, p.minResponse), static_cast<std::int64_t>(std::count_if(mean.begin(), mean.end(), [](double m) { return m > 0.5; })));

        constexpr int kSeeds = 4;
        const std::size_t bins = 9;
        std::vector<std::vector<double>> curves, chance;
        std::vector<double> perSample;
        for (int s = 0; s < kSeeds; ++s) {
            p.seed = static_cast<std::uint64_t>(s);
            const SmoothnessResult r = categorySmoothness(poisoned, mean, xy, p);
            QCOMPARE(r.perSample.size(), std::size_t{25});
            QCOMPARE(r.binEdges.size(), std::size_t{10});
            QCOMPARE(r.binEdges.back(), 20.0);
            curves.insert(curves.end(), r.curves.begin(), r.curves.end());
            chance.insert(chance.end(), r.chanceCurves.begin(), r.chanceCurves.end());
            perSample.insert(perSample.end(), r.perSample.begin(), r.perSample.end());
            for (double v : r.meanCurve) QVERIFY(v < 100);
            if (s == 0) {  // deterministic from the seed
                const SmoothnessResult again = categorySmoothness(poisoned, mean, xy, p);
                QVERIFY(again.perSample == r.perSample && again.curves == r.curves);
            }
        }

        QTemporaryDir dir;
        testsupport::saveNpy(dir.filePath("xy.npy"), xy, {static_cast<std::int64_t>(N), 2});
        testsupport::saveNpy(dir.filePath("t.npy"), t, {static_cast<std::int64_t>(N)});
        testsupport::saveNpy(dir.filePath("m.npy"), mean, {static_cast<std::int64_t>(N)});
        {
            QFile f(dir.filePath("p.json"));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QJsonDocument(QJsonObject{{"samples", 25 * kSeeds}, {"unitsPerSample", p.unitsPerSample},
                                              {"minResponse", p.minResponse}, {"cutoff", p.cutoff},
                                              {"binEdges", p.binEdges}, {"seed", 424}})
                        .toJson());
        }
        QString log;
        QVERIFY2(testsupport::itReference({"catsmooth", dir.filePath("xy.npy"), dir.filePath("t.npy"), dir.filePath("m.npy"),
                                           dir.filePath("p.json"), dir.filePath("out.json")},
                                          &log),
                 qPrintable(log));
        const QJsonObject want = testsupport::loadJson(dir.filePath("out.json"));
        // Per bin: |mean_C++ − mean_NumPy| within 4 standard errors of the difference.
        auto compare = [&](const std::vector<std::vector<double>>& ours, const QJsonArray& theirs, const char* what) {
            for (std::size_t b = 0; b < bins; ++b) {
                double m1 = 0, v1 = 0, m2 = 0, v2 = 0;
                const double n = static_cast<double>(ours.size());
                for (const auto& c : ours) m1 += c[b] / n;
                for (const auto& c : ours) v1 += (c[b] - m1) * (c[b] - m1) / (n - 1);
                for (const auto& c : theirs) m2 += testsupport::num(c.toArray()[int(b)]) / n;
                for (const auto& c : theirs) {
                    const double d = testsupport::num(c.toArray()[int(b)]) - m2;
                    v2 += d * d / (n - 1);
                }
                const double se = std::sqrt(v1 / n + v2 / n);
                QVERIFY2(std::fabs(m1 - m2) <= 4 * se + 1e-12,
                         qPrintable(QString("%1 bin %2: %3 vs %4 (se %5)").arg(what).arg(b).arg(m1).arg(m2).arg(se)));
            }
        };
        QCOMPARE(want["curves"].toArray().size(), 25 * kSeeds);
        compare(curves, want["curves"].toArray(), "curve");
        compare(chance, want["chance"].toArray(), "chance");
        double ours = 0, theirs = 0, var = 0;
        for (double s : perSample) ours += s / static_cast<double>(perSample.size());
        for (double s : perSample) var += (s - ours) * (s - ours) / static_cast<double>(perSample.size() - 1);
        for (const auto& s : want["perSample"].toArray()) theirs += s.toDouble() / static_cast<double>(perSample.size());
        QVERIFY2(std::fabs(ours - theirs) <= 4 * std::sqrt(2 * var / static_cast<double>(perSample.size())),
                 qPrintable(QString("smoothness %1 vs %2").arg(ours).arg(theirs)));
        qInfo("category smoothness over %zu samples: %.4f (TopoSpike) vs %.4f (TDANN's algorithm, NumPy)", perSample.size(), ours, theirs);
        QVERIFY(ours > 0.3);  // a smooth map: |Δt| grows with distance
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, categorySmoothness(t, std::vector<double>(N - 1), xy, p));
    }

    // analyzeIt assembles the parts: its t-maps, patches, smoothness and overlap are those of the functions.
    void analyzeItAssemblesParts() {
        const Synthetic s = synthetic(12, 900, 6);
        const ImageLabels L = labelsFromNames(s.names);
        Rng rng(3);
        std::vector<double> xy(2 * 900);
        for (auto& v : xy) v = rng.uniform(0, 50);
        ItParams p;
        p.smoothness.samples = 3;
        p.smoothness.unitsPerSample = 100;
        p.smoothness.cutoff = 20;
        std::vector<std::int64_t> steps;
        const ItResult r = analyzeIt(s.responses, L, xy, p, [&](std::int64_t done, std::int64_t total) {
            steps.push_back(done);
            QCOMPARE(total, std::int64_t{12});
        });
        QCOMPARE(steps.size(), std::size_t{12});
        QCOMPARE(r.contrasts.size(), std::size_t{5});
        QCOMPARE(r.imagesUsed, std::int64_t{60});
        std::vector<std::vector<double>> maps;
        for (const auto& a : r.contrasts) maps.push_back(a.t);
        QVERIFY(mapCorrelation(maps) == r.correlation);
        const auto faces = resolveContrast(domainContrasts()[0], L);
        QVERIFY(r.contrasts[0].t == tMap(categoryStats(s.responses, L), faces));
        QVERIFY(r.contrasts[2].patches.unitPatch == findPatches(xy, r.contrasts[2].t, p.patches).unitPatch);
        const SmoothnessResult sm = categorySmoothness(r.contrasts[1].t, r.meanResponse, xy, p.smoothness);
        QVERIFY(sm.perSample == r.contrasts[1].smoothness.perSample);
        QCOMPARE(r.colocalization.scores.size(), std::size_t{7});

        CancelToken cancel;
        cancel.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, analyzeIt(s.responses, L, xy, p, {}, &cancel));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, analyzeIt(s.responses, L, std::vector<double>(10), p));
        // Labels without fLoc categories need explicit contrasts.
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, itContrasts(labelsFromNames({"a", "b"}), {}));
        QCOMPARE(itContrasts(labelsFromNames({"a", "b"}), {parseContrast("x:a")}).size(), std::size_t{1});
    }

    void pearsonAndSpearman() {
        const std::vector<double> a{1, 2, 3, 4, 5}, b{2, 4, 6, 8, 10.5}, tied{1, 1, 2, 2, 3}, flat{3, 3, 3, 3, 3};
        QVERIFY(std::fabs(pearson(a, a) - 1.0) < 1e-15);
        QVERIFY(std::fabs(pearson(a, b) - 0.9988681377244374) < 1e-15);  // np.corrcoef
        QVERIFY(std::isnan(pearson(a, flat)));
        QCOMPARE(spearman(a, b), 1.0);
        // Average ranks of {1,1,2,2,3} are {1.5,1.5,3.5,3.5,5}: Pearson with 1..5 is 0.9486832980505138 (scipy).
        QVERIFY(std::fabs(spearman(a, tied) - 0.9486832980505138) < 1e-15);
    }

    void overlapMatchesNumpy_data() {
        QTest::addColumn<double>("side");
        QTest::newRow("random sheet 47.3 mm") << 47.3;
        QTest::newRow("sheet of exactly 35 mm") << 35.0;
    }
    void overlapMatchesNumpy() {
        QFETCH(double, side);
        Rng rng(5);
        const std::size_t N = 3000, C = 4;
        std::vector<double> xy(2 * N);
        for (std::size_t u = 0; u < N; ++u) {
            xy[2 * u] = rng.uniform(0, side);
            xy[2 * u + 1] = rng.uniform(0, side);
        }
        xy[0] = 0; xy[1] = 0; xy[2] = side; xy[3] = side;  // exact extent (edge units on shared window borders)
        std::vector<std::vector<double>> maps(C, std::vector<double>(N));
        for (std::size_t u = 0; u < N; ++u) {
            const double f = 6 * std::sin(xy[2 * u] / 6) + 4 * std::cos(xy[2 * u + 1] / 5);
            maps[0][u] = f + rng.normal();
            maps[1][u] = 0.7 * f + 2 * rng.normal();
            maps[2][u] = -f + rng.normal();
            maps[3][u] = 3 * rng.normal();
        }
        maps[2][17] = kNaN;  // dropped from the correlations of every pair, as TDANN's RSM does
        const auto rsm = mapCorrelation(maps);
        const auto coloc = colocalization(xy, maps);

        QTemporaryDir dir;
        std::vector<double> flat;
        for (const auto& m : maps) flat.insert(flat.end(), m.begin(), m.end());
        testsupport::saveNpy(dir.filePath("xy.npy"), xy, {static_cast<std::int64_t>(N), 2});
        testsupport::saveNpy(dir.filePath("maps.npy"), flat, {static_cast<std::int64_t>(C), static_cast<std::int64_t>(N)});
        QString log;
        QVERIFY2(testsupport::itReference({"overlap", dir.filePath("xy.npy"), dir.filePath("maps.npy"), dir.filePath("o.json")}, &log),
                 qPrintable(log));
        const QJsonObject want = testsupport::loadJson(dir.filePath("o.json"));
        for (std::size_t i = 0; i < C; ++i)
            for (std::size_t j = 0; j < C; ++j)
                QVERIFY(testsupport::close(rsm[i * C + j], testsupport::num(want["pearson"].toArray()[int(i)].toArray()[int(j)]), 1e-12));
        QVERIFY(rsm[0 * C + 2] < -0.5 && rsm[0 * C + 1] > 0.5);
        QCOMPARE(coloc.windows, static_cast<std::int64_t>(want["windows"].toInt()));
        QVERIFY(coloc.windows >= 16);
        int nanScores = 0;
        for (std::size_t k = 0; k < coloc.params.thresholds.size(); ++k) {
            for (std::size_t m = 0; m < C; ++m)
                for (std::size_t w = 0; w < static_cast<std::size_t>(coloc.windows); ++w)
                    QCOMPARE(coloc.fractions[k][m][w], want["fractions"].toArray()[int(k)].toArray()[int(m)].toArray()[int(w)].toDouble());
            for (std::size_t i = 0; i < C; ++i)
                for (std::size_t j = 0; j < C; ++j) {
                    const double a = coloc.scores[k][i * C + j];
                    const double b = testsupport::num(want["coloc"].toArray()[int(k)].toArray()[int(i)].toArray()[int(j)]);
                    QVERIFY2(testsupport::close(a, b, 1e-12), qPrintable(QString("thr %1 pair %2,%3: %4 vs %5").arg(k).arg(i).arg(j).arg(a).arg(b)));
                    nanScores += std::isnan(a);
                }
        }
        QVERIFY(nanScores > 0);  // at t > 12 some maps have no unit above threshold: ρ undefined, as in SciPy
        QVERIFY(coloc.scores[0][0 * C + 1] > 0.7 && coloc.scores[0][0 * C + 2] < 0.5);
    }
};

QTEST_GUILESS_MAIN(TestIt)
#include "test_it.moc"
