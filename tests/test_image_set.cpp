// Image sets: categories from sub-folders or fLoc file-name prefixes, scrambled dropped, fLoc category order,
// deterministic file order, and every refusal.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "topospike/error.hpp"
#include "topospike/stimuli/image.hpp"
#include "topospike/stimuli/image_set.hpp"

using namespace topospike::stimuli;
namespace fs = std::filesystem;

namespace {

void touch(const QString& path) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("x");
}

std::vector<std::string> names(const ImageSet& set) {
    std::vector<std::string> out;
    for (const auto& im : set.images) out.push_back(im.path.filename().string() + "=" + im.category);
    return out;
}

}  // namespace

class TestImageSet : public QObject {
    Q_OBJECT
private slots:
    void flocPrefixes() {
        QTemporaryDir dir;
        for (const char* f : {"word-2.jpg", "adult-1.jpg", "adult-10.JPG", "scrambled-1.jpg", "car-3.png",
                              "house-1.jpeg", "zebra-1.png", "notes.txt", ".hidden-1.jpg", "child.jpg"})
            touch(dir.filePath(f));
        const ImageSet set = scanImageSet(dir.path().toStdString());
        QCOMPARE(set.source, CategorySource::FilePrefix);
        QCOMPARE(set.droppedScrambled, std::int64_t{1});
        // Sorted by path (byte order: upper case before lower case), scrambled gone, .txt and hidden skipped.
        const std::vector<std::string> want{"adult-1.jpg=adult", "adult-10.JPG=adult", "car-3.png=car",
                                            "child.jpg=child",   "house-1.jpeg=house", "word-2.jpg=word",
                                            "zebra-1.png=zebra"};
        QCOMPARE(names(set), want);
        // fLoc order first (word, adult, child, car, house), then the others alphabetically.
        const std::vector<std::string> cats{"word", "adult", "child", "car", "house", "zebra"};
        QCOMPARE(set.categories, cats);
        const std::vector<std::int32_t> idx{1, 1, 3, 2, 4, 0, 5};
        QCOMPARE(set.categoryIndices(), idx);
    }

    void keepScrambledWhenAsked() {
        QTemporaryDir dir;
        touch(dir.filePath("scrambled-1.jpg"));
        touch(dir.filePath("body-1.jpg"));
        ImageSetOptions o;
        o.dropScrambled = false;
        const ImageSet set = scanImageSet(dir.path().toStdString(), o);
        QCOMPARE(set.images.size(), std::size_t{2});
        const std::vector<std::string> cats{"body", "scrambled"};
        QCOMPARE(set.categories, cats);
        QCOMPARE(set.droppedScrambled, std::int64_t{0});
    }

    void subFolders() {
        QTemporaryDir dir;
        touch(dir.filePath("small/b.png"));
        touch(dir.filePath("small/a.jpg"));
        touch(dir.filePath("big/deeper/x-1.jpg"));  // any depth; the prefix does not matter here
        touch(dir.filePath("big/y.jpeg"));
        touch(dir.filePath("empty/readme.md"));
        touch(dir.filePath("scrambled/s.jpg"));
        const ImageSet set = scanImageSet(dir.path().toStdString());
        QCOMPARE(set.source, CategorySource::SubFolder);
        const std::vector<std::string> want{"x-1.jpg=big", "y.jpeg=big", "a.jpg=small", "b.png=small"};
        QCOMPARE(names(set), want);
        const std::vector<std::string> cats{"big", "small"};
        QCOMPARE(set.categories, cats);
        QCOMPARE(set.droppedScrambled, std::int64_t{1});
    }

    void explicitModes() {
        QTemporaryDir dir;
        touch(dir.filePath("adult-1.jpg"));
        touch(dir.filePath("faces/house-2.jpg"));
        // Auto refuses the mixture; an explicit mode reads one layout only.
        QVERIFY_THROWS_EXCEPTION(topospike::FileError, scanImageSet(dir.path().toStdString()));
        ImageSetOptions o;
        o.source = CategorySource::FilePrefix;
        QCOMPARE(names(scanImageSet(dir.path().toStdString(), o)), std::vector<std::string>{"adult-1.jpg=adult"});
        o.source = CategorySource::SubFolder;
        QCOMPARE(names(scanImageSet(dir.path().toStdString(), o)), std::vector<std::string>{"house-2.jpg=faces"});
    }

    void orderCategoriesRule() {
        const std::vector<std::string> got = orderCategories({"zz", "corridor", "aa", "number", "corridor", "scrambled"});
        const std::vector<std::string> want{"number", "corridor", "scrambled", "aa", "zz"};
        QCOMPARE(got, want);
        QCOMPARE(flocPrefixCategory("dir/instrument-7-b.jpg"), std::string("instrument"));
        QVERIFY(isImageFileName("A.JpEg"));
        QVERIFY(!isImageFileName("a.gif"));
    }

    void refusals() {
        QTemporaryDir dir;
        auto refused = [](const fs::path& p, const char* needle) {
            try {
                scanImageSet(p);
            } catch (const topospike::FileError& e) {
                QVERIFY2(std::string(e.what()).find(needle) != std::string::npos, e.what());
                QVERIFY2(std::string(e.what()).find(p.filename().string()) != std::string::npos, e.what());
                return;
            }
            QFAIL("not refused");
        };
        refused(dir.filePath("missing").toStdString(), "no such folder");
        touch(dir.filePath("file.jpg"));
        refused(dir.filePath("file.jpg").toStdString(), "not a folder");
        QDir(dir.path()).mkpath("empty/sub");
        refused(dir.filePath("empty").toStdString(), "no image");
        touch(dir.filePath("onlyscrambled/scrambled-1.png"));
        refused(dir.filePath("onlyscrambled").toStdString(), "only scrambled");
        touch(dir.filePath("noname/-3.jpg"));
        refused(dir.filePath("noname").toStdString(), "no category");
    }

    // The images of a set decode to 3 channels even when they are grayscale (fLoc's are; TDANN repeats them).
    void grayscaleBecomesThreeChannels() {
        const QString gray = QStringLiteral(TOPOSPIKE_FIXTURE_DIR "/images/png/gray8.png");
        if (!QFile::exists(gray)) QSKIP("image fixtures not generated (run through ctest)");
        QTemporaryDir dir;
        QVERIFY(QFile::copy(gray, dir.filePath("adult-1.png")));
        const ImageSet set = scanImageSet(dir.path().toStdString());
        PreprocessOptions o;
        o.resize = o.crop = 0;
        o.normalize = false;
        const InputImage in = readInputImage(set.images.at(0).path, o);
        QCOMPARE(in.channels, 3);
        const std::size_t plane = static_cast<std::size_t>(in.height) * in.width;
        for (std::size_t i = 0; i < plane; ++i) {
            QCOMPARE(in.chw[i], in.chw[plane + i]);
            QCOMPARE(in.chw[i], in.chw[2 * plane + i]);
        }
    }
};

QTEST_GUILESS_MAIN(TestImageSet)
#include "test_image_set.moc"
