#pragma once
// Internal: a PyTorch >= 1.6 zip checkpoint: the archive, its data.pkl read by the allow-list machine, and
// tensors rebuilt from `_rebuild_tensor_v2` nodes and their storages (strides, offsets, shared storages).

#include <map>
#include <string>

#include "pickle_machine.hpp"
#include "topospike/io/file_bytes.hpp"
#include "topospike/tensor.hpp"
#include "zip_archive.hpp"

namespace topospike::io {

class TorchZip {
public:
    /// Parses the archive and its pickle. Throws ParseError (refusals included).
    explicit TorchZip(SharedBytes file);

    const pickle::Pickle& pickle() const noexcept { return pickle_; }
    /// The top-level folder inside the archive ("archive", or the file stem).
    const std::string& folder() const noexcept { return folder_; }
    /// Container facts: "byteorder", "version", "format_version" when present.
    const std::map<std::string, std::string>& facts() const noexcept { return facts_; }

    /// True if the node rebuilds a tensor (_rebuild_tensor_v2, _rebuild_parameter, _rebuild_from_type_v2).
    bool isTensor(pickle::NodeId id) const;
    /// Materialises the tensor of a node for which isTensor() holds, as a C-contiguous copy.
    Tensor tensor(pickle::NodeId id) const;

private:
    struct Storage {
        DType dtype;
        std::int64_t numel;
        std::span<const std::byte> bytes;
    };
    const Storage& storage(pickle::NodeId persistent) const;
    Tensor rebuild(pickle::NodeId argsTuple) const;
    pickle::NodeId unwrap(pickle::NodeId id, pickle::NodeId* rebuildArgs) const;

    SharedBytes file_;
    ZipArchive zip_;
    std::string folder_;
    std::map<std::string, std::string> facts_;
    pickle::Pickle pickle_;
    mutable std::map<std::string, Storage, std::less<>> storages_;
    std::uint64_t materialBudget_ = 0;
    mutable std::uint64_t materialised_ = 0;
};

}  // namespace topospike::io
