// The time panel: the timestep scrubber, play/pause looping over T, and the per-layer rate strip.

#include <QLabel>
#include <QSignalSpy>
#include <QToolButton>
#include <QtTest>

#include "gui/rate_strip.hpp"
#include "gui/time_panel.hpp"

using topospike::gui::RateStrip;
using topospike::gui::TimePanel;

namespace {
QString labelText(const TimePanel& panel) {
    for (const QLabel* l : panel.findChildren<QLabel*>())
        if (l->text().startsWith("t = ")) return l->text();
    return {};
}
}  // namespace

class TestTimePanel : public QObject {
    Q_OBJECT
private slots:
    void setTimestepsClamps() {
        TimePanel panel;
        QSignalSpy spy(&panel, &TimePanel::timestepChanged);
        panel.setTimesteps(4);
        QCOMPARE(panel.timesteps(), 4);
        panel.setTimestep(2);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.last().at(0).toInt(), 2);
        QCOMPARE(labelText(panel), QStringLiteral("t = 2 / 4"));
        panel.setTimesteps(8);  // the step still exists: kept, no signal
        QCOMPARE(panel.timestep(), 2);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(labelText(panel), QStringLiteral("t = 2 / 8"));
        panel.setTimesteps(2);  // it does not: the last step
        QCOMPARE(panel.timestep(), 1);
        QCOMPARE(spy.count(), 2);
        QCOMPARE(spy.last().at(0).toInt(), 1);
        panel.setTimestep(7);
        QCOMPARE(panel.timestep(), 1);
        panel.setTimesteps(0);  // at least one timestep
        QCOMPARE(panel.timesteps(), 1);
        QCOMPARE(panel.timestep(), 0);
    }

    void playAdvancesAndWraps() {
        TimePanel panel;
        panel.setTimesteps(3);
        panel.setInterval(20);
        QCOMPARE(panel.interval(), 20);
        panel.setTimestep(1);
        QSignalSpy playing(&panel, &TimePanel::playingChanged);
        QSignalSpy steps(&panel, &TimePanel::timestepChanged);
        panel.setPlaying(true);
        QVERIFY(panel.playing());
        QCOMPARE(playing.count(), 1);
        QTRY_COMPARE(panel.timestep(), 2);
        QTRY_COMPARE(panel.timestep(), 0);  // wrapped
        QTRY_COMPARE(panel.timestep(), 1);
        panel.setPlaying(false);
        QVERIFY(!panel.playing());
        QCOMPARE(playing.count(), 2);
        QCOMPARE(playing.last().at(0).toBool(), false);
        QVERIFY(steps.count() >= 3);
        const int stopped = panel.timestep();
        QTest::qWait(80);
        QCOMPARE(panel.timestep(), stopped);
    }

    void playButtonToggles() {
        TimePanel panel;
        panel.setTimesteps(4);
        auto* button = panel.findChild<QToolButton*>();
        QVERIFY(button);
        button->click();
        QVERIFY(panel.playing());
        QVERIFY(button->isChecked());
        button->click();
        QVERIFY(!panel.playing());
        panel.setPlaying(true);
        QVERIFY(button->isChecked());
        panel.setPlaying(false);
    }

    void ratesMakeRows() {
        TimePanel panel;
        panel.resize(500, 160);
        panel.setTimesteps(4);
        QCOMPARE(panel.rateStrip()->rows(), 0);
        panel.setRates({{"layer2.0", {0.1, 0.3, 0.2, 0.05}}, {"layer4.1", {0.0, 0.02, 0.04, 0.01}}});
        QCOMPARE(panel.rateStrip()->rows(), 2);
        panel.setTimestep(3);
        QCOMPARE(panel.rateStrip()->timestep(), 3);
        QVERIFY(panel.rateStrip()->sizeHint().height() > RateStrip().sizeHint().height());

        // The sparklines are drawn in the highlight colour.
        const QColor line = panel.rateStrip()->palette().color(QPalette::Highlight);
        const QImage img = const_cast<RateStrip*>(panel.rateStrip())->grab().toImage();
        int drawn = 0;
        for (int y = 0; y < img.height(); ++y)
            for (int x = 0; x < img.width(); ++x) drawn += img.pixelColor(x, y) == line;
        QVERIFY2(drawn > 20, qPrintable(QString::number(drawn)));
    }
};

QTEST_MAIN(TestTimePanel)
#include "test_time_panel.moc"
