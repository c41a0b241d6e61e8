#pragma once
// Test helper: run topospike-cli (TOPOSPIKE_CLI, set by CMake) and collect its exit code and output.

#include <QByteArray>
#include <QProcess>
#include <QStringList>
#include <QtGlobal>

namespace testsupport {

struct CliRun {
    int code;
    QByteArray out, err;
};

inline CliRun cli(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(TOPOSPIKE_CLI), args);
    if (!p.waitForFinished(180000)) qFatal("topospike-cli did not finish");
    return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
}

}  // namespace testsupport
