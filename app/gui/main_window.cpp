#include "gui/main_window.hpp"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QProgressBar>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>

#include "common/colormaps.hpp"
#include "gui/analysis_job.hpp"
#include "gui/app_theme.hpp"
#include "gui/inspector_panel.hpp"
#include "gui/stimulus_panel.hpp"
#include "gui/table_ranges.hpp"
#include "gui/time_panel.hpp"
#include "gui/window_grab.hpp"

namespace topospike::gui {
namespace {
constexpr int kMaxRecent = 10;
}

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle("TopoSpike");
    setWindowIcon(QIcon(":/topospike/icon.svg"));
    setAcceptDrops(true);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);

    runner_ = new LiveRunner(this);
    analysis_ = new AnalysisJob(this);
    sheet_ = new SheetCanvas(this);
    setCentralWidget(sheet_);
    sheet_->setUnitDescriber([this](UnitId u) { return describeUnit(u); });

    QSettings settings;
    request_.mode = app::parseColorMode(settings.value("view/colorBy", "spikes").toString().toStdString())
                        .value_or(app::ColorMode::SpikesNow);
    buildDocks();
    buildToolbar();
    buildMenus();

    progress_ = new QProgressBar(this);
    progress_->setRange(0, 1000);
    progress_->setMaximumWidth(220);
    progress_->setTextVisible(true);
    progress_->hide();
    cancelButton_ = new QToolButton(this);
    cancelButton_->setText(tr("Cancel"));
    cancelButton_->setToolTip(tr("Cancel the running job (Esc)"));
    cancelButton_->hide();
    runLabel_ = new QLabel(this);
    statusBar()->addPermanentWidget(runLabel_);
    statusBar()->addPermanentWidget(progress_);
    statusBar()->addPermanentWidget(cancelButton_);
    connect(cancelButton_, &QToolButton::clicked, this, &MainWindow::cancelBackgroundWork);
    loadPoll_ = new QTimer(this);
    loadPoll_->setInterval(100);
    connect(loadPoll_, &QTimer::timeout, this, [this] { progress_->setValue(loadProgress_->load()); });

    connect(&loader_, &QFutureWatcher<Loaded>::finished, this, &MainWindow::onLoaded);
    connect(runner_, &LiveRunner::finished, this, &MainWindow::onFrame);
    connect(runner_, &LiveRunner::failed, this, [this](quint64, const QString& m) {
        lastError_ = m;
        statusBar()->showMessage(tr("Run failed: %1").arg(m));
    });
    connect(analysis_, &AnalysisJob::progressChanged, this, [this](int pm, const QString& what) {
        progress_->show();
        cancelButton_->show();
        progress_->setValue(pm);
        progress_->setFormat(QStringLiteral("%1 %p%").arg(what));
    });
    connect(analysis_, &AnalysisJob::finished, this, &MainWindow::onMaps);
    connect(analysis_, &AnalysisJob::cancelled, this, [this] {
        progress_->hide();
        cancelButton_->hide();
        statusBar()->showMessage(tr("Analysis cancelled"), 5000);
        emit analysisCancelled();
    });
    connect(analysis_, &AnalysisJob::failed, this, [this](const QString& m) {
        progress_->hide();
        cancelButton_->hide();
        showError(tr("Analysis failed"), m);
        emit analysisFailed(m);
    });
    connect(sheet_, &SheetCanvas::unitClicked, this, &MainWindow::pinUnit);
    connect(sheet_, &SheetCanvas::focusedLayerChanged, this, [this] { refreshInspector(); });

    auto* autosaveTimer = new QTimer(this);
    autosaveTimer->setInterval(30000);
    connect(autosaveTimer, &QTimer::timeout, this, &MainWindow::autosave);
    autosaveTimer->start();

    if (!restoreGeometry(settings.value("window/geometry").toByteArray())) resize(1400, 880);
    restoreState(settings.value("window/state").toByteArray());
    updateModeControls();
}

MainWindow::~MainWindow() {
    if (loadCancel_) loadCancel_->cancel();
    loader_.waitForFinished();  // shutdown only: the demo build stops at its next cancellation check
}

