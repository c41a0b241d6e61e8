// The fused kernels built for the avx512 instruction set (flags set in engine/CMakeLists.txt).
#define TOPOSPIKE_ISA_NS avx512
#define TOPOSPIKE_VW 16
#define TOPOSPIKE_DENSE_P 6
#define TOPOSPIKE_DENSE_NV 4
#include "kernels/isa_kernels.inl"
