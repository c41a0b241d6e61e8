// Tensor, dtype conversions and the bounds-checked byte reader.
#include <QTest>
#include <cmath>
#include <cstring>

#include "io/byte_reader.hpp"
#include "topospike/tensor.hpp"

using namespace topospike;

class TestCore : public QObject {
    Q_OBJECT
private slots:
    void halfConversion_data() {
        QTest::addColumn<int>("bits");
        QTest::addColumn<double>("value");
        QTest::newRow("one") << 0x3c00 << 1.0;
        QTest::newRow("minus two") << 0xc000 << -2.0;
        QTest::newRow("max") << 0x7bff << 65504.0;
        QTest::newRow("smallest subnormal") << 0x0001 << std::ldexp(1.0, -24);
        QTest::newRow("largest subnormal") << 0x03ff << std::ldexp(1023.0, -24);
        QTest::newRow("zero") << 0x0000 << 0.0;
        QTest::newRow("third") << 0x3555 << 0.333251953125;
    }
    void halfConversion() {
        QFETCH(int, bits);
        QFETCH(double, value);
        QCOMPARE(static_cast<double>(halfToFloat(static_cast<std::uint16_t>(bits))), value);
    }
    void halfSpecials() {
        QVERIFY(std::isinf(halfToFloat(0x7c00)));
        QVERIFY(std::isnan(halfToFloat(0x7e00)));
        QVERIFY(std::signbit(halfToFloat(0x8000)));
    }
    void bfloat16Conversion() {
        QCOMPARE(bfloat16ToFloat(0x3f80), 1.0f);
        QCOMPARE(bfloat16ToFloat(0xc0a0), -5.0f);
        QCOMPARE(bfloat16ToFloat(0x3eaa), 0.33203125f);
    }
    void tensorValues() {
        Tensor t(DType::I16, {2, 3});
        QCOMPARE(t.numel(), 6);
        QCOMPARE(t.nbytes(), std::size_t{12});
        const std::int16_t v[6] = {-3, 0, 7, 300, -300, 1};
        std::memcpy(t.bytes().data(), v, sizeof v);
        QCOMPARE(t.valueAt(3), 300.0);
        QCOMPARE(t.toFloat()[4], -300.0f);
        QCOMPARE(QString::fromStdString(t.shapeString()), QString("[2, 3]"));
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, t.valueAt(6));
    }
    void tensorRejectsAbsurdShapes() {
        QVERIFY_THROWS_EXCEPTION(std::length_error, Tensor(DType::F32, {-1}));
        QVERIFY_THROWS_EXCEPTION(std::length_error, Tensor(DType::F32, {std::int64_t{1} << 40, std::int64_t{1} << 40}));
        QVERIFY_THROWS_EXCEPTION(std::length_error, Tensor::countElements({std::int64_t{1} << 62, 4}));
        QCOMPARE(Tensor(DType::F32, {0, 5}).numel(), 0);
        QCOMPARE(Tensor(DType::F64, {}).numel(), 1);
    }
    void byteReaderBounds() {
        const std::byte data[5] = {std::byte{1}, std::byte{2}, std::byte{3}, std::byte{4}, std::byte{5}};
        io::ByteReader r(data, 100);
        QCOMPARE(r.u32(), 0x04030201u);
        QCOMPARE(r.offset(), std::uint64_t{104});
        try {
            r.u16();
            QFAIL("read past the end");
        } catch (const io::ParseError& e) {
            QCOMPARE(e.offset.value_or(0), std::uint64_t{104});
        }
        QCOMPARE(r.u8(), std::uint8_t{5});
        QVERIFY(r.atEnd());
        QVERIFY_THROWS_EXCEPTION(io::ParseError, r.seek(6));
        QVERIFY_THROWS_EXCEPTION(io::ParseError, r.take(std::size_t{1} << 62));
    }
};

QTEST_APPLESS_MAIN(TestCore)
#include "test_core.moc"
