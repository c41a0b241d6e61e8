// topospike-cli analyze correlation: pairwise response correlation against cortical distance (TDSNN Fig. 3d;
// TDANN's correlation_over_distance_plot).
#include "cli/analysis_inputs.hpp"
#include "cli/analyze_spikes_common.hpp"
#include "cli/arguments.hpp"
#include "cli/cli_errors.hpp"
#include "cli/command_registry.hpp"
#include "topospike/analysis/distance_curves.hpp"

namespace topospike::cli {
namespace {

const char* const kHelp =
    "  analyze correlation (--responses R.npy | --recording REC.npz --layer L) --positions P [--window-mm 1.5]\n"
    "                      [--units N] [--bins B] [--seed S] [--json] [--out F.npz]\n"
    "        Pearson correlation of unit responses over stimuli against cortical distance, in TDANN's tiling of\n"
    "        the sheet (TDSNN Fig. 3d): per distance bin the mean over windows, TDANN's SEM and a 95% CI.\n"
    "          --window-mm W  window side in mm (default 1.5)\n"
    "          --units N      at most N units per window, drawn at random (default 5000)\n"
    "          --windows K    at most K windows, drawn at random (default all)\n"
    "          --bins B       distance bins (default 15, edges from the first window as TDANN)\n"
    "          --seed S       seed for the unit and window draws (default 0)\n"
    "          --json         one JSON object on stdout\n"
    "          --out F.npz    edges, centers, mean, sem, nan_mean, ci95, profiles [windows, bins]\n";

int runAnalyzeCorrelation(const QStringList& argv) {
    return guarded([&] {
        QStringList valued = analysisInputOptions();
        valued << "--window-mm" << "--units" << "--windows" << "--bins" << "--seed" << "--out";
        QStringList flags = analysisInputFlags();
        flags << "--json";
        const Arguments args("analyze correlation", argv, valued, flags);
        if (!args.positionals().isEmpty()) throw UsageError("analyze correlation: unexpected argument '" + args.positionals().first() + "'");
        analysis::WindowParams windows;
        windows.width = args.doubleValue("--window-mm", 1.5);
        if (!(windows.width > 0)) throw UsageError("analyze correlation: --window-mm must be > 0");
        windows.unitLimit = args.intValue("--units", 5000, 2, 1 << 30);
        if (args.value("--windows")) windows.windowLimit = args.intValue("--windows", 0, 1, 1 << 30);
        windows.seed = static_cast<std::uint64_t>(args.intValue("--seed", 0, 0, 2147483647));
        analysis::DistanceBinning binning;
        binning.bins = args.intValue("--bins", 15, 1, 10000);

        const analysis::ResponseMatrix r = loadResponses(args);
        const io::LayerPositions positions = loadPositions(args, r.units);
        const auto start = std::chrono::steady_clock::now();
        const analysis::DistanceCurve curve = analysis::correlationOverDistance(r, positions.coordinates, windows, binning);
        const double seconds = spikes::secondsSince(start);
        if (const auto path = args.value("--out")) {
            spikes::NpzOut out;
            spikes::addCurve(out, curve);
            out.write(*path);
        }
        if (args.flag("--json")) {
            spikes::printJson(QJsonObject{{"command", "analyze correlation"},
                                          {"source", QString::fromStdString(r.source)},
                                          {"images", static_cast<double>(r.images)},
                                          {"units", static_cast<double>(r.units)},
                                          {"seed", static_cast<double>(windows.seed)},
                                          {"window_mm", windows.width},
                                          {"unit_limit", static_cast<double>(*windows.unitLimit)},
                                          {"correlation_vs_distance", spikes::curveJson(curve)},
                                          {"seconds", seconds}});
            return 0;
        }
        std::printf("%lld stimuli, %lld units, %lld windows of %.3g mm; correlation vs distance (distance mm: mean +- SEM over windows; mean over windows with pairs in the bin +- 95%% CI):\n",
                    static_cast<long long>(r.images), static_cast<long long>(r.units),
                    static_cast<long long>(curve.windows), windows.width);
        spikes::printCurve(curve);
        return 0;
    });
}

const CommandRegistration reg{Command{"analyze correlation", kHelp, &runAnalyzeCorrelation, 52}};

}  // namespace
}  // namespace topospike::cli
