#include "gui/option_form.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QSpinBox>

namespace topospike::gui {

using options::OptionSpec;
using options::OptionType;

namespace {
QString label(const OptionSpec& s) {
    QString l = s.name;
    l.replace('-', ' ');
    if (!l.isEmpty()) l[0] = l[0].toUpper();
    return l;
}
}  // namespace

OptionForm::OptionForm(const QStringList& groups, const QStringList& exclude, QWidget* parent) : QWidget(parent) {
    auto* form = new QFormLayout(this);
    for (const OptionSpec& s : options::optionTable()) {
        if (!groups.contains(s.group) || exclude.contains(s.name)) continue;
        QWidget* w = nullptr;
        switch (s.type) {
            case OptionType::Bool: {
                auto* c = new QCheckBox(this);
                connect(c, &QCheckBox::toggled, this, &OptionForm::changed);
                w = c;
                break;
            }
            case OptionType::Int: {
                auto* b = new QSpinBox(this);
                if (s.min != s.max) b->setRange(static_cast<int>(s.min), static_cast<int>(s.max));
                connect(b, &QSpinBox::valueChanged, this, &OptionForm::changed);
                w = b;
                break;
            }
            case OptionType::Double:
            case OptionType::Length: {
                auto* b = new QDoubleSpinBox(this);
                b->setDecimals(2);
                if (s.min != s.max) b->setRange(s.min, s.max);
                else b->setRange(-1e9, 1e9);
                if (s.type == OptionType::Length) b->setSuffix(QStringLiteral(" mm"));
                connect(b, &QDoubleSpinBox::valueChanged, this, &OptionForm::changed);
                w = b;
                break;
            }
            case OptionType::Choice: {
                auto* c = new QComboBox(this);
                c->addItems(s.choices);
                connect(c, &QComboBox::currentIndexChanged, this, &OptionForm::changed);
                w = c;
                break;
            }
            case OptionType::String:
            case OptionType::Path: {
                auto* e = new QLineEdit(this);
                connect(e, &QLineEdit::textChanged, this, &OptionForm::changed);
                w = e;
                break;
            }
        }
        w->setObjectName(s.name);
        w->setToolTip(s.help);
        form->addRow(label(s), w);
        editors_[s.name] = w;
    }
    setValues({});
}

void OptionForm::setValues(const options::OptionValues& values) {
    for (auto& [name, w] : editors_) {
        const OptionSpec* s = options::findOption(name);
        const QVariant v = values.value(name);
        QSignalBlocker block(w);
        switch (s->type) {
            case OptionType::Bool: static_cast<QCheckBox*>(w)->setChecked(v.toBool()); break;
            case OptionType::Int: static_cast<QSpinBox*>(w)->setValue(v.toInt()); break;
            case OptionType::Double:
            case OptionType::Length: static_cast<QDoubleSpinBox*>(w)->setValue(v.toDouble()); break;
            case OptionType::Choice: {
                auto* c = static_cast<QComboBox*>(w);
                const int i = c->findText(v.toString(), Qt::MatchFixedString);
                c->setCurrentIndex(std::max(0, i));
                break;
            }
            case OptionType::String:
            case OptionType::Path: static_cast<QLineEdit*>(w)->setText(v.toString()); break;
        }
    }
}

options::OptionValues OptionForm::values(QString* error) const {
    options::OptionValues out;
    QString first;
    for (const auto& [name, w] : editors_) {
        const OptionSpec* s = options::findOption(name);
        QVariant v;
        switch (s->type) {
            case OptionType::Bool: v = static_cast<QCheckBox*>(w)->isChecked(); break;
            case OptionType::Int: v = static_cast<QSpinBox*>(w)->value(); break;
            case OptionType::Double:
            case OptionType::Length: v = static_cast<QDoubleSpinBox*>(w)->value(); break;
            case OptionType::Choice: v = static_cast<QComboBox*>(w)->currentText(); break;
            case OptionType::String:
            case OptionType::Path: v = static_cast<QLineEdit*>(w)->text(); break;
        }
        const QString e = out.setValue(name, v);
        if (!e.isEmpty() && first.isEmpty()) first = e;
    }
    if (error) *error = first;
    return out;
}

QWidget* OptionForm::editor(const QString& name) const {
    const auto it = editors_.find(name);
    return it == editors_.end() ? nullptr : it->second;
}

}  // namespace topospike::gui
