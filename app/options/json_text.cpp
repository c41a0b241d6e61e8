// JSON scalars as text.
#include "options/json_text.hpp"

#include <QLocale>

namespace topospike::options {

QByteArray jsonString(const QString& text) {
    QString out = "\"";
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c.unicode() < 0x20)
                out += QString("\\u%1").arg(c.unicode(), 4, 16, QChar('0'));
            else
                out += c;
        }
    }
    out += '"';
    return out.toUtf8();
}

QByteArray jsonNumber(double v) { return QByteArray::number(v, 'g', QLocale::FloatingPointShortest); }

}  // namespace topospike::options
