#pragma once
// Internal: the PNG and JPEG decoders behind decodeImage(), and the limits they enforce. The limits are a
// parameter so that the fuzz target can use smaller ones than users get.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "topospike/stimuli/image.hpp"

namespace topospike::stimuli::detail {

struct DecodeLimits {
    std::uint64_t maxSide = static_cast<std::uint64_t>(kMaxImageSide);
    std::uint64_t maxPixels = static_cast<std::uint64_t>(kMaxImagePixels);
};

/// Throws FileError if a `format` image of width × height is empty or exceeds `limits`.
void checkImageSize(std::uint64_t width, std::uint64_t height, const char* format, const std::string& name,
                    const DecodeLimits& limits);

/// Converts `width` × `height` pixels of 8-bit samples (`channels` = 1 for gray, 3 for RGB) to an Image.
/// Throws FileError (naming `name`) if memory runs out.
Image imageFromBytes(const unsigned char* samples, int width, int height, int channels,
                     const std::string& name);

/// Decoders for bytes that start with the format's signature. Throw FileError.
Image decodePng(std::span<const std::byte> bytes, const std::string& name, const DecodeLimits& limits);
Image decodeJpeg(std::span<const std::byte> bytes, const std::string& name, const DecodeLimits& limits);

/// decodeImage() with explicit limits.
Image decodeImage(std::span<const std::byte> bytes, const std::string& name, const DecodeLimits& limits);

}  // namespace topospike::stimuli::detail
