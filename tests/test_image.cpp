// Stimulus images (topospike/stimuli/image.hpp): PNG and JPEG decoding against the values Python knows
// (tests/fixtures/image_fixtures.py), bilinear resizing against torch's F.interpolate, the torchvision-style
// preprocessing pipeline, and the refusal of truncated, damaged, oversized and non-image files.

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "stimuli/image_decode.hpp"
#include "support/expect_error.hpp"
#include "topospike/error.hpp"
#include "topospike/io/file_bytes.hpp"
#include "topospike/io/npy.hpp"
#include "topospike/stimuli/image.hpp"

using namespace topospike;
using namespace topospike::stimuli;
using testsupport::expectFileError;

namespace {

const std::string kDir = std::string(TOPOSPIKE_FIXTURE_DIR) + "/images/";

/// A .npy fixture as a flat vector of T, checking its dtype and shape.
template <class T>
std::vector<T> loadNpy(const std::string& path, DType dtype, std::vector<std::int64_t>* shape = nullptr) {
    const io::NpyArray a = io::readNpy(path);
    if (a.tensor.dtype() != dtype) qFatal("%s: unexpected dtype %s", path.c_str(), a.descr.c_str());
    if (shape) *shape = a.shape;
    std::vector<T> out(static_cast<std::size_t>(a.numel()));
    std::memcpy(out.data(), a.tensor.bytes().data(), out.size() * sizeof(T));
    return out;
}

QJsonArray loadCases(const std::string& path) {
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly)) qFatal("cannot read %s", path.c_str());
    return QJsonDocument::fromJson(f.readAll()).array();
}

/// The decoded image must equal the expected uint8 H×W×3 array exactly (as byte / 255), or within
/// `tolerance` levels.
void checkDecoded(const std::string& file, const std::string& expectedNpy, int tolerance = 0) {
    const Image img = readImage(file);
    std::vector<std::int64_t> shape;
    const auto expected = loadNpy<std::uint8_t>(expectedNpy, DType::U8, &shape);
    QCOMPARE(shape.size(), std::size_t{3});
    QCOMPARE(std::int64_t{img.height}, shape[0]);
    QCOMPARE(std::int64_t{img.width}, shape[1]);
    QCOMPARE(shape[2], std::int64_t{3});
    QCOMPARE(img.rgb.size(), expected.size());
    int worst = 0;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const float v = img.rgb[i] * 255.0f;
        const long level = std::lround(v);
        QVERIFY2(std::abs(v - static_cast<float>(level)) < 1e-3f, "not a multiple of 1/255");
        QVERIFY2(img.rgb[i] == static_cast<float>(level) / 255.0f, "not byte / 255");
        worst = std::max(worst, static_cast<int>(std::abs(level - long{expected[i]})));
    }
    if (worst > tolerance)
        QFAIL(qPrintable(
            QString("%1: max difference %2/255 (allowed %3)").arg(file.c_str()).arg(worst).arg(tolerance)));
}

float maxAbsDiff(const std::vector<float>& a, const std::vector<float>& b) {
    if (a.size() != b.size()) return INFINITY;
    float worst = 0.0f;
    for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::abs(a[i] - b[i]));
    return worst;
}

Image makeImage(int width, int height, float seed) {
    Image img;
    img.width = width;
    img.height = height;
    img.rgb.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
    for (std::size_t i = 0; i < img.rgb.size(); ++i)
        img.rgb[i] =
            static_cast<float>((static_cast<unsigned>(i * 2654435761u + unsigned(seed * 1000)) >> 8) % 256) /
            255.0f;
    return img;
}

std::vector<std::byte> bytesOf(const std::string& s) {
    std::vector<std::byte> b(s.size());
    std::memcpy(b.data(), s.data(), s.size());
    return b;
}

}  // namespace

class TestImage : public QObject {
    Q_OBJECT

