#include "cli/network_setup.hpp"

#include "topospike/io/checkpoint.hpp"

namespace topospike::cli {

const char* const kNetworkOptionsHelp =
    "  Network options:\n"
    "    --block B            spiking (default unless the checkpoint says), sew-add, sew-iand, sew-and\n"
    "    --ema                take model_ema from a training checkpoint\n"
    "    --T N                timesteps 1..64 (default: the checkpoint's args.T, else 4)\n"
    "    --neuron M           lif (default), if, ann (ReLU, T = 1)\n"
    "    --tau X              LIF time constant (default 2.0)\n"
    "    --v-threshold X      firing threshold (default 1.0)\n"
    "    --v-reset X|none     reset potential (default 0.0; none = soft reset)\n"
    "    --no-decay-input     SpikingJelly decay_input=False\n"
    "    --threads N          worker threads (default: all cores)\n"
    "    --kernels K          auto (default: by input spike density), dense, event\n"
    "    --event-threshold X  auto: event-driven below this input density (default 0.4, for 64\n"
    "                         input channels; a little higher for more)\n";

QStringList networkValuedOptions() {
    return {"--block", "--T", "--neuron", "--tau", "--v-threshold", "--v-reset", "--threads", "--kernels", "--event-threshold"};
}

QStringList networkFlags() { return {"--ema", "--no-decay-input"}; }

LoadedNetwork loadNetwork(const Arguments& args, const QString& checkpoint) {
    io::CheckpointOptions co;
    co.weights = args.flag("--ema") ? io::WeightsChoice::Ema : io::WeightsChoice::Model;
    const io::Checkpoint ckpt = io::loadCheckpoint(checkpoint.toStdString(), co);
    model::DetectOptions d;
    if (const auto b = args.value("--block")) {
        d.block = model::parseBlockType(b->toStdString());
        if (!d.block) throw UsageError("--block '" + *b + "' is not one of spiking, sew-add, sew-iand, sew-and");
    }
    try {
        LoadedNetwork out{model::Network::build(ckpt, d), 4};
        if (ckpt.argsT && *ckpt.argsT >= 1 && *ckpt.argsT <= 64) out.defaultT = static_cast<int>(*ckpt.argsT);
        return out;
    } catch (const ModelError& e) {
        throw ModelError(checkpoint.toStdString() + ": " + e.what());
    }
}

run::RunOptions runOptions(const Arguments& args, int defaultT) {
    run::RunOptions o;
    o.T = args.intValue("--T", defaultT, 1, 64);
    const QString neuron = args.choice("--neuron", {"lif", "if", "ann"}, "lif");
    o.neuron.model = *model::parseNeuronModel(neuron.toStdString());
    o.neuron.tau = args.doubleValue("--tau", 2.0);
    o.neuron.vThreshold = args.doubleValue("--v-threshold", 1.0);
    if (const auto r = args.value("--v-reset"); r && *r == "none")
        o.neuron.vReset.reset();
    else
        o.neuron.vReset = args.doubleValue("--v-reset", 0.0);
    o.neuron.decayInput = !args.flag("--no-decay-input");
    o.threads = args.intValue("--threads", 0, 0, 1024);
    const QString k = args.choice("--kernels", {"auto", "dense", "event"}, "auto");
    o.kernels = k == "dense" ? run::KernelPolicy::Dense : k == "event" ? run::KernelPolicy::Event : run::KernelPolicy::Auto;
    o.eventThreshold = args.doubleValue("--event-threshold", 0.4);
    try {
        o.validate();
    } catch (const std::invalid_argument& e) {
        throw UsageError(QString::fromStdString(e.what()));
    }
    return o;
}

}  // namespace topospike::cli
