// Colour modes: the per-unit numbers, scales and messages sheetValues() gives the sheet view, colorbar and figures.

#include <QtTest>
#include <cmath>
#include <set>
#include <stdexcept>

#include "common/color_modes.hpp"

using namespace topospike;
using app::ColorMode;

namespace {

constexpr std::int64_t kUnits = 4;  // C = 2, H = 1, W = 2
constexpr int kT = 4;

// Spikes [T][unit] in CHW unit order, stored NHWC as the engine hands them over.
run::LayerRecord record(const std::vector<std::vector<float>>& perStep, const std::vector<float>& membrane = {}) {
    const int C = 2, H = 1, W = 2;
    auto nhwc = [&](const std::vector<float>& tu) {
        std::vector<float> out(tu.size());
        for (int t = 0; t < kT; ++t)
            for (int c = 0; c < C; ++c)
                for (int w = 0; w < W; ++w) {
                    const auto nhwcIndex = static_cast<std::size_t>((t * W + w) * C + c);
                    out[nhwcIndex] = tu[static_cast<std::size_t>(t * kUnits + c * W + w)];
                }
        return out;
    };
    std::vector<float> flat;
    for (const auto& step : perStep) flat.insert(flat.end(), step.begin(), step.end());
    const auto data = nhwc(flat);
    auto r = run::LayerRecord::fromNhwc("layer4.1", data.data(), kT, C, H, W);
    if (!membrane.empty()) r.setMembraneFromNhwc(nhwc(membrane).data());
    return r;
}

// Unit 0 fires at every step, unit 1 at t = 1 and 3, unit 2 never, unit 3 at t = 2.
run::LayerRecord liveRecord(const std::vector<float>& membrane = {}) {
    return record({{1, 0, 0, 0}, {1, 1, 0, 0}, {1, 0, 0, 1}, {1, 1, 0, 0}}, membrane);
}

app::LayerMaps gratingMaps() {
    app::LayerMaps m;
    m.layer = "layer4.1";
    m.units = kUnits;
    m.sfLevels = {0.6875, 2.0, 5.0, 12.03125};
    m.orientationDeg = {10, 45, 90, 170};
    m.orientationPtp = {1, 2, 3, 4};
    m.sfCpd = {0.6875, 2.0, 5.0, 12.0};
    m.sfPtp = {4, 3, 2, 1};
    m.colorPreference = {0, 1, 1, 0};
    m.colorPtp = {1, 1, 2, 2};
    m.meanRate = {0.1f, 0.2f, 0.3f, 0.4f};
    m.entropy = {0.5f, 0.6f, 0.7f, 0.8f};
    return m;
}

app::LayerMaps categoryMaps() {
    app::LayerMaps m;
    m.layer = "layer4.1";
    m.units = kUnits;
    m.tValues = {{12, 3, 11, -20},   // row 0
                 {15, 2, 9, -1},     // row 1
                 {1, 25, 10.5, -3}}; // row 2
    m.meanRate = {0.4f, 0.3f, 0.2f, 0.1f};
    return m;
}

app::ColorRequest request(ColorMode mode) {
    app::ColorRequest r;
    r.mode = mode;
    return r;
}

bool allNaN(const std::vector<float>& v) {
    return std::all_of(v.begin(), v.end(), [](float x) { return std::isnan(x); });
}

}  // namespace

class TestColorModes : public QObject {
    Q_OBJECT
private slots:
    void tableCoversEveryMode() {
        const auto& modes = app::colorModes();
        QCOMPARE(modes.size(), std::size_t{9});
        std::set<std::string> keys;
        for (const auto& m : modes) {
            keys.insert(m.key);
            QCOMPARE(&app::colorModeInfo(m.mode), &m);
            QVERIFY(!app::sheetValues(request(m.mode), kUnits, nullptr, nullptr, nullptr).scale.colormap.empty());
        }
        QCOMPARE(keys.size(), modes.size());
        QCOMPARE(std::string(app::colorModeInfo(ColorMode::Orientation).defaultColormap), std::string("nauhaus"));
        QVERIFY(app::colorModeInfo(ColorMode::SpikesNow).perTimestep);
        QVERIFY(!app::colorModeInfo(ColorMode::FiringRate).perTimestep);
        QVERIFY(app::colorModeInfo(ColorMode::SpatialFrequency).needsGratingMaps);
        QVERIFY(app::colorModeInfo(ColorMode::Categories).needsCategoryMaps);
    }

