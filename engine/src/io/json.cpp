#include "json.hpp"

#include <charconv>
#include <cmath>
#include <set>
#include <system_error>

#include "parse_error.hpp"
#include "utf8.hpp"

namespace topospike::io::json {

// ---- Value
// ---------------------------------------------------------------------------------------------------

Value::Value() = default;
Value::~Value() = default;
Value::Value(const Value&) = default;
Value::Value(Value&&) noexcept = default;
Value& Value::operator=(const Value&) = default;
Value& Value::operator=(Value&&) noexcept = default;
Value::Value(bool b) : kind_(Kind::Bool), bool_(b) {}
Value::Value(double d) : kind_(Kind::Number), number_(d) {}
Value::Value(std::int64_t i) : kind_(Kind::Number), isInt_(true), number_(static_cast<double>(i)), int_(i) {}
Value::Value(std::string s) : kind_(Kind::String), string_(std::move(s)) {}

Value Value::array() {
    Value v;
    v.kind_ = Kind::Array;
    return v;
}

Value Value::object() {
    Value v;
    v.kind_ = Kind::Object;
    return v;
}

std::string_view Value::kindName(Kind k) noexcept {
    switch (k) {
        case Kind::Null:
            return "null";
        case Kind::Bool:
            return "boolean";
        case Kind::Number:
            return "number";
        case Kind::String:
            return "string";
        case Kind::Array:
            return "array";
        case Kind::Object:
            return "object";
    }
    return "?";
}

namespace {
void expectKind(Value::Kind have, Value::Kind want) {
    if (have != want)
        throw ParseError("JSON value is a " + std::string(Value::kindName(have)) + ", expected a " +
                         std::string(Value::kindName(want)));
}
}  // namespace

bool Value::asBool() const {
    expectKind(kind_, Kind::Bool);
    return bool_;
}
double Value::asDouble() const {
    expectKind(kind_, Kind::Number);
    return number_;
}
std::int64_t Value::asInt() const {
    expectKind(kind_, Kind::Number);
    if (!isInt_) throw ParseError("JSON number " + formatNumber(number_) + " is not an integer");
    return int_;
}
const std::string& Value::asString() const {
    expectKind(kind_, Kind::String);
    return string_;
}
const std::vector<Value>& Value::items() const {
    expectKind(kind_, Kind::Array);
    return items_;
}
const std::vector<Value::Member>& Value::members() const {
    expectKind(kind_, Kind::Object);
    return members_;
}

const Value* Value::find(std::string_view key) const {
    if (kind_ != Kind::Object) return nullptr;
    for (const auto& m : members_)
        if (m.key == key) return &m.value;
    return nullptr;
}

void Value::push(Value v) {
    expectKind(kind_, Kind::Array);
    items_.push_back(std::move(v));
}

void Value::set(std::string key, Value v) {
    expectKind(kind_, Kind::Object);
    for (auto& m : members_)
        if (m.key == key) {
            m.value = std::move(v);
            return;
        }
    members_.push_back({std::move(key), std::move(v)});
}

void Value::append(std::string key, Value v) {
    expectKind(kind_, Kind::Object);
    members_.push_back({std::move(key), std::move(v)});
}

// ---- Parser
// --------------------------------------------------------------------------------------------------

namespace {

class Parser {
  public:
    Parser(std::string_view text, const Limits& limits, std::uint64_t base)
        : s_(text), limits_(limits), base_(base) {}

    Value parseDocument() {
        if (s_.size() > limits_.maxBytes)
            throw ParseError("JSON text of " + std::to_string(s_.size()) + " bytes exceeds the limit of " +
                                 std::to_string(limits_.maxBytes),
                             base_);
        skipSpace();
        Value v = parseValue(0);
        skipSpace();
        if (pos_ != s_.size()) fail("unexpected content after the JSON value");
        return v;
    }

  private:
    [[noreturn]] void fail(const std::string& what) const { failAt(what, pos_); }
    [[noreturn]] void failAt(const std::string& what, std::size_t at) const {
        throw ParseError("invalid JSON: " + what, base_ + at);
    }
    bool atEnd() const { return pos_ >= s_.size(); }
    char peek() const { return atEnd() ? '\0' : s_[pos_]; }

