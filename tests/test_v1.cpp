// V1 analyses: grating labels, tuning curves, normalisation, preferences, masks and the whole analyzeV1 — by hand
// on planted tuning, and against a NumPy/SciPy re-implementation of TDANN's computations on seeded data.
#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <tbb/global_control.h>

#include <cmath>
#include <fstream>
#include <numbers>

#include "support/expect_error.hpp"
#include "support/v1_reference.hpp"
#include "topospike/analysis/grating_labels.hpp"
#include "topospike/analysis/statistics.hpp"
#include "topospike/analysis/tuning.hpp"
#include "topospike/analysis/v1_analysis.hpp"
#include "topospike/analysis/v1_preferences.hpp"
#include "topospike/analysis/von_mises.hpp"
#include "topospike/io/npy.hpp"
#include "topospike/stimuli/gratings.hpp"

using namespace topospike;
using namespace topospike::analysis;

namespace {

// Labels of a full factorial grating set with the given factor levels (orientation > sf > phase > colour).
GratingLabels factorialLabels(const std::vector<double>& oris, const std::vector<double>& sfs, int phases, int colors) {
    GratingLabels l;
    l.source = "test labels";
    for (double o : oris)
        for (double s : sfs)
            for (int p = 0; p < phases; ++p)
                for (int c = 0; c < colors; ++c) l.push(o, s, p * 1.25, c);
    return l;
}

const std::vector<double> kOris = {0, 22.5, 45, 67.5, 90, 112.5, 135, 157.5};
const std::vector<double> kSfs = {5.5, 18.5625, 31.625, 44.6875, 57.75, 70.8125, 83.875, 96.9375};

void writeText(const QString& path, const std::string& text) {
    std::ofstream(path.toStdString(), std::ios::binary) << text;
}

bool closeRel(double a, double b, double rtol, double atol = 0.0) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    return std::fabs(a - b) <= atol + rtol * std::max(std::fabs(a), std::fabs(b));
}

// Largest relative difference of two arrays (NaN positions must agree, else +inf).
double maxRelDiff(const std::vector<double>& a, const std::vector<double>& b, double floor = 1e-300) {
    if (a.size() != b.size()) return INFINITY;
    double worst = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::isnan(a[i]) || std::isnan(b[i])) {
            if (!(std::isnan(a[i]) && std::isnan(b[i]))) return INFINITY;
            continue;
        }
        worst = std::max(worst, std::fabs(a[i] - b[i]) / std::max({std::fabs(a[i]), std::fabs(b[i]), floor}));
    }
    return worst;
}

ResponseMatrix readRef(const QString& dir, std::vector<double>* coordinates = nullptr) {
    ResponseMatrix r = readResponses((dir + "/responses.npy").toStdString());
    if (coordinates) *coordinates = io::readNpy((dir + "/positions.npy").toStdString()).tensor.toDouble();
    return r;
}

}  // namespace

class TestV1 : public QObject {
    Q_OBJECT
private slots:
    // ------------------------------------------------------------------ labels
    void labelsFromCsv() {
        QTemporaryDir dir;
        const QString ok = dir.filePath("ok.csv");
        writeText(ok, "file,angle,sf,phase,colour,extra\na.png,22.5,5.5,0,bw,x\nb.png,45,18.56,1.3,color,y\nc.png,0,5.5,0,1,z\n");
        const GratingLabels l = readGratingLabels(ok.toStdString(), 3);
        QCOMPARE(l.images(), 3);
        QCOMPARE(l.orientation[1], 45.0);
        QCOMPARE(l.sf[1], 18.56);
        QCOMPARE(l.phase[1], 1.3);
        QCOMPARE(l.color[0], 0.0);
        QCOMPARE(l.color[1], 1.0);
        QCOMPARE(l.color[2], 1.0);

        const QString missing = dir.filePath("missing.csv");
        writeText(missing, "orientation,sf,color\n0,5.5,0\n");
        testsupport::expectFileError([&] { readGratingLabels(missing.toStdString()); }, "phase");
        const QString bad = dir.filePath("bad.csv");
        writeText(bad, "orientation,sf,phase,color\n0,5.5,0,0\nabc,5.5,0,0\n");
        testsupport::expectFileError([&] { readGratingLabels(bad.toStdString()); }, "line 3");
        const QString badColor = dir.filePath("badcolor.csv");
        writeText(badColor, "orientation,sf,phase,color\n0,5.5,0,purple\n");
        testsupport::expectFileError([&] { readGratingLabels(badColor.toStdString()); }, "purple");
        testsupport::expectFileError([&] { readGratingLabels(ok.toStdString(), 640); }, "640");
        const QString empty = dir.filePath("empty.csv");
        writeText(empty, "orientation,sf,phase,color\n");
        testsupport::expectFileError([&] { readGratingLabels(empty.toStdString()); }, "no rows");
    }

