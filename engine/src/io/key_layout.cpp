#include "io/key_layout.hpp"

#include <optional>
#include <set>

namespace topospike::io {
namespace {

/// "layer1.0.conv2" -> "layer1.0.bn2" (the BN beside conv K); nullopt if the last segment is not convK.
std::optional<std::string> bnBeside(const std::string& head) {
    const auto dot = head.rfind('.');
    const std::string last = dot == std::string::npos ? head : head.substr(dot + 1);
    if (last.size() < 5 || last.compare(0, 4, "conv") != 0) return std::nullopt;
    for (std::size_t i = 4; i < last.size(); ++i)
        if (last[i] < '0' || last[i] > '9') return std::nullopt;
    return (dot == std::string::npos ? std::string() : head.substr(0, dot + 1)) + "bn" + last.substr(4);
}

std::optional<std::string> renamed(const std::string& key) {
    const auto at = key.find(".module.");
    if (at == std::string::npos) return key;
    const std::string head = key.substr(0, at), tail = key.substr(at + 8);
    if (tail.find(".module.") != std::string::npos) return std::nullopt;
    const bool indexed = tail.size() > 2 && (tail[0] == '0' || tail[0] == '1') && tail[1] == '.';
    if (!indexed) return head + "." + tail;  // SeqToANNContainer around one module
    const std::string param = tail.substr(2);
    if (head.size() > 13 && head.compare(head.size() - 13, 13, ".downsample.0") == 0)
        return head.substr(0, head.size() - 1) + tail[0] + "." + param;  // downsample.0.module.{0,1} -> downsample.{0,1}
    if (tail[0] == '0') return bnBeside(head) ? std::optional(head + "." + param) : std::nullopt;
    if (const auto bn = bnBeside(head)) return *bn + "." + param;
    return std::nullopt;
}

}  // namespace

bool renameSeqToAnnKeys(std::vector<std::string>& keys) {
    bool any = false;
    std::vector<std::string> out;
    out.reserve(keys.size());
    for (const auto& k : keys) {
        const auto r = renamed(k);
        if (!r) return false;
        any = any || *r != k;
        out.push_back(*r);
    }
    if (!any) return false;
    if (std::set<std::string>(out.begin(), out.end()).size() != out.size()) return false;
    keys = std::move(out);
    return true;
}

}  // namespace topospike::io
