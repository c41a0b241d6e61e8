#pragma once
/// @file npy.hpp
/// NumPy .npy and .npz files: reading (every plain numeric dtype, bool, fixed-width strings) and writing.
///
/// Reading accepts format versions 1.0, 2.0 and 3.0, little- and big-endian data (converted to
/// little-endian), C and Fortran order (converted to C order) and 0-d arrays. Object arrays ('|O', which are
/// pickles), structured, complex and datetime dtypes are refused. Sizes are checked against the bytes present
/// before anything is allocated. Bytes after the array data are ignored, as NumPy does. Every problem is
/// reported as FileError.
///
/// Writing produces version 1.0 (2.0 only if the header needs it) files that numpy.load reads; .npz archives
/// are stored (uncompressed) ZIPs, ZIP64 when an entry or the archive passes 4 GiB. Files are written to a
/// temporary file first and renamed, so an error never leaves half-written output.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "topospike/io/file_bytes.hpp"
#include "topospike/tensor.hpp"

namespace topospike::io {

/// One array read from a .npy file (or written to one).
struct NpyArray {
    /// The dtype as written in the file header, e.g. "<f4", ">i8", "<U8", "|S3" (empty for arrays built in
    /// memory; the writers derive the dtype from the contents).
    std::string descr;
    /// Shape in C order; empty for a 0-d array.
    std::vector<std::int64_t> shape;
    /// True for '<U' / '|S' string arrays: the values are in `strings`, `tensor` is empty.
    bool isString = false;
    /// Numeric and bool arrays: the data, C-contiguous and little-endian, with `shape`.
    Tensor tensor;
    /// String arrays, row-major: '<U' decoded from UTF-32 to UTF-8; '|S' bytes as they are. Trailing NULs
    /// removed.
    std::vector<std::string> strings;

    /// Element count (1 for a 0-d array).
    std::int64_t numel() const;
    /// A string array from UTF-8 strings (written as '<U<n>'). Throws std::invalid_argument if the element
    /// count of `shape` differs from strings.size().
    static NpyArray fromStrings(std::vector<std::string> strings, std::vector<std::int64_t> shape = {});
    /// A numeric array holding `t`.
    static NpyArray fromTensor(Tensor t);
};

/// Parses the bytes of a .npy file. `sourceName` names the file in error messages. Throws FileError.
NpyArray parseNpy(std::span<const std::byte> bytes, const std::string& sourceName);
/// Reads a .npy file. Throws FileError.
NpyArray readNpy(const std::filesystem::path& path);

/// A .npz archive (np.savez / np.savez_compressed). Members are decompressed only when asked for.
class NpzFile {
  public:
    /// Opens and indexes an archive. Throws FileError if it is missing or not a readable ZIP archive.
    static NpzFile open(const std::filesystem::path& path);
    /// Indexes an archive already in memory; `sourceName` names it in error messages.
    static NpzFile fromBytes(SharedBytes bytes, const std::string& sourceName);

    /// Array names in archive order: the members ending in ".npy", without that suffix (names may contain
    /// '/'). Other members are ignored.
    const std::vector<std::string>& names() const noexcept { return names_; }
    bool contains(std::string_view name) const;
    /// Reads one array (only its member is inflated and CRC-checked). Throws FileError naming the array if it
    /// is absent or damaged.
    NpyArray get(std::string_view name) const;
    const std::string& sourceName() const noexcept { return source_; }

  private:
    struct Archive;
    std::shared_ptr<const Archive> archive_;
    std::vector<std::string> names_;
    std::string source_;
};

/// The bytes of a .npy file holding `t`. Throws Error for bfloat16, which NumPy has no dtype for.
std::vector<std::byte> encodeNpy(const Tensor& t);
/// The bytes of a .npy file holding `a` (numeric, or strings as '<U<n>').
std::vector<std::byte> encodeNpy(const NpyArray& a);

/// Writes `t` as a .npy file (temporary file + rename). Throws FileError, or Error for bfloat16.
void writeNpy(const std::filesystem::path& path, const Tensor& t);

/// A named array to put into a .npz archive: exactly one of `tensor` / `array` is set; neither is copied.
struct NpzMember {
    NpzMember(std::string memberName, const Tensor& t) : name(std::move(memberName)), tensor(&t) {}
    NpzMember(std::string memberName, const NpyArray& a) : name(std::move(memberName)), array(&a) {}
    std::string name;  ///< without ".npy"; may contain '/'
    const Tensor* tensor = nullptr;
    const NpyArray* array = nullptr;
};

/// Writes a stored (uncompressed) .npz archive that numpy.load reads; member i is "<name>.npy". Names must be
/// unique and non-empty. Temporary file + rename. Throws FileError, or Error for bfloat16 or bad names.
void writeNpz(const std::filesystem::path& path, const std::vector<NpzMember>& members);

}  // namespace topospike::io
