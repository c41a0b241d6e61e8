#pragma once
// Time: a timestep scrubber, play/pause (loops over the T timesteps at a chosen speed) and, per layer, the
// population rate over time for the current stimulus (a small-multiples strip drawn with QPainter; the current
// timestep is marked). Changing the timestep emits timestepChanged(); the sheets recolour for spikes / membrane.

#include <QString>
#include <QWidget>
#include <utility>
#include <vector>

class QLabel;
class QSlider;
class QTimer;
class QToolButton;
class QSpinBox;

namespace topospike::gui {

class RateStrip;

class TimePanel : public QWidget {
    Q_OBJECT
public:
    explicit TimePanel(QWidget* parent = nullptr);

    /// Number of timesteps (the slider's range 0..T-1); keeps the current step when it still exists.
    void setTimesteps(int T);
    int timesteps() const;
    int timestep() const;
    void setTimestep(int t);  ///< emits timestepChanged when it changes

    /// Population rate (fraction of units spiking) per timestep, one row per layer, for the current stimulus.
    void setRates(const std::vector<std::pair<QString, std::vector<double>>>& ratesPerLayer);

    bool playing() const;
    void setPlaying(bool play);
    /// Milliseconds per timestep while playing.
    void setInterval(int ms);
    int interval() const;

    /// The per-layer rate strip (tests, figure export).
    const RateStrip* rateStrip() const { return strip_; }

signals:
    void timestepChanged(int t);
    void playingChanged(bool playing);

private:
    void step();
    QSlider* slider_ = nullptr;
    QLabel* label_ = nullptr;
    QToolButton* play_ = nullptr;
    QSpinBox* speed_ = nullptr;
    QTimer* timer_ = nullptr;
    RateStrip* strip_ = nullptr;
    int T_ = 1;
};

}  // namespace topospike::gui
