#pragma once
// GUI editors take their range, default and tooltip from the option table (options/option_table.hpp), the same
// definitions the CLI flags and session files use, so a value the GUI accepts is one the CLI and a session accept.

#include <QString>

class QDoubleSpinBox;
class QSpinBox;

namespace topospike::gui {

/// Range (the table's; an exclusive minimum is nudged up by one step), default value and tooltip of option `name`.
void applyOptionRange(QSpinBox* box, const QString& name);
void applyOptionRange(QDoubleSpinBox* box, const QString& name);

}  // namespace topospike::gui
