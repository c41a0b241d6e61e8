// safetensors reading and writing (topospike/io/safetensors.hpp), against files made by the spec-following
// writer in tests/fixtures/numpy_fixtures.py, and the C++ writer's output checked by Python.

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstring>
#include <functional>
#include <map>

#include "support/expect_error.hpp"
#include "support/python_check.hpp"
#include "topospike/error.hpp"
#include "topospike/io/file_bytes.hpp"
#include "topospike/io/safetensors.hpp"

using namespace topospike;
using namespace topospike::io;

namespace {

const std::string kDir = std::string(TOPOSPIKE_FIXTURE_DIR) + "/numpy/safetensors/";

std::vector<std::byte> fileBytes(const std::string& path) {
    return *readFileBytes(path);
}

using testsupport::expectFileError;

/// The value formula of numpy_fixtures.st_formula.
double expectedValue(DType t, std::int64_t i) {
    if (isFloating(t)) return (double(i) - 2) * 0.5;
    switch (t) {
        case DType::I8:
        case DType::I16:
        case DType::I32:
        case DType::I64:
            return double((i - 2) * 3);
        case DType::Bool:
            return i % 2 == 1 ? 1.0 : 0.0;
        default:
            return double(i * 7);
    }
}

const std::vector<std::string> kHeaderOrder = {"scalar", "t.f64", "t.f32", "t.f16", "t.bf16",
                                               "t.i64",  "t.i32", "t.i16", "t.i8",  "t.u8",
                                               "t.bool", "t.u16", "t.u32", "t.u64", "empty"};

void checkValid(const SafetensorsFile& f) {
    std::vector<std::string> names;
    for (const auto& [name, t] : f.tensors) names.push_back(name);
    QCOMPARE(names, kHeaderOrder);  // header order, not data order
    const std::map<std::string, std::pair<DType, std::vector<std::int64_t>>> expected = {
        {"t.f64", {DType::F64, {2, 3}}},   {"t.f32", {DType::F32, {4}}}, {"t.f16", {DType::F16, {3}}},
        {"t.bf16", {DType::BF16, {2, 2}}}, {"t.i64", {DType::I64, {3}}}, {"t.i32", {DType::I32, {2, 2}}},
        {"t.i16", {DType::I16, {5}}},      {"t.i8", {DType::I8, {4}}},   {"t.u8", {DType::U8, {4}}},
        {"t.bool", {DType::Bool, {5}}},    {"t.u16", {DType::U16, {3}}}, {"t.u32", {DType::U32, {2}}},
        {"t.u64", {DType::U64, {3}}}};
    for (const auto& [name, spec] : expected) {
        const Tensor* t = f.tensors.find(name);
        QVERIFY2(t, name.c_str());
        QCOMPARE(t->dtype(), spec.first);
        QCOMPARE(t->shape(), spec.second);
        for (std::int64_t i = 0; i < t->numel(); ++i) QCOMPARE(t->valueAt(i), expectedValue(t->dtype(), i));
    }
    QCOMPARE(f.tensors.find("scalar")->shape(), std::vector<std::int64_t>{});
    QCOMPARE(f.tensors.find("scalar")->valueAt(0), 7.25);
    QCOMPARE(f.tensors.find("empty")->shape(), (std::vector<std::int64_t>{0, 3}));
    QCOMPARE(f.metadata.size(), std::size_t{2});
    QCOMPARE(f.meta("format").value_or(""), std::string("pt"));
    QCOMPARE(f.meta("note").value_or(""), std::string("\u00fcn\u00efcode \u2713"));
    QVERIFY(!f.meta("absent"));
}

}  // namespace

class TestSafetensors : public QObject {
    Q_OBJECT

  private slots:
    void valid() { checkValid(readSafetensors(kDir + "valid.safetensors")); }

    void tolerated() {
        const SafetensorsFile u = readSafetensors(kDir + "unpadded.safetensors");  // header not padded to 8
        QCOMPARE(u.tensors.find("b")->toDouble(), (std::vector<double>{3, 4}));
        auto bytes = fileBytes(kDir + "valid.safetensors");
        bytes.resize(bytes.size() + 5, std::byte{0x55});  // bytes after the last tensor are ignored
        checkValid(parseSafetensors(bytes, "extra.safetensors"));
    }

