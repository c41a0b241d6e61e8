// PNG decoding with libpng.
//
// libpng reports errors by longjmp. Everything that runs between setjmp and a possible longjmp lives in
// runPng() and the callbacks below, which use only trivially destructible C data (PngJob); the C++ side
// (decodePng) owns the pixel buffer, hands libpng its rows through a noexcept callback, and turns the job's
// status into exceptions after libpng has been torn down.

#include <png.h>

#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <new>
#include <vector>

#include "image_decode.hpp"
#include "topospike/error.hpp"

namespace topospike::stimuli::detail {
namespace {

enum class PngStatus { Ok, LibpngError, Truncated, TooLarge, NoMemory, Unexpected };

/// Everything runPng() shares with its callbacks and its caller: plain C data only.
struct PngJob {
    const png_byte* data;
    std::size_t size;
    std::size_t pos;
    // Set once IHDR has been read.
    png_uint_32 width;
    png_uint_32 height;
    std::uint64_t maxSide;
    std::uint64_t maxPixels;
    // Called when the output size is known: returns `height` row pointers to rows of `rowBytes` bytes, or
    // nullptr when out of memory. Must not throw.
    png_bytepp (*allocate)(void* context, png_uint_32 width, png_uint_32 height,
                           std::size_t rowBytes) noexcept;
    void* context;
    PngStatus status;
    char message[200];
};

void pngError(png_structp png, png_const_charp message) {
    auto* job = static_cast<PngJob*>(png_get_error_ptr(png));
    if (job->status == PngStatus::Ok) {
        job->status = PngStatus::LibpngError;
        std::snprintf(job->message, sizeof job->message, "%s", message ? message : "unknown libpng error");
    }
    png_longjmp(png, 1);
}

void pngWarning(png_structp, png_const_charp) {
}  // warnings (bad ancillary chunks, ...) are not our users' business

void pngRead(png_structp png, png_bytep out, std::size_t length) {
    auto* job = static_cast<PngJob*>(png_get_io_ptr(png));
    if (length > job->size - job->pos) {
        job->status = PngStatus::Truncated;
        png_error(png, "truncated");
    }
    std::memcpy(out, job->data + job->pos, length);
    job->pos += length;
}

/// Decodes job->data into 8-bit RGB rows obtained from job->allocate. Sets job->status.
void runPng(PngJob* job) {
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, job, pngError, pngWarning);
    if (!png) {
        job->status = PngStatus::NoMemory;
        return;
    }
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_read_struct(&png, nullptr, nullptr);
        job->status = PngStatus::NoMemory;
        return;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, nullptr);
        return;  // status set by pngError (or before png_error)
    }
    png_set_read_fn(png, job, pngRead);
    // Our own size check below gives the clearer message; libpng's limits only stop absurd IHDRs.
    png_set_user_limits(png, PNG_UINT_31_MAX, PNG_UINT_31_MAX);
    png_set_chunk_malloc_max(png, 16u << 20);
    // Metadata chunks we never use are skipped unread: libpng 1.6.39 allocates a text chunk's claimed length
    // (up to 2 GB) before reading it, whatever the chunk malloc limit (found by fuzz_image). Colour management is not
    // applied anyway (see image.hpp), so iCCP/gAMA/cHRM/sRGB go too; PLTE and tRNS, which change pixels, stay.
    static constexpr png_byte kIgnored[] = "tEXt\0zTXt\0iTXt\0iCCP\0sPLT\0eXIf\0tIME\0pCAL\0sCAL\0hIST\0oFFs\0pHYs\0"
                                            "sBIT\0gAMA\0cHRM\0sRGB\0bKGD";
    png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, kIgnored, static_cast<int>(sizeof(kIgnored) / 5));
    png_read_info(png, info);

    png_uint_32 width = 0, height = 0;
    int bitDepth = 0, colorType = 0, interlace = 0;
    png_get_IHDR(png, info, &width, &height, &bitDepth, &colorType, &interlace, nullptr, nullptr);
    job->width = width;
    job->height = height;
    if (width > job->maxSide || height > job->maxSide ||
        static_cast<std::uint64_t>(width) * height > job->maxPixels) {
        job->status = PngStatus::TooLarge;
        png_destroy_read_struct(&png, &info, nullptr);
        return;
    }
    // Everything to 8-bit RGB: expand palettes and low bit depths, scale 16 bits with rounding, drop alpha
    // (also alpha that palette expansion derives from tRNS), replicate gray.
    if (bitDepth == 16) png_set_scale_16(png);
    if (colorType == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (colorType == PNG_COLOR_TYPE_GRAY && bitDepth < 8) png_set_expand_gray_1_2_4_to_8(png);
    png_set_strip_alpha(png);
    if (colorType == PNG_COLOR_TYPE_GRAY || colorType == PNG_COLOR_TYPE_GRAY_ALPHA) png_set_gray_to_rgb(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);

    const std::size_t rowBytes = png_get_rowbytes(png, info);
    if (png_get_bit_depth(png, info) != 8 || png_get_channels(png, info) != 3 ||
        rowBytes != static_cast<std::size_t>(width) * 3) {
        job->status = PngStatus::Unexpected;
        png_destroy_read_struct(&png, &info, nullptr);
        return;
    }
    png_bytepp rows = job->allocate(job->context, width, height, rowBytes);
    if (!rows) {
        job->status = PngStatus::NoMemory;
        png_destroy_read_struct(&png, &info, nullptr);
        return;
    }
    png_read_image(png, rows);
    png_read_end(png, nullptr);  // checks the CRCs up to IEND: a file cut after its image data is refused too
    png_destroy_read_struct(&png, &info, nullptr);
    job->status = PngStatus::Ok;
}

