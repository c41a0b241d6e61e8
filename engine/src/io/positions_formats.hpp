#pragma once
// Internal: the position readers and writers behind readPositions() / writePositions().

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "topospike/io/file_bytes.hpp"
#include "topospike/io/positions.hpp"
#include "topospike/io/safetensors.hpp"
#include "topospike/tensor.hpp"

namespace topospike::io {

/// A TDANN positions folder (every `<layer>.npz` + optional version.txt).
PositionSet readTdannFolder(const std::filesystem::path& folder, const PositionReadOptions& options);
/// One TDANN `<layer>.npz` already in memory; the version comes from a sibling version.txt (1 when absent).
PositionSet readTdannLayerFile(const std::filesystem::path& path, SharedBytes bytes,
                               const PositionReadOptions& options);
/// TopoSpike's format, from a parsed safetensors file. Throws FileError if its metadata does not say
/// "topospike-positions".
PositionSet readNativePositions(const std::filesystem::path& path, const SafetensorsFile& file);

/// The integer values of an integer tensor, exactly. Throws FileError naming `what` for other dtypes or for
/// unsigned values above INT64_MAX.
std::vector<std::int64_t> integerValues(const Tensor& t, const std::string& sourceName,
                                        const std::string& what);

/// Appends `text` to a "; "-separated note.
void addNote(std::string& note, const std::string& text);

}  // namespace topospike::io
