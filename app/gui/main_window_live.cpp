// MainWindow: presenting stimuli, showing live frames and analysed maps on the sheets, inspecting units.
#include <QComboBox>
#include <QLabel>
#include <QProgressBar>
#include <QStatusBar>
#include <QToolButton>
#include <cmath>
#include <utility>
#include <filesystem>

#include "gui/analysis_job.hpp"
#include "gui/inspector_panel.hpp"
#include "gui/main_window.hpp"
#include "gui/stimulus_panel.hpp"
#include "gui/time_panel.hpp"
#include "gui/unit_inspection.hpp"
#include "topospike/error.hpp"

namespace topospike::gui {

run::RunOptions MainWindow::currentRunOptions() const {
    run::RunOptions o;
    o.T = stimulus_->timesteps();
    o.neuron = stimulus_->neuron();
    return o;
}

void MainWindow::applyRunSettings() {
    if (!model_) return;
    try {
        runner_->setNetwork(model_->network, currentRunOptions(), model_->inputSize);
    } catch (const std::invalid_argument& e) {
        showError(tr("Invalid neuron settings"), QString::fromUtf8(e.what()));
        return;
    }
    // Maps belong to the settings they were computed with: drop them and look for cached ones for the new settings.
    analysis_->cancel();
    gratingMaps_.reset();
    categoryMaps_.reset();
    lookForCachedMaps();
    presentStimulus();
}

void MainWindow::presentStimulus() {
    if (!model_ || !runner_->hasNetwork()) return;
    stimuli::Image image;
    try {
        image = renderStimulus(stimulus_->stimulus());
    } catch (const std::exception& e) {
        showError(tr("Cannot show this stimulus"), QString::fromUtf8(e.what()));
        return;
    }
    runner_->present(std::move(image));
}

void MainWindow::onFrame(std::shared_ptr<const LiveFrame> frame) {
    frame_ = std::move(frame);
    stimulus_->setPreview(toQImage(frame_->image));
    time_->setTimesteps(frame_->options.T);
    // A new network opens on its last timestep: at t = 0 deep layers have not received any spikes yet.
    if (std::exchange(showLastTimestep_, false)) time_->setTimestep(frame_->options.T - 1);
    if (const int t = std::exchange(pendingTimestep_, -2); t != -2)
        time_->setTimestep(t < 0 ? frame_->options.T - 1 : std::min(t, frame_->options.T - 1));
    request_.timestep = time_->timestep();
    std::vector<std::pair<QString, std::vector<double>>> rates;
    for (int i = 0; i < sheet_->layerCount(); ++i)
        if (const auto* r = liveRecord(i)) rates.emplace_back(QString::fromStdString(r->name()), r->activeFraction());
    time_->setRates(rates);
    runLabel_->setText(tr("%1 \u2022 T = %2 \u2022 engine %3 ms")
                           .arg(stimulus_->stimulus().describe())
                           .arg(frame_->options.T)
                           .arg(frame_->seconds * 1e3, 0, 'f', 0));
    recolor();
    refreshInspector();
    emit liveFrameShown(frame_->generation);
}

const app::LayerMaps* MainWindow::mapsFor(const std::shared_ptr<const app::MapSet>& set, int layer) const {
    if (!set || layer < 0 || layer >= sheet_->layerCount()) return nullptr;
    return set->find(sheet_->layer(layer).name);
}

const run::LayerRecord* MainWindow::liveRecord(int layer) const {
    if (!frame_ || layer < 0 || layer >= sheet_->layerCount()) return nullptr;
    const run::LayerRecord* r = frame_->result.find(sheet_->layer(layer).name);
    return r && r->units() == static_cast<std::int64_t>(sheet_->layer(layer).xy.size() / 2) ? r : nullptr;
}

void MainWindow::recolor() {
    if (!model_) return;
    if (categoryMaps_ && request_.contrast >= static_cast<int>(categoryMaps_->contrasts.size())) request_.contrast = 0;
    request_.contrastNames = categoryMaps_ ? categoryMaps_->contrasts : std::vector<std::string>{};
    request_.setImages = categoryMaps_ ? categoryMaps_->images : 0;
    const double threshold = runner_->options().neuron.vThreshold;
    for (int i = 0; i < sheet_->layerCount(); ++i) {
        const auto units = static_cast<std::int64_t>(sheet_->layer(i).xy.size() / 2);
        try {
            sheet_->setValues(i, app::sheetValues(request_, units, mapsFor(gratingMaps_, i), mapsFor(categoryMaps_, i),
                                                  liveRecord(i), threshold));
        } catch (const std::invalid_argument& e) {
            request_.colormap.clear();  // an unknown colormap from old settings: fall back to the default
            statusBar()->showMessage(QString::fromUtf8(e.what()), 8000);
            sheet_->setValues(i, app::sheetValues(request_, units, mapsFor(gratingMaps_, i),
                                                  mapsFor(categoryMaps_, i), liveRecord(i), threshold));
        }
    }
}

QString MainWindow::describeUnit(UnitId u) const {
    if (!u.valid() || u.layer >= sheet_->layerCount()) return {};
    const SheetLayer& L = sheet_->layer(u.layer);
    QString text = QStringLiteral("<b>%1</b> unit %2").arg(QString::fromStdString(L.name)).arg(u.unit);
    if (L.dims.size() == 3) {
        const std::int64_t hw = L.dims[1] * L.dims[2];
        text += QStringLiteral(" (c %1, h %2, w %3)").arg(u.unit / hw).arg((u.unit % hw) / L.dims[2]).arg(u.unit % L.dims[2]);
    }
    text += QStringLiteral("<br>x %1 mm, y %2 mm").arg(L.xy[2 * u.unit], 0, 'f', 2).arg(L.xy[2 * u.unit + 1], 0, 'f', 2);
    const auto& v = sheet_->values(u.layer);
    if (u.unit < static_cast<std::int64_t>(v.values.size())) {
        const float x = v.values[u.unit];
        QString shown = std::isnan(x) ? tr("masked / no data") : QString::number(x, 'g', 4);
        if (v.scale.categorical && !std::isnan(x) && x >= 0 && x < v.scale.categoryNames.size())
            shown = QString::fromStdString(v.scale.categoryNames[static_cast<std::size_t>(x)]);
        text += QStringLiteral("<br>%1: %2").arg(QString::fromStdString(v.scale.title), shown);
    }
    if (const auto* r = liveRecord(u.layer)) {
        QString spikes;
        for (int t = 0; t < r->timesteps(); ++t) spikes += r->value(t, u.unit) != 0.0f ? QStringLiteral("\u2503") : QStringLiteral("\u00b7");
        text += QStringLiteral("<br>spikes over t: %1").arg(spikes);
    }
    if (const auto* g = mapsFor(gratingMaps_, u.layer); g && g->hasGratingMaps())
        text += QStringLiteral("<br>prefers %1\u00b0, %2 cpd").arg(g->orientationDeg[u.unit], 0, 'f', 1).arg(g->sfCpd[u.unit], 0, 'f', 2);
    return text;
}

void MainWindow::pinUnit(UnitId unit) {
    pinned_ = unit;
    sheet_->setPinned(unit);
    refreshInspector();
}

void MainWindow::refreshInspector() {
    const int focus = sheet_->focusedLayer();
    if (!model_ || focus < 0 || focus >= sheet_->layerCount()) return;
    InspectionSources s;
    s.threshold = runner_->options().neuron.vThreshold;
    s.contrasts = categoryMaps_ ? &categoryMaps_->contrasts : nullptr;
    s.layer = &sheet_->layer(focus);
    s.gratings = mapsFor(gratingMaps_, focus);
    s.categories = mapsFor(categoryMaps_, focus);
    s.live = liveRecord(focus);
    inspector_->showLayer(inspectLayer(s));
    if (!pinned_.valid() || pinned_.layer >= sheet_->layerCount()) {
        inspector_->clearUnit();
        return;
    }
    s.layer = &sheet_->layer(pinned_.layer);
    s.gratings = mapsFor(gratingMaps_, pinned_.layer);
    s.categories = mapsFor(categoryMaps_, pinned_.layer);
    s.live = liveRecord(pinned_.layer);
    const auto& v = sheet_->values(pinned_.layer);
    QString value;
    if (pinned_.unit < static_cast<std::int64_t>(v.values.size()) && !std::isnan(v.values[pinned_.unit]))
        value = QStringLiteral("%1: %2").arg(QString::fromStdString(v.scale.title)).arg(v.values[pinned_.unit], 0, 'g', 4);
    inspector_->showUnit(inspectUnit(s, pinned_.unit, value));
}

bool MainWindow::focusLayer(const QString& name) {
    for (int i = 0; i < sheet_->layerCount(); ++i)
        if (QString::fromStdString(sheet_->layer(i).name) == name) {
            sheet_->setFocusedLayer(i);
            refreshInspector();
            return true;
        }
    return false;
}

// --- analyses ---------------------------------------------------------------------------------------------------

namespace {
app::StimulusSetSpec gratingSpec(int size) {
    app::StimulusSetSpec spec;
    spec.kind = app::StimulusSetSpec::Kind::Gratings;
    spec.gratingSize = size;
    return spec;
}
}  // namespace

void MainWindow::lookForCachedMaps() {
    if (!model_) return;
    // Only a cache hit is taken here (fast); computing is the user's choice (Analyses menu).
    const auto spec = gratingSpec(model_->inputSize);
    const std::string key = app::mapSetKey(model_->checkpoint, model_->positionsPath, currentRunOptions(), spec);
    std::error_code ec;
    if (std::filesystem::is_regular_file(app::mapCachePath(key), ec))
        analysis_->start(model_->network, model_->positions, currentRunOptions(), spec, key, true);
}

void MainWindow::runGratingAnalysis(bool useCache) {
    if (!model_) return;
    const auto spec = gratingSpec(model_->inputSize);
    analysis_->start(model_->network, model_->positions, currentRunOptions(), spec,
                     app::mapSetKey(model_->checkpoint, model_->positionsPath, currentRunOptions(), spec), useCache);
}

void MainWindow::runImageSetAnalysis(const QString& folder) {
    if (!model_) return;
    app::StimulusSetSpec spec;
    spec.kind = app::StimulusSetSpec::Kind::ImageFolder;
    spec.folder = folder.toStdString();
    spec.preprocess.resize = model_->inputSize;
    spec.preprocess.crop = model_->inputSize;
    try {
        const std::string key = app::mapSetKey(model_->checkpoint, model_->positionsPath, currentRunOptions(), spec);
        analysis_->start(model_->network, model_->positions, currentRunOptions(), spec, key, true);
    } catch (const std::exception& e) {
        showError(tr("Cannot analyse %1").arg(folder), QString::fromUtf8(e.what()));
    }
}

void MainWindow::onMaps(std::shared_ptr<const app::MapSet> maps, bool fromCache) {
    progress_->hide();
    cancelButton_->hide();
    if (!maps->contrasts.empty() || maps->stimulusSet != "tdann-gratings") {
        categoryMaps_ = maps;
        contrastBox_->clear();
        for (const auto& c : maps->contrasts) contrastBox_->addItem(QString::fromStdString(c));
        if (!pendingContrast_.isEmpty()) {
            const int i = contrastBox_->findText(std::exchange(pendingContrast_, QString()), Qt::MatchFixedString);
            if (i >= 0) {
                contrastBox_->setCurrentIndex(i);
                request_.contrast = i;
            }
        }
    } else {
        gratingMaps_ = maps;
    }
    statusBar()->showMessage(fromCache ? tr("Maps loaded from the cache (%1 stimuli)").arg(maps->images)
                                       : tr("Maps computed from %1 stimuli").arg(maps->images),
                             8000);
    recolor();
    refreshInspector();
    emit mapsReady(fromCache);
}

}  // namespace topospike::gui

namespace topospike::gui {

bool MainWindow::exportMaps(const QString& file) {
    const auto maps = gratingMaps_ ? gratingMaps_ : categoryMaps_;
    if (!maps) {
        showError(tr("No maps yet"), tr("Run Analyses \u2192 Gratings or Image Set first; their maps are what is exported."));
        return false;
    }
    try {
        app::saveMapSet(file.toStdString(), *maps);
    } catch (const std::exception& e) {
        showError(tr("Cannot export the maps"), QString::fromUtf8(e.what()));
        return false;
    }
    statusBar()->showMessage(tr("Maps written to %1").arg(file), 8000);
    return true;
}

}  // namespace topospike::gui
