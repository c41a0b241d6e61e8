#pragma once
// Output helpers shared by the temporal and map analyze commands (analyze entropy, synchrony, correlation, maps):
// JSON arrays with NaN as null, .npz members built from vectors, and a distance curve as JSON and as arrays.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>
#include <string>
#include <vector>

#include "topospike/analysis/distance_curves.hpp"
#include "cli/json_values.hpp"
#include "topospike/io/npy.hpp"

namespace topospike::cli::spikes {

/// A number for JSON: non-finite values (NaN bins, undefined losses) become null.
inline QJsonValue number(double v) { return jsonNumber(v); }

template <class T>
QJsonArray array(const std::vector<T>& v) { return jsonArray(v); }

inline void printJson(const QJsonObject& o) {
    std::fputs(QJsonDocument(o).toJson(QJsonDocument::Indented).constData(), stdout);
}

/// Collects arrays and writes them as one .npz (temporary file + rename, so a failure leaves no file).
class NpzOut {
public:
    template <class T>
    void add(const std::string& name, const std::vector<T>& values, std::vector<std::int64_t> shape) {
        DType dtype = DType::F64;
        if constexpr (std::is_same_v<T, float>) dtype = DType::F32;
        else if constexpr (std::is_same_v<T, std::int64_t>) dtype = DType::I64;
        Tensor& t = tensors_.emplace_back(dtype, std::move(shape));
        std::memcpy(t.bytes().data(), values.data(), values.size() * sizeof(T));
        names_.push_back(name);
    }
    void write(const QString& path) const {
        std::vector<io::NpzMember> members;
        for (std::size_t i = 0; i < tensors_.size(); ++i) members.emplace_back(names_[i], tensors_[i]);
        io::writeNpz(path.toStdString(), members);
    }

private:
    std::deque<Tensor> tensors_;  // stable addresses for NpzMember
    std::vector<std::string> names_;
};

/// A distance curve as JSON (bins, per-bin statistics, pooled near/far means).
inline QJsonObject curveJson(const analysis::DistanceCurve& c) {
    QJsonObject o;
    o["windows"] = static_cast<double>(c.windows);
    o["edges_mm"] = array(c.edges);
    o["centers_mm"] = array(c.centers);
    o["mean"] = array(c.mean);
    o["sem"] = array(c.sem);
    o["nan_mean"] = array(c.nanMean);
    o["ci95_half_width"] = array(c.ci95);
    o["windows_per_bin"] = array(c.windowsPerBin);
    o["pairs_per_bin"] = array(c.pairsPerBin);
    o["pairs"] = static_cast<double>(c.pairs);
    o["nan_pairs"] = static_cast<double>(c.nanPairs);
    o["near"] = QJsonObject{{"below_mm", c.binning.nearMm}, {"mean", number(c.nearMean)},
                            {"pairs", static_cast<double>(c.nearPairs)}};
    o["far"] = QJsonObject{{"from_mm", c.binning.farMm}, {"mean", number(c.farMean)},
                           {"pairs", static_cast<double>(c.farPairs)}};
    return o;
}

/// The curve's arrays: edges, centers, mean, sem, nan_mean, ci95, profiles [windows, bins].
inline void addCurve(NpzOut& out, const analysis::DistanceCurve& c) {
    const auto bins = static_cast<std::int64_t>(c.centers.size());
    out.add("edges", c.edges, {bins + 1});
    out.add("centers", c.centers, {bins});
    out.add("mean", c.mean, {bins});
    out.add("sem", c.sem, {bins});
    out.add("nan_mean", c.nanMean, {bins});
    out.add("ci95", c.ci95, {bins});
    out.add("profiles", c.profiles, {c.windows, bins});
}

/// The curve as text rows: centre, TDANN's mean ± SEM, and the NaN-skipping mean ± 95% CI.
inline void printCurve(const analysis::DistanceCurve& c) {
    for (std::size_t b = 0; b < c.centers.size(); ++b)
        std::printf("    %7.3f  %9.5f +- %.5f   %9.5f +- %.5f  (%lld windows)\n", c.centers[b], c.mean[b], c.sem[b],
                    c.nanMean[b], c.ci95[b], static_cast<long long>(c.windowsPerBin[b]));
}

/// Seconds since `start`.
inline double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace topospike::cli::spikes
