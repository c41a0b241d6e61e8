// libFuzzer: the allow-list pickle machine and the state_dict finder on raw pickle bytes.
#include "io/parse_error.hpp"
#include "io/pickle_machine.hpp"
#include "io/state_dict_finder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace topospike::io;
    try {
        auto p = pickle::Pickle::parse({reinterpret_cast<const std::byte*>(data), size});
        auto isTensor = [&](pickle::NodeId id) { return p.globalName(id) == "torch._utils._rebuild_tensor_v2"; };
        findStateDict(p, isTensor, topospike::io::WeightsChoice::Model);
    } catch (const ParseError&) {
    }
    return 0;
}
