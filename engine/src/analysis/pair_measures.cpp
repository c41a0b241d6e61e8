#include "topospike/analysis/pair_measures.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace topospike::analysis {
namespace {

/// Rows of `x` centred and scaled to unit norm; scale 1, or NaN for a zero-norm row.
PairFeatures normalisedRows(Eigen::MatrixXd x) {
    PairFeatures f;
    f.scale.resize(x.rows());
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        const double mean = x.row(i).sum() / static_cast<double>(x.cols());
        x.row(i).array() -= mean;
        const double norm = x.row(i).norm();
        if (norm > 0.0) {
            x.row(i) /= norm;
            f.scale[i] = 1.0;
        } else {
            f.scale[i] = std::numeric_limits<double>::quiet_NaN();
        }
    }
    f.left = std::move(x);
    f.clampLo = -1.0;
    f.clampHi = 1.0;
    return f;
}

double valueOf(const PairFeatures& f, std::int64_t i, std::int64_t j, double dot) {
    const double v = f.scale[i] * f.scale[j] * dot;
    return std::isnan(v) ? v : std::clamp(v, f.clampLo, f.clampHi);
}

}  // namespace

PairFeatures correlationFeatures(const ResponseMatrix& r, std::span<const std::int64_t> units) {
    Eigen::MatrixXd x(static_cast<Eigen::Index>(units.size()), r.images);
    for (std::int64_t img = 0; img < r.images; ++img) {
        const float* row = r.values.data() + img * r.units;
        for (std::size_t i = 0; i < units.size(); ++i) {
            if (units[i] < 0 || units[i] >= r.units) throw std::invalid_argument("correlation: unit index out of range");
            x(static_cast<Eigen::Index>(i), img) = row[units[i]];
        }
    }
    return normalisedRows(std::move(x));
}

PairFeatures correlationFeatures(const Eigen::MatrixXd& observations) {
    return normalisedRows(observations.transpose());
}

namespace {

template <class Matrix>
Eigen::MatrixXd pairMatrixOf(const PairFeatures& f, const Matrix& left, const Matrix& rightOrEmpty) {
    const Matrix& right = rightOrEmpty.size() ? rightOrEmpty : left;
    const Eigen::MatrixXd dots = (left * right.transpose()).template cast<double>();
    Eigen::MatrixXd m(dots.rows(), dots.cols());
    for (Eigen::Index i = 0; i < m.rows(); ++i)
        for (Eigen::Index j = 0; j <= i; ++j) {
            const double v = i == j && f.diagonal ? *f.diagonal : valueOf(f, i, j, dots(i, j));
            m(i, j) = v;
            m(j, i) = v;
        }
    return m;
}

template <class Matrix>
void forEachPairOf(const PairFeatures& f, const Matrix& left, const Matrix& rightOrEmpty,
                   const std::function<void(std::int64_t, std::int64_t, double)>& sink, std::int64_t blockRows) {
    const Matrix& right = rightOrEmpty.size() ? rightOrEmpty : left;
    const std::int64_t n = left.rows();
    blockRows = std::max<std::int64_t>(1, blockRows);
    Matrix block;
    for (std::int64_t r0 = 1; r0 < n; r0 += blockRows) {
        const std::int64_t r1 = std::min(n, r0 + blockRows);
        block.noalias() = left.middleRows(r0, r1 - r0) * right.topRows(r1 - 1).transpose();
        for (std::int64_t i = r0; i < r1; ++i)
            for (std::int64_t j = 0; j < i; ++j) sink(i, j, valueOf(f, i, j, static_cast<double>(block(i - r0, j))));
    }
}

}  // namespace

Eigen::MatrixXd pairMatrix(const PairFeatures& f) {
    return f.leftF.size() ? pairMatrixOf(f, f.leftF, f.rightF) : pairMatrixOf(f, f.left, f.right);
}

void forEachPair(const PairFeatures& f, const std::function<void(std::int64_t, std::int64_t, double)>& sink,
                 std::int64_t blockRows) {
    if (f.leftF.size()) forEachPairOf(f, f.leftF, f.rightF, sink, blockRows);
    else forEachPairOf(f, f.left, f.right, sink, blockRows);
}


}  // namespace topospike::analysis
