// The whole network against the plain-PyTorch SpikingJelly reference (tests/fixtures/spiking_reference.py):
// every spike of every population equal, except neurons whose reference charge lies within 1e-5 of the threshold
// (counted, bounded by 1e-4 of the neuron-steps, and only those and what they feed may differ); logits within 1e-4.
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>

#include "support/fixtures.hpp"
#include "topospike/io/checkpoint.hpp"
#include "topospike/io/npy.hpp"
#include "topospike/model/network.hpp"
#include "topospike/run/simulator.hpp"
#include "kernels/conv.hpp"

using namespace topospike;

namespace {

std::vector<float> arrayOf(const io::NpzFile& npz, const std::string& name) {
    return npz.get(name).tensor.toFloat();
}

struct CaseSetup {
    QJsonObject spec;
    std::shared_ptr<const model::Network> net;
    run::RunOptions options;
    std::vector<stimuli::InputImage> images;
};

CaseSetup setUp(const QString& name) {
    CaseSetup s;
    s.spec = QJsonDocument::fromJson(testsupport::readAll(testsupport::fixture("spiking/" + name + ".json"))).object();
    const auto ckpt = io::loadCheckpoint((testsupport::fixture("spiking/" + name + ".pth")).toStdString());
    model::DetectOptions detect;
    detect.block = model::parseBlockType(s.spec["block"].toString().toStdString());
    s.net = model::Network::build(ckpt, detect);
    run::RunOptions& o = s.options;
    o.T = s.spec["T"].toInt();
    o.neuron.model = *model::parseNeuronModel(s.spec["neuron"].toString().toStdString());
    o.neuron.tau = s.spec["tau"].toDouble(2.0);
    o.neuron.vThreshold = s.spec["v_threshold"].toDouble(1.0);
    if (s.spec["v_reset"].isNull()) o.neuron.vReset.reset(); else o.neuron.vReset = s.spec["v_reset"].toDouble();
    o.neuron.decayInput = s.spec["decay_input"].toBool(true);
    o.recordPopulations = true;
    o.recordMembrane = true;
    const auto npz = io::NpzFile::open((testsupport::fixture("spiking/" + name + ".npz")).toStdString());
    const auto input = npz.get("input");
    const auto& shape = input.tensor.shape();
    const auto values = input.tensor.toFloat();
    const std::size_t per = static_cast<std::size_t>(shape[1] * shape[2] * shape[3]);
    for (std::int64_t n = 0; n < shape[0]; ++n) {
        stimuli::InputImage img;
        img.channels = static_cast<int>(shape[1]);
        img.height = static_cast<int>(shape[2]);
        img.width = static_cast<int>(shape[3]);
        img.chw.assign(values.begin() + static_cast<std::ptrdiff_t>(n * per), values.begin() + static_cast<std::ptrdiff_t>((n + 1) * per));
        s.images.push_back(std::move(img));
    }
    return s;
}

QStringList caseNames() {
    QStringList names;
    for (const QString& f : QDir(testsupport::fixture("spiking")).entryList({"*.json"}, QDir::Files, QDir::Name))
        if (f != "index.json") names << f.chopped(5);
    return names;
}

QString firstSpikingCase() {
    for (const QString& n : caseNames())
        if (n.startsWith("spiking_")) return n;
    return {};
}

}  // namespace

class TestNetwork : public QObject {
    Q_OBJECT
private slots:
    void matchesReference_data();
    void matchesReference();
    void schedulesAgree();
    void cancelLeavesNothing();
    void rejectsMismatchedInput();
    void sinkFailureStopsDelivery();
    void longStacksAndEmptyBatches();
    void traces();
};

void TestNetwork::matchesReference_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("kernels");
    const QStringList names = caseNames();
    QVERIFY2(names.size() >= 10, "spiking reference fixtures missing");
    for (const QString& n : names)
        for (const char* k : {"auto", "dense", "event"}) QTest::newRow(qPrintable(n + "/" + k)) << n << QString(k);
}

