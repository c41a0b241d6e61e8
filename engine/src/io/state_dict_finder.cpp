#include "state_dict_finder.hpp"

#include <array>
#include <deque>
#include <set>

#include "parse_error.hpp"

namespace topospike::io {
namespace {

using pickle::Kind;
using pickle::kNoNode;
using pickle::NodeId;

bool looksLikeStateDict(const pickle::Pickle& p, NodeId id, const std::function<bool(NodeId)>& isTensor) {
    if (id == kNoNode || p.node(id).kind != Kind::Dict) return false;
    const auto& items = p.node(id).items;
    std::size_t tensors = 0, pairs = items.size() / 2;
    bool weightKey = false;
    for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
        const auto& k = p.node(items[i]);
        if (k.kind != Kind::String) return false;
        if (isTensor(items[i + 1])) ++tensors;
        if (k.text.ends_with("weight")) weightKey = true;
    }
    return pairs > 0 && weightKey && tensors * 2 >= pairs;
}

std::string describe(const pickle::Pickle& p, NodeId id) {
    const auto& n = p.node(id);
    switch (n.kind) {
        case Kind::Dict: return "a dict";
        case Kind::List: return "a list";
        case Kind::Tuple: return "a tuple";
        case Kind::Object: return "an object of type " + p.globalName(id);
        default: return "a plain value";
    }
}

}  // namespace

StateDictLocation findStateDict(const pickle::Pickle& p, const std::function<bool(NodeId)>& isTensor,
                                WeightsChoice choice) {
    StateDictLocation loc;
    const NodeId root = p.root();
    if (looksLikeStateDict(p, root, isTensor)) {
        loc.dict = root;
        loc.wrapper = "state_dict";
        return loc;
    }
    if (p.node(root).kind != Kind::Dict)
        throw ParseError("the checkpoint holds " + describe(p, root) + ", not a dict of tensors");

    // SpikingJelly / torchvision train_classify: args is an argparse.Namespace (or, in some scripts, a dict).
    if (NodeId args = p.dictGet(root, "args"); args != kNoNode) {
        const bool ns = p.globalName(args) == "argparse.Namespace";
        auto get = [&](const char* key) { return ns ? p.attribute(args, key) : p.dictGet(args, key); };
        if (NodeId m = get("model"); m != kNoNode && p.node(m).kind == Kind::String) loc.argsModel = p.node(m).text;
        if (NodeId t = get("T"); t != kNoNode && p.node(t).kind == Kind::Int) loc.argsT = p.node(t).integer;
        if (NodeId c = get("cnf"); c != kNoNode && p.node(c).kind == Kind::String) loc.argsCnf = p.node(c).text;
    }

    std::vector<std::string> order;
    if (choice == WeightsChoice::Ema) order = {"model_ema", "model"};
    else order = {"model", "state_dict", "model_state_dict", "net", "network", "module", "model_ema"};
    if (choice == WeightsChoice::Ema) order.insert(order.end(), {"state_dict", "model_state_dict", "net"});
    for (const auto& key : order) {
        NodeId v = p.dictGet(root, key);
        if (looksLikeStateDict(p, v, isTensor)) {
            loc.dict = v;
            loc.wrapper = key;
            break;
        }
    }
    if (loc.dict == kNoNode) {
        // VISSL (TDANN): classy_state_dict.base_model.model.trunk, keys prefixed "base_model.".
        NodeId v = p.dictGet(root, "classy_state_dict");
        for (const char* k : {"base_model", "model", "trunk"}) v = p.dictGet(v, k);
        if (looksLikeStateDict(p, v, isTensor)) {
            loc.dict = v;
            loc.wrapper = "vissl trunk (classy_state_dict.base_model.model.trunk)";
        }
    }
    if (loc.dict == kNoNode) {
        // Last resort: breadth-first search for the first dict that looks like a state_dict (bounded).
        std::deque<std::pair<NodeId, std::string>> queue{{root, ""}};
        std::set<NodeId> seen;
        while (!queue.empty() && seen.size() < 10000) {
            auto [id, path] = queue.front();
            queue.pop_front();
            if (!seen.insert(id).second || std::count(path.begin(), path.end(), '.') > 8) continue;
            if (id != root && looksLikeStateDict(p, id, isTensor)) {
                loc.dict = id;
                loc.wrapper = "nested dict '" + path + "'";
                break;
            }
            const auto& n = p.node(id);
            if (n.kind != Kind::Dict) continue;
            for (std::size_t i = 0; i + 1 < n.items.size(); i += 2)
                if (p.node(n.items[i]).kind == Kind::String) {
                    const std::string key = p.node(n.items[i]).text.substr(0, 64);
                    queue.emplace_back(n.items[i + 1], path.empty() ? key : path + "." + key);
                }
        }
    }
    if (loc.dict == kNoNode) throw ParseError("found no dict of tensors (a state_dict) anywhere in the checkpoint");

    const auto& items = p.node(root).items;
    for (std::size_t i = 0; i + 1 < items.size(); i += 2)
        if (p.node(items[i]).kind == Kind::String && items[i + 1] != loc.dict)
            if (loc.otherEntries.size() < 100) loc.otherEntries.push_back(p.node(items[i]).text.substr(0, 128));
    return loc;
}

std::vector<std::string> stripCommonPrefixes(std::vector<std::string>& keys) {
    static constexpr std::array kPrefixes = {std::string_view{"module."}, std::string_view{"_orig_mod."},
                                             std::string_view{"base_model."}};
    std::vector<std::string> removed;
    std::size_t offset = 0;  // every key shares keys[i][0, offset); erased once at the end
    bool changed = !keys.empty();
    while (changed) {
        changed = false;
        for (auto prefix : kPrefixes) {
            bool all = true;
            for (const auto& k : keys)
                if (k.size() <= offset + prefix.size() || k.compare(offset, prefix.size(), prefix) != 0) all = false;
            if (!all) continue;
            offset += prefix.size();
            removed.emplace_back(prefix);
            changed = true;
        }
    }
    if (offset > 0)
        for (auto& k : keys) k.erase(0, offset);
    return removed;
}

}  // namespace topospike::io
