#include "topospike/run/layer_record.hpp"

#include <algorithm>
#include <cmath>

#include "kernels/pack.hpp"

namespace topospike::run {

LayerRecord LayerRecord::fromNhwc(std::string name, const float* x, int T, int C, int H, int W) {
    LayerRecord r;
    r.name_ = std::move(name);
    r.T_ = T;
    r.C_ = C;
    r.H_ = H;
    r.W_ = W;
    const std::size_t units = static_cast<std::size_t>(C) * H * W, n = units * static_cast<std::size_t>(T);
    const std::size_t hw = static_cast<std::size_t>(H) * W;
    // spikes (the common case): packed by the vectorised kernel in one pass that also proves them binary
    r.bytesPerStep_ = (units + 7) / 8;
    r.bytes_.resize(r.bytesPerStep_ * static_cast<std::size_t>(T));
    if (kernels::packSpikes(x, T, C, static_cast<long>(hw), r.bytes_.data(), static_cast<long>(r.bytesPerStep_))) {
        r.kind_ = ValueKind::Binary;
        return r;
    }
    bool binary = true, small = true;
    for (std::size_t i = 0; i < n && small; ++i) {
        const float v = x[i];
        if (v != 0.0f && v != 1.0f) {
            binary = false;
            small = v >= 0.0f && v <= 255.0f && v == std::floor(v);
        }
    }
    r.kind_ = binary ? ValueKind::Binary : small ? ValueKind::SmallInt : ValueKind::Float;
    // NHWC [t][y][x][c] -> unit u = c*H*W + y*W + x
    auto forEach = [&](auto&& put) {
        for (int t = 0; t < T; ++t)
            for (std::size_t p = 0; p < hw; ++p) {
                const float* src = x + (static_cast<std::size_t>(t) * hw + p) * static_cast<std::size_t>(C);
                for (int c = 0; c < C; ++c) put(t, static_cast<std::size_t>(c) * hw + p, src[c]);
            }
    };
    if (r.kind_ == ValueKind::Binary) {  // H * W not a multiple of 8
        std::fill(r.bytes_.begin(), r.bytes_.end(), std::uint8_t{0});
        forEach([&](int t, std::size_t u, float v) {
            if (v != 0.0f) r.bytes_[t * r.bytesPerStep_ + u / 8] |= static_cast<std::uint8_t>(1u << (u % 8));
        });
        return r;
    }
    r.bytes_.clear();
    if (r.kind_ == ValueKind::SmallInt) {
        r.bytesPerStep_ = units;
        r.bytes_.resize(n);
        forEach([&](int t, std::size_t u, float v) { r.bytes_[t * units + u] = static_cast<std::uint8_t>(v); });
    } else {
        r.floats_.resize(n);
        forEach([&](int t, std::size_t u, float v) { r.floats_[t * units + u] = v; });
    }
    return r;
}

void LayerRecord::setMembraneFromNhwc(const float* x) {
    const std::size_t hw = static_cast<std::size_t>(H_) * W_, units = hw * static_cast<std::size_t>(C_);
    membrane_.resize(units * static_cast<std::size_t>(T_));
    for (int t = 0; t < T_; ++t)
        for (std::size_t p = 0; p < hw; ++p) {
            const float* src = x + (static_cast<std::size_t>(t) * hw + p) * static_cast<std::size_t>(C_);
            for (int c = 0; c < C_; ++c) membrane_[t * units + static_cast<std::size_t>(c) * hw + p] = src[c];
        }
}

float LayerRecord::value(int t, std::int64_t unit) const noexcept {
    const std::size_t u = static_cast<std::size_t>(unit);
    switch (kind_) {
    case ValueKind::Binary: return (bytes_[t * bytesPerStep_ + u / 8] >> (u % 8)) & 1u ? 1.0f : 0.0f;
    case ValueKind::SmallInt: return bytes_[t * bytesPerStep_ + u];
    case ValueKind::Float: break;
    }
    return floats_[static_cast<std::size_t>(t) * static_cast<std::size_t>(units()) + u];
}

std::vector<std::uint8_t> LayerRecord::toUint8() const {
    const std::int64_t n = units();
    std::vector<std::uint8_t> out(static_cast<std::size_t>(n * T_));
    if (kind_ == ValueKind::SmallInt) return bytes_;
    if (kind_ == ValueKind::Binary) {  // unpack the bits directly (the common case, per stimulus in streamed runs)
        for (int t = 0; t < T_; ++t) {
            const std::uint8_t* b = bytes_.data() + static_cast<std::size_t>(t) * bytesPerStep_;
            std::uint8_t* o = out.data() + static_cast<std::size_t>(t) * static_cast<std::size_t>(n);
            for (std::int64_t u = 0; u < n; ++u) o[u] = (b[u >> 3] >> (u & 7)) & 1u;
        }
        return out;
    }
    for (int t = 0; t < T_; ++t)
        for (std::int64_t u = 0; u < n; ++u) {
            const float v = value(t, u);
            out[static_cast<std::size_t>(t * n + u)] =
                std::isnan(v) ? std::uint8_t{0} : static_cast<std::uint8_t>(std::clamp(std::nearbyint(v), 0.0f, 255.0f));
        }
    return out;
}

std::vector<float> LayerRecord::toFloat() const {
    if (kind_ == ValueKind::Float) return floats_;
    const std::int64_t n = units();
    std::vector<float> out(static_cast<std::size_t>(n * T_));
    for (int t = 0; t < T_; ++t)
        for (std::int64_t u = 0; u < n; ++u) out[static_cast<std::size_t>(t * n + u)] = value(t, u);
    return out;
}

std::vector<float> LayerRecord::counts() const {
    const std::int64_t n = units();
    std::vector<float> out(static_cast<std::size_t>(n), 0.0f);
    for (int t = 0; t < T_; ++t)
        for (std::int64_t u = 0; u < n; ++u) out[static_cast<std::size_t>(u)] += value(t, u);
    return out;
}

std::vector<double> LayerRecord::activeFraction() const {
    const std::int64_t n = units();
    std::vector<double> out(static_cast<std::size_t>(T_), 0.0);
    for (int t = 0; t < T_; ++t) {
        std::int64_t k = 0;
        for (std::int64_t u = 0; u < n; ++u) k += value(t, u) != 0.0f;
        out[static_cast<std::size_t>(t)] = n ? static_cast<double>(k) / static_cast<double>(n) : 0.0;
    }
    return out;
}

const std::uint8_t* LayerRecord::bits(int t) const noexcept {
    return kind_ == ValueKind::Binary ? bytes_.data() + static_cast<std::size_t>(t) * bytesPerStep_ : nullptr;
}

const LayerRecord* ImageResult::find(const std::string& name) const noexcept {
    for (const auto& l : layers)
        if (l.name() == name) return &l;
    return nullptr;
}

}  // namespace topospike::run
