#include "torch_zip.hpp"

#include <array>
#include <cstring>

#include "parse_error.hpp"

namespace topospike::io {
namespace {

using pickle::Kind;
using pickle::kNoNode;
using pickle::NodeId;

struct StorageType {
    std::string_view name;
    DType dtype;
};
constexpr std::array kStorageTypes = {
    StorageType{"FloatStorage", DType::F32},   StorageType{"DoubleStorage", DType::F64},
    StorageType{"HalfStorage", DType::F16},    StorageType{"BFloat16Storage", DType::BF16},
    StorageType{"LongStorage", DType::I64},    StorageType{"IntStorage", DType::I32},
    StorageType{"ShortStorage", DType::I16},   StorageType{"CharStorage", DType::I8},
    StorageType{"ByteStorage", DType::U8},     StorageType{"BoolStorage", DType::Bool},
};

std::string trimmed(std::span<const std::byte> b) {
    std::string s(reinterpret_cast<const char*>(b.data()), b.size());
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
    return s;
}

}  // namespace

TorchZip::TorchZip(SharedBytes file) : file_(file), zip_(file) {
    bool allNpy = !zip_.entries().empty();
    for (const auto& e : zip_.entries()) {
        if (e.name.ends_with("/constants.pkl") || e.name.find("/code/__torch__/") != std::string::npos)
            throw ParseError(
                "this is a TorchScript archive (torch.jit.save), not a checkpoint; load it in Python with "
                "torch.jit.load and save the weights with torch.save(model.state_dict(), 'weights.pth')");
        if (!e.name.ends_with(".npy")) allNpy = false;
    }
    if (allNpy) throw ParseError("this is a NumPy .npz archive, not a network checkpoint");
    const ZipEntry* pkl = nullptr;
    for (const auto& e : zip_.entries()) {
        const auto slash = e.name.find('/');
        if (slash != std::string::npos && e.name.substr(slash) == "/data.pkl") {
            pkl = &e;
            folder_ = e.name.substr(0, slash);
            break;
        }
    }
    if (!pkl) throw ParseError("ZIP archive has no <folder>/data.pkl entry: not a PyTorch checkpoint");
    if (pkl->method != 0) throw ParseError(pkl->name + " is compressed; PyTorch always stores it uncompressed");
    materialBudget_ = 4 * static_cast<std::uint64_t>(file_->size()) + (std::uint64_t{64} << 20);
    for (const char* fact : {"byteorder", "version", ".format_version", ".storage_alignment"}) {
        if (const ZipEntry* e = zip_.find(folder_ + "/" + fact); e && e->uncompressedSize < 64)
            facts_[std::string(fact[0] == '.' ? fact + 1 : fact)] = trimmed(zip_.extract(*e));
    }
    if (auto it = facts_.find("byteorder"); it != facts_.end() && it->second != "little")
        throw ParseError("checkpoint was written with byte order '" + it->second + "'; only little-endian is supported");
    try {
        pickle_ = pickle::Pickle::parse(zip_.extract(*pkl));
    } catch (const ParseError& e) {
        // Report file offsets: PyTorch stores data.pkl uncompressed.
        std::optional<std::uint64_t> at;
        if (e.offset && pkl->method == 0) at = pkl->dataOffset + *e.offset;
        throw ParseError(pkl->name + ": " + e.what(), at);
    }
}

NodeId TorchZip::unwrap(NodeId id, NodeId* rebuildArgs) const {
    // Follows _rebuild_parameter(tensor, ...) and _rebuild_from_type_v2(func, type, args, state) down to the
    // _rebuild_tensor_v2 call; returns its node (or kNoNode) and its argument tuple.
    for (int depth = 0; depth < 8 && id != kNoNode && id < pickle_.size(); ++depth) {
        const auto& n = pickle_.node(id);
        if (n.kind != Kind::Object) return kNoNode;
        const std::string fn = pickle_.globalName(id);
        const auto& args = pickle_.node(n.args);
        if (fn == "torch._utils._rebuild_tensor_v2") {
            *rebuildArgs = n.args;
            return id;
        }
        if ((fn == "torch._utils._rebuild_parameter" || fn == "torch._utils._rebuild_parameter_with_state") &&
            !args.items.empty()) {
            id = args.items[0];
            continue;
        }
        if (fn == "torch._tensor._rebuild_from_type_v2" && args.items.size() >= 3 &&
            pickle_.globalName(args.items[0]) == "torch._utils._rebuild_tensor_v2" &&
            pickle_.node(args.items[2]).kind == Kind::Tuple) {
            *rebuildArgs = args.items[2];
            return id;
        }
        return kNoNode;
    }
    return kNoNode;
}

bool TorchZip::isTensor(NodeId id) const {
    NodeId args = kNoNode;
    return unwrap(id, &args) != kNoNode;
}

Tensor TorchZip::tensor(NodeId id) const {
    NodeId args = kNoNode;
    if (unwrap(id, &args) == kNoNode) throw ParseError("pickle node is not a tensor");
    return rebuild(args);
}

const TorchZip::Storage& TorchZip::storage(NodeId persistent) const {
    const auto& p = pickle_.node(persistent);
    if (p.kind != Kind::Persistent) throw ParseError("tensor storage is not a persistent reference");
    const auto& pid = pickle_.node(p.args);
    if (pid.kind != Kind::Tuple || pid.items.size() != 5) throw ParseError("malformed storage reference");
    const auto& tag = pickle_.node(pid.items[0]);
    const auto& type = pickle_.node(pid.items[1]);
    const auto& key = pickle_.node(pid.items[2]);
    const auto& numel = pickle_.node(pid.items[4]);
    if (tag.kind != Kind::String || tag.text != "storage" || type.kind != Kind::Global ||
        key.kind != Kind::String || numel.kind != Kind::Int || numel.integer < 0)
        throw ParseError("malformed storage reference");
    DType dtype{};
    bool known = false;
    for (const auto& st : kStorageTypes)
        if (type.text == "torch" && type.text2 == st.name) {
            dtype = st.dtype;
            known = true;
        }
    if (!known) throw ParseError("unsupported storage type " + type.text + "." + type.text2);
    if (auto it = storages_.find(key.text); it != storages_.end()) {
        if (it->second.dtype != dtype) throw ParseError("storage '" + key.text + "' is used with two element types");
        return it->second;
    }
    const std::string entryName = folder_ + "/data/" + key.text;
    const ZipEntry* e = zip_.find(entryName);
    if (!e) throw ParseError("storage '" + key.text + "' is missing from the archive (no entry " + entryName + ")");
    const std::uint64_t need = static_cast<std::uint64_t>(numel.integer) * dtypeSize(dtype);
    if (numel.integer > (std::int64_t{1} << 60) || e->uncompressedSize < need)
        throw ParseError("storage '" + key.text + "' claims " + std::to_string(numel.integer) + " elements but holds " +
                         std::to_string(e->uncompressedSize) + " bytes");
    if (e->method != 0) throw ParseError("storage '" + key.text + "' is compressed; PyTorch stores storages raw");
    Storage s{dtype, numel.integer, zip_.storedView(*e).first(static_cast<std::size_t>(need))};
    return storages_.emplace(key.text, s).first->second;
}

Tensor TorchZip::rebuild(NodeId argsId) const {
    const auto& args = pickle_.node(argsId);
    if (args.items.size() < 4) throw ParseError("_rebuild_tensor_v2 called with too few arguments");
    const Storage& st = storage(args.items[0]);
    const auto& off = pickle_.node(args.items[1]);
    const auto& size = pickle_.node(args.items[2]);
    const auto& stride = pickle_.node(args.items[3]);
    if (off.kind != Kind::Int || off.integer < 0) throw ParseError("bad tensor storage offset");
    if (size.kind != Kind::Tuple || stride.kind != Kind::Tuple || size.items.size() != stride.items.size() ||
        size.items.size() > 16)
        throw ParseError("bad tensor size/stride");
    std::vector<std::int64_t> shape, strides;
    for (std::size_t i = 0; i < size.items.size(); ++i) {
        const auto& sz = pickle_.node(size.items[i]);
        const auto& sd = pickle_.node(stride.items[i]);
        if (sz.kind != Kind::Int || sd.kind != Kind::Int || sz.integer < 0 || sd.integer < 0 ||
            sz.integer > (std::int64_t{1} << 40) || sd.integer > (std::int64_t{1} << 40))
            throw ParseError("bad tensor size/stride");
        shape.push_back(sz.integer);
        strides.push_back(sd.integer);
    }
    const std::int64_t numel = Tensor::countElements(shape);
    // Highest element touched must lie inside the storage (overflow-checked).
    if (numel > 0) {
        std::int64_t last = off.integer;
        bool overflow = false;
        for (std::size_t i = 0; i < shape.size(); ++i) {
            std::int64_t term = 0;
            overflow |= __builtin_mul_overflow(shape[i] - 1, strides[i], &term);
            overflow |= __builtin_add_overflow(last, term, &last);
        }
        if (overflow || last >= st.numel)
            throw ParseError("tensor of " + std::to_string(numel) + " elements at offset " + std::to_string(off.integer) +
                             " reaches past its storage of " + std::to_string(st.numel) + " elements");
    }
    // Expanded views (stride 0) and tensors listed many times could make a small file ask for huge memory:
    // all tensors together may take a few times the file's size.
    const std::uint64_t bytes = static_cast<std::uint64_t>(numel) * dtypeSize(st.dtype);
    if (bytes > materialBudget_ - materialised_)
        throw ParseError("tensors would take more than " + std::to_string(materialBudget_ >> 20) +
                         " MiB, far more than the file holds (expanded or repeated views)");
    materialised_ += bytes;
    Tensor t(st.dtype, shape);
    const std::size_t es = dtypeSize(st.dtype);
    bool contiguous = true;
    std::int64_t expect = 1;
    for (std::size_t i = shape.size(); i-- > 0;) {
        if (shape[i] != 1 && strides[i] != expect) contiguous = false;
        expect *= shape[i];
    }
    auto out = t.bytes();
    if (numel == 0) return t;
    if (contiguous) {
        std::memcpy(out.data(), st.bytes.data() + static_cast<std::size_t>(off.integer) * es, out.size());
        return t;
    }
    std::vector<std::int64_t> idx(shape.size(), 0);
    for (std::int64_t n = 0; n < numel; ++n) {
        std::int64_t src = off.integer;
        for (std::size_t i = 0; i < shape.size(); ++i) src += idx[i] * strides[i];
        std::memcpy(out.data() + static_cast<std::size_t>(n) * es, st.bytes.data() + static_cast<std::size_t>(src) * es,
                    es);
        for (std::size_t i = shape.size(); i-- > 0;) {
            if (++idx[i] < shape[i]) break;
            idx[i] = 0;
        }
    }
    return t;
}

}  // namespace topospike::io
