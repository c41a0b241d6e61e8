#pragma once
// Shared by the `positions` commands: writing a position set where --out points, and reading a seed.

#include <QJsonObject>
#include <QString>
#include <cstdint>

#include "cli/arguments.hpp"
#include "topospike/io/positions.hpp"

namespace topospike::cli {

/// Writes `set` to `out`: TopoSpike's format when the path ends in ".tspos", else a TDANN folder (version 2:
/// final millimetres). Returns "topospike" or "tdann-folder".
QString writePositionSet(const QString& out, const io::PositionSet& set);

/// --seed S as an unsigned 64-bit integer (default 0).
std::uint64_t seedValue(const Arguments& args);

/// A layer summary for --json: name, dims, units, area, sheet extent, neighborhoods.
QJsonObject layerJson(const io::LayerPositions& layer);

}  // namespace topospike::cli
