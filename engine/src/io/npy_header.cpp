#include "npy_header.hpp"

#include <charconv>
#include <set>

#include "byte_reader.hpp"
#include "parse_error.hpp"

namespace topospike::io {
namespace {

constexpr std::string_view kMagic = "\x93NUMPY";
constexpr std::size_t kAlign = 64;

/// A Python literal: str, int, bool, None, or a tuple/list of literals.
struct Literal {
    enum class Kind { Str, Int, Bool, None, Tuple, List };
    Kind kind = Kind::None;
    std::string str;
    std::int64_t integer = 0;
    bool boolean = false;
    std::vector<Literal> items;
};

/// Parses the header dict. Offsets in errors are relative to the start of the header text + `base`.
class DictParser {
  public:
    DictParser(std::string_view text, std::uint64_t base) : s_(text), base_(base) {}

    std::vector<std::pair<std::string, Literal>> parseDict() {
        skipSpace();
        expect('{');
        std::vector<std::pair<std::string, Literal>> out;
        std::set<std::string, std::less<>> keys;
        for (;;) {
            skipSpace();
            if (peek() == '}') break;
            const std::size_t keyAt = pos_;
            Literal key = parseValue(0);
            if (key.kind != Literal::Kind::Str) failAt("header dict keys must be strings", keyAt);
            if (!keys.insert(key.str).second) failAt("duplicate key '" + key.str + "' in the header", keyAt);
            skipSpace();
            expect(':');
            Literal value = parseValue(0);
            out.emplace_back(std::move(key.str), std::move(value));
            skipSpace();
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            if (peek() != '}') fail("expected ',' or '}' in the header dict");
        }
        ++pos_;  // '}'
        while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\t' ||
                                    s_[pos_] == '\r' || s_[pos_] == '\0'))
            ++pos_;
        if (pos_ != s_.size()) fail("unexpected text after the header dict");
        return out;
    }

  private:
    static constexpr std::size_t kMaxDepth = 16;

