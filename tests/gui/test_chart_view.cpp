// ChartView hosts a VTK chart in a Qt 6 widget: it renders what it is given (pixels of the series' colours
// reach the widget's framebuffer), forwards the wheel so VTK zooms, survives early destruction and context
// changes.
#include <QApplication>
#include <QHBoxLayout>
#include <QImage>
#include <QSignalSpy>
#include <QSurfaceFormat>
#include <QTest>
#include <QWheelEvent>

#include <vtkAxis.h>
#include <vtkChartXY.h>

#include "gui/chart_view.hpp"

using topospike::gui::ChartSeries;
using topospike::gui::ChartView;
using topospike::gui::RasterData;

namespace {

ChartSeries line(QColor color, const QString& name = {}, double width = 4.0) {
    ChartSeries s;
    s.name = name;
    s.color = color;
    s.width = width;
    for (int i = 0; i <= 20; ++i) {
        s.x.push_back(i);
        s.y.push_back((i % 5) * 0.25);
    }
    return s;
}

/// Pixels within `tol` of `c` in every channel.
int countColor(const QImage& img, QColor c, int tol = 40) {
    int n = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
            const QColor p = img.pixelColor(x, y);
            if (std::abs(p.red() - c.red()) <= tol && std::abs(p.green() - c.green()) <= tol &&
                std::abs(p.blue() - c.blue()) <= tol)
                ++n;
        }
    return n;
}

/// Shows `w` and waits for its first VTK frame.
bool showAndRender(QWidget& w, ChartView& v) {
    QSignalSpy spy(&v, &ChartView::rendered);
    w.show();
    if (!QTest::qWaitForWindowExposed(&w)) return false;
    return spy.count() > 0 || spy.wait(10000);
}

}  // namespace

class TestChartView : public QObject {
    Q_OBJECT
private slots:
    void drawsSeriesInTheirColours() {
        ChartView v;
        v.resize(480, 320);
        v.setLines("Tuning", "orientation (deg)", "response",
                   {line(Qt::red, "unit"), line(Qt::blue, {}, 2.0)});
        QVERIFY(showAndRender(v, v));
        QCOMPARE(v.seriesCount(), 2);
        QCOMPARE(v.title(), QString("Tuning"));
        QVERIFY(v.emptyText().isEmpty());
        const QImage img = v.grabFramebuffer();
        QCOMPARE(img.size(), v.size() * v.devicePixelRatio());
        QVERIFY2(countColor(img, Qt::red) > 100, "the thick red series reached the framebuffer");
        QVERIFY(countColor(img, Qt::blue) > 20);
        QVERIFY2(countColor(img, Qt::white, 5) > img.width() * img.height() / 2, "the figure is white");
    }

    void opaqueWithAnAlphaChannel() {
        // VTK leaves alpha 0 where nothing is drawn; composited with what lies behind, the chart would
        // vanish.
        ChartView v;
        QSurfaceFormat f = v.format();
        f.setAlphaBufferSize(8);
        v.setFormat(f);
        v.resize(320, 240);
        v.setLines("Alpha", "x", "y", {line(Qt::red)});
        QVERIFY(showAndRender(v, v));
        const QImage img = v.grabFramebuffer();
        QVERIFY(img.hasAlphaChannel());
        QCOMPARE(img.pixelColor(2, 2).alpha(), 255);
        QCOMPARE(img.pixelColor(img.width() / 2, img.height() - 3).alpha(), 255);
    }

    void countsSeriesWithPoints_data() {
        QTest::addColumn<int>("series");
        QTest::addColumn<int>("empty");
        QTest::addColumn<int>("expected");
        QTest::newRow("one") << 1 << 0 << 1;
        QTest::newRow("three") << 3 << 0 << 3;
        QTest::newRow("empty ones skipped") << 2 << 2 << 2;
        QTest::newRow("only empty") << 0 << 1 << 0;
    }
    void countsSeriesWithPoints() {
        QFETCH(int, series);
        QFETCH(int, empty);
        QFETCH(int, expected);
        std::vector<ChartSeries> all;
        for (int i = 0; i < series; ++i) all.push_back(line(QColor::fromHsv(60 * i, 255, 200)));
        for (int i = 0; i < empty; ++i) all.push_back(ChartSeries{});
        ChartView v;  // never shown: building charts needs no context
        v.setLines("t", "x", "y", all, "no data");
        QCOMPARE(v.seriesCount(), expected);
        QCOMPARE(v.chart()->GetNumberOfPlots(), vtkIdType(expected));
        QCOMPARE(v.emptyText(), expected == 0 ? QString("no data") : QString());
    }

