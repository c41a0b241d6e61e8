// Dispatch of the spike packer to the active ISA build.
#include "kernels/pack.hpp"

#include "kernels/conv.hpp"
#include "kernels/isa_table.hpp"

namespace topospike::kernels {

bool packSpikes(const float* x, int T, int C, long hw, std::uint8_t* out, long bytesPerStep) {
    switch (activeIsa()) {
    case Isa::Avx512: return avx512::packSpikes(x, T, C, hw, out, bytesPerStep);
    case Isa::Avx2: return avx2::packSpikes(x, T, C, hw, out, bytesPerStep);
    case Isa::Baseline: break;
    }
    return baseline::packSpikes(x, T, C, hw, out, bytesPerStep);
}

}  // namespace topospike::kernels
