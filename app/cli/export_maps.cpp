// topospike-cli export maps: the map set a figure or the GUI draws (every topographic layer's preferences, tuning
// curves, smoothness curves, category t-values, entropies) as one NumPy .npz, named as common/map_set.hpp says.
#include <QFileInfo>
#include <cstdio>

#include "cli/arguments.hpp"
#include "cli/cli_errors.hpp"
#include "cli/command_registry.hpp"
#include "cli/progress_line.hpp"
#include "cli/session_args.hpp"
#include "figure/session_figure.hpp"

namespace topospike::cli {
namespace {

const QStringList kGroups{"run", "analysis"};

const char* const kHelp =
    "  export maps [CKPT] --out MAPS.npz [--positions P] [--stimuli gratings|images --image-set DIR] [--T N] ...\n"
    "        The maps of every topographic layer as NumPy arrays: '<layer>/orientation_deg', '<layer>/sf_tuning',\n"
    "        '<layer>/smoothness_orientation', '<layer>/t_values', '<layer>/entropy', … and 'meta' (JSON), the\n"
    "        same numbers the GUI and figures show, from the shared cache or computed. No CKPT: the demo.\n"
    "        Run and analysis options as the figure command's (topospike-cli figure --help-options).\n";

int runExportMaps(const QStringList& argv) {
    return guarded([&] {
        auto [valued, flags] = tableFlags(kGroups);
        valued << "--out" << "--positions";
        const Arguments args("export maps", argv, valued, flags);
        if (args.positionals().size() > 1)
            throw UsageError("export maps: one checkpoint at most (got " + args.positionals().join(", ") + ")");
        const auto out = args.value("--out");
        if (!out) throw UsageError("export maps needs --out MAPS.npz");
        if (!out->endsWith(".npz", Qt::CaseInsensitive)) throw UsageError("export maps: --out must name a .npz file (got " + *out + ")");
        options::Session session;
        if (!args.positionals().isEmpty()) session.checkpoint = std::filesystem::absolute(args.positionals().first().toStdString());
        if (const auto p = args.value("--positions")) session.positions = std::filesystem::absolute(p->toStdString());
        applyTableFlags(args, kGroups, session.options);
        std::vector<std::string> notes;
        const app::MapSet maps = figure::sessionMapSet(session, notes, progressLine("export maps", "per mille"));
        app::saveMapSet(out->toStdString(), maps);
        for (const auto& n : notes) std::fprintf(stderr, "topospike-cli export maps: %s\n", n.c_str());
        std::printf("%s\n", QFileInfo(*out).absoluteFilePath().toLocal8Bit().constData());
        return 0;
    });
}

const CommandRegistration registration{Command{"export maps", kHelp, &runExportMaps, 36}};

}  // namespace
}  // namespace topospike::cli
