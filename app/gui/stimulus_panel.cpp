#include "gui/stimulus_panel.hpp"

#include "gui/table_ranges.hpp"

#include <QCheckBox>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "topospike/error.hpp"
#include "topospike/stimuli/image_set.hpp"

namespace topospike::gui {
namespace {

constexpr int kPreviewSide = 180;
constexpr int kPathRole = Qt::UserRole;

QString pathText(const std::filesystem::path& p) { return QString::fromStdString(p.string()); }

double degrees(double radians) { return radians * 180.0 / std::numbers::pi; }
double radians(double degrees) { return degrees * std::numbers::pi / 180.0; }

// A slider and a label or spin box beside it, as one form row.
QWidget* row(QWidget* parent, QWidget* a, QWidget* b) {
    auto* w = new QWidget(parent);
    auto* l = new QHBoxLayout(w);
    l->setContentsMargins(0, 0, 0, 0);
    l->addWidget(a, 1);
    l->addWidget(b);
    return w;
}

}  // namespace

QString StimulusChoice::describe() const {
    if (kind == Kind::ImageFile) return QString::fromStdString(imageFile.filename().string());
    return QStringLiteral("grating %1\u00b0, %2 cpd, phase %3\u00b0, contrast %4, %5")
        .arg(QString::number(grating.orientationDeg, 'g', 4))
        .arg(QString::number(grating.cyclesPerDegree(), 'f', 2))
        .arg(QString::number(std::lround(degrees(grating.phase))))
        .arg(QString::number(grating.contrast, 'g', 3))
        .arg(grating.color == stimuli::ColorPair::BlackWhite ? "b/w" : "red/cyan");
}

StimulusPanel::StimulusPanel(QWidget* parent) : QWidget(parent) {
    changed_ = new QTimer(this);
    changed_->setSingleShot(true);
    changed_->setInterval(0);
    connect(changed_, &QTimer::timeout, this, &StimulusPanel::stimulusChanged);

    source_ = new QTabWidget(this);
    source_->addTab(buildGratingTab(), tr("Grating"));
    source_->addTab(buildImageTab(), tr("Image"));
    source_->addTab(buildSetTab(), tr("Image set"));
    connect(source_, &QTabWidget::currentChanged, this, &StimulusPanel::scheduleStimulusChanged);

    preview_ = new QLabel(this);
    preview_->setFixedSize(kPreviewSide, kPreviewSide);
    preview_->setAlignment(Qt::AlignCenter);
    preview_->setFrameShape(QFrame::StyledPanel);
    preview_->setToolTip(tr("The stimulus as the network sees it (before normalisation)"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(source_);
    layout->addWidget(preview_, 0, Qt::AlignHCenter);
    layout->addWidget(buildRunSettings());
    layout->addStretch(1);
    updateNeuronWidgets();
}

QWidget* StimulusPanel::buildGratingTab() {
    auto* tab = new QWidget(this);
    auto* form = new QFormLayout(tab);

    orientation_ = new QSlider(Qt::Horizontal, tab);
    orientation_->setRange(0, 179);
    orientation_->setPageStep(15);
    orientationSpin_ = new QSpinBox(tab);
    orientationSpin_->setRange(0, 179);
    orientationSpin_->setSuffix(QStringLiteral("\u00b0"));
    connect(orientation_, &QSlider::valueChanged, orientationSpin_, &QSpinBox::setValue);
    connect(orientationSpin_, &QSpinBox::valueChanged, orientation_, &QSlider::setValue);
    connect(orientation_, &QSlider::valueChanged, this, &StimulusPanel::scheduleStimulusChanged);
    form->addRow(tr("Orientation"), row(tab, orientation_, orientationSpin_));

    sf_ = new QDoubleSpinBox(tab);
    sf_->setDecimals(2);
    applyOptionRange(sf_, "sf");
    sf_->setSingleStep(0.25);
    sf_->setSuffix(tr(" cycles/\u00b0"));
    sf_->setValue(cyclesPerImage_ / stimuli::kDegreesPerImage);
    sf_->setToolTip(tr("Spatial frequency; the image spans %1\u00b0 of visual angle").arg(stimuli::kDegreesPerImage));
    connect(sf_, &QDoubleSpinBox::valueChanged, this, [this](double cpd) {
        if (!updating_) cyclesPerImage_ = cpd * stimuli::kDegreesPerImage;
        scheduleStimulusChanged();
    });
    form->addRow(tr("Spatial frequency"), sf_);

    phase_ = new QSlider(Qt::Horizontal, tab);
    phase_->setRange(0, 359);
    phase_->setPageStep(30);
    phaseLabel_ = new QLabel(tab);
    phaseLabel_->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("359\u00b0")));
    phaseLabel_->setText(QStringLiteral("0\u00b0"));
    connect(phase_, &QSlider::valueChanged, this, [this](int v) {
        phaseLabel_->setText(QStringLiteral("%1\u00b0").arg(v));
        scheduleStimulusChanged();
    });
    form->addRow(tr("Phase"), row(tab, phase_, phaseLabel_));

    contrast_ = new QDoubleSpinBox(tab);
    contrast_->setDecimals(2);
    contrast_->setSingleStep(0.05);
    applyOptionRange(contrast_, "grating-contrast");
    connect(contrast_, &QDoubleSpinBox::valueChanged, this, &StimulusPanel::scheduleStimulusChanged);
    form->addRow(tr("Contrast"), contrast_);

    colorPair_ = new QComboBox(tab);
    colorPair_->addItem(tr("black/white"), int(stimuli::ColorPair::BlackWhite));
    colorPair_->addItem(tr("red/cyan"), int(stimuli::ColorPair::RedCyan));
    connect(colorPair_, &QComboBox::currentIndexChanged, this, &StimulusPanel::scheduleStimulusChanged);
    form->addRow(tr("Colours"), colorPair_);
    return tab;
}

QWidget* StimulusPanel::buildImageTab() {
    auto* tab = new QWidget(this);
    auto* layout = new QVBoxLayout(tab);
    auto* choose = new QPushButton(tr("Image file\u2026"), tab);
    connect(choose, &QPushButton::clicked, this, &StimulusPanel::chooseImageFile);
    imageFileLine_ = new QLineEdit(tab);
    imageFileLine_->setReadOnly(true);
    imageFileLine_->setPlaceholderText(tr("No image chosen (PNG or JPEG)"));
    layout->addWidget(choose, 0, Qt::AlignLeft);
    layout->addWidget(imageFileLine_);
    layout->addStretch(1);
    return tab;
}

QWidget* StimulusPanel::buildSetTab() {
    auto* tab = new QWidget(this);
    auto* layout = new QVBoxLayout(tab);
    auto* choose = new QPushButton(tr("Choose folder\u2026"), tab);
    connect(choose, &QPushButton::clicked, this, &StimulusPanel::imageSetRequested);
    setFolderLabel_ = new QLabel(tr("No image set: choose a folder whose sub-folders or file-name prefixes "
                                    "are the categories."),
                                 tab);
    setFolderLabel_->setWordWrap(true);
    setTree_ = new QTreeWidget(tab);
    setTree_->setHeaderHidden(true);
    setTree_->setUniformRowHeights(true);
    connect(setTree_, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        if (!item || !item->data(0, kPathRole).isValid()) return;  // a category row
        setImage_ = item->data(0, kPathRole).toString().toStdString();
        scheduleStimulusChanged();
    });
    layout->addWidget(choose, 0, Qt::AlignLeft);
    layout->addWidget(setFolderLabel_);
    layout->addWidget(setTree_, 1);
    return tab;
}

