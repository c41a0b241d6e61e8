// `run`: stimuli through the network, every recorded layer written to one .npz that numpy.load reads.
#include "cli/run_command.hpp"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <unistd.h>

#include "cli/arguments.hpp"
#include "cli/cli_errors.hpp"
#include "cli/network_setup.hpp"
#include "cli/recording_writer.hpp"
#include "cli/stimulus_args.hpp"

namespace topospike::cli {

const char* const kRunHelp =
    "  run CKPT (--image FILE | --grating SPEC | --gratings tdann)... [--record OUT.npz | --record-dir D] [options]\n"
    "        Present stimuli and record every layer. OUT.npz holds one uint8 array per recorded layer\n"
    "        named as the layer (stem, layer1.0, ..., layer4.1), shape [T, C, H, W] ([N, T, C, H, W] for several\n"
    "        images; float32 for ANN runs), 'logits' float32 (mean over T) and 'logits_t' (per timestep).\n"
    "          --record-dir D   stream instead: one NNNN_<image>.npz per stimulus in D, written as each finishes\n"
    "          --layer L        record only layer L (repeatable; e.g. --layer layer2.0 for the V1 maps)\n"
    "          --resize S       shorter side resized to S (default 224; 0 = keep)\n"
    "          --crop C         centre crop C x C (default 224; 0 = none)\n"
    "          --no-normalize   skip the ImageNet mean/std normalisation\n"
    "          --json           print a JSON summary on stdout\n";

int runRun(const QStringList& argv) {
    return guarded([&] {
        QStringList valued = networkValuedOptions();
        valued << stimulusValuedOptions() << "--record" << "--record-dir" << "--resize" << "--crop" << "--layer";
        QStringList flags = networkFlags();
        flags << "--no-normalize" << "--json";
        const Arguments args("run", argv, valued, flags);
        if (args.positionals().size() != 1) throw UsageError("run: give one checkpoint (see topospike-cli run --help)");
        const auto record = args.value("--record");
        if (record && args.value("--record-dir")) throw UsageError("run: give --record or --record-dir, not both");

        stimuli::PreprocessOptions pre;
        pre.resize = args.intValue("--resize", 224, 0, 8192);
        pre.crop = args.intValue("--crop", 224, 0, 8192);
        pre.normalize = !args.flag("--no-normalize");
        const LoadedNetwork loaded = loadNetwork(args, args.positionals().first());
        const run::RunOptions options = runOptions(args, loaded.defaultT);
        const QStringList keep = args.values("--layer");
        if (!keep.isEmpty()) {
            QStringList known;
            for (const auto& l : loaded.network->recordedLayers(224, 224)) known << QString::fromStdString(l.name);
            for (const auto& l : keep)
                if (!known.contains(l)) throw UsageError("run --layer: no layer '" + l + "' (layers: " + known.join(", ") + ")");
        }

        const std::vector<NamedStimulus> stimuliList = collectStimuli(args, pre);
        if (stimuliList.empty()) throw UsageError("run: give at least one --image FILE, --grating SPEC or --gratings tdann");
        std::vector<stimuli::InputImage> inputs;
        QStringList images;
        for (const auto& s : stimuliList) {
            inputs.push_back(s.input);
            images << s.name;
        }

        for (std::size_t i = 1; record && i < inputs.size(); ++i)
            if (inputs[i].height != inputs[0].height || inputs[i].width != inputs[0].width)
                throw UsageError(QString("run --record: '%1' is %2x%3 after preprocessing but '%4' is %5x%6; give --crop to make "
                                         "them one size, or --record-dir for one file per stimulus")
                                     .arg(images[static_cast<int>(i)]).arg(inputs[i].width).arg(inputs[i].height)
                                     .arg(images[0]).arg(inputs[0].width).arg(inputs[0].height));
        const run::Simulator sim(loaded.network, options);
        const int n = static_cast<int>(inputs.size());
        const auto recordDir = args.value("--record-dir");
        if (recordDir) std::filesystem::create_directories(recordDir->toStdString());
        RecordingWriter all;
        const bool interactive = isatty(fileno(stderr)) != 0;
        std::vector<std::string> names;                 // recorded layers in order
        std::vector<double> activeSum;                  // per layer, summed over stimuli
        QJsonArray top1;
        sim.stream(inputs, [&](int index, run::ImageResult&& r) {
            if (!keep.isEmpty())
                std::erase_if(r.layers, [&](const run::LayerRecord& l) { return !keep.contains(QString::fromStdString(l.name())); });
            if (names.empty())
                for (const auto& l : r.layers) names.push_back(l.name());
            activeSum.resize(names.size(), 0.0);
            for (std::size_t i = 0; i < r.layers.size() && i < names.size(); ++i) {
                double a = 0;
                for (double f : r.layers[i].activeFraction()) a += f;
                activeSum[i] += a / r.layers[i].timesteps();
            }
            if (!r.logits.empty())
                top1.append(static_cast<int>(std::max_element(r.logits.begin(), r.logits.end()) - r.logits.begin()));
            if (recordDir) {  // streamed: one file per stimulus, written as soon as it is done
                RecordingWriter one;
                one.add(r);
                const QString base = stimuliList[static_cast<std::size_t>(index)].stem;
                one.write((QDir(*recordDir).filePath(QString("%1_%2.npz").arg(index, 4, 10, QChar('0')).arg(base))).toStdString(), false);
            } else if (record) {
                all.add(r);
            }
        }, [&](int done, int total) {
            // a live counter on a terminal; in a log, one line at the end
            if (total > 1 && interactive) std::fprintf(stderr, "\rtopospike-cli run: %d/%d stimuli", done, total);
            if (total > 1 && done == total) std::fprintf(stderr, interactive ? "\n" : "topospike-cli run: %d stimuli done\n", total);
        });
        if (record) all.write(record->toStdString(), false);

        QJsonObject summary;
        QJsonArray layerSummary;
        const auto shapes = loaded.network->recordedLayers(inputs.front().height, inputs.front().width);
        for (std::size_t i = 0; i < names.size(); ++i) {
            QJsonArray shape;
            for (const auto& s : shapes)
                if (s.name == names[i]) shape = QJsonArray{s.channels, s.height, s.width};
            layerSummary.append(QJsonObject{{"name", QString::fromStdString(names[i])}, {"shape", shape},
                                            {"active_fraction", activeSum[i] / n}});
        }
        summary["images"] = n;
        summary["T"] = sim.effectiveT();
        summary["neuron"] = QString::fromStdString(options.neuron.describe());
        summary["layers"] = layerSummary;
        summary["top1"] = top1;
        if (record) summary["record"] = *record;
        if (recordDir) summary["record_dir"] = *recordDir;
        if (args.flag("--json")) {
            std::fputs(QJsonDocument(summary).toJson(QJsonDocument::Indented).constData(), stdout);
        } else {
            std::printf("%d stimuli, T=%d, %s\n", n, sim.effectiveT(), options.neuron.describe().c_str());
            for (const auto& v : layerSummary) {
                const QJsonObject o = v.toObject();
                std::printf("  %-10s active %.4f\n", o["name"].toString().toUtf8().constData(), o["active_fraction"].toDouble());
            }
            if (!top1.isEmpty()) {
                QStringList t;
                for (const auto& c : top1)
                    if (t.size() < 16) t << QString::number(c.toInt());
                std::printf("  top-1 class: %s%s\n", t.join(' ').toUtf8().constData(),
                            top1.size() > 16 ? qPrintable(QString(" ... (%1 stimuli; --json lists all)").arg(top1.size())) : "");
            }
            if (record) std::printf("recorded to %s\n", record->toUtf8().constData());
            if (recordDir) std::printf("recorded one file per stimulus in %s\n", recordDir->toUtf8().constData());
        }
        return 0;
    });
}

}  // namespace topospike::cli
