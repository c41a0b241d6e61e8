// The engine's strict JSON parser and writer (engine/src/io/json.hpp).

#include <QTest>

#include <cmath>
#include <limits>
#include <string>

#include "io/json.hpp"
#include "io/parse_error.hpp"

using topospike::io::ParseError;
namespace json = topospike::io::json;

class TestJson : public QObject {
    Q_OBJECT

  private slots:
    void roundTrip_data() {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("compact");
        QTest::newRow("order kept") << "{ \"b\" : 1, \"a\" : [true, false, null], \"c\" : \"x\" }"
                                    << "{\"b\":1,\"a\":[true,false,null],\"c\":\"x\"}";
        QTest::newRow("nested") << "[[], {}, [{\"k\": [1, 2]}]]"
                                << "[[],{},[{\"k\":[1,2]}]]";
        QTest::newRow("numbers") << "[0, -0, 1.5, -2.25e3, 1E2, 0.1, 123456789012345678]"
                                 << "[0,0,1.5,-2250,100,0.1,123456789012345678]";
        QTest::newRow("escapes") << "[\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"]"
                                 << "[\"a\\\"b\\\\c/d\\b\\f\\n\\r\\t\"]";
        QTest::newRow("unicode") << "[\"\\u00e9\\u65e5\", \"\\ud83d\\ude00\", \"ü\"]"
                                 << QString::fromUtf8("[\"\u00e9\u65e5\",\"\U0001F600\",\"\u00fc\"]");
        QTest::newRow("control escaped") << "[\"\\u0001\\u001f\"]"
                                         << "[\"\\u0001\\u001f\"]";
        QTest::newRow("whitespace") << " \t\r\n{}\n "
                                    << "{}";
    }
    void roundTrip() {
        QFETCH(QString, input);
        QFETCH(QString, compact);
        const QByteArray utf8 = input.toUtf8();
        const json::Value v =
            json::parse(std::string_view(utf8.constData(), static_cast<std::size_t>(utf8.size())));
        QCOMPARE(QString::fromStdString(json::write(v)), compact);
        // Writing then parsing gives the same text again.
        QCOMPARE(QString::fromStdString(json::write(json::parse(json::write(v)))), compact);
    }

    void integers() {
        const json::Value v =
            json::parse("[9223372036854775807, -9223372036854775808, 9223372036854775808, 1.0, 2]");
        const auto& a = v.items();
        QVERIFY(a[0].isInteger());
        QCOMPARE(a[0].asInt(), std::int64_t{9223372036854775807});
        QVERIFY(a[1].isInteger());
        QCOMPARE(a[1].asInt(), std::numeric_limits<std::int64_t>::min());
        QVERIFY(!a[2].isInteger());  // too big for int64: a double
        QCOMPARE(a[2].asDouble(), 9223372036854775808.0);
        QVERIFY(!a[3].isInteger());  // written with a fraction
        QCOMPARE(a[3].asDouble(), 1.0);
        QVERIFY(a[4].isInteger());
        QVERIFY_THROWS_EXCEPTION(ParseError, a[3].asInt());
        QVERIFY_THROWS_EXCEPTION(ParseError, a[4].asString());
    }

    void objectAccess() {
        const json::Value v = json::parse("{\"z\": 1, \"a\": {\"x\": \"y\"}}");
        QCOMPARE(v.members().size(), std::size_t{2});
        QCOMPARE(v.members()[0].key, std::string("z"));
        QVERIFY(v.find("a") && v.find("a")->find("x"));
        QCOMPARE(v.find("a")->find("x")->asString(), std::string("y"));
        QVERIFY(v.find("missing") == nullptr);
        json::Value o = json::Value::object();
        o.set("k", 1);
        o.set("j", "s");
        o.set("k", 2.5);  // replaces, keeps place
        QCOMPARE(json::write(o), std::string("{\"k\":2.5,\"j\":\"s\"}"));
    }

    void refused_data() {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("offset");
        QTest::newRow("empty") << QByteArray("") << 0;
        QTest::newRow("trailing comma array") << QByteArray("[1,2,]") << 5;
        QTest::newRow("trailing comma object") << QByteArray("{\"a\":1,}") << 7;
        QTest::newRow("comment") << QByteArray("[1] // c") << 4;
        QTest::newRow("NaN") << QByteArray("[NaN]") << 1;
        QTest::newRow("Infinity") << QByteArray("-Infinity") << 1;
        QTest::newRow("leading zero") << QByteArray("01") << 1;
        QTest::newRow("plus") << QByteArray("+1") << 0;
        QTest::newRow("bare dot") << QByteArray(".5") << 0;
        QTest::newRow("dot without digits") << QByteArray("1.") << 2;
        QTest::newRow("exponent without digits") << QByteArray("1e+") << 3;
        QTest::newRow("overflow") << QByteArray("1e400") << 0;
        QTest::newRow("bad literal") << QByteArray("tru") << 0;
        QTest::newRow("two values") << QByteArray("1 2") << 2;
        QTest::newRow("unterminated string") << QByteArray("[\"abc") << 1;
        QTest::newRow("control char") << QByteArray("[\"a\nb\"]") << 3;
        QTest::newRow("bad escape") << QByteArray("[\"\\x41\"]") << 2;
        QTest::newRow("lone high surrogate") << QByteArray("[\"\\ud800\"]") << 2;
        QTest::newRow("high then non-low") << QByteArray("[\"\\ud800\\u0041\"]") << 2;
        QTest::newRow("lone low surrogate") << QByteArray("[\"\\udc00\"]") << 2;
        QTest::newRow("short hex") << QByteArray("[\"\\u12\"]") << 6;
        QTest::newRow("invalid utf8") << QByteArray("[\"a\xff\"]") << 3;
        QTest::newRow("overlong utf8") << QByteArray("[\"\xc0\xaf\"]") << 2;
        QTest::newRow("utf8 surrogate") << QByteArray("[\"\xed\xa0\x80\"]") << 2;
        QTest::newRow("duplicate key") << QByteArray("{\"a\":1,\"a\":2}") << 7;
        QTest::newRow("non-string key") << QByteArray("{1:2}") << 1;
        QTest::newRow("missing colon") << QByteArray("{\"a\" 1}") << 5;
        QTest::newRow("unclosed array") << QByteArray("[1, 2") << 5;
        QTest::newRow("single quotes") << QByteArray("['a']") << 1;
    }
    void refused() {
        QFETCH(QByteArray, input);
        QFETCH(int, offset);
        try {
            json::parse(std::string_view(input.constData(), static_cast<std::size_t>(input.size())), {}, 100);
            QFAIL("accepted invalid JSON");
        } catch (const ParseError& e) {
            QVERIFY(e.offset.has_value());
            QCOMPARE(*e.offset, std::uint64_t(100 + offset));  // offsets include the caller's base
            QVERIFY(std::string(e.what()).starts_with("invalid JSON"));
        }
    }

    void depthLimit() {
        const std::string ok = std::string(64, '[') + std::string(64, ']');
        QVERIFY(json::parse(ok).isArray());
        const std::string deep = std::string(65, '[') + std::string(65, ']');
        QVERIFY_THROWS_EXCEPTION(ParseError, json::parse(deep));
        // A hostile depth far beyond the limit fails fast, without exhausting the stack.
        const std::string hostile(1'000'000, '[');
        QVERIFY_THROWS_EXCEPTION(ParseError, json::parse(hostile));
        QVERIFY_THROWS_EXCEPTION(ParseError, json::parse(std::string(20, '{'), {.maxDepth = 4}));
    }

    void sizeLimit() {
        QVERIFY_THROWS_EXCEPTION(ParseError, json::parse("[1, 2, 3, 4, 5]", {.maxBytes = 10}));
        QVERIFY(json::parse("[1, 2]", {.maxBytes = 10}).isArray());
        QVERIFY_THROWS_EXCEPTION(ParseError, json::parse("[1, 2, 3]", {.maxValues = 3}));  // 4 values
        QVERIFY(json::parse("[1, 2, 3]", {.maxValues = 4}).isArray());
    }

    void writer() {
        QCOMPARE(json::formatNumber(0.1), std::string("0.1"));
        QCOMPARE(json::formatNumber(1e300), std::string("1e+300"));
        QCOMPARE(json::formatNumber(std::nan("")), std::string("null"));
        QCOMPARE(json::formatNumber(-INFINITY), std::string("null"));
        const double third = 1.0 / 3.0;
        QCOMPARE(json::parse(json::formatNumber(third)).asDouble(),
                 third);  // shortest text, exact round trip

        std::string s;
        json::appendQuoted(s, std::string("a\x01\x7f\"\\\xff\xc3\xa9", 8));
        QCOMPARE(s, std::string("\"a\\u0001\x7f\\\"\\\\\\ufffd\xc3\xa9\""));

        json::Value v = json::Value::object();
        json::Value arr = json::Value::array();
        arr.push(1);
        arr.push(json::Value());
        v.set("list", std::move(arr));
        v.set("empty", json::Value::object());
        v.set("flag", true);
        QCOMPARE(json::write(v, 2), std::string("{\n  \"list\": [\n    1,\n    null\n  ],\n  \"empty\": {},\n"
                                                "  \"flag\": true\n}"));
        QCOMPARE(json::write(json::parse(json::write(v, 2))), json::write(v));
    }
};

QTEST_APPLESS_MAIN(TestJson)
#include "test_json.moc"
