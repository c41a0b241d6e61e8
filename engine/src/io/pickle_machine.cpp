#include "pickle_machine.hpp"

#include <array>
#include <bit>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <unordered_map>

#include "byte_reader.hpp"
#include "parse_error.hpp"

namespace topospike::io::pickle {
namespace {

struct AllowedGlobal {
    std::string_view module;
    std::string_view name;
};

// Data constructors only: nothing here is ever called, the machine merely recognises them.
constexpr std::array kAllowed = {
    AllowedGlobal{"collections", "OrderedDict"},
    AllowedGlobal{"torch._utils", "_rebuild_tensor_v2"},
    AllowedGlobal{"torch._utils", "_rebuild_parameter"},
    AllowedGlobal{"torch._utils", "_rebuild_parameter_with_state"},
    AllowedGlobal{"torch._tensor", "_rebuild_from_type_v2"},
    AllowedGlobal{"torch", "FloatStorage"},
    AllowedGlobal{"torch", "DoubleStorage"},
    AllowedGlobal{"torch", "HalfStorage"},
    AllowedGlobal{"torch", "BFloat16Storage"},
    AllowedGlobal{"torch", "LongStorage"},
    AllowedGlobal{"torch", "IntStorage"},
    AllowedGlobal{"torch", "ShortStorage"},
    AllowedGlobal{"torch", "CharStorage"},
    AllowedGlobal{"torch", "ByteStorage"},
    AllowedGlobal{"torch", "BoolStorage"},
    AllowedGlobal{"torch", "device"},
    AllowedGlobal{"torch", "Size"},
    AllowedGlobal{"torch", "Tensor"},
    AllowedGlobal{"torch.nn.parameter", "Parameter"},
    AllowedGlobal{"argparse", "Namespace"},
    AllowedGlobal{"builtins", "set"},
    AllowedGlobal{"builtins", "frozenset"},
    AllowedGlobal{"__builtin__", "set"},
    AllowedGlobal{"__builtin__", "frozenset"},
    AllowedGlobal{"_codecs", "encode"},
    // NumPy scalars and small arrays that training scripts put beside the weights (e.g. a best accuracy).
    AllowedGlobal{"numpy.core.multiarray", "scalar"},
    AllowedGlobal{"numpy.core.multiarray", "_reconstruct"},
    AllowedGlobal{"numpy._core.multiarray", "scalar"},
    AllowedGlobal{"numpy._core.multiarray", "_reconstruct"},
    AllowedGlobal{"numpy", "dtype"},
    AllowedGlobal{"numpy", "ndarray"},
};

constexpr std::string_view kTorchDtypes[] = {
    "float32", "float", "float64", "double", "float16", "half", "bfloat16", "int64", "long",
    "int32",  "int",   "int16",   "short", "int8",   "uint8",   "bool",   "complex64", "complex128",
};

}  // namespace

bool isAllowedGlobal(std::string_view module, std::string_view name) {
    for (const auto& g : kAllowed)
        if (g.module == module && g.name == name) return true;
    if (module == "torch")
        for (auto d : kTorchDtypes)
            if (d == name) return true;
    return false;
}

class Machine {
public:
    Machine(std::span<const std::byte> data, const Limits& limits) : r_(data), limits_(limits) {
        // Every object and every container item costs the pickle at least one byte, except containers built
        // from others (OrderedDict(list), DUP): a small multiple of the size bounds all legitimate pickles.
        limits_.maxNodes = std::min(limits_.maxNodes, 2 * data.size() + 64);
        limits_.maxItems = std::min(limits_.maxItems, 4 * data.size() + 64);
        limits_.maxStackDepth = std::min(limits_.maxStackDepth, data.size() + 64);
    }

    Pickle run() {
        while (true) {
            const std::uint64_t at = r_.offset();
            const auto op = static_cast<unsigned char>(r_.u8());
            opOffset_ = at;
            if (op == '.') break;
            step(op);
        }
        if (stack_.empty()) throw ParseError("pickle ended with an empty stack", opOffset_);
        out_.root_ = stack_.back();
        return std::move(out_);
    }

private:
    [[noreturn]] void fail(const std::string& why) { throw ParseError(why, opOffset_); }

