// Sine gratings against the formula evaluated by NumPy, and TDANN's 640-stimulus set: values, labels, names, order.
#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <set>

#include "support/python_check.hpp"
#include "topospike/io/npy.hpp"
#include "topospike/stimuli/gratings.hpp"

using namespace topospike::stimuli;

class TestGratings : public QObject {
    Q_OBJECT
private slots:
    void matchesNumpy_data() {
        QTest::addColumn<double>("angle");
        QTest::addColumn<double>("sf");
        QTest::addColumn<double>("phase");
        QTest::addColumn<double>("contrast");
        QTest::addColumn<bool>("color");
        QTest::addColumn<int>("size");
        QTest::newRow("0 deg bw") << 0.0 << 5.5 << 0.0 << 1.0 << false << 224;
        QTest::newRow("22.5 deg red/cyan") << 22.5 << 18.5625 << 1.2566370614359172 << 1.0 << true << 224;
        QTest::newRow("112.5 deg low contrast odd size") << 112.5 << 96.9375 << 5.026548245743669 << 0.3 << false << 97;
        QTest::newRow("157.5 deg colour") << 157.5 << 57.75 << 3.7699111843077517 << 0.8 << true << 64;
    }
    void matchesNumpy() {
        QFETCH(double, angle);
        QFETCH(double, sf);
        QFETCH(double, phase);
        QFETCH(double, contrast);
        QFETCH(bool, color);
        QFETCH(int, size);
        GratingSpec s;
        s.orientationDeg = angle;
        s.cyclesPerImage = sf;
        s.phase = phase;
        s.contrast = contrast;
        s.color = color ? ColorPair::RedCyan : ColorPair::BlackWhite;
        s.size = size;
        const Image img = makeGrating(s);
        QCOMPARE(img.width, size);
        QTemporaryDir dir;
        const QString out = dir.filePath("g.npy");
        QString log;
        const bool ok = testsupport::runPython(
            "import sys, numpy as np\n"
            "a, f, p, c, col, n = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5] == '1', int(sys.argv[6])\n"
            "y, x = np.meshgrid(np.arange(n), np.arange(n), indexing='ij')\n"
            "t = np.deg2rad(a)\n"
            "g = np.cos(2 * np.pi * (f / n) * (x * np.cos(t) + y * np.sin(t)) + p)\n"
            "L = np.rint(np.clip(128 + 128 * c * g, 0, 255))\n"
            "rgb = np.stack([L, 255 - L, 255 - L] if col else [L, L, L], -1) / 255.0\n"
            "np.save(sys.argv[7], rgb.astype(np.float32))\n",
            {QString::number(angle, 'g', 17), QString::number(sf, 'g', 17), QString::number(phase, 'g', 17),
             QString::number(contrast, 'g', 17), color ? "1" : "0", QString::number(size), out},
            &log);
        QVERIFY2(ok, qPrintable(log));
        const auto want = topospike::io::readNpy(out.toStdString()).tensor.toFloat();
        QCOMPARE(want.size(), img.rgb.size());
        int off = 0;
        for (std::size_t i = 0; i < want.size(); ++i) {
            const float d = std::fabs(want[i] - img.rgb[i]);
            QVERIFY2(d <= 1.0f / 255.0f + 1e-6f, "more than one grey level apart");
            off += d > 1e-6f;  // a level exactly at .5 may round the other way if cos differs in its last bit
        }
        QVERIFY(off <= static_cast<int>(want.size() / 1000));
    }

    void tdannSet() {
        const auto set = tdannGratingSet();
        QCOMPARE(set.size(), std::size_t{640});
        std::set<std::string> names;
        for (const auto& g : set) names.insert(g.name);
        QCOMPARE(names.size(), std::size_t{640});
        QCOMPARE(set.front().name, std::string("0.0deg_5.50sf_0.0phase_bw"));
        QCOMPARE(set[1].name, std::string("0.0deg_5.50sf_0.0phase_color"));
        QCOMPARE(set.back().name, std::string("157.5deg_96.94sf_5.0phase_color"));
        QCOMPARE(set[10].spec.cyclesPerImage, 18.5625);
        QCOMPARE(set[10].sfIndex, 1);
        QVERIFY(std::fabs(set.back().spec.cyclesPerDegree() - 96.9375 / 8.0) < 1e-12);
        QCOMPARE(set[80].orientationIndex, 1);
        QCOMPARE(set[80].spec.orientationDeg, 22.5);
    }

    void redCyanIsComplementary() {
        GratingSpec s;
        s.color = ColorPair::RedCyan;
        s.size = 16;
        const Image img = makeGrating(s);
        for (std::size_t i = 0; i < img.rgb.size(); i += 3) {
            QVERIFY(std::fabs(img.rgb[i] + img.rgb[i + 1] - 1.0f) < 1e-6f);
            QCOMPARE(img.rgb[i + 1], img.rgb[i + 2]);
        }
    }

    void refusesBadSpecs() {
        GratingSpec s;
        s.contrast = 1.5;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeGrating(s));
        s = {};
        s.size = 0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeGrating(s));
        s = {};
        s.phase = NAN;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeGrating(s));
    }
};

QTEST_GUILESS_MAIN(TestGratings)
#include "test_gratings.moc"
