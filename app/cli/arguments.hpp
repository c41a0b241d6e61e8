#pragma once
// A small command-line reader shared by the CLI commands: flags, valued options (repeatable), positionals,
// each error one line naming the option.

#include <QMap>
#include <QSet>
#include <QStringList>
#include <optional>
#include <stdexcept>

namespace topospike::cli {

/// A usage error: main prints "topospike-cli: <what>" and exits with 2.
class UsageError : public std::runtime_error {
public:
    explicit UsageError(const QString& what) : std::runtime_error(what.toStdString()) {}
};

class Arguments {
public:
    /// `valued` options take a value ("--T 4" or "--T=4"); `flags` take none. Anything else starting with "--" is
    /// refused.
    Arguments(const QString& command, const QStringList& args, const QStringList& valued, const QStringList& flags);

    bool flag(const QString& name) const { return flags_.contains(name); }
    std::optional<QString> value(const QString& name) const;
    QStringList values(const QString& name) const { return values_.value(name); }
    const QStringList& positionals() const noexcept { return positionals_; }

    int intValue(const QString& name, int fallback, int lo, int hi) const;
    double doubleValue(const QString& name, double fallback) const;
    /// One of `choices` (case-sensitive), or fallback when absent.
    QString choice(const QString& name, const QStringList& choices, const QString& fallback) const;

private:
    QString command_;
    QSet<QString> flags_;
    QMap<QString, QStringList> values_;
    QStringList positionals_;
};

}  // namespace topospike::cli
