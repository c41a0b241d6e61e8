// Packing, BN folding and the per-call driver of the fused conv + neuron kernels: pads the input or builds its
// event lists, picks the kernel build for the active ISA, and splits rows x cout tiles over oneTBB when asked.
#include "kernels/conv.hpp"

#include <tbb/blocked_range.h>
#include <tbb/blocked_range2d.h>
#include <tbb/parallel_for.h>

#include <atomic>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>

#include "kernels/isa_table.hpp"

namespace topospike::kernels {
namespace {

using RowsFn = void (*)(const ConvJob&, int, int, int, int);

RowsFn rowsFor(ConvAlgo algo) {
    switch (activeIsa()) {
    case Isa::Avx512: return algo == ConvAlgo::Dense ? avx512::denseRows : avx512::eventRows;
    case Isa::Avx2: return algo == ConvAlgo::Dense ? avx2::denseRows : avx2::eventRows;
    case Isa::Baseline: break;
    }
    return algo == ConvAlgo::Dense ? baseline::denseRows : baseline::eventRows;
}

void require(bool ok, const char* what) {
    if (!ok) throw std::invalid_argument(std::string("convForward: ") + what);
}

/// Zero-padded copy [T][H+2p][W+2p][C].
ActView padInput(const ActView& in, int pad, std::vector<float>& buf) {
    if (pad == 0) return in;
    const int hp = in.H + 2 * pad, wp = in.W + 2 * pad;
    buf.assign(static_cast<std::size_t>(in.T) * hp * wp * in.C, 0.0f);
    const std::size_t row = static_cast<std::size_t>(in.W) * in.C;
    for (int t = 0; t < in.T; ++t)
        for (int y = 0; y < in.H; ++y)
            std::memcpy(buf.data() + ((static_cast<std::size_t>(t) * hp + y + pad) * wp + pad) * in.C,
                        in.data + (static_cast<std::size_t>(t) * in.H + y) * row, row * sizeof(float));
    return {buf.data(), in.T, hp, wp, in.C};
}

/// Runs body(begin, end) over [0, n), split over oneTBB workers when parallel.
template <typename F>
void forRange(std::size_t n, bool parallel, F&& body) {
    if (!parallel) {
        body(std::size_t{0}, n);
        return;
    }
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 512),
                      [&](const tbb::blocked_range<std::size_t>& r) { body(r.begin(), r.end()); });
}

/// Writes the nonzero channels of one pixel from slot k on, without branches (the slots up to k + C are
/// written); returns the next free slot. `odd` collects whether any value is neither 0 nor 1.
inline std::size_t compact(const float* p, std::size_t C, std::uint32_t stride, std::uint32_t* offset, float* value,
                           std::size_t k, bool& odd) {
    bool o = false;
    for (std::size_t c = 0; c < C; ++c) {
        const float v = p[c];
        offset[k] = static_cast<std::uint32_t>(c) * stride;
        value[k] = v;
        k += v != 0.0f;
        o |= (v != 0.0f) & (v != 1.0f);
    }
    odd |= o;
    return k;
}

