#pragma once
// Sessions: a versioned JSON file restoring the whole view — checkpoint, positions, stimulus, layer, colour mode,
// colormap, zoom, pinned units, analysis settings — with paths stored relative to the session file. The option
// table (option_table.hpp) defines every setting's key, type and range; a session holds option values plus the
// few structured things options cannot say (pinned units, zoom centre).
//
// {
//   "format": "topospike-session", "version": 1,
//   "checkpoint": "nets/model.pth", "positions": "nets/positions",      (relative to the session file)
//   "options": { "layer": "layer2.0", "color-by": "orientation", "colormap": "nauhaus", "T": 4, ... },
//   "view": { "zoom": 1.0, "center-mm": [x, y] },
//   "pinned": [ { "layer": "layer2.0", "unit": 1234 } ]
// }

#include <QString>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "options/option_table.hpp"

namespace topospike::options {

struct PinnedUnit {
    QString layer;
    qint64 unit = 0;
    bool operator==(const PinnedUnit&) const = default;
};

struct Session {
    std::filesystem::path checkpoint;          ///< absolute after load; empty = the built-in demo
    std::filesystem::path positions;           ///< absolute after load; empty = found beside the checkpoint
    OptionValues options;
    double zoom = 1.0;
    std::optional<std::pair<double, double>> centerMm;
    std::vector<PinnedUnit> pinned;
};

inline constexpr int kSessionVersion = 1;

/// Writes `session` to `file` (paths made relative to its folder when possible; temporary file + rename).
/// Keys are written in a stable order, so save → load → save gives identical bytes. Only explicitly set options
/// with inSession are written (the rest stay defaults); Path options are stored relative like the checkpoint.
/// Throws FileError (nothing written: a non-finite zoom or centre, a negative pinned unit, an unwritable place).
void saveSession(const std::filesystem::path& file, const Session& session);
/// Reads a session: paths resolved against the file's folder; every option validated through the table.
/// Throws FileError naming the file and the problem (not JSON, another format, a newer version, a bad value, an
/// unknown key or option, an option that is not a session setting).
Session loadSession(const std::filesystem::path& file);

/// Where the GUI autosaves ($XDG_STATE_HOME or ~/.local/state/topospike/autosave.json) and the marker that says
/// the last run did not end cleanly (crash recovery).
std::filesystem::path autosavePath();

}  // namespace topospike::options
