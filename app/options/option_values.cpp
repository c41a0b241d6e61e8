// Option values: text and typed values parsed and checked against the table. Stored types: Bool → bool,
// Int → int, Double → double, Length → double (mm), String / Path → QString as given, Choice → the choice as the
// table spells it (matching is case-insensitive).
#include <QLocale>
#include <QRegularExpression>
#include <cmath>

#include "options/option_table.hpp"

namespace topospike::options {
namespace {

struct Parsed {
    QVariant value;
    QString error;  ///< the problem, without the "--name: " prefix
};

Parsed fail(const QString& problem) { return {QVariant(), problem}; }

QString number(double v) { return QString::number(v, 'g', QLocale::FloatingPointShortest); }

/// The range problem of a numeric value, or an empty string. Lengths are reported in mm.
QString rangeProblem(const OptionSpec& spec, double v) {
    if (spec.min == spec.max) return {};
    const QString unit = spec.type == OptionType::Length ? " mm" : "";
    if (spec.minExclusive && v <= spec.min) return QString("%1%2 must be above %3%2").arg(number(v), unit, number(spec.min));
    if (v < spec.min || v > spec.max)
        return QString("%1%2 is outside %3..%4%2").arg(number(v), unit, number(spec.min), number(spec.max));
    return {};
}

Parsed numeric(const OptionSpec& spec, double v) {
    if (!std::isfinite(v)) return fail(QString("%1 is not a finite number").arg(number(v)));
    if (const QString problem = rangeProblem(spec, v); !problem.isEmpty()) return fail(problem);
    if (spec.type == OptionType::Int) return {QVariant(static_cast<int>(v)), {}};
    return {QVariant(v), {}};
}

Parsed fromText(const OptionSpec& spec, const QString& raw) {
    const QString text = raw.trimmed();
    switch (spec.type) {
    case OptionType::Bool: {
        const QString t = text.toLower();
        if (t == "true" || t == "1" || t == "yes" || t == "on") return {QVariant(true), {}};
        if (t == "false" || t == "0" || t == "no" || t == "off") return {QVariant(false), {}};
        return fail(QString("'%1' is not true or false (also yes/no, on/off, 1/0)").arg(text));
    }
    case OptionType::Int: {
        bool ok = false;
        const int v = text.toInt(&ok);
        if (!ok) return fail(QString("'%1' is not a whole number").arg(text));
        return numeric(spec, v);
    }
    case OptionType::Double: {
        bool ok = false;
        const double v = text.toDouble(&ok);
        if (!ok || !std::isfinite(v)) return fail(QString("'%1' is not a number").arg(text));
        return numeric(spec, v);
    }
    case OptionType::Length: {
        const auto mm = parseLengthMm(text);
        if (!mm) return fail(QString("'%1' is not a length (a number with mm, cm, in or pt; mm when bare)").arg(text));
        return numeric(spec, *mm);
    }
    case OptionType::Choice:
        for (const QString& choice : spec.choices)
            if (choice.compare(text, Qt::CaseInsensitive) == 0) return {QVariant(choice), {}};
        return fail(QString("'%1' is not one of %2").arg(text, spec.choices.join(", ")));
    case OptionType::String:
        if (spec.check)
            if (const QString problem = spec.check(text); !problem.isEmpty()) return fail(problem);
        return {QVariant(raw), {}};
    case OptionType::Path:
        return {QVariant(raw), {}};
    }
    return fail("unsupported option type");
}

bool isNumber(const QVariant& v) {
    switch (v.typeId()) {
    case QMetaType::Int: case QMetaType::UInt: case QMetaType::LongLong: case QMetaType::ULongLong:
    case QMetaType::Double: case QMetaType::Float:
        return true;
    default:
        return false;
    }
}

Parsed fromVariant(const OptionSpec& spec, const QVariant& value) {
    if (value.typeId() == QMetaType::QString) return fromText(spec, value.toString());
    switch (spec.type) {
    case OptionType::Bool:
        if (value.typeId() == QMetaType::Bool) return {QVariant(value.toBool()), {}};
        return fail(QString("expected true or false, got '%1'").arg(value.toString()));
    case OptionType::Int: {
        const double v = value.toDouble();
        if (!isNumber(value) || v != std::floor(v)) return fail(QString("expected a whole number, got '%1'").arg(value.toString()));
        return numeric(spec, v);
    }
    case OptionType::Double:
    case OptionType::Length:
        if (!isNumber(value)) return fail(QString("expected a number, got '%1'").arg(value.toString()));
        return numeric(spec, value.toDouble());
    case OptionType::String:
    case OptionType::Choice:
    case OptionType::Path:
        return fail(QString("expected text, got '%1'").arg(value.toString()));
    }
    return fail("unsupported option type");
}

}  // namespace

std::optional<double> parseLengthMm(const QString& text) {
    static const QRegularExpression pattern("^\\s*([-+0-9.eE]+)\\s*(mm|cm|in|pt)?\\s*$",
                                            QRegularExpression::CaseInsensitiveOption);
    const auto match = pattern.match(text);
    if (!match.hasMatch()) return std::nullopt;
    bool ok = false;
    const double v = match.captured(1).toDouble(&ok);
    if (!ok || !std::isfinite(v)) return std::nullopt;
    const QString unit = match.captured(2).toLower();
    const double perUnit = unit == "cm" ? 10.0 : unit == "in" ? 25.4 : unit == "pt" ? 25.4 / 72.0 : 1.0;
    return std::round(v * perUnit * 1e6) / 1e6;  // to the nanometre: 3.5in is 88.9mm, not 88.89999999999999
}

QString formatValue(const OptionSpec& spec, const QVariant& value) {
    switch (spec.type) {
    case OptionType::Bool: return value.toBool() ? "true" : "false";
    case OptionType::Int: return QString::number(value.toInt());
    case OptionType::Double: return number(value.toDouble());
    case OptionType::Length: return number(value.toDouble()) + "mm";
    case OptionType::String:
    case OptionType::Choice:
    case OptionType::Path: return value.toString();
    }
    return value.toString();
}

QString OptionValues::set(const QString& name, const QString& text) {
    const OptionSpec* spec = findOption(name);
    if (!spec) return QString("--%1: unknown option").arg(name);
    Parsed parsed = fromText(*spec, text);
    if (!parsed.error.isEmpty()) return QString("--%1: %2").arg(name, parsed.error);
    values_[name] = std::move(parsed.value);
    return {};
}

QString OptionValues::setValue(const QString& name, const QVariant& value) {
    const OptionSpec* spec = findOption(name);
    if (!spec) return QString("--%1: unknown option").arg(name);
    Parsed parsed = fromVariant(*spec, value);
    if (!parsed.error.isEmpty()) return QString("--%1: %2").arg(name, parsed.error);
    values_[name] = std::move(parsed.value);
    return {};
}

QVariant OptionValues::value(const QString& name) const {
    if (const auto it = values_.find(name); it != values_.end()) return it->second;
    const OptionSpec* spec = findOption(name);
    return spec ? spec->defaultValue : QVariant();
}

bool OptionValues::isSet(const QString& name) const { return values_.count(name) != 0; }

}  // namespace topospike::options
