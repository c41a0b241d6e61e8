// Map sets: a small spiking ResNet's grating and image-folder maps agree with the engine's analyses run directly on
// the same responses, cancel leaves nothing, the .npz round-trips exactly, NumPy reads the documented names and
// shapes, other files are refused naming the file, and the cache key follows what the maps depend on.
#include <QDir>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "common/map_set.hpp"
#include "support/expect_error.hpp"
#include "support/fixtures.hpp"
#include "support/python_check.hpp"
#include "topospike/analysis/entropy.hpp"
#include "topospike/analysis/it_analysis.hpp"
#include "topospike/analysis/v1_analysis.hpp"
#include "topospike/io/checkpoint.hpp"
#include "topospike/io/npy.hpp"
#include "topospike/sheet/retinotopic.hpp"
#include "topospike/stimuli/gratings.hpp"

using namespace topospike;
using app::LayerMaps;
using app::MapSet;
using app::StimulusSetSpec;

namespace {

constexpr int kSize = 32;  // the fixture network's input size (CIFAR stem)
const std::vector<std::string> kPositioned{"layer1.1", "layer2.0", "layer4.1"};

QString networkPath() { return testsupport::fixture("spiking/spiking_r18w8_cifar32_T4.pth"); }

std::shared_ptr<const model::Network> loadNetwork(const QString& path) {
    return model::Network::build(io::loadCheckpoint(path.toStdString()));
}

/// Retinotopic positions of the network's topographic layers at `size`, keeping only `keep`.
io::PositionSet positionsFor(const model::Network& net, int size, const std::vector<std::string>& keep) {
    io::PositionSet all = sheet::initNetworkPositions(net.architecture().topographicLayers(size), 7);
    std::erase_if(all.layers, [&](const io::LayerPositions& l) {
        return std::find(keep.begin(), keep.end(), l.name) == keep.end();
    });
    return all;
}

template <class T>
bool sameBits(const std::vector<T>& a, const std::vector<T>& b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

bool sameCurve(const app::CurveData& a, const app::CurveData& b) {
    return sameBits(a.x, b.x) && sameBits(a.mean, b.mean) && sameBits(a.chance, b.chance) &&
           std::memcmp(&a.score, &b.score, sizeof(double)) == 0;
}

/// Every field, bit for bit (NaN equals NaN).
bool sameLayer(const LayerMaps& a, const LayerMaps& b) {
    return a.layer == b.layer && a.units == b.units && a.dims == b.dims && sameBits(a.orientationLevels, b.orientationLevels) &&
           sameBits(a.sfLevels, b.sfLevels) && sameBits(a.colorLevels, b.colorLevels) &&
           sameBits(a.orientationTuning, b.orientationTuning) && sameBits(a.sfTuning, b.sfTuning) &&
           sameBits(a.colorTuning, b.colorTuning) && sameBits(a.orientationDeg, b.orientationDeg) &&
           sameBits(a.orientationSelectivity, b.orientationSelectivity) && sameBits(a.orientationPtp, b.orientationPtp) &&
           sameBits(a.sfCpd, b.sfCpd) && sameBits(a.sfPtp, b.sfPtp) && sameBits(a.colorPreference, b.colorPreference) &&
           sameBits(a.colorPtp, b.colorPtp) && sameCurve(a.orientationSmoothness, b.orientationSmoothness) &&
           sameCurve(a.sfSmoothness, b.sfSmoothness) && sameCurve(a.colorSmoothness, b.colorSmoothness) &&
           a.tValues.size() == b.tValues.size() &&
           std::equal(a.tValues.begin(), a.tValues.end(), b.tValues.begin(), [](const auto& x, const auto& y) { return sameBits(x, y); }) &&
           sameBits(a.meanRate, b.meanRate) && sameBits(a.entropy, b.entropy) &&
           sameBits(a.entropyPerTimestep, b.entropyPerTimestep) && sameBits(a.ratePerTimestep, b.ratePerTimestep);
}

bool sameMapSet(const MapSet& a, const MapSet& b) {
    if (a.stimulusSet != b.stimulusSet || a.images != b.images || a.T != b.T || a.key != b.key ||
        a.contrasts != b.contrasts || a.layers.size() != b.layers.size())
        return false;
    for (std::size_t i = 0; i < a.layers.size(); ++i)
        if (!sameLayer(a.layers[i], b.layers[i])) return false;
    return true;
}

template <class T>
std::vector<float> asFloats(const std::vector<T>& v) {
    return std::vector<float>(v.begin(), v.end());
}

/// A 32 x 32 PNG: stripes of period `period` (0: flat grey) with a seeded brightness.
void writePng(const QString& path, int period, int seed) {
    QImage image(kSize, kSize, QImage::Format_RGB888);
    for (int y = 0; y < kSize; ++y)
        for (int x = 0; x < kSize; ++x) {
            const int v = period ? ((x + seed) / period % 2 ? 230 : 20) : 100 + 7 * seed + (x * y + seed) % 9;
            image.setPixel(x, y, qRgb(v, v, (v + 40 * seed) % 256));
        }
    QVERIFY(image.save(path, "PNG"));
}

}  // namespace

class TestMapSet : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::shared_ptr<const model::Network> net_;
    io::PositionSet positions_;
    run::RunOptions options_;
    StimulusSetSpec gratingSpec_, folderSpec_;
    MapSet gratings_, images_;
    std::vector<std::int64_t> progress_;

