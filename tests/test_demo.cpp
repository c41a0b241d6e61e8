// The demonstration network's parts: seeded weights in torchvision layout, and batch-norm calibration that makes
// every population fire near its target (checked by running the calibrated network, not by trusting the method).
#include <QTest>

#include <cmath>

#include "topospike/demo/bn_calibration.hpp"
#include "topospike/demo/demo_weights.hpp"
#include "topospike/model/network.hpp"
#include "topospike/stimuli/gratings.hpp"

using namespace topospike;

namespace {

std::vector<stimuli::InputImage> someGratings(int size, int stride) {
    std::vector<stimuli::InputImage> out;
    stimuli::PreprocessOptions p;
    p.resize = size;
    p.crop = size;
    const auto set = stimuli::tdannGratingSet(size);
    for (std::size_t i = 0; i < set.size(); i += static_cast<std::size_t>(stride))
        out.push_back(stimuli::preprocess(stimuli::makeGrating(set[i].spec), p));
    return out;
}

bool sameTensors(const TensorMap& a, const TensorMap& b) {
    if (a.size() != b.size()) return false;
    for (const auto& [name, t] : a) {
        const Tensor* u = b.find(name);
        if (!u || u->shape() != t.shape() || !std::equal(t.bytes().begin(), t.bytes().end(), u->bytes().begin()))
            return false;
    }
    return true;
}

}  // namespace

class TestDemo : public QObject {
    Q_OBJECT
private slots:
    void weightsAreAResNet18() {
        const TensorMap w = demo::resnet18Weights(1, 10);
        auto net = model::Network::build(w);
        QCOMPARE(static_cast<int>(net->populations().size()), 17);  // stem + 8 blocks x 2
        QVERIFY(w.find("layer2.0.downsample.0.weight"));
        QCOMPARE(w.find("fc.weight")->shape(), (std::vector<std::int64_t>{10, 512}));
        // Kaiming normal, fan-out: sd = sqrt(2 / (64 * 3 * 3)) for layer1 convs.
        const auto v = w.find("layer1.0.conv1.weight")->toDouble();
        double s2 = 0;
        for (double x : v) s2 += x * x;
        QVERIFY(std::abs(std::sqrt(s2 / v.size()) - std::sqrt(2.0 / 576.0)) < 0.002);
    }
    void weightsAreSeeded() {
        QVERIFY(sameTensors(demo::resnet18Weights(5, 10), demo::resnet18Weights(5, 10)));
        QVERIFY(!sameTensors(demo::resnet18Weights(5, 10), demo::resnet18Weights(6, 10)));
    }
    void calibrationHitsTargets() {
        TensorMap w = demo::resnet18Weights(3, 10);
        const auto stimuli = someGratings(64, 80);  // 8 gratings
        demo::CalibrationOptions o;
        o.seed = 11;
        o.targetRate = 0.1;
        const auto before = demo::populationRates(w, stimuli, o);
        std::int64_t last = 0;
        const auto report = demo::calibrateBatchNorm(w, stimuli, o, [&](std::int64_t done, std::int64_t total) {
            QVERIFY(done > last && done <= total);
            last = done;
        });
        QCOMPARE(report.populations.size(), std::size_t{17});
        const auto after = demo::populationRates(w, stimuli, o);
        int changed = 0;
        for (std::size_t i = 0; i < after.size(); ++i) {
            const double target = report.targets[i];
            QVERIFY(target >= 0.06 - 1e-12 && target <= 0.15 + 1e-12);
            QCOMPARE(after[i].first, report.populations[i]);
            QVERIFY2(std::abs(after[i].second - target) < 0.2 * target,
                     qPrintable(QString("%1 fires %2, target %3").arg(QString::fromStdString(after[i].first))
                                    .arg(after[i].second).arg(target)));
            QCOMPARE(report.rates[i], after[i].second);
            changed += std::abs(before[i].second - after[i].second) > 0.01;
        }
        QVERIFY(changed > 8);  // the uncalibrated network did not already fire like this
    }
    void calibrationIsDeterministic() {
        const auto stimuli = someGratings(48, 160);
        demo::CalibrationOptions o;
        o.seed = 4;
        TensorMap a = demo::resnet18Weights(2, 10), b = demo::resnet18Weights(2, 10);
        demo::calibrateBatchNorm(a, stimuli, o);
        demo::calibrateBatchNorm(b, stimuli, o);
        QVERIFY(sameTensors(a, b));
    }
    void refusesWhatItCannotCalibrate() {
        TensorMap w = demo::resnet18Weights(2, 10);
        const auto stimuli = someGratings(48, 320);
        demo::CalibrationOptions o;
        o.neuron.vReset.reset();  // soft reset: the input cannot be recovered the same way
        QVERIFY_THROWS_EXCEPTION(ModelError, demo::calibrateBatchNorm(w, stimuli, o));
        demo::CalibrationOptions ok;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, demo::calibrateBatchNorm(w, {}, ok));
    }
};

QTEST_GUILESS_MAIN(TestDemo)
#include "test_demo.moc"
