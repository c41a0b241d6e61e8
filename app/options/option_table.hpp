#pragma once
// One option table — name, type, default, range, help — drives the GUI's settings widgets, the CLI's flags and
// --help, the session file and the bash completion, so they cannot drift apart. Every user-settable view,
// stimulus, run, analysis and figure setting is one OptionSpec here.

#include <QString>
#include <QStringList>
#include <QVariant>
#include <map>
#include <optional>
#include <vector>

namespace topospike::options {

enum class OptionType { Bool, Int, Double, String, Choice, Path, Length /* "85mm", "3.5in" → mm */ };

struct OptionSpec {
    QString name;            ///< "color-by": CLI flag --color-by, session key "color-by"
    OptionType type;
    QVariant defaultValue;   ///< typed (bool, int, double, QString; Length: double mm)
    double min = 0, max = 0; ///< Int / Double / Length ranges (ignored when min == max)
    QStringList choices;     ///< Choice
    QString group;           ///< "view", "stimulus", "run", "analysis", "figure"
    QString help;            ///< one line
    QString valueName;       ///< "MODE", "FILE", "MM" for --help
    bool inSession = true;   ///< saved in session files
};

/// Every option, grouped, in display order.
const std::vector<OptionSpec>& optionTable();
/// The spec named `name`, or nullptr.
const OptionSpec* findOption(const QString& name);

/// Option values keyed by name; missing names mean the default.
class OptionValues {
public:
    /// Parses and validates a textual value ("--dpi 300", a session entry, a GUI edit). Returns an error message
    /// naming the option and the problem ("--dpi: 5000 is outside 50..2400"), or an empty string when set.
    QString set(const QString& name, const QString& text);
    /// Sets a typed value (validated the same way).
    QString setValue(const QString& name, const QVariant& value);
    QVariant value(const QString& name) const;  ///< the value or the default; invalid QVariant for unknown names
    bool isSet(const QString& name) const;
    const std::map<QString, QVariant>& explicitValues() const noexcept { return values_; }

private:
    std::map<QString, QVariant> values_;
};

/// --help text for the options of `groups` (all when empty), generated from the table.
QString helpText(const QStringList& groups = {});
/// A bash completion script for topospike and topospike-cli (commands, flags, choices, file arguments).
QString bashCompletion(const QStringList& cliCommands);

}  // namespace topospike::options
