#pragma once
// `topospike [CHECKPOINT] --screenshot FILE [--layer L] [--color-by MODE]`: open, wait for the first results the
// view needs (the first live frame; the grating or image-set maps when the colour mode needs them), save the whole
// main window as PNG and quit. Used for the README and by tests.

#include <QObject>
#include <QString>
#include <optional>

#include "common/color_modes.hpp"

namespace topospike::gui {

class MainWindow;

struct ScreenshotRequest {
    QString file;
    QString layer;                          ///< empty: keep the default focus
    std::optional<app::ColorMode> colorBy;  ///< empty: the saved mode
    int timestep = -1;                      ///< -1: the last timestep
    long long pin = -1;                     ///< a unit of the focused layer to pin in the inspector (-1: none)
    int timeoutSeconds = 900;
};

class ScreenshotDirector : public QObject {
    Q_OBJECT
public:
    ScreenshotDirector(MainWindow* window, ScreenshotRequest request);
    /// Call after the window is shown and loading has been started.
    void arm();

signals:
    /// The process exit code: 0 saved, 1 failed (the reason was printed to stderr).
    void done(int exitCode);

private:
    void onLoaded(bool ok);
    void onFrame();
    void capture();
    void fail(const QString& why);

    MainWindow* window_;
    ScreenshotRequest request_;
    bool frameSeen_ = false, mapsNeeded_ = false, mapsSeen_ = false, finished_ = false, captureQueued_ = false;
};

}  // namespace topospike::gui
