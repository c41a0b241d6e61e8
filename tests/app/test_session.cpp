// Session files: save → load → save gives the same bytes, paths stay relative to the session's folder (so a moved
// folder still opens), damaged or foreign files are refused naming the file, and a failed save leaves no file.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

#include "options/session.hpp"
#include "topospike/error.hpp"

using namespace topospike::options;
namespace fs = std::filesystem;

namespace {

fs::path toPath(const QString& s) { return fs::path(s.toStdString()); }

QByteArray readAll(const fs::path& file) {
    QFile f(QString::fromStdString(file.string()));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeAll(const fs::path& file, const QByteArray& bytes) {
    QFile f(QString::fromStdString(file.string()));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

/// JSON written with single quotes for readability in C++ strings.
QByteArray json(const char* singleQuoted) { return QByteArray(singleQuoted).replace('\'', '"'); }

Session sampleSession(const QDir& dir) {
    Session s;
    s.checkpoint = toPath(dir.filePath("nets/model.pth"));
    s.positions = toPath(dir.filePath("nets/positions"));
    for (const auto& [name, value] : std::initializer_list<std::pair<const char*, const char*>>{
             {"layer", "layer3.1"}, {"color-by", "t"}, {"colormap", "bwr"}, {"T", "8"}, {"sf", "0.1"},
             {"width", "3.5in"}, {"vector", "on"}, {"v-reset", "none"}, {"threads", "4"},
             {"zoom-window", "10,60,20,80"}})
        [&] { QCOMPARE(s.options.set(name, value), QString()); }();
    s.options.set("image", dir.filePath("img/cat.png"));
    s.options.set("title", QString::fromUtf8("Orientation \"map\"\tV1 \xe2\x80\x94 \\ done\n"));
    s.zoom = 2.5;
    s.centerMm = std::make_pair(1.25, -0.1);
    s.pinned = {{"layer2.0", 1234}, {"layer4.1", 0}};
    return s;
}

}  // namespace

class TestSession : public QObject {
    Q_OBJECT
private slots:
    void roundTripGivesIdenticalBytes() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QDir root(dir.path());
        const Session original = sampleSession(root);
        const fs::path first = toPath(root.filePath("first.json")), second = toPath(root.filePath("second.json"));
        saveSession(first, original);
        const Session loaded = loadSession(first);
        saveSession(second, loaded);
        QCOMPARE(readAll(second), readAll(first));

        QCOMPARE(loaded.checkpoint, original.checkpoint);
        QCOMPARE(loaded.positions, original.positions);
        QCOMPARE(loaded.zoom, 2.5);
        QVERIFY(loaded.centerMm.has_value());
        QCOMPARE(loaded.centerMm->second, -0.1);
        QVERIFY(loaded.pinned == original.pinned);
        for (const char* name : {"layer", "color-by", "colormap", "T", "sf", "width", "vector", "v-reset", "image",
                                 "title", "zoom-window"}) {
            QVERIFY2(loaded.options.isSet(name), name);
            QCOMPARE(loaded.options.value(name), original.options.value(name));
        }
        QVERIFY(!loaded.options.isSet("threads"));  // not a session setting
        QVERIFY(!loaded.options.isSet("dpi"));      // defaults stay unwritten

        const QByteArray text = readAll(first);
        QVERIFY(text.startsWith(json("{\n    'format': 'topospike-session',\n    'version': 1,\n")));
        QVERIFY(text.contains(json("'checkpoint': 'nets/model.pth'")));
        QVERIFY(text.contains(json("'image': 'img/cat.png'")));
        QVERIFY(!text.contains(root.path().toUtf8()));
        QVERIFY(!text.contains("threads"));
    }

    void emptySessionRoundTrips() {
        QTemporaryDir dir;
        const fs::path file = toPath(dir.filePath("empty.json"));
        saveSession(file, Session{});
        const QByteArray bytes = readAll(file);
        const Session loaded = loadSession(file);
        QVERIFY(loaded.checkpoint.empty());
        QVERIFY(loaded.positions.empty());
        QVERIFY(loaded.options.explicitValues().empty());
        QVERIFY(!loaded.centerMm.has_value());
        QVERIFY(loaded.pinned.empty());
        saveSession(file, loaded);
        QCOMPARE(readAll(file), bytes);
    }

    void movedFolderStillResolves() {
        QTemporaryDir dir;
        QDir root(dir.path());
        QVERIFY(root.mkpath("a/sessions"));
        Session s;
        s.checkpoint = toPath(root.filePath("a/nets/model.pth"));
        s.options.set("image-set", root.filePath("a/images"));
        saveSession(toPath(root.filePath("a/sessions/s.json")), s);
        QVERIFY(readAll(toPath(root.filePath("a/sessions/s.json"))).contains(json("'checkpoint': '../nets/model.pth'")));
        QVERIFY(root.rename("a", "b"));
        const Session loaded = loadSession(toPath(root.filePath("b/sessions/s.json")));
        QCOMPARE(loaded.checkpoint, toPath(root.filePath("b/nets/model.pth")));
        QCOMPARE(loaded.options.value("image-set").toString(), root.filePath("b/images"));
        QVERIFY(loaded.positions.empty());
    }

    void refusals_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("problem");
        QTest::newRow("not JSON") << QByteArray("hello") << "not JSON";
        QTest::newRow("truncated") << json("{'format': 'topospike-session', 'version': 1, 'options': {'T': ")
                                   << "not JSON";
        QTest::newRow("empty") << QByteArray() << "not JSON";
        QTest::newRow("array") << json("[1, 2]") << "not a TopoSpike session (not a JSON object)";
        QTest::newRow("other format") << json("{'format': 'something-else', 'version': 1}")
                                      << "not a TopoSpike session (format is not \"topospike-session\")";
        QTest::newRow("newer") << json("{'format': 'topospike-session', 'version': 7}")
                               << "written by a newer TopoSpike (version 7); this one reads version 1";
        QTest::newRow("version text") << json("{'format': 'topospike-session', 'version': 'one'}")
                                      << "version is not a positive whole number";
        QTest::newRow("bad value") << json("{'format': 'topospike-session', 'version': 1, 'options': {'dpi': 5000}}")
                                   << "--dpi: 5000 is outside 50..2400";
        QTest::newRow("bad choice")
            << json("{'format': 'topospike-session', 'version': 1, 'options': {'color-by': 'hue'}}")
            << "--color-by: 'hue' is not one of orientation, sf, color, t, categories, rate, entropy, spikes, membrane";
        QTest::newRow("wrong type") << json("{'format': 'topospike-session', 'version': 1, 'options': {'vector': 3}}")
                                    << "--vector: expected true or false, got '3'";
        QTest::newRow("null value") << json("{'format': 'topospike-session', 'version': 1, 'options': {'T': null}}")
                                    << "--T: expected a number, text or true/false";
        QTest::newRow("unknown option")
            << json("{'format': 'topospike-session', 'version': 1, 'options': {'colour-by': 'sf'}}")
            << "unknown option 'colour-by'";
        QTest::newRow("not in sessions")
            << json("{'format': 'topospike-session', 'version': 1, 'options': {'threads': 4}}")
            << "--threads is not a session setting";
        QTest::newRow("unknown key") << json("{'format': 'topospike-session', 'version': 1, 'extra': 1}")
                                     << "unknown key 'extra'";
        QTest::newRow("checkpoint number") << json("{'format': 'topospike-session', 'version': 1, 'checkpoint': 3}")
                                           << "checkpoint is not a path";
        QTest::newRow("zoom") << json("{'format': 'topospike-session', 'version': 1, 'view': {'zoom': -1}}")
                              << "view: zoom is not a positive number";
        QTest::newRow("center") << json("{'format': 'topospike-session', 'version': 1, 'view': {'center-mm': [1]}}")
                                << "view: center-mm is not [x, y] in mm";
        QTest::newRow("pinned unit")
            << json("{'format': 'topospike-session', 'version': 1, 'pinned': [{'layer': 'layer2.0', 'unit': 1.5}]}")
            << "pinned[0]: unit is not a non-negative whole number";
        QTest::newRow("pinned key")
            << json("{'format': 'topospike-session', 'version': 1, 'pinned': [{'layer': 'l', 'unit': 1, 'x': 0}]}")
            << "pinned[0]: unknown key 'x'";
    }
    void refusals() {
        QFETCH(QByteArray, content);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        const fs::path file = toPath(dir.filePath("bad session.json"));
        writeAll(file, content);
        try {
            loadSession(file);
        } catch (const topospike::FileError& e) {
            QCOMPARE(QString::fromStdString(e.file()), QString::fromStdString(file.string()));
            QVERIFY2(QString::fromStdString(e.reason()).startsWith(problem), e.what());
            QVERIFY(QString(e.what()).startsWith(QString::fromStdString(file.string()) + ": "));
            return;
        }
        QFAIL("no FileError");
    }

