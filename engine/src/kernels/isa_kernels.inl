// Fused conv + neuron kernels, compiled once per instruction set (isa_*.cpp define TOPOSPIKE_ISA_NS,
// TOPOSPIKE_VW = floats per vector, TOPOSPIKE_DENSE_P = output pixels per microkernel, TOPOSPIKE_DENSE_NV =
// vectors per dense cout tile). Everything here has internal linkage except the entry points, and nothing from the
// standard library is instantiated, so no code built for a wider ISA can leak into generic code through the linker.
//
// Dense: an implicit-GEMM direct convolution over a zero-padded NHWC input; a P x (NV * VW) register block of
// outputs accumulates over taps x input channels with FMAs. Event: for each output pixel, gather the weight rows of
// the active input channels under each tap (no multiplies by zero). Both run the neuron over all T timesteps in the
// epilogue with the membrane state in registers/L1, so the conv output never goes to memory.

#include <cstring>
#include <new>

#if defined(__AVX512F__) || defined(__FMA__)
#include <immintrin.h>
#endif

#include "kernels/kernel_types.hpp"

namespace topospike::kernels::TOPOSPIKE_ISA_NS {
namespace {

constexpr int VW = TOPOSPIKE_VW;
constexpr int P = TOPOSPIKE_DENSE_P;
constexpr int NV = TOPOSPIKE_DENSE_NV;
constexpr int DT = NV * VW;           // dense cout tile
constexpr int EV = kCoutAlign / VW;   // vectors per event tile (64 channels)

typedef float vf __attribute__((vector_size(VW * 4)));
typedef float vfu __attribute__((vector_size(VW * 4), aligned(4)));
typedef int vi __attribute__((vector_size(VW * 4)));

inline vf load(const float* p) { return *reinterpret_cast<const vfu*>(p); }
inline void store(float* p, vf v) { *reinterpret_cast<vfu*>(p) = v; }
/// Broadcast: s times a vector of ones folds to vbroadcastss (`vf{} + s` would cost a scalar add, as x + 0 cannot
/// be folded for floats).
inline vf splat(float s) { return (vf{} + 1.0f) * s; }
inline int imin(int a, int b) { return a < b ? a : b; }

/// a * b + c with one rounding where the ISA has FMA. These TUs are built with -ffp-contract=off, so the compiler
/// never fuses on its own: the neuron equations round exactly as SpikingJelly's separate tensor ops do, and only the
/// conv sums (whose order differs from PyTorch's anyway) use FMA.
inline vf fmadd(vf a, vf b, vf c) {
#if TOPOSPIKE_VW == 16 && defined(__AVX512F__)
    return reinterpret_cast<vf>(_mm512_fmadd_ps(reinterpret_cast<__m512>(a), reinterpret_cast<__m512>(b), reinterpret_cast<__m512>(c)));
#elif TOPOSPIKE_VW == 8 && defined(__FMA__)
    return reinterpret_cast<vf>(_mm256_fmadd_ps(reinterpret_cast<__m256>(a), reinterpret_cast<__m256>(b), reinterpret_cast<__m256>(c)));
#else
    return a * b + c;
#endif
}

/// Stores the first n lanes of v (n <= VW).
inline void storeN(float* p, vf v, int n) {
    if (n >= VW) {
        store(p, v);
        return;
    }
    float tmp[VW];
    std::memcpy(tmp, &v, sizeof tmp);
    for (int i = 0; i < n; ++i) p[i] = tmp[i];
}

/// Per-call neuron constants as vectors.
struct NeuronVec {
    NeuronKind kind;
    bool soft, decay, reset0;
    int period;
    vf tau, vth, vr, keep, one, zero;
    explicit NeuronVec(const NeuronParams& n)
        : kind(n.kind), soft(n.softReset), decay(n.decayInput), reset0(n.softReset || n.vReset == 0.0f),
          period(n.period),
          tau(splat(n.tau)), vth(splat(n.vThreshold)), vr(splat(n.softReset ? 0.0f : n.vReset)),
          // SpikingJelly's soft-reset no-decay-input charge: v * (1 - 1/tau) + x, the factor rounded to float
          keep(splat(static_cast<float>(1.0 - 1.0 / static_cast<double>(n.tau)))), one(splat(1.0f)),
          zero(splat(0.0f)) {}
    /// Initial membrane potential.
    vf v0() const { return soft ? zero : vr; }
    /// Whether step t starts a new stimulus (t > 0): the state goes back to v0.
    bool restarts(int t) const { return period > 0 && t > 0 && t % period == 0; }

