// libFuzzer: NumPy .npz archives (stored and deflated members), every member decoded.
#include <cstring>

#include "topospike/error.hpp"
#include "topospike/io/npy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto bytes = std::make_shared<std::vector<std::byte>>(size);
    if (size) std::memcpy(bytes->data(), data, size);
    try {
        auto npz = topospike::io::NpzFile::fromBytes(bytes, "fuzz.npz");
        for (const auto& name : npz.names()) {
            try {
                npz.get(name);
            } catch (const topospike::FileError&) {
            }
        }
    } catch (const topospike::FileError&) {
    }
    return 0;
}
