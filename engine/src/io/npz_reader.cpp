// Reading .npz archives: the ZIP central directory is indexed once; each array's member is inflated (or
// viewed in place when stored) and CRC-checked only when that array is asked for.

#include "npy_decode.hpp"
#include "npy_header.hpp"
#include "parse_error.hpp"
#include "topospike/error.hpp"
#include "topospike/io/npy.hpp"
#include "zip_archive.hpp"

namespace topospike::io {

struct NpzFile::Archive {
    explicit Archive(SharedBytes b) : zip(std::move(b)) {}
    ZipArchive zip;
};

namespace {
constexpr std::string_view kSuffix = ".npy";
}

NpzFile NpzFile::fromBytes(SharedBytes bytes, const std::string& sourceName) {
    NpzFile f;
    f.source_ = sourceName;
    if (hasNpyMagic(*bytes))
        throw FileError(sourceName, "this is a single-array .npy file, not a .npz archive");
    f.archive_ = guardParse(sourceName, [&] {
        try {
            return std::make_shared<const Archive>(bytes);
        } catch (const ParseError& e) {
            throw ParseError(std::string("not a readable .npz (ZIP) archive: ") + e.what(), e.offset);
        }
    });
    for (const ZipEntry& e : f.archive_->zip.entries())
        if (e.name.size() > kSuffix.size() && e.name.ends_with(kSuffix))
            f.names_.push_back(e.name.substr(0, e.name.size() - kSuffix.size()));
    return f;
}

NpzFile NpzFile::open(const std::filesystem::path& path) {
    return fromBytes(readFileBytes(path), path.string());
}

bool NpzFile::contains(std::string_view name) const {
    for (const auto& n : names_)
        if (n == name) return true;
    return false;
}

NpyArray NpzFile::get(std::string_view name) const {
    const std::string member = std::string(name) + std::string(kSuffix);
    const std::string who = "array '" + std::string(name) + "': ";
    const ZipArchive& zip = archive_->zip;
    const ZipEntry* entry = zip.find(member);
    if (entry == nullptr) throw FileError(source_, "has no array named '" + std::string(name) + "'");

    // Archive errors carry offsets in the archive; .npy errors carry offsets inside the member.
    std::vector<std::byte> inflated;
    std::span<const std::byte> bytes;
    try {
        if (entry->method == 0) {
            bytes = zip.storedView(*entry);
        } else {
            inflated = zip.extract(*entry);
            bytes = inflated;
        }
    } catch (const ParseError& e) {
        throw FileError(source_, who + e.what(), e.offset);
    } catch (const std::bad_alloc&) {
        throw FileError(source_, who + "not enough memory to inflate it");
    }
    try {
        return decodeNpy(bytes);
    } catch (const ParseError& e) {
        std::string reason = who + e.what();
        if (e.offset) reason += " (at byte " + std::to_string(*e.offset) + " of " + member + ")";
        throw FileError(source_, reason);
    } catch (const std::length_error& e) {
        throw FileError(source_, who + "size out of range: " + e.what());
    } catch (const std::bad_alloc&) {
        throw FileError(source_, who + "not enough memory to load it");
    }
}

}  // namespace topospike::io
