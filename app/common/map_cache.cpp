#include "common/map_cache.hpp"

#include <filesystem>

#include "topospike/error.hpp"

namespace topospike::app {

ObtainedMaps obtainMapSet(std::shared_ptr<const model::Network> network, const io::PositionSet& positions,
                          const run::RunOptions& options, const StimulusSetSpec& spec, const std::string& key,
                          bool useCache, const StepProgressFn& progress, const CancelToken* cancel) {
    const auto path = mapCachePath(key);
    std::error_code ec;
    if (useCache && std::filesystem::is_regular_file(path, ec)) {
        try {
            MapSet cached = loadMapSet(path);
            if (cached.key == key) return {std::move(cached), true};
        } catch (const FileError&) {
            std::filesystem::remove(path, ec);  // damaged: recomputed below
        }
    }
    ObtainedMaps out{computeMapSet(std::move(network), positions, options, spec, key, progress, cancel), false};
    try {
        std::filesystem::create_directories(path.parent_path(), ec);
        saveMapSet(path, out.maps);
    } catch (const FileError&) {
        // An unwritable cache only costs the next run its time.
    }
    return out;
}

}  // namespace topospike::app
