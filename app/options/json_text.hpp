#pragma once
// JSON scalars as text, for writers that want keys in their own order (QJsonObject sorts them).
#include <QByteArray>
#include <QString>

namespace topospike::options {

/// A JSON string literal, quotes included: ", \ and control characters escaped; UTF-8.
QByteArray jsonString(const QString& text);
/// The shortest text that reads back as the same double ("1", "0.1", "3.95375"). `v` must be finite.
QByteArray jsonNumber(double v);

}  // namespace topospike::options