    void labelsFromStimuliAndNames() {
        const auto set = stimuli::tdannGratingSet(8);
        const GratingLabels l = gratingLabels(set);
        QCOMPARE(l.images(), 640);
        QCOMPARE(distinctLevels(l.orientation).size(), std::size_t(8));
        QCOMPARE(distinctLevels(l.sf).size(), std::size_t(8));
        QCOMPARE(distinctLevels(l.color), (std::vector<double>{0.0, 1.0}));
        std::vector<std::string> names;
        for (const auto& g : set) names.push_back("images/" + g.name + ".png");
        const GratingLabels fromNames = gratingLabelsFromNames(names, "names");
        for (std::size_t i = 0; i < set.size(); ++i) {
            QVERIFY(std::fabs(fromNames.orientation[i] - l.orientation[i]) <= 0.05);
            QVERIFY(std::fabs(fromNames.sf[i] - l.sf[i]) <= 0.005);
            QCOMPARE(fromNames.color[i], l.color[i]);
        }
        // TDANN's own file names carry a prefix before the four parts.
        const GratingLabels t = parseGratingName("/data/sine/img_157.5deg_96.9sf_5.0phase_color.jpg");
        QCOMPARE(t.orientation[0], 157.5);
        QCOMPARE(t.sf[0], 96.9);
        QCOMPARE(t.phase[0], 5.0);
        QCOMPARE(t.color[0], 1.0);
        QCOMPARE(parseGratingName("0.0deg_5.5sf_0.0phase_bw").color[0], 0.0);
        testsupport::expectFileError([] { parseGratingName("cat_photo.jpg"); }, "grating name");
        testsupport::expectFileError([] { parseGratingName("xdeg_5.5sf_0.0phase_bw.png"); }, "grating name");
    }

