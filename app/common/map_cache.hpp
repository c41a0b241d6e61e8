#pragma once
// Maps from the cache when they are there, computed (and cached) when not: the one path the GUI's analyses and
// the CLI's figure/export commands take, so both reuse each other's work.

#include <memory>

#include "common/map_set.hpp"

namespace topospike::app {

struct ObtainedMaps {
    MapSet maps;
    bool fromCache = false;
};

/// Loads mapCachePath(key) when `useCache` and it holds maps for `key` (a damaged entry is removed and
/// recomputed); otherwise computes them with computeMapSet and saves them there (an unwritable cache is not an
/// error). Throws what computeMapSet throws (Cancelled, FileError, std::invalid_argument).
ObtainedMaps obtainMapSet(std::shared_ptr<const model::Network> network, const io::PositionSet& positions,
                          const run::RunOptions& options, const StimulusSetSpec& spec, const std::string& key,
                          bool useCache = true, const StepProgressFn& progress = {},
                          const CancelToken* cancel = nullptr);

}  // namespace topospike::app
