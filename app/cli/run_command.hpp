#pragma once
#include <QStringList>

namespace topospike::cli {

extern const char* const kRunHelp;
/// `topospike-cli run CKPT --image FILE [--image FILE …] --record OUT.npz [options]`. Returns the exit code.
int runRun(const QStringList& args);

}  // namespace topospike::cli
