// Writing safetensors files: JSON header (metadata first, then tensors in the given order), padded with
// spaces to a multiple of 8 bytes, then the tensors' bytes back to back.

#include <set>

#include "atomic_file.hpp"
#include "json.hpp"
#include "safetensors_dtype.hpp"
#include "topospike/error.hpp"
#include "topospike/io/safetensors.hpp"

namespace topospike::io {

void writeSafetensors(const std::filesystem::path& path,
                      const std::vector<std::pair<std::string, const Tensor*>>& tensors,
                      const std::map<std::string, std::string, std::less<>>& metadata) {
    json::Value header = json::Value::object();
    if (!metadata.empty()) {
        json::Value meta = json::Value::object();
        for (const auto& [key, value] : metadata) meta.append(key, value);
        header.append("__metadata__", std::move(meta));
    }
    std::set<std::string, std::less<>> seen;
    std::uint64_t offset = 0;
    for (const auto& [name, tensor] : tensors) {
        if (name.empty() || name == "__metadata__" || tensor == nullptr)
            throw Error("safetensors: invalid tensor name or null tensor '" + name + "'");
        if (!seen.insert(name).second) throw Error("safetensors: two tensors are named '" + name + "'");
        json::Value info = json::Value::object();
        info.append("dtype", std::string(safetensorsName(tensor->dtype())));
        json::Value shape = json::Value::array();
        for (std::int64_t d : tensor->shape()) shape.push(d);
        info.append("shape", std::move(shape));
        json::Value offsets = json::Value::array();
        offsets.push(static_cast<std::int64_t>(offset));
        offset += tensor->nbytes();
        offsets.push(static_cast<std::int64_t>(offset));
        info.append("data_offsets", std::move(offsets));
        header.append(name, std::move(info));
    }
    std::string text = json::write(header);
    text.append((8 - text.size() % 8) % 8, ' ');
    if (text.size() > kMaxSafetensorsHeader) throw Error("safetensors: the header would exceed 100 MB");

    writeFileAtomically(path, [&](std::ostream& out) {
        std::uint64_t n = text.size();
        char len[8];
        for (int i = 0; i < 8; ++i) len[i] = static_cast<char>((n >> (8 * i)) & 0xff);
        out.write(len, 8);
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        for (const auto& [name, tensor] : tensors)
            out.write(reinterpret_cast<const char*>(tensor->bytes().data()),
                      static_cast<std::streamsize>(tensor->nbytes()));
    });
}

}  // namespace topospike::io
