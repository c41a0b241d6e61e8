#pragma once
// What goes into a ChartView's vtkChartXY: the white "figure" look (charts stay white whatever the theme),
// line series and spike rasters. Each builder adds plots to a chart that has been cleared and returns how
// many series it shows.

#include <QColor>
#include <vector>

#include "gui/chart_view.hpp"

class vtkAxis;
class vtkChartXY;

namespace topospike::gui::charts {

/// The pinned unit's colour in charts (its raster row, say).
QColor accentColor();

/// White background figure style: black axes and text, light grid, title and axis titles.
void applyFigureStyle(vtkChartXY& chart);

/// Removes every plot and puts the axes back to automatic ranges and ticks.
void resetChart(vtkChartXY& chart);

/// One line plot per series with at least one point; the legend is shown when any of them has a name.
int addLineSeries(vtkChartXY& chart, const std::vector<ChartSeries>& series);

/// One tick per spike at (timestep, row), row 0 on top; returns the number of rows.
int addRaster(vtkChartXY& chart, const RasterData& raster);

/// Labels positions 0…n-1 of `axis` with `labels` and fixes its range around them.
void setCategoryAxis(vtkAxis& axis, const std::vector<QString>& labels);

}  // namespace topospike::gui::charts
