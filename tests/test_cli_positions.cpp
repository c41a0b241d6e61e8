// topospike-cli positions init / optimize: TDANN folders NumPy reads in spacetorch's layout with version 2 (no
// second rescale by TDANN or by our reader), .tspos output, whole checkpoints, the swap optimisation end to end
// (identical to the engine in-process), and refused input: exit 2, one stderr line, no output left behind.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

#include "support/cli_run.hpp"
#include "support/fixtures.hpp"
#include "support/python_check.hpp"
#include "topospike/analysis/responses.hpp"
#include "topospike/io/checkpoint.hpp"
#include "topospike/io/positions.hpp"
#include "topospike/model/architecture.hpp"
#include "topospike/sheet/retinotopic.hpp"
#include "topospike/sheet/swap_optimizer.hpp"

using namespace topospike;
using testsupport::cli;
using testsupport::fixture;

namespace {

const char* const kNet = "spiking/spiking_r18w16_in64_T4.pth";

bool exists(const QString& path) { return QFileInfo::exists(path); }

void expectRefused(const QStringList& args, const QString& out, const char* mention) {
    const testsupport::CliRun r = cli(args);
    QVERIFY2(r.code == 2, qPrintable(args.join(' ') + " -> " + QString::number(r.code) + " " + r.err));
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY2(r.err.contains(mention), r.err.constData());
    QVERIFY2(!exists(out), qPrintable(out));
}

std::vector<double> sortedPairs(const std::vector<double>& xy) {
    std::vector<std::pair<double, double>> pts;
    for (std::size_t i = 0; i < xy.size(); i += 2) pts.emplace_back(xy[i], xy[i + 1]);
    std::sort(pts.begin(), pts.end());
    std::vector<double> out;
    for (const auto& [x, y] : pts) out.insert(out.end(), {x, y});
    return out;
}

/// Random float32 responses [images, C, H, W] written by NumPy.
bool writeResponses(const QString& path, int images, const QString& dims, int seed) {
    QString log;
    const bool ok = testsupport::runPython(
        "import sys, numpy as np\n"
        "dims = [int(v) for v in sys.argv[2].split(',')]\n"
        "r = np.random.default_rng(int(sys.argv[4])).random((int(sys.argv[3]), *dims)).astype(np.float32)\n"
        "np.save(sys.argv[1], r)\n",
        {path, dims, QString::number(images), QString::number(seed)}, &log);
    if (!ok) qWarning("%s", qPrintable(log));
    return ok;
}

}  // namespace

