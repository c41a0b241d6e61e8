#include "gui/crash_guard.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>

namespace topospike::gui {

CrashGuard::CrashGuard(std::filesystem::path marker) : marker_(std::move(marker)) {
    std::error_code ec;
    if (std::ifstream in(marker_); in) {
        long pid = 0;
        // A marker whose process still runs belongs to another open TopoSpike: not a crash.
        if (in >> pid && pid > 0 && !(::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM)) crashed_ = true;
    }
    std::filesystem::create_directories(marker_.parent_path(), ec);
    std::ofstream(marker_) << ::getpid() << '\n';
}

CrashGuard::~CrashGuard() {
    std::error_code ec;
    std::filesystem::remove(marker_, ec);
}

}  // namespace topospike::gui
