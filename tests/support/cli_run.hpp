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

/// `environment`: extra VAR=value entries for this run (e.g. XDG_CACHE_HOME).
inline CliRun cli(const QStringList& args, const QStringList& environment = {}) {
    QProcess p;
    if (!environment.isEmpty()) {
        QStringList env = QProcess::systemEnvironment();
        env += environment;
        p.setEnvironment(env);
    }
    p.start(QStringLiteral(TOPOSPIKE_CLI), args);
    if (!p.waitForFinished(180000)) qFatal("topospike-cli did not finish");
    return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
}

}  // namespace testsupport
