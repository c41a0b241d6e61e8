#pragma once
/// @file error.hpp
/// Every exception the engine lets escape. Readers throw FileError; model checks throw ModelError.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace topospike {

/// Base of every exception thrown by the engine.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A file was refused: missing, unreadable, damaged, hostile or of an unsupported format.
/// what() is one line: "<file>: <reason>[ (at byte <offset>)]".
class FileError : public Error {
public:
    FileError(std::string file, std::string reason, std::optional<std::uint64_t> offset = std::nullopt);
    const std::string& file() const noexcept { return file_; }
    const std::string& reason() const noexcept { return reason_; }
    std::optional<std::uint64_t> offset() const noexcept { return offset_; }

private:
    std::string file_;
    std::string reason_;
    std::optional<std::uint64_t> offset_;
};

/// Tensors do not form a network the engine can build (missing, unexpected or mis-shaped tensors).
class ModelError : public Error {
public:
    using Error::Error;
};

}  // namespace topospike
