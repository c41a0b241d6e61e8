// The cortical-sheet view: planted values come out of the framebuffer in the colormap's colours (NaN shows
// the background), units are found where they are drawn, clicks focus small multiples and pin units, drags
// pan without clicking, the wheel zooms about the cursor, the pinned ring is drawn, and 200,000 points draw.
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QToolTip>
#include <QWheelEvent>
#include <cmath>
#include <limits>
#include <random>

#include "common/colormaps.hpp"
#include "gui/sheet_canvas.hpp"
#include "gui/sheet_overlay.hpp"

using topospike::app::SheetValues;
using topospike::gui::SheetCanvas;
using topospike::gui::SheetLayer;
using topospike::gui::UnitId;

namespace {

constexpr int kSide = 40;  // the grid layer: kSide × kSide units, 0.1 mm apart
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

SheetLayer gridLayer(const std::string& name) {
    SheetLayer l{name, {1, kSide, kSide}, {}, "V1"};
    for (int h = 0; h < kSide; ++h)
        for (int w = 0; w < kSide; ++w) {
            l.xy.push_back(0.1f * (w + 0.5f));
            l.xy.push_back(0.1f * (h + 0.5f));
        }
    return l;
}

SheetLayer randomLayer(const std::string& name, std::int64_t units, float sizeMm, unsigned seed) {
    SheetLayer l{name, {units, 1, 1}, {}, "IT"};
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(0.f, sizeMm);
    for (std::int64_t i = 0; i < 2 * units; ++i) l.xy.push_back(u(rng));
    return l;
}

std::int64_t gridUnit(int h, int w) {
    return static_cast<std::int64_t>(h) * kSide + w;
}
bool inNaNBlock(int h, int w) {
    return h >= 20 && h < 28 && w >= 4 && w < 10;
}

/// Grid values: left half 0, right half 1, a NaN block in the left half.
SheetValues halves() {
    SheetValues v;
    v.scale.colormap = "viridis";
    v.scale.title = "test value";
    for (int h = 0; h < kSide; ++h)
        for (int w = 0; w < kSide; ++w)
            v.values.push_back(inNaNBlock(h, w) ? kNaN : w < kSide / 2 ? 0.f : 1.f);
    return v;
}

SheetValues uniform(std::int64_t units, const std::string& map, float value, double lo, double hi) {
    SheetValues v;
    v.scale.colormap = map;
    v.scale.min = lo;
    v.scale.max = hi;
    v.values.assign(static_cast<std::size_t>(units), value);
    return v;
}

QColor pixel(const QImage& image, QPointF widgetPos, qreal dpr) {
    return image.pixelColor(static_cast<int>(std::floor(widgetPos.x() * dpr)),
                            static_cast<int>(std::floor(widgetPos.y() * dpr)));
}

bool near(const QColor& a, const QColor& b, int tolerance = 4) {
    return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance &&
           std::abs(a.blue() - b.blue()) <= tolerance;
}

QString describe(const QColor& c) {
    return QString("(%1, %2, %3)").arg(c.red()).arg(c.green()).arg(c.blue());
}

void sendMouse(QWidget& w, QEvent::Type type, QPointF pos, Qt::MouseButton button, Qt::MouseButtons buttons) {
    QMouseEvent e(type, pos, w.mapToGlobal(pos), button, buttons, Qt::NoModifier);
    QApplication::sendEvent(&w, &e);
}

void click(QWidget& w, QPointF pos) {
    sendMouse(w, QEvent::MouseButtonPress, pos, Qt::LeftButton, Qt::LeftButton);
    sendMouse(w, QEvent::MouseButtonRelease, pos, Qt::LeftButton, Qt::NoButton);
}

void wheel(QWidget& w, QPointF pos, int angle) {
    QWheelEvent e(pos, w.mapToGlobal(pos), QPoint(), QPoint(0, angle), Qt::NoButton, Qt::NoModifier,
                  Qt::NoScrollPhase, false);
    QApplication::sendEvent(&w, &e);
}

/// A canvas with the grid (focused), a random sheet and a second grid, shown at a fixed size.
struct Shown {
    SheetCanvas canvas;
    Shown() {
        canvas.resize(1000, 700);
        canvas.setLayers(
            {gridLayer("layer1.0"), randomLayer("layer2.0", 3000, 3.f, 7), gridLayer("layer3.0")}, 0);
        canvas.setValues(0, halves());
        canvas.setValues(2, halves());
    }
    bool show() {
        QSignalSpy frames(&canvas, &SheetCanvas::frameSwapped);
        canvas.show();
        if (!QTest::qWaitForWindowExposed(&canvas)) return false;
        return frames.count() > 0 || frames.wait(10000);
    }
};

}  // namespace

