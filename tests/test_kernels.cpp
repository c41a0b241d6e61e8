// Every optimised kernel against its naive scalar twin (kernels/reference.hpp): seeded data, odd sizes, every
// instruction-set build this CPU runs, dense and event-driven algorithms, every neuron kind.
#include <QTest>

#include <bit>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "kernels/conv.hpp"
#include "kernels/pool.hpp"
#include "kernels/reference.hpp"
#include "topospike/run/layer_record.hpp"

using namespace topospike::kernels;

namespace {

std::vector<float> randomValues(std::mt19937& rng, std::size_t n, float lo, float hi) {
    std::uniform_real_distribution<float> d(lo, hi);
    std::vector<float> v(n);
    for (auto& x : v) x = d(rng);
    return v;
}

/// Values in {0..maxValue} with the given probability of being nonzero (spikes, or SEW-ADD integers).
std::vector<float> randomSpikes(std::mt19937& rng, std::size_t n, double p, int maxValue = 1) {
    std::bernoulli_distribution on(p);
    std::uniform_int_distribution<int> val(1, maxValue);
    std::vector<float> v(n);
    for (auto& x : v) x = on(rng) ? static_cast<float>(val(rng)) : 0.0f;
    return v;
}

std::vector<Isa> isas() {
    std::vector<Isa> out;
    for (Isa i : {Isa::Baseline, Isa::Avx2, Isa::Avx512})
        if (i <= detectIsa()) out.push_back(i);
    return out;
}

struct IsaGuard {
    Isa saved = activeIsa();
    ~IsaGuard() { setIsa(saved); }
};

}  // namespace

class TestKernels : public QObject {
    Q_OBJECT
private slots:
    void conv_data();
    void conv();
    void stackedStimuli();
    void recordPacking();
    void neuronAlone();
    void pooling();
    void fcAndSew();
    void isaSelection();
    void badShapes();
};

void TestKernels::conv_data() {
    QTest::addColumn<int>("cin");
    QTest::addColumn<int>("cout");
    QTest::addColumn<int>("k");
    QTest::addColumn<int>("stride");
    QTest::addColumn<int>("pad");
    QTest::addColumn<int>("h");
    QTest::addColumn<int>("w");
    QTest::addColumn<int>("inT");
    QTest::addColumn<int>("T");
    QTest::addColumn<int>("input");   // 0 float, 1 binary, 2 integers 0..3
    QTest::addColumn<int>("neuron");  // NeuronKind
    QTest::addColumn<bool>("residual");
    QTest::addColumn<bool>("soft");
    QTest::addColumn<bool>("decay");

    QTest::newRow("stem-like 7x7/2 broadcast") << 3 << 16 << 7 << 2 << 3 << 15 << 13 << 1 << 4 << 0 << 0 << false << false << true;
    QTest::newRow("3x3 binary odd") << 17 << 7 << 3 << 1 << 1 << 9 << 11 << 3 << 3 << 1 << 0 << true << false << true;
    QTest::newRow("3x3/2 binary 130 out") << 5 << 130 << 3 << 2 << 1 << 11 << 9 << 4 << 4 << 1 << 0 << false << false << true;
    QTest::newRow("1x1/2 identity") << 70 << 65 << 1 << 2 << 0 << 7 << 7 << 2 << 2 << 1 << 3 << false << false << true;
    QTest::newRow("sew integers") << 16 << 32 << 3 << 1 << 1 << 8 << 5 << 2 << 2 << 2 << 0 << true << false << true;
    QTest::newRow("IF soft") << 9 << 24 << 3 << 1 << 1 << 6 << 7 << 5 << 5 << 1 << 1 << true << true << true;
    QTest::newRow("LIF no decay") << 9 << 64 << 3 << 1 << 1 << 6 << 7 << 3 << 3 << 1 << 0 << false << false << false;
    QTest::newRow("LIF soft no decay") << 9 << 64 << 3 << 1 << 1 << 6 << 7 << 3 << 3 << 1 << 0 << false << true << false;
    QTest::newRow("relu ann") << 11 << 33 << 3 << 1 << 1 << 10 << 3 << 1 << 1 << 0 << 2 << true << false << true;
    QTest::newRow("many pixels, parallel event lists") << 24 << 16 << 3 << 1 << 1 << 40 << 45 << 3 << 3 << 1 << 0 << false << false << true;
    QTest::newRow("300 out: 4+1 tiles, spikes") << 20 << 300 << 3 << 1 << 1 << 7 << 6 << 3 << 3 << 1 << 0 << true << false << true;
    QTest::newRow("300 out: 4+1 tiles, integers") << 20 << 300 << 3 << 2 << 1 << 7 << 6 << 2 << 2 << 2 << 0 << false << false << true;
    QTest::newRow("blocks span rows") << 6 << 70 << 3 << 1 << 1 << 17 << 19 << 2 << 2 << 1 << 0 << true << false << true;
    QTest::newRow("one pixel") << 4 << 1 << 3 << 1 << 1 << 1 << 1 << 2 << 2 << 1 << 0 << false << false << true;
}

