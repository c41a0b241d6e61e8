// The whole figure on one canvas: background, figure title, panel titles and panels.
#include "figure/figure_painter.hpp"

#include "figure/chart_panel_painter.hpp"
#include "figure/map_panel_painter.hpp"

namespace topospike::figure {

void paintFigure(const Canvas& cv, const Figure& f, const FigureLayout& layout) {
    if (f.background == Background::White)
        cv.p.fillRect(cv.rect(QRectF(0.0, 0.0, layout.widthMm, layout.heightMm)), Qt::white);
    if (!f.title.isEmpty()) cv.text(layout.titleMm, Qt::AlignCenter, f.title, f.fontPt + 1.0, true);
    for (std::size_t i = 0; i < f.panels.size(); ++i) {
        const Panel& panel = f.panels[i];
        const QString& title = panel.map ? panel.map->title : panel.chart->title;
        const QRectF& titleBox = layout.panelTitlesMm[i];
        cv.text(titleBox, Qt::AlignHCenter | Qt::AlignTop, elideMm(title, f.fontPt, titleBox.width()));
        if (panel.map)
            paintMapPanel(cv, *panel.map, layout.bodiesMm[i]);
        else
            paintChartPanel(cv, *panel.chart, layout.bodiesMm[i]);
    }
}

}  // namespace topospike::figure
