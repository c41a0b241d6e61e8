// Image files: format recognition by signature, size limits, and the byte → float conversion shared by the
// PNG and JPEG decoders.

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <new>
#include <string_view>

#include "image_decode.hpp"
#include "topospike/error.hpp"
#include "topospike/io/file_bytes.hpp"

namespace topospike::stimuli {
namespace detail {
namespace {

constexpr std::string_view kSupported = "supported formats: PNG, JPEG";

bool startsWith(std::span<const std::byte> bytes, std::string_view magic) {
    return bytes.size() >= magic.size() && std::memcmp(bytes.data(), magic.data(), magic.size()) == 0;
}

/// Formats we recognise but do not decode, so that the refusal can name them.
const char* otherFormat(std::span<const std::byte> b) {
    using namespace std::string_view_literals;
    if (startsWith(b, "GIF87a"sv) || startsWith(b, "GIF89a"sv)) return "GIF";
    if (startsWith(b, "RIFF"sv) && b.size() >= 12 && std::memcmp(b.data() + 8, "WEBP", 4) == 0) return "WebP";
    if (startsWith(b, "II*\0"sv) || startsWith(b, "MM\0*"sv)) return "TIFF";
    if (startsWith(b, "BM"sv) && b.size() >= 26) return "BMP";
    if (startsWith(b, "\0\0\0\x0cjP  "sv) || startsWith(b, "\xff\x4f\xff\x51"sv)) return "JPEG 2000";
    if (b.size() >= 12 && std::memcmp(b.data() + 4, "ftyp", 4) == 0) {
        const std::string_view brand(reinterpret_cast<const char*>(b.data() + 8), 4);
        if (brand == "avif" || brand == "avis") return "AVIF";
        if (brand == "heic" || brand == "heix" || brand == "mif1" || brand == "msf1") return "HEIF";
    }
    if (startsWith(b, "\x93NUMPY"sv)) return "NumPy .npy";
    return nullptr;
}

std::string hexPrefix(std::span<const std::byte> b) {
    std::string s;
    for (std::size_t i = 0; i < std::min<std::size_t>(b.size(), 8); ++i) {
        char buf[4];
        std::snprintf(buf, sizeof buf, "%s%02x", i ? " " : "", static_cast<unsigned>(b[i]));
        s += buf;
    }
    return s;
}

}  // namespace

void checkImageSize(std::uint64_t width, std::uint64_t height, const char* format, const std::string& name,
                    const DecodeLimits& limits) {
    const std::string dims = std::to_string(width) + "×" + std::to_string(height);
    if (width == 0 || height == 0)
        throw FileError(name, std::string(format) + " image is empty (" + dims + ")");
    if (width > limits.maxSide || height > limits.maxSide)
        throw FileError(name, std::string(format) + " image is " + dims + " pixels; sides over " +
                                  std::to_string(limits.maxSide) + " pixels are refused");
    if (width * height > limits.maxPixels)
        throw FileError(name, std::string(format) + " image is " + dims + " pixels; images over " +
                                  std::to_string(limits.maxPixels / 1'000'000) + " megapixels are refused");
}

Image imageFromBytes(const unsigned char* samples, int width, int height, int channels,
                     const std::string& name) {
    Image image;
    image.width = width;
    image.height = height;
    const std::size_t pixels = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
    try {
        image.rgb.resize(pixels * 3);
    } catch (const std::bad_alloc&) {
        throw FileError(name, "not enough memory for a " + std::to_string(width) + "×" +
                                  std::to_string(height) + " image");
    }
    std::array<float, 256> lut{};
    for (int v = 0; v < 256; ++v) lut[static_cast<std::size_t>(v)] = static_cast<float>(v) / 255.0f;
    float* out = image.rgb.data();
    if (channels == 1) {
        for (std::size_t i = 0; i < pixels; ++i)
            out[3 * i] = out[3 * i + 1] = out[3 * i + 2] = lut[samples[i]];
    } else {
        for (std::size_t i = 0; i < 3 * pixels; ++i) out[i] = lut[samples[i]];
    }
    return image;
}

Image decodeImage(std::span<const std::byte> bytes, const std::string& name, const DecodeLimits& limits) {
    using namespace std::string_view_literals;
    if (bytes.empty()) throw FileError(name, "empty file, not an image (" + std::string(kSupported) + ")");
    if (startsWith(bytes, "\x89PNG\r\n\x1a\n"sv)) return decodePng(bytes, name, limits);
    if (startsWith(bytes, "\xff\xd8\xff"sv)) return decodeJpeg(bytes, name, limits);
    if (const char* other = otherFormat(bytes))
        throw FileError(name,
                        std::string(other) + " files are not supported (" + std::string(kSupported) + ")");
    throw FileError(name, "not a PNG or JPEG image: unrecognised signature " + hexPrefix(bytes) + " (" +
                              std::string(kSupported) + ")");
}

}  // namespace detail

Image decodeImage(std::span<const std::byte> bytes, const std::string& name) {
    return detail::decodeImage(bytes, name, detail::DecodeLimits{});
}

Image readImage(const std::filesystem::path& path) {
    // A 100-megapixel image compresses to far less than this; anything larger is not an image we accept.
    const io::SharedBytes bytes = io::readFileBytes(path, std::uint64_t{2} << 30);
    return decodeImage(*bytes, path.string());
}

InputImage readInputImage(const std::filesystem::path& path, const PreprocessOptions& options) {
    return preprocess(readImage(path), options);
}

}  // namespace topospike::stimuli
