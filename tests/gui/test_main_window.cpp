// The GUI main window opens a checkpoint in the background and shows its layers; refusals leave it usable.
#include <QApplication>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>

#include "gui/main_window.hpp"
#include "support/fixtures.hpp"

using testsupport::fixture;

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QCoreApplication::setOrganizationName("TopoSpikeTests"); }

    void opensCheckpoint() {
        topospike::gui::MainWindow w;
        w.show();
        QSignalSpy done(&w, &topospike::gui::MainWindow::loadFinished);
        w.openPath(fixture("sj_train_classify.pth"));
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 30000);
        QCOMPARE(done.first().first().toBool(), true);
        auto* tree = w.findChild<QTreeWidget*>();
        QVERIFY(tree);
        QCOMPARE(tree->topLevelItemCount(), 8);
        QCOMPARE(tree->topLevelItem(2)->text(0), QString("layer2.0"));
        QVERIFY(w.windowTitle().contains("sj_train_classify.pth"));
    }

    void refusalKeepsWindowUsable() {
        topospike::gui::MainWindow w;
        QSignalSpy done(&w, &topospike::gui::MainWindow::loadFinished);
        w.openPath(fixture("hostile_eval.pth"));
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 30000);
        auto* box = w.findChild<QMessageBox*>();
        QVERIFY(box);  // the refusal is shown, without blocking the event loop
        QVERIFY(box->text().contains("__builtin__.eval"));
        box->close();
        QCOMPARE(done.first().first().toBool(), false);
        QVERIFY(w.lastError().contains("__builtin__.eval"));
        // and the next file still opens
        w.openPath(fixture("wrap_net.pth"));
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 2, 30000);
        QCOMPARE(done.last().first().toBool(), true);
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
