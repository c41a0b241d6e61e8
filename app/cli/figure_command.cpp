// topospike-cli figure: publication figures of cortical-sheet maps, headless. Its flags are the option table's
// (options/option_table.hpp), so they match the GUI and the session file; --help lists them from the table.
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>

#include "cli/arguments.hpp"
#include "cli/cli_errors.hpp"
#include "cli/command_registry.hpp"
#include "cli/progress_line.hpp"
#include "cli/session_args.hpp"
#include "figure/session_figure.hpp"
#include "options/option_table.hpp"

namespace topospike::cli {
namespace {

const QStringList kGroups{"view", "stimulus", "run", "analysis", "figure"};

const char* const kHelp =
    "  figure [CKPT] --out FIG.svg|pdf|png [--positions P] [--session S.json] [OPTIONS]\n"
    "        A map figure of one or more layers (--layer layer2.0, a comma list, or all) coloured by --color-by,\n"
    "        with colorbar and scale bar, at --width (85mm) and --dpi (300). SVG and PDF keep text as text and\n"
    "        rasterise the points at the DPI unless --vector. Maps a mode needs are computed (TDANN's gratings,\n"
    "        or --image-set DIR for t/categories) or taken from the cache the GUI fills. No CKPT: the demo.\n"
    "          --session S.json     start from a session saved by the GUI (flags given here override it)\n"
    "          --save-session S     also write the session this figure was made from\n"
    "          --compare CKPT2      a second network side by side (same layers and colouring), with\n"
    "                               --compare-positions P2 when its positions are not beside it\n"
    "          --kind KIND          map (default), or a chart in the same style: tuning (orientation and sf\n"
    "                               tuning of --unit N), entropy (spike entropy per timestep, one line per\n"
    "                               layer), smoothness (distance curves, chance dashed), raster (spikes of\n"
    "                               --unit N and its nearest neighbours for the live stimulus), correlation\n"
    "                               (response correlation over TDANN's gratings against distance)\n"
    "          --unit N             the unit of tuning and raster charts (default 0)\n"
    "          --json               one JSON object on stdout (file, size, notes)\n"
    "        Options (shared with the GUI and session files): topospike-cli figure --help-options\n";

int runFigure(const QStringList& argv) {
    if (argv.contains("--help-options")) {
        std::printf("%s", options::helpText(kGroups).toLocal8Bit().constData());
        return 0;
    }
    return guarded([&] {
        auto [valued, flags] = tableFlags(kGroups);
        valued << "--kind" << "--unit" << "--out" << "--positions" << "--session" << "--save-session" << "--compare" << "--compare-positions";
        flags << "--json";
        const Arguments args("figure", argv, valued, flags);
        if (args.positionals().size() > 1) throw UsageError("figure: one checkpoint at most (got " + args.positionals().join(", ") + ")");
        const auto out = args.value("--out");
        if (!out) throw UsageError("figure needs --out FIG.svg|pdf|png");
        figure::formatFor(out->toStdString());  // refuse an unknown extension before any work
        const QString kindText = args.value("--kind").value_or("map");
        const auto kind = figure::parseFigureKind(kindText.toStdString());
        if (!kind)
            throw UsageError("--kind: '" + kindText + "' is not one of " + QString::fromStdString(figure::figureKindNames()));
        const int unit = args.intValue("--unit", 0, 0, 1 << 30);
        if (*kind == figure::FigureKind::Map && args.value("--unit")) throw UsageError("--unit is for --kind tuning or raster");

        options::Session session;
        if (const auto s = args.value("--session")) session = options::loadSession(s->toStdString());
        if (!args.positionals().isEmpty()) session.checkpoint = std::filesystem::absolute(args.positionals().first().toStdString());
        if (const auto p = args.value("--positions")) session.positions = std::filesystem::absolute(p->toStdString());
        applyTableFlags(args, kGroups, session.options);
        std::vector<options::Session> extra;
        if (const auto c = args.value("--compare")) {
            options::Session other = session;
            other.checkpoint = std::filesystem::absolute(c->toStdString());
            other.positions.clear();
            if (const auto p = args.value("--compare-positions")) other.positions = std::filesystem::absolute(p->toStdString());
            extra.push_back(std::move(other));
        }
        if (*kind != figure::FigureKind::Map && !extra.empty()) throw UsageError("--compare is for --kind map");
        figure::ChartRequest chart;
        chart.kind = *kind;
        chart.unit = unit;
        const auto composed = *kind == figure::FigureKind::Map
                                  ? figure::composeSessionFigure(session, extra, progressLine("figure", "per mille"))
                                  : figure::composeSessionChart(session, chart, progressLine("figure", "per mille"));
        figure::renderFigure(composed.figure, out->toStdString());
        if (const auto s = args.value("--save-session")) options::saveSession(s->toStdString(), session);
        if (args.flag("--json")) {
            QJsonArray notes;
            for (const auto& n : composed.notes) notes.append(QString::fromStdString(n));
            const QJsonObject j{{"file", QFileInfo(*out).absoluteFilePath()},
                                {"width_mm", composed.figure.widthMm},
                                {"dpi", composed.figure.dpi},
                                {"panels", static_cast<int>(composed.figure.panels.size())},
                                {"notes", notes}};
            std::printf("%s\n", QJsonDocument(j).toJson(QJsonDocument::Compact).constData());
        } else {
            for (const auto& n : composed.notes) std::fprintf(stderr, "topospike-cli figure: %s\n", n.c_str());
            std::printf("%s\n", QFileInfo(*out).absoluteFilePath().toLocal8Bit().constData());
        }
        return 0;
    });
}

const CommandRegistration registration{Command{"figure", kHelp, &runFigure, 35}};

}  // namespace
}  // namespace topospike::cli
