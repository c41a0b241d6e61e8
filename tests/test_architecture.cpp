// Architecture detection from tensor names and shapes, on torch-written checkpoints.
#include <QTest>

#include "support/fixtures.hpp"
#include "topospike/error.hpp"
#include "topospike/io/checkpoint.hpp"
#include "topospike/model/architecture.hpp"

using namespace topospike;
using testsupport::fixture;

namespace {
model::Architecture detect(const QString& name, model::DetectOptions o = {}) {
    const auto ck = io::loadCheckpoint(fixture(name).toStdString());
    if (!o.argsModel) o.argsModel = ck.argsModel;
    if (!o.argsCnf) o.argsCnf = ck.argsCnf;
    return model::detectArchitecture(ck.tensors, o);
}
QString layerText(const model::LayerShape& l) {
    return QString("%1 %2x%3x%4").arg(QString::fromStdString(l.name)).arg(l.channels).arg(l.height).arg(l.width);
}
}  // namespace

class TestArchitecture : public QObject {
    Q_OBJECT
private slots:
    void resnet18ImageNet() {
        const auto a = detect("resnet18_bare.pth");
        QCOMPARE(a.name, std::string("resnet18"));
        QCOMPARE(a.stem, model::Stem::ImageNet);
        QCOMPARE(a.numClasses, 1000);
        QCOMPARE(a.parameters, std::int64_t{11689512});
        QCOMPARE(a.blockType, model::BlockType::Spiking);
        const auto layers = a.recordedLayers(224);
        QStringList got;
        for (const auto& l : layers) got << layerText(l);
        QCOMPARE(got, QStringList({"stem 64x112x112", "layer1.0 64x56x56", "layer1.1 64x56x56", "layer2.0 128x28x28",
                                   "layer2.1 128x28x28", "layer3.0 256x14x14", "layer3.1 256x14x14",
                                   "layer4.0 512x7x7", "layer4.1 512x7x7"}));
        QCOMPARE(a.topographicLayers(224).size(), std::size_t{8});
        QCOMPARE(layerText(a.topographicLayers(32).front()), QString("layer1.0 64x8x8"));
    }

    void otherDepthsAndStems_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("classes");
        QTest::addColumn<QString>("firstLayer");
        QTest::addColumn<QString>("lastLayer");
        QTest::newRow("resnet34") << "resnet34_w8.pth" << "resnet34-w8" << 10 << "layer1.0 8x56x56" << "layer4.2 64x7x7";
        QTest::newRow("resnet50") << "resnet50_w8.pth" << "resnet50-w8" << 10 << "layer1.0 32x56x56" << "layer4.2 256x7x7";
        QTest::newRow("cifar stem") << "resnet18_cifar100_w8.pth" << "resnet18-w8" << 100 << "layer1.0 8x224x224"
                                    << "layer4.1 64x28x28";
        QTest::newRow("vissl trunk, no fc") << "vissl_trunk.torch" << "resnet18-w8" << 0 << "layer1.0 8x56x56"
                                            << "layer4.1 64x7x7";
        QTest::newRow("fp16") << "fp16.pth" << "resnet18-w8" << 10 << "layer1.0 8x56x56" << "layer4.1 64x7x7";
    }
    void otherDepthsAndStems() {
        QFETCH(QString, file);
        QFETCH(QString, name);
        QFETCH(int, classes);
        QFETCH(QString, firstLayer);
        QFETCH(QString, lastLayer);
        const auto a = detect(file);
        QCOMPARE(QString::fromStdString(a.name), name);
        QCOMPARE(a.numClasses, classes);
        const auto layers = a.topographicLayers(224);
        QCOMPARE(layerText(layers.front()), firstLayer);
        QCOMPARE(layerText(layers.back()), lastLayer);
    }

    void blockTypeFromArgsAndOverride() {
        QCOMPARE(detect("sj_train_classify.pth").blockType, model::BlockType::SewAdd);
        QVERIFY(detect("sj_train_classify.pth").blockTypeSource.find("sew_resnet18") != std::string::npos);
        QCOMPARE(detect("sj_spiking_T8.pth").blockType, model::BlockType::Spiking);
        model::DetectOptions o;
        o.block = model::BlockType::SewIand;
        QCOMPARE(detect("sj_train_classify.pth", o).blockType, model::BlockType::SewIand);
        QCOMPARE(detect("sj_train_classify.pth", o).blockTypeSource, std::string("--block"));
        o = {};
        o.argsModel = "sew_resnet18";
        o.argsCnf = "IAND";
        QCOMPARE(detect("wrap_net.pth", o).blockType, model::BlockType::SewIand);
        QCOMPARE(model::parseBlockType("sew_and"), std::optional(model::BlockType::SewAnd));
        QVERIFY(!model::parseBlockType("relu"));
    }

    void mismatchesListedInOneMessage() {
        auto ck = io::loadCheckpoint(fixture("resnet18_bare.pth").toStdString());
        TensorMap broken;
        for (const auto& [n, t] : ck.tensors) {
            if (n == "layer2.0.bn1.running_var") continue;                                  // missing
            if (n == "layer3.1.conv2.weight") broken.insert(n, Tensor(DType::F32, {256, 256, 1, 1}));  // mis-shaped
            else broken.insert(n, t);
        }
        broken.insert("layer1.0.sn1.w", Tensor(DType::F32, {1}));  // unexpected (a PLIF parameter)
        broken.insert("layer2.0.coordinates", Tensor(DType::F32, {100352, 2}));  // accepted extra
        try {
            model::detectArchitecture(broken);
            QFAIL("accepted");
        } catch (const ModelError& e) {
            const QString msg = e.what();
            QVERIFY2(msg.contains("missing: layer2.0.bn1.running_var"), qPrintable(msg));
            QVERIFY2(msg.contains("unexpected: layer1.0.sn1.w [1]"), qPrintable(msg));
            QVERIFY2(msg.contains("wrong shape: layer3.1.conv2.weight [256,256,1,1] (expected [256,256,3,3])"), qPrintable(msg));
            QVERIFY2(!msg.contains("coordinates"), qPrintable(msg));
        }
    }

    void notAResNet() {
        const auto ck = io::loadCheckpoint(fixture("strided_shared.pth").toStdString());
        QVERIFY_THROWS_EXCEPTION(ModelError, model::detectArchitecture(ck.tensors));
    }
};

QTEST_APPLESS_MAIN(TestArchitecture)
#include "test_architecture.moc"
