#pragma once
#include <QStringList>

namespace topospike::cli {

/// `topospike-cli info FILE [--json] [--block B] [--ema] [--input-size N] [--tensors]`.
/// Returns the process exit code: 0 success, 2 refused input or bad usage (one line on stderr).
int runInfo(const QStringList& args);

}  // namespace topospike::cli
