// Naive scalar twins: the definitions the optimised kernels are tested against.
#include "kernels/reference.hpp"

#include <cstddef>
#include <limits>
#include <vector>

namespace topospike::kernels::reference {

float neuronInit(const NeuronParams& n) { return n.softReset ? 0.0f : n.vReset; }

float neuronStep(const NeuronParams& n, float x, float& v, float& h) {
    if (n.kind == NeuronKind::Relu) {
        h = x;
        return x > 0.0f ? x : 0.0f;
    }
    if (n.kind == NeuronKind::Identity) {
        h = x;
        return x;
    }
    const float vr = n.softReset ? 0.0f : n.vReset;
    if (n.kind == NeuronKind::If) {
        h = v + x;
    } else if (n.decayInput) {
        h = v + (x - (v - vr)) / n.tau;
    } else if (n.softReset) {  // SpikingJelly's eval kernels (jit_eval_*_no_decay_input)
        h = v * static_cast<float>(1.0 - 1.0 / static_cast<double>(n.tau)) + x;
    } else {
        h = v - (v - vr) / n.tau + x;
    }
    const bool fire = h >= n.vThreshold;
    if (n.softReset)
        v = fire ? h - n.vThreshold : h;
    else
        v = fire ? n.vReset : h;
    return fire ? 1.0f : 0.0f;
}

void convNeuron(const float* w, const float* bias, int cout, int k, int stride, int pad, ActView in, ActView residual,
                const NeuronParams& neuron, int T, ActSpan out, float* membrane) {
    const int oh = out.H, ow = out.W, cin = in.C;
    std::vector<float> x(static_cast<std::size_t>(T) * oh * ow * cout);
    for (int t = 0; t < T; ++t) {
        const int ti = t * in.T / T;
        for (int oy = 0; oy < oh; ++oy)
            for (int ox = 0; ox < ow; ++ox)
                for (int co = 0; co < cout; ++co) {
                    float s = 0.0f;
                    for (int ci = 0; ci < cin; ++ci)
                        for (int ky = 0; ky < k; ++ky)
                            for (int kx = 0; kx < k; ++kx) {
                                const int iy = oy * stride + ky - pad, ix = ox * stride + kx - pad;
                                if (iy < 0 || iy >= in.H || ix < 0 || ix >= in.W) continue;
                                s += w[((static_cast<std::size_t>(co) * cin + ci) * k + ky) * k + kx] *
                                     in.data[((static_cast<std::size_t>(ti) * in.H + iy) * in.W + ix) * cin + ci];
                            }
                    const std::size_t o = ((static_cast<std::size_t>(t) * oh + oy) * ow + ox) * cout + co;
                    s += bias ? bias[co] : 0.0f;
                    if (residual.data) s += residual.data[o];
                    x[o] = s;
                }
    }
    const std::size_t n = static_cast<std::size_t>(oh) * ow * cout;
    for (std::size_t i = 0; i < n; ++i) {
        float v = neuronInit(neuron);
        for (int t = 0; t < T; ++t) {
            if (neuron.period > 0 && t > 0 && t % neuron.period == 0) v = neuronInit(neuron);
            float h = 0.0f;
            out.data[t * n + i] = neuronStep(neuron, x[t * n + i], v, h);
            if (membrane) membrane[t * n + i] = h;
        }
    }
}

void maxPool(ActView in, int k, int stride, int pad, ActSpan out) {
    for (int t = 0; t < out.T; ++t)
        for (int c = 0; c < in.C; ++c)
            for (int oy = 0; oy < out.H; ++oy)
                for (int ox = 0; ox < out.W; ++ox) {
                    float m = -std::numeric_limits<float>::infinity();
                    for (int ky = 0; ky < k; ++ky)
                        for (int kx = 0; kx < k; ++kx) {
                            const int iy = oy * stride + ky - pad, ix = ox * stride + kx - pad;
                            if (iy < 0 || iy >= in.H || ix < 0 || ix >= in.W) continue;
                            const float v = in.data[((static_cast<std::size_t>(t) * in.H + iy) * in.W + ix) * in.C + c];
                            if (v > m) m = v;
                        }
                    out.data[((static_cast<std::size_t>(t) * out.H + oy) * out.W + ox) * out.C + c] = m;
                }
}

void globalAvgPool(ActView in, float* out) {
    for (int t = 0; t < in.T; ++t)
        for (int c = 0; c < in.C; ++c) {
            double s = 0.0;
            for (int i = 0; i < in.H * in.W; ++i) s += in.data[(static_cast<std::size_t>(t) * in.H * in.W + i) * in.C + c];
            out[static_cast<std::size_t>(t) * in.C + c] = static_cast<float>(s / (in.H * in.W));
        }
}

void fullyConnected(const float* in, int T, int inF, const float* w, const float* bias, int outF, float* out) {
    for (int t = 0; t < T; ++t)
        for (int o = 0; o < outF; ++o) {
            double s = bias ? bias[o] : 0.0;
            for (int i = 0; i < inF; ++i) s += static_cast<double>(w[static_cast<std::size_t>(o) * inF + i]) * in[t * inF + i];
            out[static_cast<std::size_t>(t) * outF + o] = static_cast<float>(s);
        }
}

void sewCombine(SewOp op, const float* x, const float* y, long n, float* out) {
    for (long i = 0; i < n; ++i) {
        if (op == SewOp::Add) out[i] = x[i] + y[i];
        else if (op == SewOp::And) out[i] = x[i] * y[i];
        else out[i] = x[i] * (1.0f - y[i]);
    }
}

}  // namespace topospike::kernels::reference