    void refused_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("needle");
        QTest::newRow("overlapping ranges") << "overlap"
                                            << "'a' and 'b' have overlapping data ranges";
        QTest::newRow("offsets out of range") << "out_of_range"
                                              << "outside the 16-byte data buffer";
        QTest::newRow("unsupported dtype") << "bad_dtype"
                                           << "tensor 'a' has dtype F8_E4M3";
        QTest::newRow("size mismatch") << "size_mismatch"
                                       << "needs 12";
        QTest::newRow("negative shape") << "negative_shape"
                                        << "non-negative integers";
        QTest::newRow("shape overflow") << "shape_overflow"
                                        << "shape overflows";
        QTest::newRow("float shape") << "float_shape"
                                     << "non-negative integers";
        QTest::newRow("metadata not string") << "meta_not_string"
                                             << "\"__metadata__\" entry \"a\" is not a string";
        QTest::newRow("missing data_offsets") << "missing_offsets"
                                              << "data_offsets";
        QTest::newRow("header is an array") << "not_object"
                                            << "not a JSON object";
        QTest::newRow("trailing comma") << "trailing_comma"
                                        << "invalid JSON";
        QTest::newRow("duplicate tensor") << "duplicate_key"
                                          << "duplicate key";
        QTest::newRow("2^40 header length") << "huge_header"
                                            << "exceeds the 100 MB limit";
        QTest::newRow("header past the end") << "header_past_end"
                                             << "runs past the end";
        QTest::newRow("header over 100 MB") << "header_over_limit"
                                            << "exceeds the 100 MB limit";
    }
    void refused() {
        QFETCH(QString, file);
        QFETCH(QString, needle);
        const std::string path = kDir + file.toStdString() + ".safetensors";
        expectFileError([&] { readSafetensors(path); }, needle.toStdString());
        expectFileError([&] { readSafetensors(path); }, path);  // names the file
    }

    void truncatedEverywhere() {
        const auto bytes = fileBytes(kDir + "valid.safetensors");
        for (std::size_t n = 0; n < bytes.size(); ++n)
            expectFileError([&] { parseSafetensors(std::span<const std::byte>(bytes.data(), n), "cut"); });
    }

    void mutatedNeverCrash() {
        const auto original = fileBytes(kDir + "valid.safetensors");
        const unsigned char values[] = {0x00, 0xff, '"', '[', ']', '{', '}', ',', '9', '-', '.', 'e', '\\'};
        int accepted = 0;
        for (std::size_t pos = 0; pos < original.size(); ++pos)
            for (unsigned char v : values) {
                auto bytes = original;
                bytes[pos] = std::byte{v};
                try {
                    parseSafetensors(bytes, "m");
                    ++accepted;
                } catch (const FileError&) {
                }
            }
        QVERIFY(accepted > 0);  // e.g. changed data bytes
    }

    void looksLike() {
        QVERIFY(looksLikeSafetensors(fileBytes(kDir + "valid.safetensors")));
        QVERIFY(!looksLikeSafetensors(fileBytes(kDir + "huge_header.safetensors")));
        QVERIFY(!looksLikeSafetensors(fileBytes(kDir + "not_object.safetensors")));
        QVERIFY(!looksLikeSafetensors(std::vector<std::byte>(4)));
    }

    void writerRoundTrip() {
        const SafetensorsFile original = readSafetensors(kDir + "valid.safetensors");
        std::vector<std::pair<std::string, const Tensor*>> tensors;
        for (const auto& [name, t] : original.tensors) tensors.emplace_back(name, &t);
        QTemporaryDir dir;
        const std::string path = dir.filePath("out.safetensors").toStdString();
        writeSafetensors(path, tensors, original.metadata);

        const auto bytes = fileBytes(path);
        std::uint64_t n = 0;
        std::memcpy(&n, bytes.data(), 8);
        QCOMPARE(n % 8, std::uint64_t{0});  // data buffer aligned
        const SafetensorsFile back = readSafetensors(path);
        checkValid(back);
        for (const auto& [name, t] : original.tensors)
            QVERIFY(std::ranges::equal(back.tensors.find(name)->bytes(), t.bytes()));

        QString out;
        QVERIFY2(
            testsupport::runPython(
                "import sys, json, struct, math\n"
                "sys.path.insert(0, sys.argv[1]); from numpy_fixtures import st_formula\n"
                "b = open(sys.argv[2], 'rb').read(); n = struct.unpack('<Q', b[:8])[0]\n"
                "h = json.loads(b[8:8 + n].decode('utf-8')); data = b[8 + n:]\n"
                "assert h.pop('__metadata__') == {'format': 'pt', 'note': '\\u00fcn\\u00efcode \\u2713'}\n"
                "assert list(h) == sys.argv[3].split(','), list(h)\n"
                "end = 0\n"
                "for name, info in h.items():\n"
                "    s, e = info['data_offsets']; assert s == end; end = e\n"
                "    if name.startswith('t.'):\n"
                "        assert data[s:e] == st_formula(info['dtype'], math.prod(info['shape'])), name\n"
                "assert end == len(data)\n"
                "assert struct.unpack('<d', data[h['scalar']['data_offsets'][0]:][:8])[0] == 7.25\n",
                {QString(TOPOSPIKE_SOURCE_DIR) + "/tests/fixtures", QString::fromStdString(path),
                 QString::fromStdString([] {
                     std::string s;
                     for (const auto& name : kHeaderOrder) s += (s.empty() ? "" : ",") + name;
                     return s;
                 }())},
                &out),
            qPrintable(out));
    }

    void writerRefusals() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("bad.safetensors").toStdString();
        Tensor t(DType::F32, {2});
        QVERIFY_THROWS_EXCEPTION(Error, writeSafetensors(path, {{"a", &t}, {"a", &t}}));
        QVERIFY_THROWS_EXCEPTION(Error, writeSafetensors(path, {{"__metadata__", &t}}));
        QVERIFY_THROWS_EXCEPTION(Error, writeSafetensors(path, {{"", &t}}));
        QVERIFY_THROWS_EXCEPTION(Error, writeSafetensors(path, {{"n", nullptr}}));
        QVERIFY(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).isEmpty());
        expectFileError(
            [&] { writeSafetensors(dir.filePath("no/such/dir/x.safetensors").toStdString(), {}); },
            "cannot create");

        // No tensors and no metadata is still a valid file.
        writeSafetensors(path, {});
        const SafetensorsFile empty = readSafetensors(path);
        QVERIFY(empty.tensors.empty() && empty.metadata.empty());
    }
};

QTEST_APPLESS_MAIN(TestSafetensors)
#include "test_safetensors.moc"