/// Nonzero channels of every (t, y, x). Serial: one branch-free pass; parallel: count, prefix-sum, fill.
EventView buildEvents(const ActView& in, int coutPad, ConvScratch& s, bool parallel) {
    const std::size_t pixels = static_cast<std::size_t>(in.T) * in.H * in.W;
    const std::size_t C = static_cast<std::size_t>(in.C);
    const std::uint32_t stride = static_cast<std::uint32_t>(coutPad);
    s.begin.resize(pixels + 1);
    bool odd = false;
    if (activeIsa() == Isa::Avx512) {  // compress-store: exact writes, so ranges may run in any order
        s.begin[0] = 0;
        if (!parallel) {
            if (s.offset.size() < pixels * C) {  // grows once per thread; later calls reuse it
                s.offset.resize(pixels * C);
                s.value.resize(pixels * C);
            }
            avx512::compactEvents(in.data, 0, static_cast<long>(pixels), in.C, stride, s.begin.data(), s.offset.data(),
                                  s.value.data(), true, &odd);
            return {s.begin.data(), s.offset.data(), s.value.data(), in.T, in.H, in.W, in.C, !odd};
        }
    }
    if (!parallel) {
        if (s.offset.size() < pixels * C + C) {  // grows once per thread; later calls reuse it
            s.offset.resize(pixels * C + C);
            s.value.resize(pixels * C + C);
        }
        std::size_t k = 0;
        for (std::size_t i = 0; i < pixels; ++i) {
            s.begin[i] = static_cast<std::int64_t>(k);
            k = compact(in.data + i * C, C, stride, s.offset.data(), s.value.data(), k, odd);
        }
        s.begin[pixels] = static_cast<std::int64_t>(k);
    } else {
        s.begin[0] = 0;
        forRange(pixels, true, [&](std::size_t b, std::size_t e) {
            for (std::size_t i = b; i < e; ++i) {
                const float* p = in.data + i * C;
                std::int64_t n = 0;
                for (std::size_t c = 0; c < C; ++c) n += p[c] != 0.0f;
                s.begin[i + 1] = n;
            }
        });
        for (std::size_t i = 0; i < pixels; ++i) s.begin[i + 1] += s.begin[i];
        const std::size_t need = static_cast<std::size_t>(s.begin[pixels]) + C;
        if (s.offset.size() < need) {
            s.offset.resize(need);
            s.value.resize(need);
        }
        std::atomic<bool> anyOdd{false};
        forRange(pixels, true, [&](std::size_t b, std::size_t e) {
            bool o = false;
            if (activeIsa() == Isa::Avx512) {
                avx512::compactEvents(in.data, static_cast<long>(b), static_cast<long>(e), in.C, stride, s.begin.data(),
                                      s.offset.data(), s.value.data(), false, &o);
                if (o) anyOdd = true;
                return;
            }
            // forward, so each pixel overwrites the scratch tail its predecessor wrote past its own slots; a pixel
            // whose tail would reach the next range (another worker's slots) is written exactly
            const std::size_t limit = static_cast<std::size_t>(s.begin[e]);
            for (std::size_t i = b; i < e; ++i) {
                const std::size_t k0 = static_cast<std::size_t>(s.begin[i]);
                const float* p = in.data + i * C;
                if (k0 + C <= limit) {
                    compact(p, C, stride, s.offset.data(), s.value.data(), k0, o);
                    continue;
                }
                for (std::size_t c = 0, k = k0; c < C; ++c)
                    if (p[c] != 0.0f) {
                        s.offset[k] = static_cast<std::uint32_t>(c) * stride;
                        s.value[k++] = p[c];
                        o |= p[c] != 1.0f;
                    }
            }
            if (o) anyOdd = true;
        });
        odd = anyOdd;
    }
    return {s.begin.data(), s.offset.data(), s.value.data(), in.T, in.H, in.W, in.C, !odd};
}

}  // namespace

std::string_view convAlgoName(ConvAlgo a) noexcept { return a == ConvAlgo::Dense ? "dense" : "event"; }

PackedConv packConv(const float* w, const float* bias, int cout, int cin, int kernel, int stride, int pad) {
    if (cout < 1 || cin < 1 || cin > 65535 || cout > 65535 || kernel < 1 || stride < 1 || pad < 0)
        throw std::invalid_argument("packConv: bad convolution shape");
    PackedConv p;
    p.cin = cin;
    p.cout = cout;
    p.coutPad = (cout + kCoutAlign - 1) / kCoutAlign * kCoutAlign;
    p.kernel = kernel;
    p.stride = stride;
    p.pad = pad;
    const int taps = kernel * kernel;
    p.weights.assign(static_cast<std::size_t>(taps) * cin * p.coutPad, 0.0f);
    for (int o = 0; o < cout; ++o)
        for (int i = 0; i < cin; ++i)
            for (int tap = 0; tap < taps; ++tap)
                p.weights[(static_cast<std::size_t>(tap) * cin + i) * p.coutPad + o] =
                    w[(static_cast<std::size_t>(o) * cin + i) * taps + tap];
    p.bias.assign(static_cast<std::size_t>(p.coutPad), 0.0f);
    if (bias) std::memcpy(p.bias.data(), bias, sizeof(float) * static_cast<std::size_t>(cout));
    return p;
}

