// Page units and output formats of figures.
#include <stdexcept>

#include "figure/figure.hpp"
#include "options/option_table.hpp"

namespace topospike::figure {

Format formatFor(const std::filesystem::path& file) {
    const QString ext = QString::fromStdString(file.extension().string()).toLower();
    if (ext == ".png") return Format::Png;
    if (ext == ".svg") return Format::Svg;
    if (ext == ".pdf") return Format::Pdf;
    throw std::invalid_argument(file.string() + ": unknown figure format '" + ext.toStdString() +
                                "' (use .png, .svg or .pdf)");
}

double parseLengthMm(const QString& text) {
    // One length syntax everywhere: the option table's (mm, cm, in, pt; a bare number is mm).
    const auto mm = options::parseLengthMm(text);
    if (!mm) throw std::invalid_argument("'" + text.toStdString() + "' is not a length (e.g. 85mm, 8.5cm, 3.5in)");
    if (!(*mm > 0.0)) throw std::invalid_argument("'" + text.toStdString() + "' must be longer than 0");
    return *mm;
}

}  // namespace topospike::figure
