// mapSetKey: SHA-256 (first 128 bits, 32 hex digits) of a canonical text naming everything a map set depends on.
// Files are identified by absolute path, size and modification time (not content: hashing a 100 MB checkpoint
// each time would cost more than it saves); folders by every file below them.
#include <QCryptographicHash>
#include <QString>
#include <algorithm>
#include <chrono>
#include <iomanip>
#include <sstream>
#include <system_error>

#include "common/map_set.hpp"
#include "common/map_set_format.hpp"
#include "topospike/stimuli/image_set.hpp"

namespace topospike::app {
namespace {

namespace fs = std::filesystem;

/// "size mtime" of a file, or "missing".
std::string fileStamp(const fs::path& path) {
    std::error_code ec, ec2;
    const auto size = fs::file_size(path, ec);
    const auto mtime = fs::last_write_time(path, ec2);
    if (ec || ec2) return "missing";
    return std::to_string(size) + " " + std::to_string(mtime.time_since_epoch().count());
}

fs::path absolutePath(const fs::path& path) {
    std::error_code ec;
    const fs::path a = fs::absolute(path, ec);
    return ec ? path : a.lexically_normal();
}

/// The path, and for a folder every regular file below it (sorted, relative), each with its stamp.
void describePath(std::ostream& out, const char* what, const fs::path& path, bool imagesOnly = false) {
    const fs::path abs = absolutePath(path);
    out << what << ' ' << abs.generic_string() << '\n';
    std::error_code ec;
    if (!fs::is_directory(abs, ec)) {
        out << "  " << fileStamp(abs) << '\n';
        return;
    }
    std::vector<std::string> lines;
    for (fs::recursive_directory_iterator it(abs, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        if (imagesOnly && !stimuli::isImageFileName(it->path())) continue;
        lines.push_back("  " + it->path().lexically_relative(abs).generic_string() + " " + fileStamp(it->path()));
    }
    std::sort(lines.begin(), lines.end());
    for (const auto& l : lines) out << l << '\n';
}

}  // namespace

std::string mapSetKey(const fs::path& checkpoint, const fs::path& positions, const run::RunOptions& options,
                      const StimulusSetSpec& spec) {
    std::ostringstream text;
    text.precision(17);
    text << kMapSetFormat << " key, format " << kMapSetVersion << ", analyses " << kMapSetAnalysesVersion << '\n';
    describePath(text, "checkpoint", checkpoint);
    describePath(text, "positions", positions);
    // Threads, schedule, kernels and stacking give the same spikes: left out.
    text << "T " << options.T << "\nneuron " << options.neuron.describe() << '\n';
    if (spec.kind == StimulusSetSpec::Kind::Gratings) {
        text << "stimuli tdann-gratings " << spec.gratingSize << '\n';
    } else {
        describePath(text, "stimuli folder", spec.folder, true);
        const auto& p = spec.preprocess;
        text << "preprocess resize " << p.resize << " crop " << p.crop << " antialias " << p.antialias << " normalize "
             << p.normalize << " mean " << p.mean[0] << ' ' << p.mean[1] << ' ' << p.mean[2] << " std " << p.std[0]
             << ' ' << p.std[1] << ' ' << p.std[2] << '\n';
        for (const auto& c : spec.contrasts) {
            text << "contrast " << std::quoted(c.name) << " on";
            for (const auto& s : c.on) text << ' ' << std::quoted(s);
            text << " off";
            for (const auto& s : c.off) text << ' ' << std::quoted(s);
            text << '\n';
        }
    }
    const std::string s = text.str();
    const QByteArray hash = QCryptographicHash::hash(QByteArray(s.data(), static_cast<qsizetype>(s.size())),
                                                     QCryptographicHash::Sha256);
    return hash.toHex().left(32).toStdString();
}

}  // namespace topospike::app
