#pragma once
/// @file dtype.hpp
/// Element types of tensors read from checkpoints and NumPy files.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace topospike {

enum class DType : std::uint8_t { Bool, U8, I8, I16, I32, I64, U16, U32, U64, F16, BF16, F32, F64 };

/// Bytes per element.
std::size_t dtypeSize(DType t) noexcept;
/// PyTorch-style name: "float32", "bfloat16", "int64", "bool", ...
std::string_view dtypeName(DType t) noexcept;
bool isFloating(DType t) noexcept;

/// IEEE binary16 → float (exact).
float halfToFloat(std::uint16_t h) noexcept;
/// bfloat16 → float (exact).
float bfloat16ToFloat(std::uint16_t b) noexcept;

}  // namespace topospike
