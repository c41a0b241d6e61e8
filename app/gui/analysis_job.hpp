#pragma once
// Runs a stimulus set through the network and analyses every layer (common/map_set.hpp) off the GUI thread, with
// progress and cancel. A cached result for the same checkpoint + positions + settings + set is loaded instead of
// recomputed; a fresh one is saved to the cache. Cancelling leaves nothing behind (no partial cache file).

#include <QObject>
#include <QString>
#include <QTimer>
#include <atomic>
#include <memory>

#include "common/map_set.hpp"

class QThreadPool;

namespace topospike::gui {

class AnalysisJob : public QObject {
    Q_OBJECT
public:
    explicit AnalysisJob(QObject* parent = nullptr);
    ~AnalysisJob() override;  ///< cancels and waits (only at shutdown)

    /// Starts (cancelling a job in flight, whose result is then dropped). `useCache` false recomputes.
    void start(std::shared_ptr<const model::Network> network, io::PositionSet positions, run::RunOptions options,
               app::StimulusSetSpec spec, std::string key, bool useCache = true);
    void cancel();
    bool running() const noexcept { return running_; }
    /// Per-mille of the job in flight.
    int progress() const noexcept { return progress_.load(); }

signals:
    void progressChanged(int perMille, const QString& what);
    void finished(std::shared_ptr<const topospike::app::MapSet> maps, bool fromCache);
    void cancelled();
    void failed(const QString& message);

private:
    QThreadPool* pool_ = nullptr;
    std::shared_ptr<CancelToken> cancel_;
    std::atomic<int> progress_{0};
    QTimer poll_;
    std::uint64_t generation_ = 0;
    bool running_ = false;
    QString what_;
};

}  // namespace topospike::gui

Q_DECLARE_METATYPE(std::shared_ptr<const topospike::app::MapSet>)
