#pragma once
// Test helper for the IT suites: write arrays as .npy, run tests/fixtures/it_reference.py (the NumPy/SciPy
// re-implementation of TDANN's IT computations) and read its answers back.

#include <QJsonDocument>
#include <QJsonObject>
#include <QFile>
#include <QString>
#include <QStringList>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "support/python_check.hpp"
#include "topospike/io/npy.hpp"
#include "topospike/tensor.hpp"

namespace testsupport {

template <class T>
inline void saveNpy(const QString& path, const std::vector<T>& values, std::vector<std::int64_t> shape) {
    static_assert(sizeof(T) == 4 || sizeof(T) == 8);
    topospike::DType dt;
    if constexpr (std::is_same_v<T, float>) dt = topospike::DType::F32;
    else if constexpr (std::is_same_v<T, double>) dt = topospike::DType::F64;
    else if constexpr (std::is_same_v<T, std::int32_t>) dt = topospike::DType::I32;
    else dt = topospike::DType::I64;
    topospike::Tensor t(dt, std::move(shape));
    std::memcpy(t.bytes().data(), values.data(), values.size() * sizeof(T));
    topospike::io::writeNpy(path.toStdString(), t);
}

inline std::vector<double> loadNpy(const QString& path) {
    return topospike::io::readNpy(path.toStdString()).tensor.toDouble();
}

/// Runs `it_reference.py args...`; fails the test with Python's output if it fails.
inline bool itReference(const QStringList& args, QString* output = nullptr) {
    return runPython(QStringLiteral("import runpy, sys; sys.argv = sys.argv[1:]; "
                                    "runpy.run_path(sys.argv[0], run_name='__main__')"),
                     QStringList{QStringLiteral(TOPOSPIKE_SOURCE_DIR "/tests/fixtures/it_reference.py")} + args,
                     output);
}

inline QJsonObject loadJson(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    // Python's json writes NaN as a bare token, which Qt refuses: map it to null first.
    QByteArray text = f.readAll();
    text.replace("NaN", "null");
    return QJsonDocument::fromJson(text).object();
}

/// A JSON number, NaN for null (how loadJson() carries Python's NaN).
inline double num(const QJsonValue& v) { return v.isNull() ? std::nan("") : v.toDouble(); }

/// |a − b| ≤ tol · max(1, |b|), NaN equal to NaN.
inline bool close(double a, double b, double tol) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    return std::fabs(a - b) <= tol * std::max(1.0, std::fabs(b));
}

}  // namespace testsupport
