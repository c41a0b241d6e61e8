#include "cli/command_registry.hpp"

#include <algorithm>

namespace topospike::cli {
namespace {

std::vector<Command>& registry() {
    static std::vector<Command> commands;  // constructed on first use, so registration order does not matter
    return commands;
}

}  // namespace

std::vector<Command> registeredCommands() {
    std::vector<Command> out = registry();
    std::stable_sort(out.begin(), out.end(), [](const Command& a, const Command& b) {
        return a.order != b.order ? a.order < b.order : a.name < b.name;
    });
    return out;
}

CommandRegistration::CommandRegistration(Command command) { registry().push_back(std::move(command)); }

}  // namespace topospike::cli
