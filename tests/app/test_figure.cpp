// Figure composer: page sizes at a dpi, the planted map pattern where it belongs, text as text in SVG and
// PDF, rasterised or vector point layers, transparent backgrounds, chart series and rasters, refused input.
#include <QFile>
#include <QPainter>
#include <QProcess>
#include <QStandardPaths>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <tuple>

#include "common/colormaps.hpp"
#include "figure/figure.hpp"
#include "figure/figure_layout.hpp"
#include "figure/map_panel_painter.hpp"
#include "topospike/error.hpp"

namespace fig = topospike::figure;
namespace fs = std::filesystem;

namespace {
constexpr int kSide = 30;

/// A 30 × 30 grid (1 mm spacing): value 0 left of x = 15, 1 right of it, NaN in the bottom-left 5 × 5 corner.
fig::MapPanel gridMap() {
    fig::MapPanel m;
    m.title = QStringLiteral("layer2.0 \u2014 test map");
    for (int y = 0; y < kSide; ++y)
        for (int x = 0; x < kSide; ++x) {
            m.xy.push_back(float(x)), m.xy.push_back(float(y));
            const bool corner = x < 5 && y < 5;
            m.values.values.push_back(corner   ? std::numeric_limits<float>::quiet_NaN()
                                      : x < 15 ? 0.0f
                                               : 1.0f);
        }
    auto& s = m.values.scale;
    s.colormap = "viridis";
    s.min = 0.0, s.max = 1.0;
    s.title = "Preferred orientation (\u00b0)";
    s.minLabel = "0\u00b0", s.maxLabel = "180\u00b0";
    return m;
}

fig::Figure mapFigure(double dpi = 300.0) {
    fig::Figure f;
    f.title = QStringLiteral("Planted pattern");
    f.widthMm = 85.0, f.heightMm = 60.0, f.dpi = dpi;
    f.panels.push_back({gridMap(), std::nullopt});
    return f;
}

fig::Figure chartFigure() {
    fig::ChartPanel c;
    c.title = QStringLiteral("Tuning");
    c.xLabel = QStringLiteral("orientation (\u00b0)"), c.yLabel = QStringLiteral("rate");
    fig::ChartSeriesSpec s;
    s.label = QStringLiteral("unit 1");
    s.color = QColor(255, 0, 0);
    for (int i = 0; i <= 18; ++i) s.x.push_back(i * 10.0), s.y.push_back(std::sin(i / 18.0 * M_PI));
    s.yError.assign(s.y.size(), 0.05);
    c.series.push_back(s);
    fig::Figure f;
    f.widthMm = 85.0, f.heightMm = 60.0, f.dpi = 150.0;
    f.panels.push_back({std::nullopt, c});
    return f;
}

/// Device pixel of the sheet point (x, y) in the single map panel of `f`.
QPoint pixelOf(const fig::Figure& f, double x, double y) {
    const auto layout = fig::layoutFigure(f);
    const auto frame = fig::mapFrame(*f.panels[0].map, layout.bodiesMm[0], f.fontPt);
    const QPointF mm = frame.map(x, y);
    return {int(std::floor(mm.x() / 25.4 * f.dpi)), int(std::floor(mm.y() / 25.4 * f.dpi))};
}

bool near(const QColor& a, const QColor& b, int tol = 3) {
    return std::abs(a.red() - b.red()) <= tol && std::abs(a.green() - b.green()) <= tol &&
           std::abs(a.blue() - b.blue()) <= tol && std::abs(a.alpha() - b.alpha()) <= tol;
}

QString describe(const QColor& c) {
    return QString("rgba(%1, %2, %3, %4)").arg(c.red()).arg(c.green()).arg(c.blue()).arg(c.alpha());
}

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

fs::path pathIn(const QTemporaryDir& dir, const char* name) {
    return fs::path(dir.path().toStdString()) / name;
}

int countOf(const QByteArray& text, const char* what) {
    return int(text.count(what));
}
}  // namespace

class TestFigure : public QObject {
    Q_OBJECT
  private slots:
    void pngSizeFollowsDpi_data() {
        QTest::addColumn<double>("dpi");
        QTest::newRow("300 dpi") << 300.0;
        QTest::newRow("150 dpi") << 150.0;
    }
    void pngSizeFollowsDpi() {
        QFETCH(double, dpi);
        QTemporaryDir dir;
        const fs::path file = pathIn(dir, "size.png");
        fig::renderFigure(mapFigure(dpi), file);
        const QImage image(QString::fromStdString(file.string()));
        QCOMPARE(image.width(), int(std::lround(85.0 / 25.4 * dpi)));
        QCOMPARE(image.height(), int(std::lround(60.0 / 25.4 * dpi)));
        QCOMPARE(image.dotsPerMeterX(), int(std::lround(dpi / 0.0254)));
    }

