#pragma once
// Collects run results into the arrays of a recording .npz: one array per recorded layer named as the layer
// ([T, C, H, W] uint8, with a leading stimulus axis when several are collected; float32 when a layer is not
// integer-valued, as in ANN mode), "logits" and "logits_t" float32.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "topospike/run/layer_record.hpp"

namespace topospike::cli {

class RecordingWriter {
public:
    /// Adds one stimulus's result (layers in the same order every time).
    void add(const run::ImageResult& result);
    int count() const noexcept { return count_; }
    /// Writes the collected arrays (temporary file + rename). `leadingAxis`: keep the stimulus axis even for one.
    void write(const std::filesystem::path& path, bool leadingAxis) const;

private:
    struct Layer {
        std::vector<std::int64_t> shape;  // [T, C, H, W]
        bool exact = true;                // uint8 holds every value
        std::vector<std::uint8_t> bytes;
        std::vector<float> floats;
    };
    std::vector<std::string> order_;
    std::map<std::string, Layer> layers_;
    std::vector<float> logits_, logitsT_;
    std::int64_t classes_ = 0, T_ = 0;
    int count_ = 0;
};

}  // namespace topospike::cli