    // ------------------------------------------------------------------ planted tuning
    void plantedTuning() {
        // Unit 0: cosine orientation tuning peaking at 45 degrees, flat in SF and colour.
        // Unit 1: prefers SF level 5 and colour; unit 2: ties in SF (levels 2 and 6) -> first; unit 3 silent.
        const GratingLabels labels = factorialLabels(kOris, kSfs, 2, 2);
        ResponseMatrix R(labels.images(), 4);
        for (std::int64_t i = 0; i < R.images; ++i) {
            const auto k = static_cast<std::size_t>(i);
            const double theta = labels.orientation[k] * std::numbers::pi / 180.0;
            R.values[static_cast<std::size_t>(i * 4 + 0)] = static_cast<float>(1.0 + 0.5 * std::cos(2.0 * (theta - std::numbers::pi / 4.0)));
            const bool sf5 = labels.sf[k] == kSfs[5];
            R.values[static_cast<std::size_t>(i * 4 + 1)] = (sf5 ? 2.0f : 1.0f) + (labels.color[k] == 1.0 ? 0.5f : 0.0f);
            const bool tie = labels.sf[k] == kSfs[2] || labels.sf[k] == kSfs[6];
            R.values[static_cast<std::size_t>(i * 4 + 2)] = tie ? 3.0f : 1.0f;
            R.values[static_cast<std::size_t>(i * 4 + 3)] = 0.0f;
        }
        NormalizationParams raw;
        raw.enabled = false;
        const TuningResult t = computeTuning(R, labels, raw);
        QCOMPARE(t.orientation.levels, kOris);
        QCOMPARE(t.color.levels, (std::vector<double>{0.0, 1.0}));
        QVERIFY(std::fabs(t.orientation.curve(0)[2] - 1.5) < 1e-7);  // peak at 45
        QVERIFY(std::fabs(t.orientation.curve(0)[6] - 0.5) < 1e-7);  // trough at 135

        const OrientationPreferences vs = vectorSumPreferences(t.orientation);
        QVERIFY2(std::fabs(vs.preferenceDeg[0] - 45.0) < 1e-6, qPrintable(QString::number(vs.preferenceDeg[0], 'g', 17)));
        // |z| = 0.5 * 8 / 2 = 2, sum = 8 -> selectivity 0.25 (= 1 - circular variance).
        QVERIFY(std::fabs(vs.selectivity[0] - 0.25) < 1e-7);
        QVERIFY(std::isnan(vs.selectivity[3]));  // sums to 0: NaN as in TDANN
        QCOMPARE(vs.preferenceDeg[3], 0.0);
        QVERIFY(std::fabs(vs.selectivity[1]) < 1e-7);  // flat in orientation

        const OrientationPreferences vm = vonMisesPreferences(t.orientation);
        // Symmetric about 45 degrees: the nearest point of linspace(0, 180, 50) is 12 * 180/49.
        QCOMPARE(vm.preferenceDeg[0], 12 * (180.0 / 49.0));
        QCOMPARE(vm.failedFits, std::int64_t(0));

        const auto sf = argmaxPreferences(t.sf);
        QCOMPARE(sf[1], 5);
        QCOMPARE(sf[2], 2);  // first of the tied maxima, as numpy.argmax
        QCOMPARE(sf[3], 0);
        const auto color = argmaxPreferences(t.color);
        QCOMPARE(color[1], 1);
        QCOMPARE(color[0], 0);
    }

    void normalisationAndMasks() {
        const GratingLabels labels = factorialLabels({0, 90}, {5.5}, 1, 1);
        // Responses (image 0; image 90): unit 0 (-1; -1), 1 (0; 0), 2 (0; 1), 3 (0; 3), 4 (0; 7). The global minimum
        // -1 is subtracted: maxima 0, 1, 2, 4, 8 -> median 2; orientation ptp 0, 0, 1, 3, 7 (times the scale).
        ResponseMatrix R(2, 5);
        const float second[5] = {-1, 0, 1, 3, 7};
        for (int u = 0; u < 5; ++u) R.values[static_cast<std::size_t>(5 + u)] = second[u];
        R.values[0] = -1;
        const TuningResult t = computeTuning(R, labels);
        QCOMPARE(t.normalization.shift, -1.0);
        QCOMPARE(t.normalization.medianPeak, 2.0);
        QCOMPARE(t.normalization.scale, kRingachMedianPeakRate / 2.0);
        QVERIFY(std::fabs(t.orientation.curve(2)[1] - kRingachMedianPeakRate) < 1e-12);
        QVERIFY(std::fabs(t.meanResponse[4] - 4.5 * kRingachMedianPeakRate / 2.0) < 1e-12);
        // 75th percentile of 5 values: index 3 exactly -> the 4th sorted ptp; strict ">" keeps only unit 4.
        const PercentileMask m = peakToPeakMask(t.orientation, 75.0);
        QCOMPARE(m.count, std::int64_t(1));
        QCOMPARE(m.mask, (std::vector<std::uint8_t>{0, 0, 0, 0, 1}));
        QCOMPARE(m.cutoff, m.peakToPeak[3]);
        // Interpolated percentile: 60% of 4 = 2.4 -> between the 3rd and 4th sorted values.
        const std::vector<double> v = {4, 0, 2, 1, 8};
        QCOMPARE(scoreAtPercentile(v, 60.0), (2.0 * (3 - 2.4) + 4.0 * (2.4 - 2)) / ((3 - 2.4) + (2.4 - 2)));
        QCOMPARE(median(v), 2.0);
        QCOMPARE(median(std::vector<double>{1, 4, 2, 3}), 2.5);

        // Most units silent: TDANN would divide by zero; the scale is skipped and said so.
        ResponseMatrix silent(2, 3);
        silent.values[0] = 1.0f;
        const TuningResult s = computeTuning(silent, labels);
        QCOMPARE(s.normalization.scale, 1.0);
        QVERIFY(!s.note.empty());
    }

