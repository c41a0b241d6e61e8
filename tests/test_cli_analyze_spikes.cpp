// topospike-cli analyze entropy / synchrony / correlation / maps end to end: recordings written by NumPy in the
// format of `run --record` ([N, T, C, H, W] uint8 per layer, logits, logits_t), positions as a .tspos file; the JSON
// and .npz results equal the engine's in-process results (themselves checked against NumPy in test_entropy,
// test_synchrony, test_maps) and, for entropy, NumPy's formula directly; refusals give exit 2, one stderr line and
// no output file.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

#include "support/cli_run.hpp"
#include "support/python_check.hpp"
#include "support/spikes_reference.hpp"
#include "topospike/analysis/distance_curves.hpp"
#include "topospike/analysis/pinwheels.hpp"
#include "topospike/analysis/stc_loss.hpp"
#include "topospike/analysis/synchrony.hpp"
#include "topospike/io/positions.hpp"

using namespace topospike;
using testsupport::cli;
namespace ref = testsupport::spikes;

namespace {

// rec.npz: layer1.0 [12, 4, 4, 6, 6] with spatially structured firing, layer2.0 [12, 4, 2, 3, 3], logits, logits_t;
// rec2.npz: the same layers, sparser. Prints {layer: [mean H, H per t...]} for rec.npz and rec2.npz as JSON.
const char* const kRecordings =
    "import sys, json, numpy as np\n"
    "r = np.random.default_rng(5)\n"
    "d = sys.argv[1]\n"
    "def layer(shape, p):\n"
    "    n, t, c, h, w = shape\n"
    "    drive = np.sin(np.arange(w)[None, None, None, None, :] * 0.9 + r.uniform(0, 6, (n, t, 1, 1, 1)))\n"
    "    return (r.random(shape) < p * (1 + 0.8 * drive)).astype(np.uint8)\n"
    "rec = {'layer1.0': layer((12, 4, 4, 6, 6), 0.4), 'layer2.0': layer((12, 4, 2, 3, 3), 0.3),\n"
    "       'logits': r.random((12, 10)).astype(np.float32), 'logits_t': r.random((12, 4, 10)).astype(np.float32)}\n"
    "rec2 = {'layer1.0': layer((12, 4, 4, 6, 6), 0.1), 'layer2.0': layer((12, 4, 2, 3, 3), 0.3),\n"
    "        'logits': r.random((12, 10)).astype(np.float32), 'logits_t': r.random((12, 4, 10)).astype(np.float32)}\n"
    "np.savez(d + '/rec.npz', **rec)\n"
    "np.savez(d + '/rec2.npz', **rec2)\n"
    "def H(p):\n"
    "    q = np.clip(p, 1e-300, 1 - 1e-16)\n"
    "    return np.where((p > 0) & (p < 1), -q * np.log2(q) - (1 - q) * np.log2(1 - q), 0.0)\n"
    "def stats(a):\n"
    "    s = a.reshape(a.shape[0], a.shape[1], -1).astype(float)\n"
    "    return [float(H(s.mean(axis=(0, 1))).mean())] + [float(x) for x in H(s.mean(axis=0)).mean(axis=1)]\n"
    "print(json.dumps({'rec': {k: stats(v) for k, v in rec.items() if k.startswith('layer')},\n"
    "                  'rec2': {k: stats(v) for k, v in rec2.items() if k.startswith('layer')}}))\n";

/// Positions for layer1.0 (4 × 6 × 6 units) on a 4.5 mm sheet, x following the w index (as the firing drive does).
io::LayerPositions layerPositions() {
    io::LayerPositions p;
    p.name = "layer1.0";
    p.dims = {4, 6, 6};
    Rng rng(12);
    for (int c = 0; c < 4; ++c)
        for (int h = 0; h < 6; ++h)
            for (int w = 0; w < 6; ++w) {
                p.coordinates.push_back(0.75 * w + rng.uniform(0, 0.7));
                p.coordinates.push_back(0.75 * h + rng.uniform(0, 0.7));
            }
    p.neighborhoodWidth = 1.2;
    return p;
}

QJsonObject json(const testsupport::CliRun& r) { return QJsonDocument::fromJson(r.out).object(); }

void expectRefusal(const QStringList& args, const QString& out, const char* phrase) {
    const auto r = cli(args);
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.count('\n') == 1 && r.err.contains(phrase), r.err.constData());
    QVERIFY(!QFile::exists(out));
}

}  // namespace

class TestCliAnalyzeSpikes : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QJsonObject expected_;
    QString rec_, rec2_, pos_;

