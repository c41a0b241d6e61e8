// TDANN's swap loss, the O(Q) way, and its neighborhood loss (see swap_loss.hpp).

#include "swap_loss.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace topospike::sheet::detail {
namespace {

bool allEqual(const double* row, std::int64_t q) noexcept {
    for (std::int64_t k = 1; k < q; ++k)
        if (row[k] != row[0]) return false;
    return true;
}

double recipDistance(double x0, double y0, double x1, double y1) noexcept {
    const double dx = x0 - x1, dy = y0 - y1;
    return 1.0 / (std::sqrt(dx * dx + dy * dy) + 1.0);  // scipy's euclidean cdist, then 1/(d + 1)
}

}  // namespace

SwapLoss::SwapLoss(const double* corr, const double* pos, std::int64_t q, std::vector<double>& recip,
                   std::vector<unsigned char>& corrConstant, std::vector<unsigned char>& recipConstant)
    : corr_(corr), q_(q) {
    recip.resize(static_cast<std::size_t>(q * q));
    corrConstant.resize(static_cast<std::size_t>(q));
    recipConstant.resize(static_cast<std::size_t>(q));
    b_ = recip.data();
    corrConstant_ = corrConstant.data();
    recipConstant_ = recipConstant.data();
    for (std::int64_t k = 0; k < q; ++k) {
        for (std::int64_t l = 0; l <= k; ++l)  // symmetric: the same expression either way round
            b_[k * q + l] = b_[l * q + k] = recipDistance(pos[2 * k], pos[2 * k + 1], pos[2 * l], pos[2 * l + 1]);
        corrConstant_[k] = allEqual(corr + k * q, q);
    }
    for (std::int64_t k = 0; k < q; ++k) recipConstant_[k] = allEqual(b_ + k * q, q);
}

double SwapLoss::crossTermGain(std::int64_t i, std::int64_t j) const noexcept {
    const double* ci = corr_ + i * q_;
    const double* cj = corr_ + j * q_;
    const double* bi = b_ + i * q_;
    const double* bj = b_ + j * q_;
    const std::int64_t lo = std::min(i, j), hi = std::max(i, j);
    double gain = 0.0;
    for (std::int64_t k = 0; k < lo; ++k) gain += (ci[k] - cj[k]) * (bj[k] - bi[k]);
    for (std::int64_t k = lo + 1; k < hi; ++k) gain += (ci[k] - cj[k]) * (bj[k] - bi[k]);
    for (std::int64_t k = hi + 1; k < q_; ++k) gain += (ci[k] - cj[k]) * (bj[k] - bi[k]);
    return gain;
}

bool SwapLoss::swapLowersLoss(std::int64_t i, std::int64_t j) const noexcept {
    // The correlation vector is corr rows i and j; it is constant only if both rows are, with one value.
    const bool corrFlat = corrConstant_[i] && corrConstant_[j] && corr_[i * q_] == corr_[j * q_];
    // Rows of B always contain B[k,k] = 1, so a constant row is all ones.
    const bool recipFlat = recipConstant_[i] && recipConstant_[j];
    if (corrFlat || recipFlat) return true;  // pearson is NaN before and after; `NaN >= NaN` is false in TDANN
    return crossTermGain(i, j) > 0.0;
}

void SwapLoss::swap(std::int64_t i, std::int64_t j) noexcept {
    // New positions: pos'[i] = pos[j], pos'[j] = pos[i], so B' = Π B Π with Π exchanging i and j.
    std::swap_ranges(b_ + i * q_, b_ + (i + 1) * q_, b_ + j * q_);
    for (std::int64_t k = 0; k < q_; ++k) std::swap(b_[k * q_ + i], b_[k * q_ + j]);
    std::swap(recipConstant_[i], recipConstant_[j]);
}

double neighborhoodLoss(const std::vector<double>& corr, std::span<const double> locations,
                        std::span<const std::int64_t> locs) {
    const auto q = static_cast<std::int64_t>(locs.size());
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (q < 3) return nan;
    std::vector<double> a, b;
    a.reserve(static_cast<std::size_t>(q * (q - 1) / 2));
    b.reserve(a.capacity());
    for (std::int64_t k = 1; k < q; ++k) {
        const auto lk = static_cast<std::size_t>(locs[static_cast<std::size_t>(k)]);
        for (std::int64_t l = 0; l < k; ++l) {
            const auto ll = static_cast<std::size_t>(locs[static_cast<std::size_t>(l)]);
            a.push_back(corr[static_cast<std::size_t>(k * q + l)]);
            b.push_back(recipDistance(locations[2 * lk], locations[2 * lk + 1], locations[2 * ll], locations[2 * ll + 1]));
        }
    }
    // scipy.stats.pearsonr: NaN for a constant input; else the dot product of the normalised deviations.
    const auto flat = [](const std::vector<double>& v) {
        return std::all_of(v.begin(), v.end(), [&](double x) { return x == v[0]; });
    };
    if (flat(a) || flat(b)) return nan;
    const auto meanOf = [](const std::vector<double>& v) {
        double s = 0;
        for (const double x : v) s += x;
        return s / static_cast<double>(v.size());
    };
    const double ma = meanOf(a), mb = meanOf(b);
    double saa = 0, sbb = 0, sab = 0;
    for (std::size_t k = 0; k < a.size(); ++k) {
        const double da = a[k] - ma, db = b[k] - mb;
        saa += da * da;
        sbb += db * db;
        sab += da * db;
    }
    const double r = std::clamp(sab / (std::sqrt(saa) * std::sqrt(sbb)), -1.0, 1.0);
    return (1.0 - r) / 2.0;
}

}  // namespace topospike::sheet::detail
