// topospike-cli analyze v1: end to end on synthetic V1 data — the JSON has every documented field and agrees with
// the .npz, NumPy reads the .npz with the documented names and shapes and finds TDANN's tuning curves and masks in
// it (NumPy/SciPy reference), the seed decides the samples, recordings and --gratings tdann work, and bad input
// gives exit 2, one stderr line and no file.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "support/cli_run.hpp"
#include "support/python_check.hpp"
#include "support/v1_reference.hpp"

using testsupport::cli;
using Run = testsupport::CliRun;

namespace {

bool oneLineRefusal(const Run& r) { return r.code == 2 && r.err.count('\n') == 1 && r.out.isEmpty(); }

}  // namespace

class TestCliAnalyzeV1 : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString data_;

    QStringList inputs() const {
        return {"analyze", "v1", "--responses", data_ + "/responses.npy", "--labels", data_ + "/labels.csv", "--positions",
                data_ + "/positions"};
    }

private slots:
    void initTestCase() {
        data_ = dir_.path();
        QString log;
        QVERIFY2(testsupport::runV1Reference({"make", data_, "3000", "5", "--rectified"}, &log), qPrintable(log));
        QVERIFY2(testsupport::runV1Reference({"reference", data_}, &log), qPrintable(log));
    }

    void jsonAndNpzAgree() {
        const QString out = dir_.filePath("v1.npz");
        const Run r = cli(inputs() << "--seed" << "17" << "--units-per-sample" << "500" << "--json" << "--out" << out);
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject j = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(j["command"].toString(), QString("analyze v1"));
        QCOMPARE(j["images"].toInt(), 640);
        QCOMPARE(j["units"].toInt(), 3000);
        QCOMPARE(j["out"].toString(), out);
        const QJsonObject p = j["parameters"].toObject();
        QCOMPARE(p["seed"].toString(), QString("17"));
        QCOMPARE(p["preference"].toString(), QString("vector-sum"));
        QCOMPARE(p["samples"].toInt(), 20);
        QCOMPARE(p["units_per_sample"].toInt(), 500);
        QCOMPARE(p["percentile"].toDouble(), 75.0);
        QCOMPARE(p["max_distance_mm"].toDouble(), 3.299831645537221);
        QVERIFY(p["normalize"].toBool());
        QCOMPARE(j["sources"].toObject()["layer"].toString(), QString("layer2.0"));
        QCOMPARE(j["normalization"].toObject()["target_median_peak"].toDouble(), 33.3868);
        QCOMPARE(j["levels"].toObject()["orientation_deg"].toArray().size(), 8);
        QCOMPARE(j["levels"].toObject()["sf_cpd"].toArray()[0].toDouble(), 5.5 / 8.0);
        const QJsonObject prefs = j["preferences"].toObject();
        QCOMPARE(prefs["orientation"].toObject()["edges_deg"].toArray().size(), 9);
        for (const char* m : {"orientation", "sf", "color"}) {
            const QJsonObject s = j["smoothness"].toObject()[m].toObject();
            QCOMPARE(s["per_sample"].toArray().size(), 20);
            QCOMPARE(s["mean_curve"].toArray().size(), 9);
            QCOMPARE(s["chance_curve"].toArray().size(), 9);
            QCOMPARE(s["bin_edges_mm"].toArray().size(), 10);
            QVERIFY(s["smoothness"].toDouble() > 0.5);
            const qint64 maskUnits = j["masks"].toObject()[m].toObject()["units"].toInteger();
            QCOMPARE(s["pool_units"].toInteger(), maskUnits);
            qint64 histogram = 0;
            for (const auto c : prefs[m].toObject()["masked"].toArray()) histogram += c.toInteger();
            QCOMPARE(histogram, maskUnits);
            QCOMPARE(s["seed"].toString(), QString::number(17 + (QString(m) == "sf" ? 1 : QString(m) == "color" ? 2 : 0)));
        }
        // NumPy reads the npz: documented names, shapes, dtypes; consistent with the JSON and with the reference.
        QFile jsonFile(dir_.filePath("v1.json"));
        QVERIFY(jsonFile.open(QIODevice::WriteOnly));
        jsonFile.write(r.out);
        jsonFile.close();
        QString log;
        const bool ok = testsupport::runPython(
            "import sys, json, numpy as np\n"
            "z = np.load(sys.argv[1]); j = json.load(open(sys.argv[2])); ref = np.load(sys.argv[3])\n"
            "U = 3000\n"
            "for n in ['orientation_pref', 'orientation_selectivity', 'sf_pref_cpd', 'mean_response']:\n"
            "    assert z[n].shape == (U,) and z[n].dtype == np.float64, n\n"
            "for n in ['sf_pref', 'color_pref']:\n"
            "    assert z[n].shape == (U,) and z[n].dtype == np.int32, n\n"
            "assert z['tuning_orientation'].shape == (U, 8) and z['tuning_sf'].shape == (U, 8) and z['tuning_color'].shape == (U, 2)\n"
            "assert z['bin_edges_mm'].shape == (10,) and z['smoothness'].shape == (3,)\n"
            "assert np.all((z['orientation_pref'] >= 0) & (z['orientation_pref'] < 180))\n"
            "assert np.array_equal(z['sf_pref_cpd'], z['levels_sf'][z['sf_pref']] / 8)\n"
            "for i, m in enumerate(['orientation', 'sf', 'color']):\n"
            "    s = j['smoothness'][m]\n"
            "    assert z['mask_' + m].dtype == np.bool_ and z['mask_' + m].shape == (U,)\n"
            "    assert int(z['mask_' + m].sum()) == j['masks'][m]['units'], m\n"
            "    assert np.array_equal(z['mask_' + m], ref['mask_' + m].astype(bool)), m\n"
            "    assert np.allclose(z['tuning_' + m], ref['tc_' + m], rtol=1e-12, atol=0), m\n"
            "    assert z['smoothness'][i] == s['smoothness'], m\n"
            "    assert np.array_equal(z['smoothness_' + m + '_per_sample'], np.array(s['per_sample'], float)), m\n"
            "    assert z['smoothness_' + m + '_curves'].shape == (20, 9) and z['smoothness_' + m + '_chance_curves'].shape == (20, 9)\n"
            "    assert np.allclose(np.nanmean(z['smoothness_' + m + '_curves'], axis=0), z['smoothness_' + m + '_mean_curve'], rtol=1e-12)\n"
            "    assert np.allclose(z['smoothness_' + m + '_mean_curve'], np.array(s['mean_curve'], float), rtol=1e-12)\n"
            "    assert np.allclose(z['smoothness_' + m + '_chance_curve'], np.array(s['chance_curve'], float), rtol=1e-12)\n"
            "    assert np.allclose(z['bin_edges_mm'], s['bin_edges_mm'], rtol=0, atol=0)\n"
            "d = np.abs(z['orientation_pref'] - ref['vs_pref']); d = np.minimum(d, 180 - d)\n"
            "assert np.all(d[ref['vs_sel'] > 1e-9] < 1e-9)\n",
            {out, dir_.filePath("v1.json"), data_ + "/reference.npz"}, &log);
        QVERIFY2(ok, qPrintable(log));
    }

    void seedDecidesSamples() {
        auto smoothness = [&](const QString& seed) {
            const Run r = cli(inputs() << "--seed" << seed << "--samples" << "4" << "--units-per-sample" << "300" << "--json");
            if (r.code != 0) qFatal("%s", r.err.constData());
            return QJsonDocument::fromJson(r.out).object()["smoothness"].toObject()["orientation"].toObject()["per_sample"].toArray();
        };
        QCOMPARE(smoothness("5"), smoothness("5"));
        QVERIFY(smoothness("5") != smoothness("6"));
    }

    void labelSourcesAndOptions() {
        // --gratings tdann is the same order as the CSV the generator wrote.
        const QStringList common{"--samples", "3", "--units-per-sample", "300", "--json"};
        const Run csv = cli(inputs() << common);
        const Run tdann = cli(QStringList{"analyze", "v1", "--responses", data_ + "/responses.npy", "--gratings", "tdann",
                                          "--positions", data_ + "/positions"} << common);
        QVERIFY2(csv.code == 0 && tdann.code == 0, tdann.err.constData());
        QCOMPARE(QJsonDocument::fromJson(tdann.out).object()["smoothness"], QJsonDocument::fromJson(csv.out).object()["smoothness"]);

        // Von Mises preferences lie on TDANN's 50-point grid; the published Fig. 2 variant and --no-normalize run.
        const QString out = dir_.filePath("vm.npz");
        const Run vm = cli(inputs() << common << "--preference" << "von-mises" << "--fig2-variant" << "--no-normalize" << "--out" << out);
        QVERIFY2(vm.code == 0, vm.err.constData());
        const QJsonObject j = QJsonDocument::fromJson(vm.out).object();
        QCOMPARE(j["parameters"].toObject()["preference"].toString(), QString("von-mises"));
        QVERIFY(j["parameters"].toObject()["fig2_variant"].toBool());
        QVERIFY(!j["normalization"].toObject()["enabled"].toBool());
        QVERIFY(j["smoothness"].toObject()["sf"].toObject()["values"].toString().startsWith("orientation"));
        QString log;
        QVERIFY2(testsupport::runPython("import sys, numpy as np\n"
                                        "p = np.load(sys.argv[1])['orientation_pref']\n"
                                        "k = p / (180 / 49)\n"
                                        "assert np.allclose(k, np.round(k), atol=1e-9) and p.max() <= 180\n",
                                        {out}, &log),
                 qPrintable(log));
    }

    void fromRecording() {
        // A recording as `run --gratings tdann --record` writes it: [640, T, C, H, W] uint8 spikes of layer2.0.
        const QString rec = dir_.filePath("rec.npz");
        QString log;
        QVERIFY2(testsupport::runPython("import sys, numpy as np\n"
                                        "R = np.load(sys.argv[1])\n"
                                        "rng = np.random.default_rng(0)\n"
                                        "p = np.clip(R / R.max(), 0, 1)\n"
                                        "s = (rng.random((640, 4, 3000)) < p[:, None, :]).astype(np.uint8)\n"
                                        "np.savez(sys.argv[2], **{'layer2.0': s.reshape(640, 4, 30, 10, 10), 'logits': np.zeros((640, 10), np.float32)})\n",
                                        {data_ + "/responses.npy", rec}, &log),
                 qPrintable(log));
        const Run r = cli({"analyze", "v1", "--recording", rec, "--layer", "layer2.0", "--gratings", "tdann", "--positions",
                           data_ + "/positions", "--samples", "3", "--units-per-sample", "300", "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject j = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(j["units"].toInt(), 3000);
        QVERIFY(j["smoothness"].toObject()["orientation"].toObject()["smoothness"].toDouble() > 0.3);
    }

    void refusals() {
        const QString out = dir_.filePath("refused.npz");
        const QString shortLabels = dir_.filePath("short.csv");
        {
            QFile f(shortLabels);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("orientation,sf,phase,color\n0,5.5,0,bw\n90,5.5,0,color\n");
        }
        const QString noColor = dir_.filePath("nocolor.csv");
        {
            QFile f(noColor);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("orientation,sf,phase\n0,5.5,0\n");
        }
        const QString resp = data_ + "/responses.npy", pos = data_ + "/positions";
        const QList<QStringList> bad = {
            {"analyze", "v1", "--responses", resp, "--labels", shortLabels, "--positions", pos, "--out", out},
            {"analyze", "v1", "--responses", resp, "--labels", noColor, "--positions", pos, "--out", out},
            {"analyze", "v1", "--responses", resp, "--positions", pos, "--out", out},
            {"analyze", "v1", "--responses", resp, "--labels", data_ + "/labels.csv", "--out", out},
            {"analyze", "v1", "--responses", resp, "--labels", data_ + "/labels.csv", "--positions", pos, "--preference", "pca", "--out", out},
            {"analyze", "v1", "--responses", resp, "--labels", data_ + "/labels.csv", "--positions", pos, "--percentile", "120", "--out", out},
            {"analyze", "v1", "--responses", resp, "--labels", data_ + "/labels.csv", "--positions", pos, "--seed", "-3", "--out", out},
            {"analyze", "v1", "--responses", resp, "--labels", data_ + "/labels.csv", "--gratings", "tdann", "--positions", pos, "--out", out},
            {"analyze", "v1", "--responses", data_ + "/labels.csv", "--labels", data_ + "/labels.csv", "--positions", pos, "--out", out},
        };
        for (const QStringList& args : bad) {
            const Run r = cli(args);
            QVERIFY2(oneLineRefusal(r), qPrintable(args.join(' ') + " -> " + QString::number(r.code) + ": " + r.err));
            QVERIFY2(!QFile::exists(out), qPrintable(args.join(' ')));
        }
        // The refusal names the problem.
        QVERIFY(cli(bad[0]).err.contains("labels for 2 images but the responses have 640"));
        QVERIFY(cli(bad[1]).err.contains("color"));
    }
};

QTEST_GUILESS_MAIN(TestCliAnalyzeV1)
#include "test_cli_analyze_v1.moc"
