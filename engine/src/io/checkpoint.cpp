#include <cstdlib>
#include "topospike/io/checkpoint.hpp"

#include <array>
#include <cstring>

#include "byte_reader.hpp"
#include "key_layout.hpp"
#include "parse_error.hpp"
#include "state_dict_finder.hpp"
#include "topospike/io/file_bytes.hpp"
#include "topospike/io/safetensors.hpp"
#include "torch_zip.hpp"

namespace topospike::io {
namespace {

// torch.save before 1.6: a pickle whose first object is the magic number 0x1950a86a20f9469cfc6c (LONG1).
constexpr const char* kSeqToAnnNote = "SpikingJelly SeqToANNContainer keys (conv1.module.0/1 ...), renamed to conv1/bn1 ...";
constexpr std::array<unsigned char, 4> kLegacyPrefix = {0x80, 0x02, 0x8a, 0x0a};
constexpr std::array<unsigned char, 10> kLegacyMagic = {0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19};

constexpr std::size_t kMaxKeyLength = 4096;

bool startsWith(std::span<const std::byte> d, std::span<const unsigned char> prefix, std::size_t at = 0) {
    if (d.size() < at + prefix.size()) return false;
    return std::memcmp(d.data() + at, prefix.data(), prefix.size()) == 0;
}

Checkpoint fromTorchZip(SharedBytes bytes, const CheckpointOptions& options) {
    TorchZip tz(bytes);
    const auto& p = tz.pickle();
    auto isTensor = [&](pickle::NodeId id) { return tz.isTensor(id); };
    StateDictLocation loc = findStateDict(p, isTensor, options.weights);

    Checkpoint ck;
    ck.format = "pytorch-zip";
    ck.wrapper = loc.wrapper;
    ck.argsModel = loc.argsModel;
    ck.argsT = loc.argsT;
    ck.argsCnf = loc.argsCnf;
    ck.otherEntries = loc.otherEntries;
    ck.metadata = tz.facts();
    ck.metadata["archive_folder"] = tz.folder();

    std::vector<std::string> names;
    std::vector<pickle::NodeId> values;
    const auto& items = p.node(loc.dict).items;
    for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
        const std::string& key = p.node(items[i]).text;
        if (key.size() > kMaxKeyLength)
            throw ParseError("a tensor name is " + std::to_string(key.size()) + " bytes long (at most " +
                             std::to_string(kMaxKeyLength) + " accepted)");
        if (!isTensor(items[i + 1])) {
            ck.otherEntries.push_back(loc.wrapper + "['" + key + "'] (not a tensor)");
            continue;
        }
        if (loc.wrapper == "model_ema" && key == "n_averaged") continue;  // AveragedModel's counter
        names.push_back(key);
        values.push_back(items[i + 1]);
    }
    ck.strippedPrefixes = stripCommonPrefixes(names);
    if (renameSeqToAnnKeys(names)) ck.metadata["key_layout"] = kSeqToAnnNote;
    for (std::size_t i = 0; i < names.size(); ++i) ck.tensors.insert(names[i], tz.tensor(values[i]));
    return ck;
}

}  // namespace

Checkpoint loadCheckpoint(const std::filesystem::path& path, const CheckpointOptions& options) {
    return loadCheckpoint(readFileBytes(path), path.string(), options);
}

Checkpoint loadCheckpoint(SharedBytes bytes, const std::string& name, const CheckpointOptions& options) {
    const std::filesystem::path path(name);
    const std::span<const std::byte> d(*bytes);
    if (looksLikeSafetensors(d)) {
        SafetensorsFile st = parseSafetensors(d, name);
        Checkpoint ck;
        ck.path = path;
        ck.format = "safetensors";
        ck.wrapper = "state_dict";
        ck.metadata.insert(st.metadata.begin(), st.metadata.end());
        // Training arguments some writers (TopoSpike's demo among them) keep in the metadata: "T" and "model".
        if (auto t = st.meta("T")) {
            char* end = nullptr;
            const long long v = std::strtoll(t->c_str(), &end, 10);
            if (end && *end == '\0' && !t->empty() && v >= 1 && v <= 1024) ck.argsT = v;
        }
        if (auto m = st.meta("model"); m && !ck.argsModel) ck.argsModel = *m;
        std::vector<std::string> names;
        for (const auto& [k, t] : st.tensors) names.push_back(k);
        ck.strippedPrefixes = stripCommonPrefixes(names);
        if (renameSeqToAnnKeys(names)) ck.metadata["key_layout"] = kSeqToAnnNote;
        std::size_t i = 0;
        for (const auto& [k, t] : st.tensors) ck.tensors.insert(names[i++], t);
        return ck;
    }
    Checkpoint ck = guardParse(name, [&]() -> Checkpoint {
        if (ZipArchive::hasZipMagic(d)) return fromTorchZip(bytes, options);
        if (startsWith(d, kLegacyPrefix) && startsWith(d, kLegacyMagic, 4))
            throw ParseError(
                "this is a legacy PyTorch file (written by torch < 1.6 or with _use_new_zipfile_serialization="
                "False); convert it with a newer torch: torch.save(torch.load(old, weights_only=True), new)");
        if (!d.empty() && d[0] == std::byte{0x80})
            throw ParseError("this is a plain Python pickle, not a PyTorch zip checkpoint; save the weights with "
                             "torch.save(model.state_dict(), 'weights.pth')");
        if (d.size() >= 6 && std::memcmp(d.data(), "\x93NUMPY", 6) == 0)
            throw ParseError("this is a NumPy .npy array, not a network checkpoint");
        throw ParseError("not a PyTorch checkpoint (.pth/.pt zip) or a safetensors file");
    });
    ck.path = path;
    return ck;
}

}  // namespace topospike::io
