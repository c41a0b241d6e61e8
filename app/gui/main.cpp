// topospike: the Qt 6 GUI.

#include <QApplication>
#include <QCommandLineParser>

#include "gui/main_window.hpp"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName("TopoSpike");
    QApplication::setOrganizationName("TopoSpike");
    QApplication::setApplicationVersion(TOPOSPIKE_VERSION);
    QApplication::setDesktopFileName("io.github.topospike.TopoSpike");

    QCommandLineParser parser;
    parser.setApplicationDescription("Live explorer for topographic deep spiking neural networks");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("file", "Checkpoint or position file/folder to open.", "[file]");
    parser.process(app);

    topospike::gui::MainWindow window;
    window.show();
    if (!parser.positionalArguments().isEmpty()) window.openPath(parser.positionalArguments().first());
    return app.exec();
}
