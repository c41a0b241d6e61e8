// topospike-cli info: text and JSON output, exit 0 on success, exit 2 and one stderr line on refusal.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "support/cli_run.hpp"
#include "support/fixtures.hpp"
#include "topospike/io/positions.hpp"

using testsupport::fixture;

namespace {
using Run = testsupport::CliRun;
using testsupport::cli;
QJsonObject json(const QStringList& args) {
    const Run r = cli(args);
    if (r.code != 0) qWarning("%s", r.err.constData());
    return QJsonDocument::fromJson(r.out).object();
}
}  // namespace

class TestCliInfo : public QObject {
    Q_OBJECT
private slots:
    void resnet18Json() {
        const QJsonObject s = json({"info", fixture("resnet18_bare.pth"), "--json"});
        QCOMPARE(s["format"].toString(), QString("pytorch-zip"));
        QCOMPARE(s["architecture"].toString(), QString("resnet18"));
        QCOMPARE(s["block"].toString(), QString("spiking"));
        QCOMPARE(s["tensors"].toInt(), 122);
        QCOMPARE(s["parameters"].toInteger(), 11689512);
        QCOMPARE(s["num_classes"].toInt(), 1000);
        const QJsonArray layers = s["layers"].toArray();
        QCOMPARE(layers.size(), 8);
        QCOMPARE(layers[2].toObject()["name"].toString(), QString("layer2.0"));
        QCOMPARE(layers[2].toObject()["C"].toInt(), 128);
        QCOMPARE(layers[2].toObject()["H"].toInt(), 28);
        QCOMPARE(layers[7].toObject()["W"].toInt(), 7);
        QVERIFY(s["T"].isNull());
    }

    void trainingCheckpointJson() {
        const QJsonObject s = json({"info", fixture("sj_train_classify.pth"), "--json"});
        QCOMPARE(s["wrapper"].toString(), QString("model"));
        QCOMPARE(s["block"].toString(), QString("sew-add"));
        QCOMPARE(s["T"].toInt(), 4);
        QCOMPARE(s["num_classes"].toInt(), 10);
        const QJsonObject o = json({"info", fixture("sj_train_classify.pth"), "--json", "--block", "sew-iand"});
        QCOMPARE(o["block"].toString(), QString("sew-iand"));
        QCOMPARE(o["block_source"].toString(), QString("--block"));
        const QJsonObject d = json({"info", fixture("fp16.pth"), "--json"});
        QCOMPARE(d["dtypes"].toObject()["float16"].toInt(), 102);
    }

    void text() {
        const Run r = cli({"info", fixture("resnet18_cifar100_w8.pth")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("CIFAR"), r.out.constData());
        QVERIFY(r.out.contains("layer4.1"));
        QVERIFY(r.out.contains("100"));
    }

    void refusals_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("phrase");
        QTest::newRow("hostile") << QStringList{"info", fixture("hostile_os_system.pth")} << "posix.system";
        QTest::newRow("legacy") << QStringList{"info", fixture("legacy.pth"), "--json"} << "legacy";
        QTest::newRow("not a resnet") << QStringList{"info", fixture("strided_shared.pth")} << "conv1.weight";
        QTest::newRow("missing") << QStringList{"info", fixture("nope.pth")} << "no such file";
        QTest::newRow("bad block") << QStringList{"info", fixture("wrap_net.pth"), "--block", "relu"} << "--block";
        QTest::newRow("no file") << QStringList{"info"} << "usage";
        QTest::newRow("unknown command") << QStringList{"frobnicate"} << "unknown command";
    }
    void refusals() {
        QFETCH(QStringList, args);
        QFETCH(QString, phrase);
        const Run r = cli(args);
        QCOMPARE(r.code, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains(phrase.toUtf8()), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);
    }

    void positionFolderAndNativeFile() {
        // TDANN folder without version.txt: version 1, rescaled (layer2.0 ×1.5, layer4.1 ×7).
        const QJsonObject s = json({"info", fixture("numpy/positions/tdann_v1"), "--json"});
        QCOMPARE(s["kind"].toString(), QString("positions"));
        QCOMPARE(s["format"].toString(), QString("tdann-folder"));
        QCOMPARE(s["rescaled"].toBool(), true);
        const QJsonArray layers = s["layers"].toArray();
        QCOMPARE(layers.first().toObject()["name"].toString(), QString("layer2.0"));
        // The same positions written as a TopoSpike file named .safetensors are recognised by content.
        QTemporaryDir dir;
        const auto set = topospike::io::readPositions(fixture("numpy/positions/tdann_v1").toStdString());
        const QString native = dir.filePath("pos.safetensors");
        topospike::io::writePositions(native.toStdString(), set);
        const QJsonObject n = json({"info", native, "--json"});
        QCOMPARE(n["format"].toString(), QString("topospike"));
        QCOMPARE(n["layers"].toArray().size(), layers.size());
        QCOMPARE(n["layers"].toArray().first().toObject()["sheet_mm"].toDouble(),
                 layers.first().toObject()["sheet_mm"].toDouble());
        const Run bad = cli({"info", fixture("numpy/positions/tdann_bad_dims")});
        QCOMPARE(bad.code, 2);
        QCOMPARE(bad.err.count('\n'), 1);
    }

    void version() {
        const Run r = cli({"--version"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.startsWith("topospike-cli "));
    }
};

QTEST_GUILESS_MAIN(TestCliInfo)
#include "test_cli_info.moc"
