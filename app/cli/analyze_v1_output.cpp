// The JSON, text and .npz outputs of `analyze v1` (the command itself is in analyze_v1.cpp).
#include "cli/analyze_v1_output.hpp"
#include "cli/json_values.hpp"

#include <QJsonArray>
#include <cmath>
#include <cstring>

#include "topospike/io/npy.hpp"
#include "topospike/stimuli/gratings.hpp"
#include "topospike/tensor.hpp"

namespace topospike::cli {
namespace {

using analysis::SmoothnessResult;
using analysis::V1Analysis;

QJsonValue num(double v) { return jsonNumber(v); }

template <class T>
QJsonArray array(const std::vector<T>& v) { return jsonArray(v); }

struct MetricView {
    const char* name;
    const analysis::PercentileMask* mask;
    const SmoothnessResult* smoothness;
};

std::vector<MetricView> metrics(const V1Analysis& a) {
    return {{"orientation", &a.orientationMask, &a.orientationSmoothness},
            {"sf", &a.sfMask, &a.sfSmoothness},
            {"color", &a.colorMask, &a.colorSmoothness}};
}

const char* valuesDescription(const V1Analysis& a, const std::string& metric) {
    if (metric == "orientation" || a.params.publishedFig2Variant) return "orientation preference (deg, 180-periodic difference)";
    return metric == "sf" ? "sf preference index (absolute difference)" : "colour preference index (absolute difference)";
}

QJsonObject smoothnessJson(const V1Analysis& a, const std::string& metric, const SmoothnessResult& s) {
    QJsonObject o;
    o["smoothness"] = num(s.smoothness);
    o["per_sample"] = array(s.perSample);
    o["mean_curve"] = array(s.meanCurve);
    o["chance_curve"] = array(s.chanceCurve);
    o["chance_mean"] = num(s.chanceMean);
    o["normalized_mean_curve"] = array(s.normalizedMeanCurve);
    o["bin_edges_mm"] = array(s.binEdges);
    o["bin_midpoints_mm"] = array(s.binMidpoints);
    o["values"] = valuesDescription(a, metric);
    o["pool_units"] = static_cast<qint64>(s.poolSize);
    o["units_per_sample"] = static_cast<qint64>(s.drawnPerSample);
    o["samples"] = s.params.samples;
    o["chance_samples"] = s.params.chanceShuffles;
    o["seed"] = QString::number(s.params.seed);
    return o;
}

template <class T>
Tensor tensorOf(DType dtype, const std::vector<T>& v, std::vector<std::int64_t> shape) {
    Tensor t(dtype, std::move(shape));
    if (!v.empty()) std::memcpy(t.bytes().data(), v.data(), v.size() * sizeof(T));
    return t;
}

Tensor f64(const std::vector<double>& v) { return tensorOf(DType::F64, v, {static_cast<std::int64_t>(v.size())}); }
Tensor i32(const std::vector<std::int32_t>& v) { return tensorOf(DType::I32, v, {static_cast<std::int64_t>(v.size())}); }
Tensor boolean(const std::vector<std::uint8_t>& v) { return tensorOf(DType::Bool, v, {static_cast<std::int64_t>(v.size())}); }
Tensor matrix(const std::vector<std::vector<double>>& rows, std::size_t cols) {
    std::vector<double> flat;
    for (const auto& r : rows) flat.insert(flat.end(), r.begin(), r.end());
    return tensorOf(DType::F64, flat, {static_cast<std::int64_t>(rows.size()), static_cast<std::int64_t>(cols)});
}

}  // namespace

QJsonObject v1Json(const V1Analysis& a, const V1Sources& src) {
    QJsonObject root;
    root["command"] = "analyze v1";
    QJsonObject sources;
    sources["responses"] = src.responses;
    sources["labels"] = src.labels;
    sources["positions"] = src.positions;
    sources["layer"] = src.layer;
    root["sources"] = sources;
    root["images"] = static_cast<qint64>(a.images);
    root["units"] = static_cast<qint64>(a.units);

    const auto& sp = a.params.smoothness;
    QJsonObject p;
    p["preference"] = analysis::orientationMethodName(a.params.orientationMethod);
    p["percentile"] = a.params.percentile;
    p["normalize"] = a.params.normalization.enabled;
    p["samples"] = sp.samples;
    p["chance_samples"] = sp.chanceShuffles;
    p["units_per_sample"] = sp.unitsPerSample;
    p["hypercolumn_mm"] = src.hypercolumnMm;
    p["max_distance_mm"] = sp.maxDistance;
    p["bin_edges"] = sp.binEdges;
    p["seed"] = QString::number(sp.seed);
    p["fig2_variant"] = a.params.publishedFig2Variant;
    root["parameters"] = p;

    const auto& n = a.tuning.normalization;
    QJsonObject norm;
    norm["enabled"] = n.enabled;
    norm["shift"] = num(n.shift);
    norm["scale"] = num(n.scale);
    norm["median_peak"] = num(n.medianPeak);
    norm["target_median_peak"] = n.params.targetMedianPeak;
    root["normalization"] = norm;

    QJsonObject levels;
    levels["orientation_deg"] = array(a.tuning.orientation.levels);
    levels["sf_cycles_per_image"] = array(a.tuning.sf.levels);
    std::vector<double> cpd;
    for (double s : a.tuning.sf.levels) cpd.push_back(s / stimuli::kDegreesPerImage);
    levels["sf_cpd"] = array(cpd);
    levels["color"] = array(a.tuning.color.levels);
    root["levels"] = levels;

    QJsonObject masks, smoothness;
    for (const MetricView& m : metrics(a)) {
        QJsonObject mo;
        mo["units"] = static_cast<qint64>(m.mask->count);
        mo["cutoff"] = num(m.mask->cutoff);
        mo["percentile"] = m.mask->percentile;
        masks[m.name] = mo;
        smoothness[m.name] = smoothnessJson(a, m.name, *m.smoothness);
    }
    root["masks"] = masks;
    root["smoothness"] = smoothness;

    const auto& h = a.histograms;
    QJsonObject prefs, ori, sf, color;
    ori["edges_deg"] = array(h.orientationEdgesDeg);
    ori["all"] = array(h.orientationAll);
    ori["masked"] = array(h.orientationMasked);
    sf["all"] = array(h.sfAll);
    sf["masked"] = array(h.sfMasked);
    color["all"] = array(h.colorAll);
    color["masked"] = array(h.colorMasked);
    prefs["orientation"] = ori;
    prefs["sf"] = sf;
    prefs["color"] = color;
    prefs["failed_von_mises_fits"] = static_cast<qint64>(a.orientation.failedFits);
    root["preferences"] = prefs;
    root["note"] = QString::fromStdString(a.note);
    return root;
}

QString v1Text(const V1Analysis& a, const V1Sources& src) {
    QString t = QString("analyze v1: %1 images x %2 units (%3), orientation by %4, seed %5\n")
                    .arg(a.images)
                    .arg(a.units)
                    .arg(src.responses)
                    .arg(analysis::orientationMethodName(a.params.orientationMethod))
                    .arg(a.params.smoothness.seed);
    for (const MetricView& m : metrics(a))
        t += QString("  %1: mask %2 units (peak-to-peak > %3), smoothness %4 over %5 samples, chance level %6\n")
                 .arg(m.name, -12)
                 .arg(m.mask->count)
                 .arg(m.mask->cutoff, 0, 'g', 5)
                 .arg(m.smoothness->smoothness, 0, 'f', 4)
                 .arg(m.smoothness->params.samples)
                 .arg(m.smoothness->chanceMean, 0, 'g', 5);
    if (!a.note.empty()) t += "  note: " + QString::fromStdString(a.note) + "\n";
    return t;
}

void writeV1Npz(const std::filesystem::path& path, const V1Analysis& a) {
    const auto U = a.units;
    auto tuning = [&](const analysis::TuningCurves& tc) {
        return tensorOf(DType::F64, tc.values, {U, static_cast<std::int64_t>(tc.levelCount())});
    };
    std::vector<std::pair<std::string, Tensor>> t;
    t.emplace_back("orientation_pref", f64(a.orientation.preferenceDeg));
    t.emplace_back("orientation_selectivity", f64(a.orientation.selectivity));
    t.emplace_back("sf_pref", i32(a.sfPreference));
    t.emplace_back("sf_pref_cpd", f64(a.sfPreferenceCpd));
    t.emplace_back("color_pref", i32(a.colorPreference));
    t.emplace_back("mean_response", f64(a.tuning.meanResponse));
    t.emplace_back("tuning_orientation", tuning(a.tuning.orientation));
    t.emplace_back("tuning_sf", tuning(a.tuning.sf));
    t.emplace_back("tuning_color", tuning(a.tuning.color));
    t.emplace_back("levels_orientation", f64(a.tuning.orientation.levels));
    t.emplace_back("levels_sf", f64(a.tuning.sf.levels));
    t.emplace_back("levels_color", f64(a.tuning.color.levels));
    t.emplace_back("bin_edges_mm", f64(a.orientationSmoothness.binEdges));
    std::vector<double> scores;
    for (const MetricView& m : metrics(a)) {
        const std::string n = m.name;
        t.emplace_back("mask_" + n, boolean(m.mask->mask));
        t.emplace_back("ptp_" + n, f64(m.mask->peakToPeak));
        const SmoothnessResult& s = *m.smoothness;
        const std::size_t bins = s.binEdges.size() - 1;
        t.emplace_back("smoothness_" + n + "_per_sample", f64(s.perSample));
        t.emplace_back("smoothness_" + n + "_curves", matrix(s.curves, bins));
        t.emplace_back("smoothness_" + n + "_chance_curves", matrix(s.chanceCurves, bins));
        t.emplace_back("smoothness_" + n + "_mean_curve", f64(s.meanCurve));
        t.emplace_back("smoothness_" + n + "_chance_curve", f64(s.chanceCurve));
        scores.push_back(s.smoothness);
    }
    t.emplace_back("smoothness", f64(scores));
    std::vector<io::NpzMember> members;
    for (const auto& [name, tensor] : t) members.emplace_back(name, tensor);
    io::writeNpz(path, members);
}

}  // namespace topospike::cli
