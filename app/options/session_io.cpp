// Session files: written as indented JSON with keys in a fixed order (format, version, checkpoint, positions,
// options in table order, view, pinned), read back strictly (every key known, every option checked by the table).
//
// Options: only explicitly set values of inSession options are written, so a session restores what the user chose
// and leaves everything else at the defaults of the TopoSpike that reads it. Paths (checkpoint, positions and Path
// options) are stored relative to the session's folder where possible, absolute otherwise.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <cmath>

#include "options/json_text.hpp"
#include "options/session.hpp"
#include "topospike/error.hpp"

namespace topospike::options {
namespace {

constexpr qint64 kMaxSessionBytes = 16 * 1024 * 1024;
constexpr const char* kFormat = "topospike-session";

[[noreturn]] void refuse(const std::filesystem::path& file, const QString& reason) {
    throw FileError(file.string(), reason.toStdString());
}

QString toQString(const std::filesystem::path& p) { return QString::fromStdString(p.string()); }

/// The folder paths are stored relative to.
QDir sessionFolder(const std::filesystem::path& file) {
    return QDir(QFileInfo(toQString(std::filesystem::absolute(file))).absolutePath());
}

QString storedPath(const QDir& folder, const QString& path) {
    if (path.isEmpty()) return {};
    return QDir::cleanPath(folder.relativeFilePath(QFileInfo(path).absoluteFilePath()));
}

QString resolvedPath(const QDir& folder, const QString& stored) {
    if (stored.isEmpty()) return {};
    return QDir::cleanPath(folder.absoluteFilePath(stored));
}

QByteArray optionJson(const OptionSpec& spec, const QVariant& value, const QDir& folder) {
    switch (spec.type) {
    case OptionType::Bool: return value.toBool() ? "true" : "false";
    case OptionType::Int:
    case OptionType::Double:
    case OptionType::Length: return jsonNumber(value.toDouble());
    case OptionType::Path: return jsonString(storedPath(folder, value.toString()));
    case OptionType::String:
    case OptionType::Choice: return jsonString(value.toString());
    }
    return "null";
}

QByteArray sessionText(const std::filesystem::path& file, const Session& session) {
    if (!std::isfinite(session.zoom) || session.zoom <= 0.0) refuse(file, "cannot save: the zoom is not a positive number");
    if (session.centerMm && (!std::isfinite(session.centerMm->first) || !std::isfinite(session.centerMm->second)))
        refuse(file, "cannot save: the view centre is not finite");
    const QDir folder = sessionFolder(file);
    QByteArray text = "{\n";
    text += "    \"format\": " + jsonString(kFormat) + ",\n";
    text += "    \"version\": " + QByteArray::number(kSessionVersion) + ",\n";
    text += "    \"checkpoint\": " + jsonString(storedPath(folder, toQString(session.checkpoint))) + ",\n";
    text += "    \"positions\": " + jsonString(storedPath(folder, toQString(session.positions))) + ",\n";
    QList<QByteArray> options;
    for (const OptionSpec& spec : optionTable())
        if (spec.inSession && session.options.isSet(spec.name))
            options << "        " + jsonString(spec.name) + ": " +
                           optionJson(spec, session.options.value(spec.name), folder);
    text += options.isEmpty() ? QByteArray("    \"options\": {},\n")
                              : "    \"options\": {\n" + options.join(",\n") + "\n    },\n";
    text += "    \"view\": {\n        \"zoom\": " + jsonNumber(session.zoom);
    if (session.centerMm)
        text += ",\n        \"center-mm\": [" + jsonNumber(session.centerMm->first) + ", " +
                jsonNumber(session.centerMm->second) + "]";
    text += "\n    },\n";
    QList<QByteArray> pinned;
    for (const PinnedUnit& unit : session.pinned) {
        if (unit.unit < 0) refuse(file, QString("cannot save: pinned unit %1 is negative").arg(unit.unit));
        pinned << "        {\"layer\": " + jsonString(unit.layer) + ", \"unit\": " + QByteArray::number(unit.unit) + "}";
    }
    text += pinned.isEmpty() ? QByteArray("    \"pinned\": []\n") : "    \"pinned\": [\n" + pinned.join(",\n") + "\n    ]\n";
    text += "}\n";
    return text;
}

/// Refuses keys of `object` outside `known`; `where` prefixes the message ("", "view: ", "pinned[2]: ").
void refuseUnknownKeys(const std::filesystem::path& file, const QJsonObject& object, const QStringList& known,
                       const QString& where) {
    for (auto it = object.begin(); it != object.end(); ++it)
        if (!known.contains(it.key()))
            refuse(file, QString("%1unknown key '%2' (known: %3)").arg(where, it.key(), known.join(", ")));
}

bool isWholeNumber(const QJsonValue& v) { return v.isDouble() && v.toDouble() == std::floor(v.toDouble()); }

QString pathValue(const std::filesystem::path& file, const QJsonObject& object, const QString& key, const QDir& folder) {
    const QJsonValue v = object.value(key);
    if (v.isUndefined()) return {};
    if (!v.isString()) refuse(file, QString("%1 is not a path (a JSON string)").arg(key));
    return resolvedPath(folder, v.toString());
}

OptionValues readOptions(const std::filesystem::path& file, const QJsonValue& json, const QDir& folder) {
    OptionValues values;
    if (json.isUndefined()) return values;
    if (!json.isObject()) refuse(file, "options is not a JSON object");
    const QJsonObject object = json.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        const OptionSpec* spec = findOption(it.key());
        if (!spec) refuse(file, QString("unknown option '%1'").arg(it.key()));
        if (!spec->inSession) refuse(file, QString("--%1 is not a session setting").arg(it.key()));
        const QJsonValue v = it.value();
        QVariant typed;
        if (v.isBool()) typed = v.toBool();
        else if (v.isDouble()) typed = v.toDouble();
        else if (v.isString()) typed = spec->type == OptionType::Path ? resolvedPath(folder, v.toString()) : v.toString();
        else refuse(file, QString("--%1: expected a number, text or true/false").arg(it.key()));
        if (const QString problem = values.setValue(it.key(), typed); !problem.isEmpty()) refuse(file, problem);
    }
    return values;
}

void readView(const std::filesystem::path& file, const QJsonValue& json, Session& session) {
    if (json.isUndefined()) return;
    if (!json.isObject()) refuse(file, "view is not a JSON object");
    const QJsonObject view = json.toObject();
    refuseUnknownKeys(file, view, {"zoom", "center-mm"}, "view: ");
    if (const QJsonValue zoom = view.value("zoom"); !zoom.isUndefined()) {
        if (!zoom.isDouble() || !(zoom.toDouble() > 0.0)) refuse(file, "view: zoom is not a positive number");
        session.zoom = zoom.toDouble();
    }
    if (const QJsonValue center = view.value("center-mm"); !center.isUndefined()) {
        const QJsonArray xy = center.toArray();
        if (!center.isArray() || xy.size() != 2 || !xy[0].isDouble() || !xy[1].isDouble())
            refuse(file, "view: center-mm is not [x, y] in mm");
        session.centerMm = std::make_pair(xy[0].toDouble(), xy[1].toDouble());
    }
}

void readPinned(const std::filesystem::path& file, const QJsonValue& json, Session& session) {
    if (json.isUndefined()) return;
    if (!json.isArray()) refuse(file, "pinned is not a JSON array");
    const QJsonArray pinned = json.toArray();
    for (qsizetype i = 0; i < pinned.size(); ++i) {
        const QString where = QString("pinned[%1]: ").arg(i);
        if (!pinned[i].isObject()) refuse(file, where + "not a JSON object");
        const QJsonObject entry = pinned[i].toObject();
        refuseUnknownKeys(file, entry, {"layer", "unit"}, where);
        const QJsonValue layer = entry.value("layer"), unit = entry.value("unit");
        if (!layer.isString()) refuse(file, where + "layer is not text");
        if (!isWholeNumber(unit) || unit.toDouble() < 0) refuse(file, where + "unit is not a non-negative whole number");
        session.pinned.push_back({layer.toString(), unit.toInteger()});
    }
}

}  // namespace

