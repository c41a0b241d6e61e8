// Cortical-sheet positions (topospike/io/positions.hpp): TDANN folders and layer files written the way
// spacetorch's LayerPositions.save_np writes them (tests/fixtures/numpy_fixtures.py), the version-1 rescale,
// and TopoSpike's own format (write → read exact, and checked from Python).

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>

#include "support/expect_error.hpp"
#include "support/python_check.hpp"
#include "topospike/error.hpp"
#include "topospike/io/positions.hpp"
#include "topospike/io/safetensors.hpp"

using namespace topospike;
using namespace topospike::io;

namespace {

const std::string kDir = std::string(TOPOSPIKE_FIXTURE_DIR) + "/numpy/";
const std::string kPos = kDir + "positions/";

using testsupport::expectFileError;

/// numpy_fixtures.tdann_layer: coordinates[u] = ((u % 7) * 0.5 + 0.125, (u // 7) * 0.25 + 0.0625) × factor;
/// indices[p, q] = (5p + 3q) % N with P = 3, Q = 4.
void checkLayer(const LayerPositions* l, const std::string& name, const std::vector<std::int64_t>& dims,
                double width, double factor, bool hoods = true) {
    QVERIFY2(l != nullptr, name.c_str());
    QCOMPARE(l->name, name);
    QCOMPARE(l->dims, dims);
    const std::int64_t n = Tensor::countElements(dims);
    QCOMPARE(l->units(), n);
    QCOMPARE(l->coordinates.size(), std::size_t(2 * n));
    for (std::int64_t u = 0; u < n; ++u) {
        QCOMPARE(l->coordinates[std::size_t(2 * u)], (double(u % 7) * 0.5 + 0.125) * factor);
        QCOMPARE(l->coordinates[std::size_t(2 * u + 1)], (double(u / 7) * 0.25 + 0.0625) * factor);
    }
    QCOMPARE(l->neighborhoodWidth, width * factor);
    if (!hoods) {
        QCOMPARE(l->neighborhoodCount, std::int64_t{0});
        QVERIFY(l->neighborhoodIndices.empty());
        return;
    }
    QCOMPARE(l->neighborhoodCount, std::int64_t{3});
    QCOMPARE(l->neighborhoodSize, std::int64_t{4});
    for (std::int64_t p = 0; p < 3; ++p)
        for (std::int64_t q = 0; q < 4; ++q)
            QCOMPARE(l->neighborhoodIndices[std::size_t(p * 4 + q)], (5 * p + 3 * q) % n);
}

std::vector<std::string> names(const PositionSet& s) {
    std::vector<std::string> out;
    for (const auto& l : s.layers) out.push_back(l.name);
    return out;
}

void compareExactly(const PositionSet& a, const PositionSet& b) {
    QCOMPARE(names(a), names(b));
    for (std::size_t i = 0; i < a.layers.size(); ++i) {
        const LayerPositions& x = a.layers[i];
        const LayerPositions& y = b.layers[i];
        QCOMPARE(x.dims, y.dims);
        QVERIFY(x.coordinates == y.coordinates);  // bit-exact
        QCOMPARE(x.neighborhoodCount, y.neighborhoodCount);
        QCOMPARE(x.neighborhoodSize, y.neighborhoodSize);
        QCOMPARE(x.neighborhoodIndices, y.neighborhoodIndices);
        QVERIFY(x.neighborhoodWidth == y.neighborhoodWidth);
        QCOMPARE(x.area, y.area);
        QCOMPARE(x.source, y.source);
    }
}

Tensor f64(std::vector<std::int64_t> shape, double value) {
    Tensor t(DType::F64, std::move(shape));
    for (std::int64_t i = 0; i < t.numel(); ++i) std::memcpy(t.bytes().data() + 8 * i, &value, 8);
    return t;
}

}  // namespace

class TestPositions : public QObject {
    Q_OBJECT