void TestNetwork::matchesReference() {
    QFETCH(QString, name);
    QFETCH(QString, kernels);
    CaseSetup s = setUp(name);
    s.options.kernels = kernels == "dense" ? run::KernelPolicy::Dense : kernels == "event" ? run::KernelPolicy::Event : run::KernelPolicy::Auto;
    const run::Simulator sim(s.net, s.options);
    const auto results = sim.run(s.images);
    const auto npz = io::NpzFile::open((testsupport::fixture("spiking/" + name + ".npz")).toStdString());
    const bool spiking = s.options.neuron.model != model::NeuronModel::Ann;
    const float vth = static_cast<float>(s.options.neuron.vThreshold);
    const int T = sim.effectiveT();

    std::int64_t neuronSteps = 0, near = 0, nearFlips = 0;
    for (std::size_t n = 0; n < results.size(); ++n) {
        const run::ImageResult& r = results[n];
        bool flipped = false;  // once a near-threshold spike differs, what it feeds may differ too
        if (spiking) {
            for (const auto& pop : s.net->populations()) {
                const std::string key = "h:" + pop.name;
                QVERIFY2(npz.contains(key), key.c_str());
                const run::LayerRecord* rec = r.find(pop.name);
                QVERIFY2(rec, pop.name.c_str());
                const auto href = arrayOf(npz, key);
                const std::size_t units = static_cast<std::size_t>(rec->units());
                QCOMPARE(href.size(), units * T * results.size());
                const auto& mem = rec->membrane();
                QCOMPARE(mem.size(), units * T);
                for (int t = 0; t < T; ++t)
                    for (std::size_t u = 0; u < units; ++u) {
                        const float h = href[((n * T) + t) * units + u];
                        const float ref = h >= vth ? 1.0f : 0.0f;
                        const float got = rec->value(t, static_cast<std::int64_t>(u));
                        const bool isNear = std::fabs(h - vth) < 1e-5f;
                        near += isNear;
                        ++neuronSteps;
                        if (got != ref) {
                            if (isNear) {
                                ++nearFlips;
                                flipped = true;
                            } else if (!flipped) {
                                QFAIL(qPrintable(QString("%1: population %2 image %3 t=%4 unit %5: spike %6, reference %7 (H %8, ours %9)")
                                                     .arg(name, QString::fromStdString(pop.name)).arg(n).arg(t).arg(u)
                                                     .arg(got).arg(ref).arg(h).arg(mem[t * units + u])));
                            }
                        } else if (!flipped && std::fabs(mem[t * units + u] - h) > 1e-4f * (1.0f + std::fabs(h))) {
                            QFAIL(qPrintable(QString("%1: %2 charge %3 vs reference %4").arg(name, QString::fromStdString(pop.name))
                                                 .arg(mem[t * units + u]).arg(h)));
                        }
                    }
            }
        }
        for (const auto& layer : s.net->recordedLayers(s.images[n].height, s.images[n].width)) {
            const run::LayerRecord* rec = r.find(layer.name);
            QVERIFY2(rec, layer.name.c_str());
            const auto ref = arrayOf(npz, "layer:" + layer.name);
            const std::size_t units = static_cast<std::size_t>(rec->units());
            QCOMPARE(ref.size(), units * T * results.size());
            std::int64_t differ = 0;
            for (int t = 0; t < T; ++t)
                for (std::size_t u = 0; u < units; ++u) {
                    const float want = ref[((n * T) + t) * units + u], got = rec->value(t, static_cast<std::int64_t>(u));
                    if (spiking ? got != want : std::fabs(got - want) > 1e-4f * (1.0f + std::fabs(want))) ++differ;
                }
            if (differ && !flipped)
                QFAIL(qPrintable(QString("%1: layer %2 differs in %3 values").arg(name, QString::fromStdString(layer.name)).arg(differ)));
        }
        if (npz.contains("logits") && !r.logits.empty()) {
            const auto logits = arrayOf(npz, "logits");
            const std::size_t k = r.logits.size();
            float scale = 1.0f;
            for (std::size_t i = 0; i < k; ++i) scale = std::max(scale, std::fabs(logits[n * k + i]));
            for (std::size_t i = 0; i < k; ++i)
                if (!flipped) QVERIFY2(std::fabs(r.logits[i] - logits[n * k + i]) <= 1e-4f * scale, "logits differ");
            const auto perStep = arrayOf(npz, "logits_t");
            for (std::size_t i = 0; i < r.logitsPerStep.size(); ++i)
                if (!flipped) QVERIFY(std::fabs(r.logitsPerStep[i] - perStep[n * r.logitsPerStep.size() + i]) <= 1e-4f * scale);
        }
    }
    if (spiking) {
        QVERIFY2(static_cast<double>(nearFlips) <= 1e-4 * static_cast<double>(neuronSteps) + 1, "too many near-threshold flips");
        qInfo("%s: %lld neuron-steps, %lld within 1e-5 of threshold, %lld of them flipped", qPrintable(name),
              static_cast<long long>(neuronSteps), static_cast<long long>(near), static_cast<long long>(nearFlips));
    }
}

