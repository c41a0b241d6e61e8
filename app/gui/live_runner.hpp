#pragma once
// Runs the current stimulus through the network off the GUI thread. present() never blocks: a run in flight is
// cancelled (its CancelToken) and the new stimulus runs next; results of superseded runs are dropped, so the
// sheets only ever show the latest stimulus. Runs are serialised on one worker thread; the engine inside uses
// oneTBB for its parallel kernels.

#include <QObject>
#include <QString>
#include <atomic>
#include <cstdint>
#include <memory>

#include "topospike/model/network.hpp"
#include "topospike/run/simulator.hpp"
#include "topospike/stimuli/image.hpp"

class QThreadPool;

namespace topospike::gui {

/// What one presented stimulus produced.
struct LiveFrame {
    std::uint64_t generation = 0;
    stimuli::Image image;        ///< the stimulus as shown (before normalisation)
    run::ImageResult result;     ///< every recorded layer with its membrane charge
    run::RunOptions options;
    double seconds = 0;          ///< engine time of the run
};

class LiveRunner : public QObject {
    Q_OBJECT
public:
    explicit LiveRunner(QObject* parent = nullptr);
    ~LiveRunner() override;  ///< cancels and waits for the worker (only at shutdown)

    /// The network and settings later runs use (membrane recording is switched on). Cancels a run in flight.
    /// Stimuli are resized (shorter side) and centre-cropped to inputSize × inputSize, as torchvision would.
    void setNetwork(std::shared_ptr<const model::Network> network, run::RunOptions options, int inputSize);
    const run::RunOptions& options() const noexcept { return options_; }
    bool hasNetwork() const noexcept { return network_ != nullptr; }

    /// Runs `image` (any size: resized, cropped and ImageNet-normalised here).
    /// Returns the generation number of this request.
    std::uint64_t present(stimuli::Image image);
    bool busy() const noexcept { return inFlight_.load() > 0; }
    std::uint64_t latestGeneration() const noexcept { return generation_; }

signals:
    void started(quint64 generation);
    void finished(std::shared_ptr<const topospike::gui::LiveFrame> frame);
    void failed(quint64 generation, const QString& message);

private:
    std::shared_ptr<const model::Network> network_;
    run::RunOptions options_;
    int inputSize_ = 224;
    QThreadPool* pool_ = nullptr;
    std::shared_ptr<CancelToken> cancel_;
    std::uint64_t generation_ = 0;
    std::atomic<int> inFlight_{0};
};

}  // namespace topospike::gui

Q_DECLARE_METATYPE(std::shared_ptr<const topospike::gui::LiveFrame>)
