#pragma once
// Options every command that runs the network shares: loading, block type, neurons, T, threads, kernels.

#include <QStringList>
#include <memory>

#include "cli/arguments.hpp"
#include "topospike/model/network.hpp"
#include "topospike/run/simulator.hpp"

namespace topospike::cli {

/// Valued options and flags understood by loadNetwork / runOptions.
QStringList networkValuedOptions();
QStringList networkFlags();
/// Help text for them.
extern const char* const kNetworkOptionsHelp;

struct LoadedNetwork {
    std::shared_ptr<const model::Network> network;
    int defaultT = 4;  // the checkpoint's args.T when it has one
};
/// Loads the checkpoint with --ema and --block. Throws topospike::Error / UsageError.
LoadedNetwork loadNetwork(const Arguments& args, const QString& checkpoint);
/// --T, --neuron, --tau, --v-threshold, --v-reset, --no-decay-input, --threads, --kernels, --event-threshold.
/// T defaults to the checkpoint's args.T when `defaultT` is set, else 4.
run::RunOptions runOptions(const Arguments& args, int defaultT);

}  // namespace topospike::cli