    [[noreturn]] void fail(const std::string& what) const { failAt(what, pos_); }
    [[noreturn]] void failAt(const std::string& what, std::size_t at) const {
        throw ParseError("bad .npy header: " + what, base_ + at);
    }
    char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
    void skipSpace() {
        while (pos_ < s_.size() &&
               (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
            ++pos_;
    }
    void expect(char c) {
        if (peek() != c) fail(std::string("expected '") + c + "'");
        ++pos_;
    }
    bool word(std::string_view w) {
        if (s_.substr(pos_, w.size()) != w) return false;
        pos_ += w.size();
        return true;
    }

    Literal parseValue(std::size_t depth) {
        if (depth > kMaxDepth) fail("nested too deeply");
        skipSpace();
        Literal v;
        const char c = peek();
        if (c == '\'' || c == '"') {
            v.kind = Literal::Kind::Str;
            v.str = parseString();
        } else if (c == '(' || c == '[') {
            v.kind = c == '(' ? Literal::Kind::Tuple : Literal::Kind::List;
            parseSequence(v, c == '(' ? ')' : ']', depth);
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            v.kind = Literal::Kind::Int;
            v.integer = parseInt();
        } else if (word("True")) {
            v.kind = Literal::Kind::Bool;
            v.boolean = true;
        } else if (word("False")) {
            v.kind = Literal::Kind::Bool;
        } else if (word("None")) {
            v.kind = Literal::Kind::None;
        } else {
            fail(pos_ >= s_.size() ? "header ended early" : "unexpected character in the header");
        }
        return v;
    }

    void parseSequence(Literal& v, char close, std::size_t depth) {
        ++pos_;  // opening bracket
        bool sawComma = false;
        for (;;) {
            skipSpace();
            if (peek() == close) break;
            v.items.push_back(parseValue(depth + 1));
            skipSpace();
            if (peek() == ',') {
                ++pos_;
                sawComma = true;
                continue;
            }
            if (peek() != close) fail(std::string("expected ',' or '") + close + "'");
        }
        ++pos_;
        // "(5)" is the int 5 in Python, not a tuple.
        if (close == ')' && v.items.size() == 1 && !sawComma) {
            Literal inner = std::move(v.items.front());
            v = std::move(inner);
        }
    }

    std::string parseString() {
        const char quote = s_[pos_];
        const std::size_t start = pos_++;
        std::string out;
        for (;;) {
            if (pos_ >= s_.size()) failAt("unterminated string", start);
            const char c = s_[pos_++];
            if (c == quote) return out;
            if (c == '\\') {
                if (pos_ >= s_.size()) failAt("unterminated string", start);
                out += s_[pos_++];  // \' \" \\ are all the headers NumPy writes ever need
                continue;
            }
            out += c;
        }
    }

    std::int64_t parseInt() {
        const std::size_t start = pos_;
        if (peek() == '-') ++pos_;
        while (peek() >= '0' && peek() <= '9') ++pos_;
        std::int64_t v = 0;
        const auto r = std::from_chars(s_.data() + start, s_.data() + pos_, v);
        if (r.ec != std::errc() || r.ptr != s_.data() + pos_) failAt("integer out of range", start);
        if (peek() == 'L' || peek() == 'l') ++pos_;  // Python 2 longs, e.g. (3L, 4L)
        return v;
    }

    std::string_view s_;
    std::uint64_t base_;
    std::size_t pos_ = 0;
};

NpyHeader interpretDict(std::string_view text, std::uint64_t base) {
    NpyHeader h;
    bool haveDescr = false, haveFortran = false, haveShape = false;
    for (auto& [key, value] : DictParser(text, base).parseDict()) {
        if (key == "descr") {
            if (value.kind == Literal::Kind::List)
                throw ParseError("structured (record) dtypes are not supported", base);
            if (value.kind != Literal::Kind::Str)
                throw ParseError("bad .npy header: 'descr' is not a string", base);
            h.descr = value.str;
            haveDescr = true;
        } else if (key == "fortran_order") {
            if (value.kind != Literal::Kind::Bool)
                throw ParseError("bad .npy header: 'fortran_order' is not True or False", base);
            h.fortranOrder = value.boolean;
            haveFortran = true;
        } else if (key == "shape") {
            if (value.kind != Literal::Kind::Tuple)
                throw ParseError("bad .npy header: 'shape' is not a tuple", base);
            for (const Literal& d : value.items) {
                if (d.kind != Literal::Kind::Int || d.integer < 0)
                    throw ParseError(
                        "bad .npy header: 'shape' holds something other than a non-negative integer", base);
                h.shape.push_back(d.integer);
            }
            haveShape = true;
        } else {
            throw ParseError("bad .npy header: unexpected key '" + key + "'", base);
        }
    }
    if (!haveDescr || !haveFortran || !haveShape)
        throw ParseError(std::string("bad .npy header: missing key '") +
                             (!haveDescr     ? "descr"
                              : !haveFortran ? "fortran_order"
                                             : "shape") +
                             "'",
                         base);
    return h;
}

}  // namespace

bool hasNpyMagic(std::span<const std::byte> bytes) {
    if (bytes.size() < kMagic.size()) return false;
    for (std::size_t i = 0; i < kMagic.size(); ++i)
        if (bytes[i] != static_cast<std::byte>(kMagic[i])) return false;
    return true;
}

NpyHeader parseNpyHeaderDict(std::string_view text) {
    return interpretDict(text, 0);
}

NpyHeader readNpyHeader(std::span<const std::byte> bytes) {
    if (!hasNpyMagic(bytes)) {
        if (bytes.size() < kMagic.size())
            throw ParseError("too short to be a .npy file (" + std::to_string(bytes.size()) + " bytes)");
        throw ParseError("not a .npy file (no \\x93NUMPY magic)", 0);
    }
    ByteReader r(bytes);
    r.skip(kMagic.size());
    const int major = r.u8();
    const int minor = r.u8();
    if (major < 1 || major > 3 || minor != 0)
        throw ParseError(
            "unsupported .npy format version " + std::to_string(major) + "." + std::to_string(minor), 6);
    const std::uint64_t headerLen = major == 1 ? r.u16() : r.u32();
    if (headerLen > kMaxNpyHeaderBytes)
        throw ParseError("header length " + std::to_string(headerLen) + " exceeds the limit of " +
                             std::to_string(kMaxNpyHeaderBytes) + " bytes",
                         8);
    const std::uint64_t textAt = r.pos();
    const std::string_view text = r.takeString(static_cast<std::size_t>(headerLen));
    NpyHeader h = interpretDict(text, textAt);
    h.majorVersion = major;
    h.dataOffset = r.pos();
    return h;
}

std::string formatNpyHeader(std::string_view descr, const std::vector<std::int64_t>& shape) {
    std::string dict = "{'descr': '" + std::string(descr) + "', 'fortran_order': False, 'shape': (";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (i) dict += ", ";
        dict += std::to_string(shape[i]);
    }
    if (shape.size() == 1) dict += ",";
    dict += "), }";
    const auto paddedLength = [&](std::size_t preamble) {
        return (preamble + dict.size() + 1 + kAlign - 1) / kAlign * kAlign - preamble;
    };
    const bool v1 = paddedLength(kMagic.size() + 4) <= 0xffff;  // version 2.0 only when a u16 cannot hold it
    const std::size_t headerLen = paddedLength(kMagic.size() + (v1 ? 4 : 6));
    dict.append(headerLen - dict.size() - 1, ' ');
    dict += '\n';
    std::string out(kMagic);
    out += static_cast<char>(v1 ? 1 : 2);
    out += '\0';
    for (std::size_t i = 0; i < (v1 ? 2u : 4u); ++i) out += static_cast<char>((headerLen >> (8 * i)) & 0xff);
    return out + dict;
}

}  // namespace topospike::io
