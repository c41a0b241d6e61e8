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
    QString name{};            ///< "color-by": CLI flag --color-by, session key "color-by"
    OptionType type{};
    QVariant defaultValue{};   ///< typed (bool, int, double, QString; Length: double mm)
    double min = 0, max = 0;   ///< Int / Double / Length ranges (ignored when min == max)
    QStringList choices{};     ///< Choice
    QString group{};           ///< "view", "stimulus", "run", "analysis", "figure"
    QString help{};            ///< one line
    QString valueName{};       ///< "MODE", "FILE", "MM" for --help
    bool inSession = true;     ///< saved in session files
    bool minExclusive = false; ///< Double: the value must lie strictly above min ("tau > 1")
    /// String options with a syntax of their own ("x0,x1,y0,y1", "a number or none"): returns the problem with
    /// the trimmed text, or an empty string when it is fine. nullptr: any text.
    QString (*check)(const QString& text) = nullptr;
};

/// Every option, grouped, in display order.
const std::vector<OptionSpec>& optionTable();
/// The spec named `name`, or nullptr.
const OptionSpec* findOption(const QString& name);

/// Option values keyed by name; missing names mean the default. Stored types: Bool → bool, Int → int,
/// Double → double, Length → double mm, String / Path → QString as given, Choice → the table's spelling of the
/// choice (matched case-insensitively). colormap "auto" means the colour mode's own map.
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

/// A length in mm from "85mm", "8.5cm", "3.5in", "12pt" or a bare number (mm); nullopt when not a length.
std::optional<double> parseLengthMm(const QString& text);
/// A typed value as the text set() accepts back ("true", "300", "85mm", "orientation"); used by --help and GUIs.
QString formatValue(const OptionSpec& spec, const QVariant& value);

/// --help text for the options of `groups` (all when empty), generated from the table.
QString helpText(const QStringList& groups = {});
/// A bash completion script for topospike and topospike-cli (commands, flags, choices, file arguments).
QString bashCompletion(const QStringList& cliCommands);

}  // namespace topospike::options
