// Writing .npy files: a version 1.0 preamble (npy_header) followed by the C-order little-endian data.

#include <array>
#include <cstring>
#include <stdexcept>

#include "atomic_file.hpp"
#include "npy_descr.hpp"
#include "npy_encode.hpp"
#include "npy_header.hpp"
#include "topospike/error.hpp"
#include "topospike/io/npy.hpp"
#include "utf8.hpp"

namespace topospike::io {
namespace {

std::u32string toUtf32(const std::string& s, std::size_t index) {
    std::u32string out;
    for (std::size_t pos = 0; pos < s.size();) {
        const char32_t c = utf8::decode(s, pos);
        if (c == utf8::kInvalid) throw Error("string " + std::to_string(index) + " is not valid UTF-8");
        out += c;
    }
    return out;
}

std::span<const std::byte> asBytes(const std::string& s) {
    return {reinterpret_cast<const std::byte*>(s.data()), s.size()};
}

std::vector<std::byte> joined(const EncodedNpy& e) {
    std::vector<std::byte> out;
    out.reserve(e.header.size() + e.data().size());
    for (const auto& piece : e.pieces()) out.insert(out.end(), piece.begin(), piece.end());
    return out;
}

}  // namespace

EncodedNpy encodeNpyParts(const Tensor& t) {
    EncodedNpy e;
    e.header = formatNpyHeader(npyDescrOf(t.dtype()), t.shape());
    e.borrowed = t.bytes();
    return e;
}

EncodedNpy encodeNpyParts(const NpyArray& a) {
    if (!a.isString) {
        if (a.tensor.shape() != a.shape) throw Error("NpyArray: shape differs from its tensor's shape");
        return encodeNpyParts(a.tensor);
    }
    if (Tensor::countElements(a.shape) != static_cast<std::int64_t>(a.strings.size()))
        throw Error("NpyArray: shape does not match the number of strings");
    std::vector<std::u32string> wide;
    wide.reserve(a.strings.size());
    std::size_t width = 1;  // NumPy writes '<U1' for empty strings
    for (std::size_t i = 0; i < a.strings.size(); ++i) {
        wide.push_back(toUtf32(a.strings[i], i));
        width = std::max(width, wide.back().size());
    }
    EncodedNpy e;
    e.header = formatNpyHeader("<U" + std::to_string(width), a.shape);
    e.owned.resize(wide.size() * width * 4);
    for (std::size_t i = 0; i < wide.size(); ++i)
        for (std::size_t k = 0; k < wide[i].size(); ++k) {
            const std::uint32_t c = wide[i][k];
            std::memcpy(e.owned.data() + (i * width + k) * 4, &c, 4);
        }
    e.ownsData = true;
    return e;
}

std::array<std::span<const std::byte>, 2> EncodedNpy::pieces() const {
    return {asBytes(header), data()};
}

std::vector<std::byte> encodeNpy(const NpyArray& a) {
    return joined(encodeNpyParts(a));
}
std::vector<std::byte> encodeNpy(const Tensor& t) {
    return joined(encodeNpyParts(t));
}

void writeNpy(const std::filesystem::path& path, const Tensor& t) {
    const EncodedNpy e = encodeNpyParts(t);
    writeFileAtomically(path, [&](std::ostream& out) {
        for (const auto& piece : e.pieces())
            out.write(reinterpret_cast<const char*>(piece.data()),
                      static_cast<std::streamsize>(piece.size()));
    });
}

}  // namespace topospike::io
