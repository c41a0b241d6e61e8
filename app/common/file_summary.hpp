#pragma once
// What `topospike-cli info` prints and the GUI's file panel shows, computed once for both front-ends.

#include <QJsonObject>
#include <QString>
#include <filesystem>
#include <optional>

#include "topospike/model/architecture.hpp"

namespace topospike::app {

struct SummaryOptions {
    std::optional<model::BlockType> block;  // --block
    bool ema = false;                       // --ema: take model_ema from a training checkpoint
    int inputSize = 224;                    // layer shapes for this square input
    bool listTensors = false;               // include every tensor (name, dtype, shape)
};

/// Reads `path` (a checkpoint, a position file, or a TDANN position folder) and describes it as one JSON object.
/// Throws topospike::Error (FileError / ModelError) with a one-line message when the input is refused.
QJsonObject summarizeFile(const std::filesystem::path& path, const SummaryOptions& options);

/// The same summary as aligned, human-readable text.
QString summaryText(const QJsonObject& summary);

}  // namespace topospike::app
