// The stimulus panel: grating designer, image file, image-set browser and run settings, and what it signals.

#include <QDoubleSpinBox>
#include <QLabel>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>
#include <numbers>

#include "gui/stimulus_panel.hpp"
#include "topospike/error.hpp"

using namespace topospike;
using gui::StimulusChoice;
using gui::StimulusPanel;

namespace {

// A 5 × 3 PNG whose pixels all differ.
QImage testImage() {
    QImage img(5, 3, QImage::Format_RGB888);
    for (int y = 0; y < 3; ++y)
        for (int x = 0; x < 5; ++x) img.setPixelColor(x, y, QColor(x * 50, y * 100, 255 - x * 40 - y * 10));
    return img;
}

bool writePng(const QString& path) { return testImage().save(path, "PNG"); }

}  // namespace

class TestStimulusPanel : public QObject {
    Q_OBJECT
private slots:
    void defaultsAreTdannsMidGrating() {
        StimulusPanel panel;
        const StimulusChoice c = panel.stimulus();
        QCOMPARE(c.kind, StimulusChoice::Kind::Grating);
        QCOMPARE(c.grating.cyclesPerImage, 31.63);  // exact, though the spin box shows 3.95 cycles/°
        QCOMPARE(panel.sfSpinBox()->value(), 3.95);
        QCOMPARE(c.grating.size, 224);
        QCOMPARE(c.grating.contrast, 1.0);
        QCOMPARE(c.describe(), QStringLiteral("grating 0\u00b0, 3.95 cpd, phase 0\u00b0, contrast 1, b/w"));
    }

    void sliderDragsAreCoalesced() {
        StimulusPanel panel;
        QSignalSpy spy(&panel, &StimulusPanel::stimulusChanged);
        for (int deg : {10, 20, 30, 45}) panel.orientationSlider()->setValue(deg);  // one event-loop turn
        QCOMPARE(spy.count(), 0);
        QTRY_COMPARE(spy.count(), 1);
        QCOMPARE(panel.stimulus().grating.orientationDeg, 45.0);
        QTest::qWait(30);
        QCOMPARE(spy.count(), 1);
        panel.orientationSlider()->triggerAction(QAbstractSlider::SliderSingleStepAdd);  // the next turn: again
        QTRY_COMPARE(spy.count(), 2);
        QCOMPARE(panel.stimulus().grating.orientationDeg, 46.0);
    }

    void sfSpinBoxSetsCyclesPerDegree() {
        StimulusPanel panel;
        QSignalSpy spy(&panel, &StimulusPanel::stimulusChanged);
        panel.sfSpinBox()->setValue(2.5);
        QTRY_COMPARE(spy.count(), 1);
        QCOMPARE(panel.stimulus().grating.cyclesPerImage, 2.5 * stimuli::kDegreesPerImage);
        QCOMPARE(panel.stimulus().grating.cyclesPerDegree(), 2.5);
    }

    void setStimulusRoundTrips() {
        StimulusPanel panel;
        panel.setImageSize(64);
        QSignalSpy spy(&panel, &StimulusPanel::stimulusChanged);
        StimulusChoice c;
        c.grating.orientationDeg = 135;
        c.grating.cyclesPerImage = 55.0;
        c.grating.phase = std::numbers::pi / 2;
        c.grating.contrast = 0.5;
        c.grating.color = stimuli::ColorPair::RedCyan;
        c.grating.size = 64;
        panel.setStimulus(c);
        QCOMPARE(spy.count(), 1);  // at once, and only once
        const StimulusChoice back = panel.stimulus();
        QCOMPARE(back.kind, StimulusChoice::Kind::Grating);
        QCOMPARE(back.grating.orientationDeg, 135.0);
        QCOMPARE(back.grating.cyclesPerImage, 55.0);
        QCOMPARE(back.grating.phase, std::numbers::pi / 2);
        QCOMPARE(back.grating.contrast, 0.5);
        QCOMPARE(back.grating.color, stimuli::ColorPair::RedCyan);
        QCOMPARE(back.grating.size, 64);
        QCOMPARE(panel.orientationSlider()->value(), 135);
        QCOMPARE(back.describe(),
                 QStringLiteral("grating 135\u00b0, 6.88 cpd, phase 90\u00b0, contrast 0.5, red/cyan"));
        QTest::qWait(30);
        QCOMPARE(spy.count(), 1);
    }

    void timestepsAndNeuronSignalRunSettings() {
        StimulusPanel panel;
        QSignalSpy spy(&panel, &StimulusPanel::runSettingsChanged);
        panel.setTimesteps(8);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(panel.timesteps(), 8);
        panel.setTimesteps(8);
        QCOMPARE(spy.count(), 1);
        panel.timestepsSpinBox()->setValue(16);  // as the user would
        QCOMPARE(spy.count(), 2);
        QCOMPARE(panel.timesteps(), 16);

        model::NeuronSettings n;
        n.model = model::NeuronModel::If;
        n.vThreshold = 0.5;
        n.vReset = std::nullopt;
        n.decayInput = false;
        panel.setNeuron(n);
        QCOMPARE(spy.count(), 3);  // one signal for the whole change
        const model::NeuronSettings back = panel.neuron();
        QCOMPARE(back.model, model::NeuronModel::If);
        QCOMPARE(back.vThreshold, 0.5);
        QVERIFY(!back.vReset.has_value());
        QVERIFY(!back.decayInput);
        panel.setNeuron(n);
        QCOMPARE(spy.count(), 3);
    }