class TestSheetCanvas : public QObject {
    Q_OBJECT
private slots:
    void plantedValuesShowColormapColours() {
        Shown s;
        QVERIFY(s.show());
        const QImage image = s.canvas.grabFramebuffer();
        const qreal dpr = s.canvas.devicePixelRatioF();
        const auto& viridis = topospike::app::colormap("viridis");
        const QColor background = s.canvas.palette().color(QPalette::Window);
        int checked = 0;
        for (int layer : {0, 2}) {  // the focused view and a small multiple
            for (int h = 6; h < kSide - 2; h += 3) {
                for (int w = 1; w < kSide - 1; ++w) {
                    if (w == kSide / 2 - 1 || w == kSide / 2) continue;  // the seam between the halves
                    if (layer == 2 && (h < 8 || w % 4 != 1))
                        continue;  // small multiple: a few, clear of its frame
                    const bool nan = inNaNBlock(h, w);
                    if (!nan && (inNaNBlock(h + 1, w) || inNaNBlock(h - 1, w) || inNaNBlock(h, w + 1) ||
                                 inNaNBlock(h, w - 1)))
                        continue;
                    const QColor expected = nan ? background : w < kSide / 2 ? viridis.at(0) : viridis.at(1);
                    const QPointF at = s.canvas.widgetPosition(UnitId{layer, gridUnit(h, w)});
                    const QColor got = pixel(image, at, dpr);
                    QVERIFY2(near(got, expected),
                             qPrintable(QString("layer %1 unit h=%2 w=%3 at (%4, %5): %6, not %7")
                                            .arg(layer)
                                            .arg(h)
                                            .arg(w)
                                            .arg(at.x())
                                            .arg(at.y())
                                            .arg(describe(got), describe(expected))));
                    ++checked;
                }
            }
        }
        QVERIFY(checked > 300);
        // Left of the sheet (beyond the half-unit pad) the background shows.
        const QPointF left = s.canvas.widgetPosition(UnitId{0, gridUnit(20, 0)}) - QPointF(30, 0);
        QVERIFY(near(pixel(image, left, dpr), background));
    }

    void colormapsMapValuesAsTheTables_data() {
        QTest::addColumn<QString>("map");
        QTest::addColumn<float>("value");
        QTest::addColumn<double>("lo");
        QTest::addColumn<double>("hi");
        QTest::addColumn<double>("t");  // where the colour is on the map
        QTest::newRow("viridis middle") << "viridis" << 0.5f << 0.0 << 1.0 << 0.5;
        QTest::newRow("viridis below range clamps") << "viridis" << -3.f << 0.0 << 1.0 << 0.0;
        QTest::newRow("magma scaled") << "magma" << 30.f << 20.0 << 60.0 << 0.25;
        QTest::newRow("bwr zero is white") << "bwr" << 0.f << -15.0 << 15.0 << 0.5;
        QTest::newRow("nauhaus 180 deg is 0 deg") << "nauhaus" << 180.f << 0.0 << 180.0 << 0.0;
        QTest::newRow("nauhaus wraps into first stop") << "nauhaus" << 179.f << 0.0 << 180.0 << 179.0 / 180.0;
        // halfway between hsv's last entry (255, 0, 30) and its first (255, 0, 0): the texture repeats
        QTest::newRow("hsv blends last into first") << "hsv" << 179.6484375f << 0.0 << 180.0 << 255.5 / 256.0;
        QTest::newRow("twilight 3/4") << "twilight" << 135.f << 0.0 << 180.0 << 0.75;
        QTest::newRow("floc category 2") << "floc" << 2.f << 0.0 << 5.0 << 0.4;
        QTest::newRow("floc 2.4 is still category 2") << "floc" << 2.4f << 0.0 << 5.0 << 0.4;
        QTest::newRow("binary colour") << "binary" << 1.f << 0.0 << 1.0 << 1.0;
    }
    void colormapsMapValuesAsTheTables() {
        QFETCH(QString, map);
        QFETCH(float, value);
        QFETCH(double, lo);
        QFETCH(double, hi);
        QFETCH(double, t);
        Shown s;
        s.canvas.setValues(0, uniform(kSide * kSide, map.toStdString(), value, lo, hi));
        QVERIFY(s.show());
        const QImage image = s.canvas.grabFramebuffer();
        const QColor expected = topospike::app::colormap(map.toStdString()).at(t);
        for (auto unit : {gridUnit(20, 20), gridUnit(10, 30), gridUnit(30, 5)}) {
            const QColor got =
                pixel(image, s.canvas.widgetPosition(UnitId{0, unit}), s.canvas.devicePixelRatioF());
            QVERIFY2(near(got, expected), qPrintable(describe(got) + " != " + describe(expected)));
        }
    }

