#include "topospike/tensor_map.hpp"

namespace topospike {

void TensorMap::insert(std::string name, Tensor t) {
    if (auto it = index_.find(name); it != index_.end()) {
        items_[it->second].second = std::move(t);
        return;
    }
    index_.emplace(name, items_.size());
    items_.emplace_back(std::move(name), std::move(t));
}

const Tensor* TensorMap::find(std::string_view name) const {
    auto it = index_.find(name);
    return it == index_.end() ? nullptr : &items_[it->second].second;
}

}  // namespace topospike
