// Themes (system, light, dark) and the About dialog.

#include <QApplication>
#include <QMessageBox>
#include <QStyle>
#include <QtTest>

#include "gui/app_theme.hpp"

using namespace topospike::gui;

class TestTheme : public QObject {
    Q_OBJECT
private slots:
    void keysRoundTrip_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("key");
        QTest::newRow("light") << "light" << "light";
        QTest::newRow("Dark") << " Dark " << "dark";
        QTest::newRow("system") << "system" << "system";
        QTest::newRow("unknown") << "solarized" << "system";
        QTest::newRow("empty") << "" << "system";
    }
    void keysRoundTrip() {
        QFETCH(QString, text);
        QFETCH(QString, key);
        QCOMPARE(themeKey(parseTheme(text)), key);
        QCOMPARE(parseTheme(themeKey(parseTheme(text))), parseTheme(text));
    }

    void themesSwitchPalettes() {
        const QColor platformWindow = QApplication::palette().color(QPalette::Window);
        applyTheme(Theme::Dark);
        QVERIFY(darkPaletteActive());
        QCOMPARE(QApplication::style()->name().toLower(), QStringLiteral("fusion"));
        applyTheme(Theme::Light);
        QVERIFY(!darkPaletteActive());
        QCOMPARE(QApplication::style()->name().toLower(), QStringLiteral("fusion"));
        applyTheme(Theme::Dark);
        applyTheme(Theme::System);  // back to the look the application started with
        QCOMPARE(QApplication::palette().color(QPalette::Window), platformWindow);
    }

    void aboutListsVersions() {
        QWidget parent;
        parent.show();
        showAboutDialog(&parent, QStringLiteral("llvmpipe (LLVM 15.0.6, 256 bits)"));
        auto* box = parent.findChild<QMessageBox*>("aboutDialog");
        QVERIFY(box);
        QVERIFY(box->isVisible());
        QCOMPARE(box->windowModality(), Qt::NonModal);  // the application keeps running
        const QString text = box->text();
        for (const char* word : {"TopoSpike " TOPOSPIKE_VERSION, "Qt ", "VTK 9", "oneTBB", "Eigen 3", "instruction set",
                                 "llvmpipe"})
            QVERIFY2(text.contains(QLatin1String(word)), word);
        showAboutDialog(&parent, {});  // a second request raises the open one
        QCOMPARE(parent.findChildren<QMessageBox*>().size(), 1);
        box->accept();
        QTRY_VERIFY(parent.findChildren<QMessageBox*>().isEmpty());  // deleted on close
    }
};

QTEST_MAIN(TestTheme)
#include "test_theme.moc"
