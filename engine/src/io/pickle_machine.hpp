#pragma once
// Internal: an allow-list pickle machine. It reads protocol 0-5 pickles into an arena of inert data nodes and
// executes nothing: a GLOBAL outside the allow-list is refused at the moment it is read, naming it.
// Calls to allowed globals (REDUCE / NEWOBJ / BUILD) only record their arguments, except the few that build
// plain containers (OrderedDict, set, _codecs.encode).

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace topospike::io::pickle {

using NodeId = std::uint32_t;
inline constexpr NodeId kNoNode = 0xffffffffu;

enum class Kind : std::uint8_t {
    None,
    Bool,
    Int,
    Float,
    String,      // unicode text (UTF-8)
    Bytes,       // raw bytes
    Tuple,
    List,
    Dict,        // items = key, value, key, value, ...
    Set,
    Global,      // text = "module", text2 = "name"
    Object,      // callable = a Global node, args = a Tuple node, state = BUILD argument, items = appended/set items
    Persistent,  // args = the persistent id object
    BigInt,      // an integer wider than 64 bits: kept opaque (text = its little-endian bytes)
};

struct Node {
    Kind kind = Kind::None;
    bool boolean = false;
    std::int64_t integer = 0;
    double real = 0.0;
    std::string text;
    std::string text2;
    std::vector<NodeId> items;
    NodeId callable = kNoNode;
    NodeId args = kNoNode;
    NodeId state = kNoNode;
};

/// Bounds on what a pickle may build. Besides these absolute caps, objects and container items are limited to
/// a small multiple of the pickle's size, so memory stays proportional to the input.
struct Limits {
    std::size_t maxNodes = std::size_t{1} << 24;
    std::size_t maxItems = std::size_t{1} << 26;
    std::size_t maxStackDepth = std::size_t{1} << 22;
};

class Pickle {
public:
    /// Runs the machine over `data`. Throws ParseError (with the byte offset) on a malformed, truncated or
    /// refused pickle.
    static Pickle parse(std::span<const std::byte> data, const Limits& limits = {});

    NodeId root() const noexcept { return root_; }
    const Node& node(NodeId id) const { return nodes_.at(id); }
    std::size_t size() const noexcept { return nodes_.size(); }

    /// "module.name" of a Global node, or of an Object's callable; empty otherwise.
    std::string globalName(NodeId id) const;
    /// Value for `key` in a Dict node (string keys), or kNoNode.
    NodeId dictGet(NodeId dict, std::string_view key) const;
    /// Attribute `key` of an Object built with a dict state (e.g. argparse.Namespace), or kNoNode.
    NodeId attribute(NodeId object, std::string_view key) const;

    friend class Machine;

private:
    std::vector<Node> nodes_;
    NodeId root_ = kNoNode;
};

/// True when GLOBAL module.name is on the allow-list (torch.load(weights_only=True)'s list, narrowed).
bool isAllowedGlobal(std::string_view module, std::string_view name);

}  // namespace topospike::io::pickle
