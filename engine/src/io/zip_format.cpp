#include "zip_format.hpp"

#include <zlib.h>

#include <algorithm>

namespace topospike::io::zipfmt {

std::uint32_t crc32Update(std::uint32_t crc, std::span<const std::byte> data) {
    uLong c = crc;
    const auto* p = reinterpret_cast<const Bytef*>(data.data());
    for (std::size_t left = data.size(); left > 0;) {
        const uInt chunk = static_cast<uInt>(std::min<std::size_t>(left, std::size_t{1} << 30));
        c = crc32(c, p, chunk);
        p += chunk;
        left -= chunk;
    }
    return static_cast<std::uint32_t>(c);
}

}  // namespace topospike::io::zipfmt