    void rasterMarksSpikes() {
        ChartView v;
        v.resize(480, 320);
        RasterData r;
        r.rows = {{1, 0, 1, 0}, {0, 1, 1, 1}, {1, 1, 0, 0}};
        r.rowLabels = {"pinned", "0.1 mm", "0.2 mm"};
        r.highlightRow = 0;
        v.setRaster("Spikes", r);
        QVERIFY(showAndRender(v, v));
        QCOMPARE(v.seriesCount(), 3);
        const QImage img = v.grabFramebuffer();
        QVERIFY2(countColor(img, QColor(214, 39, 40), 30) > 20,
                 "the highlighted row is drawn in the accent colour");
        QVERIFY2(countColor(img, QColor(30, 30, 30), 30) > 40, "the other rows' ticks are drawn");
        // x spans the timesteps, y the rows
        QCOMPARE(v.chart()->GetAxis(vtkAxis::BOTTOM)->GetMaximum(), 3.5);
        QCOMPARE(v.chart()->GetAxis(vtkAxis::LEFT)->GetMaximum(), 2.5);
    }

    void clearShowsMessageOnly() {
        ChartView v;
        v.resize(400, 300);
        v.setLines("Tuning", "x", "y", {line(Qt::red)});
        QVERIFY(showAndRender(v, v));
        QVERIFY(countColor(v.grabFramebuffer(), Qt::red) > 100);
        v.clear("Run Analyses > Gratings to see tuning curves");
        QCOMPARE(v.seriesCount(), 0);
        QCOMPARE(v.chart()->GetNumberOfPlots(), vtkIdType(0));
        QVERIFY(v.emptyText().contains("Gratings"));
        const QImage img = v.grabFramebuffer();
        QCOMPARE(countColor(img, Qt::red), 0);
        QVERIFY2(countColor(img, Qt::white, 5) < img.width() * img.height(), "the message is drawn");
    }

    void wheelZoomsAndRepaints() {
        ChartView v;
        v.resize(480, 320);
        v.setLines("Zoom", "x", "y", {line(Qt::red)});
        QVERIFY(showAndRender(v, v));
        vtkAxis* x = v.chart()->GetAxis(vtkAxis::BOTTOM);
        const double before = x->GetMaximum() - x->GetMinimum();
        QSignalSpy spy(&v, &ChartView::rendered);
        const QPointF centre(v.width() / 2.0, v.height() / 2.0);
        QTest::mouseMove(&v, centre.toPoint());
        for (int i = 0; i < 3; ++i) {
            QWheelEvent wheel(centre, v.mapToGlobal(centre), QPoint(), QPoint(0, 120), Qt::NoButton,
                              Qt::NoModifier, Qt::NoScrollPhase, false);
            QApplication::sendEvent(&v, &wheel);
        }
        QTRY_VERIFY_WITH_TIMEOUT(spy.count() > 0, 5000);
        QVERIFY2(x->GetMaximum() - x->GetMinimum() < before, "VTK zoomed in on the forwarded wheel");
    }

    void hoverRepaintsThroughVtkTimers() {
        // A hover changes the chart (tooltip) but the widget asks for no repaint itself: the frame comes from
        // VTK's interactor timer, which must run on a QTimer.
        ChartView v;
        v.resize(480, 320);
        v.setLines("Hover", "x", "y", {line(Qt::red)});
        QVERIFY(showAndRender(v, v));
        QTest::qWait(100);
        QSignalSpy spy(&v, &ChartView::rendered);
        const QPointF at(v.width() / 2.0, v.height() / 2.0);
        QMouseEvent hover(QEvent::MouseMove, at, v.mapToGlobal(at), Qt::NoButton, Qt::NoButton,
                          Qt::NoModifier);
        QApplication::sendEvent(&v, &hover);
        QVERIFY(spy.wait(2000));
    }

