#pragma once
/// @file statistics.hpp
/// Small order statistics and NaN-aware means with the exact semantics of the NumPy / SciPy calls TDANN uses, so
/// that thresholds and summaries equal TDANN's to the last bit where the inputs agree.

#include <span>
#include <vector>

namespace topospike::analysis {

/// numpy.median: the middle value, or the mean of the two middle values for an even count. NaN when empty.
double median(std::span<const double> values);

/// scipy.stats.scoreatpercentile(values, percent) with its default interpolation ('fraction'), as TDANN's
/// V1 mask uses it: with the values sorted and idx = percent/100 · (n − 1), i = ⌊idx⌋, the result is
/// (v[i]·(i+1−idx) + v[i+1]·(idx−i)) / ((i+1−idx) + (idx−i)), or v[idx] when idx is whole. The same linear
/// interpolation as numpy.percentile's default, up to the last bit. NaN when empty. percent in [0, 100], else
/// std::invalid_argument.
double scoreAtPercentile(std::span<const double> values, double percent);

/// numpy.nanmean: the mean of the non-NaN values, NaN if there are none.
double nanMean(std::span<const double> values);

/// Pearson correlation of two equally long vectors (two-pass, float64, clamped to [-1, 1]); NaN when either is
/// constant or they are shorter than 2. Throws std::invalid_argument when the lengths differ.
double pearson(std::span<const double> a, std::span<const double> b);

}  // namespace topospike::analysis
