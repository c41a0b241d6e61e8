#pragma once
// Test helper: a call must throw topospike::FileError whose message contains a phrase.

#include <QString>
#include <QTest>
#include <functional>
#include <string>

#include "topospike/error.hpp"

namespace testsupport {

/// QFAILs unless f() throws FileError mentioning `needle` (any FileError when `needle` is empty).
inline void expectFileError(const std::function<void()>& f, const std::string& needle = {}) {
    try {
        f();
    } catch (const topospike::FileError& e) {
        if (!needle.empty() && std::string(e.what()).find(needle) == std::string::npos)
            QFAIL(qPrintable(QString("message lacks '%1': %2").arg(needle.c_str(), e.what())));
        return;
    }
    QFAIL(qPrintable(QString("no FileError (expected one mentioning '%1')").arg(needle.c_str())));
}

}  // namespace testsupport
