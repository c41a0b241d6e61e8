// Layer-major forward pass of one stimulus: the stem conv once, all T timesteps of each layer in one fused call.
#include "run/forward.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <utility>
#include <vector>
#include <cmath>
#include <stdexcept>

#include "kernels/conv.hpp"
#include "kernels/pool.hpp"
#include "model/network_impl.hpp"

namespace topospike::run::detail {
namespace {

using kernels::NeuronKind;
using model::BlockKind;
using model::BlockType;

/// Uninitialised float storage recycled per thread. The kernels write every element of an activation, and fresh
/// zeroed pages for every layer of every stimulus cost as much as the stem conv itself.
class FloatBuffer {
public:
    FloatBuffer() = default;
    explicit FloatBuffer(std::size_t n) : n_(n) {
        auto& pool = freeList();
        auto best = pool.end();
        for (auto it = pool.begin(); it != pool.end(); ++it)
            if (it->first >= n && (best == pool.end() || it->first < best->first)) best = it;
        if (best != pool.end()) {
            cap_ = best->first;
            p_ = std::move(best->second);
            pooledBytes() -= cap_ * sizeof(float);
            pool.erase(best);
        } else {
            cap_ = n;
            p_.reset(new float[n]);
        }
    }
    FloatBuffer(FloatBuffer&& o) noexcept : p_(std::move(o.p_)), cap_(o.cap_), n_(o.n_) { o.cap_ = o.n_ = 0; }
    FloatBuffer& operator=(FloatBuffer&& o) noexcept {
        if (this != &o) {
            release();
            p_ = std::move(o.p_);
            cap_ = o.cap_;
            n_ = o.n_;
            o.cap_ = o.n_ = 0;
        }
        return *this;
    }
    FloatBuffer(const FloatBuffer&) = delete;
    FloatBuffer& operator=(const FloatBuffer&) = delete;
    ~FloatBuffer() { release(); }

    float* data() noexcept { return p_.get(); }
    const float* data() const noexcept { return p_.get(); }
    std::size_t size() const noexcept { return n_; }
    float& operator[](std::size_t i) noexcept { return p_[i]; }
    float operator[](std::size_t i) const noexcept { return p_[i]; }

private:
    static constexpr std::size_t kPoolLimitBytes = std::size_t{256} << 20;  // per thread
    using Pool = std::vector<std::pair<std::size_t, std::unique_ptr<float[]>>>;
    static Pool& freeList() {
        thread_local Pool pool;
        return pool;
    }
    static std::size_t& pooledBytes() {
        thread_local std::size_t bytes = 0;
        return bytes;
    }
    void release() noexcept {
        if (!p_) return;
        try {
            if (pooledBytes() + cap_ * sizeof(float) <= kPoolLimitBytes) {
                freeList().emplace_back(cap_, std::move(p_));
                pooledBytes() += cap_ * sizeof(float);
            }
        } catch (...) {  // the pool could not grow: just free
        }
        p_.reset();
    }

    std::unique_ptr<float[]> p_;
    std::size_t cap_ = 0, n_ = 0;
};

struct Act {
    FloatBuffer data;
    int T = 0, H = 0, W = 0, C = 0;
    Act() = default;
    Act(int t, int h, int w, int c) : data(static_cast<std::size_t>(t) * h * w * c), T(t), H(h), W(w), C(c) {}
    kernels::ActView view() const { return {data.data(), T, H, W, C}; }
    kernels::ActSpan span() { return {data.data(), T, H, W, C}; }
};

kernels::NeuronParams neuronParams(const model::NeuronSettings& s) {
    kernels::NeuronParams p;
    p.kind = s.model == model::NeuronModel::Ann ? NeuronKind::Relu
             : s.model == model::NeuronModel::If ? NeuronKind::If
                                                 : NeuronKind::Lif;
    p.tau = static_cast<float>(s.tau);
    p.vThreshold = static_cast<float>(s.vThreshold);
    p.softReset = !s.vReset.has_value();
    p.vReset = s.vReset ? static_cast<float>(*s.vReset) : 0.0f;
    p.decayInput = s.decayInput;
    return p;
}

kernels::SewOp sewOp(BlockType t) {
    return t == BlockType::SewAnd ? kernels::SewOp::And : t == BlockType::SewIand ? kernels::SewOp::Iand : kernels::SewOp::Add;
}

/// Conv buffers reused by every stimulus a worker thread runs.
kernels::ConvScratch& threadScratch() {
    thread_local kernels::ConvScratch scratch;
    return scratch;
}

class Pass {
public:
    Pass(const model::Network& net, const RunOptions& o, bool parallel, const CancelToken* cancel, int stimuli)
        : n_(net.impl()), o_(o), parallel_(parallel), cancel_(cancel), neuron_(neuronParams(o.neuron)),
          T_(o.neuron.model == model::NeuronModel::Ann ? 1 : o.T), B_(stimuli), TT_(T_ * stimuli),
          results_(static_cast<std::size_t>(stimuli)) {
        neuron_.period = T_;  // stacked stimuli: every stimulus starts from the reset state
    }

