// The ZIP reader on real torch archives and crafted central directories.
#include <QTest>
#include <cstring>

#include "io/parse_error.hpp"
#include "io/zip_archive.hpp"
#include "support/fixtures.hpp"
#include "topospike/io/file_bytes.hpp"

using namespace topospike;

namespace {
io::SharedBytes bytesOf(const QByteArray& b) {
    auto v = std::make_shared<std::vector<std::byte>>(static_cast<std::size_t>(b.size()));
    std::memcpy(v->data(), b.constData(), v->size());
    return v;
}
qsizetype centralEntry(const QByteArray& b, const QByteArray& name) {
    for (qsizetype at = b.indexOf(QByteArray("PK\x01\x02", 4)); at >= 0; at = b.indexOf(QByteArray("PK\x01\x02", 4), at + 1))
        if (b.mid(at + 46, name.size()) == name) return at;
    return -1;
}
void putU32(QByteArray& b, qsizetype at, std::uint32_t v) { std::memcpy(b.data() + at, &v, 4); }
}  // namespace

class TestZip : public QObject {
    Q_OBJECT
private slots:
    void readsTorchArchive() {
        io::ZipArchive zip(io::readFileBytes(testsupport::fixture("wrap_net.pth").toStdString()));
        const auto* pkl = zip.find("wrap_net/data.pkl");
        QVERIFY(pkl);
        QCOMPARE(pkl->method, std::uint16_t{0});
        for (const auto& e : zip.entries())
            if (e.name.starts_with("wrap_net/data/")) QCOMPARE(e.dataOffset % 64, std::uint64_t{0});  // torch aligns
        QCOMPARE(zip.extract(*zip.find("wrap_net/version")).size(), std::size_t{2});
    }

    void craftedDirectories_data() {
        QTest::addColumn<int>("field");  // offset inside the central entry
        QTest::addColumn<quint32>("value");
        QTest::addColumn<QString>("phrase");
        QTest::newRow("size past the end") << 20 << 0x7ffffff0u << "past the end";
        QTest::newRow("header offset outside") << 42 << 0x7ffffff0u << "outside the file";
        QTest::newRow("unknown method") << 10 << 0x000e0000u << "compression method";
    }
    void craftedDirectories() {
        QFETCH(int, field);
        QFETCH(quint32, value);
        QFETCH(QString, phrase);
        QByteArray b = testsupport::readAll(testsupport::fixture("wrap_net.pth"));
        const qsizetype at = centralEntry(b, "wrap_net/data/0");
        QVERIFY(at > 0);
        if (field == 20) {
            putU32(b, at + 20, value);
            putU32(b, at + 24, value);
        } else if (field == 10) {
            std::uint16_t m = 14;
            std::memcpy(b.data() + at + 10, &m, 2);
        } else {
            putU32(b, at + field, value);
        }
        try {
            io::ZipArchive zip(bytesOf(b));
            QFAIL("accepted");
        } catch (const io::ParseError& e) {
            QVERIFY2(QString(e.what()).contains(phrase), e.what());
        }
    }

    void absurdEntryCount() {
        QByteArray b = testsupport::readAll(testsupport::fixture("wrap_net.pth"));
        // the ZIP64 record's total-entries field: 2^60
        const qsizetype z64 = b.lastIndexOf(QByteArray("PK\x06\x06", 4));
        QVERIFY(z64 > 0);
        const std::uint64_t huge = std::uint64_t{1} << 60;
        std::memcpy(b.data() + z64 + 32, &huge, 8);
        QVERIFY_THROWS_EXCEPTION(io::ParseError, io::ZipArchive(bytesOf(b)));
    }
};

QTEST_APPLESS_MAIN(TestZip)
#include "test_zip.moc"
