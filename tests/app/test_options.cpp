// The option table: sane entries, values parsed and refused with exact messages, --help and bash completion
// generated from it (the script is checked by bash itself).
#include <QProcess>
#include <cmath>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include "common/color_modes.hpp"
#include "common/colormaps.hpp"
#include "options/option_settings.hpp"
#include "options/option_table.hpp"

using namespace topospike::options;

namespace {

/// Runs `script` with bash and returns its stdout (trimmed); QFAILs the caller through an empty result on error.
QString runBash(const QString& script, int* exitCode = nullptr) {
    QProcess bash;
    bash.start("bash", {"-c", script});
    bash.waitForFinished(10000);
    if (exitCode) *exitCode = bash.exitCode();
    return QString::fromUtf8(bash.readAllStandardOutput()).trimmed() + QString::fromUtf8(bash.readAllStandardError());
}

}  // namespace

class TestOptions : public QObject {
    Q_OBJECT
private slots:
    void engineSettingsRoundTrip() {
        using namespace topospike;
        stimuli::GratingSpec g;
        g.orientationDeg = 112.5;
        g.cyclesPerImage = 13.0;
        g.phase = 1.25;
        g.contrast = 0.4;
        g.color = stimuli::ColorPair::RedCyan;
        model::NeuronSettings n;
        n.model = model::NeuronModel::If;
        n.tau = 3.5;
        n.vThreshold = 0.75;
        n.vReset.reset();  // soft reset travels as "none"
        n.decayInput = false;
        OptionValues o;
        options::setGrating(o, g);
        options::setRunOptions(o, 8, n);
        QCOMPARE(o.value("v-reset").toString(), QString("none"));
        const stimuli::GratingSpec back = options::gratingSpec(o, 96);
        QCOMPARE(back.size, 96);
        QCOMPARE(back.orientationDeg, g.orientationDeg);
        QVERIFY(std::abs(back.cyclesPerImage - g.cyclesPerImage) < 1e-12);
        QVERIFY(std::abs(back.phase - g.phase) < 1e-12);
        QCOMPARE(back.contrast, g.contrast);
        QCOMPARE(back.color, g.color);
        const run::RunOptions r = options::runOptions(o);
        QCOMPARE(r.T, 8);
        QCOMPARE(r.neuron.model, n.model);
        QCOMPARE(r.neuron.tau, n.tau);
        QCOMPARE(r.neuron.vThreshold, n.vThreshold);
        QVERIFY(!r.neuron.vReset.has_value());
        QCOMPARE(r.neuron.decayInput, false);
        QVERIFY(!options::imageStimulus(o));
        QVERIFY(o.set("stimulus", "image").isEmpty());
        QVERIFY(options::imageStimulus(o));
        // Settings the engine refuses are refused with its message (a reset at the threshold).
        QVERIFY(o.set("v-reset", "0.75").isEmpty());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, options::runOptions(o));
    }

    void tableIsSane() {
        QSet<QString> names;
        const QStringList groups{"view", "stimulus", "run", "analysis", "figure"};
        const QRegularExpression shellSafe("^[A-Za-z0-9._-]+$");
        for (const OptionSpec& spec : optionTable()) {
            QVERIFY2(!names.contains(spec.name), qPrintable("duplicate " + spec.name));
            names.insert(spec.name);
            QVERIFY2(shellSafe.match(spec.name).hasMatch(), qPrintable(spec.name));
            QVERIFY2(groups.contains(spec.group), qPrintable(spec.name + " in group " + spec.group));
            QVERIFY2(!spec.help.isEmpty(), qPrintable(spec.name));
            QCOMPARE(findOption(spec.name), &spec);
            for (const QString& choice : spec.choices) QVERIFY2(shellSafe.match(choice).hasMatch(), qPrintable(choice));
            // The default passes its own checks, typed and as the text formatValue gives.
            OptionValues values;
            QCOMPARE(values.setValue(spec.name, spec.defaultValue), QString());
            QCOMPARE(values.set(spec.name, formatValue(spec, spec.defaultValue)), QString());
            QCOMPARE(values.value(spec.name), spec.defaultValue);
        }
        QCOMPARE(findOption("no-such-option"), nullptr);
        for (const char* expected : {"layer", "color-by", "colormap", "mask-percentile", "contrast", "timestep",
                                     "zoom-window", "point-size", "stimulus", "orientation", "sf", "phase",
                                     "grating-contrast", "colors", "image", "T", "neuron", "tau", "v-threshold",
                                     "v-reset", "decay-input", "threads", "stimuli", "image-set", "percentile", "dpi",
                                     "width", "height", "background", "vector", "title", "columns", "font-size",
                                     "colorbar", "scale-bar", "scale-bar-mm"})
            QVERIFY2(names.contains(expected), expected);
        QVERIFY(!findOption("threads")->inSession);
    }

    void choicesComeFromTheColourModesAndColormaps() {
        const QStringList colorBy = findOption("color-by")->choices;
        QCOMPARE(colorBy.size(), static_cast<qsizetype>(topospike::app::colorModes().size()));
        for (const auto& mode : topospike::app::colorModes()) QVERIFY2(colorBy.contains(mode.key), mode.key);
        const QStringList maps = findOption("colormap")->choices;
        QCOMPARE(maps.first(), QString("auto"));
        for (const auto& name : topospike::app::colormapNames())
            QVERIFY2(maps.contains(QString::fromStdString(name)), name.c_str());
    }

    void set_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error");
        QTest::addColumn<QString>("stored");  // formatValue of the stored value when accepted
        QTest::newRow("dpi") << "dpi" << "600" << "" << "600";
        QTest::newRow("dpi spaces") << "dpi" << " 72.5 " << "" << "72.5";
        QTest::newRow("dpi too high") << "dpi" << "5000" << "--dpi: 5000 is outside 50..2400" << "";
        QTest::newRow("dpi text") << "dpi" << "abc" << "--dpi: 'abc' is not a number" << "";
        QTest::newRow("dpi nan") << "dpi" << "nan" << "--dpi: 'nan' is not a number" << "";
        QTest::newRow("T") << "T" << "8" << "" << "8";
        QTest::newRow("T fraction") << "T" << "4.0" << "--T: '4.0' is not a whole number" << "";
        QTest::newRow("T too many") << "T" << "65" << "--T: 65 is outside 1..64" << "";
        QTest::newRow("timestep last") << "timestep" << "-1" << "" << "-1";
        QTest::newRow("timestep -2") << "timestep" << "-2" << "--timestep: -2 is outside -1..63" << "";
        QTest::newRow("sf low") << "sf" << "0.05" << "--sf: 0.05 is outside 0.1..20" << "";
        QTest::newRow("tau 1") << "tau" << "1" << "--tau: 1 must be above 1" << "";
        QTest::newRow("tau 1.5") << "tau" << "1.5" << "" << "1.5";
        QTest::newRow("bool yes") << "vector" << "yes" << "" << "true";
        QTest::newRow("bool Off") << "vector" << "Off" << "" << "false";
        QTest::newRow("bool 1") << "colorbar" << "1" << "" << "true";
        QTest::newRow("bool maybe") << "vector" << "maybe"
                                    << "--vector: 'maybe' is not true or false (also yes/no, on/off, 1/0)" << "";
        QTest::newRow("choice case") << "color-by" << "ORIENTATION" << "" << "orientation";
        QTest::newRow("choice bad") << "color-by" << "foo"
                                    << "--color-by: 'foo' is not one of orientation, sf, color, t, categories, rate, "
                                       "entropy, spikes, membrane"
                                    << "";
        QTest::newRow("colormap auto") << "colormap" << "auto" << "" << "auto";
        QTest::newRow("colormap case") << "colormap" << "Viridis" << "" << "viridis";
        QTest::newRow("neuron") << "neuron" << "ann" << "" << "ann";
        QTest::newRow("neuron bad") << "neuron" << "izh" << "--neuron: 'izh' is not one of lif, if, ann" << "";
        QTest::newRow("width in") << "width" << "3.5in" << "" << "88.9mm";  // rounded to nm, not 88.89999999999999
        QTest::newRow("width cm") << "width" << "8.5 cm" << "" << "85mm";
        QTest::newRow("width bare") << "width" << "120" << "" << "120mm";
        QTest::newRow("width pt") << "width" << "144pt" << "" << "50.8mm";
        QTest::newRow("width px") << "width" << "85px"
                                  << "--width: '85px' is not a length (a number with mm, cm, in or pt; mm when bare)"
                                  << "";
        QTest::newRow("width wide") << "width" << "60cm" << "--width: 600 mm is outside 10..500 mm" << "";
        QTest::newRow("height auto") << "height" << "0" << "" << "0mm";
        QTest::newRow("zoom window") << "zoom-window" << "10,60,20,80" << "" << "10,60,20,80";
        QTest::newRow("zoom window empty") << "zoom-window" << "" << "" << "";
        QTest::newRow("zoom window reversed") << "zoom-window" << "60,10,20,80"
                                              << "--zoom-window: '60,10,20,80' needs x0 < x1 and y0 < y1" << "";
        QTest::newRow("zoom window short") << "zoom-window" << "1,2,3"
                                           << "--zoom-window: '1,2,3' is not x0,x1,y0,y1 in percent (four numbers "
                                              "0..100)"
                                           << "";
        QTest::newRow("zoom window 120") << "zoom-window" << "0,120,0,50"
                                         << "--zoom-window: '0,120,0,50' is not x0,x1,y0,y1 in percent (four "
                                            "numbers 0..100)"
                                         << "";
        QTest::newRow("v-reset none") << "v-reset" << "none" << "" << "none";
        QTest::newRow("v-reset number") << "v-reset" << "-0.5" << "" << "-0.5";
        QTest::newRow("v-reset soft") << "v-reset" << "soft" << "--v-reset: 'soft' is not a number or 'none'" << "";
        QTest::newRow("title") << "title" << "V1 \"maps\"" << "" << "V1 \"maps\"";
        QTest::newRow("image") << "image" << "/tmp/cat.png" << "" << "/tmp/cat.png";
        QTest::newRow("unknown") << "nope" << "1" << "--nope: unknown option" << "";
    }
    void set() {
        QFETCH(QString, name);
        QFETCH(QString, text);
        QFETCH(QString, error);
        QFETCH(QString, stored);
        OptionValues values;
        QCOMPARE(values.set(name, text), error);
        QCOMPARE(values.isSet(name), error.isEmpty());
        if (error.isEmpty()) QCOMPARE(formatValue(*findOption(name), values.value(name)), stored);
    }

    void setValueChecksTypes() {
        OptionValues values;
        QCOMPARE(values.setValue("T", 8.0), QString());
        QCOMPARE(values.value("T").typeId(), QMetaType::Int);
        QCOMPARE(values.value("T").toInt(), 8);
        QCOMPARE(values.setValue("T", 4.5), QString("--T: expected a whole number, got '4.5'"));
        QCOMPARE(values.setValue("vector", 1), QString("--vector: expected true or false, got '1'"));
        QCOMPARE(values.setValue("layer", 3), QString("--layer: expected text, got '3'"));
        QCOMPARE(values.setValue("dpi", QString("1200")), QString());
        QCOMPARE(values.value("dpi").toDouble(), 1200.0);
        QCOMPARE(values.setValue("dpi", 10), QString("--dpi: 10 is outside 50..2400"));
        QCOMPARE(values.setValue("width", 100), QString());
        QCOMPARE(values.value("width").toDouble(), 100.0);
    }

    void failedSetKeepsThePreviousValue() {
        OptionValues values;
        QVERIFY(!values.isSet("dpi"));
        QCOMPARE(values.value("dpi").toDouble(), 300.0);  // the default
        QCOMPARE(values.set("dpi", "600"), QString());
        QVERIFY(!values.set("dpi", "9999").isEmpty());
        QCOMPARE(values.value("dpi").toDouble(), 600.0);
        QCOMPARE(values.explicitValues().size(), std::size_t(1));
        QVERIFY(!values.value("no-such-option").isValid());
    }

    void lengths() {
        QCOMPARE(parseLengthMm("85mm").value(), 85.0);
        QCOMPARE(parseLengthMm("1in").value(), 25.4);
        QCOMPARE(parseLengthMm("72pt").value(), 25.4);
        QCOMPARE(parseLengthMm(" 2.5CM ").value(), 25.0);
        QVERIFY(!parseLengthMm("").has_value());
        QVERIFY(!parseLengthMm("mm").has_value());
        QVERIFY(!parseLengthMm("1e999mm").has_value());
        QVERIFY(!parseLengthMm("3 feet").has_value());
    }

    void helpListsEveryOptionWithItsDefault() {
        const QString help = helpText();
        int helpColumn = -1;
        for (const OptionSpec& spec : optionTable()) {
            const QString flag = spec.type == OptionType::Bool ? "--[no-]" + spec.name : "--" + spec.name + " ";
            QVERIFY2(help.contains(flag), qPrintable(flag));
            const QString def = formatValue(spec, spec.defaultValue);
            QVERIFY2(help.contains("default " + (def.isEmpty() ? QString("\"\"") : def)), qPrintable(spec.name));
            // Help texts start in one column.
            const QString line = help.split('\n').filter("--" + (spec.type == OptionType::Bool ? "[no-]" : QString()) +
                                                         spec.name + (spec.type == OptionType::Bool ? "" : " "))
                                     .first();
            const QString start = spec.help.left(12);  // a help's closing ')' may merge with the details
            if (helpColumn < 0) helpColumn = static_cast<int>(line.indexOf(start));
            QCOMPARE(line.indexOf(start), helpColumn);
        }
        QVERIFY(help.contains("  --dpi DPI "));
        QVERIFY(help.contains("range 50..2400"));
        QVERIFY(help.contains("one of lif, if, ann"));
        QVERIFY(help.contains("neuron model (ann: ReLU, T = 1; default lif; one of lif, if, ann)\n"));
        QVERIFY(help.contains("Figure options:\n"));
        const QString figure = helpText({"figure"});
        QVERIFY(figure.contains("--dpi"));
        QVERIFY(!figure.contains("--layer"));
        QVERIFY(!figure.contains("View options"));
    }

    void completionIsValidBash() {
        const QString script = bashCompletion({"info", "run", "analyze v1", "analyze it", "demo"});
        QVERIFY(script.contains("--color-by"));
        for (const auto& mode : topospike::app::colorModes()) QVERIFY2(script.contains(mode.key), mode.key);
        QVERIFY(script.contains("complete -o filenames -F _topospike topospike topospike-cli"));
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath("topospike.bash");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(script.toUtf8());
        file.close();
        int exitCode = -1;
        const QString syntax = runBash("bash -n '" + path + "'", &exitCode);
        QVERIFY2(exitCode == 0, qPrintable(syntax));
    }

    void completionCompletes_data() {
        QTest::addColumn<QString>("words");  // the command line, the last word being completed
        QTest::addColumn<QString>("expected");
        QTest::newRow("choice") << "topospike --color-by or" << "orientation";
        QTest::newRow("choice all") << "topospike --neuron ''" << "lif if ann";
        QTest::newRow("flag") << "topospike --no-dec" << "--no-decay-input";
        QTest::newRow("flag prefix") << "topospike-cli run --v-r" << "--v-reset";
        QTest::newRow("command") << "topospike-cli an" << "analyze";
        QTest::newRow("subcommand") << "topospike-cli analyze v" << "v1";
        QTest::newRow("number value") << "topospike --dpi 3" << "";
        QTest::newRow("path value") << "topospike --image-set zz_none_" << "";
    }
    void completionCompletes() {
        QFETCH(QString, words);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile file(dir.filePath("topospike.bash"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bashCompletion({"info", "run", "analyze v1", "analyze it"}).toUtf8());
        file.close();
        const QString script = "cd '" + dir.path() + "' && source topospike.bash && COMP_WORDS=(" + words +
                               ") && COMP_CWORD=$((${#COMP_WORDS[@]} - 1)) && _topospike && echo \"${COMPREPLY[*]}\"";
        int exitCode = -1;
        const QString out = runBash(script, &exitCode);
        QCOMPARE(exitCode, 0);
        QCOMPARE(out, expected);
    }
};

QTEST_MAIN(TestOptions)
#include "test_options.moc"
