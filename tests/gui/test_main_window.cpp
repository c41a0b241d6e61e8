// The live explorer as a user meets it: the demo opens, colour modes switch, a grating slider re-runs the network
// and the sheets follow, a unit is inspected, analyses fill the maps, cancelling leaves the window usable, bad
// files are refused, a new stimulus supersedes a run in flight, and `topospike --screenshot` writes a PNG.
#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QElapsedTimer>
#include <QImage>
#include <QMessageBox>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

#include "gui/inspector_panel.hpp"
#include "gui/main_window.hpp"
#include "gui/stimulus_panel.hpp"
#include "gui/time_panel.hpp"
#include "options/option_table.hpp"
#include "options/session.hpp"
#include "support/fixtures.hpp"

using testsupport::fixture;
using namespace topospike;

namespace {
// A small demo (48 px, few swaps) so the suite stays fast; built once into the suite's private cache.
demo::DemoOptions quickDemo() {
    demo::DemoOptions o;
    o.imageSize = 48;
    o.calibrationStride = 80;
    o.swapStepsPerLayer = 5000;
    return o;
}

std::size_t finiteCount(const app::SheetValues& v) {
    std::size_t n = 0;
    for (float x : v.values) n += !std::isnan(x);
    return n;
}

std::vector<float> focusedValues(const gui::MainWindow& w) { return w.sheet()->values(w.sheet()->focusedLayer()).values; }
}  // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
    QTemporaryDir home_;
    std::unique_ptr<gui::MainWindow> w_;

