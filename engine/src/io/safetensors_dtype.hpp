#pragma once
// Internal: safetensors dtype names ("F32", "BF16", "BOOL", ...) for the dtypes TopoSpike holds.

#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include "topospike/dtype.hpp"

namespace topospike::io {

inline constexpr std::array<std::pair<std::string_view, DType>, 13> kSafetensorsDTypes{{
    {"F64", DType::F64},
    {"F32", DType::F32},
    {"F16", DType::F16},
    {"BF16", DType::BF16},
    {"I64", DType::I64},
    {"I32", DType::I32},
    {"I16", DType::I16},
    {"I8", DType::I8},
    {"U8", DType::U8},
    {"BOOL", DType::Bool},
    {"U16", DType::U16},
    {"U32", DType::U32},
    {"U64", DType::U64},
}};

inline std::optional<DType> safetensorsDType(std::string_view name) {
    for (const auto& [n, t] : kSafetensorsDTypes)
        if (n == name) return t;
    return std::nullopt;
}

inline std::string_view safetensorsName(DType t) {
    for (const auto& [n, d] : kSafetensorsDTypes)
        if (d == t) return n;
    return "?";
}

}  // namespace topospike::io
