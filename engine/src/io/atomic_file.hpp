#pragma once
// Internal: writing a file so that no half-written output is ever left under its name. The body writes to a
// temporary file beside the target; only when it finishes and the stream is flushed without error is the
// temporary renamed over the target. On any exception the temporary is removed and the exception propagates.

#include <filesystem>
#include <functional>
#include <ostream>

namespace topospike::io {

/// Calls body(stream) on a temporary file next to `path`, then renames it to `path`.
/// Throws FileError if the file cannot be created, written or renamed; rethrows whatever body throws.
void writeFileAtomically(const std::filesystem::path& path, const std::function<void(std::ostream&)>& body);

}  // namespace topospike::io
