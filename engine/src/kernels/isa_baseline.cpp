// The fused kernels built for the baseline instruction set (flags set in engine/CMakeLists.txt).
#define TOPOSPIKE_ISA_NS baseline
#define TOPOSPIKE_VW 4
#define TOPOSPIKE_DENSE_P 4
#define TOPOSPIKE_DENSE_NV 2
#include "kernels/isa_kernels.inl"
