#include "atomic_file.hpp"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <string>
#include <system_error>

#include "topospike/error.hpp"

namespace topospike::io {
namespace {

std::filesystem::path temporaryBeside(const std::filesystem::path& path) {
    static std::atomic<unsigned> counter{0};
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    std::filesystem::path tmp = path;
    tmp += ".tmp-" + std::to_string(stamp) + "-" + std::to_string(counter++);
    return tmp;
}

void removeQuietly(const std::filesystem::path& p) {
    std::error_code ec;
    std::filesystem::remove(p, ec);
}

}  // namespace

void writeFileAtomically(const std::filesystem::path& path, const std::function<void(std::ostream&)>& body) {
    const std::string name = path.string();
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw FileError(name, "is a folder, cannot write a file there");
    const std::filesystem::path tmp = temporaryBeside(path);
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw FileError(name, std::string("cannot create the file: ") + std::strerror(errno));
    try {
        body(out);
        out.flush();
        if (!out) throw FileError(name, std::string("write failed: ") + std::strerror(errno));
        out.close();
        if (out.fail()) throw FileError(name, "closing the file failed");
        std::filesystem::rename(tmp, path, ec);
        if (ec) throw FileError(name, "cannot replace the file: " + ec.message());
    } catch (...) {
        if (out.is_open()) out.close();
        removeQuietly(tmp);
        throw;
    }
}

}  // namespace topospike::io
