// `topospike-cli figure`: map figures of a quick demo network in SVG / PDF / PNG (text as text, PNG sized from
// --width and --dpi), several layers and a second network side by side, live-stimulus modes, sessions that give
// the same bytes back, and refusals that leave no file behind. Also the commands beside it: `export maps` (the
// same map set, as NumPy reads it) and `completion bash`.
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

#include "support/cli_run.hpp"
#include "support/python_check.hpp"

using testsupport::cli;

namespace {

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// Width in pixels from a PNG's IHDR chunk (big-endian at byte 16); -1 when not a PNG.
qint64 pngWidth(const QByteArray& png) {
    if (png.size() < 24 || !png.startsWith("\x89PNG")) return -1;
    qint64 w = 0;
    for (int i = 16; i < 20; ++i) w = (w << 8) | static_cast<unsigned char>(png[i]);
    return w;
}

/// True when the SVG holds `label` as the whole content of a <text> element.
bool svgHasText(const QByteArray& svg, const QString& label) {
    const QRegularExpression re("<text[^>]*>\\s*" + QRegularExpression::escape(label) + "\\s*</text>");
    return re.match(QString::fromUtf8(svg)).hasMatch();
}

}  // namespace

class TestCliFigure : public QObject {
    Q_OBJECT
    QTemporaryDir cache_, work_;
    QString checkpoint_;

    QStringList env() const { return {"XDG_CACHE_HOME=" + cache_.path()}; }
    QString out(const QString& name) const { return work_.filePath(name); }
    /// `figure CKPT args...` in the test's cache; the run must succeed.
    testsupport::CliRun figure(const QStringList& args) {
        auto r = cli(QStringList{"figure", checkpoint_} + args, env());
        if (r.code != 0) qWarning("figure %s: %s", qPrintable(args.join(' ')), r.err.constData());
        return r;
    }

private slots:
    void initTestCase() {
        QVERIFY(cache_.isValid() && work_.isValid());
        const QString demo = work_.filePath("demo");
        const auto r = cli({"demo", "--out", demo, "--size", "48", "--calibration-stride", "80", "--swap-steps", "5000"},
                           env());
        QVERIFY2(r.code == 0, r.err.constData());
        checkpoint_ = demo + "/demo_resnet18.safetensors";
    }

    void svgKeepsColorbarLabelsAsText() {
        const auto r = figure({"--layer", "layer2.0", "--color-by", "orientation", "--out", out("f.svg")});
        QCOMPARE(r.code, 0);
        const QByteArray svg = readAll(out("f.svg"));
        QVERIFY(svg.contains("<svg"));
        QVERIFY(svgHasText(svg, "0°"));
        QVERIFY(svgHasText(svg, "180°"));
    }

    void pdfKeepsColorbarLabelsAsText() {
        const QString pdftotext = QStandardPaths::findExecutable("pdftotext");
        if (pdftotext.isEmpty()) QSKIP("pdftotext not installed");
        QCOMPARE(figure({"--layer", "layer2.0", "--color-by", "orientation", "--out", out("f.pdf")}).code, 0);
        QVERIFY(readAll(out("f.pdf")).startsWith("%PDF"));
        QProcess p;
        p.start(pdftotext, {out("f.pdf"), "-"});
        QVERIFY(p.waitForFinished(30000));
        const QString text = QString::fromUtf8(p.readAllStandardOutput());
        QVERIFY2(text.contains("0°") && text.contains("180°"), qPrintable(text));
    }

    void pngSizeFollowsWidthAndDpi() {
        QCOMPARE(figure({"--layer", "layer2.0", "--out", out("w.png"), "--dpi", "300", "--width", "85mm"}).code, 0);
        QCOMPARE(pngWidth(readAll(out("w.png"))), std::llround(85.0 / 25.4 * 300.0));
        QCOMPARE(figure({"--layer", "layer2.0", "--out", out("w2.png"), "--dpi", "100", "--width", "2in"}).code, 0);
        QCOMPARE(pngWidth(readAll(out("w2.png"))), qint64{200});
    }

