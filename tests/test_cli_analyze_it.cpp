// topospike-cli analyze it: end to end on a planted layer (NumPy reads every npz array; t-maps and overlap equal
// the NumPy reference), labels from a CSV or an image folder, determinism from the seed, and refusals (exit 2,
// one stderr line, no output file).
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

#include "support/cli_run.hpp"
#include "support/it_reference.hpp"
#include "topospike/io/positions.hpp"
#include "topospike/random.hpp"

using namespace topospike;
using testsupport::cli;

namespace {

const std::vector<std::string> kCats{"number", "word", "limb", "body", "adult", "child", "car", "instrument",
                                     "house", "corridor", "scrambled"};

// A 40 × 5 × 5 layer (1000 units) on a 60 mm sheet: face images drive units near (20, 40), places near (45, 15).
// Images are ordered as `names` (one category per image).
struct Layer {
    QString responses, labels, positions, folder;
    std::vector<std::string> names;
};

Layer makeLayer(const QString& dir) {
    Layer L;
    Rng rng(77);
    const std::int64_t N = 1000;
    std::vector<double> xy(2 * N);
    for (auto& v : xy) v = rng.uniform(0, 60);
    // Image names sorted as an fLoc folder lists them, so the folder and the CSV agree.
    std::vector<std::string> files;
    for (const auto& c : kCats)
        for (int i = 1; i <= 12; ++i) files.push_back(c + "-" + std::to_string(i) + ".jpg");
    std::sort(files.begin(), files.end());
    QDir().mkpath(dir + "/images");
    QFile csv(dir + "/labels.csv");
    if (!csv.open(QIODevice::WriteOnly)) qFatal("cannot write the CSV");
    csv.write("file,category\n");
    for (const auto& f : files) {
        const std::string cat = f.substr(0, f.find('-'));
        L.names.push_back(cat);
        csv.write((f + "," + cat + "\n").c_str());
        QFile img(dir + "/images/" + QString::fromStdString(f));
        if (!img.open(QIODevice::WriteOnly)) qFatal("cannot write an image name");
    }
    csv.close();
    const auto images = static_cast<std::int64_t>(L.names.size());
    std::vector<float> R(static_cast<std::size_t>(images * N));
    for (std::int64_t i = 0; i < images; ++i) {
        const std::string& c = L.names[static_cast<std::size_t>(i)];
        for (std::int64_t u = 0; u < N; ++u) {
            const double x = xy[static_cast<std::size_t>(2 * u)], y = xy[static_cast<std::size_t>(2 * u + 1)];
            double g = 0;
            if (c == "adult" || c == "child") g = 2.5 * std::exp(-((x - 20) * (x - 20) + (y - 40) * (y - 40)) / 50);
            if (c == "house" || c == "corridor") g = 2.0 * std::exp(-((x - 45) * (x - 45) + (y - 15) * (y - 15)) / 60);
            R[static_cast<std::size_t>(i * N + u)] = static_cast<float>(std::max(0.0, 0.8 + g + 0.6 * rng.normal()));
        }
    }
    L.responses = dir + "/R.npy";
    testsupport::saveNpy(L.responses, R, {images, 40, 5, 5});
    L.labels = dir + "/labels.csv";
    L.folder = dir + "/images";
    io::PositionSet set;
    io::LayerPositions layer;
    layer.name = "layer4.1";
    layer.dims = {40, 5, 5};
    layer.coordinates = xy;
    set.layers.push_back(layer);
    L.positions = dir + "/pos.tspos";
    io::writePositions(L.positions.toStdString(), set);
    return L;
}

QStringList baseArgs(const Layer& L) {
    return {"analyze", "it", "--responses", L.responses, "--labels", L.labels, "--positions", L.positions,
            "--samples", "6", "--units-per-sample", "300", "--cutoff-mm", "30"};
}

}  // namespace

class TestCliAnalyzeIt : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    Layer layer_;

