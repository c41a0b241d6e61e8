// `analyze it`: category selectivity of a layer (t-maps per contrast, category smoothness, patches, overlap).
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "cli/analysis_inputs.hpp"
#include "cli/json_values.hpp"
#include "cli/arguments.hpp"
#include "cli/cli_errors.hpp"
#include "cli/command_registry.hpp"
#include "topospike/analysis/it_analysis.hpp"
#include "topospike/io/npy.hpp"
#include "topospike/stimuli/image_set.hpp"

namespace topospike::cli {
namespace {

const char* const kHelp =
    "  analyze it (--responses R.npy | --recording REC.npz --layer L) --labels LABELS --positions P [options]\n"
    "        Category selectivity of a layer (TDANN's IT analyses): per contrast a t-map, the category\n"
    "        smoothness curve, selectivity patches; and how the contrasts' maps overlap.\n"
    "          --labels LABELS        a CSV with a 'category' column (one row per image, in response order),\n"
    "                                 or the image folder (sub-folder or fLoc file-name-prefix categories);\n"
    "                                 'scrambled' images are left out\n"
    "          --contrast SPEC        name:on1,on2[/off1,off2] (repeatable; off defaults to every other\n"
    "                                 category); added to fLoc's Faces, Bodies, Characters, Places, Objects\n"
    "                                 when the labels hold the ten fLoc categories\n"
    "          --samples N            smoothness samples (default 25)\n"
    "          --units-per-sample N   units drawn per sample (default 500)\n"
    "          --min-response X       keep drawn units with mean response > X (default 0.5, TDANN's for ReLU\n"
    "                                 activations; firing rates need a scale-appropriate cut)\n"
    "          --cutoff-mm D          largest pair distance (default 60)\n"
    "          --seed S               sampling seed (default 0)\n"
    "          --json                 one JSON object on stdout\n"
    "          --out F.npz            t_<contrast>, patches_<contrast> (patch index per unit, -1 none),\n"
    "                                 overlap (Pearson C x C), colocalization (thresholds x C x C), ...\n";

QJsonValue number(double v) { return jsonNumber(v); }

QJsonArray numbers(const std::vector<double>& v) { return jsonArray(v); }

QJsonArray strings(const std::vector<std::string>& v) {
    QJsonArray a;
    for (const auto& s : v) a.append(QString::fromStdString(s));
    return a;
}

std::uint64_t seedValue(const Arguments& args) {
    const auto v = args.value("--seed");
    if (!v) return 0;
    bool ok = false;
    const qulonglong s = v->toULongLong(&ok);
    if (!ok) throw UsageError("analyze it: --seed needs a non-negative integer (got '" + *v + "')");
    return s;
}

// Labels from a CSV, or from an image folder. A folder's scrambled images may or may not have been presented:
// they are listed (and left out of the analyses) when the responses count them, dropped from the list otherwise.
analysis::ImageLabels loadLabels(const Arguments& args, std::int64_t responseImages) {
    const auto path = args.value("--labels");
    if (!path) throw UsageError("analyze it: missing --labels (a CSV with a 'category' column, or the image folder)");
    const std::filesystem::path p = path->toStdString();
    std::error_code ec;
    if (!std::filesystem::is_directory(p, ec)) return analysis::labelsFromCsv(p);
    stimuli::ImageSetOptions all;
    all.dropScrambled = false;
    const stimuli::ImageSet set = stimuli::scanImageSet(p, all);
    analysis::ImageLabels labels = analysis::labelsFromImageSet(set);
    if (labels.excluded > 0 && responseImages == labels.images() - labels.excluded)
        labels = analysis::labelsFromImageSet(stimuli::scanImageSet(p));
    return labels;
}

Tensor doubles(const std::vector<double>& v, std::vector<std::int64_t> shape) {
    Tensor t(DType::F64, std::move(shape));
    std::memcpy(t.bytes().data(), v.data(), v.size() * sizeof(double));
    return t;
}

void writeResults(const std::filesystem::path& out, const analysis::ItResult& r) {
    const auto C = static_cast<std::int64_t>(r.contrasts.size());
    std::vector<Tensor> tensors;
    std::vector<std::string> names;
    tensors.reserve(static_cast<std::size_t>(4 * C + 10));  // members point into it: no reallocation
    for (const auto& a : r.contrasts) {
        const std::string key = analysis::contrastKey(a.contrast.contrast.name);
        tensors.push_back(doubles(a.t, {r.units}));
        names.push_back("t_" + key);
        std::vector<std::int32_t> unitPatch = a.patches.unitPatch;
        unitPatch.resize(static_cast<std::size_t>(r.units), -1);  // -1 everywhere if patches were not computed
        Tensor labels(DType::I32, {r.units});
        std::memcpy(labels.bytes().data(), unitPatch.data(), unitPatch.size() * sizeof(std::int32_t));
        tensors.push_back(std::move(labels));
        names.push_back("patches_" + key);
    }
    tensors.push_back(doubles(r.correlation, {C, C}));
    names.push_back("overlap");
    std::vector<double> coloc;
    for (const auto& s : r.colocalization.scores) coloc.insert(coloc.end(), s.begin(), s.end());
    const auto T = static_cast<std::int64_t>(r.colocalization.scores.size());
    tensors.push_back(doubles(coloc, {T, C, C}));
    names.push_back("colocalization");
    tensors.push_back(doubles(r.params.colocalization.thresholds, {T}));
    names.push_back("coloc_thresholds");
    tensors.push_back(doubles(r.meanResponse, {r.units}));
    names.push_back("mean_response");
    std::vector<double> smooth, curves, chance;
    for (const auto& a : r.contrasts) {
        smooth.push_back(a.smoothness.smoothness);
        curves.insert(curves.end(), a.smoothness.meanCurve.begin(), a.smoothness.meanCurve.end());
        chance.insert(chance.end(), a.smoothness.chanceCurve.begin(), a.smoothness.chanceCurve.end());
    }
    const auto bins = static_cast<std::int64_t>(r.contrasts.empty() ? 0 : r.contrasts[0].smoothness.meanCurve.size());
    tensors.push_back(doubles(smooth, {C}));
    names.push_back("smoothness");
    tensors.push_back(doubles(curves, {C, bins}));
    names.push_back("smoothness_curves");
    tensors.push_back(doubles(chance, {C, bins}));
    names.push_back("chance_curves");
    tensors.push_back(doubles(r.contrasts.empty() ? std::vector<double>{} : r.contrasts[0].smoothness.binEdges,
                              {bins + (bins > 0 ? 1 : 0)}));
    names.push_back("bin_edges");

    std::vector<std::string> contrastNames;
    for (const auto& a : r.contrasts) contrastNames.push_back(a.contrast.contrast.name);
    const io::NpyArray nameArray = io::NpyArray::fromStrings(contrastNames, {C});
    std::vector<io::NpzMember> members;
    for (std::size_t i = 0; i < tensors.size(); ++i) members.emplace_back(names[i], tensors[i]);
    members.emplace_back("contrasts", nameArray);
    io::writeNpz(out, members);
}

QJsonObject toJson(const analysis::ItResult& r, const QJsonObject& sources, const analysis::ImageLabels& labels) {
    const auto& sp = r.params.smoothness;
    const auto& pp = r.params.patches;
    const auto& cp = r.params.colocalization;
    QJsonObject params{
        {"seed", QString::number(sp.seed)},
        {"smoothness", QJsonObject{{"samples", sp.samples}, {"units_per_sample", sp.unitsPerSample},
                                   {"min_response", sp.minResponse}, {"cutoff_mm", sp.cutoff},
                                   {"bin_edges", sp.binEdges}}},
        {"patches", QJsonObject{{"threshold", pp.threshold}, {"grid_size", pp.gridSize}, {"sigma_mm", pp.sigma},
                                {"unit_radius_mm", pp.unitRadius}, {"min_component_units", pp.minComponentUnits},
                                {"hull_alpha", pp.hullAlpha}, {"min_area_mm2", pp.minArea}, {"max_area_mm2", pp.maxArea},
                                {"min_units", pp.minUnits}}},
        {"colocalization", QJsonObject{{"window_mm", cp.windowWidth}, {"min_window_units", static_cast<qint64>(cp.minWindowUnits)},
                                       {"thresholds", numbers(cp.thresholds)}}},
    };
    QJsonArray contrasts;
    for (const auto& a : r.contrasts) {
        const auto& c = a.contrast;
        double lo = INFINITY, hi = -INFINITY, sum = 0;
        std::int64_t finite = 0, above10 = 0;
        for (double v : a.t)
            if (!std::isnan(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
                sum += v;
                ++finite;
                above10 += v > 10;
            }
        QJsonArray areas, units, centroids;
        for (const auto& p : a.patches.patches) {
            areas.append(p.area);
            units.append(static_cast<qint64>(p.units.size()));
            centroids.append(QJsonArray{p.centroidX, p.centroidY});
        }
        const auto& s = a.smoothness;
        contrasts.append(QJsonObject{
            {"name", QString::fromStdString(c.contrast.name)},
            {"key", QString::fromStdString(analysis::contrastKey(c.contrast.name))},
            {"color", QString::fromStdString(c.contrast.color)},
            {"on", strings(c.contrast.on)},
            {"off", strings(c.contrast.off)},
            {"on_images", static_cast<qint64>(c.onImages)},
            {"off_images", static_cast<qint64>(c.offImages)},
            {"t", QJsonObject{{"min", number(lo)}, {"max", number(hi)},
                              {"mean", number(finite ? sum / static_cast<double>(finite) : NAN)},
                              {"nan_units", static_cast<qint64>(a.nanUnits)}, {"units_above_10", static_cast<qint64>(above10)}}},
            {"smoothness", QJsonObject{{"value", number(s.smoothness)}, {"per_sample", numbers(s.perSample)},
                                       {"bin_edges_mm", numbers(s.binEdges)}, {"bin_midpoints_mm", numbers(s.binMidpoints)}, {"mean_curve", numbers(s.meanCurve)},
                                       {"chance_curve", numbers(s.chanceCurve)}, {"chance_mean", number(s.chanceMean)},
                                       {"normalized_mean_curve", numbers(s.normalizedMeanCurve)}}},
            {"patches", QJsonObject{{"count", static_cast<qint64>(a.patches.patches.size())},
                                    {"components", static_cast<qint64>(a.patches.components)},
                                    {"candidates", static_cast<qint64>(a.patches.candidates)},
                                    {"areas_mm2", areas}, {"units", units}, {"centroids_mm", centroids}}},
        });
    }
    const auto C = r.contrasts.size();
    QJsonArray names, matrix;
    for (const auto& a : r.contrasts) names.append(QString::fromStdString(a.contrast.contrast.name));
    for (std::size_t i = 0; i < C; ++i) {
        QJsonArray row;
        for (std::size_t j = 0; j < C; ++j) row.append(number(r.correlation[i * C + j]));
        matrix.append(row);
    }
    QJsonArray pairs;
    for (std::size_t i = 0; i < C; ++i)
        for (std::size_t j = i + 1; j < C; ++j) {
            QJsonArray scores;
            for (const auto& s : r.colocalization.scores) scores.append(number(s[i * C + j]));
            pairs.append(QJsonObject{{"a", names[int(i)]}, {"b", names[int(j)]}, {"pearson", number(r.correlation[i * C + j])},
                                     {"colocalization", scores}});
        }
    return QJsonObject{
        {"command", "analyze it"},
        {"sources", sources},
        {"units", static_cast<qint64>(r.units)},
        {"images", static_cast<qint64>(r.images)},
        {"images_used", static_cast<qint64>(r.imagesUsed)},
        {"images_excluded", static_cast<qint64>(labels.excluded)},
        {"categories", strings(labels.categories)},
        {"units_above_min_response", static_cast<qint64>(r.unitsAboveMinResponse)},
        {"parameters", params},
        {"contrasts", contrasts},
        {"overlap", QJsonObject{{"definition", "A: Pearson r of t-maps across units (TDANN RSM); "
                                               "B: TDANN-v2 windowed co-localisation, 1 - (1 - Spearman rho)/2"},
                                {"names", names},
                                {"pearson", matrix},
                                {"colocalization_windows", static_cast<qint64>(r.colocalization.windows)},
                                {"colocalization_thresholds", numbers(cp.thresholds)},
                                {"pairs", pairs}}},
    };
}

void printSummary(const analysis::ItResult& r) {
    std::printf("%lld units, %lld of %lld images used; %lld units with mean response > %g\n",
                static_cast<long long>(r.units), static_cast<long long>(r.imagesUsed), static_cast<long long>(r.images),
                static_cast<long long>(r.unitsAboveMinResponse), r.params.smoothness.minResponse);
    for (const auto& a : r.contrasts) {
        double hi = -INFINITY;
        for (double v : a.t)
            if (!std::isnan(v)) hi = std::max(hi, v);
        std::printf("%-12s max t %8.3f  smoothness %.4f  patches %zu", a.contrast.contrast.name.c_str(), hi,
                    a.smoothness.smoothness, a.patches.patches.size());
        for (const auto& p : a.patches.patches) std::printf(" [%.0f mm2, %zu units]", p.area, p.units.size());
        std::printf("\n");
    }
    const std::size_t C = r.contrasts.size();
    for (std::size_t i = 0; i < C; ++i)
        for (std::size_t j = i + 1; j < C; ++j)
            std::printf("overlap %s-%s: r = %.4f, co-localisation (t > %g) = %.4f\n",
                        r.contrasts[i].contrast.contrast.name.c_str(), r.contrasts[j].contrast.contrast.name.c_str(),
                        r.correlation[i * C + j], r.params.colocalization.thresholds.front(),
                        r.colocalization.scores.front()[i * C + j]);
}

int runAnalyzeIt(const QStringList& argv) {
    return guarded([&] {
        QStringList valued = analysisInputOptions();
        valued << "--labels" << "--contrast" << "--samples" << "--units-per-sample" << "--min-response"
               << "--cutoff-mm" << "--seed" << "--out";
        QStringList flags = analysisInputFlags();
        flags << "--json";
        const Arguments args("analyze it", argv, valued, flags);
        if (!args.positionals().isEmpty())
            throw UsageError("analyze it: unexpected argument '" + args.positionals().first() + "'");

        analysis::ItParams params;
        auto& sp = params.smoothness;
        sp.samples = args.intValue("--samples", 25, 1, 100000);
        sp.unitsPerSample = args.intValue("--units-per-sample", 500, 2, 100000);
        sp.minResponse = args.doubleValue("--min-response", 0.5);
        sp.cutoff = args.doubleValue("--cutoff-mm", 60.0);
        if (!(sp.cutoff > 0)) throw UsageError("analyze it: --cutoff-mm must be > 0");
        sp.seed = seedValue(args);
        std::vector<analysis::Contrast> user;
        int index = 0;
        for (const QString& spec : args.values("--contrast")) user.push_back(analysis::parseContrast(spec.toStdString(), index++));

        const analysis::ResponseMatrix responses = loadResponses(args);
        const analysis::ImageLabels labels = loadLabels(args, responses.images);
        params.contrasts = analysis::itContrasts(labels, std::move(user));
        const io::LayerPositions positions = loadPositions(args, responses.units);
        const analysis::ItResult result = analysis::analyzeIt(responses, labels, positions.coordinates, params);

        if (const auto out = args.value("--out")) writeResults(out->toStdString(), result);
        if (args.flag("--json")) {
            QJsonObject sources{{"responses", QString::fromStdString(responses.source)},
                                {"labels", QString::fromStdString(labels.source)},
                                {"positions", *args.value("--positions")},
                                {"layer", analysedLayer(args)}};
            if (const auto out = args.value("--out")) sources["out"] = *out;
            std::fputs(QJsonDocument(toJson(result, sources, labels)).toJson(QJsonDocument::Indented).constData(), stdout);
        } else {
            printSummary(result);
        }
        return 0;
    });
}

const CommandRegistration reg{Command{"analyze it", kHelp, &runAnalyzeIt, 32}};

}  // namespace
}  // namespace topospike::cli
