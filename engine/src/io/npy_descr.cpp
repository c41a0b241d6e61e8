#include "npy_descr.hpp"

#include <charconv>

#include "parse_error.hpp"
#include "topospike/error.hpp"

namespace topospike::io {
namespace {

bool numericType(char kind, std::size_t size, DType& out) {
    switch (kind) {
        case 'f':
            if (size == 2)
                out = DType::F16;
            else if (size == 4)
                out = DType::F32;
            else if (size == 8)
                out = DType::F64;
            else
                return false;
            return true;
        case 'i':
            if (size == 1)
                out = DType::I8;
            else if (size == 2)
                out = DType::I16;
            else if (size == 4)
                out = DType::I32;
            else if (size == 8)
                out = DType::I64;
            else
                return false;
            return true;
        case 'u':
            if (size == 1)
                out = DType::U8;
            else if (size == 2)
                out = DType::U16;
            else if (size == 4)
                out = DType::U32;
            else if (size == 8)
                out = DType::U64;
            else
                return false;
            return true;
        case 'b':
            out = DType::Bool;
            return size == 1;
        default:
            return false;
    }
}

}  // namespace

NpyDescr parseNpyDescr(std::string_view descr) {
    const std::string quoted = "'" + std::string(descr) + "'";
    if (descr.size() < 2) throw ParseError("unsupported dtype " + quoted);
    NpyDescr d;
    std::string_view rest = descr;
    switch (rest.front()) {
        case '<':
        case '=':
        case '|':
            rest.remove_prefix(1);
            break;
        case '>':
            d.bigEndian = true;
            rest.remove_prefix(1);
            break;
        default:
            break;  // no byte-order character: native
    }
    if (rest.empty()) throw ParseError("unsupported dtype " + quoted);
    const char kind = rest.front();
    rest.remove_prefix(1);
    if (kind == 'O')
        throw ParseError(
            "dtype " + quoted +
            " is an object array, stored as a Python pickle; TopoSpike does not execute pickles. "
            "Save the data as a numeric or string array instead");
    std::size_t count = 0;
    const auto r = std::from_chars(rest.data(), rest.data() + rest.size(), count);
    if (r.ec != std::errc() || r.ptr != rest.data() + rest.size()) {
        if (kind == 'M' || kind == 'm') throw ParseError("datetime dtype " + quoted + " is not supported");
        throw ParseError("unsupported dtype " + quoted);
    }
    switch (kind) {
        case 'U':
        case 'S':
            if (count == 0) throw ParseError("zero-width string dtype " + quoted + " is not supported");
            if (count > (std::size_t{1} << 30))
                throw ParseError("string dtype " + quoted + " is absurdly wide");
            d.kind = kind == 'U' ? NpyDescr::Kind::Unicode : NpyDescr::Kind::Bytes;
            d.itemSize = kind == 'U' ? 4 * count : count;
            if (kind == 'S') d.bigEndian = false;
            return d;
        case 'c':
            throw ParseError("complex dtype " + quoted + " is not supported");
        case 'V':
            throw ParseError("void/structured dtype " + quoted + " is not supported");
        case 'M':
        case 'm':
            throw ParseError("datetime dtype " + quoted + " is not supported");
        default:
            break;
    }
    if (!numericType(kind, count, d.dtype)) throw ParseError("unsupported dtype " + quoted);
    d.kind = NpyDescr::Kind::Numeric;
    d.itemSize = count;
    if (count == 1) d.bigEndian = false;
    return d;
}

std::string npyDescrOf(DType t) {
    switch (t) {
        case DType::Bool:
            return "|b1";
        case DType::U8:
            return "|u1";
        case DType::I8:
            return "|i1";
        case DType::I16:
            return "<i2";
        case DType::I32:
            return "<i4";
        case DType::I64:
            return "<i8";
        case DType::U16:
            return "<u2";
        case DType::U32:
            return "<u4";
        case DType::U64:
            return "<u8";
        case DType::F16:
            return "<f2";
        case DType::F32:
            return "<f4";
        case DType::F64:
            return "<f8";
        case DType::BF16:
            break;
    }
    throw Error("bfloat16 has no NumPy dtype; convert the tensor to float32 before saving it as .npy");
}

}  // namespace topospike::io
