#pragma once
// JSON values every command writes the same way: non-finite numbers become null (JSON has no NaN), integer
// vectors stay integers.

#include <QJsonArray>
#include <QJsonValue>
#include <cmath>
#include <type_traits>
#include <vector>

namespace topospike::cli {

inline QJsonValue jsonNumber(double v) { return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null); }

template <class T>
QJsonArray jsonArray(const std::vector<T>& v) {
    QJsonArray a;
    for (const T& x : v) {
        if constexpr (std::is_floating_point_v<T>) a.append(jsonNumber(static_cast<double>(x)));
        else a.append(static_cast<qint64>(x));
    }
    return a;
}

}  // namespace topospike::cli
