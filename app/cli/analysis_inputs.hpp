#pragma once
// Inputs every `analyze` command shares: the responses (--responses R.npy, or --recording rec.npz --layer L),
// the spikes of a recording, and the positions of the analysed layer (--positions P: a TDANN <layer>.npz, a
// TDANN folder or a TopoSpike .tspos, the layer chosen by --layer or by the file).

#include <QString>
#include <QStringList>

#include "cli/arguments.hpp"
#include "topospike/analysis/responses.hpp"
#include "topospike/io/positions.hpp"

namespace topospike::cli {

/// Valued options read by the functions below: --responses, --recording, --layer, --positions,
/// --positions-layer, --no-rescale is a flag.
QStringList analysisInputOptions();
QStringList analysisInputFlags();
extern const char* const kAnalysisInputsHelp;

/// --responses R.npy, or --recording rec.npz with --layer L (firing rates: the mean over T). Exactly one.
analysis::ResponseMatrix loadResponses(const Arguments& args);
/// --recording rec.npz --layer L: the spikes [images, T, units].
analysis::SpikeTensor loadSpikes(const Arguments& args);
/// The layer name the analysis is about: --layer, else the positions file's only layer, else "".
QString analysedLayer(const Arguments& args);
/// --positions P for the analysed layer (--positions-layer overrides --layer when the names differ, e.g.
/// TDANN's "layer2.0" for a recording layer named otherwise). Checks that it has `units` units.
/// --no-rescale reads TDANN version-1 files without the per-layer rescale.
io::LayerPositions loadPositions(const Arguments& args, std::int64_t units);

}  // namespace topospike::cli
