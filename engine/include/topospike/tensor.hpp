#pragma once
/// @file tensor.hpp
/// A dense, C-contiguous, little-endian tensor: the plain data type that crosses the engine boundary.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "topospike/dtype.hpp"

namespace topospike {

class Tensor {
public:
    Tensor() = default;
    /// A zero-filled tensor. Throws std::length_error if the shape is negative or overflows.
    Tensor(DType dtype, std::vector<std::int64_t> shape);

    DType dtype() const noexcept { return dtype_; }
    const std::vector<std::int64_t>& shape() const noexcept { return shape_; }
    std::size_t rank() const noexcept { return shape_.size(); }
    std::int64_t numel() const noexcept { return numel_; }
    std::size_t nbytes() const noexcept { return data_.size(); }

    std::span<const std::byte> bytes() const noexcept { return data_; }
    std::span<std::byte> bytes() noexcept { return data_; }

    /// Element i (row-major flat index) converted to double, whatever the dtype.
    double valueAt(std::int64_t i) const;
    /// All elements converted to float / double.
    std::vector<float> toFloat() const;
    std::vector<double> toDouble() const;

    /// "[64, 3, 7, 7]"
    std::string shapeString() const;

    /// Element count of a shape; throws std::length_error on negative extents or overflow past 2^62.
    static std::int64_t countElements(const std::vector<std::int64_t>& shape);

private:
    DType dtype_ = DType::F32;
    std::vector<std::int64_t> shape_;
    std::int64_t numel_ = 0;
    std::vector<std::byte> data_;
};

}  // namespace topospike
