#include "topospike/io/file_bytes.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

#include "topospike/error.hpp"

namespace topospike::io {

SharedBytes readFileBytes(const std::filesystem::path& path, std::uint64_t maxBytes) {
    const std::string name = path.string();
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) throw FileError(name, "no such file");
    if (std::filesystem::is_directory(status)) throw FileError(name, "is a folder, not a file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw FileError(name, std::string("cannot open: ") + std::strerror(errno));
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    if (size < 0) throw FileError(name, "cannot determine the file size");
    if (static_cast<std::uint64_t>(size) > maxBytes)
        throw FileError(name, "file is larger than the " + std::to_string(maxBytes) + "-byte limit");
    in.seekg(0, std::ios::beg);
    auto buf = std::make_shared<std::vector<std::byte>>();
    try {
        buf->resize(static_cast<std::size_t>(size));
    } catch (const std::bad_alloc&) {
        throw FileError(name, "not enough memory to read it");
    }
    if (size > 0 && !in.read(reinterpret_cast<char*>(buf->data()), size))
        throw FileError(name, "read failed after " + std::to_string(in.gcount()) + " bytes");
    return buf;
}

}  // namespace topospike::io
