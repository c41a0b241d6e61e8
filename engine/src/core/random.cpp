#include "topospike/random.hpp"

#include <cmath>
#include <stdexcept>
#include <unordered_map>

namespace topospike {
namespace {

std::uint64_t splitMix64(std::uint64_t& state) noexcept {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

}  // namespace

Rng::Rng(std::uint64_t seed) noexcept : seed_(seed) {
    std::uint64_t state = seed;
    for (auto& word : s_) word = splitMix64(state);
}

__extension__ typedef unsigned __int128 Wide;  // 64x64 -> 128-bit product (GCC and Clang)

std::uint64_t Rng::below(std::uint64_t n) noexcept {
    if (n <= 1) return 0;
    Wide m = static_cast<Wide>(next()) * n;
    auto low = static_cast<std::uint64_t>(m);
    if (low < n) {
        const std::uint64_t threshold = (0 - n) % n;
        while (low < threshold) {
            m = static_cast<Wide>(next()) * n;
            low = static_cast<std::uint64_t>(m);
        }
    }
    return static_cast<std::uint64_t>(m >> 64);
}

double Rng::normal() noexcept {
    if (hasSpare_) {
        hasSpare_ = false;
        return spare_;
    }
    double u = 0.0, v = 0.0, s = 0.0;
    do {
        u = uniform() * 2.0 - 1.0;
        v = uniform() * 2.0 - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double factor = std::sqrt(-2.0 * std::log(s) / s);
    spare_ = v * factor;
    hasSpare_ = true;
    return u * factor;
}

std::vector<std::int64_t> Rng::sample(std::int64_t n, std::int64_t k) {
    if (k < 0 || n < 0 || k > n) throw std::invalid_argument("Rng::sample: need 0 <= k <= n");
    std::vector<std::int64_t> out;
    out.reserve(static_cast<std::size_t>(k));
    // Partial Fisher–Yates over a virtual identity array; only displaced entries are stored.
    std::unordered_map<std::int64_t, std::int64_t> moved;
    moved.reserve(static_cast<std::size_t>(k) * 2);
    auto at = [&](std::int64_t i) {
        auto it = moved.find(i);
        return it == moved.end() ? i : it->second;
    };
    for (std::int64_t i = 0; i < k; ++i) {
        const std::int64_t j = i + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(n - i)));
        const std::int64_t vi = at(i), vj = at(j);
        out.push_back(vj);
        moved[j] = vi;
    }
    return out;
}

Rng Rng::stream(std::uint64_t index) const noexcept {
    std::uint64_t state = seed_ + index * 0x9E3779B97F4A7C15ull;
    return Rng(splitMix64(state));
}

}  // namespace topospike
