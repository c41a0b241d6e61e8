// Page units and output formats of figures.
#include <QRegularExpression>
#include <stdexcept>

#include "figure/figure.hpp"

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
    static const QRegularExpression re(QStringLiteral("^\\s*([0-9]*\\.?[0-9]+)\\s*(mm|cm|in|)\\s*$"),
                                       QRegularExpression::CaseInsensitiveOption);
    const auto m = re.match(text);
    if (!m.hasMatch())
        throw std::invalid_argument("'" + text.toStdString() + "' is not a length (e.g. 85mm, 8.5cm, 3.5in)");
    const double v = m.captured(1).toDouble();
    const QString unit = m.captured(2).toLower();
    const double mm = unit == "cm" ? v * 10.0 : unit == "in" ? v * 25.4 : v;
    if (!(mm > 0.0)) throw std::invalid_argument("'" + text.toStdString() + "' must be longer than 0");
    return mm;
}

}  // namespace topospike::figure
