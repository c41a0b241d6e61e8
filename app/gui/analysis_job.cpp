#include "gui/analysis_job.hpp"

#include <QPointer>
#include <QThreadPool>
#include <exception>

#include "common/map_cache.hpp"
#include "topospike/error.hpp"

namespace topospike::gui {

AnalysisJob::AnalysisJob(QObject* parent) : QObject(parent), pool_(new QThreadPool(this)) {
    qRegisterMetaType<std::shared_ptr<const app::MapSet>>();
    pool_->setMaxThreadCount(1);
    poll_.setInterval(100);  // progress reaches the GUI at 10 Hz, however often the engine reports it
    connect(&poll_, &QTimer::timeout, this, [this] { emit progressChanged(progress_.load(), what_); });
}

AnalysisJob::~AnalysisJob() {
    if (cancel_) cancel_->cancel();
    pool_->waitForDone();
}

void AnalysisJob::cancel() {
    if (!running_) return;
    if (cancel_) cancel_->cancel();
    running_ = false;
    poll_.stop();
    ++generation_;  // whatever the worker still delivers is dropped
    emit cancelled();
}

void AnalysisJob::start(std::shared_ptr<const model::Network> network, io::PositionSet positions,
                        run::RunOptions options, app::StimulusSetSpec spec, std::string key, bool useCache) {
    if (cancel_) cancel_->cancel();
    cancel_ = std::make_shared<CancelToken>();
    const std::uint64_t generation = ++generation_;
    running_ = true;
    progress_ = 0;
    what_ = spec.kind == app::StimulusSetSpec::Kind::Gratings
                ? tr("Analysing 640 gratings")
                : tr("Analysing %1").arg(QString::fromStdString(spec.folder.filename().string()));
    poll_.start();
    emit progressChanged(0, what_);
    QPointer<AnalysisJob> self(this);
    pool_->start([this, self, network = std::move(network), positions = std::move(positions),
                  options = std::move(options), spec = std::move(spec), key = std::move(key), useCache,
                  cancel = cancel_, generation]() {
        std::shared_ptr<app::MapSet> maps;
        QString error;
        bool fromCache = false, wasCancelled = false;
        try {
            auto got = app::obtainMapSet(
                network, positions, options, spec, key, useCache,
                [this](std::int64_t done, std::int64_t total) {
                    progress_ = total > 0 ? static_cast<int>(1000 * done / total) : 0;
                },
                cancel.get());
            fromCache = got.fromCache;
            maps = std::make_shared<app::MapSet>(std::move(got.maps));
        } catch (const Cancelled&) {
            wasCancelled = true;
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        }
        QMetaObject::invokeMethod(
            this,
            [self, maps = std::shared_ptr<const app::MapSet>(std::move(maps)), error, fromCache, wasCancelled,
             generation] {
                if (!self || generation != self->generation_) return;
                self->running_ = false;
                self->poll_.stop();
                if (wasCancelled)
                    emit self->cancelled();
                else if (!error.isEmpty())
                    emit self->failed(error);
                else
                    emit self->finished(maps, fromCache);
            },
            Qt::QueuedConnection);
    });
}

}  // namespace topospike::gui
