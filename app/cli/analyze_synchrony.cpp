// topospike-cli analyze synchrony: rCCG against cortical distance in TDANN's windows, near/far mean rCCG, and the
// STC losses L_L and L_S of a layer (TDSNN Eqs. 3-7, Fig. 6a).
#include "cli/analysis_inputs.hpp"
#include "cli/analyze_spikes_common.hpp"
#include "cli/arguments.hpp"
#include "cli/cli_errors.hpp"
#include "cli/command_registry.hpp"
#include "topospike/analysis/stc_loss.hpp"
#include "topospike/analysis/synchrony.hpp"

namespace topospike::cli {
namespace {

const char* const kHelp =
    "  analyze synchrony --recording REC.npz --layer L --positions P [--window-mm 1.5] [--lag W] [--units N]\n"
    "                    [--seed S] [--json] [--out F.npz]\n"
    "        Spike synchrony of a layer: rCCG (normalised cross-correlogram summed over lags -W..W) against\n"
    "        cortical distance in TDANN's tiling of the sheet (mean, SEM, 95% CI per distance bin), the mean\n"
    "        rCCG of near and far pairs, and the STC losses L_L (rates) and L_S (rCCG) over random clusters.\n"
    "          --window-mm W    window side in mm (default 1.5, TDANN's WindowParams)\n"
    "          --lag W          CCG lag window (default max(1, T/2 - 1): 1 at T = 4)\n"
    "          --units N        at most N units per window, drawn at random (default 5000)\n"
    "          --windows K      at most K windows, drawn at random (default all)\n"
    "          --bins B         distance bins (default 15, edges from the first window as TDANN)\n"
    "          --near-mm D      near pairs: distance < D (default 0.5)\n"
    "          --far-mm D       far pairs: distance >= D (default 1.0)\n"
    "          --clusters M     STC clusters (default 10)\n"
    "          --cluster-mm S   cluster square side (default: the layer's neighborhood width)\n"
    "          --seed S         seed for the unit, window and cluster draws (default 0)\n"
    "          --refuse-counts  refuse spike counts above 1 (SEW-ADD) instead of counting them as 1\n"
    "          --json           one JSON object on stdout\n"
    "          --out F.npz      edges, centers, mean, sem, nan_mean, ci95, profiles [windows, bins],\n"
    "                           stc_long [M], stc_short [M]\n"
    "        Also --positions-layer and --no-rescale (see the inputs of the analyze commands).\n";

int runAnalyzeSynchrony(const QStringList& argv) {
    return guarded([&] {
        QStringList valued = analysisInputOptions();
        valued << "--window-mm" << "--lag" << "--units" << "--windows" << "--bins" << "--near-mm" << "--far-mm"
               << "--clusters" << "--cluster-mm" << "--seed" << "--out";
        QStringList flags = analysisInputFlags();
        flags << "--json" << "--refuse-counts";
        const Arguments args("analyze synchrony", argv, valued, flags);
        if (!args.positionals().isEmpty()) throw UsageError("analyze synchrony: unexpected argument '" + args.positionals().first() + "'");
        if (args.value("--responses")) throw UsageError("analyze synchrony: needs spikes: give --recording REC.npz --layer L");

        analysis::WindowParams windows;
        windows.width = args.doubleValue("--window-mm", 1.5);
        if (!(windows.width > 0)) throw UsageError("analyze synchrony: --window-mm must be > 0");
        windows.unitLimit = args.intValue("--units", 5000, 2, 1 << 30);
        if (args.value("--windows")) windows.windowLimit = args.intValue("--windows", 0, 1, 1 << 30);
        windows.seed = static_cast<std::uint64_t>(args.intValue("--seed", 0, 0, 2147483647));
        analysis::DistanceBinning binning;
        binning.bins = args.intValue("--bins", 15, 1, 10000);
        binning.nearMm = args.doubleValue("--near-mm", 0.5);
        binning.farMm = args.doubleValue("--far-mm", 1.0);
        analysis::CcgParams ccg;
        ccg.maxLag = args.intValue("--lag", -1, 0, 1 << 20);
        ccg.counts = args.flag("--refuse-counts") ? analysis::SpikeCountPolicy::Refuse : analysis::SpikeCountPolicy::ClipToBinary;
        analysis::StcParams stc;
        stc.clusters = args.intValue("--clusters", 10, 1, 100000);
        stc.width = args.doubleValue("--cluster-mm", 0.0);
        if (stc.width < 0) throw UsageError("analyze synchrony: --cluster-mm must be > 0");
        stc.seed = windows.seed;
        stc.ccg = ccg;

        const analysis::SpikeTensor s = loadSpikes(args);
        const io::LayerPositions positions = loadPositions(args, s.units);
        if (stc.width == 0.0 && !(positions.neighborhoodWidth > 0.0))
            throw UsageError("analyze synchrony: the positions of '" + QString::fromStdString(positions.name) +
                             "' carry no neighborhood width: give the cluster side with --cluster-mm S");
        const auto start = std::chrono::steady_clock::now();
        const analysis::DistanceCurve curve = analysis::rccgOverDistance(s, positions.coordinates, windows, binning, ccg);
        const analysis::StcResult losses = analysis::stcLosses(s, positions, stc);
        const double seconds = spikes::secondsSince(start);

        std::vector<double> longLoss, shortLoss;
        QJsonArray clusters;
        for (const auto& c : losses.clusters) {
            longLoss.push_back(c.longLoss);
            shortLoss.push_back(c.shortLoss);
            clusters.append(QJsonObject{{"units", static_cast<double>(c.units.size())},
                                        {"x_mm", spikes::array(std::vector<double>{c.x0, c.x1})},
                                        {"y_mm", spikes::array(std::vector<double>{c.y0, c.y1})},
                                        {"L_L", spikes::number(c.longLoss)},
                                        {"L_S", spikes::number(c.shortLoss)}});
        }
        if (const auto path = args.value("--out")) {
            spikes::NpzOut out;
            spikes::addCurve(out, curve);
            out.add("stc_long", longLoss, {static_cast<std::int64_t>(longLoss.size())});
            out.add("stc_short", shortLoss, {static_cast<std::int64_t>(shortLoss.size())});
            out.write(*path);
        }
        const QString layer = args.value("--layer").value_or(QString());
        if (args.flag("--json")) {
            QJsonObject o{{"command", "analyze synchrony"},
                          {"layer", layer},
                          {"images", static_cast<double>(s.images)},
                          {"timesteps", static_cast<double>(s.timesteps)},
                          {"units", static_cast<double>(s.units)},
                          {"max_lag", static_cast<double>(losses.maxLag)},
                          {"seed", static_cast<double>(windows.seed)},
                          {"window_mm", windows.width},
                          {"unit_limit", static_cast<double>(*windows.unitLimit)},
                          {"rccg_vs_distance", spikes::curveJson(curve)},
                          {"stc", QJsonObject{{"clusters", clusters},
                                              {"cluster_mm", losses.width},
                                              {"mean_L_L", spikes::number(losses.meanLong)},
                                              {"mean_L_S", spikes::number(losses.meanShort)},
                                              {"valid_L_L", static_cast<double>(losses.validLong)},
                                              {"valid_L_S", static_cast<double>(losses.validShort)}}},
                          {"seconds", seconds}};
            spikes::printJson(o);
            return 0;
        }
        std::printf("%s: %lld images, T = %lld, %lld units, lag window W = %lld, %lld windows of %.3g mm\n",
                    qPrintable(layer), static_cast<long long>(s.images), static_cast<long long>(s.timesteps),
                    static_cast<long long>(s.units), static_cast<long long>(losses.maxLag),
                    static_cast<long long>(curve.windows), windows.width);
        std::printf("  rCCG vs distance (distance mm: mean +- SEM over windows; mean over windows with pairs in the bin +- 95%% CI):\n");
        spikes::printCurve(curve);
        std::printf("  near (< %.3g mm) %.5f over %lld pairs, far (>= %.3g mm) %.5f over %lld pairs\n", binning.nearMm,
                    curve.nearMean, static_cast<long long>(curve.nearPairs), binning.farMm, curve.farMean,
                    static_cast<long long>(curve.farPairs));
        std::printf("  STC over %zu clusters of %.3g mm: L_L %.5f, L_S %.5f\n", losses.clusters.size(), losses.width,
                    losses.meanLong, losses.meanShort);
        return 0;
    });
}

const CommandRegistration reg{Command{"analyze synchrony", kHelp, &runAnalyzeSynchrony, 51}};

}  // namespace
}  // namespace topospike::cli
