#include "gui/table_ranges.hpp"

#include <QDoubleSpinBox>
#include <QSpinBox>
#include <cmath>

#include "options/option_table.hpp"

namespace topospike::gui {

namespace {
const options::OptionSpec& spec(const QString& name) {
    const options::OptionSpec* s = options::findOption(name);
    Q_ASSERT_X(s, "applyOptionRange", qPrintable(name));
    return *s;
}
}  // namespace

void applyOptionRange(QSpinBox* box, const QString& name) {
    const auto& s = spec(name);
    if (s.min != s.max) box->setRange(static_cast<int>(s.min) + (s.minExclusive ? 1 : 0), static_cast<int>(s.max));
    box->setValue(s.defaultValue.toInt());
    box->setToolTip(s.help);
}

void applyOptionRange(QDoubleSpinBox* box, const QString& name) {
    const auto& s = spec(name);
    if (s.min != s.max) box->setRange(s.min + (s.minExclusive ? std::pow(10.0, -box->decimals()) : 0.0), s.max);
    box->setValue(s.defaultValue.toDouble());
    box->setToolTip(s.help);
}

}  // namespace topospike::gui
