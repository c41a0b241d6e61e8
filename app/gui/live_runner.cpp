#include "gui/live_runner.hpp"

#include <QElapsedTimer>
#include <QPointer>
#include <QThreadPool>
#include <exception>

namespace topospike::gui {

namespace {
/// The network's view of an image: resized and cropped like the run, not normalised (for display).
stimuli::Image asSeen(const stimuli::Image& image, int side) {
    stimuli::PreprocessOptions o;
    o.resize = side;
    o.crop = side;
    o.normalize = false;
    const stimuli::InputImage chw = stimuli::preprocess(image, o);
    stimuli::Image out;
    out.width = chw.width;
    out.height = chw.height;
    out.rgb.resize(static_cast<std::size_t>(chw.width) * chw.height * 3);
    const std::size_t plane = static_cast<std::size_t>(chw.width) * chw.height;
    for (std::size_t i = 0; i < plane; ++i)
        for (int c = 0; c < 3; ++c) out.rgb[i * 3 + c] = chw.chw[c * plane + i];
    return out;
}
}  // namespace

LiveRunner::LiveRunner(QObject* parent) : QObject(parent), pool_(new QThreadPool(this)) {
    qRegisterMetaType<std::shared_ptr<const LiveFrame>>();
    pool_->setMaxThreadCount(1);  // runs are serialised; a cancelled one ends at its next layer
}

LiveRunner::~LiveRunner() {
    if (cancel_) cancel_->cancel();
    pool_->waitForDone();
}

void LiveRunner::setNetwork(std::shared_ptr<const model::Network> network, run::RunOptions options, int inputSize) {
    if (cancel_) cancel_->cancel();
    options.recordMembrane = true;
    options.schedule = run::Schedule::Latency;
    options.validate();
    network_ = std::move(network);
    options_ = std::move(options);
    inputSize_ = inputSize;
}

std::uint64_t LiveRunner::present(stimuli::Image image) {
    if (!network_) return 0;
    if (cancel_) cancel_->cancel();  // the run in flight (if any) is superseded
    cancel_ = std::make_shared<CancelToken>();
    const std::uint64_t generation = ++generation_;
    auto simulator = std::make_shared<run::Simulator>(network_, options_);
    const int side = inputSize_;
    ++inFlight_;
    emit started(generation);
    QPointer<LiveRunner> self(this);
    pool_->start([self, simulator, cancel = cancel_, generation, side, image = std::move(image), this]() mutable {
        auto frame = std::make_shared<LiveFrame>();
        frame->generation = generation;
        frame->options = simulator->options();
        QString error;
        bool cancelled = false;
        try {
            cancel->check();  // superseded while queued: skip the work
            frame->image = asSeen(image, side);
            stimuli::PreprocessOptions o;
            o.resize = side;
            o.crop = side;
            const stimuli::InputImage input = stimuli::preprocess(image, o);
            QElapsedTimer clock;
            clock.start();
            frame->result = simulator->run(input, cancel.get());
            frame->seconds = clock.nsecsElapsed() * 1e-9;
        } catch (const Cancelled&) {
            cancelled = true;
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        }
        // Delivered on the GUI thread; stale generations are dropped there (a newer present() may have come).
        QMetaObject::invokeMethod(
            this,
            [self, frame = std::shared_ptr<const LiveFrame>(std::move(frame)), error, cancelled, generation] {
                if (!self) return;
                --self->inFlight_;
                if (cancelled || generation != self->generation_) return;
                if (!error.isEmpty())
                    emit self->failed(generation, error);
                else
                    emit self->finished(frame);
            },
            Qt::QueuedConnection);
    });
    return generation;
}

}  // namespace topospike::gui
