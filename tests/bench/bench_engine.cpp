// topospike-bench: what the engine gains, as ratios measured in one run on one machine (benchncnn style).
//   1. kernels: the naive scalar twin, the dense and the event-driven fused conv + LIF at several input densities;
//   2. the network: TopoSpike's images/s and single-stimulus latency against the PyTorch reference
//      (tests/bench/torch_reference_bench.py, Debian's python3-torch) on the same checkpoint.
// Not a test: machines are shared and noisy, so only the ratios mean something.
//
// Usage: topospike-bench [--checkpoint CKPT] [--size 224] [--T 4] [--threads 2] [--batch 8] [--seconds 4]
//                        [--python /usr/bin/python3] [--no-torch] [--no-kernels] [--cifar]
// Without --checkpoint a full-width ResNet-18 firing ~10 % is written by tests/bench/make_bench_net.py.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "kernels/conv.hpp"
#include "kernels/reference.hpp"
#include "topospike/io/checkpoint.hpp"
#include "topospike/model/network.hpp"
#include "topospike/run/simulator.hpp"

using namespace topospike;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
    std::string checkpoint, python = "/usr/bin/python3";
    int size = 224, T = 4, threads = 2, batch = 8;
    double seconds = 4;
    bool torch = true, kernels = true, cifar = false;
};

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

/// Best-of timing of fn over at least `runs` runs and `budget` seconds.
template <typename F>
double bestSeconds(F&& fn, int runs, double budget) {
    double best = 1e30;
    const auto t0 = Clock::now();
    for (int i = 0; i < runs || since(t0) < budget; ++i) {
        const auto t = Clock::now();
        fn();
        best = std::min(best, since(t));
        if (i > 1000) break;
    }
    return best;
}

std::string capture(const std::string& cmd) {
    std::string out;
    if (FILE* p = popen(cmd.c_str(), "r")) {
        char buf[4096];
        while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
        pclose(p);
    }
    return out;
}

double jsonNumber(const std::string& json, const std::string& key) {
    const auto at = json.find("\"" + key + "\"");
    if (at == std::string::npos) return NAN;
    return std::atof(json.c_str() + json.find(':', at) + 1);
}

void kernelBench(const Options& o) {
    std::printf("== fused conv 3x3 + LIF, T=%d, one thread: naive twin vs dense vs event-driven (%s)\n", o.T,
                std::string(kernels::isaName(kernels::activeIsa())).c_str());
    std::printf("%-22s %8s %10s %10s %10s %9s %9s\n", "shape", "density", "naive ms", "dense ms", "event ms",
                "dense/nv", "event/dn");
    struct Shape { int c, hw; };
    std::mt19937 rng(5);
    for (Shape s : {Shape{64, 56}, Shape{128, 28}, Shape{256, 14}, Shape{512, 7}}) {
        const int T = o.T;
        std::normal_distribution<float> g(0.0f, 1.0f / std::sqrt(9.0f * s.c * 0.1f));
        std::vector<float> w(static_cast<std::size_t>(s.c) * s.c * 9), bias(static_cast<std::size_t>(s.c), 0.1f);
        for (auto& x : w) x = g(rng);
        const auto packed = kernels::packConv(w.data(), bias.data(), s.c, s.c, 3, 1, 1);
        std::vector<float> out(static_cast<std::size_t>(T) * s.hw * s.hw * s.c);
        double naiveMs = NAN;
        for (double d : {0.02, 0.05, 0.1, 0.2, 0.4}) {
            std::bernoulli_distribution on(d);
            std::vector<float> in(out.size());
            for (auto& x : in) x = on(rng) ? 1.0f : 0.0f;
            kernels::ConvScratch scratch;
            kernels::ConvCall call;
            call.conv = &packed;
            call.input = {in.data(), T, s.hw, s.hw, s.c};
            call.output = {out.data(), T, s.hw, s.hw, s.c};
            call.T = T;
            auto time = [&](kernels::ConvAlgo a) {
                call.algo = a;
                return 1e3 * bestSeconds([&] { kernels::convForward(call, scratch); }, 3, 0.3);
            };
            const double dense = time(kernels::ConvAlgo::Dense), event = time(kernels::ConvAlgo::Event);
            if (std::isnan(naiveMs) && s.c <= 128)  // the naive twin once per shape (it is slow)
                naiveMs = 1e3 * bestSeconds([&] {
                    kernels::reference::convNeuron(w.data(), bias.data(), s.c, 3, 1, 1, call.input, {}, call.neuron, T,
                                                   call.output, nullptr);
                }, 1, 0);
            char shape[64];
            std::snprintf(shape, sizeof shape, "%dx%dx%d", s.c, s.hw, s.hw);
            std::printf("%-22s %8.2f %10.2f %10.3f %10.3f %8.1fx %8.2fx\n", shape, d, naiveMs, dense, event,
                        naiveMs / dense, dense / event);
        }
    }
}