void TestKernels::conv() {
    QFETCH(int, cin);
    QFETCH(int, cout);
    QFETCH(int, k);
    QFETCH(int, stride);
    QFETCH(int, pad);
    QFETCH(int, h);
    QFETCH(int, w);
    QFETCH(int, inT);
    QFETCH(int, T);
    QFETCH(int, input);
    QFETCH(int, neuron);
    QFETCH(bool, residual);
    QFETCH(bool, soft);
    QFETCH(bool, decay);

    std::mt19937 rng(1234u + static_cast<unsigned>(cin * 31 + cout));
    const int oh = (h + 2 * pad - k) / stride + 1, ow = (w + 2 * pad - k) / stride + 1;
    const std::size_t inN = static_cast<std::size_t>(inT) * h * w * cin;
    const auto x = input == 0 ? randomValues(rng, inN, -1.0f, 1.0f) : randomSpikes(rng, inN, 0.2, input == 2 ? 3 : 1);
    const float scale = 2.5f / std::sqrt(static_cast<float>(cin * k * k) * (input == 0 ? 0.33f : 0.2f));
    const auto wts = randomValues(rng, static_cast<std::size_t>(cout) * cin * k * k, -scale, scale);
    const auto bias = randomValues(rng, static_cast<std::size_t>(cout), -0.2f, 0.6f);
    const std::size_t outN = static_cast<std::size_t>(T) * oh * ow * cout;
    const auto res = randomValues(rng, outN, -0.5f, 1.0f);

    NeuronParams np;
    np.kind = static_cast<NeuronKind>(neuron);
    np.softReset = soft;
    np.decayInput = decay;
    np.tau = decay ? 2.0f : 3.0f;

    const ActView in{x.data(), inT, h, w, cin};
    const ActView resView = residual ? ActView{res.data(), T, oh, ow, cout} : ActView{};
    std::vector<float> refOut(outN), refMem(outN);
    reference::convNeuron(wts.data(), bias.data(), cout, k, stride, pad, in, resView, np, T,
                          {refOut.data(), T, oh, ow, cout}, refMem.data());

    const PackedConv packed = packConv(wts.data(), bias.data(), cout, cin, k, stride, pad);
    IsaGuard guard;
    for (Isa isa : isas()) {
        setIsa(isa);
        for (ConvAlgo algo : {ConvAlgo::Dense, ConvAlgo::Event}) {
            for (bool parallel : {false, true}) {
                std::vector<float> out(outN, -7.0f), mem(outN, -7.0f);
                ConvScratch scratch;
                ConvCall call;
                call.conv = &packed;
                call.input = in;
                call.residual = resView;
                call.neuron = np;
                call.output = {out.data(), T, oh, ow, cout};
                call.membrane = mem.data();
                call.T = T;
                call.algo = algo;
                call.parallel = parallel;
                convForward(call, scratch);
                int nearThreshold = 0, spikes = 0;
                for (std::size_t i = 0; i < outN; ++i) {
                    const float tol = 1e-4f * (1.0f + std::fabs(refMem[i]));
                    if (std::fabs(mem[i] - refMem[i]) > tol)
                        QFAIL(qPrintable(QString("%1 %2: membrane %3 differs: %4 vs reference %5")
                                             .arg(QString::fromUtf8(isaName(isa).data()))
                                             .arg(QString::fromUtf8(convAlgoName(algo).data()))
                                             .arg(i).arg(mem[i]).arg(refMem[i])));
                    if (np.spiking()) {
                        spikes += refOut[i] != 0.0f;
                        if (out[i] != refOut[i]) {
                            // a spike may differ only where the reference charge is within rounding of the threshold
                            QVERIFY2(std::fabs(refMem[i] - np.vThreshold) < 1e-4f, "spike differs away from threshold");
                            ++nearThreshold;
                        }
                    } else {
                        QVERIFY(std::fabs(out[i] - refOut[i]) <= tol);
                    }
                }
                QVERIFY(nearThreshold <= 2);
                if (np.spiking() && outN > 20) QVERIFY2(spikes > 0 && spikes < static_cast<int>(outN), "test data must fire partly");
            }
        }
    }
}

