// Registration of the static library's Qt resources (resources/topospike.qrc, shaders/shaders.qrc).

#include "gui/gui_resources.hpp"

#include <QtGlobal>

// Q_INIT_RESOURCE declares the generated qInitResources_<name>() where it expands, so it must be used outside
// any namespace.
static void registerTopospikeResources() {
    Q_INIT_RESOURCE(topospike);
    Q_INIT_RESOURCE(shaders);
}

namespace topospike::gui {

void initGuiResources() {
    static const bool registered = (registerTopospikeResources(), true);
    (void)registered;
}

}  // namespace topospike::gui
