#pragma once
// Internal: the preamble of a .npy file: magic "\x93NUMPY", version, header length (u16 for 1.0, u32
// for 2.0/3.0) and the header, a Python dict literal {'descr': ..., 'fortran_order': ..., 'shape': (...)}
// padded with spaces and a newline. The dict is read by a small literal parser that evaluates nothing.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace topospike::io {

inline constexpr std::size_t kMaxNpyHeaderBytes = std::size_t{1} << 20;

struct NpyHeader {
    int majorVersion = 1;
    std::string descr;
    bool fortranOrder = false;
    std::vector<std::int64_t> shape;
    std::size_t dataOffset = 0;  ///< first byte of the array data
};

/// True if `bytes` start with the .npy magic.
bool hasNpyMagic(std::span<const std::byte> bytes);
/// Reads and validates the preamble. Throws ParseError (bad magic, version, header length or dict).
NpyHeader readNpyHeader(std::span<const std::byte> bytes);
/// Parses only the dict literal (exposed for tests).
NpyHeader parseNpyHeaderDict(std::string_view text);
/// The complete preamble for a C-order array (magic .. newline), padded so the data starts at a multiple
/// of 64.
std::string formatNpyHeader(std::string_view descr, const std::vector<std::int64_t>& shape);

}  // namespace topospike::io
