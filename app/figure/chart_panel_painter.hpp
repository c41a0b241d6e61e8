#pragma once
// Chart panels: left and bottom axes with round ticks, line series with error bands and markers, a legend at
// the top right; or a spike raster (rows × timesteps).

#include <QRectF>

#include "figure/figure.hpp"
#include "figure/figure_canvas.hpp"

namespace topospike::figure {

/// Paints `panel` into the mm rectangle `body`.
void paintChartPanel(const Canvas& canvas, const ChartPanel& panel, const QRectF& body);

}  // namespace topospike::figure