    void colorbarShowsTheGradient() {
        Shown s;
        QVERIFY(s.show());
        const QImage image = s.canvas.grabFramebuffer();
        const qreal dpr = s.canvas.devicePixelRatioF();
        // Right of the sheet (points and their half-unit pad) only the colorbar carries colours.
        const double x0 = s.canvas.widgetPosition(UnitId{0, gridUnit(0, kSide - 1)}).x() + 20;
        const auto& viridis = topospike::app::colormap("viridis");
        bool top = false, middle = false, bottom = false;
        for (int y = 0; y < image.height(); ++y)
            for (int x = static_cast<int>(x0 * dpr); x < image.width(); ++x) {
                const QColor c = image.pixelColor(x, y);
                top = top || near(c, viridis.at(1.0), 3);
                middle = middle || near(c, viridis.at(0.5), 3);
                bottom = bottom || near(c, viridis.at(0.0), 3);
            }
        QVERIFY(top && middle && bottom);
    }

    void backgroundFollowsPalette() {
        Shown s;
        QVERIFY(s.show());
        QSignalSpy frames(&s.canvas, &SheetCanvas::frameSwapped);
        QPalette dark = s.canvas.palette();
        dark.setColor(QPalette::Window, QColor(25, 30, 35));
        dark.setColor(QPalette::WindowText, QColor(230, 230, 230));
        s.canvas.setPalette(dark);
        QVERIFY(frames.wait(10000));  // a palette change repaints by itself
        const QImage image = s.canvas.grabFramebuffer();
        const QPointF nan = s.canvas.widgetPosition(UnitId{0, gridUnit(24, 6)});
        QVERIFY(near(pixel(image, nan, s.canvas.devicePixelRatioF()), QColor(25, 30, 35), 1));
    }

    void hoverReportsAndDescribesUnits() {
        Shown s;
        s.canvas.setUnitDescriber([](UnitId u) { return QString("unit %1 of layer %2").arg(u.unit).arg(u.layer); });
        QVERIFY(s.show());
        QSignalSpy hovered(&s.canvas, &SheetCanvas::unitHovered);
        const UnitId unit{0, gridUnit(30, 33)};
        sendMouse(s.canvas, QEvent::MouseMove, s.canvas.widgetPosition(unit), Qt::NoButton, Qt::NoButton);
        QCOMPARE(hovered.count(), 1);
        QCOMPARE(qvariant_cast<UnitId>(hovered.last().first()), unit);
        QTRY_COMPARE(QToolTip::text(), QString("unit %1 of layer 0").arg(unit.unit));
        // moving within the same unit says nothing new; leaving the sheet reports "no unit"
        sendMouse(s.canvas, QEvent::MouseMove, s.canvas.widgetPosition(unit) + QPointF(1, 1), Qt::NoButton,
                  Qt::NoButton);
        QCOMPARE(hovered.count(), 1);
        QEvent leave(QEvent::Leave);
        QApplication::sendEvent(&s.canvas, &leave);
        QCOMPARE(hovered.count(), 2);
        QVERIFY(!qvariant_cast<UnitId>(hovered.last().first()).valid());
    }

