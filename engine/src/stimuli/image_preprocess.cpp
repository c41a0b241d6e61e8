// torchvision-style preprocessing: Resize(S) → CenterCrop(c) → Normalize(mean, std), on float RGB in [0, 1].
//
// Resampling is separable, width first then height (as torch does), each dimension with a precomputed table
// of taps. With antialias (torch's _upsample_bilinear2d_aa, PIL's resample): for output index i,
// centre = scale · (i + 0.5) with scale = in / out, taps from max(int(centre - support + 0.5), 0) to
// min(int(centre + support + 0.5), in), weights triangle((j - centre + 0.5) / s) normalised to sum 1, where
// s = support = scale when shrinking and 1 when growing (which is plain bilinear with half-pixel centres and
// clamped edges). Without antialias: torch's two-tap bilinear, source index max(scale · (i + 0.5) - 0.5, 0).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "topospike/stimuli/image.hpp"

namespace topospike::stimuli {
namespace {

/// The taps of one resampled dimension.
struct Taps {
    int taps = 0;                // per output index (window size, zero-padded)
    std::vector<int> first;      // first input index per output index
    std::vector<int> count;      // number of used taps per output index
    std::vector<float> weights;  // out × taps
};

/// The tap positions and weights are computed in single precision, in the order torch computes them: with
/// double-precision scale and centres the results would differ from torch's by up to ~2e-5 on large images.
Taps computeTaps(int inSize, int outSize, bool antialias) {
    const float scale = static_cast<float>(inSize) / static_cast<float>(outSize);
    const bool widen = antialias && scale >= 1.0f;
    const float support = widen ? scale : 1.0f;
    const float invScale = widen ? static_cast<float>(1.0 / static_cast<double>(scale)) : 1.0f;
    Taps t;
    t.taps = static_cast<int>(std::ceil(support)) * 2 + 1;
    t.first.resize(static_cast<std::size_t>(outSize));
    t.count.resize(static_cast<std::size_t>(outSize));
    t.weights.assign(static_cast<std::size_t>(outSize) * static_cast<std::size_t>(t.taps), 0.0f);
    for (int i = 0; i < outSize; ++i) {
        float* w = t.weights.data() + static_cast<std::size_t>(i) * static_cast<std::size_t>(t.taps);
        if (!antialias) {
            // torch's plain bilinear kernel: source index scale · (i + 0.5) - 0.5, clamped at 0.
            const float src =
                std::max(static_cast<float>(static_cast<double>(scale) * (i + 0.5) - 0.5), 0.0f);
            const int lo = std::min(static_cast<int>(src), inSize - 1);
            const float l1 = src - static_cast<float>(lo);
            t.first[static_cast<std::size_t>(i)] = lo;
            t.count[static_cast<std::size_t>(i)] = lo < inSize - 1 ? 2 : 1;
            w[0] = lo < inSize - 1 ? 1.0f - l1 : 1.0f;
            w[1] = lo < inSize - 1 ? l1 : 0.0f;
            continue;
        }
        const auto centre = static_cast<float>(static_cast<double>(scale) * (i + 0.5));
        const auto lo = std::max<std::int64_t>(static_cast<std::int64_t>((centre - support) + 0.5), 0);
        const auto hi = std::min<std::int64_t>(static_cast<std::int64_t>((centre + support) + 0.5), inSize);
        const int n = static_cast<int>(std::clamp<std::int64_t>(hi - lo, 0, t.taps));
        float total = 0.0f;
        for (int j = 0; j < n; ++j) {
            const auto x = static_cast<float>(
                std::abs((static_cast<double>(static_cast<float>(j + lo) - centre) + 0.5) * invScale));
            w[j] = x < 1.0f ? static_cast<float>(1.0 - static_cast<double>(x)) : 0.0f;
            total += w[j];
        }
        if (total != 0.0f)
            for (int j = 0; j < n; ++j) w[j] /= total;
        t.first[static_cast<std::size_t>(i)] = static_cast<int>(lo);
        t.count[static_cast<std::size_t>(i)] = n;
    }
    return t;
}

/// Resamples along x: src is h × inW × 3, dst h × outW × 3.
void resampleRows(const float* src, int inW, float* dst, int outW, int h, const Taps& t) {
    tbb::parallel_for(tbb::blocked_range<int>(0, h, 16), [&](const tbb::blocked_range<int>& r) {
        for (int y = r.begin(); y < r.end(); ++y) {
            const float* in = src + static_cast<std::size_t>(y) * static_cast<std::size_t>(inW) * 3;
            float* out = dst + static_cast<std::size_t>(y) * static_cast<std::size_t>(outW) * 3;
            for (int x = 0; x < outW; ++x) {
                const float* w =
                    t.weights.data() + static_cast<std::size_t>(x) * static_cast<std::size_t>(t.taps);
                const float* p = in + static_cast<std::size_t>(t.first[static_cast<std::size_t>(x)]) * 3;
                const int n = t.count[static_cast<std::size_t>(x)];
                float r0 = p[0] * w[0], g0 = p[1] * w[0], b0 = p[2] * w[0];
                for (int j = 1; j < n; ++j) {
                    r0 += p[3 * j] * w[j];
                    g0 += p[3 * j + 1] * w[j];
                    b0 += p[3 * j + 2] * w[j];
                }
                out[3 * x] = r0;
                out[3 * x + 1] = g0;
                out[3 * x + 2] = b0;
            }
        }
    });
}

/// Resamples along y: src is inH × w × 3, dst outH × w × 3.
void resampleColumns(const float* src, float* dst, int w, int outH, const Taps& t) {
    const std::size_t row = static_cast<std::size_t>(w) * 3;
    tbb::parallel_for(tbb::blocked_range<int>(0, outH, 16), [&](const tbb::blocked_range<int>& r) {
        for (int y = r.begin(); y < r.end(); ++y) {
            const float* wt =
                t.weights.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(t.taps);
            const float* in = src + static_cast<std::size_t>(t.first[static_cast<std::size_t>(y)]) * row;
            const int n = t.count[static_cast<std::size_t>(y)];
            float* out = dst + static_cast<std::size_t>(y) * row;
            for (std::size_t k = 0; k < row; ++k) out[k] = in[k] * wt[0];
            for (int j = 1; j < n; ++j) {
                const float* p = in + static_cast<std::size_t>(j) * row;
                for (std::size_t k = 0; k < row; ++k) out[k] += p[k] * wt[j];
            }
        }
    });
}

void checkImage(const Image& image, const char* what) {
    if (image.width <= 0 || image.height <= 0)
        throw std::invalid_argument(std::string(what) + ": the image is empty");
    if (image.rgb.size() !=
        static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height) * 3)
        throw std::invalid_argument(std::string(what) + ": the image holds " +
                                    std::to_string(image.rgb.size()) + " values, not width × height × 3 = " +
                                    std::to_string(static_cast<std::size_t>(image.width) *
                                                   static_cast<std::size_t>(image.height) * 3));
}

std::string dims(std::int64_t w, std::int64_t h) {
    return std::to_string(w) + "×" + std::to_string(h);
}

void checkTargetSize(std::int64_t width, std::int64_t height, const char* what) {
    if (width <= 0 || height <= 0)
        throw std::invalid_argument(std::string(what) + ": target size " + dims(width, height) +
                                    " is not positive");
    if (width > kMaxImageSide || height > kMaxImageSide || width * height > kMaxImagePixels)
        throw std::invalid_argument(std::string(what) + ": target size " + dims(width, height) +
                                    " exceeds the image limits (" + std::to_string(kMaxImageSide) +
                                    " pixels a side, " + std::to_string(kMaxImagePixels / 1'000'000) +
                                    " megapixels)");
}

/// Python's round() on (d / 2.0) for d >= 0: halves go to the even neighbour.
int halfRoundEven(int d) {
    const int q = d / 2;
    return (d % 2 == 1 && q % 2 == 1) ? q + 1 : q;
}

}  // namespace