void MainWindow::buildDocks() {
    stimulus_ = new StimulusPanel(this);
    auto* left = new QDockWidget(tr("Stimulus"), this);
    left->setObjectName("stimulusDock");
    left->setWidget(stimulus_);
    addDockWidget(Qt::LeftDockWidgetArea, left);

    inspector_ = new InspectorPanel(this);
    inspector_->setMinimumWidth(340);  // room for the charts' axes
    auto* right = new QDockWidget(tr("Inspector"), this);
    right->setObjectName("inspectorDock");
    right->setWidget(inspector_);
    addDockWidget(Qt::RightDockWidgetArea, right);

    time_ = new TimePanel(this);
    auto* bottom = new QDockWidget(tr("Time"), this);
    bottom->setObjectName("timeDock");
    bottom->setWidget(time_);
    addDockWidget(Qt::BottomDockWidgetArea, bottom);

    connect(stimulus_, &StimulusPanel::stimulusChanged, this, &MainWindow::presentStimulus);
    connect(stimulus_, &StimulusPanel::runSettingsChanged, this, &MainWindow::applyRunSettings);
    connect(stimulus_, &StimulusPanel::imageSetRequested, this, &MainWindow::chooseImageSet);
    connect(time_, &TimePanel::timestepChanged, this, [this](int t) {
        request_.timestep = t;
        if (app::colorModeInfo(request_.mode).perTimestep) recolor();
    });
}

