// libFuzzer: PNG and JPEG decoding (libpng / libjpeg-turbo error paths, truncation, size limits), then a
// small preprocess of what decodes. Limits are lowered so that a hostile header cannot exhaust the RSS limit.
#include <stdexcept>

#include "stimuli/image_decode.hpp"
#include "topospike/error.hpp"
#include "topospike/stimuli/image.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    topospike::stimuli::detail::DecodeLimits limits;
    limits.maxSide = 4096;
    limits.maxPixels = 1'000'000;
    try {
        const auto image = topospike::stimuli::detail::decodeImage(
            {reinterpret_cast<const std::byte*>(data), size}, "fuzz.img", limits);
        topospike::stimuli::PreprocessOptions options;
        options.resize = 16;
        options.crop = 16;
        (void)topospike::stimuli::preprocess(image, options);
    } catch (const topospike::FileError&) {
    } catch (const std::invalid_argument&) {  // e.g. a 1×4000 image cannot be resized to 16 on its short side
    }
    return 0;
}
