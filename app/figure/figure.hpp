#pragma once
// Publication figures composed with QPainter (no display needed): cortical-sheet map panels and chart panels laid
// out on a page of a given physical size, written as PNG (at a DPI), SVG or PDF with text as text. In vector files
// the point layer of a map is rasterised at the DPI (as matplotlib's rasterized=True) unless `vectorPoints`;
// axes, colorbars, scale bars and labels stay vector. Style follows TDANN's figures (figure_utils.py): 5–7 pt
// sans-serif text, colorbar 5 % of the panel width with ticks at its two ends, scale bar a bottom-right bar of a
// round length in mm, white (or transparent) background whatever the GUI theme.

#include <QColor>
#include <QImage>
#include <QString>
#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/color_modes.hpp"

namespace topospike::figure {

/// A map of one layer: units at their positions, coloured by `values` through its scale's colormap.
struct MapPanel {
    QString title;                       ///< "layer2.0 — preferred orientation"; empty: none
    std::vector<float> xy;               ///< N × 2 positions, mm
    app::SheetValues values;             ///< per unit (NaN: not drawn), scale, source
    /// Zoom window in percent of the sheet's extent, [x0, x1] and [y0, y1] (TDANN's set_mask_by_pct_limits);
    /// nullopt: the whole sheet.
    std::optional<std::array<double, 4>> zoomPercent;
    double pointSizeMm = 0.0;            ///< 0: from the unit spacing, so the sheet looks filled
    bool colorbar = true;
    bool scaleBar = true;
    double scaleBarMm = 0.0;             ///< 0: a round length near 1/5 of the visible width
    /// Units whose point size scales with a selectivity in [0, 1] (TDANN: 0.5–1.5 × the base size); empty: all equal.
    std::vector<float> pointScale;
};

struct ChartSeriesSpec {
    QString label;                       ///< legend entry (empty: none)
    std::vector<double> x, y;
    QColor color = QColor(31, 119, 180);
    bool dashed = false;
    bool markers = false;
    std::vector<double> yError;          ///< optional ± band (SEM / CI), same length as y
};

/// A line chart (tuning curves, entropy vs timestep, smoothness and correlation-vs-distance curves) or, with
/// `raster` set, a spike raster (rows × timesteps, nonzero = spike).
struct ChartPanel {
    QString title, xLabel, yLabel;
    std::vector<ChartSeriesSpec> series;
    std::optional<std::pair<double, double>> xRange, yRange;
    std::vector<std::vector<std::uint8_t>> raster;
    std::vector<QString> rasterRowLabels;
};

struct Panel {
    std::optional<MapPanel> map;
    std::optional<ChartPanel> chart;
};

enum class Background { White, Transparent };

struct Figure {
    QString title;                       ///< above all panels; empty: none
    std::vector<Panel> panels;           ///< laid out row-major
    int columns = 0;                     ///< 0: chosen from the panel count and page shape
    double widthMm = 85.0;               ///< page size (single column of a journal: 85 mm)
    double heightMm = 0.0;               ///< 0: from the layout (square panels)
    double dpi = 300.0;                  ///< PNG resolution; raster point layers inside SVG/PDF
    bool vectorPoints = false;           ///< draw every unit as a vector circle (large files)
    Background background = Background::White;
    double fontPt = 7.0;
};

enum class Format { Png, Svg, Pdf };
/// From the file extension (.png, .svg, .pdf; case-insensitive). Throws std::invalid_argument naming the file.
Format formatFor(const std::filesystem::path& file);

/// Parses a length "85mm", "3.5in", "8.5cm" or a bare number (mm) into mm. Throws std::invalid_argument.
double parseLengthMm(const QString& text);

/// Renders `figure` to `file` (format from the extension). Written to a temporary file and renamed: a failure
/// leaves nothing. PNG size in pixels = round(size in inches × dpi). Throws FileError (naming the file) or
/// std::invalid_argument for a figure without panels, sizes ≤ 0, dpi outside 50..2400.
void renderFigure(const Figure& figure, const std::filesystem::path& file);

/// The same figure as an image at `dpi` (what renderFigure writes as PNG), e.g. for comparisons in tests.
QImage renderImage(const Figure& figure);

}  // namespace topospike::figure
