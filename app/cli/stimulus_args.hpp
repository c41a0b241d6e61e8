#pragma once
// The stimuli a command presents: image files (--image), single gratings (--grating SPEC) and TDANN's grating set
// (--gratings tdann), preprocessed for the network, each with a name for messages and output files.

#include <QString>
#include <vector>

#include "cli/arguments.hpp"
#include "topospike/stimuli/image.hpp"

namespace topospike::cli {

struct NamedStimulus {
    QString name;  // the file path, or the grating's TDANN-style name
    QString stem;  // for output file names
    stimuli::InputImage input;
};

/// Valued options read by collectStimuli.
QStringList stimulusValuedOptions();
extern const char* const kStimulusHelp;

/// Reads/renders every stimulus in command-line order (files, then gratings). Throws UsageError or FileError.
std::vector<NamedStimulus> collectStimuli(const Arguments& args, const stimuli::PreprocessOptions& pre);

}  // namespace topospike::cli