void TestKernels::stackedStimuli() {
    // B stimuli stacked along T (input steps B, output steps B*T, state reset every T) give exactly what each
    // stimulus gives alone, for the broadcast stem case and for per-step inputs.
    std::mt19937 rng(99);
    const int cin = 12, cout = 70, h = 9, w = 8, T = 3, B = 3;
    const auto wts = randomValues(rng, static_cast<std::size_t>(cout) * cin * 9, -0.4f, 0.4f);
    const auto bias = randomValues(rng, cout, 0.0f, 0.5f);
    const PackedConv packed = packConv(wts.data(), bias.data(), cout, cin, 3, 1, 1);
    IsaGuard guard;
    for (Isa isa : isas()) {
        setIsa(isa);
        for (bool broadcast : {true, false}) {
            const int stepsPer = broadcast ? 1 : T;
            const std::size_t inPer = static_cast<std::size_t>(stepsPer) * h * w * cin, outPer = static_cast<std::size_t>(T) * h * w * cout;
            const auto x = broadcast ? randomValues(rng, inPer * B, -1.0f, 1.0f) : randomSpikes(rng, inPer * B, 0.3);
            for (ConvAlgo algo : {ConvAlgo::Dense, ConvAlgo::Event}) {
                ConvScratch scratch;
                ConvCall call;
                call.conv = &packed;
                call.algo = algo;
                call.neuron.period = T;
                std::vector<float> stacked(outPer * B), alone(outPer * B);
                call.input = {x.data(), stepsPer * B, h, w, cin};
                call.output = {stacked.data(), T * B, h, w, cout};
                call.T = T * B;
                convForward(call, scratch);
                for (int b = 0; b < B; ++b) {
                    call.input = {x.data() + b * inPer, stepsPer, h, w, cin};
                    call.output = {alone.data() + b * outPer, T, h, w, cout};
                    call.T = T;
                    convForward(call, scratch);
                }
                QCOMPARE(stacked, alone);
            }
        }
    }
}

void TestKernels::recordPacking() {
    // the vectorised packer (H*W a multiple of 8) and the generic paths give the same records, value by value
    std::mt19937 rng(21);
    IsaGuard guard;
    struct Case { int T, C, H, W, maxValue; bool floats; };
    for (Isa isa : isas()) {
        setIsa(isa);
        for (Case k : {Case{3, 64, 4, 6, 1, false}, Case{2, 17, 5, 3, 1, false}, Case{2, 32, 4, 4, 3, false},
                       Case{1, 16, 2, 4, 1, true}}) {
            const std::size_t hw = static_cast<std::size_t>(k.H) * k.W, n = static_cast<std::size_t>(k.T) * hw * k.C;
            auto x = k.floats ? randomValues(rng, n, -1, 1) : randomSpikes(rng, n, 0.3, k.maxValue);
            if (k.maxValue > 1) x[n - 1] = 2.0f;  // a non-binary value in the very last block
            const auto rec = topospike::run::LayerRecord::fromNhwc("l", x.data(), k.T, k.C, k.H, k.W);
            QCOMPARE(rec.kind(), k.floats ? topospike::run::ValueKind::Float
                                 : k.maxValue > 1 ? topospike::run::ValueKind::SmallInt
                                                  : topospike::run::ValueKind::Binary);
            for (int t = 0; t < k.T; ++t)
                for (int c = 0; c < k.C; ++c)
                    for (std::size_t p = 0; p < hw; ++p)
                        QCOMPARE(rec.value(t, static_cast<std::int64_t>(c * hw + p)), x[(t * hw + p) * k.C + c]);
        }
    }
}

void TestKernels::neuronAlone() {
    std::mt19937 rng(7);
    const int T = 6;
    const long n = 37;
    const auto x = randomValues(rng, static_cast<std::size_t>(T) * n, -0.5f, 2.5f);
    IsaGuard guard;
    for (Isa isa : isas()) {
        setIsa(isa);
        for (auto kind : {NeuronKind::Lif, NeuronKind::If, NeuronKind::Relu}) {
            for (int variant = 0; variant < 4; ++variant) {
                const bool soft = variant & 1;
                NeuronParams np;
                np.kind = kind;
                np.softReset = soft;
                np.vReset = soft ? 0.0f : -0.25f;
                np.decayInput = variant < 2;
                np.tau = np.decayInput ? 2.0f : 3.0f;  // tau 3: rounding differs if a multiply-add were fused
                std::vector<float> out(static_cast<std::size_t>(T) * n), mem(out.size());
                neuronForward(np, x.data(), T, T, n, out.data(), mem.data());
                for (long i = 0; i < n; ++i) {
                    float v = reference::neuronInit(np);
                    for (int t = 0; t < T; ++t) {
                        float h = 0;
                        const float y = reference::neuronStep(np, x[t * n + i], v, h);
                        QCOMPARE(out[t * n + i], y);  // same operations in the same order: bit-identical
                        QCOMPARE(std::bit_cast<std::uint32_t>(mem[t * n + i]), std::bit_cast<std::uint32_t>(h));  // bit-exact
                    }
                }
            }
        }
        // broadcast input (the stem): T steps of one current
        NeuronParams np;
        std::vector<float> out(static_cast<std::size_t>(T) * n), viaCopy(out.size()), copy(out.size());
        for (int t = 0; t < T; ++t) std::copy(x.begin(), x.begin() + n, copy.begin() + t * n);
        neuronForward(np, x.data(), 1, T, n, out.data(), nullptr);
        neuronForward(np, copy.data(), T, T, n, viaCopy.data(), nullptr);
        QCOMPARE(out, viaCopy);
    }
}