void saveSession(const std::filesystem::path& file, const Session& session) {
    const QByteArray text = sessionText(file, session);
    QSaveFile out(toQString(file));  // a temporary file renamed over `file` on commit: never half-written
    if (!out.open(QIODevice::WriteOnly)) refuse(file, "cannot write: " + out.errorString());
    if (out.write(text) != text.size()) {
        out.cancelWriting();
        refuse(file, "cannot write: " + out.errorString());
    }
    if (!out.commit()) refuse(file, "cannot write: " + out.errorString());
}

Session loadSession(const std::filesystem::path& file) {
    QFile in(toQString(file));
    if (!in.open(QIODevice::ReadOnly)) refuse(file, "cannot open: " + in.errorString());
    if (in.size() > kMaxSessionBytes) refuse(file, QString("too large for a session (%1 bytes)").arg(in.size()));
    const QByteArray data = in.readAll();
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(data, &error);
    if (error.error != QJsonParseError::NoError)
        throw FileError(file.string(), "not JSON: " + error.errorString().toStdString(),
                        static_cast<std::uint64_t>(error.offset));
    if (!doc.isObject()) refuse(file, "not a TopoSpike session (not a JSON object)");
    const QJsonObject root = doc.object();
    if (root.value("format").toString() != kFormat)
        refuse(file, QString("not a TopoSpike session (format is not \"%1\")").arg(kFormat));
    const QJsonValue version = root.value("version");
    if (!isWholeNumber(version) || version.toDouble() < 1) refuse(file, "version is not a positive whole number");
    if (version.toDouble() > kSessionVersion)
        refuse(file, QString("written by a newer TopoSpike (version %1); this one reads version %2")
                         .arg(version.toInteger())
                         .arg(kSessionVersion));
    refuseUnknownKeys(file, root, {"format", "version", "checkpoint", "positions", "options", "view", "pinned"}, "");

    const QDir folder = sessionFolder(file);
    Session session;
    session.checkpoint = pathValue(file, root, "checkpoint", folder).toStdString();
    session.positions = pathValue(file, root, "positions", folder).toStdString();
    session.options = readOptions(file, root.value("options"), folder);
    readView(file, root.value("view"), session);
    readPinned(file, root.value("pinned"), session);
    return session;
}

}  // namespace topospike::options
