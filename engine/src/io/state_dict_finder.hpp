#pragma once
// Internal: finds the state_dict inside whatever a training script saved: a bare state_dict, a SpikingJelly
// train_classify dict ("model", "model_ema", "args"), a {"state_dict"|"net"|...: ...} wrapper, or VISSL's
// classy_state_dict.base_model.model.trunk (TDANN).

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "pickle_machine.hpp"
#include "topospike/io/checkpoint.hpp"

namespace topospike::io {

struct StateDictLocation {
    pickle::NodeId dict = pickle::kNoNode;
    std::string wrapper;
    /// Only keys with this prefix belong to the network (VISSL trunks); empty = all.
    std::string requiredPrefix;
    std::optional<std::string> argsModel;
    std::optional<std::int64_t> argsT;
    std::optional<std::string> argsCnf;
    std::vector<std::string> otherEntries;
};

/// Throws ParseError when no dict of tensors can be found, saying what the file holds instead.
StateDictLocation findStateDict(const pickle::Pickle& p, const std::function<bool(pickle::NodeId)>& isTensor,
                                WeightsChoice choice);

/// Removes "module.", "_orig_mod." and "base_model." when every key carries them (repeatedly); returns the
/// prefixes removed in order.
std::vector<std::string> stripCommonPrefixes(std::vector<std::string>& keys);

}  // namespace topospike::io