QWidget* StimulusPanel::buildRunSettings() {
    auto* box = new QGroupBox(tr("Run"), this);
    auto* form = new QFormLayout(box);

    T_ = new QSpinBox(box);
    applyOptionRange(T_, "T");
    T_->setToolTip(tr("Timesteps T the stimulus is presented for"));
    form->addRow(tr("Timesteps T"), T_);

    model_ = new QComboBox(box);
    model_->addItem(tr("LIF"), int(model::NeuronModel::Lif));
    model_->addItem(tr("IF"), int(model::NeuronModel::If));
    form->addRow(tr("Neuron"), model_);

    const model::NeuronSettings defaults;
    tau_ = new QDoubleSpinBox(box);
    applyOptionRange(tau_, "tau");
    tau_->setToolTip(tr("LIF membrane time constant (> 1)"));
    form->addRow(tr("tau"), tau_);

    vThreshold_ = new QDoubleSpinBox(box);
    vThreshold_->setRange(-100.0, 100.0);
    vThreshold_->setSingleStep(0.1);
    vThreshold_->setValue(defaults.vThreshold);
    form->addRow(tr("v_threshold"), vThreshold_);

    vReset_ = new QDoubleSpinBox(box);
    vReset_->setRange(-100.0, 100.0);
    vReset_->setSingleStep(0.1);
    vReset_->setValue(defaults.vReset.value_or(0.0));
    softReset_ = new QCheckBox(tr("soft reset"), box);
    softReset_->setToolTip(tr("Subtract v_threshold after a spike instead of resetting to v_reset"));
    form->addRow(tr("v_reset"), row(box, vReset_, softReset_));

    decayInput_ = new QCheckBox(tr("decay_input"), box);
    decayInput_->setChecked(defaults.decayInput);
    form->addRow(QString(), decayInput_);

    neuronError_ = new QLabel(box);
    neuronError_->setWordWrap(true);
    neuronError_->setStyleSheet(QStringLiteral("color: #c0392b"));
    neuronError_->hide();
    form->addRow(neuronError_);

    connect(T_, &QSpinBox::valueChanged, this, &StimulusPanel::onRunSettingChanged);
    connect(model_, &QComboBox::currentIndexChanged, this, &StimulusPanel::onRunSettingChanged);
    for (QDoubleSpinBox* s : {tau_, vThreshold_, vReset_})
        connect(s, &QDoubleSpinBox::valueChanged, this, &StimulusPanel::onRunSettingChanged);
    for (QCheckBox* c : {softReset_, decayInput_})
        connect(c, &QCheckBox::toggled, this, &StimulusPanel::onRunSettingChanged);
    return box;
}

