// `positions init`: TDANN's retinotopic (unoptimised) positions for a checkpoint's layers or for one layer.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>
#include <stdexcept>

#include "cli/arguments.hpp"
#include "cli/cli_errors.hpp"
#include "cli/command_registry.hpp"
#include "cli/positions_output.hpp"
#include "topospike/io/checkpoint.hpp"
#include "topospike/model/architecture.hpp"
#include "topospike/sheet/retinotopic.hpp"

namespace topospike::cli {
namespace {

const char* const kHelp =
    "  positions init (--checkpoint CKPT [--input-size N] | --layer NAME --dims C,H,W [--area A]\n"
    "                 [--tissue-mm X] [--neighborhood-mm X]) [--seed S] --out P [--json]\n"
    "        TDANN's retinotopic initialisation (unoptimised positions): RF grid with per-channel random\n"
    "        offsets, 0.3 mm jitter, 20,000 neighborhoods trimmed at the 5th percentile (25..500 units).\n"
    "        P ending in .tspos writes TopoSpike's format, anything else a TDANN folder (<layer>.npz +\n"
    "        version.txt = 2, so TDANN does not rescale it again).\n"
    "          --checkpoint CKPT    every block output layer1.0 ... layer4.x, each on its TDANN area's sheet\n"
    "          --input-size N       layer shapes for an N x N input (default 224)\n"
    "          --layer NAME         one layer, with --dims C,H,W (H = W as in TDANN; H != W: even spacing)\n"
    "          --area A             retina, V1, V2, V4 or IT (VTC); default: TDANN's table for NAME\n"
    "          --tissue-mm X        sheet side in mm (default: the area's)\n"
    "          --neighborhood-mm X  neighborhood width in mm (default: the area's)\n"
    "          --seed S             seed of every random draw (default 0)\n"
    "          --json               print a JSON summary on stdout\n";

std::vector<std::int64_t> parseDims(const QString& text) {
    std::vector<std::int64_t> dims;
    for (const QString& part : text.split(',')) {
        bool ok = false;
        const qlonglong v = part.trimmed().toLongLong(&ok);
        if (!ok || v < 1 || v > (1ll << 31)) throw UsageError("positions init: --dims needs C,H,W, three positive integers (got '" + text + "')");
        dims.push_back(v);
    }
    if (dims.size() != 3) throw UsageError("positions init: --dims needs C,H,W, three positive integers (got '" + text + "')");
    return dims;
}

double positiveMm(const Arguments& args, const QString& name, double fallback) {
    const double v = args.doubleValue(name, fallback);
    if (!(v > 0)) throw UsageError("positions init: " + name + " needs a positive number of mm");
    return v;
}

io::PositionSet fromCheckpoint(const Arguments& args, const QString& checkpoint, std::uint64_t seed) {
    for (const char* o : {"--layer", "--dims", "--area", "--tissue-mm", "--neighborhood-mm"})
        if (args.value(o)) throw UsageError(QString("positions init: ") + o + " goes with --layer, not --checkpoint");
    const int inputSize = args.intValue("--input-size", 224, 8, 4096);
    const io::Checkpoint ckpt = io::loadCheckpoint(checkpoint.toStdString());
    model::DetectOptions d;
    d.argsModel = ckpt.argsModel;
    d.argsCnf = ckpt.argsCnf;
    model::Architecture arch;
    try {
        arch = model::detectArchitecture(ckpt.tensors, d);
    } catch (const ModelError& e) {
        throw ModelError(checkpoint.toStdString() + ": " + e.what());
    }
    const std::vector<model::LayerShape> layers = arch.topographicLayers(inputSize);
    for (const auto& l : layers)
        if (l.height < 1 || l.width < 1)
            throw UsageError("positions init: --input-size " + QString::number(inputSize) + " leaves layer " +
                             QString::fromStdString(l.name) + " without units");
    return sheet::initNetworkPositions(layers, seed);
}

io::PositionSet oneLayer(const Arguments& args, std::uint64_t seed) {
    if (args.value("--input-size")) throw UsageError("positions init: --input-size goes with --checkpoint");
    const auto name = args.value("--layer");
    const auto dimsText = args.value("--dims");
    if (!name || name->isEmpty() || !dimsText)
        throw UsageError("positions init: give --checkpoint CKPT, or --layer NAME with --dims C,H,W");
    const std::vector<std::int64_t> dims = parseDims(*dimsText);
    sheet::Area area = sheet::areaForLayer(name->toStdString()).area;
    if (const auto a = args.value("--area")) {
        const auto parsed = sheet::parseArea(a->toStdString());
        if (!parsed) throw UsageError("positions init: --area must be retina, V1, V2, V4 or IT (got '" + *a + "')");
        area = *parsed;
    }
    sheet::RetinotopicParams p = sheet::RetinotopicParams::forArea(area, seed);
    p.tissueMm = positiveMm(args, "--tissue-mm", p.tissueMm);
    p.neighborhoodMm = positiveMm(args, "--neighborhood-mm", p.neighborhoodMm);
    io::PositionSet set;
    set.format = "generated";
    try {
        set.layers.push_back(sheet::initRetinotopic(name->toStdString(), dims, p));
    } catch (const std::invalid_argument& e) {
        throw UsageError(QString("positions init: ") + e.what());
    }
    return set;
}

int runPositionsInit(const QStringList& argv) {
    return guarded([&] {
        const Arguments args("positions init", argv,
                             {"--checkpoint", "--input-size", "--layer", "--dims", "--area", "--tissue-mm",
                              "--neighborhood-mm", "--seed", "--out"},
                             {"--json"});
        if (!args.positionals().isEmpty())
            throw UsageError("positions init: unexpected argument '" + args.positionals().first() + "'");
        const auto out = args.value("--out");
        if (!out || out->isEmpty()) throw UsageError("positions init: missing --out P (a .tspos file or a folder)");
        const std::uint64_t seed = seedValue(args);
        const auto checkpoint = args.value("--checkpoint");
        const io::PositionSet set = checkpoint ? fromCheckpoint(args, *checkpoint, seed) : oneLayer(args, seed);
        const QString format = writePositionSet(*out, set);
        if (args.flag("--json")) {
            QJsonArray layers;
            for (const auto& l : set.layers) layers.append(layerJson(l));
            QJsonObject o;
            o["out"] = *out;
            o["format"] = format;
            o["seed"] = QString::number(seed);
            o["layers"] = layers;
            std::fputs(QJsonDocument(o).toJson(QJsonDocument::Indented).constData(), stdout);
        } else {
            for (const auto& l : set.layers)
                std::printf("%s: %lld units on a %.4g mm sheet (%s), %lld neighborhoods of %lld units\n", l.name.c_str(),
                            static_cast<long long>(l.units()), l.sheetExtent(), l.area.c_str(),
                            static_cast<long long>(l.neighborhoodCount), static_cast<long long>(l.neighborhoodSize));
        }
        return 0;
    });
}

const CommandRegistration reg{Command{"positions init", kHelp, &runPositionsInit, 20}};

}  // namespace
}  // namespace topospike::cli
