#pragma once
#include <QStringList>

namespace topospike::cli {

extern const char* const kBenchHelp;
/// `topospike-cli bench CKPT [--size 224|32] [--T 4] [--batch N] [--threads N] [--json]`. Returns the exit code.
int runBench(const QStringList& args);

}  // namespace topospike::cli
