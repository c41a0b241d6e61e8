#pragma once
/// @file reference.hpp
/// Naive scalar twins of every optimised kernel: the obvious loops, in PyTorch's summation order where it matters,
/// kept only as the ground truth the tests compare the fast kernels against.

#include "kernels/kernel_types.hpp"
#include "kernels/pool.hpp"

namespace topospike::kernels::reference {

/// One neuron step (scalar): updates v, writes the charge to h, returns the output.
float neuronStep(const NeuronParams& n, float x, float& v, float& h);
/// Initial membrane potential of a neuron.
float neuronInit(const NeuronParams& n);

/// Conv with OIHW weights [cout][cin][k][k] and bias, then residual, then the neuron over T steps.
/// Input [inT][H][W][cin] unpadded (inT divides T); output and membrane [T][outH][outW][cout].
void convNeuron(const float* weightsOIHW, const float* bias, int cout, int kernel, int stride, int pad, ActView input,
                ActView residual, const NeuronParams& neuron, int T, ActSpan output, float* membrane);

void maxPool(ActView in, int kernel, int stride, int pad, ActSpan out);
void globalAvgPool(ActView in, float* out);
void fullyConnected(const float* in, int T, int inF, const float* w, const float* bias, int outF, float* out);
void sewCombine(SewOp op, const float* x, const float* y, long n, float* out);

}  // namespace topospike::kernels::reference
