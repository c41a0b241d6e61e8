#pragma once
// Test helpers: where the generated fixtures live, and reading them.

#include <QByteArray>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QTest>

namespace testsupport {

inline QString fixture(const QString& name) { return QStringLiteral(TOPOSPIKE_FIXTURE_DIR) + "/" + name; }

inline QByteArray readAll(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) qFatal("cannot read fixture %s", qPrintable(path));
    return f.readAll();
}

inline bool writeAll(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

inline QJsonObject expectation(const QString& fixtureName) {
    return QJsonDocument::fromJson(readAll(fixture(fixtureName + ".expect.json"))).object();
}

}  // namespace testsupport
