#pragma once
// A figure from a session (or from CLI flags turned into one): open the network, obtain the maps the colour mode
// needs (from the cache when there), run the session's stimulus when the mode shows the live response, and compose
// the map panels on the session's page. `topospike-cli figure` and the GUI's File → Export Figure both come
// through here, so one session gives one figure.

#include <filesystem>
#include <string>
#include <vector>

#include "common/map_set.hpp"
#include "figure/chart_scene.hpp"
#include "figure/figure.hpp"
#include "options/session.hpp"
#include "topospike/progress.hpp"

namespace topospike::figure {

struct SessionFigure {
    Figure figure;
    std::vector<std::string> notes;  ///< where maps came from (cache or computed), positions note
};

/// Composes the figure the session describes. `extraModels` adds a second network side by side (e.g. topographic
/// vs not): its panels follow the first's with the same layers and colouring. Progress in per-mille. Throws
/// FileError / ModelError / std::invalid_argument (a layer without data for the mode names what to run) / Cancelled.
SessionFigure composeSessionFigure(const options::Session& session,
                                   const std::vector<options::Session>& extraModels = {},
                                   const StepProgressFn& progress = {}, const CancelToken* cancel = nullptr);

/// A chart figure (chart_scene.hpp) of the session's network, layers (--layer) and page: the maps it needs are
/// obtained as for a map figure (gratings, or the image set for entropy with --stimuli images), the live stimulus
/// is run for a raster. `request.layers` is taken from the session. Throws as composeSessionFigure.
SessionFigure composeSessionChart(const options::Session& session, const ChartRequest& request,
                                  const StepProgressFn& progress = {}, const CancelToken* cancel = nullptr);

/// The map set of the session's network and analysis settings (--stimuli gratings, or images with --image-set;
/// run options), taken from the cache the GUI fills or computed and cached there, as a figure would obtain it.
/// `notes` receives where the positions and maps came from. Throws as composeSessionFigure.
app::MapSet sessionMapSet(const options::Session& session, std::vector<std::string>& notes,
                          const StepProgressFn& progress = {}, const CancelToken* cancel = nullptr);

}  // namespace topospike::figure
