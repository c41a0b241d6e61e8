// Which kernel build runs: CPU detection once, an environment override, and a setter for tests.
#include <atomic>
#include <cstdlib>
#include <cstring>

#include "kernels/conv.hpp"

namespace topospike::kernels {
namespace {

Isa initialIsa() noexcept {
    Isa isa = detectIsa();
    if (const char* env = std::getenv("TOPOSPIKE_ISA")) {
        if (!std::strcmp(env, "baseline")) isa = Isa::Baseline;
        else if (!std::strcmp(env, "avx2") && isa >= Isa::Avx2) isa = Isa::Avx2;
    }
    return isa;
}

std::atomic<Isa>& current() noexcept {
    static std::atomic<Isa> isa{initialIsa()};
    return isa;
}

}  // namespace

std::string_view isaName(Isa isa) noexcept {
    switch (isa) {
    case Isa::Avx512: return "avx512";
    case Isa::Avx2: return "avx2";
    case Isa::Baseline: break;
    }
    return "baseline";
}

Isa detectIsa() noexcept {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512dq"))
        return Isa::Avx512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return Isa::Avx2;
    return Isa::Baseline;
}

Isa activeIsa() noexcept { return current().load(std::memory_order_relaxed); }

Isa setIsa(Isa isa) noexcept {
    const Isa best = detectIsa();
    if (isa > best) isa = best;
    current().store(isa, std::memory_order_relaxed);
    return isa;
}

}  // namespace topospike::kernels