void StimulusPanel::scheduleStimulusChanged() {
    if (!updating_) changed_->start();
}

void StimulusPanel::onRunSettingChanged() {
    updateNeuronWidgets();
    if (!updating_) emit runSettingsChanged();
}

// Enables what applies to the chosen model and says why the settings cannot run, if they cannot.
void StimulusPanel::updateNeuronWidgets() {
    const model::NeuronSettings n = neuron();
    tau_->setEnabled(n.model == model::NeuronModel::Lif);
    decayInput_->setEnabled(n.model == model::NeuronModel::Lif);
    vReset_->setEnabled(!softReset_->isChecked());
    try {
        n.validate();
        neuronError_->hide();
    } catch (const std::invalid_argument& e) {
        neuronError_->setText(QString::fromUtf8(e.what()));
        neuronError_->show();
    }
}

void StimulusPanel::chooseImageFile() {
    QSettings settings;
    const QString start = imageFile_.empty() ? settings.value("stimulus/lastImageDir").toString()
                                             : QFileInfo(pathText(imageFile_)).absolutePath();
    const QString file = QFileDialog::getOpenFileName(this, tr("Stimulus image"), start,
                                                      tr("Images (*.png *.jpg *.jpeg);;All files (*)"));
    if (file.isEmpty()) return;
    settings.setValue("stimulus/lastImageDir", QFileInfo(file).absolutePath());
    StimulusChoice c = stimulus();
    c.kind = StimulusChoice::Kind::ImageFile;
    c.imageFile = file.toStdString();
    setStimulus(c);
}