private slots:
    void initTestCase() {
        QVERIFY(home_.isValid());
        qputenv("XDG_CACHE_HOME", home_.filePath("cache").toUtf8());
        qputenv("XDG_CONFIG_HOME", home_.filePath("config").toUtf8());
        qputenv("XDG_STATE_HOME", home_.filePath("state").toUtf8());
        QCoreApplication::setOrganizationName("TopoSpikeTests");
        w_ = std::make_unique<gui::MainWindow>();
        w_->resize(1280, 800);
        w_->show();
        QVERIFY(QTest::qWaitForWindowExposed(w_.get()));
        QSignalSpy loaded(w_.get(), &gui::MainWindow::loadFinished);
        QSignalSpy shown(w_.get(), &gui::MainWindow::liveFrameShown);
        w_->openDemo(quickDemo());
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 300000);
        QVERIFY2(loaded.first().first().toBool(), qPrintable(w_->lastError()));
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 60000);
    }
    void cleanupTestCase() { w_.reset(); }
    // Each test starts from a settled window: no run still delivering an earlier stimulus.
    void init() { QTRY_VERIFY_WITH_TIMEOUT(!w_->busy(), 60000); }

    void demoShowsEveryTopographicLayer() {
        QVERIFY(w_->model()->demo);
        QCOMPARE(w_->model()->inputSize, 48);
        QCOMPARE(w_->sheet()->layerCount(), 8);
        QCOMPARE(QString::fromStdString(w_->sheet()->layer(2).name), QString("layer2.0"));
        QVERIFY(w_->windowTitle().contains("untrained"));
        // Spikes at the current timestep are shown: values are 0/1 and some units fire.
        w_->setColorMode(app::ColorMode::SpikesNow);
        const auto v = focusedValues(*w_);
        QVERIFY(!v.empty());
        double fired = 0;
        for (float x : v) {
            QVERIFY(x == 0.0f || x == 1.0f);
            fired += x;
        }
        QVERIFY(fired > 0);
    }

    void switchingColourModesRecolours() {
        const int focus = w_->sheet()->focusedLayer();
        for (const auto& m : app::colorModes()) {
            w_->setColorMode(m.mode);
            QCOMPARE(w_->colorMode(), m.mode);
            const auto& v = w_->sheet()->values(focus);
            QCOMPARE(static_cast<std::int64_t>(v.values.size()),
                     static_cast<std::int64_t>(w_->sheet()->layer(focus).xy.size() / 2));
            if ((m.needsGratingMaps && !w_->gratingMaps()) || (m.needsCategoryMaps && !w_->categoryMaps()))
                QVERIFY2(!v.missing.empty(), m.key);  // says what to run instead of showing nothing silently
            else
                QVERIFY2(finiteCount(v) > 0, m.key);
        }
    }

    void movingTheGratingSliderUpdatesTheSheets() {
        w_->setColorMode(app::ColorMode::Membrane);
        QCOMPARE(w_->timePanel()->timestep(), w_->timePanel()->timesteps() - 1);  // opened on the last step
        const auto before = focusedValues(*w_);
        QSignalSpy shown(w_.get(), &gui::MainWindow::liveFrameShown);
        QSlider* ori = w_->stimulusPanel()->orientationSlider();
        QVERIFY(ori);
        ori->setValue((ori->value() + 60) % 180);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 30000);
        QCOMPARE(w_->stimulusPanel()->stimulus().grating.orientationDeg, double(ori->value()));
        const auto after = focusedValues(*w_);
        QVERIFY(after != before);  // another orientation, other membrane charges
    }

    void aNewStimulusSupersedesTheRunInFlight() {
        QSignalSpy shown(w_.get(), &gui::MainWindow::liveFrameShown);
        QSlider* ori = w_->stimulusPanel()->orientationSlider();
        for (int i = 0; i < 5; ++i) {
            ori->setValue((ori->value() + 17) % 180);
            QCoreApplication::processEvents();  // each turn is one stimulus request
        }
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1 && !w_->busy(), 30000);
        QTest::qWait(200);
        // Only the newest request's frame may be on screen; superseded runs never show up after it.
        const quint64 last = shown.last().first().toULongLong();
        QCOMPARE(last, w_->liveFrame()->generation);
        QVERIFY(shown.count() < 5);
    }

    void timeScrubberChangesSpikeMaps() {
        w_->setColorMode(app::ColorMode::SpikesNow);
        gui::TimePanel* time = w_->timePanel();
        QVERIFY(time->timesteps() >= 2);
        time->setTimestep(0);
        const auto t0 = focusedValues(*w_);
        time->setTimestep(time->timesteps() - 1);
        QVERIFY(focusedValues(*w_) != t0);
    }

    void clickingAUnitInspectsIt() {
        gui::SheetCanvas* sheet = w_->sheet();
        const gui::UnitId target{sheet->focusedLayer(), 5};
        QTRY_VERIFY(sheet->isVisible());
        const QPointF p = sheet->widgetPosition(target);
        const gui::UnitId hit = sheet->unitAt(p);
        QVERIFY(hit.valid());
        QTest::mouseClick(sheet, Qt::LeftButton, {}, p.toPoint());
        QTRY_COMPARE(sheet->pinned(), hit);
        const auto& u = w_->inspector()->unit();
        QCOMPARE(u.unit, hit.unit);
        QCOMPARE(u.layer, QString::fromStdString(sheet->layer(hit.layer).name));
        QCOMPARE(static_cast<int>(u.spikes.size()), w_->liveFrame()->options.T);
        QVERIFY(!u.raster.rows.empty());
        QVERIFY(w_->inspector()->chart("raster")->seriesCount() > 0);
    }

    void gratingAnalysisFillsTheMaps() {
        QSignalSpy ready(w_.get(), &gui::MainWindow::mapsReady);
        w_->runGratingAnalysis();
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 300000);
        QVERIFY(w_->gratingMaps());
        w_->setColorMode(app::ColorMode::Orientation);
        const auto& v = w_->sheet()->values(w_->sheet()->focusedLayer());
        QVERIFY(v.missing.empty());
        QVERIFY(finiteCount(v) > 0);
        for (float x : v.values)
            if (!std::isnan(x)) QVERIFY(x >= 0.0f && x < 180.0f);
        // The pinned unit's tuning curve appears in the inspector.
        QCOMPARE(w_->inspector()->unit().orientationCurve.size(), std::size_t(8));
        // A second request is served from the cache.
        w_->runGratingAnalysis();
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 2, 60000);
        QCOMPARE(ready.last().first().toBool(), true);
    }

    void cancellingALongRunLeavesTheWindowUsable() {
        QSignalSpy cancelled(w_.get(), &gui::MainWindow::analysisCancelled);
        QSignalSpy ready(w_.get(), &gui::MainWindow::mapsReady);
        const auto maps = w_->gratingMaps();
        w_->runGratingAnalysis(false);  // recompute: long enough to cancel
        QTest::qWait(300);
        w_->cancelBackgroundWork();
        QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, 10000);
        QTest::qWait(500);
        QCOMPARE(ready.count(), 0);
        QCOMPARE(w_->gratingMaps(), maps);  // the earlier maps stay
        // The window still answers: a new stimulus is shown.
        QSignalSpy shown(w_.get(), &gui::MainWindow::liveFrameShown);
        QSlider* ori = w_->stimulusPanel()->orientationSlider();
        ori->setValue((ori->value() + 45) % 180);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 30000);
    }

    void hostileFileIsRefusedAndTheModelStays() {
        const auto* before = w_->model();
        QSignalSpy loaded(w_.get(), &gui::MainWindow::loadFinished);
        w_->openPath(fixture("hostile_eval.pth"));
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 30000);
        QCOMPARE(loaded.first().first().toBool(), false);
        QVERIFY(w_->lastError().contains("hostile_eval.pth"));
        QVERIFY(w_->lastError().contains("__builtin__.eval"));
        QCOMPARE(w_->model(), before);
        auto* box = w_->findChild<QMessageBox*>();
        QVERIFY(box);  // shown without blocking the event loop
        box->close();
    }

    void fullSizeNetworkWithGeneratedPositions() {
        // A full ResNet-18 at 224 with no positions beside it: retinotopic positions are generated and labelled.
        gui::MainWindow w;
        w.resize(1000, 700);
        w.show();
        QSignalSpy loaded(&w, &gui::MainWindow::loadFinished);
        QSignalSpy shown(&w, &gui::MainWindow::liveFrameShown);
        w.openPath(fixture("resnet18_bare.pth"));
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 60000);
        QVERIFY2(loaded.first().first().toBool(), qPrintable(w.lastError()));
        QVERIFY(w.model()->generatedPositions);
        QCOMPARE(w.model()->inputSize, 224);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 60000);
        // Time from a new stimulus to its spikes on the sheets (printed; speed is the benchmark's business).
        for (int i = 0; i < 3; ++i) {
            QElapsedTimer clock;
            qint64 shownAt = -1;
            const auto c = connect(&w, &gui::MainWindow::liveFrameShown, this, [&] { shownAt = clock.elapsed(); });
            clock.start();
            QSlider* ori = w.stimulusPanel()->orientationSlider();
            ori->setValue((ori->value() + 30) % 180);
            QTRY_VERIFY_WITH_TIMEOUT(shownAt >= 0, 60000);
            disconnect(c);
            qInfo("224 stimulus to spikes on the sheets: %lld ms (engine %.0f ms)", static_cast<long long>(shownAt),
                  w.liveFrame()->seconds * 1e3);
        }
    }

    void sessionSaveLoadSaveIsIdentical() {
        QTemporaryDir dir;
        w_->setColorMode(app::ColorMode::SpikesNow);
        QVERIFY(w_->focusLayer("layer1.1"));
        w_->pinUnit({w_->sheet()->focusedLayer(), 7});
        QSignalSpy shown(w_.get(), &gui::MainWindow::liveFrameShown);
        QSlider* ori = w_->stimulusPanel()->orientationSlider();
        ori->setValue(33);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1 && !w_->busy(), 30000);
        const QString first = dir.filePath("first.json"), second = dir.filePath("second.json");
        QVERIFY(w_->saveSessionTo(first));
        QVERIFY(QFileInfo(first).size() > 100);

        gui::MainWindow other;
        other.resize(1000, 700);
        other.show();
        QSignalSpy loaded(&other, &gui::MainWindow::loadFinished);
        QSignalSpy otherShown(&other, &gui::MainWindow::liveFrameShown);
        other.openPath(first);  // a .json file is a session
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 60000);
        QVERIFY2(loaded.first().first().toBool(), qPrintable(other.lastError()));
        QTRY_VERIFY_WITH_TIMEOUT(otherShown.count() >= 1 && !other.busy(), 60000);
        QCOMPARE(other.stimulusPanel()->stimulus().grating.orientationDeg, 33.0);
        QCOMPARE(other.colorMode(), app::ColorMode::SpikesNow);
        QCOMPARE(QString::fromStdString(other.sheet()->layer(other.sheet()->focusedLayer()).name), QString("layer1.1"));
        QCOMPARE(other.sheet()->pinned().unit, std::int64_t(7));
        QVERIFY(other.saveSessionTo(second));
        QCOMPARE(testsupport::readAll(second), testsupport::readAll(first));
    }

    void autosaveWritesALoadableSession() {
        w_->autosave();
        const auto path = options::autosavePath();
        QVERIFY(QString::fromStdString(path.string()).startsWith(home_.filePath("state")));  // XDG_STATE_HOME
        const options::Session s = options::loadSession(path);
        QCOMPARE(s.options.value("color-by").toString(),
                 QString::fromLatin1(app::colorModeInfo(w_->colorMode()).key));
    }

    void guiAndCliMakeTheSameFigure() {
        QTemporaryDir dir;
        w_->setColorMode(app::ColorMode::Orientation);
        QVERIFY(w_->focusLayer("layer2.0"));
        const QString session = dir.filePath("view.json"), gui = dir.filePath("gui.png"), cli = dir.filePath("cli.png");
        QVERIFY(w_->saveSessionTo(session));
        options::OptionValues page;
        QVERIFY(page.set("dpi", "150").isEmpty());
        QVERIFY(page.set("width", "60mm").isEmpty());
        QSignalSpy exported(w_.get(), &gui::MainWindow::figureExported);
        w_->exportFigure(gui, page);
        QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 1, 120000);
        QVERIFY2(exported.first().at(1).toBool(), qPrintable(w_->lastError()));
        QProcess p;
        p.start(TOPOSPIKE_CLI, {"figure", "--session", session, "--dpi", "150", "--width", "60mm", "--out", cli});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const QImage a(gui), b(cli);
        QCOMPARE(a.size(), QSize(qRound(60 / 25.4 * 150), a.height()));
        QCOMPARE(a.size(), b.size());
        qint64 differing = 0;
        for (int y = 0; y < a.height(); ++y)
            for (int x = 0; x < a.width(); ++x) differing += a.pixel(x, y) != b.pixel(x, y);
        QVERIFY2(differing <= a.width() * a.height() / 1000, qPrintable(QString::number(differing)));
    }

    void screenshotOption() {
        const auto folder = demo::ensureDemo(quickDemo());  // cached by initTestCase
        QTemporaryDir out;
        const QString png = out.filePath("shot.png");
        QProcess p;
        p.setProcessEnvironment(QProcessEnvironment::systemEnvironment());
        p.start(TOPOSPIKE_GUI, {QString::fromStdString(folder.string()), "--screenshot", png, "--layer", "layer1.1",
                                "--color-by", "orientation", "--size", "1200x760"});
        QVERIFY(p.waitForFinished(300000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        QImage image(png);
        QCOMPARE(image.width(), 1200);  // the docks' minimum sizes may make the window taller than asked
        QVERIFY(image.height() >= 760);
        // The sheets are in it: an orientation map has many colours, a blank window a handful.
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 4)
            for (int x = 0; x < image.width(); x += 4) colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 200, qPrintable(QString::number(colours.size())));
        // and a refusal is one clear line with a non-zero exit
        QProcess bad;
        bad.start(TOPOSPIKE_GUI, {fixture("hostile_eval.pth"), "--screenshot", out.filePath("no.png")});
        QVERIFY(bad.waitForFinished(120000));
        QCOMPARE(bad.exitCode(), 1);
        QVERIFY(bad.readAllStandardError().contains("hostile_eval.pth"));
        QVERIFY(!QFile::exists(out.filePath("no.png")));
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
