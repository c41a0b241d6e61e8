// `topospike-cli demo`: writes an ordinary checkpoint + TDANN position folder that the app's own readers accept,
// labelled as an untrained demonstration network; caches it; refuses to overwrite.
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "support/cli_run.hpp"
#include "topospike/io/checkpoint.hpp"
#include "topospike/io/positions.hpp"
#include "topospike/model/network.hpp"

using testsupport::cli;

namespace {
// Small and quick: 48-pixel gratings, calibration on 8 of them, a few swaps per layer.
const QStringList kQuick{"--size", "48", "--calibration-stride", "80", "--swap-steps", "5000"};
}

class TestCliDemo : public QObject {
    Q_OBJECT
private slots:
    void writesAnOrdinaryCheckpointAndPositions() {
        QTemporaryDir tmp;
        const QString out = tmp.filePath("demo");
        const auto r = cli(QStringList{"demo", "--out", out, "--no-cache", "--json"} + kQuick);
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject j = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(j["label"].toString(), QString("untrained demonstration network"));
        QCOMPARE(j["folder"].toString(), out);

        const auto ck = topospike::io::loadCheckpoint(QDir(out).filePath("demo_resnet18.safetensors").toStdString());
        QCOMPARE(ck.argsT.value_or(0), 4);
        QCOMPARE(ck.metadata.at("topospike.demo"), std::string("untrained demonstration network"));
        auto net = topospike::model::Network::build(ck);
        QCOMPARE(static_cast<int>(net->populations().size()), 17);

        const auto set = topospike::io::readPositions(QDir(out).filePath("positions").toStdString());
        QCOMPARE(set.layers.size(), std::size_t{8});
        QVERIFY(!set.rescaled);  // final millimetres: TDANN's version-1 rescale must not apply
        const auto* l20 = set.find("layer2.0");
        QVERIFY(l20);
        QCOMPARE(l20->dims, (std::vector<std::int64_t>{128, 6, 6}));  // 48 px input
        QVERIFY(l20->sheetExtent() > 30 && l20->sheetExtent() < 40);   // TDANN's V1 sheet, 36.75 mm

        QFile readme(QDir(out).filePath("README.txt"));
        QVERIFY(readme.open(QIODevice::ReadOnly));
        const QByteArray text = readme.readAll();
        QVERIFY(text.contains("untrained demonstration network"));
        QVERIFY(text.contains("layer2.0: "));  // the swap summary of the V1 layer
    }
    void cachesTheDemo() {
        QTemporaryDir cache, tmp;
        const QStringList env{"XDG_CACHE_HOME=" + cache.path()};
        const auto first = cli(QStringList{"demo"} + kQuick, env);
        QVERIFY2(first.code == 0, first.err.constData());
        const QString folder = QString::fromUtf8(first.out).trimmed();
        QVERIFY(folder.startsWith(cache.path() + "/topospike/demo-"));
        QVERIFY(QFile::exists(folder + "/demo_resnet18.safetensors"));
        const auto second = cli(QStringList{"demo", "--out", tmp.filePath("copy")} + kQuick, env);
        QVERIFY2(second.code == 0, second.err.constData());
        QVERIFY(!second.err.contains("per mille"));  // served from the cache, not rebuilt
        QFile a(folder + "/demo_resnet18.safetensors"), b(tmp.filePath("copy/demo_resnet18.safetensors"));
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QVERIFY(a.readAll() == b.readAll());
    }
    void refusals() {
        QTemporaryDir tmp;
        QDir(tmp.path()).mkdir("full");
        QFile f(tmp.filePath("full/keep.txt"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("user data");
        f.close();
        auto r = cli(QStringList{"demo", "--out", tmp.filePath("full"), "--no-cache"} + kQuick);
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("not empty"));
        QVERIFY(QFile::exists(tmp.filePath("full/keep.txt")));
        r = cli({"demo", "--no-cache"});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("--no-cache needs --out"));
        r = cli({"demo", "--swap-steps", "lots"});
        QCOMPARE(r.code, 2);
        QCOMPARE(QDir(tmp.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::Hidden).size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestCliDemo)
#include "test_cli_demo.moc"
