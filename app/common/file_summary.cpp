#include "common/file_summary.hpp"

#include <QJsonArray>
#include <QLocale>
#include <QStringList>
#include <map>

#include "topospike/error.hpp"
#include "topospike/io/checkpoint.hpp"
#include "topospike/io/positions.hpp"

namespace topospike::app {
namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

QJsonArray layerArray(const std::vector<model::LayerShape>& layers) {
    QJsonArray a;
    for (const auto& l : layers)
        a.append(QJsonObject{{"name", q(l.name)}, {"C", l.channels}, {"H", l.height}, {"W", l.width},
                             {"units", static_cast<qint64>(l.units())}});
    return a;
}

QJsonObject summarizePositions(const std::filesystem::path& path);

QJsonObject summarizeCheckpoint(const std::filesystem::path& path, const SummaryOptions& o) {
    io::CheckpointOptions co;
    co.weights = o.ema ? io::WeightsChoice::Ema : io::WeightsChoice::Model;
    const io::Checkpoint ck = io::loadCheckpoint(path, co);
    // A TopoSpike position file with a .safetensors name: recognised by its metadata.
    if (auto it = ck.metadata.find("format"); it != ck.metadata.end() && it->second == "topospike-positions")
        return summarizePositions(path);

    QJsonObject s;
    s["file"] = q(path.string());
    s["kind"] = "checkpoint";
    s["format"] = q(ck.format);
    s["wrapper"] = q(ck.wrapper);
    QJsonArray prefixes;
    for (const auto& p : ck.strippedPrefixes) prefixes.append(q(p));
    s["stripped_prefixes"] = prefixes;
    s["tensors"] = static_cast<qint64>(ck.tensors.size());
    std::map<std::string, int> dtypes;
    qint64 elements = 0;
    QJsonArray list;
    for (const auto& [name, t] : ck.tensors) {
        ++dtypes[std::string(dtypeName(t.dtype()))];
        elements += t.numel();
        if (o.listTensors) {
            QJsonArray shape;
            for (auto d : t.shape()) shape.append(static_cast<qint64>(d));
            list.append(QJsonObject{{"name", q(name)}, {"dtype", q(std::string(dtypeName(t.dtype())))},
                                    {"shape", shape}});
        }
    }
    QJsonObject dt;
    for (const auto& [k, v] : dtypes) dt[q(k)] = v;
    s["dtypes"] = dt;
    s["elements"] = elements;
    if (o.listTensors) s["tensor_list"] = list;
    s["args_model"] = ck.argsModel ? QJsonValue(q(*ck.argsModel)) : QJsonValue();
    s["T"] = ck.argsT ? QJsonValue(static_cast<qint64>(*ck.argsT)) : QJsonValue();
    QJsonArray other;
    for (const auto& e : ck.otherEntries) other.append(q(e));
    s["other_entries"] = other;
    QJsonObject meta;
    for (const auto& [k, v] : ck.metadata) meta[q(k)] = q(v);
    s["metadata"] = meta;

    model::DetectOptions d;
    d.block = o.block;
    d.argsModel = ck.argsModel;
    d.argsCnf = ck.argsCnf;
    model::Architecture a;
    try {
        a = model::detectArchitecture(ck.tensors, d);
    } catch (const ModelError& e) {
        throw FileError(path.string(), e.what());
    }
    s["architecture"] = q(a.name);
    s["block_kind"] = a.blockKind == model::BlockKind::Basic ? "BasicBlock" : "Bottleneck";
    QJsonArray blocks;
    for (int b : a.blocksPerStage) blocks.append(b);
    s["blocks_per_stage"] = blocks;
    s["stem"] = a.stem == model::Stem::ImageNet ? "imagenet" : "cifar";
    s["input_channels"] = a.inputChannels;
    s["block"] = q(std::string(model::blockTypeName(a.blockType)));
    s["block_source"] = q(a.blockTypeSource);
    s["num_classes"] = a.numClasses;
    s["parameters"] = static_cast<qint64>(a.parameters);
    s["input_size"] = o.inputSize;
    const auto recorded = a.recordedLayers(o.inputSize);
    s["stem_layer"] = layerArray({recorded.front()}).first();
    s["layers"] = layerArray(a.topographicLayers(o.inputSize));
    QJsonArray notes;
    for (const auto& n : a.notes) notes.append(q(n));
    s["notes"] = notes;
    return s;
}

QJsonObject summarizePositions(const std::filesystem::path& path) {
    const io::PositionSet ps = io::readPositions(path);
    QJsonObject s;
    s["file"] = q(path.string());
    s["kind"] = "positions";
    s["format"] = q(ps.format);
    s["version"] = ps.version;
    s["rescaled"] = ps.rescaled;
    if (!ps.note.empty()) s["note"] = q(ps.note);
    QJsonArray layers;
    for (const auto& l : ps.layers) {
        QJsonArray dims;
        for (auto d : l.dims) dims.append(static_cast<qint64>(d));
        layers.append(QJsonObject{{"name", q(l.name)},
                                  {"dims", dims},
                                  {"units", static_cast<qint64>(l.units())},
                                  {"sheet_mm", l.sheetExtent()},
                                  {"neighborhoods", static_cast<qint64>(l.neighborhoodCount)},
                                  {"neighborhood_size", static_cast<qint64>(l.neighborhoodSize)},
                                  {"neighborhood_width_mm", l.neighborhoodWidth}});
    }
    s["layers"] = layers;
    return s;
}

bool isPositionPath(const std::filesystem::path& path) {
    if (std::filesystem::is_directory(path)) return true;
    const auto ext = path.extension().string();
    return ext == ".npz" || ext == ".tspos";
}

QString grouped(qint64 n) { return QLocale(QLocale::English, QLocale::UnitedStates).toString(n); }

}  // namespace

