// Text generated from the option table: --help lines and a bash completion script.
#include <QLocale>
#include <algorithm>
#include <map>

#include "options/option_table.hpp"

namespace topospike::options {
namespace {

/// "--color-by MODE", or "--[no-]vector" for Bool flags.
QString usage(const OptionSpec& spec) {
    if (spec.type == OptionType::Bool) return QString("--[no-]%1").arg(spec.name);
    return QString("--%1 %2").arg(spec.name, spec.valueName.isEmpty() ? QString("VALUE") : spec.valueName);
}

/// "(default X; range a..b; one of a, b, c)".
QString details(const OptionSpec& spec) {
    const QString def = formatValue(spec, spec.defaultValue);
    QStringList parts{QString("default %1").arg(def.isEmpty() ? QString("\"\"") : def)};
    if (spec.min != spec.max) {
        const QString unit = spec.type == OptionType::Length ? "mm" : "";
        const QString low = QString::number(spec.min, 'g', QLocale::FloatingPointShortest);
        const QString high = QString::number(spec.max, 'g', QLocale::FloatingPointShortest);
        parts << (spec.minExclusive ? QString("range above %1 to %2%3").arg(low, high, unit)
                                    : QString("range %1..%2%3").arg(low, high, unit));
    }
    if (spec.type == OptionType::Choice) parts << "one of " + spec.choices.join(", ");
    if (!spec.inSession) parts << "not saved in sessions";
    return "(" + parts.join("; ") + ")";
}

/// The help line after the flag: "help (details)", folding a help text's own closing parenthesis into the
/// details ("colormap (auto: the mode's own; default auto; …)").
QString describe(const OptionSpec& spec) {
    const QString more = details(spec);
    if (spec.help.endsWith(')')) return spec.help.chopped(1) + "; " + more.mid(1);
    return spec.help + " " + more;
}

QStringList groupsInOrder() {
    QStringList groups;
    for (const OptionSpec& spec : optionTable())
        if (!groups.contains(spec.group)) groups << spec.group;
    return groups;
}

/// Words for `compgen -W`, space-separated.
QString words(const QStringList& list) { return list.join(' '); }

}  // namespace

QString helpText(const QStringList& groups) {
    const QStringList shown = groups.isEmpty() ? groupsInOrder() : groups;
    qsizetype width = 0;
    for (const OptionSpec& spec : optionTable())
        if (shown.contains(spec.group)) width = std::max(width, usage(spec).size());
    QString text;
    for (const QString& group : shown) {
        QString lines;
        for (const OptionSpec& spec : optionTable())
            if (spec.group == group)
                lines += QString("  %1   %2\n").arg(usage(spec).leftJustified(width), describe(spec));
        if (lines.isEmpty()) continue;
        if (!text.isEmpty()) text += '\n';
        text += QString("%1 options:\n").arg(group.left(1).toUpper() + group.mid(1)) + lines;
    }
    return text;
}

QString bashCompletion(const QStringList& cliCommands) {
    // Commands may be one word ("demo") or a group and a subcommand ("analyze v1").
    QStringList firstWords;
    std::map<QString, QStringList> subcommands;
    for (const QString& command : cliCommands) {
        const QStringList parts = command.split(' ', Qt::SkipEmptyParts);
        if (parts.isEmpty()) continue;
        if (!firstWords.contains(parts[0])) firstWords << parts[0];
        if (parts.size() > 1) subcommands[parts[0]] << parts[1];
    }
    QStringList flags{"--help"};
    QString valueCases;
    QStringList fileFlags, plainValueFlags;
    for (const OptionSpec& spec : optionTable()) {
        if (spec.type == OptionType::Bool) {
            flags << "--" + spec.name << "--no-" + spec.name;
            continue;
        }
        flags << "--" + spec.name;
        if (spec.type == OptionType::Choice)
            valueCases += QString("        --%1) COMPREPLY=($(compgen -W \"%2\" -- \"$cur\")); return 0 ;;\n")
                              .arg(spec.name, words(spec.choices));
        else if (spec.type == OptionType::Path)
            fileFlags << "--" + spec.name;
        else
            plainValueFlags << "--" + spec.name;
    }
    QString subcommandCases;
    for (const auto& [group, subs] : subcommands)
        subcommandCases += QString("            %1) COMPREPLY=($(compgen -W \"%2\" -- \"$cur\")); return 0 ;;\n")
                               .arg(group, words(subs));

    QString script;
    script += "# bash completion for topospike and topospike-cli, generated from the option table.\n";
    script += "# Install: source it, or copy it to ~/.local/share/bash-completion/completions/topospike-cli.\n";
    script += "_topospike() {\n";
    script += "    local cur prev\n";
    script += "    cur=\"${COMP_WORDS[COMP_CWORD]}\"\n";
    script += "    prev=\"\"\n";
    script += "    if [[ $COMP_CWORD -gt 0 ]]; then prev=\"${COMP_WORDS[COMP_CWORD-1]}\"; fi\n";
    script += "    COMPREPLY=()\n";
    script += "    case \"$prev\" in\n";
    script += valueCases;
    if (!fileFlags.isEmpty())
        script += QString("        %1) COMPREPLY=($(compgen -f -- \"$cur\")); return 0 ;;\n").arg(fileFlags.join('|'));
    if (!plainValueFlags.isEmpty()) script += QString("        %1) return 0 ;;\n").arg(plainValueFlags.join('|'));
    script += "    esac\n";
    script += "    if [[ \"$cur\" == -* ]]; then\n";
    script += QString("        COMPREPLY=($(compgen -W \"%1\" -- \"$cur\")); return 0\n").arg(words(flags));
    script += "    fi\n";
    script += "    if [[ \"${COMP_WORDS[0]##*/}\" == topospike-cli ]]; then\n";
    script += "        if [[ $COMP_CWORD -eq 1 ]]; then\n";
    script += QString("            COMPREPLY=($(compgen -W \"%1\" -- \"$cur\")); return 0\n").arg(words(firstWords));
    script += "        fi\n";
    if (!subcommandCases.isEmpty()) {
        script += "        if [[ $COMP_CWORD -eq 2 ]]; then\n";
        script += "            case \"${COMP_WORDS[1]}\" in\n";
        script += subcommandCases;
        script += "            esac\n";
        script += "        fi\n";
    }
    script += "    fi\n";
    script += "    COMPREPLY=($(compgen -f -- \"$cur\"))\n";
    script += "    return 0\n";
    script += "}\n";
    script += "complete -o filenames -F _topospike topospike topospike-cli\n";
    return script;
}

}  // namespace topospike::options
