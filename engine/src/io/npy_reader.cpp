// Reading .npy files: preamble (npy_header), dtype (npy_descr), then the data, validated against the bytes
// present before anything is allocated, byte-swapped to little-endian and reordered from Fortran to C order
// if needed.

#include <algorithm>
#include <cstring>
#include <string>

#include "npy_decode.hpp"
#include "npy_descr.hpp"
#include "npy_header.hpp"
#include "parse_error.hpp"
#include "topospike/io/npy.hpp"
#include "utf8.hpp"

namespace topospike::io {
namespace {

/// Copies Fortran-ordered elements of `src` into C order in `dst` (same size).
void fortranToC(std::span<const std::byte> src, std::span<std::byte> dst,
                const std::vector<std::int64_t>& shape, std::size_t itemSize) {
    const std::size_t rank = shape.size();
    std::vector<std::size_t> cStride(rank, itemSize);
    for (std::size_t i = rank; i-- > 1;) cStride[i - 1] = cStride[i] * static_cast<std::size_t>(shape[i]);
    std::vector<std::int64_t> index(rank, 0);
    std::size_t cOffset = 0;
    for (std::size_t f = 0; f < src.size(); f += itemSize) {
        std::memcpy(dst.data() + cOffset, src.data() + f, itemSize);
        // Advance the multi-index, first axis fastest.
        for (std::size_t a = 0; a < rank; ++a) {
            cOffset += cStride[a];
            if (++index[a] < shape[a]) break;
            cOffset -= cStride[a] * static_cast<std::size_t>(shape[a]);
            index[a] = 0;
        }
    }
}

void swapEach(std::span<std::byte> data, std::size_t unit) {
    if (unit <= 1) return;
    for (std::size_t i = 0; i + unit <= data.size(); i += unit)
        std::reverse(data.begin() + i, data.begin() + i + unit);
}

/// Raw element bytes in C order (before byte swapping).
void copyInCOrder(std::span<const std::byte> src, std::span<std::byte> dst, const NpyHeader& h,
                  std::size_t itemSize) {
    if (h.fortranOrder && h.shape.size() > 1)
        fortranToC(src, dst, h.shape, itemSize);
    else if (!src.empty())
        std::memcpy(dst.data(), src.data(), src.size());
}

std::string decodeUnicode(std::span<const std::byte> item, std::size_t index) {
    std::size_t units = item.size() / 4;
    const auto unitAt = [&](std::size_t u) {
        std::uint32_t c;
        std::memcpy(&c, item.data() + 4 * u, 4);
        return c;
    };
    while (units > 0 && unitAt(units - 1) == 0) --units;  // NumPy strips trailing NULs
    std::string out;
    for (std::size_t u = 0; u < units; ++u) {
        const char32_t c = unitAt(u);
        if (!utf8::isScalar(c))
            throw ParseError("string element " + std::to_string(index) + " holds an invalid code point " +
                             std::to_string(static_cast<std::uint32_t>(c)));
        utf8::append(out, c);
    }
    return out;
}

std::string decodeBytes(std::span<const std::byte> item) {
    std::size_t n = item.size();
    while (n > 0 && item[n - 1] == std::byte{0}) --n;
    return std::string(reinterpret_cast<const char*>(item.data()), n);
}

}  // namespace

NpyArray decodeNpy(std::span<const std::byte> bytes) {
    const NpyHeader h = readNpyHeader(bytes);
    const NpyDescr d = parseNpyDescr(h.descr);

    std::int64_t numel = 1;
    for (std::int64_t extent : h.shape) {
        if (extent != 0 && numel > (std::int64_t{1} << 62) / extent)
            throw ParseError("the header's shape has more than 2^62 elements", 8);
        numel *= extent;
    }
    const std::size_t available = bytes.size() - h.dataOffset;
    if (static_cast<std::uint64_t>(numel) > available / d.itemSize)
        throw ParseError("data truncated: the header declares " + std::to_string(numel) + " elements of " +
                             std::to_string(d.itemSize) + " bytes, but only " + std::to_string(available) +
                             " bytes follow",
                         h.dataOffset);
    const std::size_t nbytes = static_cast<std::size_t>(numel) * d.itemSize;
    const auto src = bytes.subspan(h.dataOffset, nbytes);

    NpyArray out;
    out.descr = h.descr;
    out.shape = h.shape;
    if (d.kind == NpyDescr::Kind::Numeric) {
        out.tensor = Tensor(d.dtype, h.shape);
        auto dst = out.tensor.bytes();
        copyInCOrder(src, dst, h, d.itemSize);
        if (d.bigEndian) swapEach(dst, d.itemSize);
        if (d.dtype == DType::Bool)
            for (auto& b : dst) b = b != std::byte{0} ? std::byte{1} : std::byte{0};
        return out;
    }

    out.isString = true;
    std::vector<std::byte> items(nbytes);
    copyInCOrder(src, items, h, d.itemSize);
    if (d.bigEndian) swapEach(items, 4);
    out.strings.reserve(static_cast<std::size_t>(numel));
    for (std::size_t i = 0; i < static_cast<std::size_t>(numel); ++i) {
        const auto item = std::span<const std::byte>(items).subspan(i * d.itemSize, d.itemSize);
        out.strings.push_back(d.kind == NpyDescr::Kind::Unicode ? decodeUnicode(item, i) : decodeBytes(item));
    }
    return out;
}

NpyArray parseNpy(std::span<const std::byte> bytes, const std::string& sourceName) {
    return guardParse(sourceName, [&] { return decodeNpy(bytes); });
}

NpyArray readNpy(const std::filesystem::path& path) {
    const SharedBytes bytes = readFileBytes(path);
    return parseNpy(*bytes, path.string());
}

}  // namespace topospike::io
