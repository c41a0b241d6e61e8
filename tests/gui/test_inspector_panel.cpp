// The inspector shows the pinned unit's identity and charts (tuning, raster, membrane, t-values) and the
// layer's charts (entropy, rate, smoothness); missing data leaves a chart empty with a hint saying how to
// fill it.
#include <QLabel>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <cmath>

#include "gui/inspector_panel.hpp"

using topospike::gui::ChartView;
using topospike::gui::InspectorPanel;
using topospike::gui::LayerInspection;
using topospike::gui::UnitInspection;

namespace {

/// A unit preferring 45° and 2.5 cycles/degree, with a 4-row raster over 12 timesteps and two category
/// contrasts.
UnitInspection syntheticUnit() {
    UnitInspection u;
    u.layer = "layer2.0";
    u.unit = 1234;
    u.c = 3;
    u.h = 10;
    u.w = 5;
    u.xMm = 1.25;
    u.yMm = -0.5;
    u.valueText = "45.0°";
    for (int i = 0; i < 8; ++i) {
        const double deg = 22.5 * i;
        u.orientationLevels.push_back(deg);
        u.orientationCurve.push_back(0.5 + 0.5 * std::cos(2 * (deg - 45) * M_PI / 180));
        u.sfLevels.push_back(0.5 + i);
        u.sfCurve.push_back(std::exp(-std::pow(0.5 + i - 2.5, 2)));
    }
    u.preferredOrientation = 45;
    u.orientationSelectivity = 0.8;
    u.preferredSf = 2.5;
    u.raster.rows.assign(4, std::vector<std::uint8_t>(12, 0));
    for (int t = 0; t < 12; t += 3) u.raster.rows[0][t] = 1;
    u.raster.rows[2][5] = 1;
    u.raster.highlightRow = 0;
    u.raster.rowLabels = {"unit", "0.05 mm", "0.07 mm", "0.09 mm"};
    for (int t = 0; t < 12; ++t) {
        u.membrane.push_back(0.1 * (t % 3));
        u.spikes.push_back(t % 3 == 2 ? 1 : 0);
    }
    u.threshold = 0.2;
    u.tValues = {{"faces", 6.5}, {"places", -2.0}};
    return u;
}

LayerInspection syntheticLayer() {
    LayerInspection l;
    l.layer = "layer3.1";
    for (int t = 0; t < 8; ++t) {
        l.entropyPerTimestep.push_back(0.1 * t);
        l.ratePerTimestep.push_back(0.02 * t);
        l.setRatePerTimestep.push_back(0.015 * t);
    }
    for (auto* c : {&l.orientationSmoothness, &l.sfSmoothness, &l.colorSmoothness}) {
        for (int b = 0; b < 9; ++b) {
            c->x.push_back(0.25 + 0.5 * b);
            c->mean.push_back(0.2 + 0.05 * b);
            c->chance.push_back(0.6);
        }
    }
    l.orientationSmoothness.score = 0.42;
    l.colorSmoothness.chance.clear();  // a curve without its chance level still shows
    return l;
}

const QStringList kUnitCharts{"orientation", "sf", "raster", "membrane", "tvalues"};
const QStringList kLayerCharts{"entropy", "rate", "smoothness"};

}  // namespace

class TestInspectorPanel : public QObject {
    Q_OBJECT
private slots:
    void everyChartIsThere() {
        InspectorPanel p;
        for (const QString& name : kUnitCharts + kLayerCharts) QVERIFY2(p.chart(name), qPrintable(name));
        QVERIFY(!p.chart("nonsense"));
        auto* tabs = p.findChild<QTabWidget*>();
        QVERIFY(tabs);
        QCOMPARE(tabs->count(), 2);
        QCOMPARE(tabs->tabText(0), QString("Unit"));
        QCOMPARE(tabs->tabText(1), QString("Layer"));
    }

