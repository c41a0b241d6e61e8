// Scheduling on oneTBB: latency mode (one stimulus, each layer split over the workers) and throughput mode
// (one stimulus per worker), an arena sized by the thread setting, progress, cancellation, in-order streaming.
#include "topospike/run/simulator.hpp"

#include <tbb/info.h>
#include <unistd.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>

#include "kernels/conv.hpp"
#include "run/forward.hpp"

namespace topospike::run {

std::string activeInstructionSet() { return std::string(kernels::isaName(kernels::activeIsa())); }

void RunOptions::validate() const {
    if (T < 1 || T > 64) throw std::invalid_argument("T must be between 1 and 64 (got " + std::to_string(T) + ")");
    if (stack < 0 || stack > 64) throw std::invalid_argument("stack must be between 0 (auto) and 64");
    if (threads < 0 || threads > 1024) throw std::invalid_argument("threads must be between 0 (all) and 1024");
    if (!(eventThreshold >= 0.0 && eventThreshold <= 1.0)) throw std::invalid_argument("event threshold must lie in [0, 1]");
    neuron.validate();
}

Simulator::Simulator(std::shared_ptr<const model::Network> network, RunOptions options)
    : network_(std::move(network)), options_(std::move(options)) {
    if (!network_) throw std::invalid_argument("Simulator: no network");
    options_.validate();
    // traced names must exist (unit ranges depend on the stimulus size: checked when the layer is reached)
    std::vector<std::string> names;
    for (const auto& p : network_->populations()) names.push_back(p.name);
    const int s = network_->minimumInputSize();
    for (const auto& l : network_->recordedLayers(s, s)) names.push_back(l.name);
    for (const auto& u : options_.traces) {
        if (std::find(names.begin(), names.end(), u.population) == names.end())
            throw std::invalid_argument("trace: no layer or neuron population named '" + u.population +
                                        "' (layers are stem, layer1.0, ...; populations sn1, layer1.0.sn1, ...)");
        if (u.unit < 0) throw std::invalid_argument("trace: unit indices start at 0");
    }
}

int Simulator::effectiveT() const noexcept { return options_.neuron.model == model::NeuronModel::Ann ? 1 : options_.T; }

namespace {

tbb::task_arena makeArena(int threads) {
    return threads > 0 ? tbb::task_arena(threads) : tbb::task_arena(tbb::task_arena::automatic);
}

/// Physical memory of this machine in bytes (0 if unknown).
double physicalMemory() {
    const long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGE_SIZE);
    return pages > 0 && size > 0 ? static_cast<double>(pages) * static_cast<double>(size) : 0.0;
}

}  // namespace

double Simulator::estimateBytes(int height, int width, int stimuli, int concurrent) const {
    // the widest layer's activation, live about eight times over at the peak (input, padded copy, event lists of
    // offsets and values, branch outputs, identity, output, membrane), per stacked stimulus and per worker
    double widest = 0.0;
    for (const auto& l : network_->recordedLayers(height, width))
        widest = std::max(widest, static_cast<double>(l.units()) * effectiveT() * sizeof(float));
    return 8.0 * widest * std::max(1, stimuli) * std::max(1, concurrent);
}

void Simulator::checkMemory(int height, int width, int stimuli, int concurrent) const {
    const double need = estimateBytes(height, width, stimuli, concurrent), have = physicalMemory();
    if (have > 0 && need > 0.8 * have)
        throw std::invalid_argument("a " + std::to_string(width) + "x" + std::to_string(height) + " stimulus at T=" +
                                    std::to_string(effectiveT()) + " needs about " +
                                    std::to_string(static_cast<long long>(need / 1e9 + 0.5)) + " GB here (the machine has " +
                                    std::to_string(static_cast<long long>(have / 1e9 + 0.5)) +
                                    " GB): use a smaller image, fewer timesteps or fewer threads");
}

ImageResult Simulator::run(const stimuli::InputImage& image, const CancelToken* cancel) const {
    checkMemory(image.height, image.width, 1, 1);
    tbb::task_arena arena = makeArena(options_.threads);
    const bool parallel = options_.schedule != Schedule::Throughput;
    return arena.execute([&] {
        return std::move(detail::forward(*network_, options_, std::span(&image, 1), parallel, cancel).front());
    });
}

