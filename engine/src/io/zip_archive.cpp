#include "zip_archive.hpp"

#include <zlib.h>

#include <algorithm>
#include <limits>
#include <set>

#include "byte_reader.hpp"
#include "zip_format.hpp"

namespace topospike::io {
namespace {

using namespace zipfmt;
constexpr std::uint64_t kMaxDeflateRatio = 1032;  // deflate cannot expand data by more than this

std::uint32_t crcOf(std::span<const std::byte> data) { return crc32Update(0, data); }

}  // namespace

bool ZipArchive::hasZipMagic(std::span<const std::byte> d) {
    return d.size() >= 4 && d[0] == std::byte{'P'} && d[1] == std::byte{'K'} && d[2] == std::byte{3} &&
           d[3] == std::byte{4};
}

ZipArchive::ZipArchive(SharedBytes file) : file_(std::move(file)) { readCentralDirectory(); }

void ZipArchive::readCentralDirectory() {
    const std::span<const std::byte> data(*file_);
    ByteReader r(data);
    if (data.size() < 22) throw ParseError("too short to be a ZIP archive (" + std::to_string(data.size()) + " bytes)");

    // The end-of-central-directory record is in the last 22 + 65535 bytes; scan backwards for a consistent one.
    std::size_t eocd = std::numeric_limits<std::size_t>::max();
    const std::size_t lowest = data.size() > 22 + 65535 ? data.size() - 22 - 65535 : 0;
    for (std::size_t p = data.size() - 22 + 1; p-- > lowest;) {
        r.seek(p);
        if (r.u32() != kEocdSig) continue;
        r.seek(p + 20);
        if (p + 22 + r.u16() == data.size()) {
            eocd = p;
            break;
        }
    }
    if (eocd == std::numeric_limits<std::size_t>::max())
        throw ParseError("no ZIP end-of-central-directory record (file truncated?)");

    r.seek(eocd + 4);
    const std::uint16_t diskNo = r.u16();
    const std::uint16_t cdDisk = r.u16();
    r.u16();  // entries on this disk
    std::uint64_t count = r.u16();
    std::uint64_t cdSize = r.u32();
    std::uint64_t cdOffset = r.u32();
    if (diskNo != 0 && diskNo != 0xffff) throw ParseError("multi-part ZIP archives are not supported");
    (void)cdDisk;

    // ZIP64: a locator just before the classic record points at the 64-bit record.
    if (eocd >= 20) {
        r.seek(eocd - 20);
        if (r.u32() == kEocd64LocatorSig) {
            r.u32();  // disk with the ZIP64 record
            const std::uint64_t rec = r.u64();
            if (rec > data.size() - 56) throw ParseError("ZIP64 record offset out of range", eocd - 12);
            r.seek(static_cast<std::size_t>(rec));
            if (r.u32() != kEocd64Sig) throw ParseError("bad ZIP64 end-of-central-directory signature", rec);
            r.u64();  // record size
            r.u16();  // version made by
            r.u16();  // version needed
            r.u32();  // disk number
            r.u32();  // disk with central directory
            r.u64();  // entries on this disk
            count = r.u64();
            cdSize = r.u64();
            cdOffset = r.u64();
        }
    }
    if (cdOffset > data.size() || cdSize > data.size() - cdOffset)
        throw ParseError("central directory lies outside the file (offset " + std::to_string(cdOffset) +
                         ", size " + std::to_string(cdSize) + ")");
    if (count > cdSize / 46) throw ParseError("central directory claims " + std::to_string(count) + " entries");

    ByteReader cd(data.subspan(static_cast<std::size_t>(cdOffset), static_cast<std::size_t>(cdSize)), cdOffset);
    entries_.reserve(static_cast<std::size_t>(count));
    for (std::uint64_t i = 0; i < count; ++i) {
        const std::uint64_t at = cd.offset();
        if (cd.u32() != kCentralSig) throw ParseError("bad central directory entry signature", at);
        cd.u16();  // version made by
        cd.u16();  // version needed
        const std::uint16_t flags = cd.u16();
        ZipEntry e;
        e.method = cd.u16();
        cd.u16();  // time
        cd.u16();  // date
        e.crc32 = cd.u32();
        e.compressedSize = cd.u32();
        e.uncompressedSize = cd.u32();
        const std::uint16_t nameLen = cd.u16();
        const std::uint16_t extraLen = cd.u16();
        const std::uint16_t commentLen = cd.u16();
        cd.u16();  // disk number start
        cd.u16();  // internal attributes
        cd.u32();  // external attributes
        e.localHeaderOffset = cd.u32();
        e.name = std::string(cd.takeString(nameLen));
        ByteReader extra(cd.take(extraLen), cd.offset() - extraLen);
        cd.skip(commentLen);
        while (extra.remaining() >= 4) {
            const std::uint16_t id = extra.u16();
            const std::uint16_t len = extra.u16();
            ByteReader field(extra.take(len), extra.offset() - len);
            if (id != 0x0001) continue;  // only the ZIP64 extended-information field matters
            if (e.uncompressedSize == 0xffffffffu) e.uncompressedSize = field.u64();
            if (e.compressedSize == 0xffffffffu) e.compressedSize = field.u64();
            if (e.localHeaderOffset == 0xffffffffu) e.localHeaderOffset = field.u64();
        }
        if (flags & 0x1) throw ParseError("entry '" + e.name + "' is encrypted", at);
        if (e.method != 0 && e.method != 8)
            throw ParseError("entry '" + e.name + "' uses unsupported compression method " + std::to_string(e.method),
                             at);
        if (e.localHeaderOffset > data.size() - 30)
            throw ParseError("entry '" + e.name + "' has its header outside the file", at);
        ByteReader local(data);
        local.seek(static_cast<std::size_t>(e.localHeaderOffset));
        if (local.u32() != kLocalSig) throw ParseError("bad local header for entry '" + e.name + "'", e.localHeaderOffset);
        local.seek(static_cast<std::size_t>(e.localHeaderOffset) + 26);
        const std::uint16_t localNameLen = local.u16();
        const std::uint16_t localExtraLen = local.u16();
        if (local.takeString(localNameLen) != e.name)
            throw ParseError("local header name differs from the central directory for '" + e.name + "'",
                             e.localHeaderOffset);
        local.skip(localExtraLen);
        e.dataOffset = local.pos();
        if (e.compressedSize > data.size() - e.dataOffset)
            throw ParseError("entry '" + e.name + "' runs past the end of the file (" +
                                 std::to_string(e.compressedSize) + " bytes claimed)",
                             e.dataOffset);
        if (e.method == 0 && e.compressedSize != e.uncompressedSize)
            throw ParseError("stored entry '" + e.name + "' has different compressed and uncompressed sizes", at);
        if (e.method == 8 && e.uncompressedSize > e.compressedSize * kMaxDeflateRatio + 1024)
            throw ParseError("entry '" + e.name + "' claims an impossible size of " +
                                 std::to_string(e.uncompressedSize) + " bytes",
                             at);
        if (!index_.emplace(e.name, entries_.size()).second)
            throw ParseError("two entries are named '" + e.name + "'", at);
        entries_.push_back(std::move(e));
    }
    // Entries may not overlap (a crafted archive could otherwise make every entry span the whole file).
    std::vector<const ZipEntry*> byOffset;
    for (const auto& e : entries_) byOffset.push_back(&e);
    std::sort(byOffset.begin(), byOffset.end(),
              [](const ZipEntry* a, const ZipEntry* b) { return a->localHeaderOffset < b->localHeaderOffset; });
    for (std::size_t i = 1; i < byOffset.size(); ++i)
        if (byOffset[i - 1]->dataOffset + byOffset[i - 1]->compressedSize > byOffset[i]->localHeaderOffset)
            throw ParseError("entries '" + byOffset[i - 1]->name + "' and '" + byOffset[i]->name + "' overlap",
                             byOffset[i]->localHeaderOffset);
}

const ZipEntry* ZipArchive::find(std::string_view name) const {
    auto it = index_.find(std::string(name));
    return it == index_.end() ? nullptr : &entries_[it->second];
}

std::span<const std::byte> ZipArchive::storedView(const ZipEntry& e) const {
    if (e.method != 0) throw ParseError("entry '" + e.name + "' is compressed, expected stored");
    auto view = std::span<const std::byte>(*file_).subspan(static_cast<std::size_t>(e.dataOffset),
                                                           static_cast<std::size_t>(e.compressedSize));
    if (crcOf(view) != e.crc32) throw ParseError("entry '" + e.name + "' is damaged (CRC-32 mismatch)", e.dataOffset);
    return view;
}

std::vector<std::byte> ZipArchive::extract(const ZipEntry& e) const {
    if (e.method == 0) {
        auto v = storedView(e);
        return {v.begin(), v.end()};
    }
    // One spare byte: inflate needs room to make progress, and output past the declared size is detected.
    std::vector<std::byte> out(static_cast<std::size_t>(e.uncompressedSize) + 1);
    z_stream zs{};
    if (inflateInit2(&zs, -MAX_WBITS) != Z_OK) throw ParseError("zlib initialisation failed");
    const std::byte* in = file_->data() + e.dataOffset;
    std::uint64_t inLeft = e.compressedSize;
    std::uint64_t outDone = 0;
    int rc = Z_OK;
    while (rc == Z_OK) {
        const uInt inChunk = static_cast<uInt>(std::min<std::uint64_t>(inLeft, 1u << 30));
        const uInt outChunk = static_cast<uInt>(std::min<std::uint64_t>(out.size() - outDone, 1u << 30));
        zs.next_in = const_cast<Bytef*>(reinterpret_cast<const Bytef*>(in));
        zs.avail_in = inChunk;
        zs.next_out = reinterpret_cast<Bytef*>(out.data() + outDone);
        zs.avail_out = outChunk;
        rc = inflate(&zs, Z_NO_FLUSH);
        const std::uint64_t used = inChunk - zs.avail_in;
        const std::uint64_t made = outChunk - zs.avail_out;
        in += used;
        inLeft -= used;
        outDone += made;
        if (rc == Z_OK && used == 0 && made == 0) rc = Z_BUF_ERROR;  // no progress: truncated or too small
    }
    inflateEnd(&zs);
    if (rc != Z_STREAM_END || outDone != e.uncompressedSize)
        throw ParseError("entry '" + e.name + "' has damaged compressed data", e.dataOffset);
    out.pop_back();
    if (crcOf(out) != e.crc32) throw ParseError("entry '" + e.name + "' is damaged (CRC-32 mismatch)", e.dataOffset);
    return out;
}

}  // namespace topospike::io
