#pragma once
// The main window: open a checkpoint or position file (dialog, drag & drop, recent files, command line) and
// show what it holds. Loading runs on a worker thread; the GUI thread never waits on the engine.

#include <QFutureWatcher>
#include <QJsonObject>
#include <QMainWindow>

class QLabel;
class QMenu;
class QPlainTextEdit;
class QTreeWidget;

namespace topospike::gui {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Starts loading `path` in the background; loadFinished() follows.
    void openPath(const QString& path);
    /// The summary of the last file loaded (empty if none or refused).
    QJsonObject currentSummary() const { return summary_; }
    QString lastError() const { return lastError_; }

signals:
    void loadFinished(bool ok);

protected:
    void dragEnterEvent(QDragEnterEvent* e) override;
    void dropEvent(QDropEvent* e) override;
    void closeEvent(QCloseEvent* e) override;

private:
    struct Result {
        QJsonObject summary;
        QString error;
    };
    void buildMenus();
    void chooseFile();
    void showAbout();
    void rememberRecent(const QString& path);
    void rebuildRecentMenu();
    void onLoaded();
    void showSummary(const QJsonObject& s);

    QFutureWatcher<Result> watcher_;
    QString loadingPath_;
    QJsonObject summary_;
    QString lastError_;
    QMenu* recentMenu_ = nullptr;
    QTreeWidget* layers_ = nullptr;
    QPlainTextEdit* details_ = nullptr;
    QLabel* placeholder_ = nullptr;
};

}  // namespace topospike::gui
