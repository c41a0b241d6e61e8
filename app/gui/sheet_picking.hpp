#pragma once
// Nearest-unit lookup on a cortical sheet: a uniform grid over the positions (about two units per cell),
// built once per layer in O(N), answering "which unit is under the cursor" by visiting the few cells within
// reach.

#include <cstdint>
#include <vector>

#include "gui/sheet_layout.hpp"

namespace topospike::gui {

class UnitGrid {
public:
    UnitGrid() = default;
    /// Indexes the N × 2 positions `xy` (mm) whose bounds are `bounds`.
    UnitGrid(const std::vector<float>& xy, const SheetBounds& bounds);

    /// The unit nearest to (x, y) mm no farther than `radius` mm, skipping units whose value is NaN when
    /// `values` (one per unit) is given; −1 when there is none. `xy`: the positions the grid was built from.
    std::int64_t nearest(const std::vector<float>& xy, double x, double y, double radius,
                         const float* values = nullptr) const;

private:
    double x0_ = 0, y0_ = 0, cell_ = 1;
    std::int64_t nx_ = 0, ny_ = 0;
    std::vector<std::uint32_t>
        cellStart_;  // CSR: units of cell c are units_[cellStart_[c] .. cellStart_[c+1])
    std::vector<std::uint32_t> units_;
};

}  // namespace topospike::gui
