// topospike-cli: the headless front-end. Every analysis and figure the GUI makes, scriptable.

#include <QGuiApplication>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "cli/bench_command.hpp"
#include "cli/command_registry.hpp"
#include "cli/info_command.hpp"
#include "cli/network_setup.hpp"
#include "cli/run_command.hpp"
#include "cli/stimulus_args.hpp"

namespace {

constexpr const char* kHead =
    "Usage: topospike-cli COMMAND [ARGS]\n"
    "\n"
    "Commands:\n"
    "  info FILE [--json] [--block B] [--ema] [--input-size N] [--tensors]\n"
    "        Describe a checkpoint (.pth/.pt zip, .safetensors) or a position file or folder\n"
    "        (TDANN folder, TDANN <layer>.npz, TopoSpike .tspos): format, wrapper, tensors, parameters,\n"
    "        architecture, block type, classes, T, and every topographic layer's C x H x W.\n"
    "          --json          one JSON object on stdout\n"
    "          --block B       block type: spiking (default), sew-add, sew-iand, sew-and\n"
    "          --ema           take model_ema from a training checkpoint\n"
    "          --input-size N  layer shapes for an N x N input (default 224)\n"
    "          --tensors       list every tensor\n";

constexpr const char* kTail =
    "\n"
    "Options:\n"
    "  --version   print the version\n"
    "  --help      print this help\n"
    "\n"
    "Exit status: 0 success, 2 refused or damaged input, or a usage error (one line on stderr).\n";

void printUsage(FILE* to) {
    std::fputs(kHead, to);
    std::fputs(topospike::cli::kRunHelp, to);
    std::fputs(topospike::cli::kStimulusHelp, to);
    std::fputs(topospike::cli::kBenchHelp, to);
    for (const auto& command : topospike::cli::registeredCommands()) std::fputs(command.help, to);
    std::fputs(topospike::cli::kNetworkOptionsHelp, to);
    std::fputs(kTail, to);
}

}  // namespace

int main(int argc, char** argv) {
    // Figures are painted with QPainter and need fonts (a QGuiApplication), never a display: the offscreen
    // platform unless the user chose another.
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    // Without a login session (root in a container, CI) Qt would pick a runtime folder itself and warn about it
    // on stderr, where the CLI promises one line per refusal; choose the same folder quietly.
    if (!qEnvironmentVariableIsSet("XDG_RUNTIME_DIR")) {
        const QByteArray dir = "/tmp/runtime-" + QByteArray::number(static_cast<qulonglong>(getuid()));
        if (::mkdir(dir.constData(), 0700) == 0 || errno == EEXIST) qputenv("XDG_RUNTIME_DIR", dir);
    }
    // QGuiApplication consumes options of its own (-session, -platform, -display, …), which would silently eat
    // ours (`figure --session`): it gets only the program name, and the arguments are read here.
    QStringList args;
    for (int i = 1; i < argc; ++i) args << QString::fromLocal8Bit(argv[i]);
    int qtArgc = 1;
    QGuiApplication app(qtArgc, argv);
    QCoreApplication::setApplicationName("topospike-cli");
    QCoreApplication::setApplicationVersion(TOPOSPIKE_VERSION);
    if (args.isEmpty() || args.first() == "--help" || args.first() == "-h" || args.first() == "help") {
        printUsage(args.isEmpty() ? stderr : stdout);
        return args.isEmpty() ? 2 : 0;
    }
    if (args.first() == "--version") {
        std::printf("topospike-cli %s\n", TOPOSPIKE_VERSION);
        return 0;
    }
    // Registered commands: the longest match of "group subcommand" or "command".
    for (const auto& registered : topospike::cli::registeredCommands()) {
        const QStringList words = registered.name.split(' ');
        if (args.size() < words.size() || args.mid(0, words.size()) != words) continue;
        QStringList rest = args.mid(words.size());
        if (rest.contains("--help") || rest.contains("-h")) {
            std::fputs(registered.help, stdout);
            return 0;
        }
        return registered.run(rest);
    }
    const QString command = args.takeFirst();
    if (args.contains("--help") && (command == "info" || command == "run" || command == "bench")) {
        printUsage(stdout);
        return 0;
    }
    if (command == "info") return topospike::cli::runInfo(args);
    if (command == "run") return topospike::cli::runRun(args);
    if (command == "bench") return topospike::cli::runBench(args);
    std::fprintf(stderr, "topospike-cli: unknown command '%s' (see topospike-cli --help)\n",
                 command.toLocal8Bit().constData());
    return 2;
}