void MainWindow::buildToolbar() {
    QToolBar* bar = addToolBar(tr("View"));
    bar->setObjectName("viewToolbar");
    bar->addWidget(new QLabel(tr(" Colour by "), bar));
    modeBox_ = new QComboBox(bar);
    for (const auto& m : app::colorModes()) modeBox_->addItem(tr(m.label), QString::fromLatin1(m.key));
    bar->addWidget(modeBox_);
    connect(modeBox_, &QComboBox::activated, this, [this](int i) {
        if (const auto m = app::parseColorMode(modeBox_->itemData(i).toString().toStdString())) setColorMode(*m);
    });
    bar->addWidget(new QLabel(tr(" Colormap "), bar));
    colormapBox_ = new QComboBox(bar);
    for (const auto& n : app::colormapNames()) colormapBox_->addItem(QString::fromStdString(n));
    bar->addWidget(colormapBox_);
    connect(colormapBox_, &QComboBox::activated, this, [this](int i) {
        request_.colormap = colormapBox_->itemText(i).toStdString();
        QSettings().setValue(QStringLiteral("colormaps/%1").arg(app::colorModeInfo(request_.mode).key),
                             colormapBox_->itemText(i));
        recolor();
    });
    bar->addWidget(new QLabel(tr(" Contrast "), bar));
    contrastBox_ = new QComboBox(bar);
    contrastBox_->setToolTip(tr("Which category contrast the t-value map shows"));
    bar->addWidget(contrastBox_);
    connect(contrastBox_, &QComboBox::activated, this, [this](int i) {
        request_.contrast = i;
        recolor();
    });
    bar->addWidget(new QLabel(tr(" Mask \u2264 percentile "), bar));
    maskBox_ = new QSpinBox(bar);
    applyOptionRange(maskBox_, "mask-percentile");
    bar->addWidget(maskBox_);
    connect(maskBox_, &QSpinBox::valueChanged, this, [this](int v) {
        request_.maskPercentile = v;
        recolor();
    });
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open Checkpoint\u2026"), QKeySequence::Open, this, &MainWindow::chooseFile);
    file->addAction(tr("Open &Positions\u2026"), QKeySequence(tr("Ctrl+Shift+O")), this, &MainWindow::choosePositions);
    file->addAction(tr("Open &Demo Network"), QKeySequence(tr("Ctrl+D")), this, [this] { openDemo(); });
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    rebuildRecentMenu();
    file->addSeparator();
    file->addAction(tr("&Save Session"), QKeySequence::Save, this, [this] {
        if (sessionFile_.isEmpty()) saveSessionAs(); else saveSessionTo(sessionFile_);
    });
    file->addAction(tr("Save Session &As\u2026"), QKeySequence::SaveAs, this, &MainWindow::saveSessionAs);
    file->addSeparator();
    file->addAction(tr("&Export Figure\u2026"), QKeySequence(tr("Ctrl+E")), this, &MainWindow::chooseFigureExport);
    file->addAction(tr("Export &Maps (.npz)\u2026"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export maps"), QString(), tr("NumPy archive (*.npz)"));
        if (!path.isEmpty()) exportMaps(path);
    });
    file->addAction(tr("Save &View as PNG\u2026"), QKeySequence(tr("Ctrl+Alt+S")), this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save view"), QString(), tr("PNG image (*.png)"));
        if (!path.isEmpty() && !grabWindow(this).save(path, "PNG")) showError(tr("Cannot save"), tr("%1: could not write the image").arg(path));
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    QMenu* colorBy = view->addMenu(tr("&Colour By"));
    modeActions_ = new QActionGroup(this);
    int n = 1;
    for (const auto& m : app::colorModes()) {
        QAction* a = colorBy->addAction(tr(m.label));
        a->setCheckable(true);
        a->setData(QString::fromLatin1(m.key));
        if (n <= 9) a->setShortcut(QKeySequence(QStringLiteral("Ctrl+%1").arg(n)));
        ++n;
        modeActions_->addAction(a);
        const app::ColorMode mode = m.mode;
        connect(a, &QAction::triggered, this, [this, mode] { setColorMode(mode); });
    }
    view->addAction(tr("&Reset View"), QKeySequence(tr("Ctrl+0")), sheet_, &SheetCanvas::resetView);
    QAction* multiples = view->addAction(tr("&Small Multiples"));
    multiples->setCheckable(true);
    multiples->setChecked(true);
    multiples->setShortcut(QKeySequence(tr("Ctrl+M")));
    connect(multiples, &QAction::toggled, sheet_, &SheetCanvas::setShowSmallMultiples);
    view->addAction(tr("Next Layer"), QKeySequence(tr("PgDown")), this, [this] {
        if (sheet_->layerCount() > 0) sheet_->setFocusedLayer((sheet_->focusedLayer() + 1) % sheet_->layerCount());
    });
    view->addAction(tr("Previous Layer"), QKeySequence(tr("PgUp")), this, [this] {
        const int n2 = sheet_->layerCount();
        if (n2 > 0) sheet_->setFocusedLayer((sheet_->focusedLayer() + n2 - 1) % n2);
    });
    view->addSeparator();
    QMenu* theme = view->addMenu(tr("&Theme"));
    auto* themes = new QActionGroup(this);
    const Theme current = parseTheme(QSettings().value("view/theme", "system").toString());
    for (Theme t : {Theme::System, Theme::Light, Theme::Dark}) {
        QAction* a = theme->addAction(t == Theme::System ? tr("Follow the &System") : t == Theme::Light ? tr("&Light") : tr("&Dark"));
        a->setCheckable(true);
        a->setChecked(t == current);
        themes->addAction(a);
        connect(a, &QAction::triggered, this, [this, t] {
            applyTheme(t);
            QSettings().setValue("view/theme", themeKey(t));
            sheet_->update();
        });
    }

    QMenu* time = menuBar()->addMenu(tr("&Time"));
    time->addAction(tr("&Play / Pause"), QKeySequence(Qt::Key_Space), this, [this] { time_->setPlaying(!time_->playing()); });
    time->addAction(tr("&Next Timestep"), QKeySequence(Qt::Key_Right), this,
                    [this] { time_->setTimestep((time_->timestep() + 1) % std::max(1, time_->timesteps())); });
    time->addAction(tr("P&revious Timestep"), QKeySequence(Qt::Key_Left), this, [this] {
        const int T = std::max(1, time_->timesteps());
        time_->setTimestep((time_->timestep() + T - 1) % T);
    });

    QMenu* analyses = menuBar()->addMenu(tr("&Analyses"));
    analyses->addAction(tr("&Gratings (TDANN's 640)"), QKeySequence(tr("Ctrl+G")), this, [this] { runGratingAnalysis(); });
    analyses->addAction(tr("Gratings, &Recompute"), this, [this] { runGratingAnalysis(false); });
    analyses->addAction(tr("&Image Set\u2026"), QKeySequence(tr("Ctrl+I")), this, &MainWindow::chooseImageSet);
    analyses->addAction(tr("&Cancel"), QKeySequence(Qt::Key_Escape), this, &MainWindow::cancelBackgroundWork);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About TopoSpike"), this, [this] {
        QString renderer;
        if (sheet_->context()) {
            sheet_->makeCurrent();
            if (const GLubyte* r = sheet_->context()->functions()->glGetString(GL_RENDERER))
                renderer = QString::fromLatin1(reinterpret_cast<const char*>(r));
            sheet_->doneCurrent();
        }
        showAboutDialog(this, renderer);
    });
}

