// `positions optimize`: TDANN's swap pre-optimisation of one or more layers' positions with their responses.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <unistd.h>

#include "cli/analysis_inputs.hpp"
#include "cli/json_values.hpp"
#include "cli/arguments.hpp"
#include "cli/cli_errors.hpp"
#include "cli/command_registry.hpp"
#include "cli/positions_output.hpp"
#include "topospike/sheet/swap_optimizer.hpp"

namespace topospike::cli {
namespace {

const char* const kHelp =
    "  positions optimize --positions P (--responses R.npy --layer L | --recording REC.npz --layer L\n"
    "                     [--layer L2 ...]) [--steps N] [--steps-per-neighborhood K] [--seed S]\n"
    "                     [--threads N] --out P2 [--json]\n"
    "        TDANN's swap pre-optimisation: in random squares of the layer's neighborhood width, swap two\n"
    "        units' positions when that raises the correlation between their response correlations and\n"
    "        1/(distance + 1); then recompute the neighborhoods. Layers not named are copied unchanged.\n"
    "        P2 ending in .tspos writes TopoSpike's format, anything else a TDANN folder (version 2).\n"
    "          --steps N                    total swap attempts per layer (default 50000000, TDANN's)\n"
    "          --steps-per-neighborhood K   attempts per square (default 500, TDANN's)\n"
    "          --seed S                     seed of every random draw (default 0)\n"
    "          --threads N                  worker threads (default: all cores; results do not depend on it)\n"
    "          --no-rescale                 read TDANN version-1 positions without the per-layer rescale\n"
    "          --json                       print a JSON summary (one entry per layer) on stdout\n";

std::int64_t positiveInt(const Arguments& args, const QString& name, std::int64_t fallback) {
    const auto v = args.value(name);
    if (!v) return fallback;
    bool ok = false;
    const qlonglong n = v->toLongLong(&ok);
    if (!ok || n < 1) throw UsageError("positions optimize: " + name + " needs a positive integer (got '" + *v + "')");
    return n;
}

QJsonValue number(double v) { return jsonNumber(v); }

QJsonObject summary(const sheet::SwapResult& r, const analysis::ResponseMatrix& responses) {
    QJsonObject o;
    o["layer"] = QString::fromStdString(r.positions.name);
    o["units"] = static_cast<qint64>(responses.units);
    o["images"] = static_cast<qint64>(responses.images);
    o["steps"] = static_cast<qint64>(r.params.steps);
    o["steps_per_neighborhood"] = static_cast<qint64>(r.params.stepsPerNeighborhood);
    o["max_units"] = static_cast<qint64>(r.params.maxUnits);
    o["min_units"] = static_cast<qint64>(r.params.minUnits);
    o["seed"] = QString::number(r.params.seed);
    o["threads"] = r.params.threads;
    o["neighborhood_width_mm"] = r.neighborhoodWidth;
    o["neighborhoods_total"] = static_cast<qint64>(r.neighborhoodsTotal);
    o["neighborhoods_visited"] = static_cast<qint64>(r.neighborhoodsVisited);
    o["neighborhoods_skipped"] = static_cast<qint64>(r.neighborhoodsSkipped);
    o["neighborhoods_subsampled"] = static_cast<qint64>(r.neighborhoodsSubsampled);
    o["attempted_swaps"] = static_cast<qint64>(r.attemptedSwaps);
    o["accepted_swaps"] = static_cast<qint64>(r.acceptedSwaps);
    o["loss_before"] = number(r.lossBefore);
    o["loss_after"] = number(r.lossAfter);
    o["loss_squares"] = static_cast<qint64>(r.lossSquares);
    o["seconds"] = r.seconds;
    o["steps_per_second"] = r.stepsPerSecond;
    o["neighborhood_count"] = static_cast<qint64>(r.positions.neighborhoodCount);
    o["neighborhood_size"] = static_cast<qint64>(r.positions.neighborhoodSize);
    return o;
}

/// The position layer a response layer is optimised in: the same name, or the only layer of a one-layer file.
io::LayerPositions* findLayer(io::PositionSet& set, const QString& name, const QString& file) {
    for (auto& l : set.layers)
        if (l.name == name.toStdString()) return &l;
    if (set.layers.size() == 1 && set.format == "tdann-npz") return &set.layers.front();
    std::string names;
    for (const auto& l : set.layers) names += (names.empty() ? "" : ", ") + l.name;
    throw FileError(file.toStdString(), "has no layer '" + name.toStdString() + "' (layers: " + names + ")");
}

int runPositionsOptimize(const QStringList& argv) {
    return guarded([&] {
        const Arguments args("positions optimize", argv,
                             {"--positions", "--responses", "--recording", "--layer", "--steps",
                              "--steps-per-neighborhood", "--seed", "--threads", "--out"},
                             {"--json", "--no-rescale"});
        if (!args.positionals().isEmpty())
            throw UsageError("positions optimize: unexpected argument '" + args.positionals().first() + "'");
        const auto out = args.value("--out");
        if (!out || out->isEmpty()) throw UsageError("positions optimize: missing --out P2 (a .tspos file or a folder)");
        const auto positionsPath = args.value("--positions");
        if (!positionsPath) throw UsageError("positions optimize: missing --positions P");
        const auto responsesPath = args.value("--responses");
        const auto recording = args.value("--recording");
        if (responsesPath && recording) throw UsageError("positions optimize: give --responses or --recording, not both");
        if (!responsesPath && !recording)
            throw UsageError("positions optimize: missing --responses R.npy (or --recording REC.npz --layer L)");
        QStringList layers = args.values("--layer");
        if (layers.isEmpty()) throw UsageError("positions optimize: name the layer to optimise with --layer L");
        if (responsesPath && layers.size() > 1)
            throw UsageError("positions optimize: --responses holds one layer; give one --layer");
        if (layers.removeDuplicates() > 0) throw UsageError("positions optimize: a --layer is given twice");

        sheet::SwapParams params;
        params.steps = positiveInt(args, "--steps", params.steps);
        params.stepsPerNeighborhood = positiveInt(args, "--steps-per-neighborhood", params.stepsPerNeighborhood);
        if (params.steps < params.stepsPerNeighborhood)
            throw UsageError("positions optimize: --steps (" + QString::number(params.steps) +
                             ") must be at least --steps-per-neighborhood (" + QString::number(params.stepsPerNeighborhood) + ")");
        params.seed = seedValue(args);
        params.threads = args.intValue("--threads", 0, 0, 1024);

        io::PositionReadOptions readOptions;
        readOptions.rescale = !args.flag("--no-rescale");
        io::PositionSet set = io::readPositions(positionsPath->toStdString(), readOptions);
        for (const QString& l : layers) findLayer(set, l, *positionsPath);  // every layer present before any work
        if (recording) {
            const std::vector<std::string> recorded = analysis::recordingLayers(recording->toStdString());
            for (const QString& l : layers)
                if (std::find(recorded.begin(), recorded.end(), l.toStdString()) == recorded.end())
                    throw FileError(recording->toStdString(), "has no layer '" + l.toStdString() + "'");
        }

        const bool interactive = isatty(fileno(stderr)) != 0;
        QJsonArray summaries;
        for (const QString& name : layers) {
            const analysis::ResponseMatrix responses =
                responsesPath ? analysis::readResponses(responsesPath->toStdString())
                              : analysis::readRecordingResponses(recording->toStdString(), name.toStdString());
            io::LayerPositions* layer = findLayer(set, name, *positionsPath);
            auto last = std::chrono::steady_clock::now();
            const auto progress = [&](std::int64_t done, std::int64_t total) {
                const auto now = std::chrono::steady_clock::now();
                if (!interactive || (done < total && now - last < std::chrono::milliseconds(200))) return;
                last = now;
                std::fprintf(stderr, "\rtopospike-cli positions optimize: %s %lld/%lld neighborhoods%s", layer->name.c_str(),
                             static_cast<long long>(done), static_cast<long long>(total), done == total ? "\n" : "");
            };
            sheet::SwapResult r = sheet::swapOptimize(responses, *layer, params, progress);
            r.positions.source = (layer->source.empty() ? "" : layer->source + "; ") + "swap-optimised (TDANN) on " +
                                 responses.source + ", " + std::to_string(params.steps) + " steps, seed " +
                                 std::to_string(params.seed);
            *layer = r.positions;
            summaries.append(summary(r, responses));
            if (!args.flag("--json"))
                std::printf("%s: %lld of %lld swaps accepted in %lld squares (%lld skipped), loss %.6g -> %.6g, %.3g s "
                            "(%.4g steps/s), %lld neighborhoods of %lld units\n",
                            r.positions.name.c_str(), static_cast<long long>(r.acceptedSwaps),
                            static_cast<long long>(r.attemptedSwaps), static_cast<long long>(r.neighborhoodsVisited),
                            static_cast<long long>(r.neighborhoodsSkipped), r.lossBefore, r.lossAfter, r.seconds,
                            r.stepsPerSecond, static_cast<long long>(r.positions.neighborhoodCount),
                            static_cast<long long>(r.positions.neighborhoodSize));
        }
        const QString format = writePositionSet(*out, set);
        if (args.flag("--json")) {
            QJsonObject o;
            o["out"] = *out;
            o["format"] = format;
            o["layers"] = summaries;
            std::fputs(QJsonDocument(o).toJson(QJsonDocument::Indented).constData(), stdout);
        }
        return 0;
    });
}

const CommandRegistration reg{Command{"positions optimize", kHelp, &runPositionsOptimize, 21}};

}  // namespace
}  // namespace topospike::cli
