// Writing .npz archives: each array is encoded as a .npy preamble plus its data and streamed into a stored
// ZIP entry (zip_writer) inside a temporary file that is renamed over the target only when complete.

#include <set>

#include "atomic_file.hpp"
#include "npy_encode.hpp"
#include "npz_writer.hpp"
#include "topospike/error.hpp"
#include "topospike/io/npy.hpp"
#include "zip_writer.hpp"

namespace topospike::io {

void writeNpzImpl(const std::filesystem::path& path, const std::vector<NpzMember>& members, bool forceZip64) {
    std::set<std::string, std::less<>> seen;
    for (const NpzMember& m : members) {
        if (m.name.empty()) throw Error("an .npz array name is empty");
        if ((m.tensor == nullptr) == (m.array == nullptr))
            throw Error("NpzMember '" + m.name + "' must hold exactly one of a tensor or an array");
        if (!seen.insert(m.name).second) throw Error("two .npz arrays are named '" + m.name + "'");
    }
    writeFileAtomically(path, [&](std::ostream& out) {
        ZipWriter zip(out, forceZip64);
        for (const NpzMember& m : members) {
            const EncodedNpy e = m.tensor ? encodeNpyParts(*m.tensor) : encodeNpyParts(*m.array);
            const auto pieces = e.pieces();
            zip.addStored(m.name + ".npy", pieces);
        }
        zip.finish();
    });
}

void writeNpz(const std::filesystem::path& path, const std::vector<NpzMember>& members) {
    writeNpzImpl(path, members, false);
}

}  // namespace topospike::io
