#include "cli/positions_output.hpp"

#include <QJsonArray>

namespace topospike::cli {

QString writePositionSet(const QString& out, const io::PositionSet& set) {
    if (out.endsWith(".tspos")) {
        io::writePositions(out.toStdString(), set);
        return "topospike";
    }
    io::writeTdannFolder(out.toStdString(), set);
    return "tdann-folder";
}

std::uint64_t seedValue(const Arguments& args) {
    const auto v = args.value("--seed");
    if (!v) return 0;
    bool ok = false;
    const qulonglong s = v->toULongLong(&ok);
    if (!ok || v->startsWith('-') || v->startsWith('+'))
        throw UsageError("--seed needs a non-negative integer below 2^64 (got '" + *v + "')");
    return s;
}

QJsonObject layerJson(const io::LayerPositions& l) {
    QJsonArray dims;
    for (const std::int64_t d : l.dims) dims.append(static_cast<qint64>(d));
    QJsonObject o;
    o["name"] = QString::fromStdString(l.name);
    o["dims"] = dims;
    o["units"] = static_cast<qint64>(l.units());
    o["area"] = QString::fromStdString(l.area);
    o["sheet_extent_mm"] = l.sheetExtent();
    o["neighborhood_width_mm"] = l.neighborhoodWidth;
    o["neighborhood_count"] = static_cast<qint64>(l.neighborhoodCount);
    o["neighborhood_size"] = static_cast<qint64>(l.neighborhoodSize);
    o["source"] = QString::fromStdString(l.source);
    return o;
}

}  // namespace topospike::cli