private slots:
    void initTestCase() { layer_ = makeLayer(dir_.path()); }

    void endToEnd() {
        const QString out = dir_.filePath("it.npz");
        const auto r = cli(baseArgs(layer_) + QStringList{"--contrast", "animate:adult,child,body,limb/car,instrument,house,corridor",
                                                          "--seed", "3", "--json", "--out", out});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(r.err.isEmpty());
        const QJsonObject j = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(j["units"].toInt(), 1000);
        QCOMPARE(j["images"].toInt(), 132);
        QCOMPARE(j["images_used"].toInt(), 120);  // scrambled left out
        QCOMPARE(j["parameters"].toObject()["seed"].toString(), QString("3"));
        QCOMPARE(j["parameters"].toObject()["smoothness"].toObject()["samples"].toInt(), 6);
        QCOMPARE(j["sources"].toObject()["responses"].toString(), layer_.responses);
        const QJsonArray contrasts = j["contrasts"].toArray();
        QCOMPARE(contrasts.size(), 6);
        QStringList names;
        for (const auto& c : contrasts) names << c.toObject()["name"].toString();
        QCOMPARE(names, (QStringList{"Faces", "Bodies", "Characters", "Places", "Objects", "animate"}));
        const QJsonObject faces = contrasts[0].toObject();
        QCOMPARE(faces["on_images"].toInt(), 24);
        QCOMPARE(faces["off_images"].toInt(), 96);
        QCOMPARE(faces["smoothness"].toObject()["mean_curve"].toArray().size(), 9);
        QCOMPARE(faces["smoothness"].toObject()["per_sample"].toArray().size(), 6);
        QVERIFY(faces["t"].toObject()["max"].toDouble() > 10);
        QVERIFY(faces["patches"].toObject()["count"].toInt() >= 1);
        QVERIFY(contrasts[3].toObject()["patches"].toObject()["count"].toInt() >= 1);  // Places
        QCOMPARE(j["overlap"].toObject()["pairs"].toArray().size(), 15);
        QCOMPARE(j["overlap"].toObject()["pairs"].toArray()[0].toObject()["colocalization"].toArray().size(), 7);

        // NumPy reads every array; t-maps equal the reference tstat and the overlap equals np.corrcoef.
        QString log;
        const QString script =
            "import sys, json, numpy as np\n"
            "sys.path.insert(0, sys.argv[4])\n"
            "import it_reference as ref\n"
            "z = np.load(sys.argv[1])\n"
            "R = np.load(sys.argv[2]).reshape(132, -1).astype(np.float64)\n"
            "cats = [l.split(',')[1].strip() for l in open(sys.argv[3]).read().splitlines()[1:]]\n"
            "names = list(z['contrasts'])\n"
            "assert names == ['Faces', 'Bodies', 'Characters', 'Places', 'Objects', 'animate'], names\n"
            "keep = np.array([c != 'scrambled' for c in cats])\n"
            "c = np.array(cats)\n"
            "on = {'faces': ['adult','child'], 'bodies': ['body','limb'], 'characters': ['word','number'],\n"
            "      'places': ['house','corridor'], 'objects': ['car','instrument'], 'animate': ['adult','child','body','limb']}\n"
            "maps = []\n"
            "for k, o in on.items():\n"
            "    off = [x for x in set(c[keep]) if x not in o] if k != 'animate' else ['car','instrument','house','corridor']\n"
            "    t = ref.tstat(R[np.isin(c, o)], R[np.isin(c, off)])\n"
            "    assert z['t_' + k].dtype == np.float64 and z['t_' + k].shape == (1000,)\n"
            "    assert np.allclose(z['t_' + k], t, rtol=1e-12, atol=1e-12), k\n"
            "    p = z['patches_' + k]\n"
            "    assert p.dtype == np.int32 and p.shape == (1000,) and p.min() >= -1\n"
            "    maps.append(t)\n"
            "assert (z['patches_faces'] >= 0).sum() > 20\n"
            "assert np.allclose(z['overlap'], np.corrcoef(np.stack(maps)), atol=1e-12)\n"
            "assert z['colocalization'].shape == (7, 6, 6)\n"
            "assert list(z['coloc_thresholds']) == [2, 3, 4, 6, 8, 10, 12]\n"
            "assert np.allclose(z['mean_response'], R[keep].mean(axis=0))\n"
            "assert z['smoothness_curves'].shape == (6, 9) and z['bin_edges'].shape == (10,)\n"
            "assert np.allclose(z['bin_edges'], np.linspace(0, 30, 10))\n";
        QVERIFY2(testsupport::runPython(script, {out, layer_.responses, layer_.labels,
                                                 QStringLiteral(TOPOSPIKE_SOURCE_DIR "/tests/fixtures")},
                                        &log),
                 qPrintable(log));
    }

    void deterministicFromSeed() {
        const auto a = cli(baseArgs(layer_) + QStringList{"--seed", "9", "--json"});
        const auto b = cli(baseArgs(layer_) + QStringList{"--seed", "9", "--json"});
        const auto c = cli(baseArgs(layer_) + QStringList{"--seed", "10", "--json"});
        QVERIFY2(a.code == 0 && b.code == 0 && c.code == 0, c.err.constData());
        QCOMPARE(a.out, b.out);
        auto perSample = [](const QByteArray& out) {
            return QJsonDocument::fromJson(out).object()["contrasts"].toArray()[0].toObject()["smoothness"].toObject()["per_sample"].toArray();
        };
        QVERIFY(perSample(a.out) != perSample(c.out));
        // The t-maps do not depend on the seed.
        auto tmax = [](const QByteArray& out) {
            return QJsonDocument::fromJson(out).object()["contrasts"].toArray()[0].toObject()["t"].toObject()["max"].toDouble();
        };
        QCOMPARE(tmax(a.out), tmax(c.out));
    }

    void labelsFromImageFolder() {
        const QString a = dir_.filePath("csv.npz"), b = dir_.filePath("folder.npz");
        QStringList args = baseArgs(layer_);
        QVERIFY(cli(args + QStringList{"--out", a}).code == 0);
        args[args.indexOf("--labels") + 1] = layer_.folder;
        const auto r = cli(args + QStringList{"--out", b, "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(QJsonDocument::fromJson(r.out).object()["sources"].toObject()["labels"].toString(), layer_.folder);
        const auto za = io::NpzFile::open(a.toStdString()), zb = io::NpzFile::open(b.toStdString());
        for (const char* name : {"t_faces", "t_places", "patches_bodies", "overlap"})
            QVERIFY(za.get(name).tensor.toDouble() == zb.get(name).tensor.toDouble());

        // Responses recorded without the scrambled images (as the image set lists them) fit the folder too.
        const auto all = io::readNpy(layer_.responses.toStdString()).tensor.toFloat();
        std::vector<float> kept;
        for (std::size_t i = 0; i < layer_.names.size(); ++i)
            if (layer_.names[i] != "scrambled") kept.insert(kept.end(), all.begin() + static_cast<long>(i * 1000), all.begin() + static_cast<long>((i + 1) * 1000));
        const QString r120 = dir_.filePath("R120.npy"), c = dir_.filePath("folder120.npz");
        testsupport::saveNpy(r120, kept, {120, 1000});
        args[args.indexOf("--responses") + 1] = r120;
        QVERIFY(cli(args + QStringList{"--out", c}).code == 0);
        const auto zc = io::NpzFile::open(c.toStdString());
        QVERIFY(za.get("t_faces").tensor.toDouble() == zc.get("t_faces").tensor.toDouble());
    }

    void userContrastsOnOtherLabels() {
        // A Big/Small-style labelling: no fLoc categories, so only the user's contrast is analysed.
        QFile csv(dir_.filePath("bigsmall.csv"));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("category\n");
        for (int i = 0; i < 132; ++i) csv.write(i % 2 ? "big\n" : "small\n");
        csv.close();
        QStringList args = baseArgs(layer_);
        args[args.indexOf("--labels") + 1] = csv.fileName();
        const auto none = cli(args);
        QCOMPARE(none.code, 2);
        QVERIFY2(none.err.contains("no default contrast"), none.err.constData());
        const auto r = cli(args + QStringList{"--contrast", "Big-Small:big/small", "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonArray c = QJsonDocument::fromJson(r.out).object()["contrasts"].toArray();
        QCOMPARE(c.size(), 1);
        QCOMPARE(c[0].toObject()["key"].toString(), QString("big_small"));
        QCOMPARE(c[0].toObject()["on_images"].toInt(), 66);
    }

    void refusals_data() {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown category") << QStringList{"--contrast", "x:adult,dog"} << "unknown category 'dog'";
        QTest::newRow("bad spec") << QStringList{"--contrast", "adult"} << "expected name:on1";
        QTest::newRow("duplicate name") << QStringList{"--contrast", "faces:adult"} << "two contrasts are named";
        QTest::newRow("bad seed") << QStringList{"--seed", "-4"} << "--seed";
        QTest::newRow("zero samples") << QStringList{"--samples", "0"} << "--samples";
        QTest::newRow("bad cutoff") << QStringList{"--cutoff-mm", "0"} << "--cutoff-mm";
        QTest::newRow("stray argument") << QStringList{"extra"} << "unexpected argument";
        QTest::newRow("unknown option") << QStringList{"--bogus"} << "--bogus";
    }
    void refusals() {
        QFETCH(QStringList, extra);
        QFETCH(QString, message);
        const QString out = dir_.filePath("refused.npz");
        const auto r = cli(baseArgs(layer_) + extra + QStringList{"--out", out});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY(r.out.isEmpty());
        QVERIFY(!QFile::exists(out));
    }

    void refusedInputs() {
        const QString out = dir_.filePath("refused2.npz");
        // Too few label rows for the responses.
        QFile csv(dir_.filePath("short.csv"));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("category\nadult\nhouse\n");
        csv.close();
        QStringList args = baseArgs(layer_) + QStringList{"--contrast", "f:adult", "--out", out};
        args[args.indexOf("--labels") + 1] = csv.fileName();
        auto r = cli(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("2 images but the responses have 132"), r.err.constData());
        // Missing labels, missing positions file, no such label column.
        r = cli({"analyze", "it", "--responses", layer_.responses, "--positions", layer_.positions, "--out", out});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("--labels"));
        args = baseArgs(layer_) + QStringList{"--out", out};
        args[args.indexOf("--positions") + 1] = dir_.filePath("nope.tspos");
        r = cli(args);
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("nope.tspos"));
        QVERIFY(!QFile::exists(out));
    }
};

QTEST_GUILESS_MAIN(TestCliAnalyzeIt)
#include "test_cli_analyze_it.moc"
