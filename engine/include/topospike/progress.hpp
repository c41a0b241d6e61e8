#pragma once
/// @file progress.hpp
/// Cancellation and progress reporting shared by every long engine operation (network runs, swap
/// optimisation, analyses).

#include <atomic>
#include <cstdint>
#include <functional>

#include "topospike/error.hpp"

namespace topospike {

/// Thrown when an operation is cancelled through its token; nothing of the operation is returned and no
/// caller-visible state has been changed.
class Cancelled : public Error {
public:
    Cancelled() : Error("cancelled") {}
};

/// Shared between the caller and an operation; cancel() may be called from any thread.
class CancelToken {
public:
    void cancel() noexcept { flag_.store(true, std::memory_order_relaxed); }
    bool cancelled() const noexcept { return flag_.load(std::memory_order_relaxed); }
    void reset() noexcept { flag_.store(false, std::memory_order_relaxed); }
    /// Throws Cancelled if cancel() has been called.
    void check() const {
        if (cancelled()) throw Cancelled();
    }

private:
    std::atomic<bool> flag_{false};
};

/// Progress of a long operation: `done` of `total` work items (steps, stimuli, samples). Called from the
/// thread running the operation, never concurrently with itself.
using StepProgressFn = std::function<void(std::int64_t done, std::int64_t total)>;

}  // namespace topospike
