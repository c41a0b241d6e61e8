#include "gui/time_panel.hpp"

#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QSpinBox>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

#include "gui/rate_strip.hpp"

namespace topospike::gui {

TimePanel::TimePanel(QWidget* parent) : QWidget(parent) {
    play_ = new QToolButton(this);
    play_->setCheckable(true);
    play_->setToolButtonStyle(Qt::ToolButtonIconOnly);
    slider_ = new QSlider(Qt::Horizontal, this);
    slider_->setRange(0, 0);
    slider_->setPageStep(1);
    slider_->setTickPosition(QSlider::TicksBelow);
    label_ = new QLabel(this);
    label_->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("t = 63 / 64")));
    speed_ = new QSpinBox(this);
    speed_->setRange(20, 5000);
    speed_->setSingleStep(50);
    speed_->setValue(400);
    speed_->setSuffix(tr(" ms/step"));
    speed_->setToolTip(tr("Playback speed: milliseconds per timestep"));
    timer_ = new QTimer(this);
    timer_->setInterval(speed_->value());
    strip_ = new RateStrip(this);

    auto* controls = new QHBoxLayout;
    controls->addWidget(play_);
    controls->addWidget(slider_, 1);
    controls->addWidget(label_);
    controls->addWidget(speed_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(controls);
    layout->addWidget(strip_);

    connect(slider_, &QSlider::valueChanged, this, [this](int t) {
        label_->setText(tr("t = %1 / %2").arg(t).arg(T_));
        strip_->setTimestep(t);
        emit timestepChanged(t);
    });
    connect(play_, &QToolButton::toggled, this, &TimePanel::setPlaying);
    connect(speed_, &QSpinBox::valueChanged, timer_, qOverload<int>(&QTimer::setInterval));
    connect(timer_, &QTimer::timeout, this, &TimePanel::step);
    setPlaying(false);  // icon and tooltip
    label_->setText(tr("t = %1 / %2").arg(0).arg(T_));
}

void TimePanel::setTimesteps(int T) {
    T_ = std::max(1, T);
    slider_->setRange(0, T_ - 1);  // clamps the value, emitting timestepChanged when the step no longer exists
    slider_->setTickInterval(1);
    label_->setText(tr("t = %1 / %2").arg(slider_->value()).arg(T_));
}

int TimePanel::timesteps() const { return T_; }
int TimePanel::timestep() const { return slider_->value(); }
void TimePanel::setTimestep(int t) { slider_->setValue(t); }

void TimePanel::setRates(const std::vector<std::pair<QString, std::vector<double>>>& ratesPerLayer) {
    strip_->setRates(ratesPerLayer);
}

bool TimePanel::playing() const { return timer_->isActive(); }

void TimePanel::setPlaying(bool play) {
    const bool was = playing();
    if (play) timer_->start();
    else timer_->stop();
    play_->blockSignals(true);
    play_->setChecked(play);
    play_->blockSignals(false);
    play_->setIcon(style()->standardIcon(play ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    play_->setToolTip(play ? tr("Pause") : tr("Play the timesteps in a loop"));
    if (play != was) emit playingChanged(play);
}

void TimePanel::setInterval(int ms) { speed_->setValue(ms); }
int TimePanel::interval() const { return timer_->interval(); }

// Advances one timestep while playing, back to 0 after the last.
void TimePanel::step() { slider_->setValue(slider_->value() + 1 > slider_->maximum() ? 0 : slider_->value() + 1); }

}  // namespace topospike::gui
