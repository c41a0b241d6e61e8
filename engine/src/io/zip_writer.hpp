#pragma once
// Internal: writes a ZIP archive of stored (uncompressed) entries to a stream, as NumPy's .npz reader and
// Python's zipfile expect: CRC-32 and sizes in the local headers (no data descriptors), UTF-8 flag for
// non-ASCII names, ZIP64 extra fields and end records when an entry, an offset or the entry count passes the
// classic limits. Timestamps are fixed (1980-01-01) so the same input gives the same bytes.

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace topospike::io {

class ZipWriter {
  public:
    /// `forceZip64` writes ZIP64 fields and records even for small archives (used by tests).
    explicit ZipWriter(std::ostream& out, bool forceZip64 = false) : out_(out), force64_(forceZip64) {}

    /// Adds a stored entry whose contents are the concatenation of `pieces` (nothing is copied).
    /// Throws Error for an empty, too long or duplicate name. Stream errors are left in the stream's state
    /// for the caller to check.
    void addStored(std::string_view name, std::span<const std::span<const std::byte>> pieces);
    /// Writes the central directory and end records. Call exactly once, after the last entry.
    void finish();

  private:
    struct Entry {
        std::string name;
        std::uint32_t crc = 0;
        std::uint64_t size = 0;
        std::uint64_t offset = 0;
    };
    void put(const void* data, std::size_t n);
    void put16(std::uint16_t v);
    void put32(std::uint32_t v);
    void put64(std::uint64_t v);

    std::ostream& out_;
    bool force64_;
    std::uint64_t written_ = 0;
    std::vector<Entry> entries_;
};

}  // namespace topospike::io
