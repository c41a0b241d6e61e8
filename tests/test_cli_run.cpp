// topospike-cli run / bench: the recording holds one array per recorded layer named as the layer, [N, T, C, H, W]
// uint8 (NumPy reads it), with exactly the spikes the engine computes in-process; logits float32; bad input and bad
// options give exit 2 and one stderr line, and no output file.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "support/cli_run.hpp"
#include "support/fixtures.hpp"
#include "support/python_check.hpp"
#include "topospike/io/checkpoint.hpp"
#include "topospike/io/npy.hpp"
#include "topospike/model/network.hpp"
#include "topospike/run/simulator.hpp"
#include "topospike/stimuli/gratings.hpp"

using testsupport::fixture;
using namespace topospike;

namespace {
using Run = testsupport::CliRun;
using testsupport::cli;
const char* const kNet = "spiking/spiking_r18w16_in64_T4.pth";
}  // namespace

class TestCliRun : public QObject {
    Q_OBJECT
private slots:
    void recordingMatchesEngine() {
        QTemporaryDir dir;
        const QString out = dir.filePath("rec.npz");
        const QStringList images{fixture("images/jpeg/color444.jpg"), fixture("images/png/rgb8.png")};
        const Run r = cli({"run", fixture(kNet), "--image", images[0], "--image", images[1], "--resize", "64", "--crop",
                           "64", "--record", out, "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject summary = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(summary["images"].toInt(), 2);
        QCOMPARE(summary["T"].toInt(), 4);  // from the checkpoint's args.T
        QCOMPARE(summary["layers"].toArray().size(), 9);

        // in-process: the same stimuli through the engine
        const auto net = model::Network::build(io::loadCheckpoint(fixture(kNet).toStdString()));
        run::RunOptions o;
        o.T = 4;
        const run::Simulator sim(net, o);
        stimuli::PreprocessOptions pre;
        pre.resize = pre.crop = 64;
        const auto npz = io::NpzFile::open(out.toStdString());
        for (int i = 0; i < 2; ++i) {
            const auto result = sim.run(stimuli::readInputImage(images[i].toStdString(), pre));
            for (const auto& layer : result.layers) {
                const auto a = npz.get(layer.name());
                QCOMPARE(a.tensor.dtype(), DType::U8);
                QCOMPARE(a.tensor.shape(), (std::vector<std::int64_t>{2, 4, layer.channels(), layer.height(), layer.width()}));
                const auto want = layer.toUint8();
                const auto* got = reinterpret_cast<const std::uint8_t*>(a.tensor.bytes().data()) + i * want.size();
                QVERIFY2(std::equal(want.begin(), want.end(), got), layer.name().c_str());
            }
            const auto logits = npz.get("logits").tensor.toFloat();
            QCOMPARE(npz.get("logits").tensor.shape(), (std::vector<std::int64_t>{2, 10}));
            for (std::size_t k = 0; k < result.logits.size(); ++k) QCOMPARE(logits[i * 10 + k], result.logits[k]);
        }
        // NumPy reads it as documented
        QString pyOut;
        const bool ok = testsupport::runPython(
            "import sys, numpy as np\n"
            "z = np.load(sys.argv[1])\n"
            "names = ['stem'] + ['layer%d.%d' % (s, b) for s in range(1, 5) for b in range(2)]\n"
            "assert all(z[n].dtype == np.uint8 and z[n].ndim == 5 and z[n].shape[:2] == (2, 4) for n in names), z.files\n"
            "assert set(np.unique(z['layer2.0'])) <= {0, 1}\n"
            "assert z['logits'].dtype == np.float32 and z['logits_t'].shape == (2, 4, 10)\n"
            "assert np.allclose(z['logits_t'].mean(axis=1), z['logits'], atol=1e-5)\n",
            {out}, &pyOut);
        QVERIFY2(ok, qPrintable(pyOut));
    }

    void singleImageHasNoLeadingAxis() {
        QTemporaryDir dir;
        const QString out = dir.filePath("one.npz");
        const Run r = cli({"run", fixture(kNet), "--image", fixture("images/png/rgb8.png"), "--resize", "64", "--crop",
                           "64", "--T", "2", "--record", out});
        QVERIFY2(r.code == 0, r.err.constData());
        const auto npz = io::NpzFile::open(out.toStdString());
        QCOMPARE(npz.get("layer4.1").tensor.shape(), (std::vector<std::int64_t>{2, 128, 2, 2}));
        QCOMPARE(npz.get("logits").tensor.shape(), (std::vector<std::int64_t>{10}));
    }

    void layerOptionRecordsOnlyThoseLayers() {
        QTemporaryDir dir;
        const QString out = dir.filePath("some.npz");
        const Run r = cli({"run", fixture(kNet), "--image", fixture("images/png/rgb8.png"), "--resize", "64", "--crop",
                           "64", "--T", "2", "--layer", "layer2.0", "--layer", "layer4.1", "--record", out});
        QVERIFY2(r.code == 0, r.err.constData());
        const auto npz = io::NpzFile::open(out.toStdString());
        QCOMPARE(npz.names(), (std::vector<std::string>{"layer2.0", "layer4.1", "logits", "logits_t"}));
    }

    void recordDirStreamsOneFilePerStimulus() {
        QTemporaryDir dir;
        const QString out = dir.filePath("recs");
        const Run r = cli({"run", fixture(kNet), "--image", fixture("images/png/rgb8.png"), "--image",
                           fixture("images/jpeg/color444.jpg"), "--resize", "64", "--crop", "64", "--record-dir", out});
        QVERIFY2(r.code == 0, r.err.constData());
        const auto one = io::NpzFile::open((out + "/0000_rgb8.npz").toStdString());
        const auto two = io::NpzFile::open((out + "/0001_color444.npz").toStdString());
        QCOMPARE(one.get("layer2.0").tensor.shape(), (std::vector<std::int64_t>{4, 32, 8, 8}));
        QCOMPARE(two.get("logits").tensor.shape(), (std::vector<std::int64_t>{10}));
        // the streamed files hold what the combined recording holds
        const QString combined = dir.filePath("all.npz");
        QCOMPARE(cli({"run", fixture(kNet), "--image", fixture("images/png/rgb8.png"), "--image",
                      fixture("images/jpeg/color444.jpg"), "--resize", "64", "--crop", "64", "--record", combined}).code, 0);
        const auto all = io::NpzFile::open(combined.toStdString());
        const auto a = all.get("layer3.1").tensor, b = two.get("layer3.1").tensor;
        QVERIFY(std::equal(b.bytes().begin(), b.bytes().end(), a.bytes().begin() + static_cast<std::ptrdiff_t>(b.nbytes())));
    }

    void gratings() {
        QTemporaryDir dir;
        const QString out = dir.filePath("g.npz");
        const Run r = cli({"run", fixture(kNet), "--grating", "ori=45,sf=31.63,phase=0,size=64", "--grating",
                           "ori=90,cpd=2,color=red-cyan,size=64", "--resize", "64", "--crop", "64", "--T", "2",
                           "--record", out});
        QVERIFY2(r.code == 0, r.err.constData());
        const auto npz = io::NpzFile::open(out.toStdString());
        QCOMPARE(npz.get("layer1.0").tensor.shape()[0], 2);
        // the same grating rendered in-process gives the same spikes
        stimuli::GratingSpec g;
        g.orientationDeg = 45;
        g.cyclesPerImage = 31.63;
        g.size = 64;
        stimuli::PreprocessOptions pre;
        pre.resize = pre.crop = 64;
        run::RunOptions o;
        o.T = 2;
        const auto result = run::Simulator(model::Network::build(io::loadCheckpoint(fixture(kNet).toStdString())), o)
                                .run(stimuli::preprocess(stimuli::makeGrating(g), pre));
        const auto want = result.find("layer2.0")->toUint8();
        const auto a = npz.get("layer2.0").tensor;
        QVERIFY(std::equal(want.begin(), want.end(), reinterpret_cast<const std::uint8_t*>(a.bytes().data())));
    }

    void annRecordsFloats() {
        QTemporaryDir dir;
        const QString out = dir.filePath("ann.npz");
        const Run r = cli({"run", fixture("spiking/ann_r18w8_in64_T1.pth"), "--image", fixture("images/png/rgb8.png"),
                           "--resize", "64", "--crop", "64", "--neuron", "ann", "--record", out});
        QVERIFY2(r.code == 0, r.err.constData());
        const auto npz = io::NpzFile::open(out.toStdString());
        QCOMPARE(npz.get("layer1.0").tensor.dtype(), DType::F32);
        QCOMPARE(npz.get("layer1.0").tensor.shape()[0], 1);  // ANN: T = 1
    }

    void refusals_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString net = fixture(kNet);
        const QString png = fixture("images/png/rgb8.png");
        QTest::newRow("no image") << QStringList{"run", net} << "--image";
        QTest::newRow("bad grating key") << QStringList{"run", net, "--grating", "ori=45,wavelength=3"} << "wavelength";
        QTest::newRow("bad grating contrast") << QStringList{"run", net, "--grating", "contrast=2"} << "contrast";
        QTest::newRow("unknown set") << QStringList{"run", net, "--gratings", "floc"} << "tdann";
        QTest::newRow("damaged image") << QStringList{"run", net, "--image", fixture("images/bad/truncated.png")} << "truncated";
        QTest::newRow("T out of range") << QStringList{"run", net, "--image", png, "--T", "65"} << "--T";
        QTest::newRow("bad neuron") << QStringList{"run", net, "--image", png, "--neuron", "izhikevich"} << "--neuron";
        QTest::newRow("bad tau") << QStringList{"run", net, "--image", png, "--tau", "0.5"} << "tau";
        QTest::newRow("unknown option") << QStringList{"run", net, "--image", png, "--frobnicate"} << "--frobnicate";
        QTest::newRow("not a checkpoint") << QStringList{"run", png, "--image", png} << "rgb8.png";
        QTest::newRow("crop too large") << QStringList{"run", net, "--image", png, "--resize", "32", "--crop", "64"} << "crop";
        QTest::newRow("sizes differ") << QStringList{"run", net, "--image", png, "--image", fixture("images/jpeg/color444.jpg"),
                                                     "--resize", "32", "--crop", "0"} << "--record-dir";
        QTest::newRow("unknown layer") << QStringList{"run", net, "--image", png, "--layer", "layer9.0"} << "layer9.0";
        QTest::newRow("bench size") << QStringList{"bench", net, "--size", "4"} << "--size";
    }
    void refusals() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString out = dir.filePath("never.npz");
        const Run r = cli(args.first() == "run" ? args + QStringList{"--record", out} : args);
        QCOMPARE(r.code, 2);
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
        QVERIFY(!QFile::exists(out));
    }

    void benchJson() {
        const Run r = cli({"bench", fixture(kNet), "--size", "64", "--T", "2", "--batch", "3", "--threads", "2",
                           "--seconds", "0.2", "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject b = QJsonDocument::fromJson(r.out).object();
        QVERIFY(b["images_per_s"].toDouble() > 0);
        QVERIFY(b["latency_ms"].toDouble() > 0);
        const QJsonArray layers = b["layers"].toArray();
        QVERIFY(layers.size() >= 17);  // stem, maxpool, 2 convs per block + 3 downsamples, head
        for (const auto& l : layers) {
            const QJsonObject o = l.toObject();
            QVERIFY(o["ms"].toDouble() >= 0);
            if (o["name"].toString().contains(".conv"))
                QVERIFY(o["kernel"].toString() == "dense" || o["kernel"].toString() == "event");
        }
    }
};

QTEST_GUILESS_MAIN(TestCliRun)
#include "test_cli_run.moc"
