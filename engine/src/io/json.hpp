#pragma once
// Internal: a small, strict JSON (RFC 8259) parser and writer.
//
// Parsing refuses everything outside the RFC: comments, trailing commas, NaN/Infinity, leading zeros, control
// characters in strings, invalid UTF-8, lone surrogates in \u escapes, duplicate object keys, and content
// after the value. Objects keep their key order. Depth and input size are limited so hostile input costs
// bounded memory. Errors are ParseError with the byte offset (plus `baseOffset`, so callers can report file
// offsets).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace topospike::io::json {

class Value {
  public:
    enum class Kind : std::uint8_t { Null, Bool, Number, String, Array, Object };
    struct Member;

    Value();  ///< null
    // Special members are defined out of line, where Member is complete (libc++/clang need that).
    ~Value();
    Value(const Value&);
    Value(Value&&) noexcept;
    Value& operator=(const Value&);
    Value& operator=(Value&&) noexcept;
    Value(bool b);
    Value(double d);
    Value(std::int64_t i);
    Value(int i) : Value(static_cast<std::int64_t>(i)) {}
    Value(std::string s);
    Value(const char* s) : Value(std::string(s)) {}
    static Value array();
    static Value object();

    Kind kind() const noexcept { return kind_; }
    bool isNull() const noexcept { return kind_ == Kind::Null; }
    bool isBool() const noexcept { return kind_ == Kind::Bool; }
    bool isNumber() const noexcept { return kind_ == Kind::Number; }
    bool isString() const noexcept { return kind_ == Kind::String; }
    bool isArray() const noexcept { return kind_ == Kind::Array; }
    bool isObject() const noexcept { return kind_ == Kind::Object; }
    /// A number written as an integer literal (no fraction, no exponent) that fits in int64, or built from
    /// one.
    bool isInteger() const noexcept { return kind_ == Kind::Number && isInt_; }

    // Accessors throw ParseError when the value has another kind (readers check kinds first for better
    // messages).
    bool asBool() const;
    double asDouble() const;
    std::int64_t asInt() const;  ///< requires isInteger()
    const std::string& asString() const;
    const std::vector<Value>& items() const;
    const std::vector<Member>& members() const;

    /// Object member by key, or nullptr (also when this is not an object).
    const Value* find(std::string_view key) const;
    /// Appends to an array.
    void push(Value v);
    /// Sets an object member: replaces the value of an existing key (keeping its place) or appends.
    void set(std::string key, Value v);
    /// Appends an object member without looking for an existing key (the caller guarantees uniqueness).
    void append(std::string key, Value v);

    /// "null", "boolean", "number", "string", "array" or "object".
    static std::string_view kindName(Kind k) noexcept;

  private:
    Kind kind_ = Kind::Null;
    bool bool_ = false;
    bool isInt_ = false;
    double number_ = 0.0;
    std::int64_t int_ = 0;
    std::string string_;
    std::vector<Value> items_;
    std::vector<Member> members_;
};

struct Value::Member {
    std::string key;
    Value value;
};

struct Limits {
    std::size_t maxDepth = 64;                      ///< nesting of arrays/objects
    std::size_t maxBytes = std::size_t{100} << 20;  ///< input size
    std::size_t maxValues = 10'000'000;  ///< scalars, arrays and objects together (each costs ~100 bytes)
};

/// Parses exactly one JSON value (surrounding whitespace allowed). Throws ParseError.
Value parse(std::string_view text, const Limits& limits = {}, std::uint64_t baseOffset = 0);

/// Appends `s` as a quoted JSON string. Invalid UTF-8 is written as U+FFFD.
void appendQuoted(std::string& out, std::string_view s);
/// The shortest text that reads back as exactly `d`; "null" for NaN and infinities (JSON has no such
/// numbers).
std::string formatNumber(double d);
/// Serialises `v`. indent < 0: compact, one line; otherwise pretty-printed with that many spaces per level.
std::string write(const Value& v, int indent = -1);

}  // namespace topospike::io::json
