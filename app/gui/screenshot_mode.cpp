#include "gui/screenshot_mode.hpp"

#include <QFileInfo>
#include <QImage>
#include <QSaveFile>
#include <QTimer>
#include <cstdio>

#include "gui/main_window.hpp"
#include "gui/time_panel.hpp"
#include "gui/window_grab.hpp"

namespace topospike::gui {

ScreenshotDirector::ScreenshotDirector(MainWindow* window, ScreenshotRequest request)
    : QObject(window), window_(window), request_(std::move(request)) {}

void ScreenshotDirector::arm() {
    connect(window_, &MainWindow::loadFinished, this, &ScreenshotDirector::onLoaded);
    connect(window_, &MainWindow::liveFrameShown, this, &ScreenshotDirector::onFrame);
    connect(window_, &MainWindow::mapsReady, this, [this] {
        mapsSeen_ = true;
        onFrame();
    });
    connect(window_, &MainWindow::analysisFailed, this, [this](const QString& m) { fail(m); });
    connect(window_, &MainWindow::analysisCancelled, this, [this] { fail("the analysis was cancelled"); });
    QTimer::singleShot(request_.timeoutSeconds * 1000, this, [this] {
        fail(QStringLiteral("no result after %1 s").arg(request_.timeoutSeconds));
    });
}

void ScreenshotDirector::onLoaded(bool ok) {
    if (!ok) return fail(window_->lastError().isEmpty() ? QStringLiteral("loading failed") : window_->lastError());
    if (!request_.layer.isEmpty() && !window_->focusLayer(request_.layer))
        return fail(QStringLiteral("the network has no topographic layer '%1'").arg(request_.layer));
    if (request_.colorBy) {
        window_->setColorMode(*request_.colorBy);
        const auto& info = app::colorModeInfo(*request_.colorBy);
        if (info.needsCategoryMaps)
            return fail(QStringLiteral("--color-by %1 needs an image-set analysis, which a screenshot cannot choose")
                            .arg(QString::fromLatin1(info.key)));
        mapsNeeded_ = info.needsGratingMaps;
        if (mapsNeeded_) window_->runGratingAnalysis();
    }
}

void ScreenshotDirector::onFrame() {
    if (window_->liveFrame()) frameSeen_ = true;
    if (finished_ || captureQueued_ || !frameSeen_ || (mapsNeeded_ && !mapsSeen_)) return;
    captureQueued_ = true;
    TimePanel* time = window_->timePanel();
    time->setPlaying(false);
    time->setTimestep(request_.timestep >= 0 ? std::min(request_.timestep, time->timesteps() - 1) : time->timesteps() - 1);
    if (request_.pin >= 0) {
        const int layer = window_->sheet()->focusedLayer();
        if (request_.pin >= static_cast<long long>(window_->sheet()->layer(layer).xy.size() / 2))
            return fail(QStringLiteral("--pin %1: the focused layer has fewer units").arg(request_.pin));
        window_->pinUnit({layer, request_.pin});
    }
    // Let the sheets and charts draw the final values before grabbing.
    QTimer::singleShot(500, this, &ScreenshotDirector::capture);
}

void ScreenshotDirector::capture() {
    if (finished_) return;
    finished_ = true;
    const QImage image = grabWindow(window_);
    QSaveFile out(request_.file);
    if (!out.open(QIODevice::WriteOnly) || !image.save(&out, "PNG") || !out.commit()) {
        std::fprintf(stderr, "topospike: %s: cannot write the screenshot\n", qPrintable(request_.file));
        emit done(1);
        return;
    }
    std::printf("%s: %d x %d\n", qPrintable(QFileInfo(request_.file).absoluteFilePath()), image.width(), image.height());
    std::fflush(stdout);
    emit done(0);
}

void ScreenshotDirector::fail(const QString& why) {
    if (finished_) return;
    finished_ = true;
    std::fprintf(stderr, "topospike: screenshot not taken: %s\n", qPrintable(why));
    emit done(1);
}

}  // namespace topospike::gui
