// The fused kernels built for the avx2 instruction set (flags set in engine/CMakeLists.txt).
#define TOPOSPIKE_ISA_NS avx2
#define TOPOSPIKE_VW 8
#define TOPOSPIKE_DENSE_P 6
#define TOPOSPIKE_DENSE_NV 2
#include "kernels/isa_kernels.inl"
