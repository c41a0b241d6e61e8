// Output formats: PNG (QImage at the dpi), SVG (QSvgGenerator, size in mm), PDF (QPdfWriter, page in mm);
// each written through QSaveFile (a temporary file in the same folder, renamed on success), so a failure
// leaves nothing.
#include <QBuffer>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <cmath>
#include <stdexcept>

#include "figure/figure.hpp"
#include "figure/figure_layout.hpp"
#include "figure/figure_painter.hpp"
#include "topospike/error.hpp"

namespace topospike::figure {

namespace {
constexpr int kMaxPixels = 32767;
constexpr double kSvgUnitsPerMm = 100.0;  // SVG user units: 0.01 mm, so the page is its size in mm exactly

QSize checkedPixelSize(const FigureLayout& layout, double dpi) {
    const QSize size = pixelSize(layout, dpi);
    if (size.width() < 1 || size.height() < 1 || size.width() > kMaxPixels || size.height() > kMaxPixels)
        throw std::invalid_argument("the page (" + std::to_string(size.width()) + " × " +
                                    std::to_string(size.height()) + " pixels at this dpi) is outside 1.." +
                                    std::to_string(kMaxPixels) + " pixels a side");
    return size;
}

void paintOn(QPaintDevice& device, double unitsPerMm, const Figure& f, const FigureLayout& layout,
             bool rasterPoints) {
    QPainter painter(&device);
    painter.setRenderHint(QPainter::LosslessImageRendering, true);
    const Canvas canvas{painter, unitsPerMm, f.dpi, rasterPoints, f.fontPt};
    paintFigure(canvas, f, layout);
}

QImage imageOf(const Figure& f, const FigureLayout& layout) {
    QImage image(checkedPixelSize(layout, f.dpi), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    const int dotsPerMeter = static_cast<int>(std::lround(f.dpi / 0.0254));
    image.setDotsPerMeterX(dotsPerMeter);
    image.setDotsPerMeterY(dotsPerMeter);
    paintOn(image, f.dpi / 25.4, f, layout, false);
    return image;
}

void writeSvg(QIODevice& out, const Figure& f, const FigureLayout& layout) {
    checkedPixelSize(layout, f.dpi);  // the point layers are images at the dpi
    const QSize size(static_cast<int>(std::lround(layout.widthMm * kSvgUnitsPerMm)),
                     static_cast<int>(std::lround(layout.heightMm * kSvgUnitsPerMm)));
    QSvgGenerator svg;
    svg.setOutputDevice(&out);
    svg.setResolution(static_cast<int>(std::lround(kSvgUnitsPerMm * 25.4)));  // size / resolution: inches
    svg.setSize(size);
    svg.setViewBox(QRectF(QPointF(0, 0), QSizeF(size)));
    svg.setTitle(f.title);
    svg.setDescription(QStringLiteral("TopoSpike figure"));
    paintOn(svg, kSvgUnitsPerMm, f, layout, !f.vectorPoints);
}

void writePdf(QIODevice& out, const Figure& f, const FigureLayout& layout) {
    checkedPixelSize(layout, f.dpi);
    QPdfWriter pdf(&out);
    pdf.setCreator(QStringLiteral("TopoSpike"));
    pdf.setTitle(f.title);
    pdf.setResolution(static_cast<int>(std::lround(f.dpi)));
    pdf.setPageSize(QPageSize(QSizeF(layout.widthMm, layout.heightMm), QPageSize::Millimeter, QString(),
                              QPageSize::ExactMatch));
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout::Millimeter);
    paintOn(pdf, f.dpi / 25.4, f, layout, !f.vectorPoints);
}
}  // namespace

QImage renderImage(const Figure& figure) {
    validateFigure(figure);
    return imageOf(figure, layoutFigure(figure));
}

void renderFigure(const Figure& figure, const std::filesystem::path& file) {
    const Format format = formatFor(file);
    try {
        validateFigure(figure);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(file.string() + ": " + e.what());
    }
    const FigureLayout layout = layoutFigure(figure);
    QSaveFile out(QString::fromStdString(file.string()));
    if (!out.open(QIODevice::WriteOnly))
        throw FileError(file.string(), "cannot write the figure: " + out.errorString().toStdString());
    try {
        switch (format) {
            case Format::Png:
                if (!imageOf(figure, layout).save(&out, "PNG"))
                    throw FileError(file.string(), "cannot encode the PNG image");
                break;
            case Format::Svg:
                writeSvg(out, figure, layout);
                break;
            case Format::Pdf:
                writePdf(out, figure, layout);
                break;
        }
    } catch (const std::invalid_argument& e) {
        out.cancelWriting();
        throw std::invalid_argument(file.string() + ": " + e.what());
    } catch (...) {
        out.cancelWriting();
        throw;
    }
    if (!out.commit())
        throw FileError(file.string(), "cannot write the figure: " + out.errorString().toStdString());
}

}  // namespace topospike::figure
