// libFuzzer: safetensors header JSON, dtypes, shapes and data offsets.
#include "topospike/error.hpp"
#include "topospike/io/safetensors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        topospike::io::parseSafetensors({reinterpret_cast<const std::byte*>(data), size}, "fuzz.safetensors");
    } catch (const topospike::FileError&) {
    }
    return 0;
}
