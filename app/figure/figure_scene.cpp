#include "figure/figure_scene.hpp"

#include <stdexcept>

namespace topospike::figure {

void addMapPanels(Figure& figure, const app::OpenModel& model, const app::MapSet* gratings,
                  const app::MapSet* categories, const run::ImageResult* live, const MapFigureRequest& request) {
    std::vector<std::string> layers = request.layers;
    if (layers.empty())
        for (const auto& l : model.positions.layers) layers.push_back(l.name);
    app::ColorRequest color = request.color;
    if (categories) {
        color.contrastNames = categories->contrasts;
        color.setImages = categories->images;
    }
    for (const auto& name : layers) {
        const io::LayerPositions* pos = model.positions.find(name);
        if (!pos) {
            std::string known;
            for (const auto& l : model.positions.layers) known += (known.empty() ? "" : ", ") + l.name;
            throw std::invalid_argument("no topographic layer '" + name + "' (the positions have " + known + ")");
        }
        const run::LayerRecord* record = live ? live->find(name) : nullptr;
        if (record && record->units() != pos->units()) record = nullptr;
        MapPanel panel;
        panel.values = app::sheetValues(color, pos->units(), gratings ? gratings->find(name) : nullptr,
                                        categories ? categories->find(name) : nullptr, record, request.vThreshold);
        if (!panel.values.missing.empty()) throw std::invalid_argument(name + ": " + panel.values.missing);
        panel.xy.assign(pos->coordinates.begin(), pos->coordinates.end());
        panel.title = request.panelTitles ? QString::fromStdString(name) : QString();
        panel.zoomPercent = request.zoomPercent;
        panel.colorbar = request.colorbar;
        panel.scaleBar = request.scaleBar;
        panel.scaleBarMm = request.scaleBarMm;
        panel.pointSizeMm = request.pointSizeMm;
        figure.panels.push_back(Panel{std::move(panel), std::nullopt});
    }
}

}  // namespace topospike::figure
