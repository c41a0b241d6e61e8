#pragma once
// The GUI's compiled-in Qt resources (icons, shaders). topospike_gui is a static library, so its .qrc data is
// registered only when something calls Q_INIT_RESOURCE; widgets that load resources call this first.

namespace topospike::gui {

/// Registers the ":/topospike/..." resources (icon, shaders). Safe to call any number of times.
void initGuiResources();

}  // namespace topospike::gui
