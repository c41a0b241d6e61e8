// MainWindow: sessions (save, open, autosave, crash recovery) and figure export — all through the option table,
// so a session saved here gives the same figure in `topospike-cli figure --session`.
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QProgressBar>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "figure/session_figure.hpp"
#include "gui/main_window.hpp"
#include "gui/option_form.hpp"
#include "gui/stimulus_panel.hpp"
#include "gui/time_panel.hpp"
#include "options/option_settings.hpp"
#include "topospike/demo/demo_network.hpp"
#include "topospike/error.hpp"

namespace topospike::gui {
namespace fs = std::filesystem;

namespace {

/// The built-in demo as `topospike` with no file opens it (the default options' cache folder): a session stores
/// it as "no checkpoint", so it travels between machines. Any other file, including other demo builds, is a path.
bool isDefaultDemo(const app::OpenModel& m) {
    if (!m.demo) return false;
    std::error_code ec;
    return fs::equivalent(m.checkpoint.parent_path(), demo::userCacheDirectory() / demo::DemoOptions{}.cacheKey(), ec);
}
}  // namespace

options::Session MainWindow::currentSession() const {
    options::Session s;
    if (!model_) return s;
    s.checkpoint = isDefaultDemo(*model_) ? fs::path() : fs::absolute(model_->checkpoint);
    s.positions = model_->positionsPath.empty() ? fs::path() : fs::absolute(model_->positionsPath);
    options::OptionValues& o = s.options;
    if (sheet_->layerCount() > 0) options::setKnownValue(o, "layer", QString::fromStdString(sheet_->layer(sheet_->focusedLayer()).name));
    options::setKnownValue(o, "color-by", QString::fromLatin1(app::colorModeInfo(request_.mode).key));
    options::setKnownValue(o, "colormap", request_.colormap.empty() ? QStringLiteral("auto") : QString::fromStdString(request_.colormap));
    options::setKnownValue(o, "mask-percentile", request_.maskPercentile);
    if (categoryMaps_ && request_.contrast < static_cast<int>(categoryMaps_->contrasts.size()))
        options::setKnownValue(o, "contrast", QString::fromStdString(categoryMaps_->contrasts[static_cast<std::size_t>(request_.contrast)]));
    options::setKnownValue(o, "timestep", time_->timestep());
    const StimulusChoice st = stimulus_->stimulus();
    if (st.kind == StimulusChoice::Kind::ImageFile) {
        options::setKnownValue(o, "stimulus", QStringLiteral("image"));
        options::setKnownValue(o, "image", QString::fromStdString(fs::absolute(st.imageFile).string()));
    } else {
        options::setKnownValue(o, "stimulus", QStringLiteral("grating"));
    }
    options::setGrating(o, st.grating);
    options::setRunOptions(o, stimulus_->timesteps(), stimulus_->neuron());
    s.zoom = sheet_->zoom();
    s.centerMm = std::pair(sheet_->centerMm().x(), sheet_->centerMm().y());
    if (pinned_.valid())
        s.pinned.push_back({QString::fromStdString(sheet_->layer(pinned_.layer).name), pinned_.unit});
    return s;
}

void MainWindow::openSession(const QString& file) {
    options::Session s;
    try {
        s = options::loadSession(file.toStdString());
    } catch (const std::exception& e) {
        showError(tr("Cannot open session"), QString::fromUtf8(e.what()));
        emit loadFinished(false);
        return;
    }
    rememberRecent(file);
    pendingSession_ = std::make_shared<options::Session>(std::move(s));
    if (pendingSession_->checkpoint.empty())
        openDemo();
    else
        openCheckpoint(QString::fromStdString(pendingSession_->checkpoint.string()),
                       QString::fromStdString(pendingSession_->positions.string()));
}

void MainWindow::applyPendingSession() {
    if (!pendingSession_) return;
    const auto s = std::exchange(pendingSession_, nullptr);
    const options::OptionValues& o = s->options;
    StimulusChoice st = stimulus_->stimulus();
    st.kind = options::imageStimulus(o) ? StimulusChoice::Kind::ImageFile : StimulusChoice::Kind::Grating;
    st.imageFile = o.value("image").toString().toStdString();
    st.grating = options::gratingSpec(o, st.grating.size);
    const model::NeuronSettings n = options::neuronSettings(o);
    {
        // One run for the whole restored state, not one per setting.
        const QSignalBlocker block(stimulus_);
        stimulus_->setTimesteps(o.value("T").toInt());
        stimulus_->setNeuron(n);
        stimulus_->setStimulus(st);
    }
    if (const auto mode = app::parseColorMode(o.value("color-by").toString().toStdString())) setColorMode(*mode);
    const QString cmap = o.value("colormap").toString();
    request_.colormap = cmap == "auto" ? std::string() : cmap.toStdString();
    request_.maskPercentile = o.value("mask-percentile").toDouble();
    maskBox_->setValue(static_cast<int>(request_.maskPercentile));
    pendingContrast_ = o.value("contrast").toString();
    focusLayer(o.value("layer").toString());
    if (s->centerMm) sheet_->setZoom(s->zoom, QPointF(s->centerMm->first, s->centerMm->second));
    pendingTimestep_ = o.value("timestep").toInt();
    for (const auto& p : s->pinned)
        for (int i = 0; i < sheet_->layerCount(); ++i)
            if (QString::fromStdString(sheet_->layer(i).name) == p.layer) pinUnit({i, p.unit});
    updateModeControls();
    applyRunSettings();
}

void MainWindow::saveSessionAs() {
    QString file = QFileDialog::getSaveFileName(this, tr("Save session"), QSettings().value("paths/lastDir").toString(),
                                                tr("TopoSpike sessions (*.topospike.json *.json)"));
    if (file.isEmpty()) return;
    if (QFileInfo(file).suffix().isEmpty()) file += ".topospike.json";  // the session MIME type's glob
    saveSessionTo(file);
}

bool MainWindow::saveSessionTo(const QString& file) {
    if (!model_) return false;
    try {
        options::saveSession(file.toStdString(), currentSession());
    } catch (const std::exception& e) {
        showError(tr("Cannot save session"), QString::fromUtf8(e.what()));
        return false;
    }
    sessionFile_ = file;
    rememberRecent(file);
    statusBar()->showMessage(tr("Session saved to %1").arg(file), 5000);
    return true;
}

void MainWindow::autosave() {
    if (!model_) return;
    try {
        const fs::path path = options::autosavePath();
        fs::create_directories(path.parent_path());
        options::saveSession(path, currentSession());
    } catch (const std::exception&) {
        // Autosave is a safety net; failing to write it must not disturb the user.
    }
}

void MainWindow::exportFigure(const QString& file, const options::OptionValues& figureOptions) {
    if (!model_) return;
    options::Session s = currentSession();
    for (const auto& [name, value] : figureOptions.explicitValues()) s.options.setValue(name, value);
    statusBar()->showMessage(tr("Exporting %1\u2026").arg(file));
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, file] {
        const QString error = watcher->result();
        watcher->deleteLater();
        if (!error.isEmpty()) {
            showError(tr("Cannot export the figure"), error);
            emit figureExported(file, false);
            return;
        }
        statusBar()->showMessage(tr("Figure written to %1").arg(file), 8000);
        emit figureExported(file, true);
    });
    watcher->setFuture(QtConcurrent::run([s, file]() -> QString {
        try {
            figure::renderFigure(figure::composeSessionFigure(s).figure, file.toStdString());
            return {};
        } catch (const std::exception& e) {
            return QString::fromUtf8(e.what());
        }
    }));
}