void TestNetwork::schedulesAgree() {
    CaseSetup s = setUp(firstSpikingCase());
    s.options.recordMembrane = false;
    std::vector<stimuli::InputImage> many;
    for (int i = 0; i < 6; ++i) many.push_back(s.images[static_cast<std::size_t>(i) % s.images.size()]);
    std::vector<std::vector<float>> outputs[2];
    int progressCalls = 0;
    for (int mode = 0; mode < 2; ++mode) {
        s.options.schedule = mode ? run::Schedule::Throughput : run::Schedule::Latency;
        s.options.threads = mode ? 2 : 1;
        s.options.stack = mode ? 4 : 0;  // 6 stimuli: chunks of 4 and 2, stacked along T
        const run::Simulator sim(s.net, s.options);
        const auto res = sim.run(many, [&](int done, int total) { QVERIFY(done <= total); ++progressCalls; });
        for (const auto& r : res) outputs[mode].push_back(r.find("layer4.1")->toFloat());
    }
    QCOMPARE(progressCalls, 12);
    QCOMPARE(outputs[0], outputs[1]);
}

void TestNetwork::cancelLeavesNothing() {
    CaseSetup s = setUp(firstSpikingCase());
    std::vector<stimuli::InputImage> many(20, s.images.front());
    const run::Simulator sim(s.net, s.options);
    run::CancelToken token;
    int received = 0;
    bool threw = false;
    try {
        sim.stream(many, [&](int index, run::ImageResult&& r) {
            QCOMPARE(index, received);
            QVERIFY(r.find("layer4.1"));  // only complete stimuli reach the sink
            if (++received == 3) token.cancel();
        }, {}, &token);
    } catch (const run::Cancelled&) {
        threw = true;
    }
    QVERIFY(threw);
    QVERIFY(received >= 3 && received < 20);
    // a cancelled token stops a single run too, and the simulator stays usable afterwards
    QVERIFY_THROWS_EXCEPTION(run::Cancelled, sim.run(s.images.front(), &token));
    token.reset();
    QVERIFY(sim.run(s.images.front(), &token).find("layer4.1"));
}

void TestNetwork::rejectsMismatchedInput() {
    CaseSetup s = setUp(firstSpikingCase());
    const run::Simulator sim(s.net, s.options);
    stimuli::InputImage gray{1, 32, 32, std::vector<float>(32 * 32, 0.0f)};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sim.run(gray));
    run::RunOptions bad = s.options;
    bad.T = 0;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, run::Simulator(s.net, bad));
    bad = s.options;
    bad.neuron.tau = 0.5;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, run::Simulator(s.net, bad));
    // a stimulus whose activations would not fit in this machine's memory is refused before anything runs
    run::RunOptions big = s.options;
    big.T = 64;
    big.recordMembrane = false;
    const run::Simulator bigSim(s.net, big);
    stimuli::InputImage huge{3, 4000, 4000, std::vector<float>(3 * 4000 * 4000, 0.0f)};
    QVERIFY(bigSim.estimateBytes(4000, 4000) > 1e11);  // more than any machine this runs on
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, bigSim.run(huge));
    std::vector<stimuli::InputImage> two{s.images.front(), huge};
    int delivered = 0;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, bigSim.stream(two, [&](int, run::ImageResult&&) { ++delivered; }));
    QCOMPARE(delivered, 0);  // refused up front, not after the first stimulus
}