  private slots:
    void tdannFolderVersion1() {
        const PositionSet s = readPositions(kPos + "tdann_v1");
        QCOMPARE(s.format, std::string("tdann-folder"));
        QCOMPARE(s.version, 1);
        QVERIFY(s.rescaled);
        QCOMPARE(names(s),
                 (std::vector<std::string>{"layer2.0", "layer4.1", "fc"}));  // network order, then others
        checkLayer(s.find("layer2.0"), "layer2.0", {8, 4, 4}, 1.25, 1.5);
        checkLayer(s.find("layer4.1"), "layer4.1", {16, 2, 2}, 3.5, 7.0);
        checkLayer(s.find("fc"), "fc", {10}, 0.5, 1.0);  // no rescale factor: left as it is, and said so
        QVERIFY2(s.note.find("left unscaled: fc") != std::string::npos, s.note.c_str());
    }

    void rescaleDisabled() {
        const PositionSet s = readPositions(kPos + "tdann_v1", {.rescale = false});
        QVERIFY(!s.rescaled);
        QVERIFY(s.note.empty());
        checkLayer(s.find("layer2.0"), "layer2.0", {8, 4, 4}, 1.25, 1.0);
        checkLayer(s.find("layer4.1"), "layer4.1", {16, 2, 2}, 3.5, 1.0);
    }

