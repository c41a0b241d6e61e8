#pragma once
// Internal: the exception parsers throw on bytes they cannot accept. The public entry points catch it
// and rethrow a FileError that names the file.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "topospike/error.hpp"

namespace topospike::io {

struct ParseError : std::runtime_error {
    ParseError(const std::string& reason, std::optional<std::uint64_t> at = std::nullopt)
        : std::runtime_error(reason), offset(at) {}
    std::optional<std::uint64_t> offset;
};

/// Run f(); turn ParseError, std::length_error and std::bad_alloc into one FileError naming `file`.
template <class F>
auto guardParse(const std::string& file, F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const ParseError& e) {
        throw FileError(file, e.what(), e.offset);
    } catch (const std::length_error& e) {
        throw FileError(file, std::string("size out of range: ") + e.what());
    } catch (const std::out_of_range& e) {
        throw FileError(file, std::string("malformed structure: ") + e.what());
    } catch (const std::bad_alloc&) {
        throw FileError(file, "not enough memory to load it");
    }
}

}  // namespace topospike::io
