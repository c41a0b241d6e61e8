// Crash recovery: a marker left by a process that no longer runs means the last run did not end cleanly; a marker of
// a running process (another open TopoSpike) does not; a clean exit removes the marker.
#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <fstream>

#include "gui/crash_guard.hpp"

using topospike::gui::CrashGuard;

class TestCrashGuard : public QObject {
    Q_OBJECT
private slots:
    void freshStartIsNotACrash() {
        QTemporaryDir dir;
        const std::filesystem::path marker = dir.filePath("state/running.pid").toStdString();
        {
            CrashGuard guard(marker);
            QVERIFY(!guard.previousRunCrashed());
            QVERIFY(std::filesystem::exists(marker));  // the folder is created as well
        }
        QVERIFY(!std::filesystem::exists(marker));  // a clean exit removes it
    }

    void markerOfADeadProcessIsACrash() {
        QTemporaryDir dir;
        const std::filesystem::path marker = dir.filePath("running.pid").toStdString();
        std::ofstream(marker) << 2147483000 << '\n';  // far above pid_max: no such process
        CrashGuard guard(marker);
        QVERIFY(guard.previousRunCrashed());
    }

    void markerOfARunningProcessIsNotACrash() {
        QTemporaryDir dir;
        const std::filesystem::path marker = dir.filePath("running.pid").toStdString();
        std::ofstream(marker) << 1 << '\n';  // init is always running
        CrashGuard guard(marker);
        QVERIFY(!guard.previousRunCrashed());
    }

    void garbageMarkerIsNotACrash() {
        QTemporaryDir dir;
        const std::filesystem::path marker = dir.filePath("running.pid").toStdString();
        std::ofstream(marker) << "not a pid";
        CrashGuard guard(marker);
        QVERIFY(!guard.previousRunCrashed());
    }
};

QTEST_MAIN(TestCrashGuard)
#include "test_crash_guard.moc"