    void unitsAreFoundWhereTheyAreDrawn() {
        Shown s;
        QVERIFY(s.show());
        for (std::int64_t u = 0; u < kSide * kSide; u += 7) {
            const UnitId id{0, u};
            const UnitId found = s.canvas.unitAt(s.canvas.widgetPosition(id));
            if (inNaNBlock(static_cast<int>(u / kSide), static_cast<int>(u % kSide)))
                QVERIFY2(!found.valid(),
                         "a NaN unit is not drawn, so not found");  // its neighbours are > r away
            else
                QCOMPARE(found, id);
        }
        // Half a unit spacing to the right still finds the unit (its point covers it) ...
        const QPointF a = s.canvas.widgetPosition(UnitId{0, gridUnit(5, 5)});
        const QPointF b = s.canvas.widgetPosition(UnitId{0, gridUnit(5, 6)});
        QCOMPARE(s.canvas.unitAt(a + (b - a) * 0.4), (UnitId{0, gridUnit(5, 5)}));
        // ... far outside the sheet nothing is.
        QVERIFY(!s.canvas.unitAt(a - (b - a) * 8).valid());
        // Units of the small multiples and of a random sheet.
        for (std::int64_t u = 0; u < kSide * kSide; u += 97)
            QCOMPARE(s.canvas.unitAt(s.canvas.widgetPosition({2, u})), (UnitId{2, u}));
        s.canvas.setFocusedLayer(1);
        for (std::int64_t u = 0; u < 3000; u += 13)
            QCOMPARE(s.canvas.unitAt(s.canvas.widgetPosition({1, u})), (UnitId{1, u}));
    }

    void clickingSmallMultipleFocusesIt() {
        Shown s;
        QVERIFY(s.show());
        QSignalSpy focus(&s.canvas, &SheetCanvas::focusedLayerChanged);
        QSignalSpy clicked(&s.canvas, &SheetCanvas::unitClicked);
        const QPointF inSmall = s.canvas.widgetPosition(UnitId{2, gridUnit(20, 20)});
        QVERIFY(!s.canvas.rect().isEmpty() && s.canvas.rect().contains(inSmall.toPoint()));
        click(s.canvas, inSmall);
        QCOMPARE(focus.count(), 1);
        QCOMPARE(focus.first().first().toInt(), 2);
        QCOMPARE(s.canvas.focusedLayer(), 2);
        QCOMPARE(clicked.count(), 0);
        // The focused layer is now drawn large: its unit moved into the main view.
        QVERIFY((s.canvas.widgetPosition(UnitId{2, gridUnit(20, 20)}) - inSmall).manhattanLength() > 50);
    }

    void clickPinsUnitButDragPans() {
        Shown s;
        QVERIFY(s.show());
        QSignalSpy clicked(&s.canvas, &SheetCanvas::unitClicked);
        QSignalSpy view(&s.canvas, &SheetCanvas::viewChanged);
        const UnitId unit{0, gridUnit(12, 30)};
        click(s.canvas, s.canvas.widgetPosition(unit));
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(qvariant_cast<UnitId>(clicked.first().first()), unit);
        QCOMPARE(s.canvas.pinned(), unit);

        const QPointF from = s.canvas.widgetPosition(UnitId{0, gridUnit(20, 20)});
        const QPointF centre = s.canvas.centerMm();
        sendMouse(s.canvas, QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton);
        for (int step = 1; step <= 4; ++step)
            sendMouse(s.canvas, QEvent::MouseMove, from + QPointF(10 * step, 5 * step), Qt::NoButton,
                      Qt::LeftButton);
        sendMouse(s.canvas, QEvent::MouseButtonRelease, from + QPointF(40, 20), Qt::LeftButton, Qt::NoButton);
        QCOMPARE(clicked.count(), 1);  // a drag is not a click
        QVERIFY(view.count() > 0);
        // The sheet followed the mouse: the unit that was under `from` is now 40 px right, 20 px down.
        const QPointF moved = s.canvas.widgetPosition(UnitId{0, gridUnit(20, 20)});
        QVERIFY2((moved - (from + QPointF(40, 20))).manhattanLength() < 1e-6,
                 qPrintable(QString("(%1, %2)").arg(moved.x()).arg(moved.y())));
        QVERIFY(s.canvas.centerMm() != centre);
        // Double-click resets.
        sendMouse(s.canvas, QEvent::MouseButtonDblClick, moved, Qt::LeftButton, Qt::LeftButton);
        QCOMPARE(s.canvas.widgetPosition(UnitId{0, gridUnit(20, 20)}), from);
    }