    void versions_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("version");
        QTest::addColumn<double>("factor20");
        QTest::addColumn<double>("factor41");
        QTest::newRow("folder, version.txt 2") << "tdann_v2"
                                               << "tdann-folder" << 2 << 1.0 << 1.0;
        QTest::newRow("folder, version.txt ' 1 '") << "tdann_v1_explicit"
                                                   << "tdann-folder" << 1 << 1.5 << 7.0;
        QTest::newRow("layer file, no version.txt") << "tdann_v1/layer4.1.npz"
                                                    << "tdann-npz" << 1 << 0.0 << 7.0;
        QTest::newRow("layer file, sibling version 2") << "tdann_v2/layer4.1.npz"
                                                       << "tdann-npz" << 2 << 0.0 << 1.0;
        QTest::newRow("layer file, sibling version 1") << "tdann_v1_explicit/layer2.0.npz"
                                                       << "tdann-npz" << 1 << 1.5 << 0.0;
    }
    void versions() {
        QFETCH(QString, path);
        QFETCH(QString, format);
        QFETCH(int, version);
        QFETCH(double, factor20);
        QFETCH(double, factor41);
        const PositionSet s = readPositions(kPos + path.toStdString());
        QCOMPARE(s.format, format.toStdString());
        QCOMPARE(s.version, version);
        QCOMPARE(s.rescaled, version == 1);
        QCOMPARE(s.layers.size(), std::size_t((factor20 > 0) + (factor41 > 0)));
        if (factor20 > 0) checkLayer(s.find("layer2.0"), "layer2.0", {8, 4, 4}, 1.25, factor20);
        if (factor41 > 0) checkLayer(s.find("layer4.1"), "layer4.1", {16, 2, 2}, 3.5, factor41);
    }

    void nameMismatchUsesFileStem() {
        const PositionSet s = readPositions(kPos + "tdann_name_mismatch");
        QCOMPARE(names(s), std::vector<std::string>{"layer2.0"});
        checkLayer(s.find("layer2.0"), "layer2.0", {8, 4, 4}, 1.25, 1.5);
        QVERIFY2(s.note.find("'wrong'") != std::string::npos, s.note.c_str());
    }

    void layerWithoutNeighborhoods() {
        const PositionSet s = readPositions(kPos + "tdann_no_hoods");
        checkLayer(s.find("layer1.0"), "layer1.0", {2, 2, 2}, 0.25, 0.6, false);
    }

    void pickleBesideNpzIsSkipped() {
        const PositionSet s = readPositions(kPos + "tdann_pkl_and_npz");
        QCOMPARE(names(s), std::vector<std::string>{"layer2.0"});
        QVERIFY2(s.note.find("skipped layer2.0.pkl") != std::string::npos, s.note.c_str());
    }

    void refused_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("needle");
        QTest::newRow("index = N") << "positions/tdann_bad_index"
                                   << "neighborhood index 128 (entry 6) is outside [0, 128)";
        QTest::newRow("negative index") << "positions/tdann_negative_index"
                                        << "neighborhood index -1";
        QTest::newRow("dims mismatch") << "positions/tdann_bad_dims"
                                       << "dims multiply to 160 units but there are 128";
        QTest::newRow("NaN coordinate") << "positions/tdann_nan"
                                        << "coordinate of unit 3 is not finite";
        QTest::newRow("coordinates [N, 1]") << "positions/tdann_bad_coords"
                                            << "shape [N, 2]";
        QTest::newRow("pickle-only folder") << "positions/tdann_pkl"
                                            << "convert them to .npz";
        QTest::newRow("pickle file") << "positions/tdann_pkl/layer2.0.pkl"
                                     << "LayerPositions.load(path).save_np";
        QTest::newRow("empty folder") << "positions/tdann_empty"
                                      << "no TDANN position files";
        QTest::newRow("bad version.txt") << "positions/tdann_bad_version"
                                         << "version.txt: first line is not an integer";
        QTest::newRow("npy file") << "npy/f4.npy"
                                  << "a single .npy array is not a position file";
        QTest::newRow("other safetensors") << "safetensors/valid.safetensors"
                                           << "without TopoSpike position metadata";
        QTest::newRow("other npz") << "npz/stored.npz"
                                   << "missing array 'name'";
        QTest::newRow("missing") << "positions/nothing-here.npz"
                                 << "no such file";
        QTest::newRow("text file") << ""
                                   << "not a position file";
    }
    void refused() {
        QFETCH(QString, path);
        QFETCH(QString, needle);
        QTemporaryDir dir;
        std::string file = kDir + path.toStdString();
        if (path.isEmpty()) {  // a file of no known kind
            file = dir.filePath("notes.txt").toStdString();
            std::ofstream(file) << "hello, not positions\n";
        }
        expectFileError([&] { readPositions(file); }, needle.toStdString());
    }

    void nativeRoundTrip() {
        PositionSet s = readPositions(kPos + "tdann_v1");
        s.layers[0].area = "V1";
        s.layers[0].source = "TDANN v1 positions, rescaled \u00d71.5";
        LayerPositions odd;
        odd.name = "layer1.0";
        odd.dims = {3};
        odd.coordinates = {0.1 + 0.2, -1e-300, 1.0 / 3.0, 2.5e10, 0.0, -0.0};
        odd.neighborhoodWidth = 0.1 + 0.2;  // 0.30000000000000004 must survive exactly
        s.layers.push_back(odd);

        QTemporaryDir dir;
        const std::string path = dir.filePath("net.tspos").toStdString();
        writePositions(path, s);
        const PositionSet back = readPositions(path);
        QCOMPARE(back.format, std::string("topospike"));
        QCOMPARE(back.version, 1);
        QVERIFY(!back.rescaled);
        QVERIFY(back.note.empty());
        QCOMPARE(names(back), (std::vector<std::string>{"layer1.0", "layer2.0", "layer4.1", "fc"}));
        sortLayersInNetworkOrder(s.layers);
        compareExactly(s, back);
        QCOMPARE(back.find("layer2.0")->area, std::string("V1"));
        QVERIFY(std::signbit(back.find("layer1.0")->coordinates[5]));

        // The same reader also takes the .safetensors extension (dispatch is by content).
        const std::string alt = dir.filePath("net.safetensors").toStdString();
        writePositions(alt, back);
        compareExactly(back, readPositions(alt));

        QString out;
        QVERIFY2(
            testsupport::runPython(
                "import sys, json, struct, numpy as np\n"
                "b = open(sys.argv[1], 'rb').read(); n = struct.unpack('<Q', b[:8])[0]\n"
                "h = json.loads(b[8:8 + n]); data = b[8 + n:]; m = h['__metadata__']\n"
                "assert m['format'] == 'topospike-positions' and m['version'] == '1', m\n"
                "assert m['layers'] == 'layer2.0,layer4.1,fc,layer1.0', m['layers']  # as given\n"
                "assert m['layer2.0.dims'] == '8,4,4' and float(m['layer2.0.neighborhood_width']) == 1.875\n"
                "assert float(m['layer1.0.neighborhood_width']) == 0.1 + 0.2\n"
                "c = h['layer4.1.coordinates']; assert c['dtype'] == 'F64' and c['shape'] == [64, 2]\n"
                "xy = np.frombuffer(data[c['data_offsets'][0]:c['data_offsets'][1]], '<f8').reshape(64, 2)\n"
                "u = np.arange(64)\n"
                "assert np.array_equal(xy[:, 0], ((u % 7) * 0.5 + 0.125) * 7)\n"
                "assert np.array_equal(xy[:, 1], ((u // 7) * 0.25 + 0.0625) * 7)\n"
                "i = h['layer4.1.neighborhood_indices']; assert i['dtype'] == 'I64' and i['shape'] == [3, "
                "4]\n"
                "e = h['layer1.0.neighborhood_indices']; assert e['shape'] == [0, 0]\n",
                {QString::fromStdString(path)}, &out),
            qPrintable(out));
    }

    void nativeWriterRefusals() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("bad.tspos").toStdString();
        const PositionSet good = readPositions(kPos + "tdann_v2");
        const auto refuse = [&](const std::function<void(PositionSet&)>& spoil, const std::string& needle) {
            PositionSet s = good;
            spoil(s);
            expectFileError([&] { writePositions(path, s); }, needle);
            QVERIFY(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).isEmpty());
        };
        refuse([](PositionSet& s) { s.layers[0].name = "a,b"; }, "contains ','");
        refuse([](PositionSet& s) { s.layers[1].name = s.layers[0].name; }, "two layers are named");
        refuse([](PositionSet& s) { s.layers[0].neighborhoodIndices[3] = 999; }, "neighborhood index 999");
        refuse([](PositionSet& s) { s.layers[0].dims = {7}; }, "dims multiply to 7");
        refuse([](PositionSet& s) { s.layers[0].neighborhoodSize = 5; }, "do not form a 3 x 5 table");
        refuse([](PositionSet& s) { s.layers[0].coordinates.pop_back(); }, "N x 2");
        refuse([](PositionSet& s) { s.layers[0].neighborhoodWidth = -1; }, "neighborhood width");
        refuse([](PositionSet& s) { s.layers[0].name.clear(); }, "empty name");
    }

    void nativeReaderRefusals_data() {
        QTest::addColumn<QString>("spoil");
        QTest::addColumn<QString>("needle");
        QTest::newRow("no format") << "format="
                                   << "without TopoSpike position metadata";
        QTest::newRow("version 2") << "version=2"
                                   << "format version '2' is not supported";
        QTest::newRow("no dims") << "x.dims="
                                 << "metadata 'x.dims' is missing";
        QTest::newRow("bad dims") << "x.dims=1,a"
                                  << "comma-separated list of integers";
        QTest::newRow("dims mismatch") << "x.dims=5"
                                       << "dims multiply to 5";
        QTest::newRow("bad width") << "x.neighborhood_width=wide"
                                   << "'neighborhood_width' is not a number";
        QTest::newRow("width with junk") << "x.neighborhood_width=1.5mm"
                                         << "'neighborhood_width' is not a number";
        QTest::newRow("listed twice") << "layers=x,x"
                                      << "listed twice";
        QTest::newRow("unknown layer") << "layers=x,y"
                                       << "metadata 'y.dims' is missing";
        QTest::newRow("empty name") << "layers=x,"
                                    << "empty layer name";
    }
    void nativeReaderRefusals() {
        QFETCH(QString, spoil);
        QFETCH(QString, needle);
        std::map<std::string, std::string, std::less<>> meta = {{"format", "topospike-positions"},
                                                                {"version", "1"},
                                                                {"layers", "x"},
                                                                {"x.dims", "2"},
                                                                {"x.neighborhood_width", "1"}};
        const QStringList kv = spoil.split('=');
        if (kv[1].isEmpty())
            meta.erase(kv[0].toStdString());
        else
            meta[kv[0].toStdString()] = kv[1].toStdString();
        const Tensor coords = f64({2, 2}, 0.5);
        const Tensor hoods(DType::I64, {1, 2});
        QTemporaryDir dir;
        const std::string path = dir.filePath("x.tspos").toStdString();
        writeSafetensors(path, {{"x.coordinates", &coords}, {"x.neighborhood_indices", &hoods}}, meta);
        expectFileError([&] { readPositions(path); }, needle.toStdString());
    }

    void nativeReaderTensorChecks() {
        const std::map<std::string, std::string, std::less<>> meta = {{"format", "topospike-positions"},
                                                                      {"version", "1"},
                                                                      {"layers", "x"},
                                                                      {"x.dims", "2"},
                                                                      {"x.neighborhood_width", "1"}};
        QTemporaryDir dir;
        const std::string path = dir.filePath("x.tspos").toStdString();
        const Tensor coords = f64({2, 2}, 0.5);
        const Tensor wide = f64({2, 3}, 0.5);
        const Tensor hoods(DType::I64, {1, 2});
        const Tensor floatHoods(DType::F32, {1, 2});
        Tensor outOfRange(DType::I64, {1, 2});
        const std::int64_t two = 2;
        std::memcpy(outOfRange.bytes().data() + 8, &two, 8);
        const Tensor extra(DType::U8, {3});

        writeSafetensors(path, {{"x.neighborhood_indices", &hoods}}, meta);
        expectFileError([&] { readPositions(path); }, "tensor 'x.coordinates' is missing");
        writeSafetensors(path, {{"x.coordinates", &wide}, {"x.neighborhood_indices", &hoods}}, meta);
        expectFileError([&] { readPositions(path); }, "shape [N, 2]");
        writeSafetensors(path, {{"x.coordinates", &coords}, {"x.neighborhood_indices", &floatHoods}}, meta);
        expectFileError([&] { readPositions(path); }, "must be I64");
        writeSafetensors(path, {{"x.coordinates", &coords}, {"x.neighborhood_indices", &outOfRange}}, meta);
        expectFileError([&] { readPositions(path); }, "neighborhood index 2 (entry 1) is outside [0, 2)");

        writeSafetensors(
            path, {{"x.coordinates", &coords}, {"x.neighborhood_indices", &hoods}, {"junk", &extra}}, meta);
        const PositionSet s = readPositions(path);
        QCOMPARE(s.layers.size(), std::size_t{1});
        QCOMPARE(s.layers[0].coordinates, (std::vector<double>{0.5, 0.5, 0.5, 0.5}));
        QVERIFY2(s.note.find("ignored tensors not belonging to a listed layer: junk") != std::string::npos,
                 s.note.c_str());
    }

    void helpers() {
        QCOMPARE(tdannRescaleFactor("layer1.0").value_or(0), 0.6);
        QCOMPARE(tdannRescaleFactor("layer1.1").value_or(0), 0.6);
        QCOMPARE(tdannRescaleFactor("layer2.0").value_or(0), 1.5);
        QCOMPARE(tdannRescaleFactor("layer2.1").value_or(0), 1.5);
        QCOMPARE(tdannRescaleFactor("layer3.0").value_or(0), 1.75);
        QCOMPARE(tdannRescaleFactor("layer3.1").value_or(0), 1.4);
        QCOMPARE(tdannRescaleFactor("layer4.0").value_or(0), 7.0);
        QCOMPARE(tdannRescaleFactor("layer4.1").value_or(0), 7.0);
        QVERIFY(!tdannRescaleFactor("layer5.0"));
        QVERIFY(!tdannRescaleFactor("fc"));

        const PositionSet s = readPositions(kPos + "tdann_v2");
        QCOMPARE(s.find("layer2.0")->sheetExtent(), 4.5);  // y: 18 rows × 0.25 mm; x: 6 × 0.5 mm
        QVERIFY(s.find("layer9") == nullptr);
        QCOMPARE(LayerPositions{}.sheetExtent(), 0.0);

        std::vector<LayerPositions> layers(5);
        const char* order[] = {"zeta", "layer4.1", "alpha", "layer1.0", "layer3.1"};
        for (int i = 0; i < 5; ++i) layers[std::size_t(i)].name = order[i];
        sortLayersInNetworkOrder(layers);
        std::vector<std::string> sorted;
        for (const auto& l : layers) sorted.push_back(l.name);
        QCOMPARE(sorted, (std::vector<std::string>{"layer1.0", "layer3.1", "layer4.1", "alpha", "zeta"}));
    }
};

QTEST_APPLESS_MAIN(TestPositions)
#include "test_positions.moc"
