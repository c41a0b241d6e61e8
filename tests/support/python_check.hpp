#pragma once
// Test helper: run a Python snippet with Debian's python3 (+ numpy) to check files the engine wrote.

#include <QProcess>
#include <QString>
#include <QStringList>

#ifndef TOPOSPIKE_PYTHON
#define TOPOSPIKE_PYTHON "/usr/bin/python3"
#endif

namespace testsupport {

/// Runs `python3 -c script args...`; returns true on exit code 0. `output` receives stdout + stderr.
inline bool runPython(const QString& script, const QStringList& args, QString* output = nullptr) {
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral(TOPOSPIKE_PYTHON), QStringList{"-c", script} + args);
    const bool finished = p.waitForStarted(30000) && p.waitForFinished(180000);
    if (output) *output = QString::fromUtf8(p.readAll());
    return finished && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

}  // namespace testsupport