    void allLayersAndCompare() {
        auto r = figure({"--layer", "all", "--out", out("all.png"), "--json"});
        QCOMPARE(r.code, 0);
        QCOMPARE(QJsonDocument::fromJson(r.out).object()["panels"].toInt(), 8);
        r = figure({"--layer", "all", "--compare", checkpoint_, "--out", out("cmp.png"), "--json"});
        QCOMPARE(r.code, 0);
        QCOMPARE(QJsonDocument::fromJson(r.out).object()["panels"].toInt(), 16);
    }

    void liveModes_data() {
        QTest::addColumn<QString>("mode");
        QTest::newRow("spikes") << "spikes";
        QTest::newRow("membrane") << "membrane";
    }
    void liveModes() {
        QFETCH(QString, mode);
        const QString file = out(mode + ".png");
        QCOMPARE(figure({"--color-by", mode, "--orientation", "45", "--out", file}).code, 0);
        QVERIFY(pngWidth(readAll(file)) > 0);
    }

    void categoryModeNamesWhatToRun() {
        const auto r = cli({"figure", checkpoint_, "--color-by", "t", "--out", out("t.png")}, env());
        QCOMPARE(r.code, 2);
        QCOMPARE(r.err.trimmed().count('\n'), 0);
        QVERIFY2(r.err.contains("--image-set"), r.err.constData());
        QVERIFY(!QFile::exists(out("t.png")));
    }