    NodeId make(Node n) {
        if (out_.nodes_.size() >= limits_.maxNodes) fail("pickle holds too many objects");
        out_.nodes_.push_back(std::move(n));
        return static_cast<NodeId>(out_.nodes_.size() - 1);
    }
    NodeId makeKind(Kind k) {
        Node n;
        n.kind = k;
        return make(std::move(n));
    }
    NodeId makeInt(std::int64_t v) {
        Node n;
        n.kind = Kind::Int;
        n.integer = v;
        return make(std::move(n));
    }
    NodeId makeText(Kind k, std::string_view s) {
        Node n;
        n.kind = k;
        n.text = std::string(s);
        return make(std::move(n));
    }
    Node& at(NodeId id) { return out_.nodes_[id]; }

    void countItems(std::size_t n) {
        items_ += n;
        if (items_ > limits_.maxItems) fail("pickle builds too many container items for its size");
    }

    void push(NodeId id) {
        if (stack_.size() >= limits_.maxStackDepth) fail("pickle stack too deep");
        stack_.push_back(id);
    }
    NodeId pop() {
        if (stack_.empty() || (!marks_.empty() && stack_.size() == marks_.back())) fail("pickle stack underflow");
        NodeId v = stack_.back();
        stack_.pop_back();
        return v;
    }
    NodeId top() {
        if (stack_.empty() || (!marks_.empty() && stack_.size() == marks_.back())) fail("pickle stack underflow");
        return stack_.back();
    }
    std::vector<NodeId> popMark() {
        if (marks_.empty()) fail("pickle MARK missing");
        countItems(stack_.size() - marks_.back());
        const std::size_t m = marks_.back();
        marks_.pop_back();
        std::vector<NodeId> items(stack_.begin() + static_cast<std::ptrdiff_t>(m), stack_.end());
        stack_.resize(m);
        return items;
    }
    // A protocol-0 text argument: the bytes up to the next newline, which is consumed.
    std::string_view line() {
        const std::size_t start = r_.pos();
        std::size_t len = 0;
        while (true) {
            if (r_.atEnd()) fail("unterminated text line in pickle");
            if (r_.u8() == '\n') break;
            ++len;
        }
        r_.seek(start);
        auto text = r_.takeString(len);
        r_.skip(1);
        return text;
    }
    std::size_t length(std::uint64_t n) {
        if (n > r_.remaining()) fail("pickle claims a " + std::to_string(n) + "-byte item; only " +
                                     std::to_string(r_.remaining()) + " bytes remain");
        return static_cast<std::size_t>(n);
    }

    void memoPut(std::uint64_t key) {
        if (stack_.empty()) fail("pickle PUT on an empty stack");
        memo_[key] = stack_.back();
    }
    void memoGet(std::uint64_t key) {
        auto it = memo_.find(key);
        if (it == memo_.end()) fail("pickle GET of unknown memo key " + std::to_string(key));
        push(it->second);
    }

    NodeId global(std::string_view module, std::string_view name) {
        if (!isAllowedGlobal(module, name))
            fail("refused: the pickle names '" + std::string(module) + "." + std::string(name) +
                 "', which is not on TopoSpike's allow-list of plain data types (nothing was executed); a checkpoint "
                 "should hold tensors and plain data only, e.g. torch.save(model.state_dict(), path)");
        Node n;
        n.kind = Kind::Global;
        n.text = std::string(module);
        n.text2 = std::string(name);
        return make(std::move(n));
    }

