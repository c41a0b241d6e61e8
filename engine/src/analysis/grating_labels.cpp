#include "topospike/analysis/grating_labels.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

#include "topospike/analysis/csv_table.hpp"
#include "topospike/error.hpp"

namespace topospike::analysis {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// A finite number filling the whole of `s`, or NaN.
double parseNumber(std::string_view s) {
    double v = 0.0;
    const char* end = s.data() + s.size();
    auto [p, ec] = std::from_chars(s.data(), end, v);
    if (s.empty() || ec != std::errc() || p != end || !std::isfinite(v)) return std::nan("");
    return v;
}

// The number before `suffix` in `part` ("22.5deg" -> 22.5), or NaN.
double numberBefore(std::string_view part, std::string_view suffix) {
    if (part.size() <= suffix.size() || part.substr(part.size() - suffix.size()) != suffix) return std::nan("");
    return parseNumber(part.substr(0, part.size() - suffix.size()));
}

}  // namespace

void GratingLabels::push(double orientationDeg, double sfCyclesPerImage, double phaseRad, double colorFlag) {
    orientation.push_back(orientationDeg);
    sf.push_back(sfCyclesPerImage);
    phase.push_back(phaseRad);
    color.push_back(colorFlag);
}

GratingLabels readGratingLabels(const std::filesystem::path& csv, std::int64_t expectedImages) {
    const CsvTable t = readCsvTable(csv);
    const std::size_t cOri = t.requireColumn({"orientation", "angle"});
    const std::size_t cSf = t.requireColumn({"sf"});
    const std::size_t cPhase = t.requireColumn({"phase"});
    const std::size_t cColor = t.requireColumn({"color", "colour"});
    GratingLabels labels;
    labels.source = t.source;
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const std::string& cell = t.rows[r][cColor];
        double color = parseNumber(cell);
        if (std::isnan(color)) {
            const std::string word = lower(cell);
            if (word == "bw" || word == "b/w" || word == "gray" || word == "grey") color = 0.0;
            else if (word == "color" || word == "colour" || word == "red-cyan" || word == "redcyan") color = 1.0;
            else
                throw FileError(t.source, "line " + std::to_string(t.lines[r]) + ", column '" + t.header[cColor] +
                                              "': '" + cell + "' is neither 0/1 nor bw/color");
        }
        labels.push(t.number(r, cOri), t.number(r, cSf), t.number(r, cPhase), color);
    }
    if (labels.images() == 0) throw FileError(t.source, "has a header but no rows: no image labels");
    if (expectedImages >= 0) requireImageCount(labels, expectedImages);
    return labels;
}

GratingLabels gratingLabels(const std::vector<stimuli::GratingStimulus>& stimuli) {
    GratingLabels labels;
    labels.source = "grating stimuli";
    for (const auto& g : stimuli)
        labels.push(g.spec.orientationDeg, g.spec.cyclesPerImage, g.spec.phase,
                    g.spec.color == stimuli::ColorPair::BlackWhite ? 0.0 : 1.0);
    return labels;
}

GratingLabels parseGratingName(std::string_view fileName) {
    std::string_view name = fileName;
    if (const auto slash = name.find_last_of("/\\"); slash != std::string_view::npos) name.remove_prefix(slash + 1);
    if (const auto dot = name.rfind('.'); dot != std::string_view::npos) {
        // Only strip a real extension: "0.0deg_..._bw" has dots inside numbers, the extension follows the colour.
        const auto lastUnderscore = name.rfind('_');
        if (lastUnderscore == std::string_view::npos || dot > lastUnderscore) name = name.substr(0, dot);
    }
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        const auto us = name.find('_', start);
        parts.push_back(name.substr(start, us == std::string_view::npos ? std::string_view::npos : us - start));
        if (us == std::string_view::npos) break;
        start = us + 1;
    }
    const std::string file(fileName);
    const std::string expected = "is not a grating name '[prefix_]<angle>deg_<sf>sf_<phase>phase_<bw|color>'";
    if (parts.size() < 4) throw FileError(file, expected);
    const std::size_t n = parts.size();
    const double angle = numberBefore(parts[n - 4], "deg");
    const double sf = numberBefore(parts[n - 3], "sf");
    const double phase = numberBefore(parts[n - 2], "phase");
    if (std::isnan(angle) || std::isnan(sf) || std::isnan(phase) || parts[n - 1].empty()) throw FileError(file, expected);
    GratingLabels labels;
    labels.source = file;
    labels.push(angle, sf, phase, parts[n - 1] == "bw" ? 0.0 : 1.0);
    return labels;
}

GratingLabels gratingLabelsFromNames(const std::vector<std::string>& fileNames, const std::string& source) {
    GratingLabels labels;
    labels.source = source;
    for (const auto& f : fileNames) {
        const GratingLabels one = parseGratingName(f);
        labels.push(one.orientation[0], one.sf[0], one.phase[0], one.color[0]);
    }
    return labels;
}

void requireImageCount(const GratingLabels& labels, std::int64_t images) {
    if (labels.images() != images)
        throw FileError(labels.source, "has labels for " + std::to_string(labels.images()) +
                                           " images but the responses have " + std::to_string(images));
}

}  // namespace topospike::analysis
