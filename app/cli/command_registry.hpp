#pragma once
// Commands that register themselves: each command's source file holds one static CommandRegistration, so new
// commands ("analyze v1", "positions init", "demo") need no edits to main.cpp. A command may be one word
// ("demo") or a group and a subcommand ("analyze v1"); main matches the longest registered prefix.

#include <QString>
#include <QStringList>
#include <functional>
#include <vector>

namespace topospike::cli {

struct Command {
    QString name;      // "demo" or "analyze v1"
    const char* help;  // usage lines printed by --help (indented like the others, ends with '\n')
    std::function<int(const QStringList& args)> run;  // args after the command words; returns the exit status
    int order = 100;   // position in --help (lower first)
};

/// Every registered command, sorted by order then name.
std::vector<Command> registeredCommands();

/// Registers a command at static-initialisation time.
struct CommandRegistration {
    explicit CommandRegistration(Command command);
};

}  // namespace topospike::cli