void Simulator::stream(std::span<const stimuli::InputImage> images, const ResultSink& sink, const ProgressFn& progress,
                       const CancelToken* cancel) const {
    const int total = static_cast<int>(images.size());
    if (total == 0) return;
    tbb::task_arena arena = makeArena(options_.threads);
    const int workers = std::min(arena.max_concurrency(), tbb::info::default_concurrency());
    const bool latency = options_.schedule == Schedule::Latency ||
                         (options_.schedule == Schedule::Auto && (total < workers || total == 1));
    for (const auto& img : images)  // refuse before anything runs, not half-way
        checkMemory(img.height, img.width, 1, latency ? 1 : workers);
    std::mutex mutex;
    std::map<int, ImageResult> pending;  // finished out of order, waiting for their turn
    int next = 0, done = 0;
    bool failed = false;  // the sink or the progress callback threw, or the run was cancelled: deliver nothing more
    auto finish = [&](int index, ImageResult&& r) {
        std::lock_guard lock(mutex);
        if (failed) return;
        if (cancel && cancel->cancelled()) {
            failed = true;
            throw Cancelled();
        }
        pending.emplace(index, std::move(r));
        try {
            for (auto it = pending.find(next); it != pending.end(); it = pending.find(next)) {
                ImageResult ready = std::move(it->second);
                pending.erase(it);
                const int i = next++;
                if (sink) sink(i, std::move(ready));
            }
            ++done;
            if (progress) progress(done, total);
        } catch (...) {
            failed = true;
            throw;
        }
    };
    auto stopped = [&] {
        std::lock_guard lock(mutex);
        return failed;
    };
    arena.execute([&] {
        if (latency) {
            for (int i = 0; i < total && !stopped(); ++i)
                finish(i, std::move(detail::forward(*network_, options_, images.subspan(static_cast<std::size_t>(i), 1),
                                                    true, cancel).front()));
            return;
        }
        // throughput: chunks of stimuli stacked along T (the event kernel takes at most 256 stacked steps)
        int stack = options_.stack;
        if (stack == 0) {
            const auto shapes = network_->recordedLayers(images.front().height, images.front().width);
            const double perStimulus = static_cast<double>(shapes.front().units()) * effectiveT();
            stack = static_cast<int>(std::clamp(std::floor(2.0e6 / std::max(1.0, perStimulus)), 1.0, 16.0));
        }
        stack = std::max(1, std::min({stack, (total + workers - 1) / workers, 256 / effectiveT()}));
        while (stack > 1 && estimateBytes(images.front().height, images.front().width, stack, workers) > 0.5 * physicalMemory())
            stack /= 2;  // stacking is an optimisation: never at the price of memory
        const int chunks = (total + stack - 1) / stack;
        auto runChunk = [&](int k) {
            const int begin = k * stack, n = std::min(stack, total - begin);
            // stimuli of another size than the chunk's first run on their own
            bool sameSize = true;
            for (int i = begin + 1; i < begin + n; ++i)
                sameSize = sameSize && images[static_cast<std::size_t>(i)].height == images[static_cast<std::size_t>(begin)].height &&
                           images[static_cast<std::size_t>(i)].width == images[static_cast<std::size_t>(begin)].width;
            if (sameSize) {
                auto results = detail::forward(*network_, options_,
                                               images.subspan(static_cast<std::size_t>(begin), static_cast<std::size_t>(n)),
                                               false, cancel);
                for (int i = 0; i < n; ++i) finish(begin + i, std::move(results[static_cast<std::size_t>(i)]));
            } else {
                for (int i = begin; i < begin + n; ++i)
                    finish(i, std::move(detail::forward(*network_, options_, images.subspan(static_cast<std::size_t>(i), 1),
                                                        false, cancel).front()));
            }
        };
        // chunks are handed out in index order, so at most about one chunk per worker waits for its turn and a
        // stream of any length needs bounded memory
        std::atomic<int> nextChunk{0};
        tbb::task_group group;
        for (int w = 0; w < std::min(workers, chunks); ++w)
            group.run([&] {
                for (int k = nextChunk++; k < chunks && !stopped(); k = nextChunk++) runChunk(k);
            });
        group.wait();
    });
}

std::vector<ImageResult> Simulator::run(std::span<const stimuli::InputImage> images, const ProgressFn& progress,
                                        const CancelToken* cancel) const {
    std::vector<ImageResult> out(images.size());
    stream(images, [&](int i, ImageResult&& r) { out[static_cast<std::size_t>(i)] = std::move(r); }, progress, cancel);
    return out;
}

}  // namespace topospike::run