/// The C++ side of the pixel buffer.
struct PngOutput {
    std::vector<unsigned char> pixels;
    std::vector<png_bytep> rows;
};

png_bytepp allocateRows(void* context, png_uint_32 width, png_uint_32 height, std::size_t rowBytes) noexcept {
    auto* out = static_cast<PngOutput*>(context);
    (void)width;
    try {
        out->pixels.resize(rowBytes * height);
        out->rows.resize(height);
    } catch (const std::bad_alloc&) {
        return nullptr;
    }
    for (png_uint_32 y = 0; y < height; ++y) out->rows[y] = out->pixels.data() + rowBytes * y;
    return out->rows.data();
}

}  // namespace

Image decodePng(std::span<const std::byte> bytes, const std::string& name, const DecodeLimits& limits) {
    PngOutput output;
    PngJob job{};
    job.data = reinterpret_cast<const png_byte*>(bytes.data());
    job.size = bytes.size();
    job.maxSide = limits.maxSide;
    job.maxPixels = limits.maxPixels;
    job.allocate = allocateRows;
    job.context = &output;
    job.status = PngStatus::Ok;
    runPng(&job);
    switch (job.status) {
        case PngStatus::Ok:
            break;
        case PngStatus::Truncated:
            throw FileError(name, "PNG file is truncated: it ends after " + std::to_string(job.size) +
                                      " bytes, before its image data is complete");
        case PngStatus::LibpngError:
            throw FileError(name, std::string("damaged PNG file: ") + job.message, job.pos);
        case PngStatus::TooLarge:
            checkImageSize(job.width, job.height, "PNG", name, limits);
            throw FileError(name, "PNG image is too large");  // not reached: checkImageSize throws
        case PngStatus::NoMemory:
            throw FileError(name, "not enough memory to decode this " + std::to_string(job.width) + "×" +
                                      std::to_string(job.height) + " PNG image");
        case PngStatus::Unexpected:
            throw FileError(name, "unsupported PNG layout (libpng did not produce 8-bit RGB)");
    }
    output.rows = {};
    return imageFromBytes(output.pixels.data(), static_cast<int>(job.width), static_cast<int>(job.height), 3,
                          name);
}

}  // namespace topospike::stimuli::detail
