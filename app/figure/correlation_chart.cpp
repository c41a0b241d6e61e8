// Correlation-vs-distance charts: the responses behind them are not part of a map set, so the gratings are run
// again here, one layer's spike counts kept per stimulus.
#include <QString>
#include <algorithm>

#include "common/map_set_stimuli.hpp"
#include "figure/chart_scene.hpp"
#include "topospike/analysis/distance_curves.hpp"
#include "topospike/analysis/responses.hpp"

namespace topospike::figure {

void addCorrelationPanels(Figure& figure, const app::OpenModel& model, const run::RunOptions& run,
                          const ChartRequest& request, const StepProgressFn& progress, const CancelToken* cancel) {
    std::vector<std::string> layers = request.layers;
    if (layers.empty())
        for (const auto& l : model.positions.layers) layers.push_back(l.name);
    std::vector<const io::LayerPositions*> positions;
    std::vector<analysis::ResponseMatrix> responses;
    for (const auto& name : layers) positions.push_back(&chartLayerPositions(model, name));

    app::StimulusSetSpec spec;
    spec.gratingSize = model.inputSize;
    const app::MapStimuli stimuli(spec);
    for (const auto* pos : positions) responses.emplace_back(stimuli.size(), pos->units());
    const std::vector<stimuli::InputImage> inputs = stimuli.inputs(0, stimuli.size());
    const auto total = static_cast<std::int64_t>(inputs.size());
    run::Simulator(model.network, run)
        .stream(
            inputs,
            [&](int index, run::ImageResult&& result) {
                for (std::size_t l = 0; l < positions.size(); ++l) {
                    const run::LayerRecord* r = result.find(positions[l]->name);
                    if (!r || r->units() != positions[l]->units())
                        throw std::invalid_argument(positions[l]->name + ": the network has no such layer");
                    const std::vector<float> counts = r->counts();
                    std::copy(counts.begin(), counts.end(), responses[l].row(index).begin());
                }
            },
            [&](int done, int) {
                if (progress) progress(done, total);
            },
            cancel);

    for (std::size_t l = 0; l < positions.size(); ++l) {
        const analysis::DistanceCurve curve = analysis::correlationOverDistance(responses[l], positions[l]->coordinates,
                                                                                {}, {}, cancel);
        ChartPanel c = chartPanel(QString::fromStdString(positions[l]->name), "distance (mm)", "response correlation");
        ChartSeriesSpec s;
        s.x = curve.centers;
        s.y = curve.nanMean;
        s.yError = curve.sem;
        s.markers = true;
        c.series.push_back(std::move(s));
        figure.panels.push_back(Panel{std::nullopt, std::move(c)});
    }
}

}  // namespace topospike::figure