    /// One neuron step: x is the input current; v the state (updated); h receives the charge; returns the output.
    inline vf step(vf x, vf& v, vf& h) const {
        switch (kind) {
        case NeuronKind::Relu:
            h = x;
            return x > zero ? x : zero;
        case NeuronKind::Identity:
            h = x;
            return x;
        case NeuronKind::If:
            h = v + x;
            break;
        case NeuronKind::Lif:
            if (decay)
                h = reset0 ? v + (x - v) / tau : v + (x - (v - vr)) / tau;
            else  // SpikingJelly's eval kernels: soft reset v * (1 - 1/tau) + x, hard reset v - (v - v_reset)/tau + x
                h = soft ? v * keep + x : v - (v - vr) / tau + x;
            break;
        }
        const vi fire = h >= vth;
        if (soft)
            v = fire ? h - vth : h;
        else
            v = fire ? vr : h;
        return fire ? one : zero;
    }
};

/// Dense rows: the conv for a block of P pixels and one DT-wide cout tile, all timesteps, neuron fused.
void denseBlock(const ConvJob& job, const NeuronVec& nv, int oy, int ox0, int pixels, int co) {
    const PackedConvView& cv = job.conv;
    const ActView& in = job.input;
    const int k = cv.kernel, s = cv.stride, cin = cv.cin, cpad = cv.coutPad;
    const int outW = job.output.W, outH = job.output.H, cout = cv.cout;
    const int valid = imin(DT, cout - co);
    int ox[P];
    for (int p = 0; p < P; ++p) ox[p] = ox0 + imin(p, pixels - 1);  // tail lanes repeat the last pixel

    vf acc[P][NV];
    vf v[P][NV];
    for (int p = 0; p < P; ++p)
        for (int j = 0; j < NV; ++j) v[p][j] = nv.v0();
    vf bias[NV];
    for (int j = 0; j < NV; ++j) bias[j] = load(cv.bias + co + j * VW);

    int computed = -1;  // input step whose conv is in acc
    for (int t = 0; t < job.T; ++t) {
        if (nv.restarts(t))
            for (int p = 0; p < P; ++p)
                for (int j = 0; j < NV; ++j) v[p][j] = nv.v0();
        const int ti = t * in.T / job.T;
        if (ti != computed) {
            computed = ti;
            for (int p = 0; p < P; ++p)
                for (int j = 0; j < NV; ++j) acc[p][j] = vf{};
            for (int ky = 0; ky < k; ++ky) {
                for (int kx = 0; kx < k; ++kx) {
                    const float* src[P];
                    for (int p = 0; p < P; ++p)
                        src[p] = in.data + ((static_cast<long>(ti) * in.H + oy * s + ky) * in.W + ox[p] * s + kx) * in.C;
                    const float* w = cv.weights + static_cast<long>((ky * k + kx) * cin) * cpad + co;
                    for (int ci = 0; ci < cin; ++ci, w += cpad) {
                        vf wv[NV];
                        for (int j = 0; j < NV; ++j) wv[j] = load(w + j * VW);
                        for (int p = 0; p < P; ++p) {
                            const vf b = splat(src[p][ci]);
                            for (int j = 0; j < NV; ++j) acc[p][j] = fmadd(b, wv[j], acc[p][j]);
                        }
                    }
                }
            }
        }
        for (int p = 0; p < pixels; ++p) {
            const long o = ((static_cast<long>(t) * outH + oy) * outW + ox[p]) * cout + co;
            for (int j = 0; j < NV && j * VW < valid; ++j) {
                vf x = acc[p][j] + bias[j];
                const int n = valid - j * VW;
                if (job.residual.data) {
                    const float* r = job.residual.data + o + j * VW;
                    if (n >= VW) {
                        x += load(r);
                    } else {
                        float tmp[VW] = {};
                        for (int i = 0; i < n; ++i) tmp[i] = r[i];
                        x += load(tmp);
                    }
                }
                vf h = vf{};
                const vf y = nv.step(x, v[p][j], h);
                storeN(job.output.data + o + j * VW, y, n);
                if (job.membrane) storeN(job.membrane + o + j * VW, h, n);
            }
        }
    }
}

constexpr int kEventBlock = 512;  // output pixel-timesteps whose accumulators stay in L2 while a tap's weights stream by

constexpr bool kWide = VW == 16;  // AVX-512: two tiles' accumulators and partner sums fit in 32 registers

/// The event block's accumulators: kEventBlock x 16 vectors (up to 512 KB), on the heap of each worker thread rather
/// than on its stack, allocated once.
vf* accumulatorScratch() {
    struct Buffer {
        vf* p = nullptr;
        ~Buffer() { ::operator delete(p, std::align_val_t{alignof(vf)}); }
    };
    thread_local Buffer buffer;
    if (!buffer.p)
        buffer.p = static_cast<vf*>(::operator new(sizeof(vf) * kEventBlock * 16, std::align_val_t{alignof(vf)}));
    return buffer.p;
}

/// Adds the weight rows of the events of one input pixel to one output accumulator.
template <int NE>
inline void addEvents(const EventView& ev, long pix, const float* wtap, vf* accOut) {
    std::int64_t e = ev.begin[pix];
    const std::int64_t end = ev.begin[pix + 1];
    if (e == end) return;
    vf acc[NE];  // in registers: the weights (float) may alias the accumulator memory as far as the compiler knows
    for (int j = 0; j < NE; ++j) acc[j] = accOut[j];
    if (ev.binary && NE >= 16) {  // spikes, 256 channels: 16 accumulators are independent chains enough
        for (; e < end; ++e) {
            const float* w = wtap + ev.offset[e];
            for (int j = 0; j < NE; ++j) acc[j] += load(w + j * VW);
        }
    } else if (ev.binary) {  // spikes: add the weight rows, two at a time for independent dependency chains
        vf a2[NE];
        for (int j = 0; j < NE; ++j) a2[j] = vf{};
        for (; e + 1 < end; e += 2) {
            const float* w0 = wtap + ev.offset[e];
            const float* w1 = wtap + ev.offset[e + 1];
            for (int j = 0; j < NE; ++j) {
                acc[j] += load(w0 + j * VW);
                a2[j] += load(w1 + j * VW);
            }
        }
        if (e < end)
            for (int j = 0; j < NE; ++j) acc[j] += load(wtap + ev.offset[e] + j * VW);
        for (int j = 0; j < NE; ++j) acc[j] += a2[j];
    } else {  // small integers (SEW ADD) or any value: scale the rows
        for (; e < end; ++e) {
            const vf b = splat(ev.value[e]);
            for (int j = 0; j < NE; ++j) acc[j] = fmadd(b, load(wtap + ev.offset[e] + j * VW), acc[j]);
        }
    }
    for (int j = 0; j < NE; ++j) accOut[j] = acc[j];
}

/// Event block: output pixels [p0, p1) (flattened y * W + x) at every timestep, one 64-wide cout tile, neuron fused.
/// Taps are the outer loop and all timesteps accumulate under one tap, so a tap's weight slab is read once per
/// block, not once per timestep (the late layers' weights are megabytes); the neuron then runs over t in order.
template <int NE>
void eventBlock(const ConvJob& job, const NeuronVec& nv, int p0, int p1, int co) {
    const PackedConvView& cv = job.conv;
    const EventView& ev = job.events;
    const int k = cv.kernel, s = cv.stride, cin = cv.cin, cpad = cv.coutPad, pad = cv.pad;
    const int outW = job.output.W, outH = job.output.H, cout = cv.cout;
    const int valid = imin(NE * VW, cout - co);
    const int nvec = (valid + VW - 1) / VW;
    const int n = p1 - p0;
    const int steps = ev.T;  // input steps: a broadcast input is accumulated once per stimulus
    int oys[kEventBlock], oxs[kEventBlock];
    for (int q = 0; q < n; ++q) {
        oys[q] = (p0 + q) / outW;
        oxs[q] = (p0 + q) % outW;
    }

    vf (*acc)[NE] = reinterpret_cast<vf (*)[NE]>(accumulatorScratch());  // [t * n + q], n * steps <= kEventBlock
    for (int i = 0; i < n * steps; ++i)
        for (int j = 0; j < NE; ++j) acc[i][j] = vf{};
    for (int ky = 0; ky < k; ++ky) {
        for (int kx = 0; kx < k; ++kx) {
            const float* wtap = cv.weights + static_cast<long>((ky * k + kx) * cin) * cpad + co;
            for (int q = 0; q < n; ++q) {
                const int iy = oys[q] * s + ky - pad, ix = oxs[q] * s + kx - pad;
                if (iy < 0 || iy >= ev.H || ix < 0 || ix >= ev.W) continue;
                const long pix = static_cast<long>(iy) * ev.W + ix, plane = static_cast<long>(ev.H) * ev.W;
                for (int t = 0; t < steps; ++t) addEvents<NE>(ev, t * plane + pix, wtap, acc[t * n + q]);
            }
        }
    }
    vf bias[NE];
    for (int j = 0; j < NE; ++j) bias[j] = load(cv.bias + co + j * VW);
    for (int q = 0; q < n; ++q) {
        vf v[NE];
        for (int j = 0; j < NE; ++j) v[j] = nv.v0();
        for (int t = 0; t < job.T; ++t) {
            if (nv.restarts(t))
                for (int j = 0; j < NE; ++j) v[j] = nv.v0();
            const vf* a = acc[(t * steps / job.T) * n + q];
            const long o = (static_cast<long>(t) * outH * outW + p0 + q) * cout + co;
            for (int j = 0; j < nvec; ++j) {
                vf x = a[j] + bias[j];
                const int m = valid - j * VW;
                if (job.residual.data) {
                    const float* r = job.residual.data + o + j * VW;
                    if (m >= VW) {
                        x += load(r);
                    } else {
                        float tmp[VW] = {};
                        for (int i = 0; i < m; ++i) tmp[i] = r[i];
                        x += load(tmp);
                    }
                }
                vf h = vf{};
                const vf y = nv.step(x, v[j], h);
                storeN(job.output.data + o + j * VW, y, m);
                if (job.membrane) storeN(job.membrane + o + j * VW, h, m);
            }
        }
    }
}

}  // namespace

/// Dense conv + neuron for output rows [rowBegin, rowEnd) and 64-wide cout tiles [tileBegin, tileEnd).
void denseRows(const ConvJob& job, int rowBegin, int rowEnd, int tileBegin, int tileEnd) {
    const NeuronVec nv(job.neuron);
    const int cout = job.conv.cout, outW = job.output.W;
    for (int tile = tileBegin; tile < tileEnd; ++tile)
        for (int co = tile * kCoutAlign; co < imin((tile + 1) * kCoutAlign, cout); co += DT)
            for (int oy = rowBegin; oy < rowEnd; ++oy)
                for (int ox0 = 0; ox0 < outW; ox0 += P) denseBlock(job, nv, oy, ox0, imin(P, outW - ox0), co);
}

/// Event-driven conv + neuron for the same work split.
void eventRows(const ConvJob& job, int rowBegin, int rowEnd, int tileBegin, int tileEnd) {
    const NeuronVec nv(job.neuron);
    const int outW = job.output.W;
    const int block = kEventBlock / job.events.T;  // events.T <= kEventBlock (convForward checks)
    for (int tile = tileBegin; tile < tileEnd; tile += (kWide && tile + 3 < tileEnd) ? 4 : (kWide && tile + 1 < tileEnd) ? 2 : 1)
        for (int p = rowBegin * outW; p < rowEnd * outW; p += block) {
            // two 64-wide tiles per pass where registers allow: one walk of the event lists serves 128 channels
            if (kWide && tile + 3 < tileEnd) {
                eventBlock<4 * EV>(job, nv, p, imin(rowEnd * outW, p + block), tile * kCoutAlign);
            } else if (kWide && tile + 1 < tileEnd) {
                eventBlock<2 * EV>(job, nv, p, imin(rowEnd * outW, p + block), tile * kCoutAlign);
            } else {
                eventBlock<EV>(job, nv, p, imin(rowEnd * outW, p + block), tile * kCoutAlign);
            }
        }
}

/// Event lists of pixels [b, e) (C floats each): the nonzero channels of pixel i go to slots from begin[i] on, as
/// weight-row offsets c * stride and values; when `setBegin`, begin[i + 1] is set from begin[i] (serial use), else
/// begin[] is given. Writes exactly each pixel's slots. Returns false when the ISA has no compress instruction (the
/// caller then uses its generic loop); `odd` is set when a value is neither 0 nor 1.
bool compactEvents(const float* data, long b, long e, int C, unsigned stride, std::int64_t* begin,
                   std::uint32_t* offset, float* value, bool setBegin, bool* odd) {
#if defined(__AVX512F__)
    const __m512i lanes = _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    const __m512i laneOffsets = _mm512_mullo_epi32(lanes, _mm512_set1_epi32(static_cast<int>(stride)));
    const __m512 zero = _mm512_setzero_ps(), one = _mm512_set1_ps(1.0f);
    __mmask16 oddBits = 0;
    for (long i = b; i < e; ++i) {
        const float* p = data + i * C;
        std::int64_t k = begin[i];
        for (int c0 = 0; c0 < C; c0 += 16) {
            const __mmask16 valid = C - c0 >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << (C - c0)) - 1u);
            const __m512 v = _mm512_maskz_loadu_ps(valid, p + c0);
            const __mmask16 on = _mm512_mask_cmp_ps_mask(valid, v, zero, _CMP_NEQ_UQ);
            oddBits |= _mm512_mask_cmp_ps_mask(on, v, one, _CMP_NEQ_UQ);
            const __m512i offs = _mm512_add_epi32(laneOffsets, _mm512_set1_epi32(static_cast<int>(static_cast<unsigned>(c0) * stride)));
            _mm512_mask_compressstoreu_epi32(offset + k, on, offs);
            _mm512_mask_compressstoreu_ps(value + k, on, v);
            k += __builtin_popcount(static_cast<unsigned>(on));
        }
        if (setBegin) begin[i + 1] = k;
    }
    if (oddBits) *odd = true;
    return true;
