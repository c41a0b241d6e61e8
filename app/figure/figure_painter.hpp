#pragma once
// The one routine that draws a whole figure on a canvas; every output format calls it.

#include "figure/figure.hpp"
#include "figure/figure_canvas.hpp"
#include "figure/figure_layout.hpp"

namespace topospike::figure {

/// Paints background, titles and panels of `figure` at `layout` onto `canvas`.
void paintFigure(const Canvas& canvas, const Figure& figure, const FigureLayout& layout);

}  // namespace topospike::figure