    void skipSpace() {
        while (!atEnd() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
            ++pos_;
    }
    void expect(char c) {
        if (atEnd()) fail(std::string("expected '") + c + "' but the text ended");
        if (s_[pos_] != c) fail(std::string("expected '") + c + "'");
        ++pos_;
    }
    void expectWord(std::string_view w) {
        if (s_.substr(pos_, w.size()) != w) fail("unknown literal");
        pos_ += w.size();
    }

    Value parseValue(std::size_t depth) {
        if (atEnd()) fail("expected a value but the text ended");
        if (++values_ > limits_.maxValues) fail("more than " + std::to_string(limits_.maxValues) + " values");
        switch (s_[pos_]) {
            case '{':
                return parseObject(depth + 1);
            case '[':
                return parseArray(depth + 1);
            case '"':
                return Value(parseString());
            case 't':
                expectWord("true");
                return Value(true);
            case 'f':
                expectWord("false");
                return Value(false);
            case 'n':
                expectWord("null");
                return Value();
            default:
                if (s_[pos_] == '-' || (s_[pos_] >= '0' && s_[pos_] <= '9')) return parseNumber();
                fail("unexpected character");
        }
    }

    void checkDepth(std::size_t depth) const {
        if (depth > limits_.maxDepth)
            fail("nesting deeper than " + std::to_string(limits_.maxDepth) + " levels");
    }

    Value parseArray(std::size_t depth) {
        checkDepth(depth);
        ++pos_;  // '['
        Value v = Value::array();
        skipSpace();
        if (peek() == ']') {
            ++pos_;
            return v;
        }
        for (;;) {
            skipSpace();
            v.push(parseValue(depth));
            skipSpace();
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            expect(']');
            return v;
        }
    }

    Value parseObject(std::size_t depth) {
        checkDepth(depth);
        ++pos_;  // '{'
        Value v = Value::object();
        std::set<std::string, std::less<>> keys;
        skipSpace();
        if (peek() == '}') {
            ++pos_;
            return v;
        }
        for (;;) {
            skipSpace();
            const std::size_t keyAt = pos_;
            if (peek() != '"') fail("expected a string key");
            std::string key = parseString();
            if (!keys.insert(key).second) failAt("duplicate key \"" + key + "\"", keyAt);
            skipSpace();
            expect(':');
            skipSpace();
            Value member = parseValue(depth);
            v.append(std::move(key), std::move(member));
            skipSpace();
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            expect('}');
            return v;
        }
    }

    unsigned hex4() {
        if (s_.size() - pos_ < 4) fail("truncated \\u escape");
        unsigned v = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = s_[pos_++];
            v <<= 4;
            if (c >= '0' && c <= '9')
                v |= static_cast<unsigned>(c - '0');
            else if (c >= 'a' && c <= 'f')
                v |= static_cast<unsigned>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                v |= static_cast<unsigned>(c - 'A' + 10);
            else
                failAt("bad hex digit in \\u escape", pos_ - 1);
        }
        return v;
    }

    char32_t unicodeEscape() {
        const std::size_t at = pos_ - 2;
        char32_t c = hex4();
        if (c >= 0xDC00 && c <= 0xDFFF) failAt("lone low surrogate in \\u escape", at);
        if (c >= 0xD800 && c <= 0xDBFF) {
            if (s_.substr(pos_, 2) != "\\u") failAt("high surrogate not followed by a low surrogate", at);
            pos_ += 2;
            const char32_t lo = hex4();
            if (lo < 0xDC00 || lo > 0xDFFF) failAt("high surrogate not followed by a low surrogate", at);
            c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
        }
        return c;
    }

    std::string parseString() {
        const std::size_t start = pos_;
        ++pos_;  // opening quote
        std::string out;
        for (;;) {
            if (atEnd()) failAt("unterminated string", start);
            const unsigned char c = static_cast<unsigned char>(s_[pos_]);
            if (c == '"') {
                ++pos_;
                return out;
            }
            if (c < 0x20) fail("control character in a string");
            if (c == '\\') {
                ++pos_;
                if (atEnd()) failAt("unterminated string", start);
                const char e = s_[pos_++];
                switch (e) {
                    case '"':
                        out += '"';
                        break;
                    case '\\':
                        out += '\\';
                        break;
                    case '/':
                        out += '/';
                        break;
                    case 'b':
                        out += '\b';
                        break;
                    case 'f':
                        out += '\f';
                        break;
                    case 'n':
                        out += '\n';
                        break;
                    case 'r':
                        out += '\r';
                        break;
                    case 't':
                        out += '\t';
                        break;
                    case 'u':
                        utf8::append(out, unicodeEscape());
                        break;
                    default:
                        failAt("unknown escape sequence", pos_ - 2);
                }
                continue;
            }
            if (c < 0x80) {
                out += static_cast<char>(c);
                ++pos_;
                continue;
            }
            const std::size_t at = pos_;
            if (utf8::decode(s_, pos_) == utf8::kInvalid) failAt("invalid UTF-8 in a string", at);
            out.append(s_.substr(at, pos_ - at));
        }
    }