    void parseRoundTrips() {
        for (const auto& m : app::colorModes()) {
            QCOMPARE(app::parseColorMode(m.key), std::optional<ColorMode>(m.mode));
            QString upper = QString::fromLatin1(m.key).toUpper();
            QCOMPARE(app::parseColorMode(upper.toStdString()), std::optional<ColorMode>(m.mode));
        }
        QVERIFY(!app::parseColorMode("orient").has_value());
        QVERIFY(!app::parseColorMode("").has_value());
    }

    void orientation() {
        const auto maps = gratingMaps();
        const auto v = app::sheetValues(request(ColorMode::Orientation), kUnits, &maps, nullptr, nullptr);
        QCOMPARE(v.values, (std::vector<float>{10, 45, 90, 170}));
        QCOMPARE(v.scale.colormap, std::string("nauhaus"));
        QCOMPARE(v.scale.min, 0.0);
        QCOMPARE(v.scale.max, 180.0);
        QCOMPARE(v.scale.minLabel, std::string("0\u00b0"));
        QCOMPARE(v.scale.maxLabel, std::string("180\u00b0"));
        QCOMPARE(v.scale.title, std::string("Preferred orientation (\u00b0)"));
        QCOMPARE(v.source, std::string("640 gratings"));
        QVERIFY(v.missing.empty());
    }

    void masks_data() {
        QTest::addColumn<int>("mode");
        QTest::addColumn<double>("percentile");
        QTest::addColumn<QString>("shown");  // '1' drawn, '0' masked, unit by unit
        QTest::newRow("orientation 50") << int(ColorMode::Orientation) << 50.0 << "0011";   // cut 2.5
        QTest::newRow("orientation 0") << int(ColorMode::Orientation) << 0.0 << "1111";     // no mask
        QTest::newRow("orientation 75") << int(ColorMode::Orientation) << 75.0 << "0001";   // cut 3.25
        QTest::newRow("sf 50") << int(ColorMode::SpatialFrequency) << 50.0 << "1100";
        QTest::newRow("color 50") << int(ColorMode::ColorPreference) << 50.0 << "0011";     // cut 1.5
        QTest::newRow("orientation 100") << int(ColorMode::Orientation) << 100.0 << "0000";
    }
    void masks() {
        QFETCH(int, mode);
        QFETCH(double, percentile);
        QFETCH(QString, shown);
        const auto maps = gratingMaps();
        auto r = request(ColorMode(mode));
        r.maskPercentile = percentile;
        const auto v = app::sheetValues(r, kUnits, &maps, nullptr, nullptr);
        for (int u = 0; u < kUnits; ++u) QCOMPARE(!std::isnan(v.values[u]), shown[u] == '1');
    }

