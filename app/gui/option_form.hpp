#pragma once
// A form generated from the option table (options/option_table.hpp): one editor per option of the chosen groups,
// with the table's range, choices, default and help — so GUI dialogs, CLI flags and session files share one
// definition. Used by the figure export dialog.

#include <QStringList>
#include <QWidget>
#include <map>

#include "options/option_table.hpp"

namespace topospike::gui {

class OptionForm : public QWidget {
    Q_OBJECT
public:
    /// Editors for every option of `groups`, minus `exclude`.
    OptionForm(const QStringList& groups, const QStringList& exclude = {}, QWidget* parent = nullptr);

    /// Shows `values` (defaults for options not set).
    void setValues(const options::OptionValues& values);
    /// The edited values (every option of the form set explicitly). Errors are impossible by construction
    /// (editors enforce the ranges) except for free text, reported as the first error message; empty when fine.
    options::OptionValues values(QString* error = nullptr) const;
    /// The editor of one option (tests).
    QWidget* editor(const QString& name) const;

signals:
    void changed();

private:
    std::map<QString, QWidget*> editors_;
};

}  // namespace topospike::gui
