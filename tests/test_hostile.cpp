// Hostile and damaged input: refused with one clear FileError, nothing executed, no crash, bounded memory.
#include <QDir>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include "io/parse_error.hpp"
#include "io/pickle_machine.hpp"
#include "support/fixtures.hpp"
#include "topospike/error.hpp"
#include "topospike/io/checkpoint.hpp"

using namespace topospike;
using testsupport::fixture;

namespace {

QString refusal(const QString& path) {
    try {
        io::loadCheckpoint(path.toStdString());
    } catch (const FileError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

QByteArray pickleBytes(std::initializer_list<QByteArray> parts) {
    QByteArray b("\x80\x02", 2);
    for (const auto& p : parts) b += p;
    return b;
}

std::span<const std::byte> span(const QByteArray& b) {
    return {reinterpret_cast<const std::byte*>(b.constData()), static_cast<std::size_t>(b.size())};
}

QString parseError(const QByteArray& b) {
    try {
        io::pickle::Pickle::parse(span(b));
    } catch (const io::ParseError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

}  // namespace

class TestHostile : public QObject {
    Q_OBJECT
private slots:
    void globalsOutsideTheAllowListAreRefused_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("global");
        QTest::newRow("os.system") << "hostile_os_system.pth" << "posix.system";
        QTest::newRow("builtins.eval") << "hostile_eval.pth" << "__builtin__.eval";  // protocol 2 writes Python 2 names
        QTest::newRow("subprocess.Popen") << "hostile_popen.pth" << "commands.Popen";
        QTest::newRow("whole nn.Module") << "whole_module.pth" << "resnet_reference.ResNet";
    }
    void globalsOutsideTheAllowListAreRefused() {
        QFETCH(QString, name);
        QFETCH(QString, global);
        const QString sentinel = fixture("HOSTILE_CODE_RAN");
        QFile::remove(sentinel);
        const QString msg = refusal(fixture(name));
        QVERIFY2(msg.contains("'" + global + "'"), qPrintable(msg));
        QVERIFY2(msg.contains("nothing was executed"), qPrintable(msg));
        QVERIFY2(msg.startsWith(fixture(name)), qPrintable(msg));
        // The fixture generator proved these payloads run under torch.load; here they must not.
        QTest::qWait(300);
        QVERIFY(!QFileInfo::exists(sentinel));
    }

    void craftedTensorsAreBounded_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("phrase");
        QTest::newRow("stride overflow") << "crafted_stride_overflow.pth" << "reaches past its storage";
        QTest::newRow("offset overflow") << "crafted_offset_overflow.pth" << "reaches past its storage";
        QTest::newRow("expanded 2^36 view") << "crafted_expanded_view.pth" << "MiB";
        QTest::newRow("one storage, 100 names") << "crafted_repeated_views.pth" << "MiB";
    }
    void craftedTensorsAreBounded() {
        QFETCH(QString, name);
        QFETCH(QString, phrase);
        const QString msg = refusal(fixture(name));
        QVERIFY2(msg.contains(phrase), qPrintable(msg));
    }

    void truncatedAtAnyByte() {
        const QByteArray whole = testsupport::readAll(fixture("wrap_net.pth"));
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath("cut.pth");
        QList<qsizetype> cuts;
        for (qsizetype i = 0; i < 80; ++i) cuts << i;
        for (qsizetype i = 1; i < 120; ++i) cuts << whole.size() * i / 120;
        for (qsizetype i = 1; i <= 80; ++i) cuts << whole.size() - i;
        for (qsizetype cut : cuts) {
            QVERIFY(testsupport::writeAll(path, whole.left(cut)));
            const QString msg = refusal(path);
            QVERIFY2(!msg.isEmpty(), qPrintable(QString("accepted a file cut at %1").arg(cut)));
            QVERIFY2(msg.startsWith(path) && !msg.contains('\n'), qPrintable(msg));
        }
    }

    void flippedBytesNeverCrash() {
        const QByteArray whole = testsupport::readAll(fixture("strided_shared.pth"));
        QTemporaryDir dir;
        const QString path = dir.filePath("flip.pth");
        QRandomGenerator rng(20261124);
        int refused = 0;
        for (int trial = 0; trial < 400; ++trial) {
            QByteArray b = whole;
            const int flips = 1 + trial % 3;
            for (int f = 0; f < flips; ++f)
                b[rng.bounded(b.size())] = static_cast<char>(b[rng.bounded(b.size())] ^ (1 << rng.bounded(8)));
            QVERIFY(testsupport::writeAll(path, b));
            try {
                io::loadCheckpoint(path.toStdString());
            } catch (const FileError&) {
                ++refused;
            }
        }
        QVERIFY(refused > 300);  // CRC-32 catches flips in data; the rest hit headers and the pickle
    }

    void storageDataFlipIsCaughtByCrc() {
        QByteArray b = testsupport::readAll(fixture("strided_shared.pth"));
        const qsizetype at = b.indexOf("strided_shared/data/0") ;
        QVERIFY(at > 0);
        // data of the first storage follows its local header; flip a byte well inside it
        const qsizetype dataStart = (at + 64) / 64 * 64 + 64;
        b[dataStart + 8] = static_cast<char>(b[dataStart + 8] ^ 0x10);
        QTemporaryDir dir;
        QVERIFY(testsupport::writeAll(dir.filePath("crc.pth"), b));
        const QString msg = refusal(dir.filePath("crc.pth"));
        QVERIFY2(msg.contains("CRC") || msg.contains("damaged"), qPrintable(msg));
    }

    void absurdSizes_data() {
        QTest::addColumn<QByteArray>("pickle");
        QTest::addColumn<QString>("phrase");
        QTest::newRow("BINUNICODE8 2^60") << pickleBytes({QByteArray("\x8d", 1) + QByteArray("\0\0\0\0\0\0\0\x10", 8)}) << "byte item";
        QTest::newRow("BINBYTES 4 GiB") << pickleBytes({QByteArray("B\xff\xff\xff\xff", 5)}) << "byte item";
        QTest::newRow("LONG4 negative") << pickleBytes({QByteArray("\x8b\xff\xff\xff\xff", 5)}) << "negative";
        QTest::newRow("unknown memo") << pickleBytes({QByteArray("j\x10\0\0\0.", 6)}) << "memo";
        QTest::newRow("underflow") << pickleBytes({QByteArray("a.", 2)}) << "underflow";
        QTest::newRow("empty stack at STOP") << pickleBytes({QByteArray(".", 1)}) << "empty stack";
        QTest::newRow("no STOP") << pickleBytes({QByteArray("N", 1)}) << "end of data";
        QTest::newRow("EXT opcode") << pickleBytes({QByteArray("\x82\x01.", 3)}) << "extension";
        QTest::newRow("protocol 9") << QByteArray("\x80\x09N.", 4) << "protocol";
        QTest::newRow("STACK_GLOBAL os.system")
            << pickleBytes({QByteArray("\x8c\x02os\x8c\x06system\x93.", 13)}) << "'os.system'";
        QTest::newRow("INST builtins.exec") << pickleBytes({QByteArray("(ibuiltins\nexec\n.", 17)}) << "'builtins.exec'";
    }
    void absurdSizes() {
        QFETCH(QByteArray, pickle);
        QFETCH(QString, phrase);
        const QString msg = parseError(pickle);
        QVERIFY2(msg.contains(phrase), qPrintable(msg));
    }

    void deepNestingIsFlat() {
        // A million nested lists: the arena keeps them flat, so neither parsing nor destruction recurses.
        const int depth = 1000000;
        QByteArray b("\x80\x02", 2);
        b += QByteArray(depth, ']');
        b += QByteArray(depth - 1, 'a');
        b += '.';
        const auto p = io::pickle::Pickle::parse(span(b));
        QCOMPARE(p.node(p.root()).kind, io::pickle::Kind::List);
        // A million unclosed MARKs: bounded, and STOP takes the top value as CPython does.
        QByteArray marks("\x80\x02", 2);
        marks += QByteArray(depth, '(');
        marks += "N.";
        const auto m = io::pickle::Pickle::parse(span(marks));
        QCOMPARE(m.node(m.root()).kind, io::pickle::Kind::None);
        // Rebuilding an OrderedDict from one big list over and over would grow memory quadratically: refused.
        QByteArray od("\x80\x02", 2);
        od += "ccollections\nOrderedDict\n";
        od += QByteArray("q\0]q\1(", 6);
        for (int i = 0; i < 20000; ++i) od += QByteArray("K\x01K\x02\x86", 5);
        od += "e\x85q\x02";
        for (int i = 0; i < 20000; ++i) od += QByteArray("h\x00h\x02R0", 6);
        od += "N.";
        QVERIFY2(parseError(od).contains("too many container items"), qPrintable(parseError(od)));
    }

    void selfReferenceIsHarmless() {
        // l = []; l.append(l): a cycle must not hang whatever walks the result.
        const QByteArray b = pickleBytes({QByteArray("]q\0h\0a.", 7)});
        const auto p = io::pickle::Pickle::parse(span(b));
        QCOMPARE(p.node(p.root()).items.size(), std::size_t{1});
    }
};

QTEST_GUILESS_MAIN(TestHostile)
#include "test_hostile.moc"
