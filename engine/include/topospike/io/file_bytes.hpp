#pragma once
/// @file file_bytes.hpp
/// Reading a whole file into memory with a clear error when it cannot be read.

#include <cstddef>
#include <filesystem>
#include <memory>
#include <vector>

namespace topospike::io {

/// An immutable, shared byte buffer holding one file's contents.
using SharedBytes = std::shared_ptr<const std::vector<std::byte>>;

/// Reads `path` whole. Throws FileError if it is missing, a directory, unreadable, or larger than `maxBytes`.
SharedBytes readFileBytes(const std::filesystem::path& path, std::uint64_t maxBytes = std::uint64_t{1} << 40);

}  // namespace topospike::io
