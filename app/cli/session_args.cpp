#include "cli/session_args.hpp"

namespace topospike::cli {

std::pair<QStringList, QStringList> tableFlags(const QStringList& groups) {
    QStringList valued, flags;
    for (const auto& s : options::optionTable()) {
        if (!groups.contains(s.group)) continue;
        if (s.type == options::OptionType::Bool)
            flags << "--" + s.name << "--no-" + s.name;
        else
            valued << "--" + s.name;
    }
    return {valued, flags};
}

void applyTableFlags(const Arguments& args, const QStringList& groups, options::OptionValues& values) {
    for (const auto& s : options::optionTable()) {
        if (!groups.contains(s.group)) continue;
        QString error;
        if (s.type == options::OptionType::Bool) {
            if (args.flag("--" + s.name)) error = values.setValue(s.name, true);
            if (args.flag("--no-" + s.name)) error = values.setValue(s.name, false);
        } else if (const auto v = args.value("--" + s.name)) {
            error = values.set(s.name, *v);
        }
        if (!error.isEmpty()) throw UsageError(error);
    }
}

}  // namespace topospike::cli
