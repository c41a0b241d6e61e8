// Writing TDANN positions folders: `<layer>.npz` as spacetorch's LayerPositions.save_np writes them, and a
// version.txt that marks the coordinates as final (see writeTdannFolder in topospike/io/positions.hpp).

#include <atomic>
#include <chrono>
#include <cstring>
#include <fstream>
#include <set>

#include "atomic_file.hpp"
#include "topospike/error.hpp"
#include "topospike/io/npy.hpp"
#include "topospike/io/positions.hpp"

namespace topospike::io {
namespace {

namespace fs = std::filesystem;

void checkName(const std::string& name, const std::string& dest) {
    if (name.empty() || name == "." || name == ".." || name.find_first_of("/\\") != std::string::npos ||
        name.find('\0') != std::string::npos)
        throw FileError(dest, "layer name '" + name + "' cannot be used as a file name");
}

Tensor f64(std::vector<std::int64_t> shape, const double* data) {
    Tensor t(DType::F64, std::move(shape));
    if (t.nbytes()) std::memcpy(t.bytes().data(), data, t.nbytes());
    return t;
}

Tensor i64(std::vector<std::int64_t> shape, const std::int64_t* data) {
    Tensor t(DType::I64, std::move(shape));
    if (t.nbytes()) std::memcpy(t.bytes().data(), data, t.nbytes());
    return t;
}

/// One layer in save_np's member order: name, dims, coordinates, neighborhood_indices, neighborhood_width.
void writeLayer(const fs::path& file, const LayerPositions& l) {
    const NpyArray name = NpyArray::fromStrings({l.name});
    const Tensor dims = i64({static_cast<std::int64_t>(l.dims.size())}, l.dims.data());
    const Tensor coords = f64({l.units(), 2}, l.coordinates.data());
    const Tensor hoods = i64({l.neighborhoodCount, l.neighborhoodSize}, l.neighborhoodIndices.data());
    const Tensor width = f64({}, &l.neighborhoodWidth);
    writeNpz(file, {{"name", name},
                    {"dims", dims},
                    {"coordinates", coords},
                    {"neighborhood_indices", hoods},
                    {"neighborhood_width", width}});
}

fs::path temporaryFolderBeside(const fs::path& folder) {
    static std::atomic<unsigned> counter{0};
    fs::path tmp = folder;
    tmp += ".tmp-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + "-" +
           std::to_string(counter++);
    return tmp;
}

}  // namespace

void writeTdannFolder(const fs::path& folderIn, const PositionSet& set) {
    const fs::path folder = folderIn.has_filename() ? folderIn : folderIn.parent_path();
    const std::string dest = folder.string();
    if (set.layers.empty()) throw FileError(dest, "no layers to write");
    std::set<std::string> files{"version.txt"};
    for (const LayerPositions& l : set.layers) {
        validateLayer(l, dest);
        checkName(l.name, dest);
        if (!files.insert(l.name + ".npz").second) throw FileError(dest, "two layers are named '" + l.name + "'");
    }
    std::error_code ec;
    const bool exists = fs::exists(folder, ec);
    if (exists) {
        if (!fs::is_directory(folder, ec)) throw FileError(dest, "exists and is not a folder");
        for (const auto& entry : fs::directory_iterator(folder, ec))
            if (!files.contains(entry.path().filename().string()) || !entry.is_regular_file())
                throw FileError(dest, "the folder holds '" + entry.path().filename().string() +
                                          "', which this write would not replace; choose a new or empty folder");
        if (ec) throw FileError(dest, "cannot list the folder: " + ec.message());
    }

    const fs::path tmp = temporaryFolderBeside(folder);
    try {
        if (!fs::create_directories(tmp, ec) || ec)
            throw FileError(dest, "cannot create a temporary folder beside it: " + ec.message());
        for (const LayerPositions& l : set.layers) writeLayer(tmp / (l.name + ".npz"), l);
        writeFileAtomically(tmp / "version.txt",
                            [](std::ostream& out) { out << kTdannFinalVersion << '\n'; });
        if (!exists) {
            fs::rename(tmp, folder, ec);
            if (ec) throw FileError(dest, "cannot move the written folder into place: " + ec.message());
            return;
        }
        // Existing folder: replace the layer files, then version.txt, so a reader never sees the new version
        // with layers it would not rescale left over from before (they were checked to be ours above).
        for (const LayerPositions& l : set.layers) {
            fs::rename(tmp / (l.name + ".npz"), folder / (l.name + ".npz"), ec);
            if (ec) throw FileError(dest, "cannot replace " + l.name + ".npz: " + ec.message());
        }
        fs::rename(tmp / "version.txt", folder / "version.txt", ec);
        if (ec) throw FileError(dest, "cannot replace version.txt: " + ec.message());
        fs::remove_all(tmp, ec);
    } catch (...) {
        fs::remove_all(tmp, ec);
        throw;
    }
}

}  // namespace topospike::io
