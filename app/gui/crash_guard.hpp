#pragma once
// Crash recovery: a marker beside the autosaved session says "TopoSpike is running" (our pid). If the marker of a
// process that no longer exists is found at start-up, the last run did not end cleanly and its autosaved session
// can be offered back. The marker is removed when the guard is destroyed (a clean exit).

#include <filesystem>

namespace topospike::gui {

class CrashGuard {
public:
    explicit CrashGuard(std::filesystem::path marker);
    ~CrashGuard();
    CrashGuard(const CrashGuard&) = delete;
    CrashGuard& operator=(const CrashGuard&) = delete;
    /// True when a previous TopoSpike left its marker behind without running any more.
    bool previousRunCrashed() const noexcept { return crashed_; }

private:
    std::filesystem::path marker_;
    bool crashed_ = false;
};

}  // namespace topospike::gui
