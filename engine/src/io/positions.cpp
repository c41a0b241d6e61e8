// Position sets: layer helpers, validation, network-order sorting, the TDANN rescale table, and
// readPositions() which picks a reader from what the path is and what the file holds.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>

#include "npy_header.hpp"
#include "positions_formats.hpp"
#include "topospike/error.hpp"
#include "zip_archive.hpp"

namespace topospike::io {
namespace {

constexpr std::array<std::string_view, 8> kNetworkOrder = {"layer1.0", "layer1.1", "layer2.0", "layer2.1",
                                                           "layer3.0", "layer3.1", "layer4.0", "layer4.1"};

std::size_t networkRank(std::string_view name) {
    const auto it = std::find(kNetworkOrder.begin(), kNetworkOrder.end(), name);
    return static_cast<std::size_t>(it - kNetworkOrder.begin());
}

bool startsWithZipMagic(std::span<const std::byte> b) {
    return ZipArchive::hasZipMagic(b) || (b.size() >= 4 && b[0] == std::byte{'P'} && b[1] == std::byte{'K'} &&
                                          b[2] == std::byte{5} && b[3] == std::byte{6});  // empty archive
}

}  // namespace

double LayerPositions::sheetExtent() const noexcept {
    if (coordinates.size() < 2) return 0.0;
    double lo[2] = {coordinates[0], coordinates[1]};
    double hi[2] = {coordinates[0], coordinates[1]};
    for (std::size_t i = 0; i + 1 < coordinates.size(); i += 2)
        for (std::size_t a = 0; a < 2; ++a) {
            lo[a] = std::min(lo[a], coordinates[i + a]);
            hi[a] = std::max(hi[a], coordinates[i + a]);
        }
    return std::max(hi[0] - lo[0], hi[1] - lo[1]);
}

const LayerPositions* PositionSet::find(std::string_view name) const {
    for (const auto& l : layers)
        if (l.name == name) return &l;
    return nullptr;
}

std::optional<double> tdannRescaleFactor(std::string_view layer) {
    switch (networkRank(layer)) {
        case 0:
        case 1:
            return 0.6;
        case 2:
        case 3:
            return 1.5;
        case 4:
            return 1.75;
        case 5:
            return 1.4;
        case 6:
        case 7:
            return 7.0;
        default:
            return std::nullopt;
    }
}

void sortLayersInNetworkOrder(std::vector<LayerPositions>& layers) {
    std::stable_sort(layers.begin(), layers.end(), [](const LayerPositions& a, const LayerPositions& b) {
        const std::size_t ra = networkRank(a.name), rb = networkRank(b.name);
        return ra != rb ? ra < rb : a.name < b.name;
    });
}

void addNote(std::string& note, const std::string& text) {
    if (!note.empty()) note += "; ";
    note += text;
}

void validateLayer(const LayerPositions& l, const std::string& sourceName) {
    const auto fail = [&](const std::string& why) {
        throw FileError(sourceName, "layer '" + l.name + "': " + why);
    };
    if (l.name.empty()) throw FileError(sourceName, "a layer has an empty name");
    if (l.coordinates.size() % 2 != 0) fail("coordinates do not form N x 2 pairs");
    const std::int64_t n = l.units();
    if (l.dims.empty()) fail("dims are empty");
    std::int64_t product = 0;
    try {
        product = Tensor::countElements(l.dims);
    } catch (const std::length_error&) {
        fail("dims are negative or overflow");
    }
    if (product != n)
        fail("dims multiply to " + std::to_string(product) + " units but there are " + std::to_string(n) +
             " coordinates");
    for (std::size_t i = 0; i < l.coordinates.size(); ++i)
        if (!std::isfinite(l.coordinates[i]))
            fail("coordinate of unit " + std::to_string(i / 2) + " is not finite");
    const std::int64_t p = l.neighborhoodCount, q = l.neighborhoodSize;
    if (p < 0 || q < 0 || (q != 0 && p > std::numeric_limits<std::int64_t>::max() / q) ||
        static_cast<std::uint64_t>(p * q) != l.neighborhoodIndices.size())
        fail("neighborhood indices do not form a " + std::to_string(p) + " x " + std::to_string(q) +
             " table");
    for (std::size_t i = 0; i < l.neighborhoodIndices.size(); ++i)
        if (l.neighborhoodIndices[i] < 0 || l.neighborhoodIndices[i] >= n)
            fail("neighborhood index " + std::to_string(l.neighborhoodIndices[i]) + " (entry " +
                 std::to_string(i) + ") is outside [0, " + std::to_string(n) + ")");
    if (!std::isfinite(l.neighborhoodWidth) || l.neighborhoodWidth < 0)
        fail("neighborhood width is not a finite non-negative number");
}

std::vector<std::int64_t> integerValues(const Tensor& t, const std::string& sourceName,
                                        const std::string& what) {
    std::vector<std::int64_t> out(static_cast<std::size_t>(t.numel()));
    const std::byte* p = t.bytes().data();
    const std::size_t size = dtypeSize(t.dtype());
    const auto load = [&]<class T>(T, std::size_t i) {
        T v;
        std::memcpy(&v, p + i * size, sizeof(T));
        return v;
    };
    for (std::size_t i = 0; i < out.size(); ++i) {
        switch (t.dtype()) {
            case DType::I8:
                out[i] = load(std::int8_t{}, i);
                break;
            case DType::I16:
                out[i] = load(std::int16_t{}, i);
                break;
            case DType::I32:
                out[i] = load(std::int32_t{}, i);
                break;
            case DType::I64:
                out[i] = load(std::int64_t{}, i);
                break;
            case DType::U8:
                out[i] = load(std::uint8_t{}, i);
                break;
            case DType::U16:
                out[i] = load(std::uint16_t{}, i);
                break;
            case DType::U32:
                out[i] = load(std::uint32_t{}, i);
                break;
            case DType::U64: {
                const std::uint64_t v = load(std::uint64_t{}, i);
                if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
                    throw FileError(sourceName, what + " holds a value too large for int64");
                out[i] = static_cast<std::int64_t>(v);
                break;
            }
            default:
                throw FileError(sourceName, what + " has dtype " + std::string(dtypeName(t.dtype())) +
                                                ", expected integers");
        }
    }
    return out;
}

PositionSet readPositions(const std::filesystem::path& path, const PositionReadOptions& options) {
    const std::string name = path.string();
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) return readTdannFolder(path, options);
    const SharedBytes bytes = readFileBytes(path);
    const std::span<const std::byte> b(*bytes);
    if (startsWithZipMagic(b)) return readTdannLayerFile(path, bytes, options);
    if (looksLikeSafetensors(b)) return readNativePositions(path, parseSafetensors(b, name));
    const std::string expected =
        "expected a TDANN positions folder, a TDANN <layer>.npz file, or a TopoSpike positions file (.tspos)";
    if (path.extension() == ".pkl" || (!b.empty() && b[0] == std::byte{0x80}))
        throw FileError(name,
                        "pickled TDANN positions are not read; convert them to .npz with spacetorch: "
                        "LayerPositions.load(path).save_np(folder)");
    if (hasNpyMagic(b)) throw FileError(name, "a single .npy array is not a position file; " + expected);
    throw FileError(name, "not a position file; " + expected);
}

}  // namespace topospike::io
