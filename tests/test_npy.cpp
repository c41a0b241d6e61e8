// NumPy .npy / .npz reading and writing (topospike/io/npy.hpp), against files written by real NumPy
// (tests/fixtures/numpy_fixtures.py) and, for the writers, checked by numpy.load.

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>

#include "support/expect_error.hpp"
#include "io/npz_writer.hpp"
#include "io/zip_archive.hpp"
#include "support/python_check.hpp"
#include "topospike/error.hpp"
#include "topospike/io/npy.hpp"

using namespace topospike;
using namespace topospike::io;

namespace {

const std::string kDir = std::string(TOPOSPIKE_FIXTURE_DIR) + "/numpy/";
const std::vector<std::string> kCodes = {"f2", "f4", "f8", "i1", "i2", "i4",
                                         "i8", "u1", "u2", "u4", "u8", "b1"};
const std::vector<std::string> kUnicode1D = {"a", "\u00e4\u00f6", "\u65e5\u672c\u8a9e", "\U0001F600x", ""};

std::vector<std::byte> fileBytes(const std::string& path) {
    const SharedBytes b = readFileBytes(path);
    return *b;
}

std::span<const std::byte> prefix(const std::vector<std::byte>& b, std::size_t n) {
    return {b.data(), n};
}

std::vector<std::byte> bytesOf(const std::string& s) {
    std::vector<std::byte> out(s.size());
    std::memcpy(out.data(), s.data(), s.size());
    return out;
}

/// A version 1.0 (or `major`) .npy image with a hand-written header dict, padded as NumPy does.
std::vector<std::byte> rawNpy(const std::string& dict, std::size_t dataBytes, int major = 1) {
    const std::size_t preamble = major == 1 ? 10 : 12;
    std::string text = dict;
    const std::size_t total = preamble + text.size() + 1;
    text.append((64 - total % 64) % 64, ' ');
    text += '\n';
    std::string out = "\x93NUMPY";
    out += static_cast<char>(major);
    out += '\0';
    for (std::size_t i = 0; i < preamble - 8; ++i) out += static_cast<char>((text.size() >> (8 * i)) & 0xff);
    out += text;
    out.append(dataBytes, '\0');
    return bytesOf(out);
}

template <class T>
T load(const Tensor& t, std::int64_t i) {
    T v;
    std::memcpy(&v, t.bytes().data() + static_cast<std::size_t>(i) * sizeof(T), sizeof(T));
    return v;
}

DType dtypeOfCode(const std::string& code) {
    static const std::map<std::string, DType> m = {
        {"f2", DType::F16}, {"f4", DType::F32}, {"f8", DType::F64}, {"i1", DType::I8},
        {"i2", DType::I16}, {"i4", DType::I32}, {"i8", DType::I64}, {"u1", DType::U8},
        {"u2", DType::U16}, {"u4", DType::U32}, {"u8", DType::U64}, {"b1", DType::Bool}};
    return m.at(code);
}

/// Checks the value formula of numpy_fixtures.formula_array exactly, element by element.
void checkFormula(const Tensor& t, const std::string& code) {
    QCOMPARE(t.dtype(), dtypeOfCode(code));
    QCOMPARE(t.shape(), (std::vector<std::int64_t>{2, 3, 4}));
    const char kind = code[0];
    const int size = code[1] - '0';
    static const std::map<int, std::int64_t> signedStep = {
        {1, 5}, {2, 1000}, {4, 100000000}, {8, 100000000000000000}};
    static const std::map<int, std::uint64_t> unsignedStep = {
        {1, 10}, {2, 2800}, {4, 180000000}, {8, 700000000000000000}};
    for (std::int64_t i = 0; i < 24; ++i) {
        if (kind == 'f') {
            QCOMPARE(t.valueAt(i), (static_cast<double>(i) - 12) * 0.375);
        } else if (kind == 'b') {
            QCOMPARE(load<std::uint8_t>(t, i), std::uint8_t(i % 3 == 0 ? 1 : 0));
        } else if (kind == 'i') {
            std::int64_t v = 0;
            if (size == 1) v = load<std::int8_t>(t, i);
            if (size == 2) v = load<std::int16_t>(t, i);
            if (size == 4) v = load<std::int32_t>(t, i);
            if (size == 8) v = load<std::int64_t>(t, i);
            QCOMPARE(v, (i - 12) * signedStep.at(size));
        } else {
            std::uint64_t v = 0;
            if (size == 1) v = load<std::uint8_t>(t, i);
            if (size == 2) v = load<std::uint16_t>(t, i);
            if (size == 4) v = load<std::uint32_t>(t, i);
            if (size == 8) v = load<std::uint64_t>(t, i);
            QCOMPARE(v, static_cast<std::uint64_t>(i) * unsignedStep.at(size));
        }
    }
}

using testsupport::expectFileError;

/// Opens an archive image and reads every array.
void readWholeNpz(const std::vector<std::byte>& bytes) {
    const NpzFile f = NpzFile::fromBytes(std::make_shared<const std::vector<std::byte>>(bytes), "test.npz");
    for (const auto& name : f.names()) f.get(name);
}

}  // namespace

