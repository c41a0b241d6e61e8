#pragma once
// Internal: writeNpz with options the public API does not need (tests use forceZip64 to check ZIP64 output
// without writing 4 GiB).

#include <filesystem>
#include <vector>

#include "topospike/io/npy.hpp"

namespace topospike::io {

void writeNpzImpl(const std::filesystem::path& path, const std::vector<NpzMember>& members, bool forceZip64);

}  // namespace topospike::io
