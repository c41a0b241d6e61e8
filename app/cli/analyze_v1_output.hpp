#pragma once
// What `analyze v1` reports: the JSON summary and the per-unit .npz (names documented in the command's help).

#include <QJsonObject>
#include <QString>
#include <filesystem>

#include "topospike/analysis/v1_analysis.hpp"

namespace topospike::cli {

/// Where the inputs came from, for the report.
struct V1Sources {
    QString responses, labels, positions, layer;
    double hypercolumnMm = 3.5;
};

/// The JSON summary: parameters, normalisation, levels, mask sizes, preference histograms and, per metric,
/// smoothness (mean and per sample), mean and chance curves and bin edges. NaN is written as null.
QJsonObject v1Json(const analysis::V1Analysis& a, const V1Sources& sources);

/// A short human-readable summary (several lines).
QString v1Text(const analysis::V1Analysis& a, const V1Sources& sources);

/// Writes the per-unit results and curves as a .npz (temporary file + rename). Throws FileError.
void writeV1Npz(const std::filesystem::path& path, const analysis::V1Analysis& a);

}  // namespace topospike::cli
