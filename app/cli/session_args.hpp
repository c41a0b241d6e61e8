#pragma once
// Option-table flags on the command line (options/option_table.hpp): the commands that take settings shared with
// the GUI and session files (figure, export maps) accept exactly the table's options of some groups, so a flag
// means the same everywhere.

#include <QStringList>
#include <utility>

#include "cli/arguments.hpp"
#include "options/option_table.hpp"

namespace topospike::cli {

/// The table's flags of `groups`: valued ("--dpi") and boolean ("--vector", "--no-vector").
std::pair<QStringList, QStringList> tableFlags(const QStringList& groups);
/// Sets every table option of `groups` given in `args` on `values`. Throws UsageError naming the option.
void applyTableFlags(const Arguments& args, const QStringList& groups, options::OptionValues& values);

}  // namespace topospike::cli