void MainWindow::chooseFigureExport() {
    if (!model_) return;
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Export figure"));
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(new QLabel(tr("The view as shown, on a page of this size. SVG and PDF keep text as text; "
                                    "points are rasterised at the DPI unless \u201cvector\u201d is on."),
                                 &dialog));
    auto* panels = new QComboBox(&dialog);
    const QString focused = sheet_->layerCount() > 0 ? QString::fromStdString(sheet_->layer(sheet_->focusedLayer()).name) : QString();
    panels->addItem(tr("The focused layer (%1)").arg(focused), focused);
    panels->addItem(tr("Every topographic layer"), QStringLiteral("all"));
    layout->addWidget(panels);
    auto* form = new OptionForm({"figure"}, {}, &dialog);
    options::OptionValues saved;
    QSettings settings;
    for (const auto& spec : options::optionTable())
        if (spec.group == "figure" && settings.contains("figure/" + spec.name))
            saved.set(spec.name, settings.value("figure/" + spec.name).toString());
    form->setValues(saved);
    layout->addWidget(form);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, &dialog);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted) return;
    QString error;
    options::OptionValues values = form->values(&error);
    if (!error.isEmpty()) return showError(tr("Export figure"), error);
    for (const auto& [name, value] : values.explicitValues()) {
        const auto* spec = options::findOption(name);
        settings.setValue("figure/" + name, options::formatValue(*spec, value));
    }
    const QString file = QFileDialog::getSaveFileName(this, tr("Export figure"), settings.value("paths/lastDir").toString(),
                                                      tr("PDF (*.pdf);;SVG (*.svg);;PNG (*.png)"));
    values.set("layer", panels->currentData().toString());  // not remembered: the focus changes with the view
    if (!file.isEmpty()) exportFigure(file, values);
}

}  // namespace topospike::gui
