// topospike-cli analyze maps: a per-unit preference smoothed into a map (TDANN's Smoother) and, for orientation,
// its pinwheels (TDANN's PinwheelDetector).
#include <optional>

#include "cli/analysis_inputs.hpp"
#include "cli/analyze_spikes_common.hpp"
#include "cli/arguments.hpp"
#include "cli/cli_errors.hpp"
#include "cli/command_registry.hpp"
#include "topospike/analysis/pinwheels.hpp"
#include "topospike/analysis/smoothed_map.hpp"
#include "topospike/error.hpp"

namespace topospike::cli {
namespace {

const char* const kHelp =
    "  analyze maps --values V.npy --positions P [--layer L] [--kind orientation|mean|mode] [--json] [--out F.npz]\n"
    "        Smooth one value per unit (NaN = masked) over the sheet in square windows (TDANN's Smoother):\n"
    "        orientation in degrees (circular mean, period 180, with its circular std), mean (e.g. SF), or\n"
    "        mode (integer values, e.g. colour preference). For orientation also find pinwheels (winding\n"
    "        numbers on a 1.5 / 0.45 mm map, TDANN's thresholds) and their density per (3.5 mm)^2.\n"
    "          --kind K           orientation (default), mean or mode\n"
    "          --width-mm W       window side (default 1.5)\n"
    "          --stride-mm S      window stride (default 0.15)\n"
    "          --tdann-179        TDANN's circular period of 179 degrees (to reproduce its figures)\n"
    "          --tdann-open-loop  TDANN's winding sum over 7 of the 8 neighbour steps\n"
    "          --json             one JSON object on stdout\n"
    "          --out F.npz        map [ny, nx] (row 0 = lowest y), counts, x_centers, y_centers (mm), and for\n"
    "                             orientation circular_std, pinwheel_map, winding, variability,\n"
    "                             pinwheel_centers [K, 2] (mm), pinwheel_signs [K]\n";

int runAnalyzeMaps(const QStringList& argv) {
    return guarded([&] {
        QStringList valued{"--values", "--positions", "--layer", "--positions-layer", "--kind", "--width-mm", "--stride-mm", "--out"};
        QStringList flags = analysisInputFlags();
        flags << "--json" << "--tdann-179" << "--tdann-open-loop";
        const Arguments args("analyze maps", argv, valued, flags);
        if (!args.positionals().isEmpty()) throw UsageError("analyze maps: unexpected argument '" + args.positionals().first() + "'");
        const auto valuesPath = args.value("--values");
        if (!valuesPath) throw UsageError("analyze maps: missing --values V.npy (one value per unit)");
        const QString kind = args.choice("--kind", {"orientation", "mean", "mode"}, "orientation");
        analysis::SmoothedMapParams params;
        params.width = args.doubleValue("--width-mm", 1.5);
        params.stride = args.doubleValue("--stride-mm", 0.15);
        if (!(params.width > 0) || !(params.stride > 0)) throw UsageError("analyze maps: --width-mm and --stride-mm must be > 0");
        params.aggregation = kind == "orientation" ? analysis::MapAggregation::CircularMean
                             : kind == "mean"      ? analysis::MapAggregation::Mean
                                                   : analysis::MapAggregation::Mode;
        params.tdannPeriodMinusOne = args.flag("--tdann-179");

        const io::NpyArray a = io::readNpy(valuesPath->toStdString());
        if (a.isString) throw FileError(valuesPath->toStdString(), "holds strings, expected one number per unit");
        const std::vector<double> values = a.tensor.toDouble();
        if (values.empty()) throw FileError(valuesPath->toStdString(), "is empty");
        const io::LayerPositions positions = loadPositions(args, static_cast<std::int64_t>(values.size()));
        if (kind == "orientation")
            for (double v : values)
                if (!std::isnan(v) && !(v >= 0.0 && v <= 180.0))
                    throw FileError(valuesPath->toStdString(), "orientation values must be degrees in [0, 180] (NaN = masked)");

        const auto start = std::chrono::steady_clock::now();
        const analysis::SmoothedMap m = analysis::smoothMap(positions.coordinates, values, params);
        std::optional<analysis::PinwheelResult> pins;
        if (kind == "orientation") {
            analysis::PinwheelParams pp;
            pp.tdannPeriodMinusOne = params.tdannPeriodMinusOne;
            pp.tdannOpenLoop = args.flag("--tdann-open-loop");
            pins = analysis::detectPinwheels(positions.coordinates, values, pp);
        }
        const double seconds = spikes::secondsSince(start);

        std::vector<double> xc, yc;
        for (std::int64_t i = 0; i < m.nx; ++i) xc.push_back(m.xCenter(i));
        for (std::int64_t i = 0; i < m.ny; ++i) yc.push_back(m.yCenter(i));
        std::vector<double> centres, signs;
        QJsonArray pinList;
        if (pins)
            for (const auto& p : pins->pinwheels) {
                centres.insert(centres.end(), {p.x, p.y});
                signs.push_back(p.sign);
                pinList.append(QJsonObject{{"x_mm", p.x}, {"y_mm", p.y}, {"sign", p.sign},
                                           {"pixels", static_cast<double>(p.pixels)}, {"winding", p.meanWinding}});
            }
        if (const auto path = args.value("--out")) {
            spikes::NpzOut out;
            out.add("map", m.values, {m.ny, m.nx});
            out.add("counts", m.counts, {m.ny, m.nx});
            out.add("x_centers", xc, {m.nx});
            out.add("y_centers", yc, {m.ny});
            if (pins) {
                const analysis::SmoothedMap& pm = pins->orientation;
                out.add("circular_std", m.circularStd, {m.ny, m.nx});
                out.add("pinwheel_map", pm.values, {pm.ny, pm.nx});
                out.add("winding", pins->winding, {pm.ny, pm.nx});
                out.add("variability", pins->variability, {pm.ny, pm.nx});
                out.add("pinwheel_centers", centres, {static_cast<std::int64_t>(signs.size()), 2});
                out.add("pinwheel_signs", signs, {static_cast<std::int64_t>(signs.size())});
            }
            out.write(*path);
        }
        if (args.flag("--json")) {
            QJsonObject o{{"command", "analyze maps"},
                          {"kind", kind},
                          {"units_used", static_cast<double>(m.unitsUsed)},
                          {"width_mm", params.width},
                          {"stride_mm", params.stride},
                          {"period", kind == "orientation" ? QJsonValue(params.tdannPeriodMinusOne ? 179.0 : 180.0) : QJsonValue()},
                          {"nx", static_cast<double>(m.nx)},
                          {"ny", static_cast<double>(m.ny)},
                          {"x_centers_mm", QJsonArray{xc.front(), xc.back()}},
                          {"y_centers_mm", QJsonArray{yc.front(), yc.back()}},
                          {"seconds", seconds}};
            if (pins)
                o["pinwheels"] = QJsonObject{{"count", static_cast<double>(pins->pinwheels.size())},
                                             {"positive", static_cast<double>(pins->positive)},
                                             {"negative", static_cast<double>(pins->negative)},
                                             {"side_mm", pins->side},
                                             {"density_per_3_5mm_squared", pins->density},
                                             {"open_loop", pins->params.tdannOpenLoop},
                                             {"centers", pinList}};
            spikes::printJson(o);
            return 0;
        }
        std::printf("%s map of %lld units: %lld x %lld windows of %.3g mm, centres x %.3f..%.3f, y %.3f..%.3f mm\n",
                    qPrintable(kind), static_cast<long long>(m.unitsUsed), static_cast<long long>(m.nx),
                    static_cast<long long>(m.ny), params.width, xc.front(), xc.back(), yc.front(), yc.back());
        if (pins)
            std::printf("  %zu pinwheels (%lld +, %lld -), density %.3f per (3.5 mm)^2 on a %.3f mm sheet\n",
                        pins->pinwheels.size(), static_cast<long long>(pins->positive),
                        static_cast<long long>(pins->negative), pins->density, pins->side);
        return 0;
    });
}

const CommandRegistration reg{Command{"analyze maps", kHelp, &runAnalyzeMaps, 53}};

}  // namespace
}  // namespace topospike::cli
