#pragma once
// One place that turns exceptions into the CLI's contract: one line on stderr, exit status 2.

#include <QString>
#include <cstdio>
#include <stdexcept>

#include "cli/arguments.hpp"
#include "topospike/error.hpp"

namespace topospike::cli {

inline int failLine(const QString& line) {
    std::fprintf(stderr, "topospike-cli: %s\n", line.toLocal8Bit().constData());
    return 2;
}

/// Runs a command body; refused input, model mismatches, bad options and usage errors become one stderr line.
template <typename F>
int guarded(F&& body) {
    try {
        return body();
    } catch (const UsageError& e) {
        return failLine(QString::fromStdString(e.what()));
    } catch (const Error& e) {
        return failLine(QString::fromStdString(e.what()));
    } catch (const std::invalid_argument& e) {
        return failLine(QString::fromStdString(e.what()));
    } catch (const std::bad_alloc&) {
        return failLine("out of memory");
    } catch (const std::exception& e) {
        return failLine(QString::fromStdString(e.what()));
    }
}

}  // namespace topospike::cli
