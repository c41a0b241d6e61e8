// topospike-cli analyze entropy: spike-train entropy of every recorded layer (TDSNN Fig. 1), and with --compare the
// shift dH = H(REC) - H(REC2) between two recordings.
#include <QFileInfo>
#include <optional>

#include "cli/analyze_spikes_common.hpp"
#include "cli/arguments.hpp"
#include "cli/cli_errors.hpp"
#include "cli/command_registry.hpp"
#include "topospike/analysis/entropy.hpp"

namespace topospike::cli {
namespace {

const char* const kHelp =
    "  analyze entropy --recording REC.npz [--layer L]... [--compare REC2.npz] [--json] [--out F.npz]\n"
    "        Spike-train entropy in bits of each recorded layer (all layers by default): per unit the binary\n"
    "        entropy of its firing probability per timestep (over images and timesteps), the layer mean,\n"
    "        the same per timestep, and the entropy of the layer's spike count over image-timesteps.\n"
    "          --compare REC2       also the shift dH = H(REC) - H(REC2) per layer and per timestep\n"
    "          --population-bins B  equal-width bins for the spike-count entropy (default 0: one per count)\n"
    "          --refuse-counts      refuse spike counts above 1 (SEW-ADD) instead of counting them as 1\n"
    "          --json               one JSON object on stdout\n"
    "          --out F.npz          entropy/<L> [C,H,W], probability/<L> [C,H,W], entropy_t/<L> [T,C,H,W],\n"
    "                               mean_t/<L> [T]; with --compare also shift_t/<L> [T] and shift/<L> []\n";

std::vector<std::int64_t> withFront(std::int64_t front, const std::vector<std::int64_t>& dims) {
    std::vector<std::int64_t> s{front};
    s.insert(s.end(), dims.begin(), dims.end());
    return s;
}

QJsonObject entropyJson(const analysis::LayerEntropy& e) {
    return QJsonObject{{"images", static_cast<double>(e.images)},
                       {"timesteps", static_cast<double>(e.timesteps)},
                       {"units", static_cast<double>(e.units)},
                       {"mean", e.mean},
                       {"per_timestep", spikes::array(e.perTimestep)},
                       {"population", e.population},
                       {"population_per_timestep", spikes::array(e.populationPerTimestep)},
                       {"mean_firing_probability", e.meanFiringProbability},
                       {"clipped_counts", static_cast<double>(e.clippedEntries)}};
}

int runAnalyzeEntropy(const QStringList& argv) {
    return guarded([&] {
        const Arguments args("analyze entropy", argv, {"--recording", "--layer", "--compare", "--population-bins", "--out"},
                             {"--json", "--refuse-counts"});
        if (!args.positionals().isEmpty()) throw UsageError("analyze entropy: unexpected argument '" + args.positionals().first() + "'");
        const auto recording = args.value("--recording");
        if (!recording) throw UsageError("analyze entropy: missing --recording REC.npz");
        const auto compare = args.value("--compare");
        analysis::EntropyParams params;
        params.populationBins = args.intValue("--population-bins", 0, 0, 1 << 30);
        params.counts = args.flag("--refuse-counts") ? analysis::SpikeCountPolicy::Refuse : analysis::SpikeCountPolicy::ClipToBinary;
        std::vector<std::string> layers;
        for (const QString& l : args.values("--layer")) layers.push_back(l.toStdString());
        if (layers.empty()) layers = analysis::recordingLayers(recording->toStdString());
        if (layers.empty()) throw FileError(recording->toStdString(), "holds no recorded layer");

        double seconds = 0.0;  // analysis time, without reading the recordings
        QJsonArray results;
        spikes::NpzOut out;
        const QString label = compare ? "H(" + QFileInfo(*recording).fileName() + ") - H(" + QFileInfo(*compare).fileName() + ")"
                                      : QString();
        const bool save = args.value("--out").has_value();
        struct Row {
            double mean, population;
            std::vector<double> perTimestep;
            std::int64_t clipped;
            std::optional<analysis::EntropyShift> shift;
        };
        std::vector<Row> rows;
        for (const std::string& layer : layers) {
            analysis::SpikeTensor s = analysis::readRecordingSpikes(recording->toStdString(), layer);
            auto start = std::chrono::steady_clock::now();
            analysis::LayerEntropy e = analysis::spikeEntropy(s, params);
            seconds += spikes::secondsSince(start);
            s = {};
            QJsonObject o = entropyJson(e);
            o["layer"] = QString::fromStdString(layer);
            if (save) {
                out.add("entropy/" + layer, e.unitEntropy, e.unitDims);
                out.add("probability/" + layer, e.unitProbability, e.unitDims);
                out.add("entropy_t/" + layer, e.unitEntropyPerTimestep, withFront(e.timesteps, e.unitDims));
                out.add("mean_t/" + layer, e.perTimestep, {e.timesteps});
            }
            std::optional<analysis::EntropyShift> shift;
            if (compare) {
                const analysis::SpikeTensor other = analysis::readRecordingSpikes(compare->toStdString(), layer);
                start = std::chrono::steady_clock::now();
                const analysis::LayerEntropy b = analysis::spikeEntropy(other, params);
                seconds += spikes::secondsSince(start);
                shift = analysis::entropyShift(e, b);
                o["compare"] = entropyJson(b);
                o["shift"] = QJsonObject{{"mean", shift->mean},
                                         {"per_timestep", spikes::array(shift->perTimestep)},
                                         {"population", shift->population},
                                         {"same_timesteps", shift->sameTimesteps}};
                if (save) {
                    out.add("shift_t/" + layer, shift->perTimestep, {static_cast<std::int64_t>(shift->perTimestep.size())});
                    out.add("shift/" + layer, std::vector<double>{shift->mean}, {});
                }
            }
            results.append(o);
            rows.push_back({e.mean, e.population, e.perTimestep, e.clippedEntries, shift});
        }
        if (const auto path = args.value("--out")) out.write(*path);

        if (args.flag("--json")) {
            QJsonObject o{{"command", "analyze entropy"}, {"recording", *recording}, {"units", "bits"},
                          {"layers", results}, {"seconds", seconds}};
            if (compare) {
                o["compare"] = *compare;
                o["shift_label"] = label;
            }
            spikes::printJson(o);
            return 0;
        }
        std::printf("spike entropy (bits) of %s%s\n", recording->toUtf8().constData(),
                    compare ? qPrintable(", shift " + label) : "");
        for (int i = 0; i < results.size(); ++i) {
            const Row& row = rows[static_cast<std::size_t>(i)];
            QString perT;
            for (double h : row.perTimestep) perT += QString::asprintf(" %.4f", h);
            std::printf("  %-10s H %.5f  per t:%s  population %.3f", qPrintable(results[i].toObject()["layer"].toString()),
                        row.mean, qPrintable(perT), row.population);
            if (row.shift) std::printf("  dH %+.5f", row.shift->mean);
            if (row.clipped) std::printf("  (%lld counts > 1 taken as 1)", static_cast<long long>(row.clipped));
            std::printf("\n");
        }
        return 0;
    });
}

const CommandRegistration reg{Command{"analyze entropy", kHelp, &runAnalyzeEntropy, 50}};

}  // namespace
}  // namespace topospike::cli
