#include "topospike/error.hpp"

#include <utility>

namespace topospike {
namespace {
std::string compose(const std::string& file, const std::string& reason, std::optional<std::uint64_t> offset) {
    std::string s = file.empty() ? reason : file + ": " + reason;
    if (offset) s += " (at byte " + std::to_string(*offset) + ")";
    return s;
}
}  // namespace

FileError::FileError(std::string file, std::string reason, std::optional<std::uint64_t> offset)
    : Error(compose(file, reason, offset)), file_(std::move(file)), reason_(std::move(reason)), offset_(offset) {}

}  // namespace topospike
