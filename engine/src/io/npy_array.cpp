#include <stdexcept>

#include "topospike/io/npy.hpp"

namespace topospike::io {

std::int64_t NpyArray::numel() const {
    return Tensor::countElements(shape);
}

NpyArray NpyArray::fromStrings(std::vector<std::string> strings, std::vector<std::int64_t> shape) {
    if (Tensor::countElements(shape) != static_cast<std::int64_t>(strings.size()))
        throw std::invalid_argument("string array: shape does not match the number of strings");
    NpyArray a;
    a.isString = true;
    a.shape = std::move(shape);
    a.strings = std::move(strings);
    return a;
}

NpyArray NpyArray::fromTensor(Tensor t) {
    NpyArray a;
    a.shape = t.shape();
    a.tensor = std::move(t);
    return a;
}

}  // namespace topospike::io
