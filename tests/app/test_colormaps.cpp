// Colormaps: the tables match matplotlib (numbers printed by resources/colormaps/make_colormap_tables.py),
// at() interpolates, clamps and wraps as documented, categorical maps hold their category colours.
#include <QTest>
#include <cmath>
#include <stdexcept>

#include "common/colormaps.hpp"

using topospike::app::colormap;
using topospike::app::colormapNames;

namespace {
void compareColor(const QColor& actual, int r, int g, int b, int tolerance = 0) {
    QVERIFY2(actual.isValid(), "invalid colour");
    const bool close = std::abs(actual.red() - r) <= tolerance && std::abs(actual.green() - g) <= tolerance &&
                       std::abs(actual.blue() - b) <= tolerance;
    QVERIFY2(close, qPrintable(QString("got (%1, %2, %3), expected (%4, %5, %6)")
                                   .arg(actual.red())
                                   .arg(actual.green())
                                   .arg(actual.blue())
                                   .arg(r)
                                   .arg(g)
                                   .arg(b)));
}
}  // namespace

class TestColormaps : public QObject {
    Q_OBJECT
private slots:
    void tableMatchesMatplotlib_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("index");
        QTest::addColumn<int>("r");
        QTest::addColumn<int>("g");
        QTest::addColumn<int>("b");
        // Non-cyclic maps: entry i = cmap(i / 255), rounded (viridis(0) is the familiar #440154).
        QTest::newRow("viridis 0") << "viridis" << 0 << 68 << 1 << 84;
        QTest::newRow("viridis 128") << "viridis" << 128 << 33 << 145 << 140;
        QTest::newRow("viridis 255") << "viridis" << 255 << 253 << 231 << 37;
        QTest::newRow("magma 0") << "magma" << 0 << 0 << 0 << 4;
        QTest::newRow("magma 128") << "magma" << 128 << 183 << 55 << 121;
        QTest::newRow("magma 255") << "magma" << 255 << 252 << 253 << 191;
        QTest::newRow("inferno 128") << "inferno" << 128 << 188 << 55 << 84;
        QTest::newRow("inferno 255") << "inferno" << 255 << 252 << 255 << 164;
        QTest::newRow("plasma 0") << "plasma" << 0 << 13 << 8 << 135;
        QTest::newRow("plasma 128") << "plasma" << 128 << 204 << 71 << 120;
        QTest::newRow("cividis 0") << "cividis" << 0 << 0 << 34 << 78;
        QTest::newRow("cividis 255") << "cividis" << 255 << 254 << 232 << 56;
        QTest::newRow("gray 128") << "gray" << 128 << 128 << 128 << 128;
        QTest::newRow("gray 255") << "gray" << 255 << 255 << 255 << 255;
        QTest::newRow("bwr 0") << "bwr" << 0 << 0 << 0 << 255;
        QTest::newRow("bwr 128") << "bwr" << 128 << 255 << 254 << 254;
        QTest::newRow("bwr 255") << "bwr" << 255 << 255 << 0 << 0;
        // Cyclic maps: entry i = the map at i / 256.
        QTest::newRow("twilight 0") << "twilight" << 0 << 226 << 217 << 226;
        QTest::newRow("twilight 128") << "twilight" << 128 << 47 << 20 << 55;
        QTest::newRow("hsv 0") << "hsv" << 0 << 255 << 0 << 0;
        QTest::newRow("hsv 128") << "hsv" << 128 << 0 << 255 << 243;
        QTest::newRow("nauhaus 0") << "nauhaus" << 0 << 190 << 60 << 60;
        QTest::newRow("nauhaus 128") << "nauhaus" << 128 << 88 << 158 << 135;
        QTest::newRow("nauhaus 255") << "nauhaus" << 255 << 189 << 61 << 62;
    }
    void tableMatchesMatplotlib() {
        QFETCH(QString, name);
        QFETCH(int, index);
        QFETCH(int, r);
        QFETCH(int, g);
        QFETCH(int, b);
        const auto& m = colormap(name.toStdString());
        QCOMPARE(m.table.size(), std::size_t{256});
        QVERIFY(!m.categorical);
        compareColor(m.entry(static_cast<std::size_t>(index)), r, g, b);
    }

    void atHitsEndsAndInterpolates() {
        const auto& v = colormap("viridis");
        compareColor(v.at(0.0), 68, 1, 84);
        compareColor(v.at(1.0), 253, 231, 37);
        compareColor(v.at(-3.0), 68, 1, 84);  // clamped
        compareColor(v.at(7.0), 253, 231, 37);
        compareColor(v.at(128.0 / 255.0), 33, 145, 140);
        // halfway between entries 0 and 1 is their mean
        const QColor half = v.at(0.5 / 255.0);
        QCOMPARE(half.redF(), float((68.0 + 68.0) / 2 / 255.0));
        QVERIFY(std::abs(half.blueF() - (84.0 + 86.0) / 2 / 255.0) < 1e-4);
        QVERIFY(!v.at(std::nan("")).isValid());
    }

    void cyclicMapsWrap_data() {
        QTest::addColumn<QString>("name");
        QTest::newRow("nauhaus") << "nauhaus";
        QTest::newRow("twilight") << "twilight";
        QTest::newRow("hsv") << "hsv";
    }
    void cyclicMapsWrap() {
        QFETCH(QString, name);
        const auto& m = colormap(name.toStdString());
        QVERIFY(m.cyclic);
        QCOMPARE(m.at(1.0), m.at(0.0));
        QCOMPARE(m.at(1.25), m.at(0.25));
        QCOMPARE(m.at(-0.25), m.at(0.75));
        // just below t = 1 the colour blends from the last entry back into the first
        const QColor last = m.entry(255), first = m.entry(0), mid = m.at(255.5 / 256.0);
        QVERIFY(std::abs(mid.redF() - (last.redF() + first.redF()) / 2) < 1e-3);
        QVERIFY(std::abs(mid.blueF() - (last.blueF() + first.blueF()) / 2) < 1e-3);
    }

    void nauhausStopsAreSeventhsOfThePeriod_data() {
        QTest::addColumn<int>("stop");
        QTest::addColumn<int>("r");
        QTest::addColumn<int>("g");
        QTest::addColumn<int>("b");
        QTest::newRow("0") << 0 << 190 << 60 << 60;
        QTest::newRow("1") << 1 << 210 << 160 << 60;
        QTest::newRow("2") << 2 << 230 << 230 << 70;
        QTest::newRow("3") << 3 << 85 << 150 << 85;
        QTest::newRow("4") << 4 << 90 << 165 << 185;
        QTest::newRow("5") << 5 << 70 << 80 << 140;
        QTest::newRow("6") << 6 << 170 << 85 << 140;
    }
    void nauhausStopsAreSeventhsOfThePeriod() {
        QFETCH(int, stop);
        QFETCH(int, r);
        QFETCH(int, g);
        QFETCH(int, b);
        // t = k / 7 falls between table entries; the table's linear pieces reproduce the stop within rounding
        compareColor(colormap("nauhaus").at(stop / 7.0), r, g, b, 1);
    }

    void categoricalEntries() {
        const auto& floc = colormap("floc");
        QVERIFY(floc.categorical);
        QCOMPARE(floc.table.size(), std::size_t{6});
        compareColor(floc.entry(0), 0xD4, 0x33, 0x28);  // faces
        compareColor(floc.entry(3), 0x20, 0x91, 0x3E);  // places
        compareColor(floc.entry(5), 0xBB, 0xBB, 0xBB);  // non-selective
        compareColor(floc.at(0.4), 0x4B, 0x20, 0x21);   // round(0.4 · 5) = 2: characters, not a blend
        compareColor(floc.at(1.0), 0xBB, 0xBB, 0xBB);
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, floc.entry(6));

        const auto& binary = colormap("binary");
        QCOMPARE(binary.table.size(), std::size_t{2});
        compareColor(binary.entry(0), 0x7F, 0x7F, 0x7F);
        compareColor(binary.entry(1), 0xD6, 0x27, 0x28);
        compareColor(binary.at(0.6), 0xD6, 0x27, 0x28);
    }

    void namesAndLookup() {
        const auto names = colormapNames();
        QCOMPARE(names.size(), std::size_t{12});
        QCOMPARE(names.front(), std::string("viridis"));
        // continuous first: every categorical map comes after the last continuous one
        bool seenCategorical = false;
        for (const auto& n : names) {
            if (colormap(n).categorical)
                seenCategorical = true;
            else
                QVERIFY2(!seenCategorical, n.c_str());
            QVERIFY(!colormap(n).description.empty());
        }
        QCOMPARE(&colormap("VIRIDIS"), &colormap("viridis"));
        QCOMPARE(colormap("Nauhaus").name, std::string("nauhaus"));
    }

    void unknownNameListsKnownOnes() {
        try {
            colormap("jet");
            QFAIL("no exception for an unknown colormap");
        } catch (const std::invalid_argument& e) {
            const QString message = e.what();
            QVERIFY(message.contains("jet"));
            for (const auto& n : colormapNames()) QVERIFY2(message.contains(n.c_str()), n.c_str());
        }
    }
};

QTEST_MAIN(TestColormaps)
#include "test_colormaps.moc"