void TestNetwork::sinkFailureStopsDelivery() {
    CaseSetup s = setUp(firstSpikingCase());
    s.options.recordMembrane = false;
    s.options.schedule = run::Schedule::Throughput;
    s.options.threads = 2;
    s.options.stack = 1;
    const run::Simulator sim(s.net, s.options);
    std::vector<stimuli::InputImage> many(24, s.images.front());
    std::vector<int> delivered;
    bool threw = false;
    try {
        sim.stream(many, [&](int index, run::ImageResult&& r) {
            QVERIFY(!r.layers.empty());  // never a moved-from result
            delivered.push_back(index);
            if (index == 3) throw std::runtime_error("disk full");
        });
    } catch (const std::runtime_error& e) {
        threw = QString(e.what()) == "disk full";
    }
    QVERIFY(threw);
    QCOMPARE(delivered, (std::vector<int>{0, 1, 2, 3}));  // in order, and nothing after the failure
    QCOMPARE(sim.run(std::span<const stimuli::InputImage>()).size(), std::size_t{0});
}

void TestNetwork::longStacksAndEmptyBatches() {
    // T = 64 with stimuli stacked: beyond the event kernel's 256 steps the dense kernel takes over, same spikes
    CaseSetup s = setUp(firstSpikingCase());
    s.options.recordMembrane = false;
    s.options.T = 64;
    s.options.kernels = run::KernelPolicy::Event;
    std::vector<stimuli::InputImage> many(8, s.images.front());
    s.options.schedule = run::Schedule::Throughput;
    s.options.stack = 8;
    const auto stacked = run::Simulator(s.net, s.options).run(many);
    s.options.schedule = run::Schedule::Latency;
    const auto alone = run::Simulator(s.net, s.options).run(s.images.front());
    QCOMPARE(stacked.size(), std::size_t{8});
    for (const auto& r : stacked) QCOMPARE(r.find("layer4.1")->toFloat(), alone.find("layer4.1")->toFloat());
}

void TestNetwork::traces() {
    CaseSetup s = setUp(firstSpikingCase());
    run::RunOptions o = s.options;
    o.traces = {{"layer9.9", 0}};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, run::Simulator(s.net, o));
    o.traces = {{"layer2.0", 5}, {"layer2.0.sn1", 7}};
    const auto r = run::Simulator(s.net, o).run(s.images.front());
    QCOMPARE(r.traces.size(), std::size_t{2});
    // traces come in network order: layer2.0.sn1 runs before the block output layer2.0
    QCOMPARE(r.traces[0].population, std::string("layer2.0.sn1"));
    QCOMPARE(r.traces[1].population, std::string("layer2.0"));
    for (const auto& [tr, name] : {std::pair{&r.traces[0], "layer2.0.sn1"}, std::pair{&r.traces[1], "layer2.0"}}) {
        const run::LayerRecord* layer = r.find(name);
        for (int t = 0; t < o.T; ++t) {
            QCOMPARE(tr->output[static_cast<std::size_t>(t)], layer->value(t, tr->unit));
            QCOMPARE(tr->charge[static_cast<std::size_t>(t)], layer->membrane()[static_cast<std::size_t>(t * layer->units() + tr->unit)]);
        }
    }
    o.traces = {{"layer2.0", 1 << 30}};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, run::Simulator(s.net, o).run(s.images.front()));
}

QTEST_GUILESS_MAIN(TestNetwork)
#include "test_network.moc"
