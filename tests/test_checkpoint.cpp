// Checkpoints written by real torch.save in every layout: the right tensors with the right values.
#include <QJsonArray>
#include <QTest>
#include <cmath>

#include "io/key_layout.hpp"
#include "support/fixtures.hpp"
#include "topospike/error.hpp"
#include "topospike/io/checkpoint.hpp"

using namespace topospike;
using testsupport::expectation;
using testsupport::fixture;

class TestCheckpoint : public QObject {
    Q_OBJECT
private slots:
    void seqToAnnKeys() {
        using topospike::io::renameSeqToAnnKeys;
        std::vector<std::string> k{"conv1.weight", "bn1.weight", "layer1.0.conv1.module.0.weight",
                                   "layer1.0.conv1.module.1.running_var", "layer2.0.downsample.0.module.0.weight",
                                   "layer2.0.downsample.0.module.1.bias", "fc.module.weight"};
        QVERIFY(renameSeqToAnnKeys(k));
        QCOMPARE(k, (std::vector<std::string>{"conv1.weight", "bn1.weight", "layer1.0.conv1.weight",
                                              "layer1.0.bn1.running_var", "layer2.0.downsample.0.weight",
                                              "layer2.0.downsample.1.bias", "fc.weight"}));
        std::vector<std::string> plain{"conv1.weight", "layer1.0.conv1.weight"};
        QVERIFY(!renameSeqToAnnKeys(plain));  // nothing to do
        std::vector<std::string> clash{"layer1.0.bn1.weight", "layer1.0.conv1.module.1.weight"};
        QVERIFY(!renameSeqToAnnKeys(clash));  // would collide: left alone
        QCOMPARE(clash[1], std::string("layer1.0.conv1.module.1.weight"));
        std::vector<std::string> unknown{"layer1.0.attn.module.1.weight"};
        QVERIFY(!renameSeqToAnnKeys(unknown));  // not a conv container: left alone
    }

