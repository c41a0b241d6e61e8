#include "topospike/model/neuron.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace topospike::model {

std::string_view neuronModelName(NeuronModel m) noexcept {
    switch (m) {
    case NeuronModel::If: return "if";
    case NeuronModel::Ann: return "ann";
    case NeuronModel::Lif: break;
    }
    return "lif";
}

std::optional<NeuronModel> parseNeuronModel(std::string_view s) noexcept {
    if (s == "lif" || s == "LIF") return NeuronModel::Lif;
    if (s == "if" || s == "IF") return NeuronModel::If;
    if (s == "ann" || s == "ANN" || s == "relu") return NeuronModel::Ann;
    return std::nullopt;
}

void NeuronSettings::validate() const {
    if (model == NeuronModel::Ann) return;
    constexpr double kRange = 1e30;  // the kernels work in float
    if (!std::isfinite(tau) || tau <= 1.0 || tau > kRange) throw std::invalid_argument("tau must be a number > 1 (and <= 1e30)");
    if (!std::isfinite(vThreshold) || std::fabs(vThreshold) > kRange)
        throw std::invalid_argument("v_threshold must be a finite number within +-1e30");
    if (vReset && (!std::isfinite(*vReset) || std::fabs(*vReset) > kRange || *vReset >= vThreshold))
        throw std::invalid_argument("v_reset must be a finite number below v_threshold");
}

std::string NeuronSettings::describe() const {
    std::ostringstream s;
    if (model == NeuronModel::Ann) return "ANN (ReLU)";
    s << (model == NeuronModel::Lif ? "LIF" : "IF");
    if (model == NeuronModel::Lif) s << " tau=" << tau;
    s << " v_th=" << vThreshold << " v_reset=";
    if (vReset) s << *vReset; else s << "none (soft)";
    if (model == NeuronModel::Lif) s << (decayInput ? " decay_input" : " no decay_input");
    return s.str();
}

}  // namespace topospike::model
