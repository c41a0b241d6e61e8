// MainWindow: opening checkpoints, positions and the demo in the background.
#include <QFileInfo>
#include <QProgressBar>
#include <QStatusBar>
#include <QTimer>
#include <QToolButton>
#include <QtConcurrent/QtConcurrentRun>
#include <filesystem>

#include "gui/analysis_job.hpp"
#include "gui/main_window.hpp"
#include "gui/stimulus_panel.hpp"
#include "gui/time_panel.hpp"
#include "topospike/error.hpp"

namespace topospike::gui {
namespace fs = std::filesystem;

namespace {
bool looksLikePositions(const QFileInfo& f) {
    const QString ext = f.suffix().toLower();
    return f.isDir() || ext == "npz" || ext == "tspos";
}
}  // namespace

void MainWindow::openPath(const QString& path) {
    const QFileInfo info(path);
    if (!info.exists()) {
        showError(tr("Cannot open"), tr("%1: no such file or folder").arg(path));
        emit loadFinished(false);
        return;
    }
    if (info.suffix().compare("json", Qt::CaseInsensitive) == 0) {
        openSession(path);
        return;
    }
    if (info.isDir() && demo::isDemoFolder(path.toStdString())) {
        openCheckpoint(QString::fromStdString((fs::path(path.toStdString()) / demo::kDemoCheckpointName).string()));
        return;
    }
    if (looksLikePositions(info)) {
        if (!model_) {
            showError(tr("Open a checkpoint first"),
                      tr("%1 holds positions; open the network's checkpoint first, then its positions.").arg(path));
            emit loadFinished(false);
            return;
        }
        auto base = model_;
        const std::string p = path.toStdString();
        rememberRecent(path);
        startLoad([base, p](const CancelToken&) {
                      Loaded r;
                      auto m = std::make_shared<app::OpenModel>(*base);
                      app::attachPositions(*m, p);
                      r.model = std::move(m);
                      return r;
                  },
                  tr("Reading positions %1").arg(info.fileName()));
        return;
    }
    openCheckpoint(path);
}

void MainWindow::openCheckpoint(const QString& checkpoint, const QString& positions) {
    const std::string c = checkpoint.toStdString();
    const std::optional<fs::path> p = positions.isEmpty() ? std::nullopt : std::optional<fs::path>(positions.toStdString());
    rememberRecent(checkpoint);
    startLoad([c, p](const CancelToken&) {
                  Loaded r;
                  r.model = std::make_shared<app::OpenModel>(app::openModel(c, p));
                  return r;
              },
              tr("Opening %1").arg(QFileInfo(checkpoint).fileName()));
}

void MainWindow::openDemo(const demo::DemoOptions& options) {
    startLoad([options, progress = loadProgress_](const CancelToken& cancel) {
                  Loaded r;
                  const fs::path folder = demo::ensureDemo(
                      options,
                      [progress](std::int64_t done, std::int64_t total) {
                          *progress = total > 0 ? static_cast<int>(1000 * done / total) : 0;
                      },
                      &cancel);
                  r.model = std::make_shared<app::OpenModel>(app::openModel(folder / demo::kDemoCheckpointName));
                  return r;
              },
              tr("Preparing the demo network (built once, then cached)"));
}

void MainWindow::startLoad(std::function<Loaded(const CancelToken&)> work, const QString& what) {
    if (loadCancel_) loadCancel_->cancel();  // a newer request supersedes a load in flight; its result is dropped
    loadCancel_ = std::make_shared<CancelToken>();
    loadingWhat_ = what;
    *loadProgress_ = 0;
    statusBar()->showMessage(what + QStringLiteral("\u2026"));
    progress_->setValue(0);
    progress_->setFormat(what + QStringLiteral(" %p%"));
    progress_->show();
    cancelButton_->show();
    loadPoll_->start();
    auto cancel = loadCancel_;
    // A superseded load may still be running: chain behind it so results arrive in order (onLoaded drops stale).
    loader_.setFuture(QtConcurrent::run([work = std::move(work), cancel]() {
        Loaded r;
        try {
            r = work(*cancel);
            if (cancel->cancelled()) r = Loaded{nullptr, {}, true};
        } catch (const Cancelled&) {
            r.cancelled = true;
        } catch (const std::exception& e) {
            r.error = QString::fromUtf8(e.what());
        }
        return r;
    }));
}

void MainWindow::onLoaded() {
    Loaded r = loader_.result();
    loadPoll_->stop();
    if (!analysis_->running()) {
        progress_->hide();
        cancelButton_->hide();
    }
    if (r.cancelled || !r.error.isEmpty()) pendingSession_.reset();
    if (r.cancelled) {
        statusBar()->showMessage(tr("Cancelled"), 5000);
        emit loadFinished(false);
        return;
    }
    if (!r.error.isEmpty()) {
        showError(tr("Cannot open"), r.error);
        emit loadFinished(false);
        return;
    }
    lastError_.clear();
    adoptModel(std::move(r.model));
    applyPendingSession();
    emit loadFinished(true);
}

void MainWindow::adoptModel(std::shared_ptr<app::OpenModel> model) {
    analysis_->cancel();
    model_ = std::move(model);
    frame_.reset();
    gratingMaps_.reset();
    categoryMaps_.reset();
    pinned_ = {};
    showLastTimestep_ = true;
    std::vector<SheetLayer> layers;
    int focus = 0;
    const std::string previous = sheet_->layerCount() > 0 ? sheet_->layer(sheet_->focusedLayer()).name : "layer2.0";
    for (const auto& l : model_->positions.layers) {
        SheetLayer s;
        s.name = l.name;
        s.dims = l.dims;
        s.area = l.area;
        s.xy.assign(l.coordinates.begin(), l.coordinates.end());
        if (l.name == previous) focus = static_cast<int>(layers.size());
        layers.push_back(std::move(s));
    }
    sheet_->setLayers(std::move(layers), focus);
    sheet_->setPinned({});
    setWindowTitle(QStringLiteral("%1 \u2014 TopoSpike").arg(QString::fromStdString(model_->displayName)));
    statusBar()->showMessage(QString::fromStdString(model_->positionsNote), 15000);
    stimulus_->setImageSize(model_->inputSize);
    stimulus_->setTimesteps(model_->defaultT);
    applyRunSettings();
}

bool MainWindow::busy() const { return loader_.isRunning() || runner_->busy() || analysis_->running(); }

void MainWindow::cancelBackgroundWork() {
    if (loadCancel_ && loader_.isRunning()) loadCancel_->cancel();
    analysis_->cancel();
}

}  // namespace topospike::gui
