// TDANN positions: `<layer>.npz` files as written by spacetorch's LayerPositions.save_np (name, dims,
// coordinates, neighborhood_indices, neighborhood_width), an optional version.txt, and the version-1 rescale
// of spacetorch's core.get_positions.

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>

#include "positions_formats.hpp"
#include "topospike/error.hpp"
#include "topospike/io/npy.hpp"

namespace topospike::io {
namespace {

const std::string kConvertHint =
    "pickled TDANN positions are not read; convert them to .npz with spacetorch: "
    "LayerPositions.load(path).save_np(folder)";

NpyArray member(const NpzFile& npz, const std::string& key) {
    if (!npz.contains(key))
        throw FileError(npz.sourceName(), "missing array '" + key +
                                              "' (a TDANN layer file holds name, dims, coordinates, "
                                              "neighborhood_indices and neighborhood_width)");
    return npz.get(key);
}

const Tensor& numeric(const NpzFile& npz, const NpyArray& a, const std::string& key) {
    if (a.isString) throw FileError(npz.sourceName(), "array '" + key + "' holds strings, expected numbers");
    return a.tensor;
}

/// Reads one layer; the layer is named after the file stem (as TDANN does).
LayerPositions readLayer(const NpzFile& npz, const std::string& stem, std::string& note) {
    const std::string& src = npz.sourceName();
    LayerPositions l;
    l.name = stem;

    const NpyArray name = member(npz, "name");
    if (!name.isString || name.strings.size() != 1)
        throw FileError(src, "array 'name' is not a single string");
    if (name.strings.front() != stem)
        addNote(note, "file '" + stem + ".npz' says its layer is '" + name.strings.front() +
                          "'; using the file name, as TDANN does");

    const NpyArray dims = member(npz, "dims");
    if (dims.shape.size() > 1) throw FileError(src, "array 'dims' is not one-dimensional");
    l.dims = integerValues(numeric(npz, dims, "dims"), src, "array 'dims'");

    const NpyArray coords = member(npz, "coordinates");
    const Tensor& c = numeric(npz, coords, "coordinates");
    if (!isFloating(c.dtype()) || c.rank() != 2 || c.shape()[1] != 2)
        throw FileError(src, "array 'coordinates' must be floating point with shape [N, 2], not " +
                                 std::string(dtypeName(c.dtype())) + " " + c.shapeString());
    l.coordinates = c.toDouble();

    const NpyArray hoods = member(npz, "neighborhood_indices");
    const Tensor& h = numeric(npz, hoods, "neighborhood_indices");
    if (h.numel() > 0) {  // a layer too small for neighborhoods may store an empty array of any shape
        if (h.rank() != 2) throw FileError(src, "array 'neighborhood_indices' is not two-dimensional");
        l.neighborhoodCount = h.shape()[0];
        l.neighborhoodSize = h.shape()[1];
        l.neighborhoodIndices = integerValues(h, src, "array 'neighborhood_indices'");
    }

    const NpyArray width = member(npz, "neighborhood_width");
    const Tensor& w = numeric(npz, width, "neighborhood_width");
    if (w.numel() != 1) throw FileError(src, "array 'neighborhood_width' is not a single number");
    l.neighborhoodWidth = w.valueAt(0);
    return l;
}

/// version.txt's first line as an integer (Python's int(): surrounding whitespace allowed); 1 when absent.
int readVersion(const std::filesystem::path& folder) {
    const std::filesystem::path file = folder / "version.txt";
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) return 1;
    std::ifstream in(file);
    std::string line;
    if (!in || !std::getline(in, line)) throw FileError(file.string(), "cannot read the version number");
    const auto first = line.find_first_not_of(" \t\r\f\v");
    const auto last = line.find_last_not_of(" \t\r\f\v");
    const std::string_view text = first == std::string::npos
                                      ? std::string_view()
                                      : std::string_view(line).substr(first, last - first + 1);
    int version = 0;
    const char* begin = text.data() + (!text.empty() && text.front() == '+' ? 1 : 0);
    const auto r = std::from_chars(begin, text.data() + text.size(), version);
    if (text.empty() || r.ec != std::errc() || r.ptr != text.data() + text.size())
        throw FileError(file.string(), "first line is not an integer version number");
    return version;
}

/// Applies the version-1 rescale and fills the set's bookkeeping fields.
void finish(PositionSet& set, const PositionReadOptions& options) {
    std::vector<std::string> unscaled;
    if (set.version == 1 && options.rescale) {
        for (LayerPositions& l : set.layers) {
            const auto factor = tdannRescaleFactor(l.name);
            if (!factor) {
                unscaled.push_back(l.name);
                continue;
            }
            for (double& v : l.coordinates) v *= *factor;
            l.neighborhoodWidth *= *factor;
            set.rescaled = true;
        }
    }
    if (!unscaled.empty()) {
        std::string list;
        for (const auto& n : unscaled) list += (list.empty() ? "" : ", ") + n;
        addNote(set.note,
                "version-1 positions of layers without a TDANN rescale factor were left unscaled: " + list);
    }
    sortLayersInNetworkOrder(set.layers);
}

LayerPositions readLayerFile(const NpzFile& npz, const std::filesystem::path& path, std::string& note) {
    LayerPositions l = readLayer(npz, path.stem().string(), note);
    validateLayer(l, path.string());
    return l;
}

}  // namespace

PositionSet readTdannFolder(const std::filesystem::path& folder, const PositionReadOptions& options) {
    std::map<std::string, std::filesystem::path> npz, pkl;  // by stem, so the order is stable
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
        if (!entry.is_regular_file(ec)) continue;
        const auto& p = entry.path();
        if (p.extension() == ".npz")
            npz[p.stem().string()] = p;
        else if (p.extension() == ".pkl")
            pkl[p.stem().string()] = p;
    }
    if (ec) throw FileError(folder.string(), "cannot list the folder: " + ec.message());

    PositionSet set;
    set.format = "tdann-folder";
    for (const auto& [stem, p] : pkl) {
        if (!npz.contains(stem)) throw FileError(p.string(), kConvertHint);
        addNote(set.note, "skipped " + stem + ".pkl (" + stem + ".npz is read instead)");
    }
    if (npz.empty()) throw FileError(folder.string(), "no TDANN position files (<layer>.npz) in this folder");
    set.version = readVersion(folder);
    for (const auto& [stem, p] : npz) set.layers.push_back(readLayerFile(NpzFile::open(p), p, set.note));
    finish(set, options);
    return set;
}

PositionSet readTdannLayerFile(const std::filesystem::path& path, SharedBytes bytes,
                               const PositionReadOptions& options) {
    PositionSet set;
    set.format = "tdann-npz";
    set.version = readVersion(path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path());
    set.layers.push_back(readLayerFile(NpzFile::fromBytes(std::move(bytes), path.string()), path, set.note));
    finish(set, options);
    return set;
}

}  // namespace topospike::io
