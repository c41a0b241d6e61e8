// `topospike-cli demo`: the built-in demonstration network (an untrained spiking ResNet-18 with swap-optimised
// TDANN positions), built once into the user's cache and copied where the user asks.

#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include "cli/arguments.hpp"
#include "cli/cli_errors.hpp"
#include "cli/command_registry.hpp"
#include "cli/progress_line.hpp"
#include "topospike/demo/demo_network.hpp"
#include "topospike/error.hpp"

namespace topospike::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kHelp =
    "  demo [--out DIR] [--size PX] [--seed S] [--swap-steps N] [--calibration-stride K] [--threads N]\n"
    "       [--no-cache] [--json]\n"
    "        The built-in demonstration network: an UNTRAINED spiking ResNet-18 (seeded weights, batch norms\n"
    "        calibrated on TDANN's sine gratings) with TDANN positions swap-optimised on its own grating\n"
    "        responses. Built once (about a minute) into the user's cache folder; prints that folder, or\n"
    "        with --out copies the checkpoint (demo_resnet18.safetensors), positions/ and README.txt to DIR.\n"
    "          --size PX             grating size (default 224)\n"
    "          --seed S              weights, calibration, positions and swaps (default 2026)\n"
    "          --swap-steps N        swap attempts per layer (default 10000000 in layer1-2, a twentieth in layer3-4;\n"
    "                                TDANN uses 50000000)\n"
    "          --calibration-stride K  calibrate on every K-th grating (default 20: 32 stimuli)\n"
    "          --no-cache            build without reading or writing the cache (needs --out)\n";

void copyFolder(const fs::path& from, const fs::path& to) {
    std::error_code ec;
    if (fs::exists(to, ec) && !fs::is_empty(to, ec))
        throw FileError(to.string(), "exists and is not empty: choose a new folder for the demo");
    const fs::path staging = to.parent_path().empty() ? fs::path("." + to.filename().string() + ".partial")
                                                      : to.parent_path() / ("." + to.filename().string() + ".partial");
    fs::remove_all(staging, ec);
    try {
        if (!to.parent_path().empty()) fs::create_directories(to.parent_path());
        fs::copy(from, staging, fs::copy_options::recursive);
        fs::remove(to, ec);
        fs::rename(staging, to);
    } catch (const fs::filesystem_error& e) {
        fs::remove_all(staging, ec);
        throw FileError(to.string(), "cannot write the demo: " + e.code().message());
    }
}

int runDemo(const QStringList& argv) {
    return guarded([&] {
        const Arguments args("demo", argv, {"--out", "--size", "--seed", "--swap-steps", "--calibration-stride", "--threads"},
                             {"--no-cache", "--json"});
        if (!args.positionals().isEmpty()) throw UsageError("demo: unexpected argument '" + args.positionals().first() + "'");
        demo::DemoOptions o;
        o.imageSize = args.intValue("--size", 224, 32, 1024);
        const QString seed = args.value("--seed").value_or("2026");
        bool ok = false;
        o.seed = seed.toULongLong(&ok);
        if (!ok) throw UsageError("--seed needs a non-negative integer (got '" + seed + "')");
        const QString steps = args.value("--swap-steps").value_or("10000000");
        o.swapStepsPerLayer = steps.toLongLong(&ok);
        if (!ok || o.swapStepsPerLayer < 0) throw UsageError("--swap-steps needs a non-negative integer (got '" + steps + "')");
        o.calibrationStride = args.intValue("--calibration-stride", 20, 1, 640);
        o.threads = args.intValue("--threads", 0, 0, 1024);
        const auto out = args.value("--out");
        const bool noCache = args.flag("--no-cache");
        if (noCache && !out) throw UsageError("demo --no-cache needs --out DIR");
        if (out) {
            std::error_code ec;
            const fs::path target = out->toStdString();
            if (fs::exists(target, ec) && !fs::is_empty(target, ec))
                throw FileError(target.string(), "exists and is not empty: choose a new folder for the demo");
        }
        const auto progress = progressLine("demo", "per mille");
        fs::path folder;
        if (noCache) {
            demo::writeDemo(out->toStdString(), demo::buildDemo(o, progress));
            folder = out->toStdString();
        } else {
            const fs::path cached = demo::ensureDemo(o, progress);
            if (out) {
                copyFolder(cached, out->toStdString());
                folder = out->toStdString();
            } else {
                folder = cached;
            }
        }
        if (args.flag("--json")) {
            QJsonObject j;
            j["folder"] = QString::fromStdString(folder.string());
            j["checkpoint"] = QString::fromStdString((folder / demo::kDemoCheckpointName).string());
            j["positions"] = QString::fromStdString((folder / "positions").string());
            j["label"] = demo::kDemoLabel;
            j["cache_key"] = QString::fromStdString(o.cacheKey());
            std::printf("%s\n", QJsonDocument(j).toJson(QJsonDocument::Compact).constData());
        } else {
            std::printf("%s\n", folder.string().c_str());
            std::fprintf(stderr, "topospike-cli demo: %s (%s)\n", demo::kDemoLabel, folder.string().c_str());
        }
        return 0;
    });
}

const CommandRegistration registration{Command{"demo", kHelp, &runDemo, 40}};

}  // namespace
}  // namespace topospike::cli
