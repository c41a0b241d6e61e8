#pragma once
/// @file architecture.hpp
/// Recognising a ResNet from its tensor names and shapes.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "topospike/tensor_map.hpp"

namespace topospike::model {

enum class BlockKind { Basic, Bottleneck };
/// How a residual block combines its branch with the identity (SpikingJelly spiking_resnet / sew_resnet).
enum class BlockType { Spiking, SewAdd, SewIand, SewAnd };
enum class Stem { ImageNet, Cifar };

std::string_view blockTypeName(BlockType t) noexcept;  // "spiking", "sew-add", "sew-iand", "sew-and"
/// Parses "spiking", "sew-add", "sew-iand", "sew-and" (underscores accepted); nullopt otherwise.
std::optional<BlockType> parseBlockType(std::string_view s) noexcept;

/// One recorded layer with its output shape.
struct LayerShape {
    std::string name;  // "stem", "layer1.0", ...
    int channels = 0;
    int height = 0;
    int width = 0;
    std::int64_t units() const noexcept { return std::int64_t{channels} * height * width; }
};

struct Architecture {
    std::string name;  // "resnet18", "resnet34", "resnet50", or "resnet(3,4,5,3)-basic" for other depths
    BlockKind blockKind = BlockKind::Basic;
    std::array<int, 4> blocksPerStage{};
    int stemChannels = 64;   // conv1 output channels
    int inputChannels = 3;
    Stem stem = Stem::ImageNet;
    int numClasses = 0;
    BlockType blockType = BlockType::Spiking;
    /// How the block type was decided: "--block", "args.model 'sew_resnet18'", or "default (keys cannot tell)".
    std::string blockTypeSource;
    /// Learnable parameters (weights and biases; BN running statistics excluded).
    std::int64_t parameters = 0;
    /// Tensors accepted as extras (position buffers), and remarks such as an args.model that disagrees.
    std::vector<std::string> notes;

    /// Channel count of stage s (0..3) outputs.
    int stageChannels(int s) const noexcept;
    /// The stem neuron and every block output ("layer1.0" … "layer4.1"), shapes for a square input.
    std::vector<LayerShape> recordedLayers(int inputSize = 224) const;
    /// Block outputs only: the topographic layers.
    std::vector<LayerShape> topographicLayers(int inputSize = 224) const;
};

struct DetectOptions {
    /// User override (--block); wins over args.model.
    std::optional<BlockType> block;
    /// SpikingJelly args.model, e.g. "sew_resnet18", used when `block` is not set.
    std::optional<std::string> argsModel;
    /// SpikingJelly args.cnf ("ADD", "IAND", "AND") for SEW networks; ADD when absent.
    std::optional<std::string> argsCnf;
};

/// Detects the architecture of a state_dict and checks every tensor against it.
/// Throws ModelError with one message listing missing, unexpected and mis-shaped tensors.
/// Tensors whose names end in "coordinates", "positions" or "neighborhood_indices" and
/// "num_batches_tracked" counters are accepted as extras.
Architecture detectArchitecture(const TensorMap& tensors, const DetectOptions& options = {});

}  // namespace topospike::model