    void truncatedSavedSessionIsRefused() {
        QTemporaryDir dir;
        const fs::path file = toPath(dir.filePath("s.json"));
        saveSession(file, sampleSession(QDir(dir.path())));
        const QByteArray bytes = readAll(file);
        writeAll(file, bytes.left(bytes.size() / 2));
        QVERIFY_THROWS_EXCEPTION(topospike::FileError, loadSession(file));
    }

    void missingFileIsRefused() {
        QTemporaryDir dir;
        const fs::path file = toPath(dir.filePath("none.json"));
        try {
            loadSession(file);
            QFAIL("no FileError");
        } catch (const topospike::FileError& e) {
            QCOMPARE(QString::fromStdString(e.file()), QString::fromStdString(file.string()));
            QVERIFY2(QString::fromStdString(e.reason()).startsWith("cannot open"), e.what());
        }
    }

    void failedSaveLeavesNoFile() {
        QTemporaryDir dir;
        const QDir root(dir.path());
        // An unwritable place: the folder does not exist.
        const fs::path nowhere = toPath(root.filePath("missing/s.json"));
        QVERIFY_THROWS_EXCEPTION(topospike::FileError, saveSession(nowhere, Session{}));
        QVERIFY(!fs::exists(nowhere));
        // A session that cannot be written (NaN zoom) leaves an earlier file as it was and no temporary files.
        const fs::path file = toPath(root.filePath("s.json"));
        saveSession(file, Session{});
        const QByteArray before = readAll(file);
        Session broken;
        broken.zoom = std::nan("");
        QVERIFY_THROWS_EXCEPTION(topospike::FileError, saveSession(file, broken));
        QCOMPARE(readAll(file), before);
        QCOMPARE(root.entryList(QDir::Files | QDir::Hidden), QStringList{"s.json"});
        // A folder in the way of the file.
        QVERIFY(root.mkdir("taken.json"));
        QVERIFY_THROWS_EXCEPTION(topospike::FileError, saveSession(toPath(root.filePath("taken.json")), Session{}));
        QCOMPARE(root.entryList(QDir::Files | QDir::Hidden), QStringList{"s.json"});
    }
};

QTEST_MAIN(TestSession)
#include "test_session.moc"
