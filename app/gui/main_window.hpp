#pragma once
// The main window: the live cortical-sheet explorer. Opens a checkpoint with its positions (dialog, drag & drop,
// recent files, command line; the built-in demo when nothing is given), presents stimuli through the engine in
// the background, colours every topographic layer's sheet, animates spikes over timesteps, inspects units and
// runs the grating / image-set analyses with progress and cancel. The GUI thread never waits on the engine.

#include <QFutureWatcher>
#include <QMainWindow>
#include <QString>
#include <atomic>
#include <memory>
#include <optional>

#include "common/color_modes.hpp"
#include "common/map_set.hpp"
#include "common/open_model.hpp"
#include "gui/live_runner.hpp"
#include "gui/sheet_canvas.hpp"
#include "options/session.hpp"
#include "topospike/demo/demo_network.hpp"

class QActionGroup;
class QComboBox;
class QLabel;
class QMenu;
class QProgressBar;
class QSpinBox;
class QToolButton;

namespace topospike::gui {

class AnalysisJob;
class InspectorPanel;
class StimulusPanel;
class TimePanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// A checkpoint (its positions found beside it) or, with a model open, a positions file or folder.
    void openPath(const QString& path);
    void openCheckpoint(const QString& checkpoint, const QString& positions = {});
    /// The built-in demo network (built into the user's cache on first use, with progress and cancel).
    void openDemo(const demo::DemoOptions& options = {});
    /// Runs the grating set (TDANN's 640) or a labelled image folder through the network and analyses it.
    void runGratingAnalysis(bool useCache = true);
    void runImageSetAnalysis(const QString& folder);
    void cancelBackgroundWork();

    void setColorMode(app::ColorMode mode);
    app::ColorMode colorMode() const noexcept { return request_.mode; }
    /// Pins a unit (as a click on it does) and shows it in the inspector; an invalid id unpins.
    void pinUnit(UnitId unit);
    /// Focuses a layer by name; false when the open model has no such layer.
    bool focusLayer(const QString& name);

    /// The whole view as a session (checkpoint, positions, stimulus, layer, colour mode, colormap, zoom, pins, run).
    options::Session currentSession() const;
    /// Opens a session file: its network, then its view. loadFinished follows.
    void openSession(const QString& file);
    bool saveSessionTo(const QString& file);
    /// Writes the figure of the current view with these figure options (page size, dpi, …) in the background;
    /// figureExported follows. Same composition as `topospike-cli figure --session`.
    void exportFigure(const QString& file, const options::OptionValues& figureOptions);
    /// Writes the analysed maps (gratings, else the image set) as the documented .npz; false when none.
    bool exportMaps(const QString& file);
    /// Saves the autosave session now (also done every 30 s while a network is open).
    void autosave();

    // For tests and the screenshot mode.
    SheetCanvas* sheet() const noexcept { return sheet_; }
    StimulusPanel* stimulusPanel() const noexcept { return stimulus_; }
    TimePanel* timePanel() const noexcept { return time_; }
    InspectorPanel* inspector() const noexcept { return inspector_; }
    const app::OpenModel* model() const noexcept { return model_.get(); }
    std::shared_ptr<const LiveFrame> liveFrame() const noexcept { return frame_; }
    std::shared_ptr<const app::MapSet> gratingMaps() const noexcept { return gratingMaps_; }
    std::shared_ptr<const app::MapSet> categoryMaps() const noexcept { return categoryMaps_; }
    QString lastError() const { return lastError_; }
    bool busy() const;

signals:
    void loadFinished(bool ok);
    /// The sheets show a new live frame (after a stimulus or settings change).
    void liveFrameShown(quint64 generation);
    void mapsReady(bool fromCache);
    void analysisCancelled();
    void analysisFailed(const QString& message);
    void figureExported(const QString& file, bool ok);

protected:
    void dragEnterEvent(QDragEnterEvent* e) override;
    void dropEvent(QDropEvent* e) override;
    void closeEvent(QCloseEvent* e) override;

private:
    struct Loaded {
        std::shared_ptr<app::OpenModel> model;
        QString error;
        bool cancelled = false;
    };
    // main_window.cpp: layout, menus, settings
    void buildDocks();
    void buildMenus();
    void buildToolbar();
    void chooseFile();
    void choosePositions();
    void chooseImageSet();
    void rememberRecent(const QString& path);
    void rebuildRecentMenu();
    void showError(const QString& title, const QString& message);
    // main_window_open.cpp: loading
    void startLoad(std::function<Loaded(const CancelToken&)> work, const QString& what);
    void onLoaded();
    void adoptModel(std::shared_ptr<app::OpenModel> model);
    // main_window_session.cpp: sessions and figure export
    void applyPendingSession();
    void saveSessionAs();
    void chooseFigureExport();
    // main_window_live.cpp: stimuli, frames, colours, inspection
    run::RunOptions currentRunOptions() const;
    void presentStimulus();
    void applyRunSettings();
    void onFrame(std::shared_ptr<const LiveFrame> frame);
    void recolor();
    void refreshInspector();
    QString describeUnit(UnitId unit) const;
    const app::LayerMaps* mapsFor(const std::shared_ptr<const app::MapSet>& set, int layer) const;
    const run::LayerRecord* liveRecord(int layer) const;
    void lookForCachedMaps();
    void onMaps(std::shared_ptr<const app::MapSet> maps, bool fromCache);
    void updateModeControls();

    std::shared_ptr<app::OpenModel> model_;
    std::shared_ptr<const LiveFrame> frame_;
    std::shared_ptr<const app::MapSet> gratingMaps_, categoryMaps_;
    app::ColorRequest request_;
    UnitId pinned_;
    bool showLastTimestep_ = false;
    std::shared_ptr<options::Session> pendingSession_;
    int pendingTimestep_ = -2;  // a restored session's timestep, applied with the first frame (-1: the last)
    QString pendingContrast_;   // a restored session's contrast, applied when category maps arrive
    QString sessionFile_;
    QString lastError_;
    QString loadingWhat_;

    LiveRunner* runner_ = nullptr;
    AnalysisJob* analysis_ = nullptr;
    QFutureWatcher<Loaded> loader_;
    std::shared_ptr<CancelToken> loadCancel_;
    // Shared with the loading thread, so a superseded load still running after the window is gone writes to it safely.
    std::shared_ptr<std::atomic<int>> loadProgress_ = std::make_shared<std::atomic<int>>(0);

    SheetCanvas* sheet_ = nullptr;
    StimulusPanel* stimulus_ = nullptr;
    TimePanel* time_ = nullptr;
    InspectorPanel* inspector_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QActionGroup* modeActions_ = nullptr;
    QComboBox* modeBox_ = nullptr;
    QComboBox* colormapBox_ = nullptr;
    QComboBox* contrastBox_ = nullptr;
    QSpinBox* maskBox_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QToolButton* cancelButton_ = nullptr;
    QLabel* runLabel_ = nullptr;
    QTimer* loadPoll_ = nullptr;
};

}  // namespace topospike::gui