    void refusesBadInput() {
        const GratingLabels labels = factorialLabels(kOris, {5.5}, 1, 1);
        ResponseMatrix R(8, 3);
        testsupport::expectFileError([&] { computeTuning(ResponseMatrix(7, 3), labels); }, "7");
        R.values[4] = NAN;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computeTuning(R, labels));
        R.values[4] = 0;
        const std::vector<double> coords(4, 0.0);  // 2 positions for 3 units
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, analyzeV1(R, labels, coords));
    }

    // ------------------------------------------------------------------ against the NumPy/SciPy reference
    void matchesReference() {
        QTemporaryDir dir;
        const QString d = dir.path();
        QString log;
        QVERIFY2(testsupport::runV1Reference({"make", d, "6000", "7"}, &log), qPrintable(log));
        QVERIFY2(testsupport::runV1Reference({"reference", d, "--von-mises"}, &log), qPrintable(log));
        const auto ref = io::NpzFile::open((d + "/reference.npz").toStdString());
        const ResponseMatrix R = readRef(d);
        const GratingLabels labels = readGratingLabels((d + "/labels.csv").toStdString(), R.images);
        const TuningResult t = computeTuning(R, labels);

        QVERIFY(closeRel(t.normalization.shift, testsupport::npzDoubles(ref, "shift")[0], 0.0));
        QVERIFY(closeRel(t.normalization.medianPeak, testsupport::npzDoubles(ref, "median_peak")[0], 1e-15));
        QVERIFY(closeRel(t.normalization.scale, testsupport::npzDoubles(ref, "scale")[0], 1e-15));
        const std::pair<const TuningCurves*, const char*> metrics[3] = {
            {&t.orientation, "orientation"}, {&t.sf, "sf"}, {&t.color, "color"}};
        for (const auto& [tc, name] : metrics) {
            const std::string n = name;
            QCOMPARE(tc->levels, testsupport::npzDoubles(ref, "levels_" + n));
            const double tcDiff = maxRelDiff(tc->values, testsupport::npzDoubles(ref, "tc_" + n), 1e-9);
            QVERIFY2(tcDiff < 1e-12, qPrintable(QString("tuning %1: %2").arg(name).arg(tcDiff)));
            const PercentileMask m = peakToPeakMask(*tc, 75.0);
            QVERIFY(maxRelDiff(m.peakToPeak, testsupport::npzDoubles(ref, "ptp_" + n), 1e-9) < 1e-11);
            QVERIFY(closeRel(m.cutoff, testsupport::npzDoubles(ref, "cutoff_" + n)[0], 1e-11));
            const auto refMask = testsupport::npzDoubles(ref, "mask_" + n);
            std::int64_t differ = 0;
            for (std::size_t u = 0; u < refMask.size(); ++u) differ += (refMask[u] != 0) != (m.mask[u] != 0);
            QCOMPARE(differ, std::int64_t(0));
        }
        QVERIFY(maxRelDiff(t.meanResponse, testsupport::npzDoubles(ref, "mean_response"), 1e-9) < 1e-12);

        const OrientationPreferences vs = vectorSumPreferences(t.orientation);
        const auto refPref = testsupport::npzDoubles(ref, "vs_pref"), refSel = testsupport::npzDoubles(ref, "vs_sel");
        double prefDiff = 0.0;
        for (std::size_t u = 0; u < refPref.size(); ++u) {
            // Silent units (NaN) and flat ones (|z| is rounding noise, its angle arbitrary) have no preference.
            if (std::isnan(refSel[u]) || refSel[u] < 1e-9) continue;
            double dd = std::fabs(vs.preferenceDeg[u] - refPref[u]);
            prefDiff = std::max(prefDiff, std::min(dd, 180.0 - dd));
        }
        QVERIFY2(prefDiff < 1e-9, qPrintable(QString::number(prefDiff)));
        QVERIFY(maxRelDiff(vs.selectivity, refSel, 1.0) < 1e-13);  // absolute: selectivity is in [0, 1]

        // Argmax: identical, except where two levels tie in the raw data. TopoSpike averages raw responses (exact
        // ties stay exact) and picks the first maximum; NumPy's normalise-then-average rounding can break such a tie
        // either way. Every difference must be such a tie, with TopoSpike on the lower index.
        auto checkArgmax = [&](const TuningCurves& tc, const std::string& name) {
            const auto mine = argmaxPreferences(tc);
            const auto theirs = testsupport::npzDoubles(ref, name + "_pref");
            const auto refTc = testsupport::npzDoubles(ref, "tc_" + (name == "sf" ? std::string("sf") : std::string("color")));
            const std::size_t L = tc.levelCount();
            std::int64_t ties = 0;
            for (std::size_t u = 0; u < mine.size(); ++u) {
                const auto a = static_cast<std::size_t>(mine[u]), b = static_cast<std::size_t>(theirs[u]);
                if (a == b) continue;
                ++ties;
                QVERIFY2(a < b && tc.curve(static_cast<std::int64_t>(u))[a] == tc.curve(static_cast<std::int64_t>(u))[b] &&
                             closeRel(refTc[u * L + a], refTc[u * L + b], 1e-13),
                         qPrintable(QString("%1 unit %2: %3 vs %4").arg(name.c_str()).arg(u).arg(a).arg(b)));
            }
            qInfo("%s argmax: %lld of %zu units differ from NumPy, all exact ties broken by rounding in NumPy",
                  name.c_str(), static_cast<long long>(ties), mine.size());
        };
        checkArgmax(t.sf, "sf");
        checkArgmax(t.color, "color");

        // Von Mises: the same fit procedure as scipy's curve_fit; count agreement on the 50-point grid.
        const OrientationPreferences vm = vonMisesPreferences(t.orientation);
        const auto refVm = testsupport::npzDoubles(ref, "vm_pref");
        // Flat curves (silent units included, which the shift makes flat and positive) leave x0 undetermined, so
        // both fits stop wherever rounding takes them; they never pass the masks and are counted apart.
        std::int64_t tuned = 0, exact = 0, modulo = 0, neighbour = 0, masked = 0, maskedExact = 0, flat = 0, flatSame = 0;
        const PercentileMask oriMask = peakToPeakMask(t.orientation, 75.0);
        const double step = 180.0 / 49.0;
        for (std::size_t u = 0; u < refVm.size(); ++u) {
            const double dd = std::fabs(vm.preferenceDeg[u] - refVm[u]);
            const double circ = std::min(dd, 180.0 - dd);
            if (oriMask.peakToPeak[u] == 0.0) {
                ++flat;
                flatSame += circ < 1e-9;
                continue;
            }
            ++tuned;
            exact += dd < 1e-9;
            modulo += circ < 1e-9;
            neighbour += circ < step + 1e-9;
            if (oriMask.mask[u]) {
                ++masked;
                maskedExact += circ < 1e-9;
            }
        }
        const auto n = static_cast<double>(tuned);
        qInfo("von Mises vs scipy over %lld tuned units: identical grid angle %.3f%%, identical modulo 180 %.3f%%, "
              "within one grid step %.3f%%; masked units (%lld) identical modulo 180 %.3f%%; flat units %lld "
              "(identical %lld); failed fits %lld",
              static_cast<long long>(tuned), 100.0 * exact / n, 100.0 * modulo / n, 100.0 * neighbour / n,
              static_cast<long long>(masked), 100.0 * maskedExact / masked, static_cast<long long>(flat),
              static_cast<long long>(flatSame), static_cast<long long>(vm.failedFits));
        QVERIFY(modulo / n >= 0.99);
        QVERIFY(neighbour / n >= 0.999);
        QVERIFY(double(maskedExact) / masked >= 0.995);
    }

    // ------------------------------------------------------------------ the whole analysis
    void analyzeV1DeterministicAndThreadIndependent() {
        QTemporaryDir dir;
        const QString d = dir.path();
        QString log;
        QVERIFY2(testsupport::runV1Reference({"make", d, "3000", "3", "--rectified"}, &log), qPrintable(log));
        std::vector<double> coords;
        const ResponseMatrix R = readRef(d, &coords);
        const GratingLabels labels = readGratingLabels((d + "/labels.csv").toStdString(), R.images);
        V1Params p;
        p.smoothness.seed = 42;
        p.smoothness.unitsPerSample = 500;
        const V1Analysis a = analyzeV1(R, labels, coords, p);
        QCOMPARE(a.orientationSmoothness.params.seed, std::uint64_t(42));
        QCOMPARE(a.sfSmoothness.params.seed, std::uint64_t(43));
        QCOMPARE(a.units, std::int64_t(3000));
        QCOMPARE(a.orientationMask.count, a.orientationSmoothness.poolSize);
        QVERIFY(a.orientationSmoothness.smoothness > 0.5);  // the planted map is smooth
        QVERIFY(a.sfSmoothness.smoothness > 0.5);
        QVERIFY(a.colorSmoothness.smoothness > 0.5);
        std::int64_t histTotal = 0;
        for (auto c : a.histograms.orientationMasked) histTotal += c;
        QCOMPARE(histTotal, a.orientationMask.count);
        QCOMPARE(a.sfPreferenceCpd[0], a.tuning.sf.levels[static_cast<std::size_t>(a.sfPreference[0])] / 8.0);

        const V1Analysis again = analyzeV1(R, labels, coords, p);
        QCOMPARE(again.orientationSmoothness.perSample, a.orientationSmoothness.perSample);
        QCOMPARE(again.colorSmoothness.chanceCurves, a.colorSmoothness.chanceCurves);
        {
            tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
            const V1Analysis serial = analyzeV1(R, labels, coords, p);
            QCOMPARE(serial.tuning.orientation.values, a.tuning.orientation.values);
            QCOMPARE(serial.orientation.preferenceDeg, a.orientation.preferenceDeg);
            QCOMPARE(serial.orientationSmoothness.curves, a.orientationSmoothness.curves);
            QCOMPARE(serial.sfSmoothness.chanceCurves, a.sfSmoothness.chanceCurves);
            QCOMPARE(serial.colorSmoothness.smoothness, a.colorSmoothness.smoothness);
        }
        V1Params other = p;
        other.smoothness.seed = 7;
        QVERIFY(analyzeV1(R, labels, coords, other).orientationSmoothness.perSample !=
                a.orientationSmoothness.perSample);

        // TDANN's published Fig. 2 variant: orientation differences drawn from the SF / colour masks.
        V1Params fig2 = p;
        fig2.publishedFig2Variant = true;
        const V1Analysis f = analyzeV1(R, labels, coords, fig2);
        QCOMPARE(f.orientationSmoothness.curves, a.orientationSmoothness.curves);
        SmoothnessParams sp = p.smoothness;
        sp.seed = 43;
        const SmoothnessResult expect = differenceOverDistance(a.orientation.preferenceDeg, coords,
                                                               a.sfMask.indices(), Difference::Orientation180, sp);
        QCOMPARE(f.sfSmoothness.curves, expect.curves);
        QVERIFY(f.sfSmoothness.meanCurve != a.sfSmoothness.meanCurve);
    }
};

QTEST_GUILESS_MAIN(TestV1)
#include "test_v1.moc"
