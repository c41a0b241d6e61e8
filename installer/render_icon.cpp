// topospike-render-icon SVG PNG SIZE: renders the application icon at SIZE x SIZE pixels for the hicolor theme.
// Built and run at build time by installer/packaging.cmake; not installed.
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>

#include <cstdio>

int main(int argc, char** argv)
{
    if (argc != 4)
    {
        std::fprintf(stderr, "usage: topospike-render-icon ICON.svg OUT.png SIZE\n");
        return 2;
    }
    const QGuiApplication app(argc, argv);  // QSvgRenderer needs the Gui module initialised (offscreen is enough)
    bool ok = false;
    const int size = QString::fromLocal8Bit(argv[3]).toInt(&ok);
    if (!ok || size < 1 || size > 4096)
    {
        std::fprintf(stderr, "topospike-render-icon: bad size '%s'\n", argv[3]);
        return 2;
    }
    QSvgRenderer svg(QString::fromLocal8Bit(argv[1]));
    if (!svg.isValid())
    {
        std::fprintf(stderr, "topospike-render-icon: %s: not a readable SVG\n", argv[1]);
        return 2;
    }
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    svg.render(&painter, QRectF(0, 0, size, size));
    painter.end();
    if (!image.save(QString::fromLocal8Bit(argv[2]), "PNG"))
    {
        std::fprintf(stderr, "topospike-render-icon: %s: cannot write\n", argv[2]);
        return 2;
    }
    return 0;
}
