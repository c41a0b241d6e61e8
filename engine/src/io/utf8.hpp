#pragma once
// Internal: the few UTF-8 operations the parsers need (encode one code point, decode one with validation).

#include <cstddef>
#include <string>
#include <string_view>

namespace topospike::io::utf8 {

/// True for a Unicode scalar value (a code point that is not a surrogate and is at most U+10FFFF).
constexpr bool isScalar(char32_t c) noexcept {
    return c <= 0x10FFFF && (c < 0xD800 || c > 0xDFFF);
}

/// Appends the UTF-8 encoding of scalar value `c` (the caller checks isScalar).
inline void append(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

inline constexpr char32_t kInvalid = 0xFFFFFFFF;

/// Decodes the code point at s[pos] and advances pos past it. Returns kInvalid (advancing one byte) for
/// malformed, overlong or surrogate sequences.
inline char32_t decode(std::string_view s, std::size_t& pos) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const unsigned char b0 = byte(pos);
    std::size_t len;
    char32_t c;
    if (b0 < 0x80) {
        ++pos;
        return b0;
    } else if ((b0 & 0xE0) == 0xC0) {
        len = 2;
        c = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
        len = 3;
        c = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
        len = 4;
        c = b0 & 0x07;
    } else {
        ++pos;
        return kInvalid;
    }
    if (s.size() - pos < len) {
        ++pos;
        return kInvalid;
    }
    for (std::size_t i = 1; i < len; ++i) {
        const unsigned char b = byte(pos + i);
        if ((b & 0xC0) != 0x80) {
            ++pos;
            return kInvalid;
        }
        c = (c << 6) | (b & 0x3F);
    }
    constexpr char32_t kMinForLength[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < kMinForLength[len] || !isScalar(c)) {
        ++pos;
        return kInvalid;
    }
    pos += len;
    return c;
}

}  // namespace topospike::io::utf8