    void showUnitFillsCharts() {
        InspectorPanel p;
        p.showUnit(syntheticUnit());
        QCOMPARE(p.unit().unit, std::int64_t(1234));
        for (const QString& name : kUnitCharts) {
            QVERIFY2(p.chart(name)->seriesCount() > 0, qPrintable(name));
            QVERIFY2(p.chart(name)->emptyText().isEmpty(), qPrintable(name));
        }
        QVERIFY(p.chart("orientation")->title().contains("prefers 45.0°"));
        QVERIFY(p.chart("sf")->title().contains("2.50 cpd"));
        QCOMPARE(p.chart("raster")->seriesCount(), 4);
        QVERIFY(p.chart("raster")->title().contains("3 nearest neighbours"));
        QCOMPARE(p.chart("membrane")->seriesCount(), 3);  // trace, threshold, spikes
        QVERIFY(p.chart("membrane")->title().contains("4 spike"));
        QCOMPARE(p.chart("tvalues")->seriesCount(), 3);  // two contrasts and the zero line
        QVERIFY(p.chart("tvalues")->title().contains("faces (t = 6.50)"));
        const QString header = p.findChild<QLabel*>()->text();
        for (const char* part : {"layer2.0", "1234", "(c 3, h 10, w 5)", "x 1.25 mm", "y -0.50 mm", "45.0°"})
            QVERIFY2(header.contains(QString::fromUtf8(part)), part);
    }

    void missingDataLeavesHints_data() {
        QTest::addColumn<QString>("missing");
        QTest::addColumn<QStringList>("emptyCharts");
        QTest::addColumn<QString>("hint");
        QTest::newRow("no grating maps") << "gratings" << QStringList{"orientation", "sf"} << "Gratings";
        QTest::newRow("no run yet") << "run" << QStringList{"raster", "membrane"} << "Play a stimulus";
        QTest::newRow("no category maps") << "categories" << QStringList{"tvalues"} << "t-values";
    }
    void missingDataLeavesHints() {
        QFETCH(QString, missing);
        QFETCH(QStringList, emptyCharts);
        QFETCH(QString, hint);
        UnitInspection u = syntheticUnit();
        if (missing == "gratings") {
            u.orientationLevels.clear();
            u.orientationCurve.clear();
            u.sfLevels.clear();
            u.sfCurve.clear();
        } else if (missing == "run") {
            u.raster = {};
            u.membrane.clear();
            u.spikes.clear();
        } else {
            u.tValues.clear();
        }
        InspectorPanel p;
        p.showUnit(u);
        for (const QString& name : kUnitCharts) {
            ChartView* c = p.chart(name);
            if (emptyCharts.contains(name)) {
                QCOMPARE(c->seriesCount(), 0);
                QVERIFY2(c->emptyText().contains(hint), qPrintable(c->emptyText()));
            } else {
                QVERIFY2(c->seriesCount() > 0, qPrintable(name));
            }
        }
    }

    void clearUnitEmptiesUnitCharts() {
        InspectorPanel p;
        p.showUnit(syntheticUnit());
        p.showLayer(syntheticLayer());
        p.clearUnit();
        QCOMPARE(p.unit().unit, std::int64_t(-1));
        for (const QString& name : kUnitCharts) {
            QCOMPARE(p.chart(name)->seriesCount(), 0);
            QVERIFY(!p.chart(name)->emptyText().isEmpty());
        }
        QVERIFY2(p.chart("entropy")->seriesCount() > 0, "the layer's charts stay");
        QVERIFY(!p.findChild<QLabel*>()->text().contains("1234"));
    }

    void showLayerFillsLayerCharts() {
        InspectorPanel p;
        for (const QString& name : kLayerCharts) QCOMPARE(p.chart(name)->seriesCount(), 0);
        p.showLayer(syntheticLayer());
        QCOMPARE(p.chart("entropy")->seriesCount(), 1);
        QCOMPARE(p.chart("rate")->seriesCount(), 2);        // current stimulus and analysed set
        QCOMPARE(p.chart("smoothness")->seriesCount(), 5);  // three curves, two chance levels
        for (const QString& name : kLayerCharts) QVERIFY(p.chart(name)->title().contains("layer3.1"));
        p.showLayer(LayerInspection{});
        for (const QString& name : kLayerCharts) QCOMPARE(p.chart(name)->seriesCount(), 0);
    }

    void shownPanelRendersItsCharts() {
        InspectorPanel p;
        p.resize(520, 900);
        p.showUnit(syntheticUnit());
        QSignalSpy spy(p.chart("orientation"), &ChartView::rendered);
        p.show();
        QVERIFY(QTest::qWaitForWindowExposed(&p));
        QTRY_VERIFY_WITH_TIMEOUT(spy.count() > 0, 10000);
        // Later updates reach the screen too.
        spy.clear();
        p.showUnit(syntheticUnit());
        QTRY_VERIFY_WITH_TIMEOUT(spy.count() > 0, 10000);
    }
};

QTEST_MAIN(TestInspectorPanel)
#include "test_inspector_panel.moc"
