#pragma once
// Internal: bounds-checked little-endian reading from a byte span. Every read past the end throws ParseError
// with the offset, so a truncated file can never be read out of bounds.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

#include "parse_error.hpp"

namespace topospike::io {

class ByteReader {
public:
    explicit ByteReader(std::span<const std::byte> data, std::uint64_t base = 0) : data_(data), base_(base) {}

    std::size_t pos() const noexcept { return pos_; }
    std::size_t size() const noexcept { return data_.size(); }
    std::size_t remaining() const noexcept { return data_.size() - pos_; }
    bool atEnd() const noexcept { return pos_ == data_.size(); }
    /// Absolute offset (for messages) of the current position.
    std::uint64_t offset() const noexcept { return base_ + pos_; }

    void seek(std::size_t p) {
        if (p > data_.size()) throw ParseError("offset past the end of the data", base_ + p);
        pos_ = p;
    }
    void skip(std::size_t n) { seek(checkedEnd(n)); }

    std::uint8_t u8() { return static_cast<std::uint8_t>(take(1)[0]); }
    std::uint16_t u16() { return load<std::uint16_t>(); }
    std::uint32_t u32() { return load<std::uint32_t>(); }
    std::uint64_t u64() { return load<std::uint64_t>(); }
    std::int32_t i32() { return static_cast<std::int32_t>(load<std::uint32_t>()); }

    std::span<const std::byte> take(std::size_t n) {
        const std::size_t end = checkedEnd(n);
        auto s = data_.subspan(pos_, n);
        pos_ = end;
        return s;
    }
    std::string_view takeString(std::size_t n) {
        auto s = take(n);
        return {reinterpret_cast<const char*>(s.data()), s.size()};
    }

private:
    std::size_t checkedEnd(std::size_t n) const {
        if (n > data_.size() - pos_)
            throw ParseError("unexpected end of data: needed " + std::to_string(n) + " bytes, " +
                                 std::to_string(data_.size() - pos_) + " left",
                             base_ + pos_);
        return pos_ + n;
    }
    template <class T>
    T load() {
        auto s = take(sizeof(T));
        T v;
        std::memcpy(&v, s.data(), sizeof(T));
        return v;  // the engine targets little-endian hosts (x86-64, aarch64)
    }

    std::span<const std::byte> data_;
    std::uint64_t base_;
    std::size_t pos_ = 0;
};

}  // namespace topospike::io