#else
    (void)data, (void)b, (void)e, (void)C, (void)stride, (void)begin, (void)offset, (void)value, (void)setBegin, (void)odd;
    return false;
#endif
}

/// Bit-packs spikes from NHWC [T][hw][C] into CHW bit order (bit u = c * hw + p of step t, little bit order) for
/// hw % 8 == 0: eight pixels at a time give one byte per channel from contiguous loads. Returns false, leaving `out`
/// unspecified, as soon as a block holds a value other than 0 and 1.
bool packSpikes(const float* x, int T, int C, long hw, std::uint8_t* out, long bytesPerStep) {
    constexpr int kMaxC = 4096;
    if (hw % 8 != 0 || C > kMaxC) return false;
    std::uint8_t byte[kMaxC];
    for (int t = 0; t < T; ++t) {
        std::uint8_t* o = out + t * bytesPerStep;
        for (long p0 = 0; p0 < hw; p0 += 8) {
            const float* src = x + (static_cast<long>(t) * hw + p0) * C;
            int odd = 0;
            for (int c = 0; c < C; ++c) byte[c] = 0;
            for (int k = 0; k < 8; ++k) {
                const float* row = src + static_cast<long>(k) * C;
                for (int c = 0; c < C; ++c) {
                    const float v = row[c];
                    byte[c] = static_cast<std::uint8_t>(byte[c] | ((v != 0.0f) << k));
                    odd |= (v != 0.0f) & (v != 1.0f);
                }
            }
            if (odd) return false;
            for (int c = 0; c < C; ++c) o[(static_cast<long>(c) * hw + p0) / 8] = byte[c];
        }
    }
    return true;
}

/// Neuron over T steps of a precomputed input current x [xT][n] (xT divides T; broadcast): out/membrane [T][n].
void neuronSteps(const NeuronParams& params, const float* x, int xT, int T, long n, float* out, float* membrane) {
    const NeuronVec nv(params);
    for (long i = 0; i < n; i += VW) {
        const int m = n - i < VW ? static_cast<int>(n - i) : VW;
        vf v = nv.v0();
        for (int t = 0; t < T; ++t) {
            if (nv.restarts(t)) v = nv.v0();
            const float* xp = x + static_cast<long>(t * xT / T) * n + i;
            vf xv;
            if (m == VW) {
                xv = load(xp);
            } else {
                float tmp[VW] = {};
                for (int q = 0; q < m; ++q) tmp[q] = xp[q];
                xv = load(tmp);
            }
            vf h = vf{};
            const vf y = nv.step(xv, v, h);
            storeN(out + t * n + i, y, m);
            if (membrane) storeN(membrane + t * n + i, h, m);
        }
    }
}

}  // namespace topospike::kernels::TOPOSPIKE_ISA_NS
