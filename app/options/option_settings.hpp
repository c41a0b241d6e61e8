#pragma once
// Option values ↔ engine settings: the one place where the table's stimulus and run options become a GratingSpec,
// NeuronSettings and RunOptions (and back), for the CLI's figures, the GUI's session restore and its session save.

#include "options/option_table.hpp"
#include "topospike/model/neuron.hpp"
#include "topospike/run/simulator.hpp"
#include "topospike/stimuli/gratings.hpp"

namespace topospike::options {

/// neuron, tau, v-threshold, v-reset ("none" = soft reset), decay-input.
model::NeuronSettings neuronSettings(const OptionValues& values);
/// T, the neuron settings and threads. Throws std::invalid_argument for settings the engine refuses.
run::RunOptions runOptions(const OptionValues& values);
/// orientation (deg), sf (cycles/degree), phase (deg), grating-contrast, colors, drawn at `size` pixels.
stimuli::GratingSpec gratingSpec(const OptionValues& values, int size);
/// True when the stimulus option asks for the image file (option "image") rather than a grating.
bool imageStimulus(const OptionValues& values);

/// Sets a value known to be valid (it comes from settings that ran); a refusal, which would mean the table and the
/// engine disagree, is logged rather than thrown.
void setKnownValue(OptionValues& values, const char* name, const QVariant& value);

/// The reverse: writes T and the neuron settings, and a grating's parameters, into `values`.
void setRunOptions(OptionValues& values, int T, const model::NeuronSettings& neuron);
void setGrating(OptionValues& values, const stimuli::GratingSpec& grating);

}  // namespace topospike::options
