#pragma once
/// @file checkpoint.hpp
/// Loading network weights from PyTorch zip checkpoints (torch >= 1.6) and safetensors files.
///
/// Nothing in a file is ever executed: pickles are read by an allow-list machine that only builds data.
/// Every refusal is a FileError whose message names the file and the problem.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "topospike/io/file_bytes.hpp"
#include "topospike/tensor_map.hpp"

namespace topospike::io {

/// Which state_dict to take from a training checkpoint that holds several.
enum class WeightsChoice { Model, Ema };

struct CheckpointOptions {
    WeightsChoice weights = WeightsChoice::Model;
};

struct Checkpoint {
    std::filesystem::path path;
    /// "pytorch-zip" or "safetensors".
    std::string format;
    /// Where the state_dict was found: "state_dict" (bare), "model" (SpikingJelly train_classify),
    /// "model_ema", "state_dict key 'net'", "vissl trunk", ...
    std::string wrapper;
    /// Key prefixes removed from every tensor name ("module.", "_orig_mod.", "base_model.").
    std::vector<std::string> strippedPrefixes;
    /// The weights, names as in the model (prefixes removed), in file order.
    TensorMap tensors;
    /// From a SpikingJelly `args` namespace when present.
    std::optional<std::string> argsModel;
    std::optional<std::int64_t> argsT;
    std::optional<std::string> argsCnf;
    /// Other top-level entries of a training checkpoint (e.g. "epoch", "optimizer"), for `info`.
    std::vector<std::string> otherEntries;
    /// safetensors `__metadata__`, or facts about the container (e.g. "byteorder").
    std::map<std::string, std::string> metadata;
};

/// Loads the weights of `path`. Throws FileError for missing, damaged, hostile or unsupported files
/// (legacy pre-1.6 torch files and TorchScript archives are refused with a message on how to convert them).
Checkpoint loadCheckpoint(const std::filesystem::path& path, const CheckpointOptions& options = {});

/// The same from bytes already in memory; `name` is used in messages (and as Checkpoint::path).
Checkpoint loadCheckpoint(SharedBytes bytes, const std::string& name, const CheckpointOptions& options = {});

}  // namespace topospike::io
