// topospike-cli completion bash: the bash completion script for both programs, generated from the option table
// and the registered commands (source it, or install it as /usr/share/bash-completion/completions/topospike-cli).
#include <cstdio>

#include "cli/arguments.hpp"
#include "cli/cli_errors.hpp"
#include "cli/command_registry.hpp"
#include "options/option_table.hpp"

namespace topospike::cli {
namespace {

const char* const kHelp =
    "  completion bash\n"
    "        Print the bash completion script (commands, options and their choices): eval \"$(topospike-cli\n"
    "        completion bash)\".\n";

int runCompletion(const QStringList& argv) {
    return guarded([&] {
        const Arguments args("completion", argv, {}, {});
        if (args.positionals() != QStringList{"bash"}) throw UsageError("completion: give the shell: completion bash");
        QStringList commands{"info", "run", "bench"};  // handled by main itself
        for (const auto& c : registeredCommands()) commands << c.name;
        std::printf("%s", options::bashCompletion(commands).toLocal8Bit().constData());
        return 0;
    });
}

const CommandRegistration registration{Command{"completion", kHelp, &runCompletion, 90}};

}  // namespace
}  // namespace topospike::cli