    void plantedPatternLandsWhereItShould() {
        const fig::Figure f = mapFigure();
        const QImage image = fig::renderImage(f);
        const auto& cmap = topospike::app::colormap("viridis");
        struct Probe {
            double x, y;
            QColor expected;
        };
        const Probe probes[] = {{7, 20, cmap.at(0.0)}, {12, 8, cmap.at(0.0)}, {22, 20, cmap.at(1.0)},
                                {27, 3, cmap.at(1.0)}, {2, 2, Qt::white},     {1, 3, Qt::white}};
        for (const auto& p : probes) {
            const QColor got = image.pixelColor(pixelOf(f, p.x, p.y));
            QVERIFY2(near(got, p.expected), qPrintable(QString("unit (%1, %2): %3, expected %4")
                                                           .arg(p.x)
                                                           .arg(p.y)
                                                           .arg(describe(got), describe(p.expected))));
        }
    }

    void zoomWindowShowsOnlyItsPart() {
        fig::Figure f = mapFigure();
        f.panels[0].map->zoomPercent = std::array<double, 4>{50.0, 100.0, 0.0, 100.0};  // the right half
        const QImage image = fig::renderImage(f);
        const auto& cmap = topospike::app::colormap("viridis");
        // The window's left edge is x = 14.5 in sheet units: x = 16 sits just inside, and its left neighbours
        // (value 0) are outside the plot.
        const auto layout = fig::layoutFigure(f);
        const auto frame = fig::mapFrame(*f.panels[0].map, layout.bodiesMm[0], f.fontPt);
        QCOMPARE(frame.window.left(), 14.5);
        QVERIFY(near(image.pixelColor(pixelOf(f, 16, 15)), cmap.at(1.0)));
        QVERIFY(near(image.pixelColor(pixelOf(f, 28, 28)), cmap.at(1.0)));
    }

    void svgKeepsTextAsTextAndRasterisesPoints() {
        QTemporaryDir dir;
        const fs::path file = pathIn(dir, "map.svg");
        fig::renderFigure(mapFigure(), file);
        const QByteArray svg = readAll(QString::fromStdString(file.string()));
        QVERIFY(svg.contains("<svg"));
        QVERIFY2(svg.contains("width=\"85") && svg.contains("mm\""), svg.left(600).constData());
        const QByteArray deg = QStringLiteral("\u00b0").toUtf8();
        QVERIFY2(svg.contains(">0" + deg + "</text>"), "colorbar min label as <text>");
        QVERIFY2(svg.contains(">180" + deg + "</text>"), "colorbar max label as <text>");
        QVERIFY2(svg.contains(">Planted pattern</text>"), "figure title as <text>");
        QVERIFY(svg.contains("<image"));
        QVERIFY2(countOf(svg, "<ellipse") + countOf(svg, "<circle") < 10, "points are not vector");
    }

    void svgVectorPointsDrawsEveryUnit() {
        QTemporaryDir dir;
        const fs::path file = pathIn(dir, "vector.svg");
        fig::Figure f = mapFigure();
        f.vectorPoints = true;
        fig::renderFigure(f, file);
        const QByteArray svg = readAll(QString::fromStdString(file.string()));
        QVERIFY(!svg.contains("<image") || countOf(svg, "<image") == 1);  // at most the colorbar strip
        const int shapes = countOf(svg, "<ellipse") + countOf(svg, "<circle") + countOf(svg, "<path");
        QVERIFY2(shapes >= kSide * kSide - 25, qPrintable(QString::number(shapes)));
    }

    void svgAgreesWithPng() {
        // The SVG drawn back at the same size shows the planted pattern at the same pixels as the PNG.
        const fig::Figure f = mapFigure(150.0);
        QTemporaryDir dir;
        const fs::path file = pathIn(dir, "agree.svg");
        fig::renderFigure(f, file);
        const QImage png = fig::renderImage(f);
        QSvgRenderer renderer(QString::fromStdString(file.string()));
        QVERIFY(renderer.isValid());
        QCOMPARE(renderer.viewBoxF(), QRectF(0, 0, 8500, 6000));  // 0.01 mm user units
        QImage svg(png.size(), QImage::Format_ARGB32_Premultiplied);
        svg.fill(Qt::transparent);
        {
            QPainter p(&svg);
            renderer.render(&p, QRectF(QPointF(0, 0), QSizeF(png.size())));
        }
        const auto& cmap = topospike::app::colormap("viridis");
        for (const auto& [x, y, t] : {std::tuple{7.0, 20.0, 0.0}, {22.0, 20.0, 1.0}, {27.0, 3.0, 1.0}}) {
            const QPoint at = pixelOf(f, x, y);
            QVERIFY2(near(svg.pixelColor(at), cmap.at(t), 4), qPrintable(describe(svg.pixelColor(at))));
        }
        QVERIFY(near(svg.pixelColor(pixelOf(f, 2, 2)), Qt::white));
    }

