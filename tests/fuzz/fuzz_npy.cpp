// libFuzzer: NumPy .npy parsing (header dict, dtypes, byte orders, Fortran order).
#include "topospike/error.hpp"
#include "topospike/io/npy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        topospike::io::parseNpy({reinterpret_cast<const std::byte*>(data), size}, "fuzz.npy");
    } catch (const topospike::FileError&) {
    }
    return 0;
}
