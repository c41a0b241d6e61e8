#pragma once
// Light or dark theme: "system" follows the desktop (the platform palette at start-up, judged by its window
// colour), "light" and "dark" force Fusion with a matching palette. Figures and exports stay white whatever the
// theme; the sheet view's background follows it.

#include <QString>

class QWidget;

namespace topospike::gui {

enum class Theme { System, Light, Dark };
Theme parseTheme(const QString& s);  ///< "system" (default for anything unknown), "light", "dark"
QString themeKey(Theme t);
/// Applies the theme to the application (palette, style). Call once QApplication exists.
void applyTheme(Theme t);
/// True when the palette in use is dark.
bool darkPaletteActive();

/// The About dialog: program and engine version, Qt, VTK, oneTBB, Eigen versions, the kernels' instruction set,
/// OpenGL renderer when known, and the project's licence and link.
void showAboutDialog(QWidget* parent, const QString& glRenderer);

}  // namespace topospike::gui
