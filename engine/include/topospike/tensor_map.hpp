#pragma once
/// @file tensor_map.hpp
/// Named tensors in file order (a state_dict).

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "topospike/tensor.hpp"

namespace topospike {

class TensorMap {
public:
    /// Appends; replaces the tensor if the name already exists (keeping its position).
    void insert(std::string name, Tensor t);
    bool contains(std::string_view name) const { return index_.find(name) != index_.end(); }
    /// nullptr when absent.
    const Tensor* find(std::string_view name) const;
    std::size_t size() const noexcept { return items_.size(); }
    bool empty() const noexcept { return items_.empty(); }
    const std::vector<std::pair<std::string, Tensor>>& items() const noexcept { return items_; }
    auto begin() const { return items_.begin(); }
    auto end() const { return items_.end(); }

private:
    std::vector<std::pair<std::string, Tensor>> items_;
    std::map<std::string, std::size_t, std::less<>> index_;
};

}  // namespace topospike
