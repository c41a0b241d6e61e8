#pragma once
/// @file random.hpp
/// The engine's one random-number generator, so every sampled result can be reproduced from its seed.
///
/// Generator: xoshiro256** (Blackman & Vigna 2018), its 256-bit state filled from the 64-bit seed by
/// SplitMix64. Derived values:
/// - uniform():  the top 53 bits of next() times 2^-53, in [0, 1);
/// - below(n):   Lemire's multiply-and-reject method, exactly uniform on [0, n);
/// - normal():   Marsaglia's polar method (pairs cached), mean 0, sd 1;
/// - sample(n, k): k distinct indices from [0, n) in the order a partial Fisher–Yates shuffle draws them;
/// - stream(i):  an independent generator for parallel task i, seeded with SplitMix64(seed + i·golden ratio),
///   so results do not depend on how tasks are spread over threads.
/// Results are identical on every platform and build (no std:: distributions, whose output is
/// implementation-defined). They are not numpy's sequences: sampled analyses agree with TDANN's within
/// sampling error, not draw for draw.

#include <cstdint>
#include <span>
#include <vector>

namespace topospike {

class Rng {
public:
    explicit Rng(std::uint64_t seed = 0) noexcept;

    std::uint64_t seed() const noexcept { return seed_; }
    std::uint64_t next() noexcept {
        const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }
    /// Uniform in [0, 1).
    double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    /// Uniform in [lo, hi).
    double uniform(double lo, double hi) noexcept { return lo + (hi - lo) * uniform(); }
    /// Uniform integer in [0, n); n > 0.
    std::uint64_t below(std::uint64_t n) noexcept;
    /// Standard normal.
    double normal() noexcept;
    /// k distinct indices from [0, n) (k <= n), in draw order.
    std::vector<std::int64_t> sample(std::int64_t n, std::int64_t k);
    /// Shuffles `values` in place (Fisher–Yates from the back).
    template <class T>
    void shuffle(std::span<T> values) noexcept {
        for (std::size_t i = values.size(); i > 1; --i) {
            const std::size_t j = static_cast<std::size_t>(below(i));
            T tmp = values[i - 1];
            values[i - 1] = values[j];
            values[j] = tmp;
        }
    }
    /// An independent generator for parallel task `index` (see the file comment).
    Rng stream(std::uint64_t index) const noexcept;

private:
    static std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }
    std::uint64_t seed_ = 0;
    std::uint64_t s_[4] = {};
    double spare_ = 0.0;
    bool hasSpare_ = false;
};

}  // namespace topospike