  private slots:
    void pngEveryColourType_data() {
        QTest::addColumn<QString>("name");
        for (const char* base : {"gray1", "gray2", "gray4", "gray8", "gray16", "gray_alpha8", "gray_alpha16",
                                 "rgb8", "rgb16", "rgba8", "rgba16", "palette1", "palette2", "palette4",
                                 "palette8", "palette4_trns", "gray8_trns"}) {
            QTest::newRow(base) << QString(base);
            const QString interlaced = QString(base) + "_interlaced";
            QTest::newRow(qPrintable(interlaced)) << interlaced;
        }
        QTest::newRow("photo_301x203") << QString("photo_301x203");
    }
    void pngEveryColourType() {
        QFETCH(QString, name);
        const std::string base = kDir + "png/" + name.toStdString();
        checkDecoded(base + ".png", base + ".npy");
    }

    void jpegAsPilDecodes_data() {
        QTest::addColumn<QString>("name");
        for (const char* n :
             {"color420", "color444", "color422", "progressive", "gray", "cmyk", "photo_347x260"})
            QTest::newRow(n) << QString(n);
    }
    void jpegAsPilDecodes() {
        QFETCH(QString, name);
        const std::string base = kDir + "jpeg/" + name.toStdString();
        // PIL decodes with the same libjpeg-turbo and settings; allow one level should the IDCT differ.
        checkDecoded(base + ".jpg", base + ".npy", 0);
    }

    void decodeFromMemoryMatchesFile() {
        const std::string path = kDir + "jpeg/color420.jpg";
        const io::SharedBytes bytes = io::readFileBytes(path);
        const Image a = decodeImage(*bytes, "in-memory");
        const Image b = readImage(path);
        QCOMPARE(a.width, 37);
        QCOMPARE(a.height, 23);
        QVERIFY(a.rgb == b.rgb);
    }