    void wheelZoomsAboutTheCursor() {
        Shown s;
        QVERIFY(s.show());
        QSignalSpy view(&s.canvas, &SheetCanvas::viewChanged);
        const UnitId under{0, gridUnit(8, 31)}, other{0, gridUnit(30, 10)};
        const QPointF cursor = s.canvas.widgetPosition(under);
        const QPointF otherBefore = s.canvas.widgetPosition(other);
        const double before = s.canvas.zoom();
        wheel(s.canvas, cursor, 240);
        QVERIFY(s.canvas.zoom() > before * 1.3);
        QCOMPARE(view.count(), 1);
        const QPointF after = s.canvas.widgetPosition(under);
        QVERIFY2((after - cursor).manhattanLength() < 1e-6,
                 qPrintable(QString("(%1, %2)").arg(after.x()).arg(after.y())));
        // everything else spread out from the cursor by the zoom ratio
        const QPointF spread = s.canvas.widgetPosition(other) - cursor;
        const double ratio = s.canvas.zoom() / before;
        QVERIFY((spread - (otherBefore - cursor) * ratio).manhattanLength() < 1e-6);
        wheel(s.canvas, cursor, -240);
        QVERIFY(std::abs(s.canvas.zoom() - before) < 1e-9);
        // Zoomed views still draw and pick where they draw.
        wheel(s.canvas, cursor, 600);
        QCOMPARE(s.canvas.unitAt(s.canvas.widgetPosition(under)), under);
        const QImage image = s.canvas.grabFramebuffer();
        QVERIFY(near(pixel(image, s.canvas.widgetPosition(under), s.canvas.devicePixelRatioF()),
                     topospike::app::colormap("viridis").at(1.0)));
    }

    void pinnedUnitIsMarked() {
        Shown s;
        QVERIFY(s.show());
        const UnitId unit{0, gridUnit(15, 25)};
        const QImage plain = s.canvas.grabFramebuffer();
        s.canvas.setPinned(unit);
        QCOMPARE(s.canvas.pinned(), unit);
        const QImage ringed = s.canvas.grabFramebuffer();
        const qreal dpr = s.canvas.devicePixelRatioF();
        const QPoint c = (s.canvas.widgetPosition(unit) * dpr).toPoint();
        int changed = 0, changedFar = 0;
        for (int y = -60; y <= 60; ++y)
            for (int x = -60; x <= 60; ++x) {
                const bool differs = plain.pixel(c.x() + x, c.y() + y) != ringed.pixel(c.x() + x, c.y() + y);
                (std::abs(x) <= 25 && std::abs(y) <= 25 ? changed : changedFar) += differs;
            }
        QVERIFY2(changed > 20, qPrintable(QString::number(changed)));
        QCOMPARE(changedFar, 0);  // a ring around the unit, nothing elsewhere
        s.canvas.setPinned(UnitId{});
        QCOMPARE(s.canvas.grabFramebuffer(), plain);
    }

    void missingValuesSayWhy() {
        Shown s;
        QVERIFY(s.show());
        SheetValues none;
        s.canvas.setValues(0, none);
        const QImage plain = s.canvas.grabFramebuffer();
        none.missing = "run the grating analysis (Analyses → Gratings)";
        s.canvas.setValues(0, none);
        const QImage told = s.canvas.grabFramebuffer();
        const QPoint c =
            (s.canvas.widgetPosition(UnitId{0, gridUnit(20, 20)}) * s.canvas.devicePixelRatioF()).toPoint();
        int changed = 0;
        for (int y = -15; y <= 15; ++y)
            for (int x = -100; x <= 100; ++x)
                changed += plain.pixel(c.x() + x, c.y() + y) != told.pixel(c.x() + x, c.y() + y);
        QVERIFY2(changed > 500, qPrintable(QString::number(changed)));
    }

