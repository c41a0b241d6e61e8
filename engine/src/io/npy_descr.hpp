#pragma once
// Internal: NumPy dtype strings ("descr" in a .npy header), e.g. "<f4", ">i8", "|b1", "<U8", "|S3".

#include <cstddef>
#include <string>
#include <string_view>

#include "topospike/dtype.hpp"

namespace topospike::io {

struct NpyDescr {
    enum class Kind { Numeric, Unicode, Bytes };
    Kind kind = Kind::Numeric;
    DType dtype = DType::F32;  ///< for Numeric
    std::size_t itemSize = 0;  ///< bytes per element (4·n for "<U<n>", n for "|S<n>")
    bool bigEndian = false;  ///< the data must be byte-swapped (per element, or per 4-byte code unit for 'U')
};

/// Parses a descr. Throws ParseError with a clear reason for object ('|O'), complex, datetime, void,
/// zero-width string and malformed dtypes.
NpyDescr parseNpyDescr(std::string_view descr);

/// The little-endian descr NumPy uses for `t` ("<f4", "|b1", ...). Throws Error for bfloat16.
std::string npyDescrOf(DType t);

}  // namespace topospike::io
