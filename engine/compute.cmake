# The compute part of the engine: kernels (a generic driver + one build of the fused kernels per instruction set,
# chosen at run time), the network built from a checkpoint, and the simulator.
target_sources(topospike_engine PRIVATE
    src/kernels/conv.cpp
    src/kernels/isa_select.cpp
    src/kernels/pack.cpp
    src/kernels/pool.cpp
    src/kernels/reference.cpp
    src/kernels/isa_baseline.cpp
    src/kernels/isa_avx2.cpp
    src/kernels/isa_avx512.cpp)
set(_ts_kernel_opt -O3 -fno-trapping-math -ffp-contract=off)  # FMAs only where written (isa_kernels.inl)
set_source_files_properties(src/kernels/isa_baseline.cpp PROPERTIES COMPILE_OPTIONS "${_ts_kernel_opt}")
set_source_files_properties(src/kernels/isa_avx2.cpp PROPERTIES COMPILE_OPTIONS "${_ts_kernel_opt};-mavx2;-mfma")
set_source_files_properties(src/kernels/isa_avx512.cpp PROPERTIES COMPILE_OPTIONS
    "${_ts_kernel_opt};-mavx512f;-mavx512vl;-mavx512bw;-mavx512dq;-mavx2;-mfma;-mprefer-vector-width=512")
set_source_files_properties(src/kernels/pool.cpp src/kernels/conv.cpp src/run/layer_record.cpp src/run/forward.cpp
    PROPERTIES COMPILE_OPTIONS "-O3")

# Network construction and the simulator (they use the kernels above).
target_sources(topospike_engine PRIVATE
    src/model/neuron.cpp
    src/model/network.cpp
    src/run/layer_record.cpp
    src/run/forward.cpp
    src/run/simulator.cpp)
