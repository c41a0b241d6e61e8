#include "common/map_set.hpp"

#include "topospike/demo/demo_network.hpp"

namespace topospike::app {

const LayerMaps* MapSet::find(std::string_view layer) const noexcept {
    for (const auto& l : layers)
        if (l.layer == layer) return &l;
    return nullptr;
}

std::filesystem::path mapCachePath(const std::string& key) { return demo::userCacheDirectory() / "maps" / (key + ".npz"); }

}  // namespace topospike::app
