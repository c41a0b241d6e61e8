#include "options/option_settings.hpp"

#include <QtGlobal>
#include <cmath>
#include <numbers>

namespace topospike::options {
namespace {
double number(const OptionValues& o, const char* name) { return o.value(QString::fromLatin1(name)).toDouble(); }
QString text(const OptionValues& o, const char* name) { return o.value(QString::fromLatin1(name)).toString(); }
}  // namespace

void setKnownValue(OptionValues& o, const char* name, const QVariant& v) {
    if (const QString error = o.setValue(QString::fromLatin1(name), v); !error.isEmpty())
        qWarning("options: %s", qPrintable(error));
}

model::NeuronSettings neuronSettings(const OptionValues& o) {
    model::NeuronSettings n;
    n.model = model::parseNeuronModel(text(o, "neuron").toLower().toStdString()).value_or(model::NeuronModel::Lif);
    n.tau = number(o, "tau");
    n.vThreshold = number(o, "v-threshold");
    const QString reset = text(o, "v-reset");
    if (reset.compare("none", Qt::CaseInsensitive) == 0)
        n.vReset.reset();
    else
        n.vReset = reset.toDouble();
    n.decayInput = o.value("decay-input").toBool();
    return n;
}

run::RunOptions runOptions(const OptionValues& o) {
    run::RunOptions r;
    r.T = o.value("T").toInt();
    r.neuron = neuronSettings(o);
    r.threads = o.value("threads").toInt();
    r.validate();
    return r;
}

stimuli::GratingSpec gratingSpec(const OptionValues& o, int size) {
    stimuli::GratingSpec g;
    g.orientationDeg = number(o, "orientation");
    g.cyclesPerImage = number(o, "sf") * stimuli::kDegreesPerImage;
    g.phase = number(o, "phase") * std::numbers::pi / 180.0;
    g.contrast = number(o, "grating-contrast");
    g.color = text(o, "colors").compare("red-cyan", Qt::CaseInsensitive) == 0 ? stimuli::ColorPair::RedCyan
                                                                              : stimuli::ColorPair::BlackWhite;
    g.size = size;
    return g;
}

bool imageStimulus(const OptionValues& o) { return text(o, "stimulus").compare("image", Qt::CaseInsensitive) == 0; }

void setRunOptions(OptionValues& o, int T, const model::NeuronSettings& n) {
    setKnownValue(o, "T", T);
    setKnownValue(o, "neuron", QString::fromLatin1(model::neuronModelName(n.model).data()));
    setKnownValue(o, "tau", n.tau);
    setKnownValue(o, "v-threshold", n.vThreshold);
    setKnownValue(o, "v-reset", n.vReset ? QString::number(*n.vReset, 'g', 17) : QStringLiteral("none"));
    setKnownValue(o, "decay-input", n.decayInput);
}

void setGrating(OptionValues& o, const stimuli::GratingSpec& g) {
    setKnownValue(o, "orientation", g.orientationDeg);
    setKnownValue(o, "sf", g.cyclesPerDegree());
    setKnownValue(o, "phase", std::fmod(g.phase * 180.0 / std::numbers::pi, 360.0));
    setKnownValue(o, "grating-contrast", g.contrast);
    setKnownValue(o, "colors", g.color == stimuli::ColorPair::RedCyan ? QStringLiteral("red-cyan") : QStringLiteral("bw"));
}

}  // namespace topospike::options
