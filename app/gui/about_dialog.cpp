// The About dialog (declared in app_theme.hpp): versions of TopoSpike and of every library it runs on.

#include <vtkVersion.h>

#include <Eigen/Core>
#include <QApplication>
#include <QMessageBox>
#include <QStringList>
#include <oneapi/tbb/version.h>

#include "gui/app_theme.hpp"
#include "topospike/run/simulator.hpp"

namespace topospike::gui {

void showAboutDialog(QWidget* parent, const QString& glRenderer) {
    constexpr auto kName = "aboutDialog";
    if (parent)  // one About at a time: a second request brings it to the front
        if (auto* open = parent->findChild<QMessageBox*>(QLatin1String(kName), Qt::FindDirectChildrenOnly)) {
            open->raise();
            open->activateWindow();
            return;
        }
    const QString eigen =
        QStringLiteral("%1.%2.%3").arg(EIGEN_WORLD_VERSION).arg(EIGEN_MAJOR_VERSION).arg(EIGEN_MINOR_VERSION);
    const QStringList rows{
        QObject::tr("Qt %1 (built with %2)").arg(qVersion(), QT_VERSION_STR),
        QObject::tr("VTK %1").arg(QString::fromLatin1(vtkVersion::GetVTKVersion())),
        QObject::tr("oneTBB %1").arg(QString::fromLatin1(TBB_runtime_version())),
        QObject::tr("Eigen %1").arg(eigen),
        QObject::tr("Kernels: %1 instruction set").arg(QString::fromStdString(run::activeInstructionSet())),
        QObject::tr("OpenGL: %1")
            .arg(glRenderer.isEmpty() ? QObject::tr("not known yet") : glRenderer.toHtmlEscaped()),
    };
    const QString text =
        QObject::tr("<h3>TopoSpike %1</h3>"
                    "<p>A live explorer for topographic deep spiking neural networks (TDSNN).</p>"
                    "<p>%2</p>"
                    "<p>Free software; see the licence and sources distributed with TopoSpike.</p>")
            .arg(QStringLiteral(TOPOSPIKE_VERSION), rows.join(QStringLiteral("<br>")));

    auto* box = new QMessageBox(parent);
    box->setObjectName(QLatin1String(kName));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowTitle(QObject::tr("About TopoSpike"));
    box->setTextFormat(Qt::RichText);
    box->setText(text);
    box->setIconPixmap(QApplication::windowIcon().pixmap(64, 64));
    box->setStandardButtons(QMessageBox::Ok);
    box->setWindowModality(Qt::NonModal);
    box->show();  // modeless, never exec(): the sheets keep playing and stay usable while it is open
}

}  // namespace topospike::gui