    void refusesMismatchedValues() {
        SheetCanvas canvas;
        canvas.setLayers({gridLayer("layer1.0")});
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 canvas.setValues(0, uniform(10, "viridis", 0.f, 0, 1)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 canvas.setValues(0, uniform(kSide * kSide, "jet", 0.f, 0, 1)));
        QVERIFY_THROWS_EXCEPTION(std::out_of_range,
                                 canvas.setValues(1, uniform(kSide * kSide, "viridis", 0.f, 0, 1)));
        SheetLayer odd = gridLayer("odd");
        odd.dims = {2, kSide, kSide};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, canvas.setLayers({odd}));
    }

    void scaleBarLengthsAreNice_data() {
        QTest::addColumn<double>("target");
        QTest::addColumn<double>("nice");
        QTest::addColumn<QString>("label");
        QTest::newRow("1.8 -> 2") << 1.8 << 2.0 << "2 mm";
        QTest::newRow("3.3 -> 5") << 3.3 << 5.0 << "5 mm";
        QTest::newRow("0.7 -> 0.5") << 0.7 << 0.5 << "0.5 mm";
        QTest::newRow("8 -> 10") << 8.0 << 10.0 << "10 mm";
        QTest::newRow("0.013 -> 0.01") << 0.013 << 0.01 << "0.01 mm";
    }
    void scaleBarLengthsAreNice() {
        QFETCH(double, target);
        QFETCH(double, nice);
        QFETCH(QString, label);
        const double got = topospike::gui::overlay::niceLength(target);
        QVERIFY(std::abs(got - nice) < 1e-12 * nice);
        QCOMPARE(topospike::gui::overlay::lengthLabel(got), label);
    }

    void draws200kPoints() {
        SheetCanvas canvas;
        canvas.resize(1000, 700);
        constexpr std::int64_t units = 200000;
        QElapsedTimer timer;
        timer.start();
        canvas.setLayers({randomLayer("big", units, 20.f, 3), gridLayer("small")}, 0);
        std::mt19937 rng(5);
        std::uniform_real_distribution<float> u(0.f, 1.f);
        SheetValues v;
        v.scale.colormap = "magma";
        for (std::int64_t i = 0; i < units; ++i) v.values.push_back(u(rng));
        canvas.setValues(0, v);
        const qint64 setup = timer.restart();
        QSignalSpy frames(&canvas, &SheetCanvas::frameSwapped);
        canvas.show();
        QVERIFY(QTest::qWaitForWindowExposed(&canvas));
        QVERIFY(frames.count() > 0 || frames.wait(20000));
        const qint64 first = timer.restart();
        QImage image;
        for (int i = 0; i < 3; ++i) image = canvas.grabFramebuffer();
        const qint64 redraw = timer.restart() / 3;
        std::int64_t found = 0;
        const qreal dpr = canvas.devicePixelRatioF();
        for (std::int64_t i = 0; i < units; i += 20)
            found += canvas.unitAt(canvas.widgetPosition({0, i})) == UnitId{0, i};
        const qint64 picking = timer.elapsed();
        qInfo(
            "200,000 points: layers + values %lld ms, first frame %lld ms, redraw %lld ms, 10,000 unitAt "
            "%lld ms",
            setup, first, redraw, picking);
        QCOMPARE(found, units / 20);
        // The sheet is covered with points: most pixels around its centre differ from the background (a
        // random sheet leaves some gaps where a lattice would have none).
        const QColor background = canvas.palette().color(QPalette::Window);
        const UnitId centre = canvas.unitAt(QPointF(canvas.width() * 0.55, canvas.height() * 0.5));
        QVERIFY(centre.valid());
        const QPoint c = (canvas.widgetPosition(centre) * dpr).toPoint();
        int covered = 0, total = 0;
        for (int y = -100; y <= 100; y += 3)
            for (int x = -100; x <= 100; x += 3, ++total)
                covered += !near(image.pixelColor(c.x() + x, c.y() + y), background, 0);
        QVERIFY2(covered > total * 7 / 10, qPrintable(QString("%1 of %2").arg(covered).arg(total)));
    }
};

QTEST_MAIN(TestSheetCanvas)
#include "test_sheet_canvas.moc"