Image resizeBilinear(const Image& image, int width, int height, bool antialias) {
    checkImage(image, "resizeBilinear");
    checkTargetSize(width, height, "resizeBilinear");
    if (width == image.width && height == image.height) return image;
    const float* src = image.rgb.data();
    std::vector<float> horizontal;
    if (width != image.width) {
        horizontal.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(image.height) * 3);
        resampleRows(src, image.width, horizontal.data(), width, image.height,
                     computeTaps(image.width, width, antialias));
        src = horizontal.data();
    }
    Image out;
    out.width = width;
    out.height = height;
    if (height != image.height) {
        out.rgb.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
        resampleColumns(src, out.rgb.data(), width, height, computeTaps(image.height, height, antialias));
    } else {
        out.rgb = std::move(horizontal);
    }
    return out;
}

InputImage preprocess(const Image& image, const PreprocessOptions& options) {
    checkImage(image, "preprocess");
    if (options.resize < 0)
        throw std::invalid_argument("preprocess: resize must be 0 (none) or positive, not " +
                                    std::to_string(options.resize));
    if (options.crop < 0)
        throw std::invalid_argument("preprocess: crop must be 0 (none) or positive, not " +
                                    std::to_string(options.crop));
    if (options.normalize) {
        for (std::size_t c = 0; c < 3; ++c) {
            if (options.std[c] == 0.0f || !std::isfinite(options.std[c]) || !std::isfinite(options.mean[c]))
                throw std::invalid_argument(
                    "preprocess: normalisation needs finite means and non-zero finite "
                    "standard deviations (channel " +
                    std::to_string(c) + ": mean " + std::to_string(options.mean[c]) + ", std " +
                    std::to_string(options.std[c]) + ")");
        }
    }

    // torchvision's _compute_resized_output_size for an int size: the shorter side becomes S, the longer
    // int(S * long / short).
    std::int64_t rw = image.width, rh = image.height;
    if (options.resize > 0) {
        const bool wide = image.width > image.height;
        const std::int64_t shortSide = wide ? image.height : image.width;
        const std::int64_t longSide = wide ? image.width : image.height;
        const double newLong = static_cast<double>(options.resize) * static_cast<double>(longSide) /
                               static_cast<double>(shortSide);
        const std::int64_t longOut = newLong >= static_cast<double>(kMaxImageSide) + 1
                                         ? std::int64_t{kMaxImageSide} + 1
                                         : static_cast<std::int64_t>(newLong);
        rw = wide ? longOut : options.resize;
        rh = wide ? options.resize : longOut;
        checkTargetSize(rw, rh, "preprocess (resize)");
    }
    if (options.crop > rw || options.crop > rh)
        throw std::invalid_argument(
            "preprocess: the " + dims(options.crop, options.crop) + " centre crop is larger than the " +
            (options.resize > 0 ? "resized image (" : "image (") + dims(rw, rh) + ")");

    Image resized;
    const Image* src = &image;
    if (rw != image.width || rh != image.height) {
        resized = resizeBilinear(image, static_cast<int>(rw), static_cast<int>(rh), options.antialias);
        src = &resized;
    }
    const int outW = options.crop > 0 ? options.crop : src->width;
    const int outH = options.crop > 0 ? options.crop : src->height;
    const int left = halfRoundEven(src->width - outW);
    const int top = halfRoundEven(src->height - outH);

    InputImage out;
    out.channels = 3;
    out.width = outW;
    out.height = outH;
    const std::size_t plane = static_cast<std::size_t>(outW) * static_cast<std::size_t>(outH);
    out.chw.resize(plane * 3);
    for (std::size_t c = 0; c < 3; ++c) {
        const float mean = options.normalize ? options.mean[c] : 0.0f;
        const float sd = options.normalize ? options.std[c] : 1.0f;
        float* dst = out.chw.data() + c * plane;
        for (int y = 0; y < outH; ++y) {
            const float* row = src->rgb.data() +
                               (static_cast<std::size_t>(top + y) * static_cast<std::size_t>(src->width) +
                                static_cast<std::size_t>(left)) *
                                   3 +
                               c;
            for (int x = 0; x < outW; ++x) {
                const float v = row[3 * static_cast<std::size_t>(x)];
                *dst++ = options.normalize ? (v - mean) / sd : v;
            }
        }
    }
    return out;
}

}  // namespace topospike::stimuli
