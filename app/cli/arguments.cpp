#include "cli/arguments.hpp"

#include <cmath>

namespace topospike::cli {

Arguments::Arguments(const QString& command, const QStringList& args, const QStringList& valued, const QStringList& flags)
    : command_(command) {
    for (int i = 0; i < args.size(); ++i) {
        QString a = args[i];
        if (!a.startsWith("--") || a == "--") {
            positionals_ << a;
            continue;
        }
        QString v;
        bool inlineValue = false;
        if (const int eq = a.indexOf('='); eq > 0) {
            v = a.mid(eq + 1);
            a = a.left(eq);
            inlineValue = true;
        }
        if (flags.contains(a)) {
            if (inlineValue) throw UsageError(command + ": " + a + " takes no value");
            flags_.insert(a);
        } else if (valued.contains(a)) {
            if (!inlineValue) {
                if (i + 1 >= args.size()) throw UsageError(command + ": " + a + " needs a value");
                v = args[++i];
            }
            values_[a] << v;
        } else {
            throw UsageError(command + ": unknown option '" + a + "' (see topospike-cli " + command + " --help)");
        }
    }
}

std::optional<QString> Arguments::value(const QString& name) const {
    const QStringList v = values_.value(name);
    if (v.isEmpty()) return std::nullopt;
    if (v.size() > 1) throw UsageError(command_ + ": " + name + " given more than once");
    return v.first();
}

int Arguments::intValue(const QString& name, int fallback, int lo, int hi) const {
    const auto v = value(name);
    if (!v) return fallback;
    bool ok = false;
    const int n = v->toInt(&ok);
    if (!ok || n < lo || n > hi)
        throw UsageError(command_ + ": " + name + " needs an integer from " + QString::number(lo) + " to " +
                         QString::number(hi) + " (got '" + *v + "')");
    return n;
}

double Arguments::doubleValue(const QString& name, double fallback) const {
    const auto v = value(name);
    if (!v) return fallback;
    bool ok = false;
    const double d = v->toDouble(&ok);
    if (!ok || !std::isfinite(d)) throw UsageError(command_ + ": " + name + " needs a number (got '" + *v + "')");
    return d;
}

QString Arguments::choice(const QString& name, const QStringList& choices, const QString& fallback) const {
    const auto v = value(name);
    if (!v) return fallback;
    if (!choices.contains(*v)) throw UsageError(command_ + ": " + name + " must be one of " + choices.join(", ") + " (got '" + *v + "')");
    return *v;
}

}  // namespace topospike::cli