    void matchesTorch_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("ema");
        for (const char* n : {"resnet18_bare.pth", "sj_train_classify.pth", "sj_spiking_T8.pth",
                              "wrap_state_dict_module.pth", "wrap_net.pth", "wrap_model_compiled.pth",
                              "wrap_module_compiled.pth", "vissl_trunk.torch", "fp16.pth", "bf16.pth", "fp64.pth",
                              "resnet34_w8.pth", "resnet50_w8.pth", "resnet18_cifar100_w8.pth", "protocol4.pth",
                              "numpy_scalars.pth", "torch2_layout.pth", "archive_folder.pth", "strided_shared.pth"})
            QTest::newRow(n) << QString(n) << false;
        QTest::newRow("sj_train_classify_ema.pth") << QString("sj_train_classify_ema.pth") << true;
    }
    void matchesTorch() {
        QFETCH(QString, name);
        QFETCH(bool, ema);
        const QJsonObject want = expectation(name);
        io::CheckpointOptions o;
        o.weights = ema ? io::WeightsChoice::Ema : io::WeightsChoice::Model;
        const io::Checkpoint ck = io::loadCheckpoint(fixture(name).toStdString(), o);
        QCOMPARE(QString::fromStdString(ck.format), QString("pytorch-zip"));
        QCOMPARE(QString::fromStdString(ck.wrapper), want["wrapper"].toString());
        if (want.contains("args_model")) {
            QVERIFY(ck.argsModel.has_value());
            QCOMPARE(QString::fromStdString(*ck.argsModel), want["args_model"].toString());
            QCOMPARE(ck.argsT.value_or(-1), want["args_T"].toInteger());
        }
        const QJsonObject tensors = want["tensors"].toObject();
        QCOMPARE(static_cast<qsizetype>(ck.tensors.size()), tensors.size());
        std::size_t i = 0;
        for (auto it = tensors.begin(); it != tensors.end(); ++it, ++i) {
            const QJsonObject w = it.value().toObject();
            const Tensor* t = ck.tensors.find(it.key().toStdString());
            QVERIFY2(t, qPrintable("missing tensor " + it.key()));
            QCOMPARE(QString::fromUtf8(dtypeName(t->dtype()).data()), w["dtype"].toString());
            QJsonArray shape;
            for (auto d : t->shape()) shape.append(static_cast<qint64>(d));
            QCOMPARE(shape, w["shape"].toArray());
            double sum = 0, sumAbs = 0;
            for (std::int64_t k = 0; k < t->numel(); ++k) {
                sum += t->valueAt(k);
                sumAbs += std::abs(t->valueAt(k));
            }
            const double wantSum = w["sum"].toDouble();
            QVERIFY2(std::abs(sum - wantSum) <= 1e-12 * (1 + sumAbs),
                     qPrintable(QString("%1: sum %2 vs %3").arg(it.key()).arg(sum, 0, 'g', 17).arg(wantSum, 0, 'g', 17)));
            for (const auto& s : w["samples"].toArray()) {
                const auto pair = s.toArray();
                QCOMPARE(t->valueAt(pair[0].toInteger()), pair[1].toDouble());
            }
        }
        // File order is kept: the first expected key is the first tensor (expectations are written in order).
        QVERIFY(!ck.tensors.empty());
    }

    void keepsFileOrder() {
        const io::Checkpoint ck = io::loadCheckpoint(fixture("resnet18_bare.pth").toStdString());
        QCOMPARE(ck.tensors.size(), std::size_t{122});
        QCOMPARE(QString::fromStdString(ck.tensors.items().front().first), QString("conv1.weight"));
        QCOMPARE(QString::fromStdString(ck.tensors.items().back().first), QString("fc.bias"));
        std::int64_t elements = 0;
        for (const auto& [n, t] : ck.tensors) elements += t.numel();
        QCOMPARE(elements, std::int64_t{11699132});
        QCOMPARE(QString::fromStdString(ck.metadata.at("archive_folder")), QString("resnet18_bare"));
    }

    void trainingCheckpointEntries() {
        const io::Checkpoint ck = io::loadCheckpoint(fixture("sj_train_classify.pth").toStdString());
        QCOMPARE(ck.argsCnf.value_or(""), std::string("ADD"));
        for (const char* e : {"optimizer", "lr_scheduler", "epoch", "args", "model_ema", "max_test_acc1"})
            QVERIFY2(std::find(ck.otherEntries.begin(), ck.otherEntries.end(), e) != ck.otherEntries.end(), e);
        // EMA weights are AveragedModel's: 'module.' removed and its n_averaged counter dropped.
        io::CheckpointOptions o;
        o.weights = io::WeightsChoice::Ema;
        const io::Checkpoint ema = io::loadCheckpoint(fixture("sj_train_classify.pth").toStdString(), o);
        QCOMPARE(ema.wrapper, std::string("model_ema"));
        QVERIFY(!ema.tensors.contains("n_averaged"));
        QCOMPARE(ema.strippedPrefixes, std::vector<std::string>{"module."});
        QCOMPARE(ema.tensors.find("conv1.weight")->valueAt(5), ck.tensors.find("conv1.weight")->valueAt(5) * 0.5);
    }

    void torch2RecordsAreRead() {
        const io::Checkpoint ck = io::loadCheckpoint(fixture("torch2_layout.pth").toStdString());
        QCOMPARE(ck.metadata.at("byteorder"), std::string("little"));
        QCOMPARE(ck.metadata.at("storage_alignment"), std::string("64"));
    }

    void refusedFormats_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("phrase");
        QTest::newRow("legacy") << "legacy.pth" << "legacy PyTorch file";
        QTest::newRow("torchscript") << "torchscript.pt" << "TorchScript";
        QTest::newRow("plain pickle") << "plain_pickle.pkl" << "plain Python pickle";
        QTest::newRow("missing") << "does_not_exist.pth" << "no such file";
        QTest::newRow("folder") << "." << "folder";
        QTest::newRow("expectation json") << "fp16.pth.expect.json" << "not a PyTorch checkpoint";
    }
    void refusedFormats() {
        QFETCH(QString, name);
        QFETCH(QString, phrase);
        try {
            io::loadCheckpoint(fixture(name).toStdString());
            QFAIL("accepted");
        } catch (const FileError& e) {
            const QString msg = QString::fromStdString(e.what());
            QVERIFY2(msg.contains(phrase), qPrintable(msg));
            QVERIFY2(msg.startsWith(fixture(name)), qPrintable(msg));
            QVERIFY(!msg.contains('\n'));
        }
    }
};

QTEST_APPLESS_MAIN(TestCheckpoint)
#include "test_checkpoint.moc"
