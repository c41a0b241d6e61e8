#pragma once
// Test helper for the V1 suites: runs tests/fixtures/v1_reference.py (synthetic V1 data + TDANN-semantics
// NumPy/SciPy reference) and reads its arrays.

#include <QString>
#include <QStringList>
#include <QTest>

#include <string>
#include <vector>

#include "support/python_check.hpp"
#include "topospike/io/npy.hpp"

namespace testsupport {

inline QString v1ReferenceScript() { return QStringLiteral(TOPOSPIKE_SOURCE_DIR "/tests/fixtures/v1_reference.py"); }

/// Runs `v1_reference.py args...`; true on success (the script's output goes to `log`).
inline bool runV1Reference(const QStringList& args, QString* log = nullptr) {
    return runPython("import sys, runpy\n"
                     "script = sys.argv[1]\n"
                     "sys.argv = sys.argv[1:]\n"
                     "runpy.run_path(script, run_name='__main__')\n",
                     QStringList{v1ReferenceScript()} + args, log);
}

/// An array of the reference archive as doubles (any numeric dtype).
inline std::vector<double> npzDoubles(const topospike::io::NpzFile& npz, const std::string& name) {
    return npz.get(name).tensor.toDouble();
}

/// Its shape.
inline std::vector<std::int64_t> npzShape(const topospike::io::NpzFile& npz, const std::string& name) {
    return npz.get(name).shape;
}

}  // namespace testsupport
