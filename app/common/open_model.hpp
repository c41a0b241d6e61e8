#pragma once
// Opening what the user points at: a checkpoint and the cortical positions of its units. Shared by the GUI and the
// CLI's figure commands, so both find the same positions for the same file.
//
// Positions beside a checkpoint C are looked for in this order (the first that exists wins):
//   <C's stem>.tspos, <C's stem>_positions/, positions/, positions.tspos, and C's own folder when it holds TDANN
//   <layer>.npz files. Without any, every layer gets TDANN's retinotopic initial positions (deterministic seed),
//   clearly labelled as such: maps are then not topographic.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "topospike/io/positions.hpp"
#include "topospike/model/network.hpp"
#include "topospike/progress.hpp"

namespace topospike::app {

struct OpenModel {
    std::filesystem::path checkpoint;
    std::filesystem::path positionsPath;     ///< empty when generated
    std::string displayName;                 ///< file name, or "demo (untrained demonstration network)"
    std::string positionsNote;               ///< where the positions came from, one line
    bool demo = false;
    bool generatedPositions = false;         ///< retinotopic init, not from a file
    std::shared_ptr<const model::Network> network;
    io::PositionSet positions;               ///< only layers the network has, with matching unit counts
    int defaultT = 4;                        ///< the checkpoint's args.T when stored
    int inputSize = 224;                     ///< the side the positions were made for
    std::vector<std::string> architectureNotes;  ///< block type etc., for the status bar
};

/// The positions file or folder found beside `checkpoint` (rules above), or nullopt.
std::optional<std::filesystem::path> findPositionsBeside(const std::filesystem::path& checkpoint);

/// Loads the checkpoint, builds the network and attaches positions: `positions` when given, else found beside,
/// else generated. Layers whose unit count does not match the network at inputSize are refused with a FileError
/// naming the positions file and the layer. Throws FileError / ModelError with the file named.
OpenModel openModel(const std::filesystem::path& checkpoint,
                    const std::optional<std::filesystem::path>& positions = std::nullopt, int inputSize = 224);

/// Replaces the positions of an open model (same checks as openModel). Throws FileError.
void attachPositions(OpenModel& model, const std::filesystem::path& positions);

}  // namespace topospike::app
