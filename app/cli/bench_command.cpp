// `bench`: images/s (throughput schedule), single-stimulus latency (latency schedule), and per layer the time,
// the kernel chosen and the input spike density, on synthetic grating-like stimuli.
#include "cli/bench_command.hpp"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>

#include "cli/arguments.hpp"
#include "cli/cli_errors.hpp"
#include "cli/network_setup.hpp"

namespace topospike::cli {

const char* const kBenchHelp =
    "  bench CKPT [--size N] [--T N] [--batch N] [--threads N] [--seconds S] [--json]\n"
    "        Measure images/s (stimuli in parallel, --batch at a time; default 8), single-stimulus latency\n"
    "        (each layer split over the threads), and per layer its time, kernel (dense/event) and input\n"
    "        spike density. Stimuli: seeded sums of gratings at N x N (default 224).\n";

namespace {

using Clock = std::chrono::steady_clock;

/// A normalised stimulus: three oriented gratings plus a little noise, values roughly in ImageNet-normalised range.
stimuli::InputImage syntheticStimulus(int size, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    stimuli::InputImage img;
    img.height = img.width = size;
    img.chw.resize(static_cast<std::size_t>(3) * size * size);
    double theta[3], freq[3], phase[3], amp[3][3];
    for (int g = 0; g < 3; ++g) {
        theta[g] = u(rng) * M_PI;
        freq[g] = (1.0 + 15.0 * u(rng)) * 2.0 * M_PI / size;
        phase[g] = u(rng) * 2.0 * M_PI;
        for (int c = 0; c < 3; ++c) amp[g][c] = 0.4 + 0.6 * u(rng);
    }
    std::normal_distribution<double> noise(0.0, 0.1);
    for (int c = 0; c < 3; ++c)
        for (int y = 0; y < size; ++y)
            for (int x = 0; x < size; ++x) {
                double v = 0;
                for (int g = 0; g < 3; ++g)
                    v += amp[g][c] * std::sin(freq[g] * (x * std::cos(theta[g]) + y * std::sin(theta[g])) + phase[g]);
                img.chw[(static_cast<std::size_t>(c) * size + y) * size + x] = static_cast<float>(v * 0.8 + noise(rng));
            }
    return img;
}

double seconds(Clock::time_point a) { return std::chrono::duration<double>(Clock::now() - a).count(); }

}  // namespace

int runBench(const QStringList& argv) {
    return guarded([&] {
        QStringList valued = networkValuedOptions();
        valued << "--size" << "--batch" << "--seconds";
        QStringList flags = networkFlags();
        flags << "--json";
        const Arguments args("bench", argv, valued, flags);
        if (args.positionals().size() != 1) throw UsageError("bench: give one checkpoint (see topospike-cli bench --help)");
        const int size = args.intValue("--size", 224, 8, 1024);
        const int batch = args.intValue("--batch", 8, 1, 4096);
        const double budget = args.doubleValue("--seconds", 4.0);
        const LoadedNetwork loaded = loadNetwork(args, args.positionals().first());
        run::RunOptions options = runOptions(args, 4);
        if (size < loaded.network->minimumInputSize())
            throw UsageError("bench: --size " + QString::number(size) + " is below this network's minimum input " +
                             QString::number(loaded.network->minimumInputSize()));

        std::vector<stimuli::InputImage> stimuliSet;
        for (int i = 0; i < batch; ++i) stimuliSet.push_back(syntheticStimulus(size, 1000u + static_cast<unsigned>(i)));

        // per-layer breakdown (latency schedule, one stimulus)
        run::RunOptions timed = options;
        timed.schedule = run::Schedule::Latency;
        timed.timings = true;
        const run::Simulator timedSim(loaded.network, timed);
        timedSim.run(stimuliSet.front());  // warm-up
        const run::ImageResult breakdown = timedSim.run(stimuliSet.front());

        // latency: one stimulus at a time, parallel inside layers
        run::RunOptions lat = options;
        lat.schedule = run::Schedule::Latency;
        const run::Simulator latSim(loaded.network, lat);
        std::vector<double> latencies;
        const auto l0 = Clock::now();
        for (int i = 0; latencies.size() < 3 || seconds(l0) < budget / 2; ++i) {
            const auto t = Clock::now();
            latSim.run(stimuliSet[static_cast<std::size_t>(i) % stimuliSet.size()]);
            latencies.push_back(seconds(t) * 1000.0);
        }
        std::sort(latencies.begin(), latencies.end());
        const double median = latencies[latencies.size() / 2];

        // throughput: the batch in parallel, one stimulus per worker
        run::RunOptions thr = options;
        thr.schedule = run::Schedule::Throughput;
        const run::Simulator thrSim(loaded.network, thr);
        const auto discard = [](int, run::ImageResult&&) {};  // streamed: memory does not grow with --batch
        thrSim.stream(stimuliSet, discard);
        int images = 0;
        const auto b0 = Clock::now();
        while (images == 0 || seconds(b0) < budget / 2) {
            thrSim.stream(stimuliSet, discard);
            images += batch;
        }
        const double ips = images / seconds(b0);

        QJsonArray layers;
        double total = 0;
        for (const auto& t : breakdown.timings) total += t.seconds;
        for (const auto& t : breakdown.timings)
            layers.append(QJsonObject{{"name", QString::fromStdString(t.name)}, {"kernel", QString::fromStdString(t.kernel)},
                                      {"input_density", t.inputDensity}, {"ms", t.seconds * 1000.0},
                                      {"share", total > 0 ? t.seconds / total : 0.0}});
        QJsonArray firing;
        for (const auto& l : breakdown.layers) {
            double sum = 0;
            for (double f : l.activeFraction()) sum += f;
            firing.append(QJsonObject{{"name", QString::fromStdString(l.name())}, {"rate", sum / l.timesteps()}});
        }
        QJsonObject out{{"checkpoint", args.positionals().first()},
                        {"architecture", QString::fromStdString(loaded.network->architecture().name)},
                        {"size", size},
                        {"T", latSim.effectiveT()},
                        {"threads", options.threads},
                        {"batch", batch},
                        {"isa", QString::fromStdString(run::activeInstructionSet())},
                        {"images_per_s", ips},
                        {"latency_ms", median},
                        {"latency_min_ms", latencies.front()},
                        {"layers", layers},
                        {"firing", firing}};
        if (args.flag("--json")) {
            std::fputs(QJsonDocument(out).toJson(QJsonDocument::Indented).constData(), stdout);
            return 0;
        }
        std::printf("%s at %dx%d, T=%d, %s kernels, batch %d\n", loaded.network->architecture().name.c_str(), size,
                    size, latSim.effectiveT(), run::activeInstructionSet().c_str(), batch);
        std::printf("  throughput  %.2f images/s\n  latency     %.2f ms (median), %.2f ms (best)\n", ips, median,
                    latencies.front());
        std::printf("  %-22s %-6s %8s %9s %6s\n", "layer", "kernel", "density", "ms", "share");
        for (const auto& v : layers) {
            const QJsonObject o = v.toObject();
            std::printf("  %-22s %-6s %8.4f %9.3f %5.1f%%\n", o["name"].toString().toUtf8().constData(),
                        o["kernel"].toString().toUtf8().constData(), o["input_density"].toDouble(), o["ms"].toDouble(),
                        100.0 * o["share"].toDouble());
        }
        return 0;
    });
}

}  // namespace topospike::cli
