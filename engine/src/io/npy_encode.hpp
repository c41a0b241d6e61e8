#pragma once
// Internal: a .npy file as two pieces, the preamble and the data, so that writers can stream a tensor's bytes
// without copying them.

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "topospike/io/npy.hpp"

namespace topospike::io {

struct EncodedNpy {
    std::string header;            ///< magic .. newline
    std::vector<std::byte> owned;  ///< string arrays: the UTF-32 data
    std::span<const std::byte>
        borrowed;  ///< numeric arrays: the tensor's own bytes (must outlive this object)
    bool ownsData = false;

    std::span<const std::byte> data() const {
        return ownsData ? std::span<const std::byte>(owned) : borrowed;
    }
    std::array<std::span<const std::byte>, 2> pieces() const;
};

/// Throws Error for bfloat16, invalid UTF-8 strings, or an NpyArray whose shape disagrees with its contents.
EncodedNpy encodeNpyParts(const Tensor& t);
EncodedNpy encodeNpyParts(const NpyArray& a);

}  // namespace topospike::io