class TestCliPositions : public QObject {
    Q_OBJECT
private slots:
    void initWritesTdannFolder() {
        QTemporaryDir dir;
        const QString folder = dir.filePath("pos");
        const testsupport::CliRun r = cli({"positions", "init", "--layer", "layer2.0", "--dims", "16,10,10", "--seed", "7",
                                           "--tissue-mm", "8", "--out", folder, "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject s = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(s["format"].toString(), QString("tdann-folder"));
        const QJsonObject layer = s["layers"].toArray().first().toObject();
        QCOMPARE(layer["name"].toString(), QString("layer2.0"));
        QCOMPARE(layer["area"].toString(), QString("V1"));
        QCOMPARE(layer["source"].toString(), QString("retinotopic initialisation (unoptimised), seed 7"));

        const QString small = dir.filePath("small");
        QCOMPARE(cli({"positions", "init", "--layer", "layer2.0", "--dims", "16,10,10", "--out", small}).code, 0);
        QCOMPARE(io::readPositions(small.toStdString()).layers.front().neighborhoodCount, std::int64_t{0});
        // NumPy sees spacetorch's save_np layout; TDANN's get_positions would not rescale a version-2 folder.
        QString log;
        const bool ok = testsupport::runPython(
            "import sys, pathlib, numpy as np\n"
            "d = pathlib.Path(sys.argv[1])\n"
            "assert sorted(p.name for p in d.iterdir()) == ['layer2.0.npz', 'version.txt'], list(d.iterdir())\n"
            "z = np.load(d / 'layer2.0.npz')\n"
            "assert z.files == ['name', 'dims', 'coordinates', 'neighborhood_indices', 'neighborhood_width'], z.files\n"
            "assert z['name'].dtype == np.dtype('<U8') and z['name'].shape == () and z['name'][()] == 'layer2.0'\n"
            "assert z['dims'].dtype == np.int64 and z['dims'].tolist() == [16, 10, 10]\n"
            "c = z['coordinates']\n"
            "assert c.dtype == np.float64 and c.shape == (1600, 2)\n"
            "h = z['neighborhood_indices']\n"
            "assert h.dtype == np.int64 and h.ndim == 2 and h.shape[0] > 0 and h.min() >= 0 and h.max() < 1600\n"
            "w = z['neighborhood_width']\n"
            "assert w.dtype == np.float64 and w.shape == () and w[()] == 1.626\n"
            "version = int(open(d / 'version.txt').readline())\n"
            "assert version == 2 and version != 1.0  # core.get_positions rescales only version 1\n"
            "assert abs(np.ptp(c, axis=0).max() - 8) < 0.05, np.ptp(c, axis=0)\n"
            "e = np.load(pathlib.Path(sys.argv[2]) / 'layer2.0.npz')['neighborhood_indices']\n"
            "assert e.dtype == np.int64 and e.shape == (0, 0), e.shape  # a layer too small for neighborhoods\n",
            {folder, small}, &log);
        QVERIFY2(ok, qPrintable(log));

        // Our reader does not rescale it either: the same seed written as .tspos reads back identical, and both
        // equal the engine's initialisation.
        const QString tspos = dir.filePath("pos.tspos");
        QCOMPARE(cli({"positions", "init", "--layer", "layer2.0", "--dims", "16,10,10", "--seed", "7", "--tissue-mm", "8", "--out",
                      tspos}).code,
                 0);
        const io::PositionSet a = io::readPositions(folder.toStdString());
        const io::PositionSet b = io::readPositions(tspos.toStdString());
        QVERIFY(!a.rescaled);
        QCOMPARE(a.version, 2);
        sheet::RetinotopicParams params = sheet::RetinotopicParams::forArea(sheet::Area::V1, 7);
        params.tissueMm = 8;
        const io::LayerPositions want = sheet::initRetinotopic("layer2.0", {16, 10, 10}, params);
        QCOMPARE(a.layers.front().coordinates, want.coordinates);
        QCOMPARE(b.layers.front().coordinates, want.coordinates);
        QCOMPARE(a.layers.front().neighborhoodIndices, want.neighborhoodIndices);
        QCOMPARE(a.layers.front().neighborhoodWidth, 1.626);
        QCOMPARE(b.layers.front().area, std::string("V1"));

        // Writing again over our own folder is allowed.
        QCOMPARE(cli({"positions", "init", "--layer", "layer2.0", "--dims", "16,10,10", "--seed", "8", "--tissue-mm", "8", "--out",
                      folder}).code,
                 0);
        QVERIFY(io::readPositions(folder.toStdString()).layers.front().coordinates != want.coordinates);
    }

    void initOptionsForOneLayer() {
        QTemporaryDir dir;
        const QString out = dir.filePath("it.tspos");
        const testsupport::CliRun r = cli({"positions", "init", "--layer", "readout", "--dims", "8,4,6", "--area", "VTC",
                                           "--tissue-mm", "20", "--neighborhood-mm", "5", "--out", out});
        QVERIFY2(r.code == 0, r.err.constData());
        const io::LayerPositions l = io::readPositions(out.toStdString()).layers.front();
        QCOMPARE(l.area, std::string("IT"));
        QCOMPARE(l.neighborhoodWidth, 5.0);
        QVERIFY(l.sheetExtent() <= 20.0 && l.sheetExtent() > 15.0);
        QCOMPARE(l.dims, (std::vector<std::int64_t>{8, 4, 6}));
    }

    void initFromCheckpoint() {
        QTemporaryDir dir;
        const QString out = dir.filePath("net");
        const testsupport::CliRun r = cli({"positions", "init", "--checkpoint", fixture(kNet), "--input-size", "64",
                                           "--seed", "3", "--out", out, "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const io::PositionSet set = io::readPositions(out.toStdString());
        const io::Checkpoint ck = io::loadCheckpoint(fixture(kNet).toStdString());
        const auto shapes = model::detectArchitecture(ck.tensors).topographicLayers(64);
        const io::PositionSet want = sheet::initNetworkPositions(shapes, 3);
        QCOMPARE(set.layers.size(), want.layers.size());
        QCOMPARE(set.layers.size(), std::size_t{8});
        for (std::size_t i = 0; i < set.layers.size(); ++i) {
            QCOMPARE(set.layers[i].name, want.layers[i].name);
            QCOMPARE(set.layers[i].coordinates, want.layers[i].coordinates);
            QCOMPARE(set.layers[i].dims, want.layers[i].dims);
        }
        QCOMPARE(set.find("layer4.1")->neighborhoodWidth, 31.818);
    }

    void optimizeEndToEnd() {
        QTemporaryDir dir;
        const QString start = dir.filePath("start");
        QCOMPARE(cli({"positions", "init", "--layer", "layer2.0", "--dims", "16,10,10", "--seed", "1", "--tissue-mm", "8", "--out",
                      start}).code,
                 0);
        const QString responses = dir.filePath("r.npy");
        QVERIFY(writeResponses(responses, 30, "16,10,10", 5));
        const QString out = dir.filePath("opt");
        const testsupport::CliRun r = cli({"positions", "optimize", "--positions", start, "--responses", responses, "--layer",
                                           "layer2.0", "--steps", "4000", "--steps-per-neighborhood", "100", "--seed", "3",
                                           "--threads", "2", "--out", out, "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject summary = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(summary["format"].toString(), QString("tdann-folder"));
        const QJsonObject l = summary["layers"].toArray().first().toObject();
        QCOMPARE(l["layer"].toString(), QString("layer2.0"));
        QCOMPARE(l["neighborhoods_total"].toInt(), 40);
        QCOMPARE(l["units"].toInt(), 1600);
        QCOMPARE(l["images"].toInt(), 30);
        QVERIFY(l["accepted_swaps"].toInt() > 0);
        QVERIFY(l["steps_per_second"].toDouble() > 0);
        QVERIFY(l["loss_before"].isDouble() && l["loss_after"].isDouble());
        QCOMPARE(l["seed"].toString(), QString("3"));

        // The same as the engine in-process, and a permutation of the start.
        const io::LayerPositions before = io::readPositions(start.toStdString()).layers.front();
        const io::PositionSet after = io::readPositions(out.toStdString());
        QCOMPARE(after.version, 2);
        sheet::SwapParams p;
        p.steps = 4000;
        p.stepsPerNeighborhood = 100;
        p.seed = 3;
        const sheet::SwapResult want = sheet::swapOptimize(analysis::readResponses(responses.toStdString()), before, p);
        QCOMPARE(after.layers.front().coordinates, want.positions.coordinates);
        QCOMPARE(after.layers.front().neighborhoodIndices, want.positions.neighborhoodIndices);
        QCOMPARE(l["accepted_swaps"].toInt(), int(want.acceptedSwaps));
        QCOMPARE(sortedPairs(after.layers.front().coordinates), sortedPairs(before.coordinates));
        QVERIFY(after.layers.front().coordinates != before.coordinates);
        const io::LayerPositions tspos = [&] {
            const QString t = dir.filePath("opt.tspos");
            const testsupport::CliRun again = cli({"positions", "optimize", "--positions", start, "--responses", responses,
                                                   "--layer", "layer2.0", "--steps", "4000", "--steps-per-neighborhood", "100",
                                                   "--seed", "3", "--out", t});
            return io::readPositions(t.toStdString()).layers.front();
        }();
        QCOMPARE(tspos.coordinates, want.positions.coordinates);
        QVERIFY(tspos.source.find("swap-optimised") != std::string::npos);

        // The AVX2 build of the correlation kernel gives the same bits as the AVX-512 one (both use FMA).
        const QString avx2 = dir.filePath("avx2");
        qputenv("TOPOSPIKE_ISA", "avx2");
        const testsupport::CliRun viaAvx2 = cli({"positions", "optimize", "--positions", start, "--responses", responses, "--layer",
                                                 "layer2.0", "--steps", "4000", "--steps-per-neighborhood", "100", "--seed", "3",
                                                 "--out", avx2});
        qunsetenv("TOPOSPIKE_ISA");
        QVERIFY2(viaAvx2.code == 0, viaAvx2.err.constData());
        QCOMPARE(io::readPositions(avx2.toStdString()).layers.front().coordinates, want.positions.coordinates);
    }

    void optimizeRecordingLayers() {
        QTemporaryDir dir;
        const QString start = dir.filePath("net.tspos");
        QCOMPARE(cli({"positions", "init", "--checkpoint", fixture(kNet), "--input-size", "64", "--out", start}).code, 0);
        const io::PositionSet initial = io::readPositions(start.toStdString());
        // A recording as `run --record` writes it: [N, T, C, H, W] uint8 spikes per layer.
        const QString rec = dir.filePath("rec.npz");
        QString log;
        const io::LayerPositions& l20 = *initial.find("layer2.0");
        const io::LayerPositions& l30 = *initial.find("layer3.0");
        const auto dimsText = [](const io::LayerPositions& l) {
            return QString("%1,%2,%3").arg(l.dims[0]).arg(l.dims[1]).arg(l.dims[2]);
        };
        QVERIFY2(testsupport::runPython(
                     "import sys, numpy as np\n"
                     "g = np.random.default_rng(0)\n"
                     "a = [int(v) for v in sys.argv[2].split(',')]\n"
                     "b = [int(v) for v in sys.argv[3].split(',')]\n"
                     "np.savez(sys.argv[1], **{'layer2.0': (g.random((24, 4, *a)) < 0.3).astype(np.uint8),\n"
                     "    'layer3.0': (g.random((24, 4, *b)) < 0.3).astype(np.uint8), 'logits': g.random((24, 10)).astype(np.float32)})\n",
                     {rec, dimsText(l20), dimsText(l30)}, &log),
                 qPrintable(log));
        const QString out = dir.filePath("opt.tspos");
        const testsupport::CliRun r = cli({"positions", "optimize", "--positions", start, "--recording", rec, "--layer", "layer2.0",
                                           "--layer", "layer3.0", "--steps", "3000", "--steps-per-neighborhood", "100", "--out", out,
                                           "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonArray layers = QJsonDocument::fromJson(r.out).object()["layers"].toArray();
        QCOMPARE(layers.size(), 2);
        QCOMPARE(layers[0].toObject()["layer"].toString(), QString("layer2.0"));
        QCOMPARE(layers[1].toObject()["layer"].toString(), QString("layer3.0"));
        const io::PositionSet after = io::readPositions(out.toStdString());
        QCOMPARE(after.layers.size(), initial.layers.size());
        for (std::size_t i = 0; i < after.layers.size(); ++i) {
            const bool optimised = after.layers[i].name == "layer2.0" || after.layers[i].name == "layer3.0";
            QCOMPARE(after.layers[i].coordinates == initial.layers[i].coordinates, !optimised);
        }
    }

    void refusals() {
        QTemporaryDir dir;
        const QString out = dir.filePath("out");
        const QString tsout = dir.filePath("out.tspos");
        expectRefused({"positions", "init", "--layer", "l", "--dims", "16,10", "--out", out}, out, "--dims");
        expectRefused({"positions", "init", "--layer", "l", "--dims", "0,3,3", "--out", out}, out, "--dims");
        expectRefused({"positions", "init", "--layer", "l", "--dims", "4,3,3", "--area", "V3", "--out", out}, out, "--area");
        expectRefused({"positions", "init", "--layer", "l", "--dims", "4,3,3", "--tissue-mm", "-2", "--out", out}, out, "--tissue-mm");
        expectRefused({"positions", "init", "--layer", "l", "--dims", "4,3,3"}, out, "--out");
        expectRefused({"positions", "init", "--checkpoint", fixture(kNet), "--dims", "4,3,3", "--out", out}, out, "--dims");
        expectRefused({"positions", "init", "--checkpoint", dir.filePath("missing.pth"), "--out", out}, out, "missing.pth");
        expectRefused({"positions", "init", "--layer", "l", "--dims", "4,3,3", "--seed", "-1", "--out", out}, out, "--seed");

        const QString start = dir.filePath("start");
        QCOMPARE(cli({"positions", "init", "--layer", "layer2.0", "--dims", "8,6,6", "--out", start}).code, 0);
        const QString responses = dir.filePath("r.npy");
        QVERIFY(writeResponses(responses, 10, "8,6,6", 1));
        const QString wrong = dir.filePath("wrong.npy");
        QVERIFY(writeResponses(wrong, 10, "8,6,5", 1));
        const QStringList base{"positions", "optimize", "--positions", start};
        expectRefused(base + QStringList{"--responses", responses, "--layer", "layer9.9", "--out", out}, out, "layer9.9");
        expectRefused(base + QStringList{"--responses", wrong, "--layer", "layer2.0", "--steps", "1000", "--out", out}, out, "units");
        expectRefused(base + QStringList{"--responses", responses, "--layer", "layer2.0", "--steps", "100", "--out", out}, out,
                      "--steps-per-neighborhood");
        expectRefused(base + QStringList{"--responses", responses, "--out", out}, out, "--layer");
        expectRefused(base + QStringList{"--responses", responses, "--layer", "layer2.0", "--layer", "layer2.1", "--out", out}, out,
                      "one --layer");
        expectRefused(base + QStringList{"--recording", dir.filePath("none.npz"), "--layer", "layer2.0", "--out", out}, out, "none.npz");
        expectRefused(base + QStringList{"--responses", responses, "--layer", "layer2.0", "--steps", "0", "--out", tsout}, tsout, "--steps");

        // An existing folder holding other files is not written into.
        const QString foreign = dir.filePath("foreign");
        QVERIFY(QDir().mkpath(foreign));
        QVERIFY(testsupport::writeAll(foreign + "/notes.txt", "keep me"));
        const testsupport::CliRun r = cli({"positions", "init", "--layer", "layer2.0", "--dims", "4,3,3", "--out", foreign});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("notes.txt"));
        QCOMPARE(QDir(foreign).entryList(QDir::Files | QDir::NoDotAndDotDot), QStringList{"notes.txt"});
        QCOMPARE(QDir(dir.path()).entryList(QStringList{"*.tmp-*"}, QDir::AllEntries).size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCliPositions)
#include "test_cli_positions.moc"
