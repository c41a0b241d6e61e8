#pragma once
// The stimulus panel: what the network sees and how it runs. A grating designer (orientation, spatial frequency,
// phase, contrast, colour pair), an image file, or an image of an image set (browser with categories); T and the
// neuron settings. Every change emits stimulusChanged() (slider drags are coalesced to one per event-loop turn),
// and the main window runs the engine in the background. A preview shows the stimulus as an image.

#include <QImage>
#include <QString>
#include <QWidget>
#include <filesystem>

#include "topospike/model/neuron.hpp"
#include "topospike/stimuli/gratings.hpp"
#include "topospike/stimuli/image.hpp"
#include "topospike/stimuli/image_set.hpp"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSlider;
class QSpinBox;
class QTabWidget;
class QTimer;
class QTreeWidget;

namespace topospike::gui {

struct StimulusChoice {
    enum class Kind { Grating, ImageFile } kind = Kind::Grating;
    stimuli::GratingSpec grating;         ///< size = the network's input size
    std::filesystem::path imageFile;      ///< Kind::ImageFile (also an image picked in the set browser)
    QString describe() const;             ///< "grating 45°, 3.95 cpd, phase 0°, contrast 1, b/w" / file name
};

class StimulusPanel : public QWidget {
    Q_OBJECT
public:
    explicit StimulusPanel(QWidget* parent = nullptr);

    StimulusChoice stimulus() const;
    int timesteps() const;
    model::NeuronSettings neuron() const;

    /// Shows `choice` (an image file that is in the listed image set selects it in the browser); emits
    /// stimulusChanged once, at once.
    void setStimulus(const StimulusChoice& choice);
    void setTimesteps(int T);                         ///< emits runSettingsChanged when it changes
    void setNeuron(const model::NeuronSettings& n);   ///< emits runSettingsChanged when they change
    /// The network's input side (gratings are drawn at it). No signal: the caller runs once it has set up.
    void setImageSize(int size);
    /// Lists an image set's images grouped by category (the set browser); a FileError message is shown inline.
    /// The folder is scanned off the GUI thread; imageSetListed() follows (a newer call supersedes an older one).
    void setImageSetFolder(const std::filesystem::path& folder);
    /// Shows the stimulus as the network sees it (before normalisation).
    void setPreview(const QImage& image);

    /// Test hooks: the orientation slider (degrees), the SF spin box (cycles/degree), the T spin box, the
    /// image-set browser (categories at the top level, their images below).
    QSlider* orientationSlider() const;
    QDoubleSpinBox* sfSpinBox() const;
    QSpinBox* timestepsSpinBox() const;
    QTreeWidget* imageSetTree() const;

signals:
    void imageSetListed(bool ok);
    void stimulusChanged();     ///< grating parameters, image file, set image
    void runSettingsChanged();  ///< T or neuron settings
    void imageSetRequested();   ///< "Choose folder…" in the set browser

private:
    enum Tab { GratingTab, ImageTab, SetTab };
    QWidget* buildGratingTab();
    QWidget* buildImageTab();
    QWidget* buildSetTab();
    QWidget* buildRunSettings();
    void scheduleStimulusChanged();  // coalesced: one signal per event-loop turn
    void onRunSettingChanged();
    void chooseImageFile();
    void updateNeuronWidgets();

    QTabWidget* source_ = nullptr;
    // Grating designer.
    QSlider* orientation_ = nullptr;
    QSpinBox* orientationSpin_ = nullptr;
    QDoubleSpinBox* sf_ = nullptr;
    QSlider* phase_ = nullptr;
    QLabel* phaseLabel_ = nullptr;
    QDoubleSpinBox* contrast_ = nullptr;
    QComboBox* colorPair_ = nullptr;
    double cyclesPerImage_ = 31.63;  // exact (the SF spin box shows it rounded, in cycles/degree)
    int imageSize_ = 224;
    // Image file and image set.
    QLineEdit* imageFileLine_ = nullptr;
    std::filesystem::path imageFile_;
    QLabel* setFolderLabel_ = nullptr;
    QTreeWidget* setTree_ = nullptr;
    int setScan_ = 0;  // the newest scan's number; older results are dropped
    void showImageSet(const stimuli::ImageSet& set);
    std::filesystem::path setImage_;
    // Run settings.
    QSpinBox* T_ = nullptr;
    QComboBox* model_ = nullptr;
    QDoubleSpinBox* tau_ = nullptr;
    QDoubleSpinBox* vThreshold_ = nullptr;
    QDoubleSpinBox* vReset_ = nullptr;
    QCheckBox* softReset_ = nullptr;
    QCheckBox* decayInput_ = nullptr;
    QLabel* neuronError_ = nullptr;

    QLabel* preview_ = nullptr;
    QImage previewImage_;
    QTimer* changed_ = nullptr;
    bool updating_ = false;  // setters move widgets without each move signalling
};

/// The stimulus as an 8-bit RGB image (gratings rendered by the engine, files decoded by the engine).
/// Throws topospike::FileError for an unreadable file.
stimuli::Image renderStimulus(const StimulusChoice& choice);
/// Converts an engine image (HWC float in [0, 1]) to a QImage.
QImage toQImage(const stimuli::Image& image);

}  // namespace topospike::gui