    NodeId makeLong(std::span<const std::byte> b) {
        if (b.size() <= 8) return makeInt(longFromBytes(b));
        // Wider than 64 bits (e.g. an unsigned 64-bit seed): kept opaque, never used as a tensor argument.
        return makeText(Kind::BigInt, {reinterpret_cast<const char*>(b.data()), b.size()});
    }
    std::int64_t longFromBytes(std::span<const std::byte> b) {
        if (b.empty()) return 0;
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < b.size(); ++i) v |= static_cast<std::uint64_t>(b[i]) << (8 * i);
        if (b.size() < 8 && (static_cast<unsigned>(b.back()) & 0x80u)) v |= ~std::uint64_t{0} << (8 * b.size());
        return static_cast<std::int64_t>(v);
    }
    std::int64_t parseDecimal(std::string_view s) {
        if (!s.empty() && s.back() == 'L') s.remove_suffix(1);
        std::int64_t v = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc() || p != s.data() + s.size()) fail("bad integer literal in pickle");
        return v;
    }

    // Calls of allowed globals: containers are built, everything else is recorded as an inert Object.
    NodeId call(NodeId callable, NodeId args) {
        const Node& c = at(callable);
        if (c.kind != Kind::Global) fail("pickle calls something that is not a global");
        const std::string name = c.text + "." + c.text2;
        const Node& a = at(args);
        if (a.kind != Kind::Tuple) fail("pickle call arguments are not a tuple");
        if (name == "collections.OrderedDict" || name == "builtins.set" || name == "__builtin__.set" ||
            name == "builtins.frozenset" || name == "__builtin__.frozenset") {
            const bool isDict = name == "collections.OrderedDict";
            NodeId result = makeKind(isDict ? Kind::Dict : Kind::Set);
            if (!at(args).items.empty()) {
                const Node& src = at(at(args).items[0]);
                if (src.kind != Kind::List && src.kind != Kind::Tuple && src.kind != Kind::Set)
                    fail(name + " built from something that is not a sequence");
                std::vector<NodeId> elems = src.items;
                countItems(elems.size());
                for (NodeId e : elems) {
                    if (isDict) {
                        const Node& pair = at(e);
                        if (pair.kind != Kind::Tuple || pair.items.size() != 2) fail("OrderedDict item is not a pair");
                        const auto k = pair.items[0], v = pair.items[1];
                        at(result).items.push_back(k);
                        at(result).items.push_back(v);
                    } else {
                        at(result).items.push_back(e);
                    }
                }
            }
            return result;
        }
        if (name == "_codecs.encode") {
            if (a.items.empty() || at(a.items[0]).kind != Kind::String) fail("_codecs.encode without a string");
            // Protocol-2 bytes: the text's code points (latin-1) are the bytes.
            const std::string& utf8 = at(a.items[0]).text;
            std::string bytes;
            for (std::size_t i = 0; i < utf8.size(); ++i) {
                const auto ch = static_cast<unsigned char>(utf8[i]);
                if (ch < 0x80) {
                    bytes.push_back(static_cast<char>(ch));
                } else if ((ch == 0xc2 || ch == 0xc3) && i + 1 < utf8.size()) {
                    bytes.push_back(static_cast<char>(((ch & 0x1f) << 6) | (static_cast<unsigned char>(utf8[i + 1]) & 0x3f)));
                    ++i;
                } else {
                    fail("_codecs.encode of text outside latin-1");
                }
            }
            return makeText(Kind::Bytes, bytes);
        }
        Node n;
        n.kind = Kind::Object;
        n.callable = callable;
        n.args = args;
        return make(std::move(n));
    }

    void step(unsigned char op) {
        switch (op) {
            case 0x80: {  // PROTO
                const auto v = r_.u8();
                if (v > 5) fail("unsupported pickle protocol " + std::to_string(v));
                break;
            }
            case 0x95: r_.u64(); break;  // FRAME: a hint only
            case '(':
                if (marks_.size() >= limits_.maxStackDepth) fail("pickle MARK stack too deep");
                marks_.push_back(stack_.size());
                break;
            case '0':
                if (!marks_.empty() && stack_.size() == marks_.back()) marks_.pop_back();  // as CPython's load_pop
                else pop();
                break;
            case '1': popMark(); break;
            case '2': push(top()); break;
            case 'N': push(makeKind(Kind::None)); break;
            case 0x88:
            case 0x89: {
                Node n;
                n.kind = Kind::Bool;
                n.boolean = op == 0x88;
                push(make(std::move(n)));
                break;
            }
            case 'J': push(makeInt(r_.i32())); break;
            case 'K': push(makeInt(r_.u8())); break;
            case 'M': push(makeInt(r_.u16())); break;
            case 0x8a: push(makeLong(r_.take(length(r_.u8())))); break;
            case 0x8b: {
                const std::int32_t n = r_.i32();
                if (n < 0) fail("negative LONG4 length");
                push(makeLong(r_.take(length(static_cast<std::uint64_t>(n)))));
                break;
            }
            case 'I': {
                auto s = line();
                if (s == "00" || s == "01") {
                    Node n;
                    n.kind = Kind::Bool;
                    n.boolean = s == "01";
                    push(make(std::move(n)));
                } else {
                    push(makeInt(parseDecimal(s)));
                }
                break;
            }
            case 'L': push(makeInt(parseDecimal(line()))); break;
            case 'F': {
                auto s = std::string(line());
                char* end = nullptr;
                Node n;
                n.kind = Kind::Float;
                n.real = std::strtod(s.c_str(), &end);
                if (end != s.c_str() + s.size()) fail("bad float literal in pickle");
                push(make(std::move(n)));
                break;
            }
            case 'G': {
                const std::uint64_t be = r_.u64();
                Node n;
                n.kind = Kind::Float;
                n.real = std::bit_cast<double>(__builtin_bswap64(be));
                push(make(std::move(n)));
                break;
            }
            case 'X': push(makeText(Kind::String, r_.takeString(length(r_.u32())))); break;
            case 0x8c: push(makeText(Kind::String, r_.takeString(length(r_.u8())))); break;
            case 0x8d: push(makeText(Kind::String, r_.takeString(length(r_.u64())))); break;
            case 'T': {
                const std::int32_t n = r_.i32();
                if (n < 0) fail("negative BINSTRING length");
                push(makeText(Kind::String, r_.takeString(length(static_cast<std::uint64_t>(n)))));
                break;
            }
            case 'U': push(makeText(Kind::String, r_.takeString(length(r_.u8())))); break;
            case 'B': push(makeText(Kind::Bytes, r_.takeString(length(r_.u32())))); break;
            case 'C': push(makeText(Kind::Bytes, r_.takeString(length(r_.u8())))); break;
            case 0x8e:
            case 0x96: push(makeText(Kind::Bytes, r_.takeString(length(r_.u64())))); break;
            case 'V': push(makeText(Kind::String, line())); break;
            case 'S': {
                auto s = line();
                if (s.size() < 2 || (s.front() != '\'' && s.front() != '"') || s.back() != s.front())
                    fail("bad STRING literal in pickle");
                push(makeText(Kind::String, s.substr(1, s.size() - 2)));
                break;
            }
            case ']': push(makeKind(Kind::List)); break;
            case ')': push(makeKind(Kind::Tuple)); break;
            case '}': push(makeKind(Kind::Dict)); break;
            case 0x8f: push(makeKind(Kind::Set)); break;
            case 'l':
            case 't':
            case 0x91: {
                auto items = popMark();
                NodeId n = makeKind(op == 'l' ? Kind::List : op == 't' ? Kind::Tuple : Kind::Set);
                at(n).items = std::move(items);
                push(n);
                break;
            }
            case 0x85:
            case 0x86:
            case 0x87: {
                const int count = op - 0x84;
                std::vector<NodeId> items(static_cast<std::size_t>(count));
                for (int i = count - 1; i >= 0; --i) items[static_cast<std::size_t>(i)] = pop();
                NodeId n = makeKind(Kind::Tuple);
                at(n).items = std::move(items);
                push(n);
                break;
            }
            case 'd': {
                auto items = popMark();
                if (items.size() % 2) fail("DICT with an odd number of items");
                NodeId n = makeKind(Kind::Dict);
                at(n).items = std::move(items);
                push(n);
                break;
            }
            case 'a': {
                NodeId v = pop();
                appendTo(top(), {v});
                break;
            }
            case 'e': {
                auto items = popMark();
                appendTo(top(), items);
                break;
            }
            case 0x90: {  // ADDITEMS
                auto items = popMark();
                NodeId s = top();
                if (at(s).kind != Kind::Set) fail("ADDITEMS on something that is not a set");
                for (NodeId i : items) at(s).items.push_back(i);
                break;
            }
            case 's': {
                NodeId v = pop();
                NodeId k = pop();
                setItems(top(), {k, v});
                break;
            }
            case 'u': {
                auto items = popMark();
                if (items.size() % 2) fail("SETITEMS with an odd number of items");
                setItems(top(), items);
                break;
            }
            case 'g': memoGet(static_cast<std::uint64_t>(parseDecimal(line()))); break;
            case 'h': memoGet(r_.u8()); break;
            case 'j': memoGet(r_.u32()); break;
            case 'p': memoPut(static_cast<std::uint64_t>(parseDecimal(line()))); break;
            case 'q': memoPut(r_.u8()); break;
            case 'r': memoPut(r_.u32()); break;
            case 0x94: memoPut(memo_.size()); break;
            case 'c': {
                const std::string module(line());
                const std::string name(line());
                push(global(module, name));
                break;
            }
            case 0x93: {  // STACK_GLOBAL
                NodeId name = pop();
                NodeId module = pop();
                if (at(module).kind != Kind::String || at(name).kind != Kind::String)
                    fail("STACK_GLOBAL operands are not strings");
                push(global(at(module).text, at(name).text));
                break;
            }
            case 'i': {  // INST: module, name lines; arguments since MARK
                const std::string module(line());
                const std::string name(line());
                auto items = popMark();
                NodeId g = global(module, name);
                NodeId args = makeKind(Kind::Tuple);
                at(args).items = std::move(items);
                push(call(g, args));
                break;
            }
            case 'o': {  // OBJ: class then arguments since MARK
                auto items = popMark();
                if (items.empty()) fail("OBJ without a class");
                NodeId args = makeKind(Kind::Tuple);
                at(args).items.assign(items.begin() + 1, items.end());
                push(call(items[0], args));
                break;
            }
            case 'R':
            case 0x81: {  // REDUCE, NEWOBJ
                NodeId args = pop();
                NodeId callable = pop();
                push(call(callable, args));
                break;
            }
            case 0x92: {  // NEWOBJ_EX: cls, args, kwargs
                pop();
                NodeId args = pop();
                NodeId callable = pop();
                push(call(callable, args));
                break;
            }
            case 'b': {  // BUILD
                NodeId state = pop();
                NodeId obj = top();
                if (at(obj).kind == Kind::Object) at(obj).state = state;
                // BUILD on a dict (OrderedDict's _metadata) sets attributes only: nothing to keep.
                break;
            }
            case 'Q': {  // BINPERSID
                NodeId pid = pop();
                Node n;
                n.kind = Kind::Persistent;
                n.args = pid;
                push(make(std::move(n)));
                break;
            }
            case 'P': {
                NodeId pid = makeText(Kind::String, line());
                Node n;
                n.kind = Kind::Persistent;
                n.args = pid;
                push(make(std::move(n)));
                break;
            }
            case 0x82:
            case 0x83:
            case 0x84: fail("refused: the pickle uses the copyreg extension registry (EXT opcodes)");
            case 0x97:
            case 0x98: fail("refused: the pickle uses out-of-band buffers (protocol 5)");
            default: {
                char hex[8];
                std::snprintf(hex, sizeof hex, "0x%02x", op);
                fail(std::string("unknown pickle opcode ") + hex);
            }
        }
    }

    void appendTo(NodeId target, const std::vector<NodeId>& items) {
        countItems(items.size());
        Node& t = at(target);
        if (t.kind != Kind::List && t.kind != Kind::Object) fail("APPEND on something that is not a list");
        t.items.insert(t.items.end(), items.begin(), items.end());
    }
    void setItems(NodeId target, const std::vector<NodeId>& kv) {
        countItems(kv.size());
        Node& t = at(target);
        if (t.kind != Kind::Dict && t.kind != Kind::Object) fail("SETITEM on something that is not a dict");
        t.items.insert(t.items.end(), kv.begin(), kv.end());
    }

    ByteReader r_;
    Limits limits_;
    Pickle out_;
    std::vector<NodeId> stack_;
    std::vector<std::size_t> marks_;
    std::unordered_map<std::uint64_t, NodeId> memo_;
    std::size_t items_ = 0;
    std::uint64_t opOffset_ = 0;
};

