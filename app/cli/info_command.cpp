#include "cli/info_command.hpp"

#include <QJsonDocument>
#include <cstdio>

#include "common/file_summary.hpp"
#include "topospike/error.hpp"

namespace topospike::cli {
namespace {

int fail(const QString& line) {
    std::fprintf(stderr, "topospike-cli: %s\n", line.toLocal8Bit().constData());
    return 2;
}

}  // namespace

int runInfo(const QStringList& args) {
    app::SummaryOptions o;
    bool json = false;
    QString file;
    for (int i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        auto value = [&](const char* flag) -> std::optional<QString> {
            if (i + 1 >= args.size()) return std::nullopt;
            (void)flag;
            return args[++i];
        };
        if (a == "--json") {
            json = true;
        } else if (a == "--ema") {
            o.ema = true;
        } else if (a == "--tensors") {
            o.listTensors = true;
        } else if (a == "--block") {
            auto v = value("--block");
            if (!v) return fail("--block needs a value: spiking, sew-add, sew-iand or sew-and");
            o.block = model::parseBlockType(v->toStdString());
            if (!o.block) return fail("--block '" + *v + "' is not one of spiking, sew-add, sew-iand, sew-and");
        } else if (a == "--input-size") {
            auto v = value("--input-size");
            bool ok = false;
            const int n = v ? v->toInt(&ok) : 0;
            if (!ok || n < 8 || n > 4096) return fail("--input-size needs an integer from 8 to 4096");
            o.inputSize = n;
        } else if (a.startsWith("--")) {
            return fail("info: unknown option '" + a + "' (see topospike-cli info --help)");
        } else if (file.isEmpty()) {
            file = a;
        } else {
            return fail("info takes one file, got '" + file + "' and '" + a + "'");
        }
    }
    if (file.isEmpty()) return fail("usage: topospike-cli info FILE [--json] [--block B] [--ema] [--input-size N] [--tensors]");
    try {
        const QJsonObject s = app::summarizeFile(file.toStdString(), o);
        const QByteArray out = json ? QJsonDocument(s).toJson(QJsonDocument::Indented)
                                    : (app::summaryText(s) + '\n').toUtf8();
        std::fwrite(out.constData(), 1, static_cast<size_t>(out.size()), stdout);
        return 0;
    } catch (const Error& e) {
        return fail(QString::fromStdString(e.what()));
    } catch (const std::exception& e) {
        return fail(file + ": " + QString::fromStdString(e.what()));
    }
}

}  // namespace topospike::cli