QJsonObject summarizeFile(const std::filesystem::path& path, const SummaryOptions& options) {
    if (isPositionPath(path)) return summarizePositions(path);
    return summarizeCheckpoint(path, options);
}

QString summaryText(const QJsonObject& s) {
    QStringList out;
    auto row = [&](const QString& k, const QString& v) { out << QString("%1 %2").arg(k + ":", -14).arg(v); };
    row("File", s["file"].toString());
    if (s["kind"].toString() == "positions") {
        row("Format", s["format"].toString() + QString(" (version %1%2)")
                                                   .arg(s["version"].toInt())
                                                   .arg(s["rescaled"].toBool() ? ", rescaled as TDANN does" : ""));
        if (s.contains("note")) row("Note", s["note"].toString());
        out << "Layers:";
        for (const auto& v : s["layers"].toArray()) {
            const auto l = v.toObject();
            QStringList dims;
            for (const auto& d : l["dims"].toArray()) dims << QString::number(d.toInteger());
            out << QString("  %1 %2 %3 units  sheet %4 mm  %5 neighborhoods of %6 (width %7 mm)")
                       .arg(l["name"].toString(), -10)
                       .arg(dims.join(QChar(0xd7)), -12)
                       .arg(grouped(l["units"].toInteger()), 9)
                       .arg(l["sheet_mm"].toDouble(), 0, 'f', 2)
                       .arg(l["neighborhoods"].toInteger())
                       .arg(l["neighborhood_size"].toInteger())
                       .arg(l["neighborhood_width_mm"].toDouble(), 0, 'g', 6);
        }
        return out.join('\n');
    }
    QString wrapper = s["wrapper"].toString();
    QStringList prefixes;
    for (const auto& p : s["stripped_prefixes"].toArray()) prefixes << "'" + p.toString() + "'";
    if (!prefixes.isEmpty()) wrapper += " (prefixes removed: " + prefixes.join(", ") + ")";
    row("Format", s["format"].toString() == "pytorch-zip" ? "PyTorch zip checkpoint (torch >= 1.6)" : "safetensors");
    row("Weights from", wrapper);
    QStringList dt;
    const auto dtypes = s["dtypes"].toObject();
    for (auto it = dtypes.begin(); it != dtypes.end(); ++it) dt << QString("%1 %2").arg(it.value().toInt()).arg(it.key());
    row("Tensors", QString("%1 (%2 elements: %3)").arg(s["tensors"].toInteger()).arg(grouped(s["elements"].toInteger())).arg(dt.join(", ")));
    row("Parameters", grouped(s["parameters"].toInteger()));
    QStringList blocks;
    for (const auto& b : s["blocks_per_stage"].toArray()) blocks << QString::number(b.toInt());
    row("Architecture", QString("%1, %2 [%3], %4 stem")
                            .arg(s["architecture"].toString(), s["block_kind"].toString(), blocks.join(","))
                            .arg(s["stem"].toString() == "imagenet" ? "ImageNet (7\u00d77/2 + max-pool)" : "CIFAR (3\u00d73/1)"));
    row("Block type", s["block"].toString() + "  [" + s["block_source"].toString() + "]");
    row("Classes", s["num_classes"].toInt() ? QString::number(s["num_classes"].toInt()) : "none (feature trunk)");
    row("T", s["T"].isNull() ? QString("not recorded") : QString::number(s["T"].toInteger()) + " (args.T)");
    if (!s["args_model"].isNull()) row("args.model", s["args_model"].toString());
    const int size = s["input_size"].toInt();
    out << QString("Layers for a %1\u00d7%1 input (C\u00d7H\u00d7W):").arg(size);
    auto layerLine = [&](const QJsonObject& l) {
        out << QString("  %1 %2 %3 units")
                   .arg(l["name"].toString(), -10)
                   .arg(QString("%1\u00d7%2\u00d7%3").arg(l["C"].toInt()).arg(l["H"].toInt()).arg(l["W"].toInt()), -12)
                   .arg(grouped(l["units"].toInteger()), 9);
    };
    layerLine(s["stem_layer"].toObject());
    for (const auto& v : s["layers"].toArray()) layerLine(v.toObject());
    QStringList other;
    for (const auto& v : s["other_entries"].toArray()) other << v.toString();
    if (!other.isEmpty()) row("Also in file", other.join(", "));
    for (const auto& v : s["notes"].toArray()) row("Note", v.toString());
    if (s.contains("tensor_list")) {
        out << "Tensors:";
        for (const auto& v : s["tensor_list"].toArray()) {
            const auto t = v.toObject();
            QStringList shape;
            for (const auto& d : t["shape"].toArray()) shape << QString::number(d.toInteger());
            out << QString("  %1 %2 [%3]").arg(t["name"].toString(), -40).arg(t["dtype"].toString(), -9).arg(shape.join(", "));
        }
    }
    return out.join('\n');
}

}  // namespace topospike::app
