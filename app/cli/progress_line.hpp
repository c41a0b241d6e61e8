#pragma once
// Progress of a long CLI job on stderr: a live counter when stderr is a terminal, otherwise one line when done
// (so logs stay readable).

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "topospike/progress.hpp"

namespace topospike::cli {

inline StepProgressFn progressLine(std::string label, std::string unit) {
    const bool interactive = isatty(fileno(stderr)) != 0;
    return [label = std::move(label), unit = std::move(unit), interactive](std::int64_t done, std::int64_t total) {
        if (interactive) std::fprintf(stderr, "\rtopospike-cli %s: %lld/%lld %s", label.c_str(),
                                      static_cast<long long>(done), static_cast<long long>(total), unit.c_str());
        if (done == total) std::fprintf(stderr, interactive ? "\n" : "topospike-cli %s: done\n", label.c_str());
    };
}

}  // namespace topospike::cli