    void badMaskPercentileThrows() {
        const auto maps = gratingMaps();
        auto r = request(ColorMode::Orientation);
        r.maskPercentile = 101;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, app::sheetValues(r, kUnits, &maps, nullptr, nullptr));
    }

    void spatialFrequency() {
        const auto maps = gratingMaps();
        const auto v = app::sheetValues(request(ColorMode::SpatialFrequency), kUnits, &maps, nullptr, nullptr);
        QCOMPARE(v.values, maps.sfCpd);
        QCOMPARE(v.scale.min, 0.6875);
        QCOMPARE(v.scale.max, 12.03125);
        QCOMPARE(v.scale.minLabel, std::string("0.69 cpd"));
        QCOMPARE(v.scale.maxLabel, std::string("12 cpd"));
        QCOMPARE(v.scale.colormap, std::string("viridis"));
    }

    void colorPreference() {
        const auto maps = gratingMaps();
        const auto v = app::sheetValues(request(ColorMode::ColorPreference), kUnits, &maps, nullptr, nullptr);
        QCOMPARE(v.values, (std::vector<float>{0, 1, 1, 0}));
        QVERIFY(v.scale.categorical);
        QCOMPARE(v.scale.categoryNames, (std::vector<std::string>{"b/w", "colour"}));
    }

    void missingData_data() {
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("orientation") << int(ColorMode::Orientation) << "grating analysis";
        QTest::newRow("sf") << int(ColorMode::SpatialFrequency) << "grating analysis";
        QTest::newRow("color") << int(ColorMode::ColorPreference) << "grating analysis";
        QTest::newRow("t") << int(ColorMode::CategoryT) << "image set";
        QTest::newRow("categories") << int(ColorMode::Categories) << "image set";
        QTest::newRow("rate") << int(ColorMode::FiringRate) << "present a stimulus";
        QTest::newRow("entropy") << int(ColorMode::Entropy) << "present a stimulus";
        QTest::newRow("spikes") << int(ColorMode::SpikesNow) << "present a stimulus";
        QTest::newRow("membrane") << int(ColorMode::Membrane) << "present a stimulus";
    }
    void missingData() {
        QFETCH(int, mode);
        QFETCH(QString, mentions);
        const auto v = app::sheetValues(request(ColorMode(mode)), kUnits, nullptr, nullptr, nullptr);
        QCOMPARE(v.values.size(), std::size_t(kUnits));
        QVERIFY(allNaN(v.values));
        QVERIFY2(QString::fromStdString(v.missing).contains(mentions), v.missing.c_str());
        QVERIFY(!v.scale.title.empty());  // the colorbar still says what would be shown
    }

    void wrongUnitCountIsMissing() {
        const auto maps = gratingMaps();
        const auto v = app::sheetValues(request(ColorMode::Orientation), 6, &maps, nullptr, nullptr);
        QCOMPARE(v.values.size(), std::size_t{6});
        QVERIFY(allNaN(v.values));
        QVERIFY2(v.missing.find("hold 4 units but the layer has 6") != std::string::npos, v.missing.c_str());
        const auto live = liveRecord();
        const auto s = app::sheetValues(request(ColorMode::SpikesNow), 6, nullptr, nullptr, &live);
        QVERIFY(allNaN(s.values) && !s.missing.empty());
    }

    void tValues() {
        const auto maps = categoryMaps();
        auto r = request(ColorMode::CategoryT);
        r.contrast = 1;
        r.contrastNames = {"faces", "bodies", "places"};
        r.setImages = 12;
        const auto v = app::sheetValues(r, kUnits, nullptr, &maps, nullptr);
        QCOMPARE(v.values, maps.tValues[1]);
        QCOMPARE(v.scale.min, -15.0);
        QCOMPARE(v.scale.max, 15.0);
        QCOMPARE(v.scale.minLabel, std::string("\u221215"));
        QCOMPARE(v.scale.maxLabel, std::string("+15"));
        QCOMPARE(v.scale.title, std::string("t (bodies)"));
        QCOMPARE(v.scale.colormap, std::string("bwr"));
        QCOMPARE(v.source, std::string("12 images"));
        r.contrast = 3;
        const auto bad = app::sheetValues(r, kUnits, nullptr, &maps, nullptr);
        QVERIFY(allNaN(bad.values));
        QVERIFY(bad.missing.find("3 contrasts") != std::string::npos);
    }

    void categoriesChooseTheStrongestAboveThreshold() {
        const auto maps = categoryMaps();
        auto r = request(ColorMode::Categories);
        r.contrastNames = {"Places", "Faces", "big-small"};  // fLoc entries 3, 0; the unknown one cycles to 2
        const auto v = app::sheetValues(r, kUnits, nullptr, &maps, nullptr);
        // unit 0: rows 0 (12) and 1 (15) pass 10 -> Faces; unit 1: row 2 (25) -> entry 2; unit 2: row 0 (11) and
        // row 2 (10.5) -> Places; unit 3: nothing passes -> not selective.
        QCOMPARE(v.values, (std::vector<float>{0, 2, 3, 5}));
        QVERIFY(v.scale.categorical);
        QCOMPARE(v.scale.colormap, std::string("floc"));
        QCOMPARE(v.scale.max, 5.0);
        QCOMPARE(v.scale.categoryNames.size(), std::size_t{6});
        QCOMPARE(v.scale.categoryNames[0], std::string("Faces"));
        QCOMPARE(v.scale.categoryNames[2], std::string("big-small"));
        QCOMPARE(v.scale.categoryNames[3], std::string("Places"));
        QCOMPARE(v.scale.categoryNames[1], std::string("bodies"));  // no contrast: the domain's own name

        r.tThreshold = 20;
        QCOMPARE(app::sheetValues(r, kUnits, nullptr, &maps, nullptr).values, (std::vector<float>{5, 2, 5, 5}));
        r.contrastNames.clear();  // unnamed rows are the fLoc domains in order
        r.tThreshold = 10;
        QCOMPARE(app::sheetValues(r, kUnits, nullptr, &maps, nullptr).values, (std::vector<float>{1, 2, 0, 5}));
    }

    void rateFromMapsOrLive() {
        const auto g = gratingMaps();
        const auto c = categoryMaps();
        const auto live = liveRecord();
        auto r = request(ColorMode::FiringRate);
        r.setImages = 12;
        auto v = app::sheetValues(r, kUnits, &g, &c, &live);
        QCOMPARE(v.values, g.meanRate);
        QCOMPARE(v.source, std::string("640 gratings"));
        v = app::sheetValues(r, kUnits, nullptr, &c, &live);
        QCOMPARE(v.values, c.meanRate);
        QCOMPARE(v.source, std::string("12 images"));
        v = app::sheetValues(r, kUnits, nullptr, nullptr, &live);
        QCOMPARE(v.values, (std::vector<float>{1.0f, 0.5f, 0.0f, 0.25f}));
        QCOMPARE(v.source, std::string("current stimulus"));
        QCOMPARE(v.scale.min, 0.0);
        QCOMPARE(v.scale.max, 1.0);
        QVERIFY(QString::fromStdString(v.scale.title).contains("spikes per timestep"));
    }

    void entropyFromMapsOrLive() {
        const auto g = gratingMaps();
        const auto c = categoryMaps();  // has no entropy: the live stimulus is used
        const auto live = liveRecord();
        auto v = app::sheetValues(request(ColorMode::Entropy), kUnits, &g, nullptr, &live);
        QCOMPARE(v.values, g.entropy);
        v = app::sheetValues(request(ColorMode::Entropy), kUnits, nullptr, &c, &live);
        QCOMPARE(v.source, std::string("current stimulus"));
        // p = 1, 0.5, 0, 0.25: H = 0, 1, 0, 0.811278 bits
        QCOMPARE(v.values[0], 0.0f);
        QCOMPARE(v.values[1], 1.0f);
        QCOMPARE(v.values[2], 0.0f);
        QVERIFY(std::abs(v.values[3] - 0.8112781f) < 1e-6f);
    }

    void spikesNow_data() {
        QTest::addColumn<int>("timestep");
        QTest::addColumn<int>("shown");  // the clamped timestep
        QTest::newRow("t=1") << 1 << 1;
        QTest::newRow("t=2") << 2 << 2;
        QTest::newRow("beyond T") << 10 << 3;
        QTest::newRow("negative") << -2 << 0;
    }
    void spikesNow() {
        QFETCH(int, timestep);
        QFETCH(int, shown);
        const auto live = liveRecord();
        auto r = request(ColorMode::SpikesNow);
        r.timestep = timestep;
        const auto v = app::sheetValues(r, kUnits, nullptr, nullptr, &live);
        for (int u = 0; u < kUnits; ++u) QCOMPARE(v.values[u], live.value(shown, u));
        QCOMPARE(v.scale.title, "Spikes at t = " + std::to_string(shown));
        QCOMPARE(v.scale.colormap, std::string("gray"));
    }

    void membrane() {
        const auto silent = liveRecord();
        auto r = request(ColorMode::Membrane);
        r.timestep = 3;
        auto v = app::sheetValues(r, kUnits, nullptr, nullptr, &silent);
        QVERIFY(allNaN(v.values));
        QVERIFY2(v.missing.find("membrane not recorded") != std::string::npos, v.missing.c_str());

        std::vector<float> h(kT * kUnits);
        for (std::size_t i = 0; i < h.size(); ++i) h[i] = 0.1f * static_cast<float>(i) - 0.5f;
        const auto live = liveRecord(h);
        v = app::sheetValues(r, kUnits, nullptr, nullptr, &live, -2.0);
        QVERIFY(v.missing.empty());
        for (int u = 0; u < kUnits; ++u) QCOMPARE(v.values[u], h[3 * kUnits + u]);
        QCOMPARE(v.scale.min, -3.0);
        QCOMPARE(v.scale.max, 3.0);
        QCOMPARE(v.scale.colormap, std::string("bwr"));
        QCOMPARE(v.scale.title, std::string("Membrane charge H (t = 3)"));
    }

    void colormapChoice() {
        const auto maps = gratingMaps();
        auto r = request(ColorMode::Orientation);
        r.colormap = "TWILIGHT";
        QCOMPARE(app::sheetValues(r, kUnits, &maps, nullptr, nullptr).scale.colormap, std::string("twilight"));
        r.colormap = "rainbow-ish";
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, app::sheetValues(r, kUnits, &maps, nullptr, nullptr));
    }
};

QTEST_MAIN(TestColorModes)
#include "test_color_modes.moc"
