// Reading safetensors files: the header is parsed and every tensor validated (dtype, shape, offsets,
// overlaps) before any tensor data is copied.

#include <algorithm>
#include <cstring>

#include "byte_reader.hpp"
#include "json.hpp"
#include "parse_error.hpp"
#include "safetensors_dtype.hpp"
#include "topospike/io/file_bytes.hpp"
#include "topospike/io/safetensors.hpp"

namespace topospike::io {
namespace {

constexpr std::string_view kMetadataKey = "__metadata__";

struct Planned {
    std::string name;
    DType dtype;
    std::vector<std::int64_t> shape;
    std::uint64_t begin;
    std::uint64_t end;
};

Planned planTensor(const std::string& name, const json::Value& info, std::uint64_t dataSize,
                   std::uint64_t at) {
    const std::string who = "tensor '" + name + "'";
    if (!info.isObject()) throw ParseError(who + ": its header entry is not an object", at);
    const json::Value* dtype = info.find("dtype");
    const json::Value* shape = info.find("shape");
    const json::Value* offsets = info.find("data_offsets");
    if (!dtype || !dtype->isString()) throw ParseError(who + ": missing or non-string \"dtype\"", at);
    if (!shape || !shape->isArray()) throw ParseError(who + ": missing or non-array \"shape\"", at);
    if (!offsets || !offsets->isArray() || offsets->items().size() != 2)
        throw ParseError(who + ": \"data_offsets\" must be an array [begin, end]", at);

    Planned p{name, DType::F32, {}, 0, 0};
    const auto t = safetensorsDType(dtype->asString());
    if (!t) throw ParseError(who + " has dtype " + dtype->asString() + ", which TopoSpike does not read", at);
    p.dtype = *t;
    for (const json::Value& d : shape->items()) {
        if (!d.isInteger() || d.asInt() < 0)
            throw ParseError(who + ": \"shape\" must hold non-negative integers", at);
        p.shape.push_back(d.asInt());
    }
    for (const json::Value& o : offsets->items())
        if (!o.isInteger() || o.asInt() < 0)
            throw ParseError(who + ": \"data_offsets\" must hold non-negative integers", at);
    p.begin = static_cast<std::uint64_t>(offsets->items()[0].asInt());
    p.end = static_cast<std::uint64_t>(offsets->items()[1].asInt());
    if (p.begin > p.end || p.end > dataSize)
        throw ParseError(who + ": data_offsets [" + std::to_string(p.begin) + ", " + std::to_string(p.end) +
                             "] lie outside the " + std::to_string(dataSize) + "-byte data buffer",
                         at);
    std::int64_t numel = 0;
    try {
        numel = Tensor::countElements(p.shape);
    } catch (const std::length_error&) {
        throw ParseError(who + ": shape overflows", at);
    }
    const std::uint64_t itemSize = dtypeSize(p.dtype);
    if (static_cast<std::uint64_t>(numel) > dataSize / itemSize || p.end - p.begin != numel * itemSize)
        throw ParseError(who + ": data_offsets span " + std::to_string(p.end - p.begin) +
                             " bytes but shape " + std::to_string(numel) + " x " + std::to_string(itemSize) +
                             " bytes needs " +
                             (static_cast<std::uint64_t>(numel) > dataSize / itemSize
                                  ? std::string("more than the whole file")
                                  : std::to_string(numel * itemSize)),
                         at);
    return p;
}

void checkNoOverlap(std::vector<const Planned*> planned, std::uint64_t dataStart) {
    std::erase_if(planned, [](const Planned* p) { return p->begin == p->end; });
    std::sort(planned.begin(), planned.end(),
              [](const Planned* a, const Planned* b) { return a->begin < b->begin; });
    for (std::size_t i = 1; i < planned.size(); ++i)
        if (planned[i]->begin < planned[i - 1]->end)
            throw ParseError("tensors '" + planned[i - 1]->name + "' and '" + planned[i]->name +
                                 "' have overlapping data ranges",
                             dataStart + planned[i]->begin);
}

SafetensorsFile decode(std::span<const std::byte> bytes) {
    ByteReader r(bytes);
    if (bytes.size() < 8)
        throw ParseError("too short to be a safetensors file (" + std::to_string(bytes.size()) + " bytes)");
    const std::uint64_t headerLen = r.u64();
    if (headerLen > kMaxSafetensorsHeader)
        throw ParseError("header length " + std::to_string(headerLen) + " exceeds the 100 MB limit", 0);
    if (headerLen > bytes.size() - 8)
        throw ParseError("header length " + std::to_string(headerLen) + " runs past the end of the " +
                             std::to_string(bytes.size()) + "-byte file",
                         0);
    const std::string_view text = r.takeString(static_cast<std::size_t>(headerLen));
    if (text.empty() || text.front() != '{') throw ParseError("the header is not a JSON object", 8);
    // ~10 JSON values per tensor: 2 million allow 200,000 tensors while bounding a hostile header's memory.
    const json::Value header =
        json::parse(text, {.maxDepth = 8, .maxBytes = kMaxSafetensorsHeader, .maxValues = 2'000'000}, 8);
    if (!header.isObject()) throw ParseError("the header is not a JSON object", 8);

    const std::uint64_t dataStart = 8 + headerLen;
    const std::uint64_t dataSize = bytes.size() - dataStart;
    SafetensorsFile out;
    std::vector<Planned> planned;
    for (const auto& [name, info] : header.members()) {
        if (name == kMetadataKey) {
            if (!info.isObject()) throw ParseError("\"__metadata__\" is not an object", 8);
            for (const auto& [key, value] : info.members()) {
                if (!value.isString())
                    throw ParseError("\"__metadata__\" entry \"" + key + "\" is not a string", 8);
                out.metadata.emplace(key, value.asString());
            }
            continue;
        }
        planned.push_back(planTensor(name, info, dataSize, 8));
    }
    std::vector<const Planned*> order;
    for (const auto& p : planned) order.push_back(&p);
    checkNoOverlap(order, dataStart);

    for (const Planned& p : planned) {
        Tensor t(p.dtype, p.shape);
        if (t.nbytes() > 0) std::memcpy(t.bytes().data(), bytes.data() + dataStart + p.begin, t.nbytes());
        out.tensors.insert(p.name, std::move(t));
    }
    return out;
}

}  // namespace

std::optional<std::string> SafetensorsFile::meta(std::string_view key) const {
    const auto it = metadata.find(key);
    if (it == metadata.end()) return std::nullopt;
    return it->second;
}

bool looksLikeSafetensors(std::span<const std::byte> bytes) {
    if (bytes.size() < 9) return false;
    std::uint64_t n;
    std::memcpy(&n, bytes.data(), 8);
    return n >= 2 && n <= kMaxSafetensorsHeader && n <= bytes.size() - 8 && bytes[8] == std::byte{'{'};
}

SafetensorsFile parseSafetensors(std::span<const std::byte> bytes, const std::string& sourceName) {
    return guardParse(sourceName, [&] { return decode(bytes); });
}

SafetensorsFile readSafetensors(const std::filesystem::path& path) {
    const SharedBytes bytes = readFileBytes(path);
    return parseSafetensors(*bytes, path.string());
}

}  // namespace topospike::io