StimulusChoice StimulusPanel::stimulus() const {
    StimulusChoice c;
    c.grating.orientationDeg = orientation_->value();
    c.grating.cyclesPerImage = cyclesPerImage_;
    c.grating.phase = radians(phase_->value());
    c.grating.contrast = contrast_->value();
    c.grating.color = stimuli::ColorPair(colorPair_->currentData().toInt());
    c.grating.size = imageSize_;
    if (source_->currentIndex() == ImageTab) {
        c.kind = StimulusChoice::Kind::ImageFile;
        c.imageFile = imageFile_;
    } else if (source_->currentIndex() == SetTab) {
        c.kind = StimulusChoice::Kind::ImageFile;
        c.imageFile = setImage_;
    }
    return c;
}

void StimulusPanel::setStimulus(const StimulusChoice& choice) {
    updating_ = true;
    const auto& g = choice.grating;
    orientation_->setValue(static_cast<int>(std::lround(g.orientationDeg)) % 180);
    cyclesPerImage_ = g.cyclesPerImage;
    sf_->setValue(g.cyclesPerDegree());
    phase_->setValue(static_cast<int>(std::lround(degrees(g.phase))) % 360);
    contrast_->setValue(g.contrast);
    colorPair_->setCurrentIndex(colorPair_->findData(int(g.color)));
    if (choice.kind == StimulusChoice::Kind::Grating) {
        source_->setCurrentIndex(GratingTab);
    } else {
        // A file of the listed set is selected in the browser; any other is the Image tab's file.
        QTreeWidgetItem* found = nullptr;
        for (int i = 0; i < setTree_->topLevelItemCount() && !found; ++i) {
            QTreeWidgetItem* category = setTree_->topLevelItem(i);
            for (int j = 0; j < category->childCount() && !found; ++j)
                if (category->child(j)->data(0, kPathRole).toString() == pathText(choice.imageFile))
                    found = category->child(j);
        }
        if (found) {
            setTree_->setCurrentItem(found);
            setImage_ = choice.imageFile;
            source_->setCurrentIndex(SetTab);
        } else {
            imageFile_ = choice.imageFile;
            imageFileLine_->setText(pathText(imageFile_));
            source_->setCurrentIndex(ImageTab);
        }
    }
    updating_ = false;
    changed_->stop();  // this signal supersedes any pending one
    emit stimulusChanged();
}

int StimulusPanel::timesteps() const { return T_->value(); }

void StimulusPanel::setTimesteps(int T) { T_->setValue(T); }  // valueChanged signals only a change

model::NeuronSettings StimulusPanel::neuron() const {
    model::NeuronSettings n;
    n.model = model::NeuronModel(model_->currentData().toInt());
    n.tau = tau_->value();
    n.vThreshold = vThreshold_->value();
    n.vReset = softReset_->isChecked() ? std::nullopt : std::optional<double>(vReset_->value());
    n.decayInput = decayInput_->isChecked();
    return n;
}

void StimulusPanel::setNeuron(const model::NeuronSettings& n) {
    const model::NeuronSettings before = neuron();
    updating_ = true;
    if (model_->findData(int(n.model)) < 0)  // a topographic ANN: shown, not offered for spiking networks
        model_->addItem(QString::fromStdString(std::string(model::neuronModelName(n.model))).toUpper(), int(n.model));
    model_->setCurrentIndex(model_->findData(int(n.model)));
    tau_->setValue(n.tau);
    vThreshold_->setValue(n.vThreshold);
    if (n.vReset) vReset_->setValue(*n.vReset);
    softReset_->setChecked(!n.vReset);
    decayInput_->setChecked(n.decayInput);
    updating_ = false;
    updateNeuronWidgets();
    const model::NeuronSettings after = neuron();
    if (after.model != before.model || after.tau != before.tau || after.vThreshold != before.vThreshold ||
        after.vReset != before.vReset || after.decayInput != before.decayInput)
        emit runSettingsChanged();
}

void StimulusPanel::setImageSize(int size) { imageSize_ = size; }