    void renderedGratingIsTheEngines() {
        StimulusChoice c;
        c.grating.orientationDeg = 30;
        c.grating.size = 32;
        c.grating.color = stimuli::ColorPair::RedCyan;
        const stimuli::Image rendered = gui::renderStimulus(c);
        const stimuli::Image engine = stimuli::makeGrating(c.grating);
        QCOMPARE(rendered.width, 32);
        QCOMPARE(rendered.rgb, engine.rgb);
        const QImage q = gui::toQImage(rendered);
        QCOMPARE(q.size(), QSize(32, 32));
        QCOMPARE(q.pixelColor(7, 11).red(), qRound(engine.rgb[(11 * 32 + 7) * 3] * 255.0f));
        QCOMPARE(q.pixelColor(7, 11).green(), qRound(engine.rgb[(11 * 32 + 7) * 3 + 1] * 255.0f));
    }

    void imageFileChoice() {
        QTemporaryDir dir;
        const QString png = dir.filePath("stimulus.png");
        QVERIFY(writePng(png));
        StimulusPanel panel;
        QSignalSpy spy(&panel, &StimulusPanel::stimulusChanged);
        StimulusChoice c;
        c.kind = StimulusChoice::Kind::ImageFile;
        c.imageFile = png.toStdString();
        panel.setStimulus(c);
        QCOMPARE(spy.count(), 1);
        const StimulusChoice back = panel.stimulus();
        QCOMPARE(back.kind, StimulusChoice::Kind::ImageFile);
        QCOMPARE(back.imageFile, c.imageFile);
        QCOMPARE(back.describe(), QStringLiteral("stimulus.png"));
        const stimuli::Image img = gui::renderStimulus(back);
        QCOMPARE(img.width, 5);
        QCOMPARE(img.height, 3);
        const QImage q = gui::toQImage(img);
        QCOMPARE(q.convertToFormat(QImage::Format_RGB888), testImage());
        panel.setPreview(q);  // enlarged into the preview
    }

    void unreadableFileThrows() {
        QTemporaryDir dir;
        const QString bad = dir.filePath("broken.png");
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not an image");
        f.close();
        StimulusChoice c;
        c.kind = StimulusChoice::Kind::ImageFile;
        c.imageFile = bad.toStdString();
        QVERIFY_THROWS_EXCEPTION(FileError, gui::renderStimulus(c));
        c.imageFile = dir.filePath("missing.png").toStdString();
        QVERIFY_THROWS_EXCEPTION(FileError, gui::renderStimulus(c));
    }

    void imageSetBrowserListsCategories() {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath("faces") && QDir(dir.path()).mkpath("houses"));
        for (const char* name : {"faces/a.png", "faces/b.png", "houses/c.png"}) QVERIFY(writePng(dir.filePath(name)));
        StimulusPanel panel;
        QSignalSpy listed(&panel, &StimulusPanel::imageSetListed);
        panel.setImageSetFolder(dir.path().toStdString());  // scanned off the GUI thread
        QTRY_COMPARE(listed.count(), 1);
        QCOMPARE(listed.first().first().toBool(), true);
        QTreeWidget* tree = panel.imageSetTree();
        QCOMPARE(tree->topLevelItemCount(), 2);
        QCOMPARE(tree->topLevelItem(0)->text(0), QStringLiteral("faces (2)"));
        QCOMPARE(tree->topLevelItem(1)->text(0), QStringLiteral("houses (1)"));
        QCOMPARE(tree->topLevelItem(0)->childCount(), 2);

        // Picking an image of the set is a stimulus change to that file.
        StimulusChoice c;
        c.kind = StimulusChoice::Kind::ImageFile;
        c.imageFile = dir.filePath("houses/c.png").toStdString();
        panel.setStimulus(c);
        QCOMPARE(tree->currentItem(), tree->topLevelItem(1)->child(0));
        QSignalSpy spy(&panel, &StimulusPanel::stimulusChanged);
        tree->setCurrentItem(tree->topLevelItem(0)->child(1));
        QTRY_COMPARE(spy.count(), 1);
        QCOMPARE(panel.stimulus().imageFile, std::filesystem::path(dir.filePath("faces/b.png").toStdString()));
    }

    void missingSetFolderIsReportedInline() {
        StimulusPanel panel;
        QTemporaryDir dir;
        const QString missing = dir.filePath("no-such-set");
        QSignalSpy listed(&panel, &StimulusPanel::imageSetListed);
        panel.setImageSetFolder(missing.toStdString());
        QTRY_COMPARE(listed.count(), 1);
        QCOMPARE(listed.first().first().toBool(), false);
        QCOMPARE(panel.imageSetTree()->topLevelItemCount(), 0);
        bool shown = false;
        for (const QLabel* l : panel.findChildren<QLabel*>()) shown = shown || l->text().contains("no-such-set");
        QVERIFY(shown);
    }
};

QTEST_MAIN(TestStimulusPanel)
#include "test_stimulus_panel.moc"