    void pdfTextIsExtractable() {
        const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
        if (pdftotext.isEmpty()) QSKIP("pdftotext (poppler-utils) is not installed");
        QTemporaryDir dir;
        const fs::path file = pathIn(dir, "map.pdf");
        fig::renderFigure(mapFigure(), file);
        QProcess proc;
        proc.start(pdftotext, {QString::fromStdString(file.string()), QStringLiteral("-")});
        QVERIFY(proc.waitForFinished(20000));
        QCOMPARE(proc.exitCode(), 0);
        const QString text = QString::fromUtf8(proc.readAllStandardOutput());
        QVERIFY2(text.contains(QStringLiteral("Planted pattern")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("180\u00b0")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("0\u00b0")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("test map")), qPrintable(text));
    }

    void backgroundWhiteOrTransparent() {
        fig::Figure f = mapFigure(150.0);
        const QImage white = fig::renderImage(f);
        QCOMPARE(white.pixelColor(1, white.height() - 2), QColor(Qt::white));
        f.background = fig::Background::Transparent;
        const QImage clear = fig::renderImage(f);
        QCOMPARE(clear.pixelColor(1, clear.height() - 2).alpha(), 0);
        QCOMPARE(clear.pixelColor(pixelOf(f, 2, 2)).alpha(), 0);  // NaN units: nothing drawn
    }