void StimulusPanel::setImageSetFolder(const std::filesystem::path& folder) {
    setTree_->clear();
    setImage_.clear();
    setFolderLabel_->setText(tr("Reading %1\u2026").arg(pathText(folder)));
    const int scan = ++setScan_;
    struct Scan {
        stimuli::ImageSet set;
        QString error;
    };
    auto* watcher = new QFutureWatcher<Scan>(this);
    connect(watcher, &QFutureWatcher<Scan>::finished, this, [this, watcher, scan] {
        const Scan r = watcher->result();
        watcher->deleteLater();
        if (scan != setScan_) return;  // a newer folder was chosen meanwhile
        if (!r.error.isEmpty()) {
            setFolderLabel_->setText(r.error);
            emit imageSetListed(false);
            return;
        }
        showImageSet(r.set);
        emit imageSetListed(true);
    });
    watcher->setFuture(QtConcurrent::run([folder]() {
        Scan r;
        try {
            r.set = stimuli::scanImageSet(folder);
        } catch (const std::exception& e) {
            r.error = QString::fromUtf8(e.what());
        }
        return r;
    }));
}

void StimulusPanel::showImageSet(const stimuli::ImageSet& set) {
    std::vector<QTreeWidgetItem*> categories;
    for (const std::string& name : set.categories)
        categories.push_back(new QTreeWidgetItem(setTree_, {QString::fromStdString(name)}));
    const std::vector<std::int32_t> index = set.categoryIndices();
    for (std::size_t i = 0; i < set.images.size(); ++i) {
        auto* item = new QTreeWidgetItem(categories[static_cast<std::size_t>(index[i])],
                                         {QString::fromStdString(set.images[i].path.filename().string())});
        item->setData(0, kPathRole, pathText(set.images[i].path));
        item->setToolTip(0, pathText(set.images[i].path));
    }
    for (QTreeWidgetItem* c : categories) c->setText(0, QStringLiteral("%1 (%2)").arg(c->text(0)).arg(c->childCount()));
    QString text = tr("%1: %n image(s)", nullptr, static_cast<int>(set.images.size())).arg(pathText(set.folder));
    text += tr(" in %n categories", nullptr, static_cast<int>(set.categories.size()));
    if (set.droppedScrambled > 0)
        text += tr(" (%n scrambled left out)", nullptr, static_cast<int>(set.droppedScrambled));
    setFolderLabel_->setText(text);
}

void StimulusPanel::setPreview(const QImage& image) {
    previewImage_ = image;
    if (image.isNull()) {
        preview_->clear();
        return;
    }
    const QSize target = preview_->contentsRect().size();
    // Small network inputs are enlarged pixel by pixel so their pixels stay visible; large ones are smoothed.
    const bool enlarge = image.width() < target.width() && image.height() < target.height();
    preview_->setPixmap(QPixmap::fromImage(image.scaled(target, Qt::KeepAspectRatio,
                                                        enlarge ? Qt::FastTransformation : Qt::SmoothTransformation)));
}

QSlider* StimulusPanel::orientationSlider() const { return orientation_; }
QDoubleSpinBox* StimulusPanel::sfSpinBox() const { return sf_; }
QSpinBox* StimulusPanel::timestepsSpinBox() const { return T_; }
QTreeWidget* StimulusPanel::imageSetTree() const { return setTree_; }

stimuli::Image renderStimulus(const StimulusChoice& choice) {
    if (choice.kind == StimulusChoice::Kind::Grating) return stimuli::makeGrating(choice.grating);
    return stimuli::readImage(choice.imageFile);
}

QImage toQImage(const stimuli::Image& image) {
    QImage out(image.width, image.height, QImage::Format_RGB888);
    for (int y = 0; y < image.height; ++y) {
        uchar* line = out.scanLine(y);
        const float* src = image.rgb.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(image.width) * 3;
        for (int i = 0; i < image.width * 3; ++i)
            line[i] = static_cast<uchar>(std::lround(std::clamp(src[i], 0.0f, 1.0f) * 255.0f));
    }
    return out;
}

}  // namespace topospike::gui