private slots:
    void initTestCase() {
        QString log;
        QVERIFY2(testsupport::runPython(kRecordings, {dir_.path()}, &log), qPrintable(log));
        expected_ = QJsonDocument::fromJson(log.toUtf8()).object();
        QVERIFY(!expected_.isEmpty());
        rec_ = dir_.filePath("rec.npz");
        rec2_ = dir_.filePath("rec2.npz");
        pos_ = dir_.filePath("pos.tspos");
        io::PositionSet set;
        set.layers.push_back(layerPositions());
        io::writePositions(pos_.toStdString(), set);
    }

    void helpListsCommands() {
        const auto r = cli({"--help"});
        for (const char* c : {"analyze entropy", "analyze synchrony", "analyze correlation", "analyze maps"})
            QVERIFY2(r.out.contains(c), c);
        QVERIFY(cli({"analyze", "synchrony", "--help"}).out.contains("--window-mm"));
    }

    void entropyEndToEnd() {
        const QString out = dir_.filePath("entropy.npz");
        const auto r = cli({"analyze", "entropy", "--recording", rec_, "--compare", rec2_, "--json", "--out", out});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject o = json(r);
        QCOMPARE(o["shift_label"].toString(), QString("H(rec.npz) - H(rec2.npz)"));
        const QJsonArray layers = o["layers"].toArray();
        QCOMPARE(layers.size(), 2);  // every recorded layer, not the logits
        for (const auto& v : layers) {
            const QJsonObject l = v.toObject();
            const QString name = l["layer"].toString();
            const QJsonArray a = expected_["rec"].toObject()[name].toArray(), b = expected_["rec2"].toObject()[name].toArray();
            QVERIFY(std::fabs(l["mean"].toDouble() - a[0].toDouble()) < 1e-12);
            for (int t = 0; t < 4; ++t) {
                QVERIFY(std::fabs(l["per_timestep"].toArray()[t].toDouble() - a[t + 1].toDouble()) < 1e-12);
                QVERIFY(std::fabs(l["shift"].toObject()["per_timestep"].toArray()[t].toDouble() -
                                  (a[t + 1].toDouble() - b[t + 1].toDouble())) < 1e-12);
            }
            QVERIFY(std::fabs(l["shift"].toObject()["mean"].toDouble() - (a[0].toDouble() - b[0].toDouble())) < 1e-12);
            QCOMPARE(l["timesteps"].toInt(), 4);
        }
        QString log;
        QVERIFY2(testsupport::runPython("import sys, numpy as np\n"
                                        "z = np.load(sys.argv[1]); s = np.load(sys.argv[2])['layer1.0'].astype(float)\n"
                                        "p = s.mean(axis=(0, 1))\n"
                                        "assert z['entropy/layer1.0'].shape == (4, 6, 6) and z['entropy_t/layer1.0'].shape == (4, 4, 6, 6)\n"
                                        "assert np.allclose(z['probability/layer1.0'], p, atol=1e-15, rtol=0)\n"
                                        "assert z['shift_t/layer2.0'].shape == (4,) and z['mean_t/layer2.0'].shape == (4,)\n"
                                        "assert abs(z['entropy/layer1.0'].mean() - float(z['mean_t/layer1.0'].mean())) < 1\n",
                                        {out, rec_}, &log),
                 qPrintable(log));
        // one layer, text output
        const auto text = cli({"analyze", "entropy", "--recording", rec_, "--layer", "layer2.0"});
        QCOMPARE(text.code, 0);
        QVERIFY(text.out.contains("layer2.0") && !text.out.contains("layer1.0"));
    }

    void entropyRefusals() {
        const QString out = dir_.filePath("refused.npz");
        expectRefusal({"analyze", "entropy", "--recording", dir_.filePath("missing.npz"), "--out", out}, out, "missing.npz");
        expectRefusal({"analyze", "entropy", "--recording", rec_, "--layer", "layer9.9", "--out", out}, out, "layer9.9");
        expectRefusal({"analyze", "entropy", "--recording", rec_, "--layer", "logits", "--out", out}, out, "logits");
        expectRefusal({"analyze", "entropy", "--out", out}, out, "--recording");
        expectRefusal({"analyze", "entropy", "--recording", rec_, "--bogus", "--out", out}, out, "--bogus");
        // a SEW-ADD recording: counts of 2 are counted as a spike, or refused on request
        QString log;
        const QString sew = dir_.filePath("sew.npz");
        QVERIFY2(testsupport::runPython("import sys, numpy as np\n"
                                        "np.savez(sys.argv[1], **{'layer1.0': np.full((2, 2, 1, 2, 2), 2, np.uint8)})\n",
                                        {sew}, &log), qPrintable(log));
        const auto clipped = cli({"analyze", "entropy", "--recording", sew, "--json"});
        QCOMPARE(clipped.code, 0);
        QCOMPARE(json(clipped)["layers"].toArray()[0].toObject()["clipped_counts"].toInt(), 16);
        expectRefusal({"analyze", "entropy", "--recording", sew, "--refuse-counts", "--out", out}, out, "above 1");
    }

    void synchronyEndToEnd() {
        const QString out = dir_.filePath("sync.npz");
        const QStringList args{"analyze", "synchrony", "--recording", rec_, "--layer", "layer1.0", "--positions", pos_,
                               "--seed", "3", "--clusters", "4", "--json"};
        const auto r = cli(args + QStringList{"--out", out});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject o = json(r);
        QCOMPARE(o["max_lag"].toInt(), 1);
        QCOMPARE(o["units"].toInt(), 144);

        const analysis::SpikeTensor s = analysis::readRecordingSpikes(rec_.toStdString(), "layer1.0");
        const io::LayerPositions pos = layerPositions();
        analysis::WindowParams wp;
        wp.seed = 3;
        const analysis::DistanceCurve curve = analysis::rccgOverDistance(s, pos.coordinates, wp);
        analysis::StcParams sp;
        sp.seed = 3;
        sp.clusters = 4;
        const analysis::StcResult stc = analysis::stcLosses(s, pos, sp);
        const QJsonObject c = o["rccg_vs_distance"].toObject();
        QCOMPARE(c["windows"].toInt(), static_cast<int>(curve.windows));
        for (std::size_t b = 0; b < curve.mean.size(); ++b) {
            const QJsonValue v = c["mean"].toArray()[static_cast<int>(b)];
            QVERIFY(std::isnan(curve.mean[b]) ? v.isNull() : v.toDouble() == curve.mean[b]);
        }
        QCOMPARE(c["near"].toObject()["mean"].toDouble(), curve.nearMean);
        QVERIFY(curve.nearMean > curve.farMean);  // the planted drive varies along x
        const QJsonObject so = o["stc"].toObject();
        QCOMPARE(so["mean_L_L"].toDouble(), stc.meanLong);
        QCOMPARE(so["mean_L_S"].toDouble(), stc.meanShort);
        QCOMPARE(so["cluster_mm"].toDouble(), 1.2);  // the layer's neighborhood width
        QCOMPARE(so["clusters"].toArray().size(), 4);

        QString log;
        QVERIFY2(testsupport::runPython("import sys, numpy as np\nz = np.load(sys.argv[1])\n"
                                        "assert z['edges'].shape == (16,) and z['mean'].shape == (15,) and z['stc_long'].shape == (4,)\n"
                                        "assert z['profiles'].shape[1] == 15\n", {out}, &log), qPrintable(log));
        // the same seed gives the same numbers
        const auto again = cli(args);
        QCOMPARE(json(again)["stc"].toObject()["mean_L_L"].toDouble(), so["mean_L_L"].toDouble());
        const auto text = cli({"analyze", "synchrony", "--recording", rec_, "--layer", "layer1.0", "--positions", pos_});
        QCOMPARE(text.code, 0);
        QVERIFY(text.out.contains("L_S"));
    }

    void synchronyRefusals() {
        const QString out = dir_.filePath("refused.npz");
        const QStringList base{"analyze", "synchrony", "--recording", rec_, "--positions", pos_, "--out", out};
        expectRefusal(base + QStringList{"--layer", "layer2.0"}, out, "no layer 'layer2.0'");
        expectRefusal(base + QStringList{"--layer", "layer2.0", "--positions-layer", "layer1.0"}, out, "144 positions");
        expectRefusal(base + QStringList{"--layer", "layer1.0", "--lag", "4"}, out, "lag window");
        expectRefusal(base + QStringList{"--layer", "layer1.0", "--cluster-mm", "0.001"}, out, "no square");
        expectRefusal({"analyze", "synchrony", "--recording", rec_, "--layer", "layer1.0", "--out", out}, out, "--positions");
        expectRefusal(base + QStringList{"--layer", "layer1.0", "--window-mm", "9"}, out, "no window");
        io::PositionSet set;
        set.layers.push_back(layerPositions());
        set.layers.back().neighborhoodWidth = 0.0;
        const QString bare = dir_.filePath("bare.tspos");
        io::writePositions(bare.toStdString(), set);
        expectRefusal({"analyze", "synchrony", "--recording", rec_, "--layer", "layer1.0", "--positions", bare, "--out", out},
                      out, "--cluster-mm");
        QCOMPARE(cli({"analyze", "synchrony", "--recording", rec_, "--layer", "layer1.0", "--positions", bare,
                      "--cluster-mm", "1.5"}).code, 0);
    }

    void correlationEndToEnd() {
        const analysis::SpikeTensor s = analysis::readRecordingSpikes(rec_.toStdString(), "layer1.0");
        const analysis::ResponseMatrix r = s.firingRates();
        const QString resp = dir_.filePath("r.npy");
        ref::save(resp, r.values, {r.images, r.units});
        const QString out = dir_.filePath("corr.npz");
        const auto run = cli({"analyze", "correlation", "--responses", resp, "--positions", pos_, "--json", "--out", out});
        QVERIFY2(run.code == 0, run.err.constData());
        const analysis::DistanceCurve curve = analysis::correlationOverDistance(r, layerPositions().coordinates);
        const QJsonArray mean = json(run)["correlation_vs_distance"].toObject()["mean"].toArray();
        QCOMPARE(mean.size(), static_cast<int>(curve.mean.size()));
        for (int b = 0; b < mean.size(); ++b)
            QVERIFY(std::isnan(curve.mean[static_cast<std::size_t>(b)]) ? mean[b].isNull()
                                                                         : mean[b].toDouble() == curve.mean[static_cast<std::size_t>(b)]);
        QVERIFY(QFile::exists(out));
        // firing rates straight from the recording give the same curve
        const auto viaRecording = cli({"analyze", "correlation", "--recording", rec_, "--layer", "layer1.0", "--positions", pos_, "--json"});
        QCOMPARE(json(viaRecording)["correlation_vs_distance"].toObject()["mean"].toArray(), mean);
    }

    void mapsEndToEnd() {
        // orientation with one planted pinwheel on a 64 × 64 grid over 8 mm (positions of a 1-channel layer)
        io::LayerPositions p;
        p.name = "layer2.0";
        p.dims = {1, 64, 64};
        std::vector<double> theta;
        for (int h = 0; h < 64; ++h)
            for (int w = 0; w < 64; ++w) {
                const double x = (w + 0.5) * 0.125, y = (h + 0.5) * 0.125;
                p.coordinates.insert(p.coordinates.end(), {x, y});
                theta.push_back(std::fmod(std::atan2(y - 4.1, x - 3.9) * 90.0 / M_PI + 180.0, 180.0));
            }
        io::PositionSet set;
        set.layers.push_back(p);
        const QString pos = dir_.filePath("maps.tspos"), values = dir_.filePath("theta.npy"), out = dir_.filePath("maps.npz");
        io::writePositions(pos.toStdString(), set);
        ref::save(values, theta, {1, 64, 64});
        const auto r = cli({"analyze", "maps", "--values", values, "--positions", pos, "--json", "--out", out});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject pins = json(r)["pinwheels"].toObject();
        const analysis::PinwheelResult want = analysis::detectPinwheels(p.coordinates, theta);
        QCOMPARE(pins["count"].toInt(), static_cast<int>(want.pinwheels.size()));
        QCOMPARE(pins["count"].toInt(), 1);
        const QJsonObject c = pins["centers"].toArray()[0].toObject();
        QVERIFY(std::hypot(c["x_mm"].toDouble() - 3.9, c["y_mm"].toDouble() - 4.1) < 0.3);
        QString log;
        QVERIFY2(testsupport::runPython("import sys, numpy as np\nz = np.load(sys.argv[1])\n"
                                        "assert z['map'].shape == (len(z['y_centers']), len(z['x_centers']))\n"
                                        "assert z['pinwheel_centers'].shape == (1, 2) and z['winding'].shape == z['pinwheel_map'].shape\n",
                                        {out}, &log), qPrintable(log));
        const auto mean = cli({"analyze", "maps", "--values", values, "--positions", pos, "--kind", "mean", "--json"});
        QCOMPARE(mean.code, 0);
        QVERIFY(!json(mean).contains("pinwheels"));

        const QString refused = dir_.filePath("refused.npz");
        theta[5] = 200.0;
        ref::save(values, theta, {1, 64, 64});
        expectRefusal({"analyze", "maps", "--values", values, "--positions", pos, "--out", refused}, refused, "[0, 180]");
        expectRefusal({"analyze", "maps", "--values", values, "--positions", pos, "--kind", "median", "--out", refused}, refused, "--kind");
        ref::save(values, std::vector<double>(10, 1.0), {10});
        expectRefusal({"analyze", "maps", "--values", values, "--positions", pos, "--out", refused}, refused, "10");
    }
};

QTEST_GUILESS_MAIN(TestCliAnalyzeSpikes)
#include "test_cli_analyze_spikes.moc"