    std::vector<ImageResult> run(std::span<const stimuli::InputImage> images) {
        const auto& a = n_.arch;
        const stimuli::InputImage& first = images.front();
        for (const auto& img : images) {
            if (img.channels != a.inputChannels || img.height < 1 || img.width < 1 ||
                img.chw.size() != static_cast<std::size_t>(img.channels) * img.height * img.width)
                throw std::invalid_argument("the stimulus has " + std::to_string(img.channels) + " channels of " +
                                            std::to_string(img.height) + "x" + std::to_string(img.width) +
                                            "; the network takes " + std::to_string(a.inputChannels) + " channels");
            if (img.height != first.height || img.width != first.width)
                throw std::invalid_argument("stimuli run together must have one size");
        }
        if (n_.stem.outSize(first.height) < 1 || n_.stem.outSize(first.width) < 1)
            throw std::invalid_argument("the stimulus is too small for the network");
        Act in(B_, first.height, first.width, first.channels);
        const std::size_t hw = static_cast<std::size_t>(first.height) * first.width;
        for (int b = 0; b < B_; ++b) {
            const auto& img = images[static_cast<std::size_t>(b)];
            float* dst = in.data.data() + static_cast<std::size_t>(b) * hw * img.channels;
            for (int c = 0; c < img.channels; ++c)
                for (std::size_t p = 0; p < hw; ++p)
                    dst[p * img.channels + c] = img.chw[static_cast<std::size_t>(c) * hw + p];
        }

        // stem: conv + BN once, the neuron over T
        Act x = conv(n_.stem, in, nullptr, neuron_, "stem", "sn1", "stem", true);
        if (a.stem == model::Stem::ImageNet) {
            const auto t0 = now();
            Act p(TT_, (x.H - 1) / 2 + 1, (x.W - 1) / 2 + 1, x.C);
            kernels::maxPool(x.view(), 3, 2, 1, p.span());
            time("maxpool", "-", 0, t0);
            x = std::move(p);
        }
        const bool sew = a.blockType != BlockType::Spiking;
        for (const auto& b : n_.blocks) {
            checkCancel();
            const std::size_t last = b.convs.size() - 1;
            std::vector<Act> stage;
            stage.reserve(b.convs.size());
            const Act* src = &x;
            for (std::size_t i = 0; i < last; ++i) {
                stage.push_back(conv(b.convs[i], *src, nullptr, neuron_, b.name + ".conv" + std::to_string(i + 1),
                                     b.name + ".sn" + std::to_string(i + 1), "", false));
                src = &stage.back();
            }
            const std::string lastConv = b.name + ".conv" + std::to_string(last + 1);
            const std::string lastSn = b.name + ".sn" + std::to_string(last + 1);
            if (!sew) {
                kernels::NeuronParams none;
                none.kind = NeuronKind::Identity;
                Act id = b.downsample ? conv(*b.downsample, x, nullptr, none, b.name + ".downsample", "", "", false) : Act{};
                const Act& residual = b.downsample ? id : x;
                x = conv(b.convs[last], *src, &residual, neuron_, lastConv, lastSn, b.name, false);
            } else {
                Act out = conv(b.convs[last], *src, nullptr, neuron_, lastConv, lastSn, "", false);
                Act id = b.downsample ? conv(*b.downsample, x, nullptr, neuron_, b.name + ".downsample",
                                             b.name + ".downsample_sn", "", false)
                                      : Act{};
                const Act& identity = b.downsample ? id : x;
                Act y(out.T, out.H, out.W, out.C);
                // BasicBlock: sew(identity, out); Bottleneck: sew(out, identity)
                const bool basic = n_.arch.blockKind == BlockKind::Basic;
                kernels::sewCombine(sewOp(a.blockType), basic ? identity.data.data() : out.data.data(),
                                    basic ? out.data.data() : identity.data.data(), static_cast<long>(y.data.size()),
                                    y.data.data());
                recordLayer(b.name, y, nullptr);
                trace(b.name, y, nullptr);  // a SEW block output is no neuron: its trace has outputs only
                x = std::move(y);
            }
        }
        checkCancel();
        head(x);
        return std::move(results_);
    }

private:
    using Clock = std::chrono::steady_clock;
    static Clock::time_point now() { return Clock::now(); }

