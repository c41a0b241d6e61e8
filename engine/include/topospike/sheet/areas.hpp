#pragma once
/// @file areas.hpp
/// TDANN's cortical areas (sheet sizes and neighborhood widths) and which area each ResNet layer is placed in.
///
/// Values are TDANN's (spacetorch `constants.py` and `models/positions.py`, the `TISSUE_SIZES` and
/// `NEIGHBORHOOD_WIDTHS` tables): square sheets with side
///   retina 2.4 mm, V1 36.75 mm, V2 35.0 mm, V4 22.4 mm, IT (TDANN's "VTC") 70.0 mm,
/// and square neighborhoods of side
///   retina 0.0475 mm, V1 1.626 mm, V2 3.977 mm, V4 2.545 mm, IT 31.818 mm.
/// TDANN's layer table names the last area "IT" while its size tables say "VTC": they are the same area here.

#include <optional>
#include <string>
#include <string_view>

namespace topospike::sheet {

enum class Area { Retina, V1, V2, V4, IT };

/// One area's sheet geometry.
struct AreaSpec {
    Area area;
    std::string_view name;   ///< "retina", "V1", "V2", "V4", "IT"
    double tissueMm;         ///< side of the square sheet, mm
    double neighborhoodMm;   ///< side of a square neighborhood, mm
};

/// TDANN's geometry of `area` (see the file comment).
const AreaSpec& areaSpec(Area area) noexcept;

/// Parses an area name: "retina", "V1", "V2", "V4", "IT" or "VTC" (= IT); case-insensitive. nullopt otherwise.
std::optional<Area> parseArea(std::string_view name) noexcept;

/// TDANN's ResNet-18 table (spacetorch `models.BRAIN_MAPPING["resnet18"]`): layer1.0/1.1 retina,
/// layer2.0/2.1 V1, layer3.0 V2, layer3.1 V4, layer4.0/4.1 IT. nullopt for any other name.
std::optional<Area> tdannResnet18Area(std::string_view layer) noexcept;

/// The area a layer is placed in, and how that was decided.
struct LayerArea {
    Area area = Area::V1;
    /// True when the name is in TDANN's ResNet-18 table.
    bool fromTable = false;
    /// One phrase saying which rule chose the area (for labels and messages).
    std::string rule;
};

/// The area of `layer`:
/// - a name in TDANN's ResNet-18 table: that area;
/// - otherwise a block output "layerS.B" of a deeper or wider ResNet (S = 1..4): the ResNet-18 rule by stage,
///   S = 1 retina, S = 2 V1, S = 3 V2 for block 0 and V4 for later blocks, S = 4 IT (TDANN's own ResNet-50
///   table differs: it puts layer2.3 in V2 and all of layer3 in V4; it is not applied because a name alone
///   cannot tell a ResNet-50 from a ResNet-18);
/// - any other name (e.g. "stem", a linear layer): V1, the area the paper's orientation analyses use.
LayerArea areaForLayer(std::string_view layer);

}  // namespace topospike::sheet