stimuli::InputImage stimulus(int size, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> n(0.0f, 1.0f);
    stimuli::InputImage img;
    img.height = img.width = size;
    img.chw.resize(static_cast<std::size_t>(3) * size * size);
    const float fx = 0.05f + 0.2f * static_cast<float>(seed % 7) / 7.0f;
    for (int c = 0; c < 3; ++c)
        for (int y = 0; y < size; ++y)
            for (int x = 0; x < size; ++x)
                img.chw[(static_cast<std::size_t>(c) * size + y) * size + x] =
                    1.2f * std::sin(fx * (x + 0.7f * y) + static_cast<float>(c)) + 0.2f * n(rng);
    return img;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "%s needs a value\n", a.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--checkpoint") o.checkpoint = next();
        else if (a == "--size") o.size = std::atoi(next().c_str());
        else if (a == "--T") o.T = std::atoi(next().c_str());
        else if (a == "--threads") o.threads = std::atoi(next().c_str());
        else if (a == "--batch") o.batch = std::atoi(next().c_str());
        else if (a == "--seconds") o.seconds = std::atof(next().c_str());
        else if (a == "--python") o.python = next();
        else if (a == "--no-torch") o.torch = false;
        else if (a == "--no-kernels") o.kernels = false;
        else if (a == "--cifar") o.cifar = true;
        else {
            std::fprintf(stderr, "usage: topospike-bench [--checkpoint CKPT] [--size N] [--T N] [--threads N] "
                                 "[--batch N] [--seconds S] [--python PY] [--no-torch] [--no-kernels] [--cifar]\n");
            return 2;
        }
    }
    if (o.cifar && o.size == 224) o.size = 32;
    if (o.kernels) kernelBench(o);

    if (o.checkpoint.empty()) {
        o.checkpoint = (std::filesystem::temp_directory_path() / (o.cifar ? "topospike_bench_cifar.pth" : "topospike_bench_r18.pth")).string();
        if (!std::filesystem::exists(o.checkpoint)) {
            std::printf("writing %s ...\n", o.checkpoint.c_str());
            const std::string cmd = o.python + " " + TOPOSPIKE_SOURCE_DIR "/tests/bench/make_bench_net.py " + o.checkpoint +
                                    (o.cifar ? " --cifar" : "");
            if (std::system(cmd.c_str()) != 0) return 1;
        }
    }
    const auto net = model::Network::build(io::loadCheckpoint(o.checkpoint));
    std::vector<stimuli::InputImage> images;
    for (int i = 0; i < o.batch; ++i) images.push_back(stimulus(o.size, static_cast<unsigned>(i)));

    run::RunOptions ro;
    ro.T = o.T;
    ro.threads = o.threads;
    ro.schedule = run::Schedule::Latency;
    const run::Simulator lat(net, ro);
    const double latency = bestSeconds([&] { lat.run(images.front()); }, 5, o.seconds / 2);
    ro.schedule = run::Schedule::Throughput;
    const run::Simulator thr(net, ro);
    thr.run(images);
    const auto t0 = Clock::now();
    int done = 0;
    while (done == 0 || since(t0) < o.seconds / 2) {
        thr.run(images);
        done += o.batch;
    }
    const double ips = done / since(t0);
    std::printf("== network %s, %dx%d, T=%d, %d threads\n", net->architecture().name.c_str(), o.size, o.size, o.T, o.threads);
    std::printf("TopoSpike   %8.2f images/s (batch %d)   latency %.2f ms (best)\n", ips, o.batch, latency * 1e3);
    if (!o.torch) return 0;
    double bestIps = 0, torchLatency = NAN;
    int bestBatch = 0;
    for (int b : {1, 2, 4, 8}) {
        const std::string cmd = o.python + " " TOPOSPIKE_SOURCE_DIR "/tests/bench/torch_reference_bench.py " + o.checkpoint +
                                " --size " + std::to_string(o.size) + " --T " + std::to_string(o.T) + " --batch " +
                                std::to_string(b) + " --threads " + std::to_string(o.threads) + " --seconds " +
                                std::to_string(o.seconds / 4) + " --json";
        const std::string json = capture(cmd);
        const double v = jsonNumber(json, "images_per_s");
        if (std::isnan(v)) {
            std::printf("PyTorch reference failed: %s\n", json.c_str());
            return 1;
        }
        std::printf("PyTorch     %8.2f images/s (batch %d)\n", v, b);
        if (b == 1) torchLatency = jsonNumber(json, "latency_ms");
        if (v > bestIps) {
            bestIps = v;
            bestBatch = b;
        }
    }
    std::printf("== ratios: throughput %.2fx (PyTorch best at batch %d), latency %.2fx (PyTorch %.1f ms, TopoSpike %.1f ms)\n",
                ips / bestIps, bestBatch, torchLatency / (latency * 1e3), torchLatency, latency * 1e3);
    return 0;
}