class TestNpy : public QObject {
    Q_OBJECT

  private slots:
    // ---- reading .npy
    // -------------------------------------------------------------------------------------------
    void dtypes_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("code");
        for (const auto& code : kCodes) {
            QTest::newRow(code.c_str())
                << QString::fromStdString(code + ".npy") << QString::fromStdString(code);
            if (code[1] != '1')
                QTest::newRow(("big-endian " + code).c_str())
                    << QString::fromStdString("be_" + code + ".npy") << QString::fromStdString(code);
        }
    }
    void dtypes() {
        QFETCH(QString, file);
        QFETCH(QString, code);
        const NpyArray a = readNpy(kDir + "npy/" + file.toStdString());
        QVERIFY(!a.isString);
        QCOMPARE(a.shape, (std::vector<std::int64_t>{2, 3, 4}));
        QCOMPARE(a.descr.substr(1), code.toStdString());
        checkFormula(a.tensor, code.toStdString());
    }

    void fortranOrder() {
        const NpyArray a = readNpy(kDir + "npy/fortran_f4.npy");
        QCOMPARE(a.tensor.shape(), (std::vector<std::int64_t>{3, 4, 5}));
        for (std::int64_t i = 0; i < 60; ++i) QCOMPARE(a.tensor.valueAt(i), double(i));

        const NpyArray b = readNpy(kDir + "npy/fortran_be_i4.npy");
        QCOMPARE(b.descr, std::string(">i4"));
        QCOMPARE(b.tensor.dtype(), DType::I32);
        QCOMPARE(b.tensor.shape(), (std::vector<std::int64_t>{3, 4}));
        for (std::int64_t i = 0; i < 12; ++i)
            QCOMPARE(load<std::int32_t>(b.tensor, i), std::int32_t(i * 7 - 30));

        const NpyArray u = readNpy(kDir + "npy/fortran_U.npy");
        QVERIFY(u.isString);
        QCOMPARE(u.shape, (std::vector<std::int64_t>{3, 2}));
        QCOMPARE(u.strings, (std::vector<std::string>{"ab", "\u00e7", "\u65e5", "", "x\U0001F600", "z"}));
    }

    void zeroDimensionalAndEmpty() {
        const NpyArray s = readNpy(kDir + "npy/scalar_f8.npy");
        QVERIFY(s.shape.empty());
        QCOMPARE(s.numel(), std::int64_t{1});
        QCOMPARE(s.tensor.numel(), std::int64_t{1});
        QCOMPARE(s.tensor.valueAt(0), 2.5);

        const NpyArray u = readNpy(kDir + "npy/scalar_U.npy");
        QVERIFY(u.isString);
        QCOMPARE(u.descr, std::string("<U8"));
        QVERIFY(u.shape.empty());
        QCOMPARE(u.strings, std::vector<std::string>{"layer2.0"});

        const NpyArray e = readNpy(kDir + "npy/empty_f4.npy");
        QCOMPARE(e.shape, (std::vector<std::int64_t>{0, 3}));
        QCOMPARE(e.tensor.numel(), std::int64_t{0});
    }

    void formatVersions_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("major");
        QTest::newRow("2.0") << "v2_f8.npy" << 2;
        QTest::newRow("3.0") << "v3_f8.npy" << 3;
    }
    void formatVersions() {
        QFETCH(QString, file);
        QFETCH(int, major);
        const std::string path = kDir + "npy/" + file.toStdString();
        QCOMPARE(int(fileBytes(path)[6]), major);  // the fixture really has that version
        const NpyArray a = readNpy(path);
        QCOMPARE(a.tensor.dtype(), DType::F64);
        QCOMPARE(a.tensor.shape(), (std::vector<std::int64_t>{2, 3, 4}));
        for (std::int64_t i = 0; i < 24; ++i) QCOMPARE(a.tensor.valueAt(i), double(i) * 0.5);
    }

    void strings() {
        const NpyArray u = readNpy(kDir + "npy/unicode.npy");
        QVERIFY(u.isString);
        QCOMPARE(u.descr, std::string("<U3"));
        QCOMPARE(u.strings, kUnicode1D);

        const NpyArray be = readNpy(kDir + "npy/unicode_be.npy");
        QCOMPARE(be.descr, std::string(">U4"));
        QCOMPARE(be.strings, kUnicode1D);

        const NpyArray b = readNpy(kDir + "npy/bytes.npy");
        QCOMPARE(b.descr, std::string("|S4"));
        QCOMPARE(b.strings, (std::vector<std::string>{"ab", "", std::string("xy\0z", 4), "q"}));
    }

    void headerSpellings_data() {
        QTest::addColumn<QString>("file");
        for (const char* f :
             {"header_order", "header_quotes", "header_spaces", "header_long", "header_native"})
            QTest::newRow(f) << QString(f);
    }
    void headerSpellings() {
        QFETCH(QString, file);
        const NpyArray a = readNpy(kDir + "npy/" + file.toStdString() + ".npy");
        QCOMPARE(a.tensor.dtype(), DType::F32);
        QCOMPARE(a.tensor.toDouble(), (std::vector<double>{1.5, -2.0, 3.25}));
    }

    void objectArrayRefused() {
        expectFileError([] { readNpy(kDir + "npy/object.npy"); }, "pickle");
        expectFileError([] { readNpy(kDir + "npy/object.npy"); }, "object");
    }

    // ---- hostile .npy
    // ---------------------------------------------------------------------------------------------
    void truncatedEverywhere_data() {
        QTest::addColumn<QString>("file");
        for (const char* f : {"f8.npy", "be_u2.npy", "unicode.npy", "fortran_f4.npy", "v2_f8.npy",
                              "v3_f8.npy", "scalar_U.npy", "bytes.npy"})
            QTest::newRow(f) << QString(f);
    }
    void truncatedEverywhere() {
        QFETCH(QString, file);
        const auto bytes = fileBytes(kDir + "npy/" + file.toStdString());
        for (std::size_t n = 0; n < bytes.size(); ++n)
            expectFileError([&] { parseNpy(prefix(bytes, n), "cut.npy"); });
        QCOMPARE(parseNpy(bytes, "whole.npy").numel(), readNpy(kDir + "npy/" + file.toStdString()).numel());
    }

    void hugeShapes() {
        // 2^60 elements declared, 64 bytes present: refused before allocating anything.
        expectFileError(
            [] {
                parseNpy(
                    rawNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (1152921504606846976,), }", 64),
                    "huge.npy");
            },
            "1152921504606846976 elements");
        expectFileError(
            [] {
                parseNpy(
                    rawNpy("{'descr': '<U100', 'fortran_order': True, 'shape': (1073741824, 1073741824), }",
                           8),
                    "huge.npy");
            },
            "truncated");
        expectFileError(
            [] {
                parseNpy(rawNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (2147483648, 2147483648, "
                                "2147483648), }",
                                8),
                         "overflow.npy");
            },
            "2^62");
        expectFileError(
            [] {
                parseNpy(
                    rawNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,), }", 8),
                    "overflow.npy");
            },
            "out of range");
        // A zero extent makes any other extent harmless.
        const NpyArray z = parseNpy(
            rawNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 4611686018427387904), }", 0),
            "zero.npy");
        QCOMPARE(z.tensor.numel(), std::int64_t{0});
    }

    void badPreambles() {
        std::vector<std::byte> absurd = bytesOf(std::string("\x93NUMPY\x02\x00\xf0\xff\xff\xff{}", 14));
        expectFileError([&] { parseNpy(absurd, "a.npy"); }, "exceeds the limit");
        std::vector<std::byte> past = bytesOf(std::string("\x93NUMPY\x01\x00\xe8\x03{'descr'", 17));
        expectFileError([&] { parseNpy(past, "p.npy"); }, "unexpected end");
        auto v4 = rawNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (), }", 8);
        v4[6] = std::byte{4};
        expectFileError([&] { parseNpy(v4, "v4.npy"); }, "version 4.0");
        auto minor = rawNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (), }", 8);
        minor[7] = std::byte{1};
        expectFileError([&] { parseNpy(minor, "m.npy"); }, "version 1.1");
        expectFileError([] { parseNpy(bytesOf("PK\x03\x04 not npy at all"), "z.npy"); }, "magic");
        expectFileError([] { readNpy(kDir + "npz/stored.npz"); }, "magic");
        expectFileError([] { readNpy(kDir + "does-not-exist.npy"); }, "no such file");
    }

    void badHeaders_data() {
        QTest::addColumn<QString>("dict");
        QTest::addColumn<QString>("needle");
        QTest::newRow("complex") << "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }"
                                 << "complex";
        QTest::newRow("datetime") << "{'descr': '<M8[ns]', 'fortran_order': False, 'shape': (1,), }"
                                  << "datetime";
        QTest::newRow("void") << "{'descr': '|V8', 'fortran_order': False, 'shape': (1,), }"
                              << "void";
        QTest::newRow("odd size") << "{'descr': '<f3', 'fortran_order': False, 'shape': (1,), }"
                                  << "unsupported";
        QTest::newRow("zero width") << "{'descr': '<U0', 'fortran_order': False, 'shape': (1,), }"
                                    << "zero-width";
        QTest::newRow("structured")
            << "{'descr': [('a', '<f4'), ('b', '<i4')], 'fortran_order': False, 'shape': (1,), }"
            << "structured";
        QTest::newRow("missing key") << "{'descr': '<f8', 'shape': (1,), }"
                                     << "fortran_order";
        QTest::newRow("extra key") << "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1}"
                                   << "'x'";
        QTest::newRow("duplicate key")
            << "{'descr': '<f8', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}"
            << "duplicate";
        QTest::newRow("list shape") << "{'descr': '<f8', 'fortran_order': False, 'shape': [1], }"
                                    << "tuple";
        QTest::newRow("int shape") << "{'descr': '<f8', 'fortran_order': False, 'shape': (1), }"
                                   << "tuple";
        QTest::newRow("negative") << "{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }"
                                  << "non-negative";
        QTest::newRow("bool order") << "{'descr': '<f8', 'fortran_order': 'no', 'shape': (1,), }"
                                    << "True or False";
        QTest::newRow("unterminated") << "{'descr': '<f8, 'fortran_order': False, 'shape': (1,), }"
                                      << "header";
        QTest::newRow("garbage after") << "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), } x"
                                       << "after";
        QTest::newRow("not a dict") << "['descr', '<f8']"
                                    << "expected '{'";
        QTest::newRow("deep")
            << "{'descr': '<f8', 'fortran_order': False, 'shape': ((((((((((((((((((((1,),),),),),),"
               "),),),),),),),),),),),),),),), }"
            << "deeply";
        QTest::newRow("empty") << ""
                               << "header";
    }
    void badHeaders() {
        QFETCH(QString, dict);
        QFETCH(QString, needle);
        const auto bytes = rawNpy(dict.toStdString(), 64);
        expectFileError([&] { parseNpy(bytes, "h.npy"); }, needle.toStdString());
    }

    void mutatedNeverCrash() {
        // Every byte of a real file replaced by values that matter to the parsers: a FileError or a valid
        // array.
        for (const char* file : {"f4.npy", "unicode.npy", "fortran_be_i4.npy"}) {
            const auto original = fileBytes(kDir + "npy/" + file);
            const unsigned char values[] = {0x00, 0xff, '(', ')', ',', '\'', '9',
                                            '>',  '[',  '{', 'T', 'U', 'O'};
            for (std::size_t pos = 0; pos < original.size(); ++pos)
                for (unsigned char v : values) {
                    auto bytes = original;
                    bytes[pos] = std::byte{v};
                    try {
                        parseNpy(bytes, "m.npy");
                    } catch (const FileError&) {
                    }
                }
        }
    }

    // ---- .npz
    // -------------------------------------------------------------------------------------------------------
    void npz_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("stored (np.savez)") << "stored.npz";
        QTest::newRow("deflated (np.savez_compressed)") << "compressed.npz";
    }
    void npz() {
        QFETCH(QString, file);
        const NpzFile f = NpzFile::open(kDir + "npz/" + file.toStdString());
        QCOMPARE(f.names(), (std::vector<std::string>{"weights", "counts", "group/sub", "label"}));
        QVERIFY(f.contains("group/sub"));
        QVERIFY(!f.contains("group"));
        const NpyArray w = f.get("weights");
        QCOMPARE(w.tensor.dtype(), DType::F32);
        QCOMPARE(w.shape, (std::vector<std::int64_t>{3, 4}));
        for (std::int64_t i = 0; i < 12; ++i) QCOMPARE(w.tensor.valueAt(i), double(i) * 0.25);
        const NpyArray c = f.get("counts");
        QCOMPARE(c.tensor.dtype(), DType::I64);
        for (std::int64_t i = 0; i < 5; ++i) QCOMPARE(load<std::int64_t>(c.tensor, i), -3 * i);
        const NpyArray g = f.get("group/sub");
        QCOMPARE(g.tensor.dtype(), DType::U8);
        for (std::int64_t i = 0; i < 6; ++i) QCOMPARE(g.tensor.valueAt(i), double(i));
        QCOMPARE(f.get("label").strings, std::vector<std::string>{"hello"});
        expectFileError([&] { f.get("nope"); }, "no array named 'nope'");
    }

    void npzRefusals() {
        expectFileError([] { NpzFile::open(kDir + "npy/f4.npy"); }, "single-array .npy");
        expectFileError([] { NpzFile::open(kDir + "safetensors/valid.safetensors"); }, "not a readable .npz");
        expectFileError([] { NpzFile::open(kDir + "nothing.npz"); }, "no such file");
    }

    void npzTruncatedEverywhere_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("stored") << "stored.npz";
        QTest::newRow("compressed") << "compressed.npz";
    }
    void npzTruncatedEverywhere() {
        QFETCH(QString, file);
        const auto bytes = fileBytes(kDir + "npz/" + file.toStdString());
        readWholeNpz(bytes);
        for (std::size_t n = 0; n < bytes.size(); ++n)
            expectFileError(
                [&] { readWholeNpz(std::vector<std::byte>(bytes.begin(), bytes.begin() + long(n))); });
    }

    void npzFlippedCompressedBytes() {
        // Every flipped bit in the deflated data is either reported (inflate error or CRC mismatch) or
        // provably harmless: a few bits of a deflate stream (the final byte's padding, unused code lengths)
        // do not change the output, and then the array must come back identical. Damage never goes unnoticed.
        const auto original = fileBytes(kDir + "npz/compressed.npz");
        const NpzFile pristine = NpzFile::open(kDir + "npz/compressed.npz");
        const ZipArchive zip(std::make_shared<const std::vector<std::byte>>(original));
        int errors = 0, harmless = 0;
        for (const ZipEntry& e : zip.entries()) {
            QCOMPARE(e.method, std::uint16_t{8});
            const std::string name = e.name.substr(0, e.name.size() - 4);
            const NpyArray expected = pristine.get(name);
            for (std::uint64_t p = e.dataOffset; p < e.dataOffset + e.compressedSize; ++p)
                for (unsigned mask : {0x01u, 0x80u, 0xffu}) {
                    auto bytes = original;
                    bytes[p] ^= std::byte(mask);
                    const NpzFile f =
                        NpzFile::fromBytes(std::make_shared<const std::vector<std::byte>>(bytes), "flip.npz");
                    try {
                        const NpyArray got = f.get(name);
                        QCOMPARE(got.shape, expected.shape);
                        QCOMPARE(got.strings, expected.strings);
                        QVERIFY(std::ranges::equal(got.tensor.bytes(), expected.tensor.bytes()));
                        ++harmless;
                    } catch (const FileError& err) {
                        QVERIFY(std::string(err.what()).find("'" + name + "'") != std::string::npos);
                        ++errors;
                    }
                    // Only the damaged member is inflated: the others still read.
                    if (name == "counts") QCOMPARE(f.get("weights").tensor.numel(), std::int64_t{12});
                }
        }
        QVERIFY(errors > 500);
        QVERIFY(harmless < 10);
    }

    // ---- writing
    // ------------------------------------------------------------------------------------------------
    void encodeRoundTrip() {
        for (const auto& code : kCodes) {
            const NpyArray a = readNpy(kDir + "npy/" + code + ".npy");
            const auto bytes = encodeNpy(a.tensor);
            const std::size_t dataStart = bytes.size() - a.tensor.nbytes();
            QCOMPARE(dataStart % 64, std::size_t{0});  // NumPy's alignment
            const NpyArray back = parseNpy(bytes, "rt.npy");
            QCOMPARE(back.tensor.dtype(), a.tensor.dtype());
            QCOMPARE(back.shape, a.shape);
            QVERIFY(
                std::equal(back.tensor.bytes().begin(), back.tensor.bytes().end(), a.tensor.bytes().begin()));
        }
        const NpyArray s = NpyArray::fromStrings(kUnicode1D, {5});
        const NpyArray back = parseNpy(encodeNpy(s), "s.npy");
        QCOMPARE(back.descr, std::string("<U3"));
        QCOMPARE(back.strings, kUnicode1D);
        const NpyArray empty = parseNpy(encodeNpy(NpyArray::fromStrings({""})), "e.npy");
        QCOMPARE(empty.descr, std::string("<U1"));
        QCOMPARE(empty.strings, std::vector<std::string>{""});
        QVERIFY(parseNpy(encodeNpy(Tensor(DType::F64, {})), "0d.npy").shape.empty());

        QVERIFY_THROWS_EXCEPTION(Error, encodeNpy(Tensor(DType::BF16, {2})));
        QVERIFY_THROWS_EXCEPTION(Error, encodeNpy(NpyArray::fromStrings({std::string("\xff")})));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, NpyArray::fromStrings({"a", "b"}, {3}));
    }

    void writtenFilesReadByNumpy() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string npz = dir.filePath("out.npz").toStdString();
        std::vector<NpyArray> arrays;
        arrays.reserve(kCodes.size() + 4);
        std::vector<NpzMember> members;
        for (const auto& code : kCodes) {
            arrays.push_back(readNpy(kDir + "npy/" + code + ".npy"));
            members.emplace_back("by_dtype/" + code, arrays.back().tensor);
            writeNpy(dir.filePath(QString::fromStdString(code + ".npy")).toStdString(), arrays.back().tensor);
        }
        arrays.push_back(NpyArray::fromStrings({"ab", "\u00e7", "\u65e5", "", "x\U0001F600", "z"}, {3, 2}));
        members.emplace_back("names", arrays.back());
        Tensor scalar(DType::F64, {});
        const double v = 0.1;
        std::memcpy(scalar.bytes().data(), &v, 8);
        members.emplace_back("scalar", scalar);
        Tensor empty(DType::F32, {0, 3});
        members.emplace_back("empty", empty);
        writeNpz(npz, members);

        const QString script = QString(
            "import sys; sys.path.insert(0, sys.argv[1]); import numpy as np\n"
            "from numpy_fixtures import formula_array, DTYPE_CODES, UNICODE_2D\n"
            "d = np.load(sys.argv[2])\n"
            "assert d.files == ['by_dtype/' + c for c in DTYPE_CODES] + ['names', 'scalar', 'empty'], "
            "d.files\n"
            "for c in DTYPE_CODES:\n"
            "    for a in (d['by_dtype/' + c], np.load(sys.argv[3] + '/' + c + '.npy')):\n"
            "        e = formula_array(c)\n"
            "        assert a.dtype == e.dtype and a.shape == e.shape and np.array_equal(a, e), c\n"
            "assert d['names'].dtype == np.dtype('<U2') and d['names'].tolist() == UNICODE_2D\n"
            "assert d['scalar'].shape == () and d['scalar'] == 0.1\n"
            "assert d['empty'].shape == (0, 3) and d['empty'].dtype == np.float32\n"
            "print('ok')\n");
        QString out;
        QVERIFY2(testsupport::runPython(script,
                                        {QString(TOPOSPIKE_SOURCE_DIR) + "/tests/fixtures",
                                         QString::fromStdString(npz), dir.path()},
                                        &out),
                 qPrintable(out));

        // And our own reader agrees.
        const NpzFile back = NpzFile::open(npz);
        QCOMPARE(back.names().size(), members.size());
        checkFormula(back.get("by_dtype/i8").tensor, "i8");
        QCOMPARE(back.get("names").strings, arrays.back().strings);
        QCOMPARE(back.get("scalar").tensor.valueAt(0), 0.1);
    }

    void zip64ReadByNumpy() {
        QTemporaryDir dir;
        const std::string npz = dir.filePath("zip64.npz").toStdString();
        const NpyArray a = readNpy(kDir + "npy/f8.npy");
        const NpyArray s = NpyArray::fromStrings({"x", "yz"}, {2});
        writeNpzImpl(npz, {NpzMember("a", a.tensor), NpzMember("dir/s", s)}, true);
        const auto bytes = fileBytes(npz);
        const auto sig = bytesOf(std::string("PK\x06\x06", 4));
        QVERIFY(std::search(bytes.begin(), bytes.end(), sig.begin(), sig.end()) !=
                bytes.end());  // ZIP64 record

        QString out;
        QVERIFY2(
            testsupport::runPython(
                "import sys, zipfile, numpy as np\n"
                "sys.path.insert(0, sys.argv[1]); from numpy_fixtures import formula_array\n"
                "z = zipfile.ZipFile(sys.argv[2]); assert z.testzip() is None\n"
                "d = np.load(sys.argv[2])\n"
                "assert np.array_equal(d['a'], formula_array('f8')) and d['dir/s'].tolist() == ['x', 'yz']\n",
                {QString(TOPOSPIKE_SOURCE_DIR) + "/tests/fixtures", QString::fromStdString(npz)}, &out),
            qPrintable(out));
        const NpzFile back = NpzFile::open(npz);
        checkFormula(back.get("a").tensor, "f8");
        QCOMPARE(back.get("dir/s").strings, s.strings);
    }

    void failedWritesLeaveNothing() {
        QTemporaryDir dir;
        const std::string target = dir.filePath("out.npz").toStdString();
        Tensor good(DType::F32, {4});
        Tensor bf16(DType::BF16, {4});
        QVERIFY_THROWS_EXCEPTION(Error, writeNpz(target, {NpzMember("good", good), NpzMember("bad", bf16)}));
        QVERIFY(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).isEmpty());
        QVERIFY_THROWS_EXCEPTION(Error, writeNpz(target, {NpzMember("x", good), NpzMember("x", good)}));
        QVERIFY_THROWS_EXCEPTION(Error, writeNpz(target, {NpzMember("", good)}));
        QVERIFY(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).isEmpty());
        expectFileError(
            [&] { writeNpz(dir.filePath("missing/sub/out.npz").toStdString(), {NpzMember("g", good)}); },
            "cannot create");
        expectFileError([&] { writeNpy(dir.path().toStdString(), good); }, "folder");

        // A good write replaces an existing file in one step.
        { std::ofstream(target) << "old"; }
        writeNpz(target, {NpzMember("g", good)});
        QCOMPARE(NpzFile::open(target).names(), std::vector<std::string>{"g"});
        QCOMPARE(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries), QStringList{"out.npz"});
    }
};

QTEST_APPLESS_MAIN(TestNpy)
#include "test_npy.moc"
