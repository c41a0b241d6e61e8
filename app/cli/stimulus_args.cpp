#include "cli/stimulus_args.hpp"

#include <QFileInfo>

#include "topospike/stimuli/gratings.hpp"

namespace topospike::cli {

const char* const kStimulusHelp =
    "          --image FILE     a PNG or JPEG stimulus (repeatable)\n"
    "          --grating SPEC   a sine grating, e.g. ori=45,sf=31.63,phase=0,contrast=1,color=bw|red-cyan,size=224\n"
    "                           (sf in cycles/image; or cpd=3.95 at 8 degrees per image; repeatable)\n"
    "          --gratings tdann TDANN's 640 gratings: 8 orientations x 8 SFs x 5 phases x black/white, red/cyan\n";

QStringList stimulusValuedOptions() { return {"--image", "--grating", "--gratings"}; }

namespace {

stimuli::GratingSpec parseGrating(const QString& text) {
    stimuli::GratingSpec g;
    for (const QString& part : text.split(',', Qt::SkipEmptyParts)) {
        const QStringList kv = part.split('=');
        if (kv.size() != 2) throw UsageError("--grating: '" + part + "' is not key=value (keys: ori, sf, cpd, phase, contrast, color, size)");
        const QString key = kv[0].trimmed(), value = kv[1].trimmed();
        if (key == "color") {
            if (value == "bw") g.color = stimuli::ColorPair::BlackWhite;
            else if (value == "red-cyan" || value == "color") g.color = stimuli::ColorPair::RedCyan;
            else throw UsageError("--grating: color must be bw or red-cyan (got '" + value + "')");
            continue;
        }
        bool ok = false;
        const double v = value.toDouble(&ok);
        if (!ok) throw UsageError("--grating: " + key + " needs a number (got '" + value + "')");
        if (key == "ori") g.orientationDeg = v;
        else if (key == "sf") g.cyclesPerImage = v;
        else if (key == "cpd") g.cyclesPerImage = v * stimuli::kDegreesPerImage;
        else if (key == "phase") g.phase = v;
        else if (key == "contrast") g.contrast = v;
        else if (key == "size") g.size = static_cast<int>(v);
        else throw UsageError("--grating: unknown key '" + key + "' (keys: ori, sf, cpd, phase, contrast, color, size)");
    }
    try {
        g.validate();
    } catch (const std::invalid_argument& e) {
        throw UsageError(QString("--grating: ") + e.what());
    }
    return g;
}

QString gratingName(const stimuli::GratingSpec& g) {
    return QString("%1deg_%2sf_%3phase_%4").arg(g.orientationDeg, 0, 'f', 1).arg(g.cyclesPerImage, 0, 'f', 2)
        .arg(g.phase, 0, 'f', 1).arg(g.color == stimuli::ColorPair::BlackWhite ? "bw" : "color");
}

}  // namespace

std::vector<NamedStimulus> collectStimuli(const Arguments& args, const stimuli::PreprocessOptions& pre) {
    std::vector<NamedStimulus> out;
    for (const QString& f : args.values("--image"))
        out.push_back({f, QFileInfo(f).completeBaseName(), stimuli::readInputImage(f.toStdString(), pre)});
    for (const QString& spec : args.values("--grating")) {
        const auto g = parseGrating(spec);
        const QString name = gratingName(g);
        out.push_back({name, name, stimuli::gratingInput(g, pre)});
    }
    if (const auto set = args.value("--gratings")) {
        if (*set != "tdann") throw UsageError("--gratings: the only set is 'tdann' (got '" + *set + "')");
        for (const auto& g : stimuli::tdannGratingSet()) {
            const QString name = QString::fromStdString(g.name);
            out.push_back({name, name, stimuli::gratingInput(g.spec, pre)});
        }
    }
    return out;
}

}  // namespace topospike::cli
