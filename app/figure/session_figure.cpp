#include "figure/session_figure.hpp"

#include <QStringList>
#include <stdexcept>

#include "common/map_cache.hpp"
#include "common/open_model.hpp"
#include "figure/figure_scene.hpp"
#include "options/option_settings.hpp"
#include "topospike/demo/demo_network.hpp"
#include "topospike/run/simulator.hpp"
#include "topospike/stimuli/gratings.hpp"

namespace topospike::figure {
namespace {

using options::OptionValues;

double num(const OptionValues& o, const char* name) { return o.value(name).toDouble(); }
QString text(const OptionValues& o, const char* name) { return o.value(name).toString(); }

app::ColorRequest colorRequest(const OptionValues& o) {
    app::ColorRequest c;
    const auto mode = app::parseColorMode(text(o, "color-by").toStdString());
    if (!mode) throw std::invalid_argument("--color-by: unknown mode '" + text(o, "color-by").toStdString() + "'");
    c.mode = *mode;
    const QString cmap = text(o, "colormap");
    if (cmap.compare("auto", Qt::CaseInsensitive) != 0) c.colormap = cmap.toStdString();
    c.maskPercentile = num(o, "mask-percentile");
    return c;
}

std::optional<std::array<double, 4>> zoomWindow(const OptionValues& o) {
    const QString z = text(o, "zoom-window").trimmed();
    if (z.isEmpty()) return std::nullopt;
    const QStringList parts = z.split(',');
    std::array<double, 4> w{};
    for (int i = 0; i < 4; ++i) w[static_cast<std::size_t>(i)] = parts[i].toDouble();
    return w;
}

Figure page(const OptionValues& o) {
    Figure f;
    f.title = text(o, "title");
    f.columns = o.value("columns").toInt();
    f.widthMm = num(o, "width");
    f.heightMm = num(o, "height");
    f.dpi = num(o, "dpi");
    f.vectorPoints = o.value("vector").toBool();
    f.background = text(o, "background").compare("transparent", Qt::CaseInsensitive) == 0 ? Background::Transparent
                                                                                          : Background::White;
    f.fontPt = num(o, "font-size");
    return f;
}

stimuli::Image liveStimulus(const OptionValues& o, int size) {
    if (options::imageStimulus(o)) {
        const QString file = text(o, "image");
        if (file.isEmpty()) throw std::invalid_argument("--stimulus image needs --image FILE");
        return stimuli::readImage(file.toStdString());
    }
    const stimuli::GratingSpec g = options::gratingSpec(o, size);
    g.validate();
    return stimuli::makeGrating(g);
}

struct ModelMaps {
    app::OpenModel model;
    std::optional<app::MapSet> gratings, categories;
    std::optional<run::ImageResult> live;
};

ModelMaps prepare(const options::Session& s, const StepProgressFn& progress, const CancelToken* cancel,
                  std::vector<std::string>& notes) {
    const OptionValues& o = s.options;
    ModelMaps m;
    const std::filesystem::path checkpoint =
        s.checkpoint.empty() ? demo::ensureDemo({}, {}, cancel) / demo::kDemoCheckpointName : s.checkpoint;
    m.model = app::openModel(checkpoint, s.positions.empty() ? std::nullopt : std::optional(s.positions));
    notes.push_back(m.model.positionsNote);
    const run::RunOptions run = options::runOptions(o);
    const app::ColorRequest color = colorRequest(o);
    const auto& info = app::colorModeInfo(color.mode);
    const bool images = text(o, "stimuli").compare("images", Qt::CaseInsensitive) == 0;
    const bool wantsSet = info.needsGratingMaps || info.needsCategoryMaps ||
                          ((color.mode == app::ColorMode::FiringRate || color.mode == app::ColorMode::Entropy) &&
                           o.isSet("stimuli"));
    if (wantsSet) {
        app::StimulusSetSpec spec;
        if (info.needsCategoryMaps || (images && !info.needsGratingMaps)) {
            spec.kind = app::StimulusSetSpec::Kind::ImageFolder;
            spec.folder = text(o, "image-set").toStdString();
            if (spec.folder.empty()) throw std::invalid_argument("--color-by " + std::string(info.key) +
                                                                 " needs a labelled image set: --image-set DIR");
            spec.preprocess.resize = m.model.inputSize;
            spec.preprocess.crop = m.model.inputSize;
        } else {
            spec.gratingSize = m.model.inputSize;
        }
        const std::string key = app::mapSetKey(m.model.checkpoint, m.model.positionsPath, run, spec);
        auto got = app::obtainMapSet(m.model.network, m.model.positions, run, spec, key, true, progress, cancel);
        notes.push_back(std::string(got.fromCache ? "maps from the cache: " : "maps computed and cached: ") +
                        app::mapCachePath(key).string());
        (spec.kind == app::StimulusSetSpec::Kind::ImageFolder ? m.categories : m.gratings) = std::move(got.maps);
    }
    if (info.perTimestep || !wantsSet) {
        stimuli::PreprocessOptions pre;
        pre.resize = m.model.inputSize;
        pre.crop = m.model.inputSize;
        run::RunOptions live = run;
        live.recordMembrane = true;
        m.live = run::Simulator(m.model.network, live).run(stimuli::preprocess(liveStimulus(o, m.model.inputSize), pre),
                                                           cancel);
    }
    return m;
}

std::vector<std::string> layersOf(const OptionValues& o, const app::OpenModel& model) {
    const QString l = text(o, "layer").trimmed();
    std::vector<std::string> out;
    if (l.compare("all", Qt::CaseInsensitive) == 0) {
        for (const auto& p : model.positions.layers) out.push_back(p.name);
        return out;
    }
    for (const QString& part : l.split(',', Qt::SkipEmptyParts)) out.push_back(part.trimmed().toStdString());
    return out;
}

}  // namespace

SessionFigure composeSessionFigure(const options::Session& session, const std::vector<options::Session>& extra,
                                   const StepProgressFn& progress, const CancelToken* cancel) {
    SessionFigure out;
    out.figure = page(session.options);
    std::vector<const options::Session*> all{&session};
    for (const auto& e : extra) all.push_back(&e);
    std::size_t layersPerModel = 0;
    for (const options::Session* s : all) {
        ModelMaps m = prepare(*s, progress, cancel, out.notes);
        MapFigureRequest r;
        r.layers = layersOf(session.options, m.model);
        layersPerModel = r.layers.size();
        r.color = colorRequest(session.options);
        r.color.timestep = session.options.value("timestep").toInt();
        if (r.color.timestep < 0 && m.live) r.color.timestep = m.live->layers.empty() ? 0 : m.live->layers.front().timesteps() - 1;
        r.vThreshold = num(s->options, "v-threshold");
        r.zoomPercent = zoomWindow(session.options);
        r.colorbar = session.options.value("colorbar").toBool();
        r.scaleBar = session.options.value("scale-bar").toBool();
        r.scaleBarMm = num(session.options, "scale-bar-mm");
        r.pointSizeMm = num(session.options, "point-size");
        if (m.categories) {
            const QString contrast = text(session.options, "contrast");
            for (std::size_t i = 0; i < m.categories->contrasts.size(); ++i)
                if (QString::fromStdString(m.categories->contrasts[i]).compare(contrast, Qt::CaseInsensitive) == 0)
                    r.color.contrast = static_cast<int>(i);
        }
        const std::size_t before = out.figure.panels.size();
        addMapPanels(out.figure, m.model, m.gratings ? &*m.gratings : nullptr, m.categories ? &*m.categories : nullptr,
                     m.live ? &*m.live : nullptr, r);
        if (all.size() > 1)
            for (std::size_t i = before; i < out.figure.panels.size(); ++i)
                out.figure.panels[i].map->title = QString::fromStdString(m.model.checkpoint.stem().string()) + " · " +
                                                  out.figure.panels[i].map->title;
    }
    if (all.size() > 1 && out.figure.columns == 0) out.figure.columns = static_cast<int>(layersPerModel);
    return out;
}

SessionFigure composeSessionChart(const options::Session& session, const ChartRequest& request,
                                  const StepProgressFn& progress, const CancelToken* cancel) {
    // The colour mode whose data the chart draws decides what prepare() computes: the live run for a raster (and
    // for correlation, which runs the gratings itself), the image set's maps for entropy over images, the grating
    // maps otherwise.
    options::Session s = session;
    const bool images = text(s.options, "stimuli").compare("images", Qt::CaseInsensitive) == 0;
    const bool live = request.kind == FigureKind::Raster || request.kind == FigureKind::Correlation;
    const char* mode = live                                              ? "spikes"
                       : request.kind == FigureKind::Entropy && images ? "entropy"
                                                                        : "orientation";
    if (const QString error = s.options.set("color-by", mode); !error.isEmpty()) throw std::invalid_argument(error.toStdString());
    SessionFigure out;
    out.figure = page(session.options);
    ModelMaps m = prepare(s, progress, cancel, out.notes);
    ChartRequest r = request;
    r.layers = layersOf(session.options, m.model);
    if (request.kind == FigureKind::Correlation) {
        addCorrelationPanels(out.figure, m.model, options::runOptions(s.options), r, progress, cancel);
        return out;
    }
    const app::MapSet* maps = m.gratings ? &*m.gratings : m.categories ? &*m.categories : nullptr;
    addChartPanels(out.figure, m.model, maps, m.live ? &*m.live : nullptr, r);
    return out;
}

app::MapSet sessionMapSet(const options::Session& session, std::vector<std::string>& notes,
                          const StepProgressFn& progress, const CancelToken* cancel) {
    options::Session s = session;
    const bool images = text(s.options, "stimuli").compare("images", Qt::CaseInsensitive) == 0;
    if (const QString error = s.options.set("color-by", images ? "categories" : "orientation"); !error.isEmpty())
        throw std::invalid_argument(error.toStdString());
    ModelMaps m = prepare(s, progress, cancel, notes);
    return std::move(images ? *m.categories : *m.gratings);
}

}  // namespace topospike::figure