    void time(const std::string& name, const char* kernel, double density, Clock::time_point t0) {
        if (!o_.timings) return;
        for (auto& r : results_)  // stacked stimuli share the call: each gets its time
            r.timings.push_back({name, kernel, density, std::chrono::duration<double>(now() - t0).count()});
    }

    void checkCancel() const {
        if (cancel_ && cancel_->cancelled()) throw Cancelled();
    }

    bool traced(const std::string& name) const {
        for (const auto& u : o_.traces)
            if (u.population == name) return true;
        return false;
    }

    /// One fused conv + neuron call. `population` names the neuron (empty for none); `layer` names the recorded
    /// layer whose output this is (empty for none). isStem: the input is the image (never event-driven on Auto).
    Act conv(const kernels::PackedConv& c, const Act& in, const Act* residual, const kernels::NeuronParams& neuron,
             const std::string& timingName, const std::string& population, const std::string& layer, bool isStem) {
        checkCancel();
        const auto t0 = now();
        Act out(TT_, c.outSize(in.H), c.outSize(in.W), c.cout);
        const bool wantMembrane = (o_.recordMembrane && (!layer.empty() || o_.recordPopulations)) ||
                                  (!population.empty() && traced(population)) || (!layer.empty() && traced(layer));
        std::vector<float> membrane(wantMembrane ? out.data.size() : 0);
        double d = -1.0;
        kernels::ConvAlgo algo = kernels::ConvAlgo::Dense;
        const bool eventOk = in.T <= 256;  // the event kernel's accumulator block holds 256 input steps
        if (o_.kernels == KernelPolicy::Event && eventOk) {
            algo = kernels::ConvAlgo::Event;
        } else if (o_.kernels == KernelPolicy::Auto && !isStem && eventOk) {
            d = kernels::density(in.view());
            // the event kernel gains with more input channels per weight row (measured by topospike-bench):
            // the threshold applies to 64 input channels and grows by 1/8 per doubling (x1.375 at 512), as the
            // crossover measured by topospike-bench does
            const double scale = std::clamp(1.0 + 0.125 * std::log2(std::max(in.C, 64) / 64.0), 1.0, 1.5);
            if (d < o_.eventThreshold * scale) algo = kernels::ConvAlgo::Event;
        }
        kernels::ConvCall call;
        call.conv = &c;
        call.input = in.view();
        if (residual) call.residual = residual->view();
        call.neuron = neuron;
        call.output = out.span();
        call.membrane = wantMembrane ? membrane.data() : nullptr;
        call.T = TT_;
        call.algo = algo;
        call.parallel = parallel_;
        kernels::convForward(call, scratch_);
        if (o_.timings && d < 0) d = kernels::density(in.view());
        time(timingName, kernels::convAlgoName(algo).data(), d, t0);

        const float* mem = wantMembrane ? membrane.data() : nullptr;
        if (!population.empty() && o_.recordPopulations) recordLayer(population, out, o_.recordMembrane ? mem : nullptr);
        if (!layer.empty()) recordLayer(layer, out, o_.recordMembrane ? mem : nullptr);
        if (!population.empty()) trace(population, out, mem);
        if (!layer.empty()) trace(layer, out, mem);
        return out;
    }

