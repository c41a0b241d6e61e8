// topospike-bench-science: how long the paper's analyses take at the paper's sizes, on synthetic data shaped like
// the real thing (ResNet-18 layer2.0: 128 x 28 x 28 = 100,352 units x 640 gratings; layer4.1: 512 x 7 x 7 =
// 25,088 units x 1,440 fLoc images), plus swap-optimisation steps/s. Prints seconds per analysis and the ratio
// to the targets of issue 5 (2 s each on 2 cores). Not a test: run it by hand on a Release build.
//
// Usage: topospike-bench-science [--threads N] [--only v1|it|swap]

#include <tbb/global_control.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "topospike/analysis/categories.hpp"
#include "topospike/analysis/it_analysis.hpp"
#include "topospike/analysis/v1_analysis.hpp"
#include "topospike/sheet/retinotopic.hpp"
#include "topospike/sheet/swap_optimizer.hpp"
#include "topospike/random.hpp"
#include "topospike/stimuli/gratings.hpp"

using namespace topospike;

namespace {

double seconds(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// A layer2.0-like sheet: unit u = c*784 + h*28 + w on a 36.75 mm sheet, orientation preference varying smoothly
// with position plus noise; responses = firing rates in {0, .25, .5, .75, 1} from von Mises-like tuning.
void benchV1() {
    const int C = 128, H = 28, W = 28;
    const std::int64_t units = std::int64_t{C} * H * W;
    const auto set = stimuli::tdannGratingSet(32);
    const auto labels = analysis::gratingLabels(set);
    Rng rng(1);
    std::vector<double> coords(static_cast<std::size_t>(units * 2));
    std::vector<double> pref(static_cast<std::size_t>(units));
    for (std::int64_t u = 0; u < units; ++u) {
        const int h = static_cast<int>((u / W) % H), w = static_cast<int>(u % W);
        const double x = (w + rng.uniform()) * 36.75 / W, y = (h + rng.uniform()) * 36.75 / H;
        coords[2 * u] = x;
        coords[2 * u + 1] = y;
        pref[u] = std::fmod(180.0 * (std::sin(x / 3.0) + std::cos(y / 4.0)) + 360.0 + rng.normal() * 10, 180.0);
    }
    analysis::ResponseMatrix r(static_cast<std::int64_t>(set.size()), units);
    for (std::int64_t i = 0; i < r.images; ++i) {
        auto row = r.row(i);
        const double theta = labels.orientation[i] * M_PI / 180.0;
        for (std::int64_t u = 0; u < units; ++u) {
            const double p = 0.5 + 0.5 * std::cos(2 * (theta - pref[u] * M_PI / 180.0));
            row[u] = static_cast<float>(std::floor(4 * p * p + rng.uniform()) / 4.0);
        }
    }
    const auto t0 = std::chrono::steady_clock::now();
    const auto result = analysis::analyzeV1(r, labels, coords);
    const double s = seconds(t0);
    std::printf("V1  analyses  %6lld units x %lld gratings  %7.3f s   target 2 s  -> %.2fx of target   "
                "(orientation smoothness %.3f)\n",
                static_cast<long long>(units), static_cast<long long>(r.images), s, s / 2.0,
                result.orientationSmoothness.smoothness);
}

// A layer4.1-like sheet: 512 x 7 x 7 units on TDANN's 70 mm VTC sheet, 1,440 fLoc-like images (10 categories x
// 144), face-selective units clustered in one region.
void benchIt() {
    const std::int64_t units = 512 * 7 * 7, images = 1440;
    const char* categories[10] = {"number", "word", "limb", "body", "adult", "child", "car", "instrument", "house", "corridor"};
    std::vector<std::string> names;
    for (std::int64_t i = 0; i < images; ++i) names.push_back(categories[i / 144]);
    const auto labels = analysis::labelsFromNames(names);
    const auto positions = sheet::initRetinotopic("layer4.1", {512, 7, 7}, [] {
        sheet::RetinotopicParams p;
        p.tissueMm = 70.0;
        p.neighborhoodMm = 31.818;
        return p;
    }());
    Rng rng(2);
    analysis::ResponseMatrix r(images, units);
    for (std::int64_t i = 0; i < images; ++i) {
        const bool face = names[static_cast<std::size_t>(i)] == "adult" || names[static_cast<std::size_t>(i)] == "child";
        auto row = r.row(i);
        for (std::int64_t u = 0; u < units; ++u) {
            const double x = positions.coordinates[2 * u], y = positions.coordinates[2 * u + 1];
            const double boost = face ? std::exp(-((x - 20) * (x - 20) + (y - 45) * (y - 45)) / 100.0) : 0.0;
            row[u] = static_cast<float>(std::floor(4 * std::min(1.0, 0.2 + 0.6 * boost + 0.2 * rng.uniform()) + rng.uniform()) / 4.0);
        }
    }
    const auto t0 = std::chrono::steady_clock::now();
    const auto result = analysis::analyzeIt(r, labels, positions.coordinates);
    const double s = seconds(t0);
    std::printf("IT  analyses  %6lld units x %lld images    %7.3f s   target 2 s  -> %.2fx of target   (%zu contrasts)\n",
                static_cast<long long>(units), static_cast<long long>(images), s, s / 2.0, result.contrasts.size());
}

// Swap optimisation of a layer2.0-sized layer on 640 random-but-structured responses: steps per second.
void benchSwap() {
    const auto positions = sheet::initRetinotopic("layer2.0", {128, 28, 28}, sheet::RetinotopicParams{});
    const std::int64_t units = positions.units(), images = 640;
    Rng rng(3);
    analysis::ResponseMatrix r(images, units);
    std::vector<double> phase(static_cast<std::size_t>(units));
    for (auto& p : phase) p = rng.uniform(0, 2 * M_PI);
    for (std::int64_t i = 0; i < images; ++i) {
        auto row = r.row(i);
        for (std::int64_t u = 0; u < units; ++u)
            row[u] = static_cast<float>(0.5 + 0.5 * std::cos(i * 0.3 + phase[static_cast<std::size_t>(u)]) + 0.1 * rng.uniform());
    }
    sheet::SwapParams p;
    p.steps = 1'000'000;
    p.seed = 1;
    const auto result = sheet::swapOptimize(r, positions, p);
    std::printf("Swap          %6lld units x %lld images    %7.3f s   %.0f steps/s (%lld steps, %lld kept; TDANN's 50 M steps"
                " would take %.0f min)\n",
                static_cast<long long>(units), static_cast<long long>(images), result.seconds, result.stepsPerSecond,
                static_cast<long long>(result.attemptedSwaps), static_cast<long long>(result.acceptedSwaps),
                50e6 / result.stepsPerSecond / 60.0);
}

}  // namespace

int main(int argc, char** argv) {
    int threads = 0;
    std::string only;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--threads") && i + 1 < argc) threads = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--only") && i + 1 < argc) only = argv[++i];
        else {
            std::fprintf(stderr, "usage: topospike-bench-science [--threads N] [--only v1|it|swap]\n");
            return 2;
        }
    }
    std::unique_ptr<tbb::global_control> limit;
    if (threads > 0) limit = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism, threads);
    if (only.empty() || only == "v1") benchV1();
    if (only.empty() || only == "it") benchIt();
    if (only.empty() || only == "swap") benchSwap();
    return 0;
}
