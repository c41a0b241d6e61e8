#include "gui/chart_builders.hpp"

#include <algorithm>

#include <vtkAxis.h>
#include <vtkChartLegend.h>
#include <vtkChartXY.h>
#include <vtkDoubleArray.h>
#include <vtkNew.h>
#include <vtkPen.h>
#include <vtkPlotLine.h>
#include <vtkSmartPointer.h>
#include <vtkStringArray.h>
#include <vtkTable.h>
#include <vtkTextProperty.h>

namespace topospike::gui::charts {
namespace {

constexpr int kAxes[] = {vtkAxis::LEFT, vtkAxis::BOTTOM, vtkAxis::RIGHT, vtkAxis::TOP};

vtkSmartPointer<vtkDoubleArray> column(const char* name, std::size_t n) {
    auto a = vtkSmartPointer<vtkDoubleArray>::New();
    a->SetName(name);
    a->SetNumberOfValues(static_cast<vtkIdType>(n));
    return a;
}

void setColor(vtkPlot& plot, const QColor& c) {
    plot.SetColor(static_cast<unsigned char>(c.red()), static_cast<unsigned char>(c.green()),
                  static_cast<unsigned char>(c.blue()), static_cast<unsigned char>(c.alpha()));
}

/// A plot of `table`'s first two columns (vtkChart::LINE or POINTS), added to `chart`.
template <class Plot>
Plot* addPlot(vtkChartXY& chart, int type, vtkTable* table) {
    auto* plot = Plot::SafeDownCast(chart.AddPlot(type));
    plot->SetInputData(table, 0, 1);
    return plot;
}

}  // namespace

QColor accentColor() {
    return QColor(214, 39, 40);
}

void applyFigureStyle(vtkChartXY& chart) {
    vtkTextProperty* title = chart.GetTitleProperties();
    title->SetFontSize(13);
    title->SetBold(true);
    title->SetColor(0, 0, 0);
    for (int which : kAxes) {
        vtkAxis* axis = chart.GetAxis(which);
        axis->GetTitleProperties()->SetFontSize(11);
        axis->GetTitleProperties()->SetBold(false);
        axis->GetTitleProperties()->SetColor(0, 0, 0);
        axis->GetLabelProperties()->SetFontSize(10);
        axis->GetLabelProperties()->SetColor(0.1, 0.1, 0.1);
        axis->GetPen()->SetColor(0, 0, 0);
        axis->GetGridPen()->SetColor(225, 225, 225);
    }
    chart.GetLegend()->GetLabelProperties()->SetFontSize(10);
    chart.SetIgnoreNanInBounds(true);
}

void resetChart(vtkChartXY& chart) {
    chart.ClearPlots();
    chart.SetShowLegend(false);
    for (int which : kAxes) {
        vtkAxis* axis = chart.GetAxis(which);
        axis->SetCustomTickPositions(nullptr, nullptr);
        axis->SetBehavior(vtkAxis::AUTO);
        axis->SetTitle("");
    }
}

int addLineSeries(vtkChartXY& chart, const std::vector<ChartSeries>& series) {
    int plotted = 0;
    bool anyNamed = false;
    for (const ChartSeries& s : series) {
        const std::size_t n = std::min(s.x.size(), s.y.size());
        if (n == 0) continue;
        auto x = column("x", n);
        auto y = column(s.name.isEmpty() ? "y" : s.name.toUtf8().constData(), n);
        for (std::size_t i = 0; i < n; ++i) {
            x->SetValue(static_cast<vtkIdType>(i), s.x[i]);
            y->SetValue(static_cast<vtkIdType>(i), s.y[i]);
        }
        vtkNew<vtkTable> table;
        table->AddColumn(x);
        table->AddColumn(y);
        // vtkPlotLine is a vtkPlotPoints that also joins its points.
        vtkPlotPoints* plot = s.line ? addPlot<vtkPlotLine>(chart, vtkChart::LINE, table)
                                     : addPlot<vtkPlotPoints>(chart, vtkChart::POINTS, table);
        setColor(*plot, s.color);
        plot->SetWidth(static_cast<float>(s.width));
        if (s.dashed) plot->GetPen()->SetLineType(vtkPen::DASH_LINE);
        if (s.points || !s.line || n == 1) {  // a single point has no line to show
            plot->SetMarkerStyle(vtkPlotPoints::CIRCLE);
            plot->SetMarkerSize(static_cast<float>(std::max(6.0, 3.0 * s.width)));
        }
        plot->SetLabel(s.name.toStdString());
        plot->SetLegendVisibility(!s.name.isEmpty());
        anyNamed = anyNamed || !s.name.isEmpty();
        ++plotted;
    }
    chart.SetShowLegend(anyNamed);
    return plotted;
}

int addRaster(vtkChartXY& chart, const RasterData& raster) {
    const int rows = static_cast<int>(raster.rows.size());
    std::size_t T = 0;
    for (const auto& r : raster.rows) T = std::max(T, r.size());
    if (rows == 0) return 0;

    // Ticks as separate segments (PolyLine off: points pair up), one plot for the other rows and one for the
    // highlighted row so it can take the accent colour.
    for (const bool highlighted : {false, true}) {
        std::vector<double> xs, ys;
        for (int r = 0; r < rows; ++r) {
            if ((r == raster.highlightRow) != highlighted) continue;
            const double y = rows - 1 - r;  // row 0 on top
            const auto& spikes = raster.rows[static_cast<std::size_t>(r)];
            for (std::size_t t = 0; t < spikes.size(); ++t) {
                if (!spikes[t]) continue;
                xs.insert(xs.end(), {double(t), double(t)});
                ys.insert(ys.end(), {y - 0.38, y + 0.38});
            }
        }
        if (xs.empty()) continue;
        auto x = column("timestep", xs.size());
        auto y = column(highlighted ? "pinned unit" : "row", ys.size());
        for (std::size_t i = 0; i < xs.size(); ++i) {
            x->SetValue(static_cast<vtkIdType>(i), xs[i]);
            y->SetValue(static_cast<vtkIdType>(i), ys[i]);
        }
        vtkNew<vtkTable> table;
        table->AddColumn(x);
        table->AddColumn(y);
        auto* plot = addPlot<vtkPlotLine>(chart, vtkChart::LINE, table);
        plot->SetPolyLine(false);
        plot->SetWidth(highlighted ? 2.5f : 2.0f);
        setColor(*plot, highlighted ? accentColor() : QColor(30, 30, 30));
        plot->SetLegendVisibility(false);
    }

    vtkAxis* left = chart.GetAxis(vtkAxis::LEFT);
    vtkNew<vtkDoubleArray> positions;
    vtkNew<vtkStringArray> labels;
    for (int r = 0; r < rows; ++r) {
        positions->InsertNextValue(rows - 1 - r);
        const bool hasLabel = r < static_cast<int>(raster.rowLabels.size()) && !raster.rowLabels[r].isEmpty();
        labels->InsertNextValue(hasLabel ? raster.rowLabels[static_cast<std::size_t>(r)].toStdString()
                                         : std::to_string(r));
    }
    left->SetCustomTickPositions(positions, labels);
    left->SetBehavior(vtkAxis::FIXED);
    left->SetRange(-0.5, rows - 0.5);
    // Whole timesteps only, at most about ten of them labelled.
    vtkAxis* bottom = chart.GetAxis(vtkAxis::BOTTOM);
    std::size_t step = 1;
    for (std::size_t k = 1; T / step > 10; k *= 10)
        for (std::size_t m : {1, 2, 5})
            if (T / step > 10) step = m * k;
    vtkNew<vtkDoubleArray> ticks;
    for (std::size_t t = 0; t < std::max<std::size_t>(T, 1); t += step) ticks->InsertNextValue(double(t));
    bottom->SetCustomTickPositions(ticks);
    bottom->SetBehavior(vtkAxis::FIXED);
    bottom->SetRange(-0.5, std::max<double>(1, static_cast<double>(T)) - 0.5);
    chart.SetShowLegend(false);
    return rows;
}

void setCategoryAxis(vtkAxis& axis, const std::vector<QString>& labels) {
    if (labels.empty()) return;
    vtkNew<vtkDoubleArray> positions;
    vtkNew<vtkStringArray> names;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        positions->InsertNextValue(static_cast<double>(i));
        names->InsertNextValue(labels[i].toStdString());
    }
    axis.SetCustomTickPositions(positions, names);
    axis.SetBehavior(vtkAxis::FIXED);
    axis.SetRange(-0.5, static_cast<double>(labels.size()) - 0.5);
}

}  // namespace topospike::gui::charts