    void refusals_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("phrase");
        QTest::newRow("truncated png") << "bad/truncated.png"
                                       << "truncated";
        QTest::newRow("png without IEND") << "bad/no_iend.png"
                                          << "truncated";
        QTest::newRow("png header only") << "bad/header_only.png"
                                         << "truncated";
        QTest::newRow("png bad crc") << "bad/bad_crc.png"
                                     << "CRC error";
        QTest::newRow("png flipped byte") << "bad/flipped_byte.png"
                                          << "damaged PNG";
        QTest::newRow("png bad zlib") << "bad/bad_zlib.png"
                                      << "damaged PNG";
        QTest::newRow("png too little data") << "bad/short_data.png"
                                             << "damaged PNG";
        QTest::newRow("png garbage") << "bad/garbage.png"
                                     << "PNG";
        QTest::newRow("png 100000x100000") << "bad/huge.png"
                                           << "100000×100000";
        QTest::newRow("png 40000 wide") << "bad/wide.png"
                                        << "sides over 32768";
        QTest::newRow("png 20000x20000") << "bad/area.png"
                                         << "images over 100 megapixels";
        QTest::newRow("truncated jpeg") << "bad/truncated.jpg"
                                        << "truncated";
        QTest::newRow("truncated progressive jpeg") << "bad/truncated_progressive.jpg"
                                                    << "truncated";
        QTest::newRow("jpeg without EOI") << "bad/no_eoi.jpg"
                                          << "truncated";
        QTest::newRow("jpeg header only") << "bad/header_only.jpg"
                                          << "truncated";
        QTest::newRow("corrupt jpeg scan") << "bad/corrupt_scan.jpg"
                                           << "damaged JPEG data";
        QTest::newRow("bad huffman table") << "bad/bad_huffman_table.jpg"
                                           << "Huffman table";
        QTest::newRow("bad marker length") << "bad/bad_marker_length.jpg"
                                           << "marker length";
        QTest::newRow("12-bit jpeg") << "bad/precision12.jpg"
                                     << "precision 12";
        QTest::newRow("jpeg 60000x60000") << "bad/huge.jpg"
                                          << "60000×60000";
        QTest::newRow("empty file") << "bad/empty.png"
                                    << "empty file";
        QTest::newRow("text file") << "bad/text.txt"
                                   << "supported formats: PNG, JPEG";
        QTest::newRow("gif") << "bad/image.gif"
                             << "GIF files are not supported";
        QTest::newRow("missing") << "bad/does_not_exist.png"
                                 << "no such file";
    }
    void refusals() {
        QFETCH(QString, file);
        QFETCH(QString, phrase);
        const std::string path = kDir + file.toStdString();
        expectFileError([&] { readImage(path); }, phrase.toStdString());
        try {
            readImage(path);
        } catch (const FileError& e) {
            QCOMPARE(e.file(), path);  // names the file
            QVERIFY2(std::string(e.what()).find('\n') == std::string::npos, e.what());
        }
    }

    void limitsApplyBeforeDecoding() {
        // The internal limits (the fuzz target uses smaller ones) are checked at the header.
        detail::DecodeLimits small;
        small.maxPixels = 100;
        expectFileError(
            [&] { detail::decodeImage(*io::readFileBytes(kDir + "png/rgb8.png"), "rgb8", small); },
            "megapixels");
        small.maxPixels = 1000;
        small.maxSide = 12;
        expectFileError(
            [&] { detail::decodeImage(*io::readFileBytes(kDir + "jpeg/gray.jpg"), "gray", small); },
            "sides over 12");
    }

    void unknownSignatureListsFormats() {
        expectFileError([] { decodeImage(bytesOf("hello"), "hello.png"); }, "hello.png: not a PNG or JPEG");
        expectFileError([] { decodeImage({}, "nothing.jpg"); }, "supported formats: PNG, JPEG");
        expectFileError([] { decodeImage(bytesOf(std::string("RIFF\0\0\0\0WEBPVP8 ", 16)), "w"); }, "WebP");
        expectFileError([] { decodeImage(bytesOf("\x89PNG\r\n\x1a\n"), "sig_only.png"); }, "truncated");
        expectFileError([] { decodeImage(bytesOf("\xff\xd8\xff"), "sig_only.jpg"); }, "truncated");
    }

    void resizeMatchesTorch() {
        for (const auto& v : loadCases(kDir + "resize/cases.json")) {
            const QJsonObject c = v.toObject();
            const std::string name = c["name"].toString().toStdString();
            std::vector<std::int64_t> shape;
            Image in;
            in.rgb = loadNpy<float>(kDir + "resize/" + name + "_in.npy", DType::F32, &shape);
            in.height = static_cast<int>(shape[0]);
            in.width = static_cast<int>(shape[1]);
            const auto expected = loadNpy<float>(kDir + "resize/" + name + "_out.npy", DType::F32, &shape);
            const Image out =
                resizeBilinear(in, c["width"].toInt(), c["height"].toInt(), c["antialias"].toBool());
            QCOMPARE(std::int64_t{out.height}, shape[0]);
            QCOMPARE(std::int64_t{out.width}, shape[1]);
            const float diff = maxAbsDiff(out.rgb, expected);
            QVERIFY2(diff < 1e-5f, qPrintable(QString("%1: max |diff| %2").arg(name.c_str()).arg(diff)));
        }
    }

    void pipelineMatchesTorchvision() {
        for (const auto& v : loadCases(kDir + "pipeline/cases.json")) {
            const QJsonObject c = v.toObject();
            const std::string name = c["name"].toString().toStdString();
            PreprocessOptions o;
            o.resize = c["resize"].toInt();
            o.crop = c["crop"].toInt();
            const InputImage x = readInputImage(kDir + c["image"].toString().toStdString(), o);
            std::vector<std::int64_t> shape;
            const auto expected = loadNpy<float>(kDir + "pipeline/" + name + ".npy", DType::F32, &shape);
            QCOMPARE(shape, (std::vector<std::int64_t>{3, o.crop, o.crop}));
            QCOMPARE(x.channels, 3);
            QCOMPARE(x.height, o.crop);
            QCOMPARE(x.width, o.crop);
            const float diff = maxAbsDiff(x.chw, expected);
            QVERIFY2(diff < 1e-5f, qPrintable(QString("%1: max |diff| %2").arg(name.c_str()).arg(diff)));
        }
    }

    void cropSizedImagePassesThrough() {
        const Image img = makeImage(224, 224, 1.0f);
        const InputImage x = preprocess(img, {});  // resize 224, crop 224: nothing to resample
        const PreprocessOptions o;
        QCOMPARE(x.width, 224);
        QCOMPARE(x.height, 224);
        for (int c = 0; c < 3; ++c)
            for (int i = 0; i < 224 * 224; ++i) {
                const float expected =
                    (img.rgb[static_cast<std::size_t>(3 * i + c)] - o.mean[std::size_t(c)]) /
                    o.std[std::size_t(c)];
                if (x.chw[static_cast<std::size_t>(c * 224 * 224 + i)] != expected) QFAIL("not bit-exact");
            }
        PreprocessOptions raw;
        raw.normalize = false;
        raw.resize = 0;
        raw.crop = 0;
        const Image odd = makeImage(7, 5, 2.0f);
        const InputImage y = preprocess(odd, raw);
        QCOMPARE(y.width, 7);
        QCOMPARE(y.height, 5);
        for (int c = 0; c < 3; ++c)
            for (int i = 0; i < 35; ++i)
                QCOMPARE(y.chw[static_cast<std::size_t>(c * 35 + i)],
                         odd.rgb[static_cast<std::size_t>(3 * i + c)]);
    }

    void resizeSizesAndCropOffsets() {
        // torchvision: shorter side → S, longer → int(S · long / short); crop offsets round half to even.
        const Image img = makeImage(301, 203, 3.0f);
        PreprocessOptions o;
        o.normalize = false;
        o.resize =
            203;  // already that size: no resampling, crop at left = round(70.5) = 70, top = round(21.5) = 22
        o.crop = 160;
        const InputImage x = preprocess(img, o);
        for (int c = 0; c < 3; ++c)
            for (int y = 0; y < 160; y += 17)
                for (int xx = 0; xx < 160; xx += 13)
                    QCOMPARE(x.chw[static_cast<std::size_t>((c * 160 + y) * 160 + xx)],
                             img.rgb[static_cast<std::size_t>(((22 + y) * 301 + 70 + xx) * 3 + c)]);
        o.crop = 0;
        o.resize = 100;
        const InputImage tall = preprocess(makeImage(30, 71, 4.0f), o);
        QCOMPARE(tall.width, 100);
        QCOMPARE(tall.height, 236);  // int(100 * 71 / 30) = int(236.67)
    }

    void badOptions() {
        const Image img = makeImage(40, 30, 5.0f);
        PreprocessOptions o;
        o.resize = 32;
        o.crop = 33;  // resized image is 42×32
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, preprocess(img, o));
        o.crop = 32;
        QCOMPARE(preprocess(img, o).width, 32);
        o.resize = -1;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, preprocess(img, o));
        o.resize = 0;
        o.crop = 31;  // no resize: the image is 40×30
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, preprocess(img, o));
        o.crop = 30;
        QCOMPARE(preprocess(img, o).height, 30);
        o.crop = -2;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, preprocess(img, o));
        o.crop = 0;
        o.std[1] = 0.0f;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, preprocess(img, o));
        o.normalize = false;  // std unused
        QCOMPARE(preprocess(img, o).width, 40);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, preprocess(Image{}, {}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, resizeBilinear(img, 0, 10, true));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, resizeBilinear(img, 40000, 10, true));
        Image broken = img;
        broken.rgb.pop_back();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, resizeBilinear(broken, 20, 10, true));
        try {
            PreprocessOptions big;
            big.crop = 300;
            preprocess(img, big);
            QFAIL("no exception");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(std::string(e.what()).find("298×224") != std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestImage)
#include "test_image.moc"
