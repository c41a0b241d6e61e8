#include "topospike/dtype.hpp"

#include <bit>
#include <cstring>

namespace topospike {

std::size_t dtypeSize(DType t) noexcept {
    switch (t) {
        case DType::Bool:
        case DType::U8:
        case DType::I8: return 1;
        case DType::I16:
        case DType::U16:
        case DType::F16:
        case DType::BF16: return 2;
        case DType::I32:
        case DType::U32:
        case DType::F32: return 4;
        case DType::I64:
        case DType::U64:
        case DType::F64: return 8;
    }
    return 1;
}

std::string_view dtypeName(DType t) noexcept {
    switch (t) {
        case DType::Bool: return "bool";
        case DType::U8: return "uint8";
        case DType::I8: return "int8";
        case DType::I16: return "int16";
        case DType::I32: return "int32";
        case DType::I64: return "int64";
        case DType::U16: return "uint16";
        case DType::U32: return "uint32";
        case DType::U64: return "uint64";
        case DType::F16: return "float16";
        case DType::BF16: return "bfloat16";
        case DType::F32: return "float32";
        case DType::F64: return "float64";
    }
    return "?";
}

bool isFloating(DType t) noexcept {
    return t == DType::F16 || t == DType::BF16 || t == DType::F32 || t == DType::F64;
}

float halfToFloat(std::uint16_t h) noexcept {
    const std::uint32_t sign = (h & 0x8000u) << 16;
    const std::uint32_t exp = (h >> 10) & 0x1fu;
    std::uint32_t mant = h & 0x3ffu;
    std::uint32_t bits;
    if (exp == 0) {
        if (mant == 0) {
            bits = sign;
        } else {  // subnormal: normalise
            int e = -1;
            do {
                ++e;
                mant <<= 1;
            } while ((mant & 0x400u) == 0);
            bits = sign | (static_cast<std::uint32_t>(127 - 15 - e) << 23) | ((mant & 0x3ffu) << 13);
        }
    } else if (exp == 0x1f) {
        bits = sign | 0x7f800000u | (mant << 13);
    } else {
        bits = sign | ((exp + 127 - 15) << 23) | (mant << 13);
    }
    return std::bit_cast<float>(bits);
}

float bfloat16ToFloat(std::uint16_t b) noexcept {
    return std::bit_cast<float>(static_cast<std::uint32_t>(b) << 16);
}

}  // namespace topospike