std::vector<float> foldBatchNorm(std::vector<float>& weights, int cout, const float* gamma, const float* beta,
                                 const float* mean, const float* var, double eps) {
    const std::size_t per = weights.size() / static_cast<std::size_t>(cout);
    std::vector<float> bias(static_cast<std::size_t>(cout));
    for (int o = 0; o < cout; ++o) {
        const double scale = static_cast<double>(gamma[o]) / std::sqrt(static_cast<double>(var[o]) + eps);
        for (std::size_t i = 0; i < per; ++i) {
            float& w = weights[static_cast<std::size_t>(o) * per + i];
            w = static_cast<float>(w * scale);
        }
        bias[static_cast<std::size_t>(o)] = static_cast<float>(beta[o] - mean[o] * scale);
    }
    return bias;
}

void convForward(const ConvCall& call, ConvScratch& scratch) {
    require(call.conv != nullptr, "no convolution");
    const PackedConv& c = *call.conv;
    require(call.input.C == c.cin, "input channels differ from the convolution's");
    require(call.T >= 1 && call.input.T >= 1 && call.T % call.input.T == 0, "input timesteps must divide T");
    require(call.algo == ConvAlgo::Dense || call.input.T <= 256, "the event kernel takes at most 256 input steps");
    require(call.output.C == c.cout && call.output.T == call.T && call.output.H == c.outSize(call.input.H) &&
                call.output.W == c.outSize(call.input.W) && call.output.H > 0 && call.output.W > 0,
            "output shape does not match");
    if (call.residual.data)
        require(call.residual.T == call.T && call.residual.H == call.output.H && call.residual.W == call.output.W &&
                    call.residual.C == call.output.C,
                "residual shape does not match the output");

    ConvJob job;
    job.conv = c.view();
    job.residual = call.residual;
    job.neuron = call.neuron;
    job.output = call.output;
    job.membrane = call.membrane;
    job.T = call.T;
    if (call.algo == ConvAlgo::Dense)
        job.input = padInput(call.input, c.pad, scratch.padded);
    else
        job.events = buildEvents(call.input, c.coutPad, scratch, call.parallel);

    const RowsFn rows = rowsFor(call.algo);
    const int tiles = (c.cout + kCoutAlign - 1) / kCoutAlign;
    if (!call.parallel) {
        rows(job, 0, call.output.H, 0, tiles);
        return;
    }
    tbb::parallel_for(tbb::blocked_range2d<int>(0, call.output.H, 1, 0, tiles, 1),
                      [&](const tbb::blocked_range2d<int>& r) {
                          rows(job, r.rows().begin(), r.rows().end(), r.cols().begin(), r.cols().end());
                      });
}

double density(ActView a) noexcept {
    const std::size_t n = static_cast<std::size_t>(a.T) * a.H * a.W * a.C;
    if (n == 0) return 0.0;
    std::size_t nz = 0;
    for (std::size_t i = 0; i < n; ++i) nz += a.data[i] != 0.0f;
    return static_cast<double>(nz) / static_cast<double>(n);
}

void neuronForward(const NeuronParams& params, const float* x, int xT, int T, long n, float* out, float* membrane) {
    switch (activeIsa()) {
    case Isa::Avx512: return avx512::neuronSteps(params, x, xT, T, n, out, membrane);
    case Isa::Avx2: return avx2::neuronSteps(params, x, xT, T, n, out, membrane);
    case Isa::Baseline: break;
    }
    baseline::neuronSteps(params, x, xT, T, n, out, membrane);
}

}  // namespace topospike::kernels
