// JPEG decoding with libjpeg(-turbo).
//
// libjpeg reports errors through error_exit, which must not return: ours longjmps back into runJpeg(). As in
// image_png.cpp, everything between setjmp and a possible longjmp is plain C data (JpegJob, which also holds
// the decompressor so that no local of runJpeg() changes between setjmp and longjmp); the C++ side owns the
// pixel buffer and throws once libjpeg has been torn down.
//
// libjpeg treats damaged entropy-coded data and a premature end of file as warnings and fills the rest of
// the image with grey. We treat every warning as an error except the harmless ones (extraneous bytes
// between markers, an unknown Adobe transform code or JFIF revision, a bad ICC marker), so that a truncated
// or damaged file is refused rather than half decoded.

#include <cstdio>  // before jpeglib.h, which uses FILE

#include <jerror.h>
#include <jpeglib.h>

#include <csetjmp>
#include <cstring>
#include <new>
#include <vector>

#include "image_decode.hpp"
#include "topospike/error.hpp"

namespace topospike::stimuli::detail {
namespace {

/// Progressive files can hold any number of scans, each a pass over the whole image; real ones have ~10.
constexpr int kMaxScans = 1000;

enum class JpegStatus { Ok, LibjpegError, Truncated, Damaged, TooManyScans, TooLarge, Unsupported, NoMemory };

/// Everything runJpeg() shares with its callbacks and its caller: plain C data only.
struct JpegJob {
    jpeg_decompress_struct cinfo;
    jpeg_error_mgr err;
    jpeg_progress_mgr progress;
    std::jmp_buf jump;
    const unsigned char* data;
    std::size_t size;
    std::uint64_t maxSide;
    std::uint64_t maxPixels;
    // Set once the header has been read.
    JDIMENSION width;
    JDIMENSION height;
    int components;  // of the output: 1 (gray), 3 (RGB) or 4 (CMYK)
    int jpegComponents;
    // Called when the output size is known: returns a buffer of `bytes` bytes, or nullptr when out of memory.
    // Must not throw.
    unsigned char* (*allocate)(void* context, std::size_t bytes) noexcept;
    void* context;
    JpegStatus status;
    char message[JMSG_LENGTH_MAX];
};

JpegJob* jobOf(j_common_ptr cinfo) {
    return static_cast<JpegJob*>(cinfo->client_data);
}

[[noreturn]] void fail(j_common_ptr cinfo, JpegStatus status) {
    JpegJob* job = jobOf(cinfo);
    if (job->status == JpegStatus::Ok) {
        job->status = status;
        (*cinfo->err->format_message)(cinfo, job->message);
    }
    std::longjmp(job->jump, 1);
}

void jpegErrorExit(j_common_ptr cinfo) {
    fail(cinfo, JpegStatus::LibjpegError);
}

void jpegEmitMessage(j_common_ptr cinfo, int level) {
    if (level >= 0) return;  // trace messages
    switch (cinfo->err->msg_code) {
        case JWRN_EXTRANEOUS_DATA:
        case JWRN_ADOBE_XFORM:
        case JWRN_JFIF_MAJOR:
        case JWRN_BOGUS_ICC:
            return;  // harmless: the pixels are decoded correctly
        case JWRN_JPEG_EOF:
            fail(cinfo, JpegStatus::Truncated);
        default:
            fail(cinfo, JpegStatus::Damaged);
    }
}

void jpegOutputMessage(j_common_ptr) {}  // never print to stderr

void jpegProgress(j_common_ptr cinfo) {
    if (!cinfo->is_decompressor) return;
    auto* d = reinterpret_cast<j_decompress_ptr>(cinfo);
    if (d->input_scan_number > kMaxScans) {
        JpegJob* job = jobOf(cinfo);
        if (job->status == JpegStatus::Ok) job->status = JpegStatus::TooManyScans;
        std::longjmp(job->jump, 1);
    }
}

/// Decodes job->data into a buffer obtained from job->allocate (job->components bytes per pixel).
void runJpeg(JpegJob* job) {
    j_decompress_ptr cinfo = &job->cinfo;
    cinfo->err = jpeg_std_error(&job->err);
    job->err.error_exit = jpegErrorExit;
    job->err.emit_message = jpegEmitMessage;
    job->err.output_message = jpegOutputMessage;
    cinfo->client_data = job;
    if (setjmp(job->jump)) {
        jpeg_destroy_decompress(&job->cinfo);
        return;  // status set before the jump
    }
    jpeg_create_decompress(cinfo);
    job->progress.progress_monitor = jpegProgress;
    cinfo->progress = &job->progress;
    jpeg_mem_src(cinfo, job->data, static_cast<unsigned long>(job->size));
    jpeg_read_header(cinfo, TRUE);

    job->width = cinfo->image_width;
    job->height = cinfo->image_height;
    job->jpegComponents = cinfo->num_components;
    if (cinfo->image_width > job->maxSide || cinfo->image_height > job->maxSide ||
        static_cast<std::uint64_t>(cinfo->image_width) * cinfo->image_height > job->maxPixels) {
        job->status = JpegStatus::TooLarge;
        jpeg_destroy_decompress(cinfo);
        return;
    }
    switch (cinfo->jpeg_color_space) {
        case JCS_GRAYSCALE:
            cinfo->out_color_space = JCS_GRAYSCALE;
            break;
        case JCS_YCbCr:
        case JCS_RGB:
            cinfo->out_color_space = JCS_RGB;
            break;
        case JCS_CMYK:
        case JCS_YCCK:
            cinfo->out_color_space = JCS_CMYK;  // libjpeg converts YCCK to CMYK
            break;
        default:
            job->status = JpegStatus::Unsupported;
            jpeg_destroy_decompress(cinfo);
            return;
    }
    jpeg_start_decompress(cinfo);
    job->components = cinfo->output_components;
    if (cinfo->output_width != job->width || cinfo->output_height != job->height ||
        (job->components != 1 && job->components != 3 && job->components != 4)) {
        job->status = JpegStatus::Unsupported;
        jpeg_destroy_decompress(cinfo);
        return;
    }
    const std::size_t stride = static_cast<std::size_t>(cinfo->output_width) * job->components;
    unsigned char* pixels = job->allocate(job->context, stride * cinfo->output_height);
    if (!pixels) {
        job->status = JpegStatus::NoMemory;
        jpeg_destroy_decompress(cinfo);
        return;
    }
    while (cinfo->output_scanline < cinfo->output_height) {
        JSAMPROW row = pixels + stride * cinfo->output_scanline;
        if (jpeg_read_scanlines(cinfo, &row, 1) != 1) {  // cannot happen with an in-memory source
            job->status = JpegStatus::Truncated;
            jpeg_destroy_decompress(cinfo);
            return;
        }
    }
    jpeg_finish_decompress(cinfo);  // reads on to EOI: a file cut after its last scan is refused too
    jpeg_destroy_decompress(cinfo);
    job->status = JpegStatus::Ok;
}

unsigned char* allocatePixels(void* context, std::size_t bytes) noexcept {
    auto* out = static_cast<std::vector<unsigned char>*>(context);
    try {
        out->resize(bytes);
    } catch (const std::bad_alloc&) {
        return nullptr;
    }
    return out->data();
}

/// CMYK (stored inverted, Adobe's convention, as PIL assumes) to RGB in place, 4 → 3 bytes per pixel, with
/// PIL's formula: R = (255 - K) - round(C · (255 - K) / 255).
void cmykToRgb(std::vector<unsigned char>& pixels) {
    const std::size_t n = pixels.size() / 4;
    for (std::size_t i = 0; i < n; ++i) {
        const int nk = pixels[4 * i + 3];  // stored inverted: 255 - K
        for (int c = 0; c < 3; ++c) {
            const int ink = 255 - pixels[4 * i + static_cast<std::size_t>(c)];
            const int t = ink * nk + 128;
            const int scaled = ((t >> 8) + t) >> 8;  // round(ink · nk / 255)
            pixels[3 * i + static_cast<std::size_t>(c)] = static_cast<unsigned char>(nk - scaled);
        }
    }
    pixels.resize(3 * n);
}

}  // namespace

Image decodeJpeg(std::span<const std::byte> bytes, const std::string& name, const DecodeLimits& limits) {
    std::vector<unsigned char> pixels;
    JpegJob job{};
    job.data = reinterpret_cast<const unsigned char*>(bytes.data());
    job.size = bytes.size();
    job.maxSide = limits.maxSide;
    job.maxPixels = limits.maxPixels;
    job.allocate = allocatePixels;
    job.context = &pixels;
    job.status = JpegStatus::Ok;
    runJpeg(&job);
    const std::string dims = std::to_string(job.width) + "×" + std::to_string(job.height);
    switch (job.status) {
        case JpegStatus::Ok:
            break;
        case JpegStatus::Truncated:
            throw FileError(name, "JPEG file is truncated: it ends after " + std::to_string(job.size) +
                                      " bytes, before its image data is complete");
        case JpegStatus::Damaged: {
            std::string what = job.message;
            if (what.starts_with("Corrupt JPEG data: ")) what.erase(0, 19);
            throw FileError(name, "damaged JPEG data: " + what);
        }
        case JpegStatus::LibjpegError:
            throw FileError(name, std::string("cannot decode JPEG: ") + job.message);
        case JpegStatus::TooManyScans:
            throw FileError(name, "JPEG file has more than " + std::to_string(kMaxScans) +
                                      " progressive scans; refused as damaged or hostile");
        case JpegStatus::TooLarge:
            checkImageSize(job.width, job.height, "JPEG", name, limits);
            throw FileError(name, "JPEG image is too large");  // not reached: checkImageSize throws
        case JpegStatus::Unsupported:
            throw FileError(name, "unsupported JPEG colour layout (" + std::to_string(job.jpegComponents) +
                                      " components); supported: gray, YCbCr/RGB, CMYK/YCCK");
        case JpegStatus::NoMemory:
            throw FileError(name, "not enough memory to decode this " + dims + " JPEG image");
    }
    if (job.components == 4) {
        cmykToRgb(pixels);
        job.components = 3;
    }
    return imageFromBytes(pixels.data(), static_cast<int>(job.width), static_cast<int>(job.height),
                          job.components, name);
}

}  // namespace topospike::stimuli::detail
