// `analyze v1`: TDANN's V1 analyses of one layer's responses to sine gratings (tuning, preferences, masks,
// smoothness), as JSON and a per-unit .npz.
#include <QJsonDocument>
#include <cstdio>

#include "cli/analysis_inputs.hpp"
#include "cli/analyze_v1_output.hpp"
#include "cli/arguments.hpp"
#include "cli/cli_errors.hpp"
#include "cli/command_registry.hpp"
#include "topospike/analysis/grating_labels.hpp"
#include "topospike/analysis/v1_analysis.hpp"
#include "topospike/stimuli/gratings.hpp"

namespace topospike::cli {
namespace {

const char* const kHelp =
    "  analyze v1 (--responses R.npy | --recording REC.npz --layer L) (--labels L.csv | --gratings tdann)\n"
    "             --positions P [options]\n"
    "        V1 maps of one layer as TDANN computes them: tuning curves over orientation, SF and colour (means\n"
    "        over the images sharing a value), Ringach normalisation, orientation preference and selectivity\n"
    "        (1 - circular variance), SF and colour preference (argmax), units above the 75th percentile of\n"
    "        peak-to-peak per metric, and the smoothness of each map: 20 samples of 1000 masked units,\n"
    "        preference difference vs distance in 9 bins up to 3.3 mm, (max - first)/max per curve.\n"
    "          --labels L.csv         image labels: columns orientation (or angle), sf, phase, color (0/1 or\n"
    "                                 bw/color), one row per image in response order\n"
    "          --gratings tdann       the images were TDANN's 640 gratings in `run --gratings tdann` order\n"
    "          --preference M         vector-sum (default, TDSNN) or von-mises (TDANN's fit, 50-point grid)\n"
    "          --percentile P         mask percentile (default 75)\n"
    "          --samples N            smoothness samples (default 20; as many chance samples)\n"
    "          --units-per-sample N   units per sample (default 1000; all if the mask has fewer)\n"
    "          --hypercolumn-mm W     hypercolumn width (default 3.5): distances up to sqrt(2 (4W/3)^2)/2\n"
    "          --seed S               sampling seed (default 0; metric m uses S + m)\n"
    "          --no-normalize         skip TDANN's Ringach normalisation\n"
    "          --fig2-variant         TDANN's published Fig. 2: orientation differences for all three metrics\n"
    "          --json                 one JSON object on stdout (levels, mask sizes, histograms, smoothness\n"
    "                                 with per-sample values, mean and chance curves, bin edges)\n"
    "          --out F.npz            per unit: orientation_pref (deg), orientation_selectivity, sf_pref\n"
    "                                 (index), sf_pref_cpd, color_pref, mask_orientation/_sf/_color (bool),\n"
    "                                 ptp_*, mean_response, tuning_orientation/_sf/_color [units, levels],\n"
    "                                 levels_*; bin_edges_mm, smoothness [3], smoothness_<metric>_per_sample,\n"
    "                                 _curves, _chance_curves, _mean_curve, _chance_curve\n";

std::uint64_t seedValue(const Arguments& args) {
    const auto v = args.value("--seed");
    if (!v) return 0;
    bool ok = false;
    const qulonglong s = v->toULongLong(&ok);
    if (!ok) throw UsageError("analyze v1: --seed needs a non-negative integer (got '" + *v + "')");
    return s;
}

int runAnalyzeV1(const QStringList& argv) {
    return guarded([&] {
        QStringList valued = analysisInputOptions();
        valued << "--labels" << "--gratings" << "--preference" << "--percentile" << "--samples" << "--units-per-sample"
               << "--hypercolumn-mm" << "--seed" << "--out";
        QStringList flags = analysisInputFlags();
        flags << "--no-normalize" << "--fig2-variant" << "--json";
        const Arguments args("analyze v1", argv, valued, flags);
        if (!args.positionals().isEmpty())
            throw UsageError("analyze v1: unexpected argument '" + args.positionals().first() + "'");

        analysis::V1Params params;
        params.orientationMethod = args.choice("--preference", {"vector-sum", "von-mises"}, "vector-sum") == "von-mises"
                                       ? analysis::OrientationMethod::VonMises
                                       : analysis::OrientationMethod::VectorSum;
        params.percentile = args.doubleValue("--percentile", 75.0);
        if (params.percentile < 0.0 || params.percentile > 100.0)
            throw UsageError("analyze v1: --percentile must be from 0 to 100");
        params.normalization.enabled = !args.flag("--no-normalize");
        params.publishedFig2Variant = args.flag("--fig2-variant");
        params.smoothness.samples = args.intValue("--samples", 20, 1, 100000);
        params.smoothness.chanceShuffles = params.smoothness.samples;
        params.smoothness.unitsPerSample = args.intValue("--units-per-sample", 1000, 2, 100000);
        V1Sources src;
        src.hypercolumnMm = args.doubleValue("--hypercolumn-mm", 3.5);
        if (!(src.hypercolumnMm > 0.0)) throw UsageError("analyze v1: --hypercolumn-mm must be positive");
        params.smoothness.maxDistance = analysis::SmoothnessParams::maxDistanceForHypercolumn(src.hypercolumnMm);
        params.smoothness.seed = seedValue(args);
        const auto labelsPath = args.value("--labels");
        const auto gratings = args.value("--gratings");
        if (labelsPath && gratings) throw UsageError("analyze v1: give --labels or --gratings, not both");
        if (!labelsPath && !gratings) throw UsageError("analyze v1: missing --labels L.csv (or --gratings tdann)");
        if (gratings && *gratings != "tdann") throw UsageError("analyze v1: --gratings: the only set is 'tdann'");
        const auto outPath = args.value("--out");

        const analysis::ResponseMatrix responses = loadResponses(args);
        analysis::GratingLabels labels;
        if (labelsPath) {
            labels = analysis::readGratingLabels(labelsPath->toStdString(), responses.images);
            src.labels = *labelsPath;
        } else {
            labels = analysis::gratingLabels(stimuli::tdannGratingSet());
            labels.source = "--gratings tdann";
            src.labels = "tdann";
            if (labels.images() != responses.images)
                throw FileError(responses.source, "has " + std::to_string(responses.images) +
                                                      " images, TDANN's grating set 640 (--gratings tdann)");
        }
        const io::LayerPositions positions = loadPositions(args, responses.units);
        src.responses = QString::fromStdString(responses.source);
        src.positions = *args.value("--positions");
        src.layer = QString::fromStdString(positions.name);

        const analysis::V1Analysis result = analysis::analyzeV1(responses, labels, positions.coordinates, params);
        if (outPath) writeV1Npz(outPath->toStdString(), result);
        if (args.flag("--json")) {
            QJsonObject json = v1Json(result, src);
            if (outPath) json["out"] = *outPath;
            const QByteArray out = QJsonDocument(json).toJson(QJsonDocument::Indented);
            std::fwrite(out.constData(), 1, static_cast<size_t>(out.size()), stdout);
        } else {
            std::fputs(v1Text(result, src).toLocal8Bit().constData(), stdout);
            if (outPath) std::printf("  wrote %s\n", outPath->toLocal8Bit().constData());
        }
        return 0;
    });
}

const CommandRegistration reg{Command{"analyze v1", kHelp, &runAnalyzeV1, 30}};

}  // namespace
}  // namespace topospike::cli
