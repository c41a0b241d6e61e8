#include "gui/main_window.hpp"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTreeWidget>
#include <QtConcurrent/QtConcurrentRun>

#include "common/file_summary.hpp"
#include "topospike/error.hpp"

namespace topospike::gui {
namespace {
constexpr int kMaxRecent = 10;
}

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle("TopoSpike");
    setWindowIcon(QIcon(":/topospike/icon.svg"));
    setAcceptDrops(true);

    auto* stack = new QStackedWidget(this);
    placeholder_ = new QLabel(tr("Open a checkpoint (.pth, .pt, .safetensors) or a position file or folder\n"
                                 "with File \u2192 Open, or drop it here."),
                              stack);
    placeholder_->setAlignment(Qt::AlignCenter);
    auto* split = new QSplitter(Qt::Horizontal, stack);
    layers_ = new QTreeWidget(split);
    layers_->setHeaderLabels({tr("Layer"), tr("C \u00d7 H \u00d7 W"), tr("Units")});
    layers_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    layers_->setRootIsDecorated(false);
    details_ = new QPlainTextEdit(split);
    details_->setReadOnly(true);
    details_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    split->setStretchFactor(1, 2);
    stack->addWidget(placeholder_);
    stack->addWidget(split);
    setCentralWidget(stack);

    buildMenus();
    statusBar()->showMessage(tr("Ready"));
    connect(&watcher_, &QFutureWatcher<Result>::finished, this, &MainWindow::onLoaded);

    QSettings settings;
    if (!restoreGeometry(settings.value("window/geometry").toByteArray())) resize(1100, 720);
}

MainWindow::~MainWindow() { watcher_.waitForFinished(); }

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open\u2026"), this, &MainWindow::chooseFile);
    open->setShortcut(QKeySequence::Open);
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    rebuildRecentMenu();
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About TopoSpike"), this, &MainWindow::showAbout);
}

void MainWindow::chooseFile() {
    QSettings settings;
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open checkpoint or positions"), settings.value("paths/lastDir").toString(),
        tr("Checkpoints and positions (*.pth *.pt *.torch *.safetensors *.npz *.tspos);;All files (*)"));
    if (!path.isEmpty()) openPath(path);
}

void MainWindow::openPath(const QString& path) {
    if (watcher_.isRunning()) watcher_.waitForFinished();  // a file read is short; analyses will be cancellable
    loadingPath_ = path;
    statusBar()->showMessage(tr("Loading %1\u2026").arg(QFileInfo(path).fileName()));
    watcher_.setFuture(QtConcurrent::run([path]() {
        Result r;
        try {
            r.summary = app::summarizeFile(path.toStdString(), app::SummaryOptions{});
        } catch (const std::exception& e) {
            r.error = QString::fromStdString(e.what());
        }
        return r;
    }));
}

void MainWindow::onLoaded() {
    const Result r = watcher_.result();
    if (!r.error.isEmpty()) {
        lastError_ = r.error;
        statusBar()->showMessage(tr("Refused: %1").arg(r.error));
        // Window-modal and non-blocking: the event loop keeps running while the message is shown.
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Cannot open file"), r.error, QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        emit loadFinished(false);
        return;
    }
    lastError_.clear();
    summary_ = r.summary;
    rememberRecent(loadingPath_);
    showSummary(summary_);
    setWindowTitle(QString("%1 \u2014 TopoSpike").arg(QFileInfo(loadingPath_).fileName()));
    statusBar()->showMessage(tr("Loaded %1").arg(loadingPath_));
    emit loadFinished(true);
}

void MainWindow::showSummary(const QJsonObject& s) {
    layers_->clear();
    for (const auto& v : s["layers"].toArray()) {
        const auto l = v.toObject();
        QString shape;
        if (l.contains("C"))
            shape = QString("%1 \u00d7 %2 \u00d7 %3").arg(l["C"].toInt()).arg(l["H"].toInt()).arg(l["W"].toInt());
        else {
            QStringList dims;
            for (const auto& d : l["dims"].toArray()) dims << QString::number(d.toInteger());
            shape = dims.join(" \u00d7 ");
        }
        new QTreeWidgetItem(layers_, {l["name"].toString(), shape, QString::number(l["units"].toInteger())});
    }
    details_->setPlainText(app::summaryText(s));
    static_cast<QStackedWidget*>(centralWidget())->setCurrentIndex(1);
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
    for (const QString& p : recent) recentMenu_->addAction(QFileInfo(p).fileName(), this, [this, p] { openPath(p); })->setToolTip(p);
    recentMenu_->setEnabled(!recent.isEmpty());
}

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About TopoSpike"),
                       tr("<h3>TopoSpike %1</h3>"
                          "<p>A live explorer for topographic deep spiking neural networks (TDSNN).</p>"
                          "<p>Qt %2 (built with %3)</p>")
                           .arg(TOPOSPIKE_VERSION, qVersion(), QT_VERSION_STR));
}

void MainWindow::dragEnterEvent(QDragEnterEvent* e) {
    if (e->mimeData()->hasUrls() && e->mimeData()->urls().first().isLocalFile()) e->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* e) {
    const auto urls = e->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile()) openPath(urls.first().toLocalFile());
}

void MainWindow::closeEvent(QCloseEvent* e) {
    QSettings().setValue("window/geometry", saveGeometry());
    QMainWindow::closeEvent(e);
}

}  // namespace topospike::gui
