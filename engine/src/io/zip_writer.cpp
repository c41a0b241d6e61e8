#include "zip_writer.hpp"

#include <algorithm>
#include <limits>

#include "topospike/error.hpp"
#include "zip_format.hpp"

namespace topospike::io {
namespace {

using namespace zipfmt;

constexpr std::uint32_t kMax32 = 0xffffffffu;
constexpr std::uint16_t kMax16 = 0xffffu;
constexpr std::uint16_t kDosDate = (0 << 9) | (1 << 5) | 1;  // 1980-01-01
constexpr std::uint16_t kVersion20 = 20;
constexpr std::uint16_t kVersion45 = 45;  // ZIP64
constexpr std::uint16_t kMadeByUnix = 3 << 8;
constexpr std::uint32_t kRegularFile0644 = 0100644u << 16;

std::uint32_t crcOfPieces(std::span<const std::span<const std::byte>> pieces) {
    std::uint32_t crc = 0;
    for (const auto& piece : pieces) crc = zipfmt::crc32Update(crc, piece);
    return crc;
}

bool isAscii(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

void ZipWriter::put(const void* data, std::size_t n) {
    const char* p = static_cast<const char*>(data);
    for (std::size_t left = n; left > 0;) {
        const std::size_t chunk = std::min<std::size_t>(left, std::size_t{1} << 30);
        out_.write(p, static_cast<std::streamsize>(chunk));
        p += chunk;
        left -= chunk;
    }
    written_ += n;
}
void ZipWriter::put16(std::uint16_t v) {
    const unsigned char b[2] = {static_cast<unsigned char>(v), static_cast<unsigned char>(v >> 8)};
    put(b, 2);
}
void ZipWriter::put32(std::uint32_t v) {
    put16(static_cast<std::uint16_t>(v));
    put16(static_cast<std::uint16_t>(v >> 16));
}
void ZipWriter::put64(std::uint64_t v) {
    put32(static_cast<std::uint32_t>(v));
    put32(static_cast<std::uint32_t>(v >> 32));
}

void ZipWriter::addStored(std::string_view name, std::span<const std::span<const std::byte>> pieces) {
    if (name.empty() || name.size() > kMax16) throw Error("ZIP entry name is empty or too long");
    for (const auto& e : entries_)
        if (e.name == name) throw Error("two ZIP entries would be named '" + std::string(name) + "'");
    Entry e{std::string(name), crcOfPieces(pieces), 0, written_};
    for (const auto& piece : pieces) e.size += piece.size();
    const bool zip64 = force64_ || e.size >= kMax32;

    put32(kLocalSig);
    put16(zip64 ? kVersion45 : kVersion20);
    put16(isAscii(name) ? 0 : 0x0800);
    put16(0);  // stored
    put16(0);  // time
    put16(kDosDate);
    put32(e.crc);
    put32(zip64 ? kMax32 : static_cast<std::uint32_t>(e.size));
    put32(zip64 ? kMax32 : static_cast<std::uint32_t>(e.size));
    put16(static_cast<std::uint16_t>(name.size()));
    put16(zip64 ? 20 : 0);
    put(name.data(), name.size());
    if (zip64) {
        put16(0x0001);
        put16(16);
        put64(e.size);  // uncompressed
        put64(e.size);  // compressed
    }
    for (const auto& piece : pieces) put(piece.data(), piece.size());
    entries_.push_back(std::move(e));
}

void ZipWriter::finish() {
    const std::uint64_t cdOffset = written_;
    for (const auto& e : entries_) {
        const bool bigSize = force64_ || e.size >= kMax32;
        const bool bigOffset = force64_ || e.offset >= kMax32;
        const std::uint16_t extraLen = static_cast<std::uint16_t>((bigSize || bigOffset ? 4 : 0) +
                                                                  (bigSize ? 16 : 0) + (bigOffset ? 8 : 0));
        put32(kCentralSig);
        put16(kMadeByUnix | kVersion45);
        put16(extraLen ? kVersion45 : kVersion20);
        put16(isAscii(e.name) ? 0 : 0x0800);
        put16(0);  // stored
        put16(0);  // time
        put16(kDosDate);
        put32(e.crc);
        put32(bigSize ? kMax32 : static_cast<std::uint32_t>(e.size));
        put32(bigSize ? kMax32 : static_cast<std::uint32_t>(e.size));
        put16(static_cast<std::uint16_t>(e.name.size()));
        put16(extraLen);
        put16(0);  // comment
        put16(0);  // disk
        put16(0);  // internal attributes
        put32(kRegularFile0644);
        put32(bigOffset ? kMax32 : static_cast<std::uint32_t>(e.offset));
        put(e.name.data(), e.name.size());
        if (extraLen) {
            put16(0x0001);
            put16(static_cast<std::uint16_t>(extraLen - 4));
            if (bigSize) {
                put64(e.size);
                put64(e.size);
            }
            if (bigOffset) put64(e.offset);
        }
    }
    const std::uint64_t cdSize = written_ - cdOffset;
    const std::uint64_t count = entries_.size();
    const bool zip64 = force64_ || count >= kMax16 || cdOffset >= kMax32 || cdSize >= kMax32;
    if (zip64) {
        const std::uint64_t recordOffset = written_;
        put32(kEocd64Sig);
        put64(44);  // size of the rest of this record
        put16(kMadeByUnix | kVersion45);
        put16(kVersion45);
        put32(0);  // this disk
        put32(0);  // disk with the central directory
        put64(count);
        put64(count);
        put64(cdSize);
        put64(cdOffset);
        put32(kEocd64LocatorSig);
        put32(0);
        put64(recordOffset);
        put32(1);  // total disks
    }
    put32(kEocdSig);
    put16(0);
    put16(0);
    const std::uint16_t count16 = zip64 ? kMax16 : static_cast<std::uint16_t>(count);
    put16(count16);
    put16(count16);
    put32(zip64 ? kMax32 : static_cast<std::uint32_t>(cdSize));
    put32(zip64 ? kMax32 : static_cast<std::uint32_t>(cdOffset));
    put16(0);  // comment length
}

}  // namespace topospike::io
