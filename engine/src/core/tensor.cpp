#include "topospike/tensor.hpp"

#include <cstring>
#include <limits>
#include <stdexcept>

namespace topospike {
namespace {
template <class T>
T load(const std::byte* p) {
    T v;
    std::memcpy(&v, p, sizeof(T));
    return v;
}
}  // namespace

std::int64_t Tensor::countElements(const std::vector<std::int64_t>& shape) {
    constexpr std::int64_t kMax = std::int64_t{1} << 62;
    std::int64_t n = 1;
    for (std::int64_t d : shape) {
        if (d < 0) throw std::length_error("negative tensor extent " + std::to_string(d));
        if (d != 0 && n > kMax / d) throw std::length_error("tensor shape overflows 2^62 elements");
        n *= d;
    }
    return n;
}

Tensor::Tensor(DType dtype, std::vector<std::int64_t> shape)
    : dtype_(dtype), shape_(std::move(shape)), numel_(countElements(shape_)) {
    const auto size = dtypeSize(dtype_);
    if (static_cast<std::uint64_t>(numel_) > std::numeric_limits<std::size_t>::max() / size)
        throw std::length_error("tensor too large");
    data_.resize(static_cast<std::size_t>(numel_) * size);
}

double Tensor::valueAt(std::int64_t i) const {
    if (i < 0 || i >= numel_) throw std::out_of_range("tensor index " + std::to_string(i));
    const std::byte* p = data_.data() + static_cast<std::size_t>(i) * dtypeSize(dtype_);
    switch (dtype_) {
        case DType::Bool: return load<std::uint8_t>(p) != 0 ? 1.0 : 0.0;
        case DType::U8: return load<std::uint8_t>(p);
        case DType::I8: return load<std::int8_t>(p);
        case DType::I16: return load<std::int16_t>(p);
        case DType::I32: return load<std::int32_t>(p);
        case DType::I64: return static_cast<double>(load<std::int64_t>(p));
        case DType::U16: return load<std::uint16_t>(p);
        case DType::U32: return load<std::uint32_t>(p);
        case DType::U64: return static_cast<double>(load<std::uint64_t>(p));
        case DType::F16: return halfToFloat(load<std::uint16_t>(p));
        case DType::BF16: return bfloat16ToFloat(load<std::uint16_t>(p));
        case DType::F32: return load<float>(p);
        case DType::F64: return load<double>(p);
    }
    return 0.0;
}

std::vector<float> Tensor::toFloat() const {
    std::vector<float> out(static_cast<std::size_t>(numel_));
    if (dtype_ == DType::F32) {
        if (!out.empty()) std::memcpy(out.data(), data_.data(), data_.size());
        return out;
    }
    for (std::int64_t i = 0; i < numel_; ++i) out[static_cast<std::size_t>(i)] = static_cast<float>(valueAt(i));
    return out;
}

std::vector<double> Tensor::toDouble() const {
    std::vector<double> out(static_cast<std::size_t>(numel_));
    for (std::int64_t i = 0; i < numel_; ++i) out[static_cast<std::size_t>(i)] = valueAt(i);
    return out;
}

std::string Tensor::shapeString() const {
    std::string s = "[";
    for (std::size_t i = 0; i < shape_.size(); ++i) {
        if (i) s += ", ";
        s += std::to_string(shape_[i]);
    }
    return s + "]";
}

}  // namespace topospike
