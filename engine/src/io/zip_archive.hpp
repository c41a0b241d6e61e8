#pragma once
// Internal: a read-only ZIP reader for PyTorch checkpoints and NumPy .npz files.
// Sizes and offsets come from the central directory (PyTorch leaves zeros in local headers), ZIP64 records are
// honoured, entries are stored or deflated, and every extracted entry is checked against its CRC-32.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "topospike/io/file_bytes.hpp"

namespace topospike::io {

struct ZipEntry {
    std::string name;
    std::uint16_t method = 0;  // 0 stored, 8 deflated
    std::uint32_t crc32 = 0;
    std::uint64_t compressedSize = 0;
    std::uint64_t uncompressedSize = 0;
    std::uint64_t localHeaderOffset = 0;
    std::uint64_t dataOffset = 0;  // first byte of the entry's data in the file
};

class ZipArchive {
public:
    /// Parses the central directory of `file`. Throws ParseError on anything malformed.
    explicit ZipArchive(SharedBytes file);

    static bool hasZipMagic(std::span<const std::byte> data);

    const std::vector<ZipEntry>& entries() const noexcept { return entries_; }
    /// The entry with exactly this name, or nullptr.
    const ZipEntry* find(std::string_view name) const;
    /// The stored bytes of a method-0 entry, CRC-checked, without copying. Throws ParseError otherwise.
    std::span<const std::byte> storedView(const ZipEntry& e) const;
    /// The uncompressed bytes of any entry, CRC-checked.
    std::vector<std::byte> extract(const ZipEntry& e) const;

private:
    void readCentralDirectory();
    SharedBytes file_;
    std::vector<ZipEntry> entries_;
    std::unordered_map<std::string, std::size_t> index_;
};

}  // namespace topospike::io