    QString folder() const { return dir_.filePath("images"); }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        qputenv("XDG_CACHE_HOME", dir_.filePath("cache").toUtf8());
        net_ = loadNetwork(networkPath());
        positions_ = positionsFor(*net_, kSize, kPositioned);
        options_.T = 4;
        gratingSpec_.gratingSize = kSize;
        gratings_ = app::computeMapSet(net_, positions_, options_, gratingSpec_, "gratings-key",
                                       [&](std::int64_t done, std::int64_t total) {
                                           QCOMPARE(total, std::int64_t{1000});
                                           progress_.push_back(done);
                                       });

        // Two categories in sub-folders: striped "faces", flat "places".
        QDir().mkpath(folder() + "/faces");
        QDir().mkpath(folder() + "/places");
        for (int i = 0; i < 6; ++i) {
            writePng(folder() + QString("/faces/f%1.png").arg(i), 2 + i % 3, i);
            writePng(folder() + QString("/places/p%1.png").arg(i), 0, i);
        }
        folderSpec_.kind = StimulusSetSpec::Kind::ImageFolder;
        folderSpec_.folder = folder().toStdString();
        folderSpec_.preprocess.resize = kSize;
        folderSpec_.preprocess.crop = kSize;
        folderSpec_.contrasts = {analysis::parseContrast("faces:faces")};
        images_ = app::computeMapSet(net_, positions_, options_, folderSpec_, "images-key");
    }

    void gratingMapsOfEveryPositionedLayer() {
        QCOMPARE(gratings_.stimulusSet, std::string("tdann-gratings"));
        QCOMPARE(gratings_.images, std::int64_t{640});
        QCOMPARE(gratings_.T, 4);
        QCOMPARE(gratings_.key, std::string("gratings-key"));
        QVERIFY(gratings_.contrasts.empty());
        QCOMPARE(gratings_.layers.size(), kPositioned.size());
        const auto shapes = net_->recordedLayers(kSize, kSize);
        for (std::size_t i = 0; i < kPositioned.size(); ++i) {
            const LayerMaps& l = gratings_.layers[i];
            QCOMPARE(l.layer, kPositioned[i]);  // network order
            QCOMPARE(gratings_.find(kPositioned[i]), &l);
            const auto shape = std::find_if(shapes.begin(), shapes.end(), [&](const auto& s) { return s.name == l.layer; });
            QCOMPARE(l.units, shape->units());
            QCOMPARE(l.dims, (std::vector<std::int64_t>{shape->channels, shape->height, shape->width}));
            QVERIFY(l.hasGratingMaps());
            QVERIFY(!l.hasCategoryMaps());
            const auto n = static_cast<std::size_t>(l.units);
            QCOMPARE(l.orientationLevels, (std::vector<double>{0, 22.5, 45, 67.5, 90, 112.5, 135, 157.5}));
            QCOMPARE(l.sfLevels.size(), std::size_t{8});
            QCOMPARE(l.sfLevels.front(), 5.5 / 8.0);
            QCOMPARE(l.colorLevels, (std::vector<double>{0, 1}));
            QCOMPARE(l.orientationTuning.size(), 8 * n);
            QCOMPARE(l.colorTuning.size(), 2 * n);
            QCOMPARE(l.orientationDeg.size(), n);
            QCOMPARE(l.entropy.size(), n);
            QCOMPARE(l.entropyPerTimestep.size(), std::size_t{4});
            QCOMPARE(l.ratePerTimestep.size(), std::size_t{4});
            QCOMPARE(l.orientationSmoothness.x.size(), std::size_t{9});
            double rate = 0;
            for (float r : l.meanRate) rate += r;
            QVERIFY2(rate > 0, l.layer.c_str());  // the layer fires
        }
        QVERIFY(!gratings_.find("layer1.0"));
        // Progress: per-mille, never backwards, ends at 1000, the run about 80 % of it.
        QVERIFY(!progress_.empty());
        QVERIFY(std::is_sorted(progress_.begin(), progress_.end()));
        QCOMPARE(progress_.back(), std::int64_t{1000});
        QVERIFY(std::find(progress_.begin(), progress_.end(), 800) != progress_.end());
    }

    void gratingMapsAreTheEngineAnalyses() {
        // The same run done here in one piece: spikes of every grating, then analyzeV1 and spikeEntropy.
        stimuli::PreprocessOptions pre;
        pre.resize = kSize;
        pre.crop = kSize;
        std::vector<stimuli::InputImage> inputs;
        const auto set = stimuli::tdannGratingSet(kSize);
        for (const auto& g : set) inputs.push_back(stimuli::gratingInput(g.spec, pre));
        const run::Simulator sim(net_, options_);
        std::vector<analysis::SpikeTensor> spikes(kPositioned.size());
        sim.stream(inputs, [&](int, run::ImageResult&& r) {
            for (std::size_t i = 0; i < kPositioned.size(); ++i) {
                const run::LayerRecord* rec = r.find(kPositioned[i]);
                const auto v = rec->toUint8();
                for (std::int64_t k = 0; k < static_cast<std::int64_t>(v.size()); k += 7)  // unpacked right
                    if (v[static_cast<std::size_t>(k)] != rec->value(static_cast<int>(k / rec->units()), k % rec->units()))
                        qFatal("toUint8 disagrees with value() in %s", kPositioned[i].c_str());
                auto& s = spikes[i];
                s.values.insert(s.values.end(), v.begin(), v.end());
                s.timesteps = rec->timesteps();
                s.units = rec->units();
                s.unitDims = {rec->channels(), rec->height(), rec->width()};
                ++s.images;
            }
        });
        const auto labels = analysis::gratingLabels(set);
        for (std::size_t i = 0; i < kPositioned.size(); ++i) {
            const LayerMaps& l = *gratings_.find(kPositioned[i]);
            const analysis::LayerEntropy e = analysis::spikeEntropy(spikes[i]);
            QCOMPARE(l.entropy, asFloats(e.unitEntropy));
            QCOMPARE(l.meanRate, asFloats(e.unitProbability));
            QCOMPARE(l.entropyPerTimestep, e.perTimestep);
            QCOMPARE(l.ratePerTimestep, e.probabilityPerTimestep);
            if (kPositioned[i] != "layer2.0") continue;  // one V1 analysis is enough here
            const auto v1 = analysis::analyzeV1(spikes[i].firingRates(), labels, positions_.find(kPositioned[i])->coordinates);
            std::vector<float> deg = asFloats(v1.orientation.preferenceDeg);
            for (float& d : deg) d = d >= 180.0f ? 0.0f : d;  // stored in [0, 180) in float32
            QVERIFY(sameBits(l.orientationDeg, deg));
            QVERIFY(sameBits(l.orientationSelectivity, asFloats(v1.orientation.selectivity)));
            QVERIFY(sameBits(l.sfCpd, asFloats(v1.sfPreferenceCpd)));
            QVERIFY(sameBits(l.colorPreference, asFloats(v1.colorPreference)));
            QVERIFY(sameBits(l.orientationTuning, asFloats(v1.tuning.orientation.values)));
            QVERIFY(sameBits(l.sfPtp, asFloats(v1.sfMask.peakToPeak)));
            QCOMPARE(l.orientationSmoothness.mean, v1.orientationSmoothness.meanCurve);
            QCOMPARE(l.colorSmoothness.score, v1.colorSmoothness.smoothness);
            QVERIFY(v1.orientationMask.count > 0);
        }
    }

    void imageFolderGivesTValues() {
        QCOMPARE(images_.stimulusSet, folder().toStdString());
        QCOMPARE(images_.images, std::int64_t{12});
        QCOMPARE(images_.contrasts, (std::vector<std::string>{"faces"}));
        QCOMPARE(images_.layers.size(), kPositioned.size());
        for (const LayerMaps& l : images_.layers) {
            QVERIFY(l.hasCategoryMaps());
            QVERIFY(!l.hasGratingMaps());
            QCOMPARE(l.tValues.size(), std::size_t{1});
            QCOMPARE(l.tValues[0].size(), static_cast<std::size_t>(l.units));
            QCOMPARE(l.entropy.size(), static_cast<std::size_t>(l.units));
            int nonzero = 0;
            for (float t : l.tValues[0]) nonzero += std::isfinite(t) && t != 0.0f;
            QVERIFY2(nonzero > l.units / 20, l.layer.c_str());  // striped and flat images differ
        }
    }

    void imageFolderRefusals() {
        // Neither fLoc categories nor a contrast: refused before anything runs.
        StimulusSetSpec noContrast = folderSpec_;
        noContrast.contrasts.clear();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, app::computeMapSet(net_, positions_, options_, noContrast, "k"));
        StimulusSetSpec unknown = folderSpec_;
        unknown.contrasts = {analysis::parseContrast("cars:car")};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, app::computeMapSet(net_, positions_, options_, unknown, "k"));
        StimulusSetSpec missing = folderSpec_;
        missing.folder = dir_.filePath("no-such-folder").toStdString();
        testsupport::expectFileError([&] { app::computeMapSet(net_, positions_, options_, missing, "k"); }, "no-such-folder");
    }

    void positionsMustFitTheLayers() {
        // Positions made for a 64-pixel input have four times the units of the 32-pixel run.
        const io::PositionSet big = positionsFor(*net_, 64, {"layer2.0"});
        try {
            app::computeMapSet(net_, big, options_, gratingSpec_, "k");
            QFAIL("no error");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(std::string(e.what()).find("layer2.0") != std::string::npos, e.what());
        }
        const io::PositionSet none = positionsFor(*net_, kSize, {});
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, app::computeMapSet(net_, none, options_, gratingSpec_, "k"));
    }

    void cancelThrows_data() {
        QTest::addColumn<int>("at");
        QTest::newRow("during the run") << 100;
        QTest::newRow("during the analyses") << 801;
    }
    void cancelThrows() {
        QFETCH(int, at);
        CancelToken cancel;
        const io::PositionSet one = positionsFor(*net_, kSize, {"layer4.1"});
        QVERIFY_THROWS_EXCEPTION(Cancelled, app::computeMapSet(net_, one, options_, gratingSpec_, "k",
                                                               [&](std::int64_t done, std::int64_t) {
                                                                   if (done >= at) cancel.cancel();
                                                               },
                                                               &cancel));
    }

    void annRunHasNoEntropy() {
        run::RunOptions ann = options_;
        ann.neuron.model = model::NeuronModel::Ann;
        const io::PositionSet one = positionsFor(*net_, kSize, {"layer4.1"});
        const MapSet m = app::computeMapSet(net_, one, ann, folderSpec_, "ann");
        QCOMPARE(m.T, 1);
        const LayerMaps& l = m.layers.at(0);
        QVERIFY(l.entropy.empty() && l.entropyPerTimestep.empty());
        QCOMPARE(l.meanRate.size(), static_cast<std::size_t>(l.units));
        QCOMPARE(l.ratePerTimestep.size(), std::size_t{1});
        QVERIFY(l.hasCategoryMaps());
        const QString path = dir_.filePath("ann.npz");
        app::saveMapSet(path.toStdString(), m);
        QVERIFY(sameMapSet(app::loadMapSet(path.toStdString()), m));
    }

    void saveLoadRoundTrip() {
        for (const MapSet* m : {&gratings_, &images_}) {
            const QString path = dir_.filePath(QString::fromStdString(m->key) + ".npz");
            app::saveMapSet(path.toStdString(), *m);
            QVERIFY(sameMapSet(app::loadMapSet(path.toStdString()), *m));
        }
        // into the cache, whose folder does not exist yet
        const auto cached = app::mapCachePath("abc123");
        QCOMPARE(QString::fromStdString(cached.string()), dir_.filePath("cache/topospike/maps/abc123.npz"));
        app::saveMapSet(cached, images_);
        QVERIFY(sameMapSet(app::loadMapSet(cached), images_));
    }

    void numpyReadsTheDocumentedArrays() {
        const QString g = dir_.filePath("g.npz"), i = dir_.filePath("i.npz");
        app::saveMapSet(g.toStdString(), gratings_);
        app::saveMapSet(i.toStdString(), images_);
        QString log;
        const bool ok = testsupport::runPython(
            "import sys, json, numpy as np\n"
            "for path, kind in ((sys.argv[1], 'gratings'), (sys.argv[2], 'images')):\n"
            "    z = np.load(path)\n"
            "    assert z['meta'].shape == () and z['meta'].dtype.kind == 'U'\n"
            "    m = json.loads(str(z['meta']))\n"
            "    assert m['format'] == 'topospike-maps' and m['version'] == 1 and m['T'] == 4, m\n"
            "    assert [l['name'] for l in m['layers']] == ['layer1.1', 'layer2.0', 'layer4.1'], m\n"
            "    for l in m['layers']:\n"
            "        L, N = l['name'], l['units']\n"
            "        assert N == int(np.prod(l['dims']))\n"
            "        for n in ['mean_rate', 'entropy']:\n"
            "            assert z[L + '/' + n].shape == (N,) and z[L + '/' + n].dtype == np.float32, n\n"
            "        for n in ['entropy_per_timestep', 'rate_per_timestep']:\n"
            "            assert z[L + '/' + n].shape == (4,) and z[L + '/' + n].dtype == np.float64, n\n"
            "        if kind == 'images':\n"
            "            assert m['contrasts'] == ['faces'] and m['images'] == 12\n"
            "            assert z[L + '/t_values'].shape == (1, N) and z[L + '/t_values'].dtype == np.float32\n"
            "            assert L + '/orientation_deg' not in z.files\n"
            "            continue\n"
            "        assert m['stimulus_set'] == 'tdann-gratings' and m['images'] == 640 and m['contrasts'] == []\n"
            "        assert np.array_equal(z[L + '/orientation_levels'], np.linspace(0, 180, 9)[:-1])\n"
            "        assert np.allclose(z[L + '/sf_levels'], np.linspace(5.5, 110, 9)[:-1] / 8)\n"
            "        assert np.array_equal(z[L + '/color_levels'], [0, 1])\n"
            "        for m_, k in (('orientation', 8), ('sf', 8), ('color', 2)):\n"
            "            assert z[L + '/' + m_ + '_tuning'].shape == (N, k) and z[L + '/' + m_ + '_tuning'].dtype == np.float32\n"
            "            assert z[L + '/' + m_ + '_ptp'].shape == (N,)\n"
            "            s = z[L + '/smoothness_' + m_]\n"
            "            assert s.shape == (3, 9) and s.dtype == np.float64\n"
            "            assert np.all(np.diff(s[0]) > 0)\n"
            "        for n in ['orientation_deg', 'orientation_selectivity', 'sf_cpd', 'color_preference']:\n"
            "            assert z[L + '/' + n].shape == (N,) and z[L + '/' + n].dtype == np.float32, n\n"
            "        o = z[L + '/orientation_deg']\n"
            "        assert np.all((o >= 0) & (o < 180))\n"
            "        assert set(np.unique(z[L + '/color_preference'])) <= {0.0, 1.0}\n"
            "        assert np.allclose(z[L + '/orientation_ptp'], np.ptp(z[L + '/orientation_tuning'], axis=1), rtol=1e-5, atol=1e-4)\n"
            "        assert z[L + '/smoothness_scores'].shape == (3,)\n",
            {g, i}, &log);
        QVERIFY2(ok, qPrintable(log));
    }

    void refusesOtherFiles_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("phrase");
        QTest::newRow("truncated") << "truncated" << "";
        QTest::newRow("not a zip") << "garbage" << "";
        QTest::newRow("foreign npz") << "foreign" << "no 'meta'";
        QTest::newRow("other format") << "format" << "not a TopoSpike map set";
        QTest::newRow("newer version") << "version" << "version 2";
        QTest::newRow("wrong shape") << "shape" << "layer2.0/mean_rate";
        QTest::newRow("wrong dtype") << "dtype" << "not float32";
        QTest::newRow("unknown array") << "extra" << "unexpected array 'layer2.0/bogus'";
        QTest::newRow("array of no layer") << "orphan" << "unexpected array 'layer9.9/mean_rate'";
        QTest::newRow("half the grating maps") << "half" << "is missing";
        QTest::newRow("dims disagree") << "dims" << "dims";
    }
    void refusesOtherFiles() {
        QFETCH(QString, kind);
        QFETCH(QString, phrase);
        const QString good = dir_.filePath("good.npz");
        app::saveMapSet(good.toStdString(), gratings_);
        const std::filesystem::path path = dir_.filePath("bad_" + kind + ".npz").toStdString();
        auto meta = [](const std::string& format, int version, const std::string& dims) {
            return io::NpyArray::fromStrings({"{\"format\": \"" + format + "\", \"version\": " + std::to_string(version) +
                                              ", \"stimulus_set\": \"s\", \"images\": 2, \"T\": 4, \"key\": \"k\", "
                                              "\"contrasts\": [], \"layers\": [{\"name\": \"layer2.0\", \"units\": 6, "
                                              "\"dims\": " + dims + "}]}"});
        };
        Tensor six(DType::F32, {6}), five(DType::F32, {5}), sixDoubles(DType::F64, {6});
        const io::NpyArray ok = meta("topospike-maps", 1, "[6, 1, 1]");
        if (kind == "truncated") {
            const QByteArray bytes = testsupport::readAll(good);
            QVERIFY(testsupport::writeAll(QString::fromStdString(path.string()), bytes.left(bytes.size() / 2)));
        } else if (kind == "garbage") {
            QVERIFY(testsupport::writeAll(QString::fromStdString(path.string()), QByteArray(500, 'x')));
        } else if (kind == "foreign") {
            io::writeNpz(path, {{"x", six}});
        } else if (kind == "format") {
            const auto m = meta("something-else", 1, "[6, 1, 1]");
            io::writeNpz(path, {{"meta", m}});
        } else if (kind == "version") {
            const auto m = meta("topospike-maps", 2, "[6, 1, 1]");
            io::writeNpz(path, {{"meta", m}});
        } else if (kind == "shape") {
            io::writeNpz(path, {{"meta", ok}, {"layer2.0/mean_rate", five}});
        } else if (kind == "dtype") {
            io::writeNpz(path, {{"meta", ok}, {"layer2.0/mean_rate", sixDoubles}});
        } else if (kind == "extra") {
            io::writeNpz(path, {{"meta", ok}, {"layer2.0/bogus", six}});
        } else if (kind == "orphan") {
            io::writeNpz(path, {{"meta", ok}, {"layer9.9/mean_rate", six}});
        } else if (kind == "half") {
            io::writeNpz(path, {{"meta", ok}, {"layer2.0/orientation_deg", six}});
        } else if (kind == "dims") {
            const auto m = meta("topospike-maps", 1, "[2, 2, 1]");
            io::writeNpz(path, {{"meta", m}});
        }
        testsupport::expectFileError([&] { app::loadMapSet(path); }, path.string());
        if (!phrase.isEmpty()) testsupport::expectFileError([&] { app::loadMapSet(path); }, phrase.toStdString());
    }

    void saveRefusesAnInconsistentSet() {
        MapSet m = images_;
        m.layers[0].tValues[0].pop_back();
        testsupport::expectFileError([&] { app::saveMapSet(dir_.filePath("x.npz").toStdString(), m); }, "t-map");
        QVERIFY(!QFile::exists(dir_.filePath("x.npz")));
    }

    void keyFollowsInputs() {
        const QString ckpt = dir_.filePath("net.pth"), pos = dir_.filePath("positions");
        QVERIFY(QFile::copy(networkPath(), ckpt));
        io::writeTdannFolder(pos.toStdString(), positions_);
        auto key = [&](const run::RunOptions& o, const StimulusSetSpec& s) {
            return app::mapSetKey(ckpt.toStdString(), pos.toStdString(), o, s);
        };
        const std::string base = key(options_, gratingSpec_);
        QCOMPARE(base.size(), std::size_t{32});
        QVERIFY(std::all_of(base.begin(), base.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); }));
        QCOMPARE(key(options_, gratingSpec_), base);
        run::RunOptions threads = options_;
        threads.threads = 1;  // same spikes
        QCOMPARE(key(threads, gratingSpec_), base);

        run::RunOptions t8 = options_;
        t8.T = 8;
        QVERIFY(key(t8, gratingSpec_) != base);
        run::RunOptions tau = options_;
        tau.neuron.tau = 3.0;
        QVERIFY(key(tau, gratingSpec_) != base);
        StimulusSetSpec size = gratingSpec_;
        size.gratingSize = 64;
        QVERIFY(key(options_, size) != base);
        const std::string folderKey = key(options_, folderSpec_);
        QVERIFY(folderKey != base);
        StimulusSetSpec crop = folderSpec_;
        crop.preprocess.crop = 28;
        QVERIFY(key(options_, crop) != folderKey);
        StimulusSetSpec contrast = folderSpec_;
        contrast.contrasts.push_back(analysis::parseContrast("places:places", 1));
        QVERIFY(key(options_, contrast) != folderKey);

        // A file changes: the checkpoint rewritten, a position file touched, an image added.
        {
            QFile f(ckpt);
            QVERIFY(f.open(QIODevice::Append));
            f.write("x");
        }
        const std::string changed = key(options_, gratingSpec_);
        QVERIFY(changed != base);
        const auto layerFile = std::filesystem::path(pos.toStdString()) / "layer2.0.npz";
        std::filesystem::last_write_time(layerFile, std::filesystem::last_write_time(layerFile) + std::chrono::seconds(5));
        QVERIFY(key(options_, gratingSpec_) != changed);
        QDir(dir_.path()).mkpath("images2/faces");
        StimulusSetSpec other = folderSpec_;
        other.folder = dir_.filePath("images2").toStdString();
        writePng(dir_.filePath("images2/faces/a.png"), 2, 1);
        const std::string one = key(options_, other);
        writePng(dir_.filePath("images2/faces/b.png"), 2, 1);
        QVERIFY(key(options_, other) != one);
    }
};

QTEST_GUILESS_MAIN(TestMapSet)
#include "test_map_set.moc"
