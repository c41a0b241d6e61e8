#pragma once
// Key layouts other tools write for the same ResNets, renamed to torchvision's / SpikingJelly activation_based names.

#include <string>
#include <vector>

namespace topospike::io {

/// SpikingJelly's clock_driven models (and the SEW-ResNet reference code) wrap conv + BN in
/// layer.SeqToANNContainer: "layer1.0.conv1.module.0.weight" (the conv), "layer1.0.conv1.module.1.weight" (its BN),
/// "layer1.0.downsample.0.module.{0,1}.*", and a single wrapped module as "<name>.module.<param>". Renames such keys in
/// place to "layer1.0.conv1.weight", "layer1.0.bn1.weight", "layer1.0.downsample.{0,1}.*", "<name>.<param>".
/// Does nothing (returns false) unless every ".module." key can be renamed without colliding with another key.
bool renameSeqToAnnKeys(std::vector<std::string>& keys);

}  // namespace topospike::io