    Value parseNumber() {
        const std::size_t start = pos_;
        const auto digits = [&] {
            const std::size_t from = pos_;
            while (!atEnd() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
            return pos_ - from;
        };
        if (peek() == '-') ++pos_;
        if (peek() == '0') {
            ++pos_;
            if (peek() >= '0' && peek() <= '9') fail("leading zeros are not allowed");
        } else if (digits() == 0) {
            fail("expected digits");
        }
        bool integral = true;
        if (peek() == '.') {
            ++pos_;
            integral = false;
            if (digits() == 0) fail("expected digits after '.'");
        }
        if (peek() == 'e' || peek() == 'E') {
            ++pos_;
            integral = false;
            if (peek() == '+' || peek() == '-') ++pos_;
            if (digits() == 0) fail("expected digits in the exponent");
        }
        const char* first = s_.data() + start;
        const char* last = s_.data() + pos_;
        if (integral) {
            std::int64_t i = 0;
            const auto r = std::from_chars(first, last, i);
            if (r.ec == std::errc() && r.ptr == last) return Value(i);
        }
        double d = 0.0;
        const auto r = std::from_chars(first, last, d);
        if (r.ec != std::errc() || r.ptr != last || !std::isfinite(d)) failAt("number out of range", start);
        return Value(d);
    }

    std::string_view s_;
    const Limits& limits_;
    std::uint64_t base_;
    std::size_t pos_ = 0;
    std::size_t values_ = 0;
};

}  // namespace

Value parse(std::string_view text, const Limits& limits, std::uint64_t baseOffset) {
    return Parser(text, limits, baseOffset).parseDocument();
}

// ---- Writer
// --------------------------------------------------------------------------------------------------

void appendQuoted(std::string& out, std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    std::size_t pos = 0;
    while (pos < s.size()) {
        const unsigned char c = static_cast<unsigned char>(s[pos]);
        if (c >= 0x80) {
            const std::size_t at = pos;
            if (utf8::decode(s, pos) == utf8::kInvalid)
                out += "\\ufffd";
            else
                out.append(s.substr(at, pos - at));
            continue;
        }
        ++pos;
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (c < 0x20) {
                    out += "\\u00";
                    out += kHex[c >> 4];
                    out += kHex[c & 0xF];
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    out += '"';
}

std::string formatNumber(double d) {
    if (!std::isfinite(d)) return "null";
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, d);
    return std::string(buf, r.ptr);
}

namespace {

void writeValue(std::string& out, const Value& v, int indent, int level) {
    const auto newline = [&](int lvl) {
        if (indent < 0) return;
        out += '\n';
        out.append(static_cast<std::size_t>(indent) * static_cast<std::size_t>(lvl), ' ');
    };
    switch (v.kind()) {
        case Value::Kind::Null:
            out += "null";
            return;
        case Value::Kind::Bool:
            out += v.asBool() ? "true" : "false";
            return;
        case Value::Kind::Number:
            out += v.isInteger() ? std::to_string(v.asInt()) : formatNumber(v.asDouble());
            return;
        case Value::Kind::String:
            appendQuoted(out, v.asString());
            return;
        case Value::Kind::Array: {
            const auto& items = v.items();
            out += '[';
            for (std::size_t i = 0; i < items.size(); ++i) {
                if (i) out += ',';
                newline(level + 1);
                writeValue(out, items[i], indent, level + 1);
            }
            if (!items.empty()) newline(level);
            out += ']';
            return;
        }
        case Value::Kind::Object: {
            const auto& members = v.members();
            out += '{';
            for (std::size_t i = 0; i < members.size(); ++i) {
                if (i) out += ',';
                newline(level + 1);
                appendQuoted(out, members[i].key);
                out += indent < 0 ? ":" : ": ";
                writeValue(out, members[i].value, indent, level + 1);
            }
            if (!members.empty()) newline(level);
            out += '}';
            return;
        }
    }
}

}  // namespace

std::string write(const Value& v, int indent) {
    std::string out;
    writeValue(out, v, indent, 0);
    return out;
}

}  // namespace topospike::io::json
