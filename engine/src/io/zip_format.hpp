#pragma once
// Internal: ZIP record signatures and CRC-32, shared by the ZIP reader and writer.

#include <cstddef>
#include <cstdint>
#include <span>

namespace topospike::io::zipfmt {

inline constexpr std::uint32_t kLocalSig = 0x04034b50;
inline constexpr std::uint32_t kCentralSig = 0x02014b50;
inline constexpr std::uint32_t kEocdSig = 0x06054b50;
inline constexpr std::uint32_t kEocd64Sig = 0x06064b50;
inline constexpr std::uint32_t kEocd64LocatorSig = 0x07064b50;

/// CRC-32 (zlib) of `data`, continuing from `crc` (0 to start); any length.
std::uint32_t crc32Update(std::uint32_t crc, std::span<const std::byte> data);

}  // namespace topospike::io::zipfmt
