#pragma once
// Internal: decoding a whole .npy byte image into an NpyArray, throwing ParseError (the public parseNpy /
// readNpy / NpzFile::get wrap it into FileError naming the file or archive member).

#include <cstddef>
#include <span>

#include "topospike/io/npy.hpp"

namespace topospike::io {

NpyArray decodeNpy(std::span<const std::byte> bytes);

}  // namespace topospike::io
