#pragma once
// Round numbers for axes and scale bars: ticks at 1, 2 or 5 × 10^k steps, and their labels.

#include <QString>
#include <vector>

namespace topospike::figure {

/// About `target` ticks covering [lo, hi] at a 1/2/5 × 10^k step, all inside [lo, hi] (rounding slack
/// allowed). A degenerate range gives the single value.
std::vector<double> niceTicks(double lo, double hi, int target = 5);
/// The round length (1, 2 or 5 × 10^k) nearest below `approx` (> 0).
double roundLengthBelow(double approx);
/// `v` with as many decimals as `step` needs; a typographic minus; no "-0".
QString tickLabel(double v, double step);
/// A length in mm as a label: "2 mm", "0.5 mm", "200 µm" below 1 mm.
QString lengthLabel(double mm);

}  // namespace topospike::figure