    void dragPans_data() {
        QTest::addColumn<QPoint>("drag");
        QTest::addColumn<int>("axis");
        QTest::addColumn<int>("direction");  // sign of the change of the axis minimum
        QTest::newRow("right shows smaller x") << QPoint(80, 0) << int(vtkAxis::BOTTOM) << -1;
        QTest::newRow("left shows larger x") << QPoint(-80, 0) << int(vtkAxis::BOTTOM) << 1;
        // Qt's y grows downwards, VTK's upwards: dragging down must show larger y.
        QTest::newRow("down shows larger y") << QPoint(0, 60) << int(vtkAxis::LEFT) << 1;
        QTest::newRow("up shows smaller y") << QPoint(0, -60) << int(vtkAxis::LEFT) << -1;
    }
    void dragPans() {
        QFETCH(QPoint, drag);
        QFETCH(int, axis);
        QFETCH(int, direction);
        ChartView v;
        v.resize(480, 320);
        v.setLines("Pan", "x", "y", {line(Qt::red)});
        QVERIFY(showAndRender(v, v));
        vtkAxis* a = v.chart()->GetAxis(axis);
        const double before = a->GetMinimum();
        const QPoint from(v.width() / 2, v.height() / 2), to = from + drag;
        QTest::mousePress(&v, Qt::LeftButton, Qt::NoModifier, from);
        QMouseEvent move(QEvent::MouseMove, QPointF(to), v.mapToGlobal(QPointF(to)), Qt::NoButton,
                         Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&v, &move);
        QTest::mouseRelease(&v, Qt::LeftButton, Qt::NoModifier, to);
        const double change = a->GetMinimum() - before;
        QVERIFY2(change * direction > 0, qPrintable(QString("axis minimum moved by %1").arg(change)));
    }

    void destroyedBeforeShownIsSafe() {
        {
            ChartView v;
            v.setLines("t", "x", "y", {line(Qt::red)});
        }
        auto* v = new ChartView;
        RasterData r;
        r.rows = {{1, 0}};
        v->setRaster("r", r);
        delete v;
        QVERIFY(true);
    }

    void twoViewsInOneWindowBothRender() {
        QWidget w;
        auto* layout = new QHBoxLayout(&w);
        auto* a = new ChartView;
        auto* b = new ChartView;
        layout->addWidget(a);
        layout->addWidget(b);
        w.resize(900, 320);
        a->setLines("A", "x", "y", {line(Qt::red)});
        b->setLines("B", "x", "y", {line(Qt::blue)});
        QSignalSpy spyB(b, &ChartView::rendered);
        QVERIFY(showAndRender(w, *a));
        QTRY_VERIFY_WITH_TIMEOUT(spyB.count() > 0, 10000);
        const QImage ia = a->grabFramebuffer(), ib = b->grabFramebuffer();
        QVERIFY(countColor(ia, Qt::red) > 100);
        QCOMPARE(countColor(ia, Qt::blue), 0);
        QVERIFY(countColor(ib, Qt::blue) > 100);
        QCOMPARE(countColor(ib, Qt::red), 0);
    }

    void survivesMovingToAnotherWindow() {
        // Reparenting to another top-level window destroys the GL context: VTK lets go of it and starts anew.
        QWidget first, second;
        new QHBoxLayout(&first);
        new QHBoxLayout(&second);
        auto* v = new ChartView;
        first.layout()->addWidget(v);
        first.resize(480, 320);
        second.resize(480, 320);
        v->setLines("moved", "x", "y", {line(Qt::red)});
        QVERIFY(showAndRender(first, *v));
        second.show();
        QVERIFY(QTest::qWaitForWindowExposed(&second));
        QSignalSpy spy(v, &ChartView::rendered);
        second.layout()->addWidget(v);
        QTRY_VERIFY_WITH_TIMEOUT(spy.count() > 0, 10000);
        QVERIFY(countColor(v->grabFramebuffer(), Qt::red) > 100);
    }
};

QTEST_MAIN(TestChartView)
#include "test_chart_view.moc"