    /// Offset of stimulus b's first timestep in an activation of shape a.
    std::size_t stimulusOffset(const Act& a, int b) const {
        return static_cast<std::size_t>(b) * T_ * a.H * a.W * a.C;
    }

    void recordLayer(const std::string& name, const Act& a, const float* membrane) {
        for (int b = 0; b < B_; ++b) {
            auto rec = LayerRecord::fromNhwc(name, a.data.data() + stimulusOffset(a, b), T_, a.C, a.H, a.W);
            if (membrane) rec.setMembraneFromNhwc(membrane + stimulusOffset(a, b));
            results_[static_cast<std::size_t>(b)].layers.push_back(std::move(rec));
        }
    }

    void trace(const std::string& name, const Act& a, const float* membrane) {
        const std::int64_t units = std::int64_t{a.C} * a.H * a.W;
        for (const auto& u : o_.traces) {
            if (u.population != name) continue;
            if (u.unit < 0 || u.unit >= units)
                throw std::invalid_argument("trace unit " + std::to_string(u.unit) + " is outside '" + name + "' (" +
                                            std::to_string(units) + " units)");
            const std::int64_t c = u.unit / (std::int64_t{a.H} * a.W), p = u.unit % (std::int64_t{a.H} * a.W);
            for (int b = 0; b < B_; ++b) {
                MembraneTrace tr{name, u.unit, {}, {}};
                for (int t = 0; t < T_; ++t) {
                    const std::size_t i = stimulusOffset(a, b) + static_cast<std::size_t>((t * std::int64_t{a.H} * a.W + p) * a.C + c);
                    tr.output.push_back(a.data[i]);
                    tr.charge.push_back(membrane ? membrane[i] : 0.0f);
                }
                results_[static_cast<std::size_t>(b)].traces.push_back(std::move(tr));
            }
        }
    }

    void head(const Act& x) {
        const int classes = n_.arch.numClasses;
        if (classes <= 0) return;
        const auto t0 = now();
        std::vector<float> pooled(static_cast<std::size_t>(x.T) * x.C), logits(static_cast<std::size_t>(x.T) * classes);
        kernels::globalAvgPool(x.view(), pooled.data());
        kernels::fullyConnected(pooled.data(), x.T, x.C, n_.fcWeight.data(), n_.fcBias.data(), classes, logits.data());
        for (int b = 0; b < B_; ++b) {
            ImageResult& r = results_[static_cast<std::size_t>(b)];
            const auto from = logits.begin() + static_cast<std::ptrdiff_t>(b) * T_ * classes;
            r.logitsPerStep.assign(from, from + static_cast<std::ptrdiff_t>(T_) * classes);
            r.logits.assign(static_cast<std::size_t>(classes), 0.0f);
            for (int t = 0; t < T_; ++t)
                for (int k = 0; k < classes; ++k)
                    r.logits[static_cast<std::size_t>(k)] += r.logitsPerStep[static_cast<std::size_t>(t) * classes + k];
            for (auto& v : r.logits) v /= static_cast<float>(T_);
        }
        time("head", "-", 0, t0);
    }

    const model::Network::Impl& n_;
    const RunOptions& o_;
    bool parallel_;
    const CancelToken* cancel_;
    kernels::NeuronParams neuron_;
    int T_;   // timesteps per stimulus
    int B_;   // stimuli stacked along T
    int TT_;  // T_ * B_
    kernels::ConvScratch& scratch_ = threadScratch();
    std::vector<ImageResult> results_;
};

}  // namespace

std::vector<ImageResult> forward(const model::Network& network, const RunOptions& options,
                                 std::span<const stimuli::InputImage> images, bool parallel, const CancelToken* cancel) {
    if (images.empty()) return {};
    return Pass(network, options, parallel, cancel, static_cast<int>(images.size())).run(images);
}

}  // namespace topospike::run::detail
