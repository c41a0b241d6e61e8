#pragma once
// Test helper for the temporal and map analyses: write arrays for tests/fixtures/spikes_reference.py (the NumPy /
// SciPy re-implementation), run it, read its results back; plus seeded synthetic spikes and positions.

#include <QProcess>
#include <QString>
#include <QStringList>
#include <cstring>
#include <type_traits>
#include <vector>

#include "topospike/analysis/responses.hpp"
#include "topospike/io/npy.hpp"
#include "topospike/random.hpp"

#ifndef TOPOSPIKE_PYTHON
#define TOPOSPIKE_PYTHON "/usr/bin/python3"
#endif

namespace testsupport::spikes {

/// A silent spike tensor [images, timesteps, units] (unit dims units x 1 x 1) for tests to fill.
inline topospike::analysis::SpikeTensor silentSpikes(std::int64_t images, std::int64_t timesteps, std::int64_t units) {
    topospike::analysis::SpikeTensor s;
    s.images = images;
    s.timesteps = timesteps;
    s.units = units;
    s.unitDims = {units, 1, 1};
    s.values.assign(static_cast<std::size_t>(images * timesteps * units), 0);
    return s;
}

/// Runs spikes_reference.py with `args`; true on exit 0. `log` receives stdout + stderr.
inline bool reference(const QStringList& args, QString* log) {
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral(TOPOSPIKE_PYTHON),
            QStringList{QStringLiteral(TOPOSPIKE_SOURCE_DIR "/tests/fixtures/spikes_reference.py")} + args);
    const bool finished = p.waitForStarted(30000) && p.waitForFinished(300000);
    *log = QString::fromUtf8(p.readAll());
    return finished && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

template <class T>
constexpr topospike::DType dtypeOf() {
    if constexpr (std::is_same_v<T, double>) return topospike::DType::F64;
    else if constexpr (std::is_same_v<T, float>) return topospike::DType::F32;
    else if constexpr (std::is_same_v<T, std::int64_t>) return topospike::DType::I64;
    else return topospike::DType::U8;
}

template <class T>
topospike::Tensor tensor(const std::vector<T>& v, std::vector<std::int64_t> shape) {
    topospike::Tensor t(dtypeOf<T>(), std::move(shape));
    std::memcpy(t.bytes().data(), v.data(), v.size() * sizeof(T));
    return t;
}

template <class T>
void save(const QString& path, const std::vector<T>& v, std::vector<std::int64_t> shape) {
    topospike::io::writeNpy(path.toStdString(), tensor(v, std::move(shape)));
}

/// Array `name` of a .npz result as doubles.
inline std::vector<double> load(const QString& npz, const char* name) {
    return topospike::io::NpzFile::open(npz.toStdString()).get(name).tensor.toDouble();
}

/// Spikes [images, T, units] where unit u fires with probability rates[u] at every step, independently.
inline topospike::analysis::SpikeTensor bernoulliSpikes(std::int64_t images, std::int64_t timesteps,
                                                        const std::vector<double>& rates, std::uint64_t seed) {
    topospike::analysis::SpikeTensor s;
    s.images = images;
    s.timesteps = timesteps;
    s.units = static_cast<std::int64_t>(rates.size());
    s.unitDims = {s.units, 1, 1};
    s.values.resize(static_cast<std::size_t>(images * timesteps * s.units));
    topospike::Rng rng(seed);
    for (std::size_t i = 0; i < s.values.size(); ++i) s.values[i] = rng.uniform() < rates[i % rates.size()] ? 1 : 0;
    return s;
}

/// N uniform random positions in [0, side]², N × 2 row-major.
inline std::vector<double> uniformPositions(std::int64_t n, double side, std::uint64_t seed) {
    topospike::Rng rng(seed);
    std::vector<double> c(static_cast<std::size_t>(2 * n));
    for (auto& v : c) v = rng.uniform(0.0, side);
    return c;
}

}  // namespace testsupport::spikes
