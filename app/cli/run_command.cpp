// `run`: stimuli through the network, every recorded layer written to one .npz that numpy.load reads.
#include "cli/run_command.hpp"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cstring>
#include <cstdio>
#include <deque>
#include <map>

#include "cli/arguments.hpp"
#include "cli/cli_errors.hpp"
#include "cli/network_setup.hpp"
#include "topospike/io/npy.hpp"

namespace topospike::cli {

const char* const kRunHelp =
    "  run CKPT --image FILE [--image FILE ...] [--record OUT.npz] [options]\n"
    "        Present PNG/JPEG stimuli and record every layer. OUT.npz holds one uint8 array per recorded layer\n"
    "        named as the layer (stem, layer1.0, ..., layer4.1), shape [T, C, H, W] ([N, T, C, H, W] for several\n"
    "        images; float32 for ANN runs), 'logits' float32 (mean over T) and 'logits_t' (per timestep).\n"
    "          --resize S       shorter side resized to S (default 224; 0 = keep)\n"
    "          --crop C         centre crop C x C (default 224; 0 = none)\n"
    "          --no-normalize   skip the ImageNet mean/std normalisation\n"
    "          --json           print a JSON summary on stdout\n";

namespace {

struct LayerArray {
    std::vector<std::int64_t> shape;  // [T, C, H, W]
    bool exact = true;
    std::vector<std::uint8_t> bytes;
    std::vector<float> floats;
};

}  // namespace

int runRun(const QStringList& argv) {
    return guarded([&] {
        QStringList valued = networkValuedOptions();
        valued << "--image" << "--record" << "--resize" << "--crop";
        QStringList flags = networkFlags();
        flags << "--no-normalize" << "--json";
        const Arguments args("run", argv, valued, flags);
        if (args.positionals().size() != 1) throw UsageError("run: give one checkpoint (see topospike-cli run --help)");
        const QStringList images = args.values("--image");
        if (images.isEmpty()) throw UsageError("run: give at least one --image FILE");
        const auto record = args.value("--record");

        stimuli::PreprocessOptions pre;
        pre.resize = args.intValue("--resize", 224, 0, 8192);
        pre.crop = args.intValue("--crop", 224, 0, 8192);
        pre.normalize = !args.flag("--no-normalize");
        const LoadedNetwork loaded = loadNetwork(args, args.positionals().first());
        const run::RunOptions options = runOptions(args, loaded.defaultT);

        std::vector<stimuli::InputImage> inputs;
        for (const QString& f : images) inputs.push_back(stimuli::readInputImage(f.toStdString(), pre));

        const run::Simulator sim(loaded.network, options);
        const int n = static_cast<int>(inputs.size());
        std::map<std::string, LayerArray> arrays;
        std::vector<std::string> order;
        std::vector<float> logits, logitsT;
        std::vector<std::vector<double>> rates;  // per layer, mean over images of the active fraction
        sim.stream(inputs, [&](int, run::ImageResult&& r) {
            for (const auto& l : r.layers) {
                auto [it, fresh] = arrays.try_emplace(l.name());
                LayerArray& a = it->second;
                if (fresh) {
                    order.push_back(l.name());
                    a.shape = {l.timesteps(), l.channels(), l.height(), l.width()};
                }
                if (l.isExactAsUint8() && a.exact && a.floats.empty()) {
                    const auto b = l.toUint8();
                    a.bytes.insert(a.bytes.end(), b.begin(), b.end());
                } else {
                    if (a.exact) {  // switch the whole array to float32
                        a.floats.assign(a.bytes.begin(), a.bytes.end());
                        a.bytes.clear();
                        a.exact = false;
                    }
                    const auto f = l.toFloat();
                    a.floats.insert(a.floats.end(), f.begin(), f.end());
                }
            }
            logits.insert(logits.end(), r.logits.begin(), r.logits.end());
            logitsT.insert(logitsT.end(), r.logitsPerStep.begin(), r.logitsPerStep.end());
        }, [&](int done, int total) {
            if (total > 1) std::fprintf(stderr, "\rtopospike-cli run: %d/%d stimuli", done, total);
            if (total > 1 && done == total) std::fputc('\n', stderr);
        });

        std::vector<io::NpzMember> members;
        std::deque<Tensor> store;  // members point into it
        QJsonObject summary;
        QJsonArray layerSummary;
        for (const auto& name : order) {
            LayerArray& a = arrays[name];
            std::vector<std::int64_t> shape = a.shape;
            if (n > 1) shape.insert(shape.begin(), n);
            Tensor t(a.exact ? DType::U8 : DType::F32, shape);
            double active = 0;
            if (a.exact) {
                std::memcpy(t.bytes().data(), a.bytes.data(), a.bytes.size());
                for (auto v : a.bytes) active += v != 0;
                active /= static_cast<double>(std::max<std::size_t>(1, a.bytes.size()));
            } else {
                std::memcpy(t.bytes().data(), a.floats.data(), a.floats.size() * sizeof(float));
                for (auto v : a.floats) active += v != 0.0f;
                active /= static_cast<double>(std::max<std::size_t>(1, a.floats.size()));
            }
            layerSummary.append(QJsonObject{{"name", QString::fromStdString(name)},
                                            {"shape", QJsonArray{static_cast<int>(a.shape[1]), static_cast<int>(a.shape[2]), static_cast<int>(a.shape[3])}},
                                            {"active_fraction", active}});
            members.emplace_back(name, store.emplace_back(std::move(t)));
        }
        const int classes = static_cast<int>(loaded.network->architecture().numClasses);
        QJsonArray top1;
        if (classes > 0) {
            std::vector<std::int64_t> ls{classes}, lts{sim.effectiveT(), classes};
            if (n > 1) {
                ls.insert(ls.begin(), n);
                lts.insert(lts.begin(), n);
            }
            Tensor l(DType::F32, ls), lt(DType::F32, lts);
            std::memcpy(l.bytes().data(), logits.data(), logits.size() * sizeof(float));
            std::memcpy(lt.bytes().data(), logitsT.data(), logitsT.size() * sizeof(float));
            members.emplace_back("logits", store.emplace_back(std::move(l)));
            members.emplace_back("logits_t", store.emplace_back(std::move(lt)));
            for (int i = 0; i < n; ++i) {
                const float* p = logits.data() + static_cast<std::size_t>(i) * classes;
                top1.append(static_cast<int>(std::max_element(p, p + classes) - p));
            }
        }
        if (record) io::writeNpz(record->toStdString(), members);

        summary["images"] = n;
        summary["T"] = sim.effectiveT();
        summary["neuron"] = QString::fromStdString(options.neuron.describe());
        summary["layers"] = layerSummary;
        summary["top1"] = top1;
        if (record) summary["record"] = *record;
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
                for (const auto& c : top1) t << QString::number(c.toInt());
                std::printf("  top-1 class: %s\n", t.join(' ').toUtf8().constData());
            }
            if (record) std::printf("recorded to %s\n", record->toUtf8().constData());
        }
        return 0;
    });
}

}  // namespace topospike::cli
