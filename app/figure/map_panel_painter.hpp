#pragma once
// Map panels: units as discs coloured through the scale's colormap inside a square plot (zoom window in
// percent of the sheet), a colorbar (or a category legend) to the right and a scale bar at the bottom right.

#include <QRectF>

#include "figure/figure.hpp"
#include "figure/figure_canvas.hpp"

namespace topospike::figure {

/// Room in mm right of the plot for the colorbar or category legend of a panel `widthMm` wide (0 without
/// one).
double mapLegendRoomMm(const MapPanel& panel, double widthMm, double fontPt);
/// Where a map's sheet window lands: `plotMm` (page mm) shows the sheet rectangle `window` (sheet mm, y up).
struct MapFrame {
    QRectF plotMm;
    QRectF window;
    /// Page mm of the sheet point (x, y).
    QPointF map(double x, double y) const;
};
/// The frame of `panel` painted into the mm rectangle `body`.
MapFrame mapFrame(const MapPanel& panel, const QRectF& body, double fontPt);
/// Paints `panel` into the mm rectangle `body`.
void paintMapPanel(const Canvas& canvas, const MapPanel& panel, const QRectF& body);

}  // namespace topospike::figure