void MainWindow::updateModeControls() {
    const auto& info = app::colorModeInfo(request_.mode);
    modeBox_->setCurrentIndex(modeBox_->findData(QString::fromLatin1(info.key)));
    for (QAction* a : modeActions_->actions()) a->setChecked(a->data().toString() == QLatin1String(info.key));
    const QString cmap = request_.colormap.empty() ? QString::fromLatin1(info.defaultColormap)
                                                   : QString::fromStdString(request_.colormap);
    colormapBox_->setCurrentText(cmap);
    contrastBox_->setEnabled(request_.mode == app::ColorMode::CategoryT);
    maskBox_->setEnabled(info.needsGratingMaps);
}

void MainWindow::setColorMode(app::ColorMode mode) {
    request_.mode = mode;
    const auto& info = app::colorModeInfo(mode);
    QSettings settings;
    settings.setValue("view/colorBy", QString::fromLatin1(info.key));
    request_.colormap = settings.value(QStringLiteral("colormaps/%1").arg(info.key)).toString().toStdString();
    updateModeControls();
    recolor();
    refreshInspector();
}

void MainWindow::chooseFile() {
    QSettings settings;
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open checkpoint"), settings.value("paths/lastDir").toString(),
        tr("Checkpoints and sessions (*.pth *.pt *.torch *.safetensors *.json);;All files (*)"));
    if (!path.isEmpty()) openPath(path);
}

void MainWindow::choosePositions() {
    const QString path = QFileDialog::getExistingDirectory(this, tr("Open positions folder (TDANN) — or cancel to pick a file"),
                                                           QSettings().value("paths/lastDir").toString());
    if (!path.isEmpty()) {
        openPath(path);
        return;
    }
    const QString file = QFileDialog::getOpenFileName(this, tr("Open positions file"), QSettings().value("paths/lastDir").toString(),
                                                      tr("Positions (*.npz *.tspos *.safetensors);;All files (*)"));
    if (!file.isEmpty()) openPath(file);
}

void MainWindow::chooseImageSet() {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Image set folder (categories as sub-folders or fLoc names)"),
                                                             QSettings().value("paths/imageSet").toString());
    if (folder.isEmpty()) return;
    QSettings().setValue("paths/imageSet", folder);
    stimulus_->setImageSetFolder(folder.toStdString());
    runImageSetAnalysis(folder);
}

void MainWindow::showError(const QString& title, const QString& message) {
    lastError_ = message;
    statusBar()->showMessage(message);
    // Window-modal and non-blocking: the event loop keeps running while the message is shown.
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::rememberRecent(const QString& path) {
    QSettings settings;
    QStringList recent = settings.value("recentFiles").toStringList();
    const QString abs = QFileInfo(path).absoluteFilePath();
    recent.removeAll(abs);
    recent.prepend(abs);
    while (recent.size() > kMaxRecent) recent.removeLast();
    settings.setValue("recentFiles", recent);
    settings.setValue("paths/lastDir", QFileInfo(abs).absolutePath());
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
    recentMenu_->clear();
    const QStringList recent = QSettings().value("recentFiles").toStringList();
    for (const QString& p : recent)
        recentMenu_->addAction(QFileInfo(p).fileName(), this, [this, p] { openPath(p); })->setToolTip(p);
    recentMenu_->setEnabled(!recent.isEmpty());
}

void MainWindow::dragEnterEvent(QDragEnterEvent* e) {
    if (e->mimeData()->hasUrls() && e->mimeData()->urls().first().isLocalFile()) e->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* e) {
    const auto urls = e->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile()) openPath(urls.first().toLocalFile());
}

void MainWindow::closeEvent(QCloseEvent* e) {
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState());
    QMainWindow::closeEvent(e);
}

}  // namespace topospike::gui
