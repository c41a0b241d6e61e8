#pragma once
// Small multiples of the population rate over time: one sparkline row per layer (its name, the rate per
// timestep as a polyline, its maximum), with the current timestep marked by a vertical line across the rows.

#include <QString>
#include <QWidget>
#include <utility>
#include <vector>

namespace topospike::gui {

class RateStrip : public QWidget {
    Q_OBJECT
public:
    explicit RateStrip(QWidget* parent = nullptr);

    /// One row per layer: name and population rate (fraction of units spiking) per timestep.
    void setRates(std::vector<std::pair<QString, std::vector<double>>> rates);
    void setTimestep(int t);
    int rows() const { return static_cast<int>(rates_.size()); }
    int timestep() const { return t_; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::vector<std::pair<QString, std::vector<double>>> rates_;
    int t_ = 0;
};

}  // namespace topospike::gui
