// libFuzzer: whole-file checkpoint loading (ZIP container, allow-list pickle, torch tensors, safetensors).
#include <cstring>

#include "topospike/error.hpp"
#include "topospike/io/checkpoint.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto bytes = std::make_shared<std::vector<std::byte>>(size);
    if (size) std::memcpy(bytes->data(), data, size);
    try {
        topospike::io::loadCheckpoint(bytes, "fuzz.pth");
    } catch (const topospike::FileError&) {
    }
    return 0;
}
