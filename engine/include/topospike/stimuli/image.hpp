#pragma once
/// @file image.hpp
/// Stimulus images: decoding PNG and JPEG files, and the torchvision-style preprocessing that turns them into
/// network input (Resize(S) → CenterCrop(c) → ToTensor → Normalize(mean, std)).
///
/// Decoding (decodeImage / readImage):
/// - **PNG** (libpng): gray 1/2/4/8/16-bit, gray+alpha, palette 1/2/4/8-bit, RGB, RGBA, 8- and 16-bit,
///   interlaced (Adam7) or not. Alpha and tRNS transparency are dropped (no compositing); 16-bit samples are
///   scaled to 8 bits with rounding (round(v / 257)); gray is replicated to R = G = B. No gamma or colour
///   management is applied (as PIL and torchvision do).
/// - **JPEG** (libjpeg-turbo, its default accurate integer IDCT and smooth chroma upsampling, as PIL): gray,
///   YCbCr and RGB, baseline, progressive and arithmetic-coded. CMYK and YCCK files are converted to RGB with
///   PIL's formula, assuming Adobe's inverted CMYK convention as PIL does. 12-bit JPEGs are refused.
///   The EXIF orientation tag is not applied (neither PIL's open() nor torchvision's decode does).
/// - Every problem is reported as topospike::FileError naming the file: empty or unrecognised files (the
///   message lists the supported formats), other formats (GIF, WebP, TIFF, BMP), truncated files (never a
///   partially grey image), damaged data (CRC, zlib, Huffman errors), and images larger than kMaxImageSide
///   pixels on a side or kMaxImagePixels in all, which are refused before any pixel buffer is allocated.
///
/// Preprocessing (preprocess) follows torchvision on a float image in [0, 1]; see PreprocessOptions.

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace topospike::stimuli {

/// Largest accepted image side, in pixels.
inline constexpr int kMaxImageSide = 32768;
/// Largest accepted image area, in pixels (100 megapixels).
inline constexpr std::int64_t kMaxImagePixels = 100'000'000;

/// A decoded 8-bit image converted to RGB float.
struct Image {
    int width = 0, height = 0;
    /// HWC, 3 channels (R, G, B), values in [0, 1]: byte / 255.
    std::vector<float> rgb;
};

/// What the network consumes.
struct InputImage {
    int channels = 3, height = 0, width = 0;
    /// CHW float32, already normalised.
    std::vector<float> chw;
};

/// Preprocessing, torchvision's usual evaluation transform (the defaults are ImageNet's).
struct PreprocessOptions {
    /// The shorter side is resized to this, the longer to int(resize * long / short) (torchvision
    /// Resize(int)); an image already of that size is not resampled. 0 = no resize.
    int resize = 224;
    /// Centre crop to crop × crop (torchvision CenterCrop; top = round((h - crop) / 2), half to even);
    /// 0 = no crop.
    int crop = 224;
    /// Bilinear with antialias when downsampling (the triangle filter of PIL and of torch's
    /// F.interpolate(mode='bilinear', antialias=True, align_corners=False)); false = plain bilinear.
    bool antialias = true;
    /// Apply (x - mean) / std per channel.
    bool normalize = true;
    std::array<float, 3> mean{0.485f, 0.456f, 0.406f};
    std::array<float, 3> std{0.229f, 0.224f, 0.225f};
};

/// Decodes a PNG or JPEG image held in memory, recognised by its signature (not by `name`, which only names
/// it in error messages). Throws FileError.
Image decodeImage(std::span<const std::byte> bytes, const std::string& name);

/// Reads and decodes a PNG or JPEG file. Throws FileError.
Image readImage(const std::filesystem::path& path);

/// Resizes to width × height with bilinear interpolation (half-pixel centres, edges clamped), computed in
/// float. With `antialias`, a dimension that shrinks uses the triangle filter widened by the scale factor
/// (PIL / torch antialias=True); a dimension that grows is plain bilinear either way. Dimensions of equal
/// size are copied unchanged. Throws std::invalid_argument for an empty or inconsistent image or a target
/// size that is not positive or exceeds the image limits.
Image resizeBilinear(const Image& image, int width, int height, bool antialias);

/// Resize → centre crop → normalise, output CHW. Throws std::invalid_argument for bad options (negative
/// resize or crop, a zero or non-finite std, a crop larger than the resized image) or an empty image.
InputImage preprocess(const Image& image, const PreprocessOptions& options = {});

/// readImage() then preprocess(). Throws FileError or std::invalid_argument.
InputImage readInputImage(const std::filesystem::path& path, const PreprocessOptions& options = {});

}  // namespace topospike::stimuli