    void refusals_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("says");
        QTest::newRow("dpi") << QStringList{"--dpi", "5000"} << "r.png" << "--dpi";
        QTest::newRow("color-by") << QStringList{"--color-by", "foo"} << "r.png" << "foo";
        QTest::newRow("width") << QStringList{"--width", "-3mm"} << "r.png" << "--width";
        QTest::newRow("format") << QStringList{} << "r.jpg" << ".jpg";
        QTest::newRow("layer") << QStringList{"--layer", "layer9.9"} << "r.png" << "layer9.9";
    }
    void refusals() {
        QFETCH(QStringList, args);
        QFETCH(QString, file);
        QFETCH(QString, says);
        const auto r = cli(QStringList{"figure", checkpoint_, "--out", out(file)} + args, env());
        QCOMPARE(r.code, 2);
        QCOMPARE(r.err.trimmed().count('\n'), 0);
        QVERIFY2(r.err.contains(says.toUtf8()), r.err.constData());
        QVERIFY(!QFile::exists(out(file)));
    }

    void chartKinds_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("panels");
        QTest::addColumn<QStringList>("axisTitles");
        QTest::newRow("tuning") << QStringList{"--kind", "tuning", "--unit", "5", "--layer", "layer2.0,layer4.1"} << 4
                                << QStringList{"orientation (°)", "SF (cycles/°)", "response", "layer4.1 unit 5"};
        QTest::newRow("entropy") << QStringList{"--kind", "entropy", "--layer", "all"} << 1
                                 << QStringList{"timestep", "entropy (bits)", "layer1.0", "layer4.1"};
        QTest::newRow("smoothness") << QStringList{"--kind", "smoothness"} << 1
                                    << QStringList{"distance (mm)", "preference / chance", "orientation", "sf"};  // Qt splits "Δ " off
        QTest::newRow("raster") << QStringList{"--kind", "raster", "--unit", "3", "--orientation", "45"} << 1
                                << QStringList{"timestep", "unit", "layer2.0 unit 3 and neighbours"};
        QTest::newRow("correlation") << QStringList{"--kind", "correlation", "--layer", "layer2.0,layer4.1"} << 2
                                     << QStringList{"distance (mm)", "response correlation", "layer4.1"};
    }
    void chartKinds() {
        QFETCH(QStringList, args);
        QFETCH(int, panels);
        QFETCH(QStringList, axisTitles);
        const QString file = out(QString(QTest::currentDataTag()) + ".svg");
        const auto r = figure(args + QStringList{"--out", file, "--json"});
        QCOMPARE(r.code, 0);
        QCOMPARE(QJsonDocument::fromJson(r.out).object()["panels"].toInt(), panels);
        const QByteArray svg = readAll(file);
        for (const QString& title : axisTitles) QVERIFY2(svgHasText(svg, title.toHtmlEscaped()), qPrintable(title));
    }

    void chartRefusals_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("says");
        QTest::newRow("kind") << QStringList{"--kind", "pie"} << "--kind";
        QTest::newRow("unit range") << QStringList{"--kind", "tuning", "--unit", "999999"} << "outside";
        QTest::newRow("unit on a map") << QStringList{"--unit", "3"} << "--unit";
        QTest::newRow("compare") << QStringList{"--kind", "entropy", "--compare", "x.pth"} << "--compare";
    }
    void chartRefusals() {
        QFETCH(QStringList, args);
        QFETCH(QString, says);
        const auto r = cli(QStringList{"figure", checkpoint_, "--out", out("c.png")} + args, env());
        QCOMPARE(r.code, 2);
        QCOMPARE(r.err.trimmed().count('\n'), 0);
        QVERIFY2(r.err.contains(says.toUtf8()), r.err.constData());
        QVERIFY(!QFile::exists(out("c.png")));
    }

    void sessionGivesTheSameBytes() {
        QCOMPARE(figure({"--layer", "layer2.0,layer4.1", "--color-by", "sf", "--out", out("s1.png"), "--save-session",
                         out("s.json")})
                     .code,
                 0);
        QVERIFY(QFile::exists(out("s.json")));
        const auto r = cli({"figure", "--session", out("s.json"), "--out", out("s2.png")}, env());
        QVERIFY2(r.code == 0, r.err.constData());
        const QByteArray first = readAll(out("s1.png"));
        QVERIFY(!first.isEmpty());
        QVERIFY(first == readAll(out("s2.png")));
    }

    void exportMapsReadByNumpy() {
        const auto r = cli({"export", "maps", checkpoint_, "--out", out("maps.npz")}, env());
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(r.err.contains("maps from the cache"));  // the map set the figures computed, not a second one
        QString output;
        const QString script =
            "import sys, json, numpy as np\n"
            "z = np.load(sys.argv[1])\n"
            "o = z['layer2.0/orientation_deg']\n"
            "assert o.shape == (128 * 6 * 6,) and o.dtype == np.float32, (o.shape, o.dtype)\n"
            "assert np.nanmin(o) >= 0 and np.nanmax(o) < 180\n"
            "assert z['layer2.0/orientation_tuning'].shape == (o.size, 8)\n"
            "meta = json.loads(str(z['meta']))\n"
            "assert len(meta['layers']) == 8, meta\n";
        QVERIFY2(testsupport::runPython(script, {out("maps.npz")}, &output), qPrintable(output));
    }

    void exportRefusals() {
        auto r = cli({"export", "maps", checkpoint_, "--out", out("maps.txt")}, env());
        QCOMPARE(r.code, 2);
        QCOMPARE(r.err.trimmed().count('\n'), 0);
        QVERIFY(!QFile::exists(out("maps.txt")));
        r = cli({"export", "maps", checkpoint_, "--out", out("m2.npz"), "--stimuli", "images"}, env());
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--image-set"), r.err.constData());
        QVERIFY(!QFile::exists(out("m2.npz")));
    }

    void bashCompletionParses() {
        const auto r = cli({"completion", "bash"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("--color-by") && r.out.contains("figure") && r.out.contains("export"));
        QFile script(out("completion.sh"));
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write(r.out);
        script.close();
        QProcess bash;
        bash.start("bash", {"-n", out("completion.sh")});
        QVERIFY(bash.waitForFinished(30000));
        QVERIFY2(bash.exitCode() == 0, bash.readAllStandardError().constData());
        QCOMPARE(cli({"completion", "fish"}).code, 2);
    }
};

QTEST_GUILESS_MAIN(TestCliFigure)
#include "test_cli_figure.moc"