Pickle Pickle::parse(std::span<const std::byte> data, const Limits& limits) {
    Machine m(data, limits);
    return m.run();
}

std::string Pickle::globalName(NodeId id) const {
    if (id >= nodes_.size()) return {};
    const Node* n = &nodes_[id];
    if (n->kind == Kind::Object && n->callable < nodes_.size()) n = &nodes_[n->callable];
    if (n->kind != Kind::Global) return {};
    return n->text + "." + n->text2;
}

NodeId Pickle::dictGet(NodeId dict, std::string_view key) const {
    if (dict >= nodes_.size()) return kNoNode;
    const Node& d = nodes_[dict];
    if (d.kind != Kind::Dict && d.kind != Kind::Object) return kNoNode;
    NodeId found = kNoNode;
    for (std::size_t i = 0; i + 1 < d.items.size(); i += 2) {
        const Node& k = nodes_[d.items[i]];
        if (k.kind == Kind::String && k.text == key) found = d.items[i + 1];  // the last assignment wins
    }
    return found;
}

NodeId Pickle::attribute(NodeId object, std::string_view key) const {
    if (object >= nodes_.size() || nodes_[object].kind != Kind::Object) return kNoNode;
    NodeId state = nodes_[object].state;
    if (state == kNoNode) return kNoNode;
    // BUILD state may be a dict, or a (dict, slots) tuple.
    if (nodes_[state].kind == Kind::Tuple && !nodes_[state].items.empty()) state = nodes_[state].items[0];
    return dictGet(state, key);
}

}  // namespace topospike::io::pickle
