// One build of the correlation kernel, included by correlation.cpp once per instruction set with
// TOPOSPIKE_KERNEL_NAME (the function), TOPOSPIKE_KERNEL_TARGET (its target attribute) and TOPOSPIKE_KERNEL_OPS
// (vector type and operations: zero, load, broadcast, fmadd, store).
//
// Rows [rowBegin, rowEnd) of the lower triangle of Zᵀ Z are written to acc[i·stride + j] (j <= i, and beyond that
// to the end of the register block), in register blocks of 4 rows × 2 vectors of columns. Images are taken in
// chunks of kChunk so that a chunk of Zᵀ is reused from cache by every block of the row range; between chunks the
// partial sums wait in `acc`. Every entry is the chain a = fmadd(z_k[p], z_l[p], a) over p = 0 … n−1, whatever
// the chunking, blocking or thread count. Rows i0 … i0+3 are read even past rowEnd: zt is zero padded to
// `stride`, a multiple of 16.

TOPOSPIKE_KERNEL_TARGET void TOPOSPIKE_KERNEL_NAME(const double* zt, std::int64_t n, std::int64_t stride,
                                                   std::int64_t rowBegin, std::int64_t rowEnd, double* acc) {
    using Ops = TOPOSPIKE_KERNEL_OPS;
    using V = Ops::Vec;
    constexpr std::int64_t lanes = Ops::lanes, cols = 2 * lanes;
    for (std::int64_t p0 = 0; p0 < n; p0 += kChunk) {
        const std::int64_t p1 = std::min(n, p0 + kChunk);
        for (std::int64_t i0 = rowBegin; i0 < rowEnd; i0 += 4) {
            const std::int64_t lastCol = std::min(i0 + 4, rowEnd);
            for (std::int64_t j0 = 0; j0 < lastCol; j0 += cols) {
                V c[4][2];
                for (int r = 0; r < 4; ++r) {
                    const double* in = acc + (i0 + r) * stride + j0;
                    c[r][0] = p0 == 0 ? Ops::zero() : Ops::load(in);
                    c[r][1] = p0 == 0 ? Ops::zero() : Ops::load(in + lanes);
                }
                const double* zp = zt + p0 * stride;
                for (std::int64_t p = p0; p < p1; ++p, zp += stride) {
                    const V b0 = Ops::load(zp + j0), b1 = Ops::load(zp + j0 + lanes);
                    for (int r = 0; r < 4; ++r) {
                        const V a = Ops::broadcast(zp + i0 + r);
                        c[r][0] = Ops::fmadd(a, b0, c[r][0]);
                        c[r][1] = Ops::fmadd(a, b1, c[r][1]);
                    }
                }
                for (int r = 0; r < 4; ++r) {
                    double* out = acc + (i0 + r) * stride + j0;
                    Ops::store(out, c[r][0]);
                    Ops::store(out + lanes, c[r][1]);
                }
            }
        }
    }
}

#undef TOPOSPIKE_KERNEL_NAME
#undef TOPOSPIKE_KERNEL_TARGET
#undef TOPOSPIKE_KERNEL_OPS