void TestKernels::pooling() {
    std::mt19937 rng(11);
    for (int trial = 0; trial < 6; ++trial) {
        const int T = 1 + trial % 3, h = 5 + trial * 2, w = 4 + trial * 3, c = 3 + trial * 7;
        const auto x = trial % 2 ? randomSpikes(rng, static_cast<std::size_t>(T) * h * w * c, 0.1)
                                 : randomValues(rng, static_cast<std::size_t>(T) * h * w * c, -3.0f, 3.0f);
        const int oh = (h + 2 - 3) / 2 + 1, ow = (w + 2 - 3) / 2 + 1;
        std::vector<float> a(static_cast<std::size_t>(T) * oh * ow * c), b(a.size());
        maxPool({x.data(), T, h, w, c}, 3, 2, 1, {a.data(), T, oh, ow, c});
        reference::maxPool({x.data(), T, h, w, c}, 3, 2, 1, {b.data(), T, oh, ow, c});
        QCOMPARE(a, b);
        std::vector<float> p(static_cast<std::size_t>(T) * c), q(p.size());
        globalAvgPool({x.data(), T, h, w, c}, p.data());
        reference::globalAvgPool({x.data(), T, h, w, c}, q.data());
        for (std::size_t i = 0; i < p.size(); ++i) QVERIFY(std::fabs(p[i] - q[i]) < 1e-5f);
    }
}

void TestKernels::fcAndSew() {
    std::mt19937 rng(13);
    const int T = 3, inF = 77, outF = 13;
    const auto x = randomValues(rng, static_cast<std::size_t>(T) * inF, -1, 1);
    const auto w = randomValues(rng, static_cast<std::size_t>(outF) * inF, -1, 1);
    const auto b = randomValues(rng, outF, -1, 1);
    std::vector<float> y(static_cast<std::size_t>(T) * outF), z(y.size());
    fullyConnected(x.data(), T, inF, w.data(), b.data(), outF, y.data());
    reference::fullyConnected(x.data(), T, inF, w.data(), b.data(), outF, z.data());
    for (std::size_t i = 0; i < y.size(); ++i) QVERIFY(std::fabs(y[i] - z[i]) < 1e-5f);

    const auto s1 = randomSpikes(rng, 101, 0.4, 2), s2 = randomSpikes(rng, 101, 0.4);
    for (SewOp op : {SewOp::Add, SewOp::And, SewOp::Iand}) {
        std::vector<float> u(101), v(101);
        sewCombine(op, s1.data(), s2.data(), 101, u.data());
        reference::sewCombine(op, s1.data(), s2.data(), 101, v.data());
        QCOMPARE(u, v);
    }
}

void TestKernels::isaSelection() {
    IsaGuard guard;
    QCOMPARE(setIsa(Isa::Baseline), Isa::Baseline);
    QCOMPARE(activeIsa(), Isa::Baseline);
    QVERIFY(setIsa(Isa::Avx512) <= detectIsa());
    QCOMPARE(isaName(Isa::Avx2), std::string_view("avx2"));
}

void TestKernels::badShapes() {
    const std::vector<float> w(2 * 3 * 9, 0.1f);
    const PackedConv packed = packConv(w.data(), nullptr, 2, 3, 3, 1, 1);
    QCOMPARE(packed.coutPad, kCoutAlign);
    std::vector<float> in(4 * 4 * 4), out(2 * 4 * 4);
    ConvScratch s;
    ConvCall call;
    call.conv = &packed;
    call.input = {in.data(), 1, 4, 4, 4};  // 4 channels for a 3-channel conv
    call.output = {out.data(), 1, 4, 4, 2};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, convForward(call, s));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, packConv(w.data(), nullptr, 0, 3, 3, 1, 1));
}

QTEST_GUILESS_MAIN(TestKernels)
#include "test_kernels.moc"
