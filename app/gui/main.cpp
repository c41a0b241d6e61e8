// topospike: the Qt 6 GUI, a live explorer of topographic spiking networks.

#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>
#include <QSurfaceFormat>
#include <cstdio>

#include <QAbstractButton>
#include <QMessageBox>

#include "gui/app_theme.hpp"
#include "gui/crash_guard.hpp"
#include "options/option_table.hpp"
#include "options/session.hpp"
#include "gui/main_window.hpp"
#include "gui/screenshot_mode.hpp"

namespace {
/// A command-line option defined by the option table (name, help with default and range, value name).
QCommandLineOption tableOption(const char* name) {
    const topospike::options::OptionSpec* spec = topospike::options::findOption(QString::fromLatin1(name));
    QString help = spec->help;
    if (!spec->choices.isEmpty()) help += QStringLiteral(" (one of: %1)").arg(spec->choices.join(", "));
    return QCommandLineOption(spec->name, help, spec->valueName.isEmpty() ? QStringLiteral("value") : spec->valueName);
}
}  // namespace

int main(int argc, char** argv) {
    // OpenGL 3.3 core for the sheet shaders; set before QApplication so every context shares the format.
    QSurfaceFormat format;
    format.setVersion(3, 3);
    format.setProfile(QSurfaceFormat::CoreProfile);
    format.setDepthBufferSize(24);
    format.setStencilBufferSize(8);
    format.setSamples(0);
    QSurfaceFormat::setDefaultFormat(format);
    QApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    // --help and --version need no window: on a machine without a display they still answer.
    const bool displayless = qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
    for (int i = 1; i < argc && displayless; ++i) {
        const QByteArray a(argv[i]);
        if ((a == "--help" || a == "-h" || a == "--version" || a == "-v") && !qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName("TopoSpike");
    QApplication::setOrganizationName("TopoSpike");
    QApplication::setApplicationVersion(TOPOSPIKE_VERSION);
    QApplication::setDesktopFileName("io.github.topospike.TopoSpike");

    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Live explorer for topographic deep spiking neural networks. With no file, opens the built-in demo network.");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("file", "Checkpoint (.pth, .pt, .safetensors), session (.json) or demo folder to open.", "[file]");
    QCommandLineOption positions("positions", "Positions file or TDANN folder (default: found beside the checkpoint).", "path");
    QCommandLineOption screenshot("screenshot", "Save the main window as PNG once the first results are shown, then exit.", "file");
    // View options share the option table's names, help and checks with topospike-cli and session files.
    QCommandLineOption layer = tableOption("layer");
    QCommandLineOption colorBy = tableOption("color-by");
    QCommandLineOption timestep = tableOption("timestep");
    QCommandLineOption pin("pin", "Unit of the focused layer to pin in the inspector for the screenshot.", "unit");
    QCommandLineOption size("size", "Window size for the screenshot, WIDTHxHEIGHT (default 1400x880).", "size");
    parser.addOptions({positions, screenshot, layer, colorBy, timestep, pin, size});
    parser.process(app);

    topospike::gui::ScreenshotRequest shot;
    topospike::options::OptionValues checked;  // the table's checks, as topospike-cli and sessions apply them
    for (const QString& name : {QStringLiteral("color-by"), QStringLiteral("timestep")}) {
        if (!parser.isSet(name)) continue;
        if (const QString error = checked.set(name, parser.value(name)); !error.isEmpty()) {
            std::fprintf(stderr, "topospike: %s\n", qPrintable(error));
            return 2;
        }
    }
    if (parser.isSet(colorBy))
        shot.colorBy = topospike::app::parseColorMode(checked.value("color-by").toString().toStdString());
    topospike::gui::applyTheme(topospike::gui::parseTheme(QSettings().value("view/theme", "system").toString()));

    topospike::gui::MainWindow window;
    if (parser.isSet(size) || parser.isSet(screenshot)) {
        const QStringList wh = parser.value(size).split('x');
        const int w = wh.size() == 2 ? wh[0].toInt() : 1400, h = wh.size() == 2 ? wh[1].toInt() : 880;
        window.resize(w > 200 ? w : 1400, h > 200 ? h : 880);
    }
    window.show();

    if (parser.isSet(screenshot)) {
        shot.file = parser.value(screenshot);
        shot.layer = parser.value(layer);
        shot.timestep = parser.isSet(timestep) ? checked.value("timestep").toInt() : -1;
        shot.pin = parser.isSet(pin) ? parser.value(pin).toLongLong() : -1;
        auto* director = new topospike::gui::ScreenshotDirector(&window, shot);
        QObject::connect(director, &topospike::gui::ScreenshotDirector::done, &app, [](int code) { QApplication::exit(code); });
        director->arm();
    } else if (parser.isSet(layer) || shot.colorBy) {
        QObject::connect(&window, &topospike::gui::MainWindow::loadFinished, &window, [&](bool ok) {
            if (!ok) return;
            if (parser.isSet(layer)) window.focusLayer(parser.value(layer));
            if (shot.colorBy) window.setColorMode(*shot.colorBy);
        });
    }
    // Crash recovery (not in screenshot mode, which must not ask anything).
    const auto autosaved = topospike::options::autosavePath();
    topospike::gui::CrashGuard guard(autosaved.parent_path() / "running.pid");
    std::error_code ec;
    if (guard.previousRunCrashed() && !parser.isSet(screenshot) && std::filesystem::is_regular_file(autosaved, ec)) {
        auto* ask = new QMessageBox(QMessageBox::Question, "TopoSpike",
                                    "TopoSpike did not close properly last time. Restore the view it autosaved?",
                                    QMessageBox::Yes | QMessageBox::No, &window);
        ask->setAttribute(Qt::WA_DeleteOnClose);
        QObject::connect(ask, &QMessageBox::buttonClicked, &window, [ask, &window, autosaved](QAbstractButton* b) {
            if (ask->standardButton(b) == QMessageBox::Yes) window.openSession(QString::fromStdString(autosaved.string()));
        });
        ask->open();
    }
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty())
        window.openDemo();
    else if (parser.isSet(positions))
        window.openCheckpoint(files.first(), parser.value(positions));
    else
        window.openPath(files.first());
    return app.exec();
}