    void chartDrawsItsSeries() {
        const fig::Figure f = chartFigure();
        const QImage image = fig::renderImage(f);
        int red = 0, black = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x) {
                const QColor c = image.pixelColor(x, y);
                red += c.red() > 200 && c.green() < 60 && c.blue() < 60;
                black += c.red() < 40 && c.green() < 40 && c.blue() < 40;
            }
        QVERIFY2(red > 200, qPrintable(QString::number(red)));
        QVERIFY2(black > 100, qPrintable(QString::number(black)));  // axes, ticks and labels
        // Without the series there is no red at all.
        fig::Figure empty = f;
        empty.panels[0].chart->series[0].color = Qt::blue;
        const QImage blue = fig::renderImage(empty);
        int redLeft = 0;
        for (int y = 0; y < blue.height(); ++y)
            for (int x = 0; x < blue.width(); ++x) {
                const QColor c = blue.pixelColor(x, y);
                redLeft += c.red() > 200 && c.green() < 60 && c.blue() < 60;
            }
        QCOMPARE(redLeft, 0);
    }

    void rasterMarksSpikes() {
        fig::ChartPanel c;
        c.raster.assign(10, std::vector<std::uint8_t>(40, 0));
        for (int t = 0; t < 40; ++t) c.raster[3][std::size_t(t)] = 1;  // one row firing throughout
        fig::Figure f;
        f.dpi = 150.0, f.heightMm = 60.0;
        f.panels.push_back({std::nullopt, c});
        const QImage image = fig::renderImage(f);
        QCOMPARE(image.size(), QSize(502, 354));
        int longestBlackRun = 0;
        for (int y = 0; y < image.height(); ++y) {
            int run = 0;
            for (int x = 0; x < image.width(); ++x) {
                run = image.pixelColor(x, y).lightness() < 30 ? run + 1 : 0;
                longestBlackRun = std::max(longestBlackRun, run);
            }
        }
        QVERIFY2(longestBlackRun > image.width() / 2, qPrintable(QString::number(longestBlackRun)));
    }

    void categoricalScaleGetsALegend() {
        fig::Figure f = mapFigure();
        auto& s = f.panels[0].map->values.scale;
        s.colormap = "binary", s.categorical = true, s.categoryNames = {"b/w", "colour"};
        QTemporaryDir dir;
        const fs::path file = pathIn(dir, "categories.svg");
        fig::renderFigure(f, file);
        const QByteArray svg = readAll(QString::fromStdString(file.string()));
        QVERIFY(svg.contains(">b/w</text>"));
        QVERIFY(svg.contains(">colour</text>"));
        const QImage image = fig::renderImage(f);
        const auto& cmap = topospike::app::colormap("binary");
        QVERIFY(near(image.pixelColor(pixelOf(f, 7, 20)), cmap.entry(0)));
        QVERIFY(near(image.pixelColor(pixelOf(f, 22, 20)), cmap.entry(1)));
    }

    void automaticHeightFitsTheLayout() {
        fig::Figure f = mapFigure();
        f.heightMm = 0.0;
        f.panels.push_back(f.panels[0]);
        f.panels.push_back(chartFigure().panels[0]);
        const auto layout = fig::layoutFigure(f);
        QCOMPARE(layout.columns, 2);
        QCOMPARE(layout.rows, 2);
        QVERIFY(layout.heightMm > 60.0 && layout.heightMm < 120.0);
        const QImage image = fig::renderImage(f);
        QCOMPARE(image.height(), int(std::lround(layout.heightMm / 25.4 * f.dpi)));
        // A wide page puts three panels in one row.
        f.widthMm = 180.0, f.heightMm = 50.0;
        QCOMPARE(fig::layoutFigure(f).columns, 3);
    }

    void badInputIsRefused_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("problem");
        QTest::addColumn<QString>("message");
        QTest::newRow("no panels") << "a.png"
                                   << "nopanels"
                                   << "no panels";
        QTest::newRow("dpi 10") << "a.png"
                                << "dpi"
                                << "dpi";
        QTest::newRow("jpg") << "a.jpg"
                             << ""
                             << "a.jpg";
        QTest::newRow("missing folder") << "missing/a.png"
                                        << ""
                                        << "missing/a.png";
        QTest::newRow("zero width") << "a.pdf"
                                    << "width"
                                    << "width";
        QTest::newRow("sizes differ") << "a.svg"
                                      << "sizes"
                                      << "differ";
    }
    void badInputIsRefused() {
        QFETCH(QString, name);
        QFETCH(QString, problem);
        QFETCH(QString, message);
        fig::Figure f = mapFigure(150.0);
        if (problem == "nopanels") f.panels.clear();
        if (problem == "dpi") f.dpi = 10.0;
        if (problem == "width") f.widthMm = 0.0;
        if (problem == "sizes") f.panels[0].map->values.values.pop_back();
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / name.toStdString();
        try {
            fig::renderFigure(f, file);
            QFAIL("no exception");
        } catch (const std::exception& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(message), e.what());
            QVERIFY2(QString::fromUtf8(e.what()).contains(QString::fromStdString(file.filename().string())),
                     e.what());
        }
        QVERIFY(!fs::exists(file));
        QVERIFY2(fs::is_empty(fs::path(dir.path().toStdString())), "left a file behind");
    }

    void unwritablePathIsAFileError() {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "missing" / "a.png";
        QVERIFY_THROWS_EXCEPTION(topospike::FileError, fig::renderFigure(mapFigure(150.0), file));
    }

    void parseLength_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<double>("mm");
        QTest::newRow("mm") << "85mm" << 85.0;
        QTest::newRow("in") << "3.5in" << 88.9;
        QTest::newRow("cm") << "8.5cm" << 85.0;
        QTest::newRow("bare") << "42" << 42.0;
        QTest::newRow("spaces, upper case") << " 10 MM " << 10.0;
        QTest::newRow("fraction") << ".5in" << 12.7;
        QTest::newRow("empty") << "" << -1.0;
        QTest::newRow("word") << "wide" << -1.0;
        QTest::newRow("negative") << "-3mm" << -1.0;
        QTest::newRow("zero") << "0" << -1.0;
        QTest::newRow("feet") << "5ft" << -1.0;
    }
    void parseLength() {
        QFETCH(QString, text);
        QFETCH(double, mm);
        if (mm < 0.0) {
            QVERIFY_THROWS_EXCEPTION(std::invalid_argument, fig::parseLengthMm(text));
            return;
        }
        QVERIFY(std::abs(fig::parseLengthMm(text) - mm) < 1e-9);
    }

    void renderingIsDeterministic() {
        QTemporaryDir dir;
        fig::Figure f = mapFigure(150.0);
        f.panels.push_back(chartFigure().panels[0]);
        fig::renderFigure(f, pathIn(dir, "one.png"));
        fig::renderFigure(f, pathIn(dir, "two.png"));
        const QByteArray one = readAll(dir.filePath("one.png")), two = readAll(dir.filePath("two.png"));
        QVERIFY(!one.isEmpty());
        QVERIFY(one == two);
    }
};

QTEST_MAIN(TestFigure)
#include "test_figure.moc"
