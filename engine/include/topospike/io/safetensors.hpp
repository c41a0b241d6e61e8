#pragma once
/// @file safetensors.hpp
/// safetensors files (https://huggingface.co/docs/safetensors): u64 little-endian header length N, N bytes of
/// JSON header, then the data buffer that the header's byte offsets point into.
///
/// Reading validates everything before copying any data: N ≤ 100 MB and within the file, the header is a
/// strict JSON object, each tensor's dtype is one TopoSpike holds (F64 F32 F16 BF16 I64 I32 I16 I8 U8 BOOL
/// U16 U32 U64; e.g. F8_E4M3 is refused naming the tensor), its shape is non-negative integers without
/// overflow, its data_offsets [begin, end] lie in the data buffer with end − begin = numel × itemsize, and no
/// two tensors' byte ranges overlap. Gaps between tensors and bytes after the last one are tolerated.
/// "__metadata__" must map strings to strings. Tensors come back in the order the header JSON lists them.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "topospike/tensor_map.hpp"

namespace topospike::io {

/// Largest header accepted, in bytes (the reference implementation's limit).
inline constexpr std::uint64_t kMaxSafetensorsHeader = 100'000'000;

struct SafetensorsFile {
    /// Tensors in header order.
    TensorMap tensors;
    /// The "__metadata__" object (empty if absent).
    std::map<std::string, std::string, std::less<>> metadata;

    /// Metadata value for `key`, or nullopt.
    std::optional<std::string> meta(std::string_view key) const;
};

/// True if `bytes` plausibly start a safetensors file: at least 9 bytes, a header length that fits in the
/// data and the 100 MB limit, and a header starting with '{'. Cheap; does not parse the header.
bool looksLikeSafetensors(std::span<const std::byte> bytes);

/// Parses a safetensors image. `sourceName` names it in error messages. Throws FileError.
SafetensorsFile parseSafetensors(std::span<const std::byte> bytes, const std::string& sourceName);
/// Reads a safetensors file. Throws FileError.
SafetensorsFile readSafetensors(const std::filesystem::path& path);

/// Writes tensors (in the given order, contiguous, no padding between them) and string metadata. The header
/// is padded with spaces to a multiple of 8 bytes, as the reference implementation does, so that the data
/// buffer starts aligned. Temporary file + rename. Throws Error for duplicate or empty names or a tensor
/// named
/// "__metadata__"; FileError when the file cannot be written.
void writeSafetensors(const std::filesystem::path& path,
                      const std::vector<std::pair<std::string, const Tensor*>>& tensors,
                      const std::map<std::string, std::string, std::less<>>& metadata = {});

}  // namespace topospike::io
