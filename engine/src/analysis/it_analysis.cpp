#include "topospike/analysis/it_analysis.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "topospike/analysis/tmap.hpp"

namespace topospike::analysis {

std::vector<Contrast> itContrasts(const ImageLabels& labels, std::vector<Contrast> user) {
    std::vector<Contrast> out;
    if (labels.hasFlocCategories()) out = domainContrasts();
    for (auto& c : user) out.push_back(std::move(c));
    if (out.empty())
        throw std::invalid_argument(
            "the labels do not hold the ten fLoc categories, so there is no default contrast: define one "
            "(name:on1,on2[/off1,off2])");
    for (std::size_t i = 0; i < out.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (contrastKey(out[i].name) == contrastKey(out[j].name))
                throw std::invalid_argument("two contrasts are named '" + out[i].name + "'");
    return out;
}

ItResult analyzeIt(const ResponseMatrix& responses, const ImageLabels& labels, std::span<const double> coordinates,
                   const ItParams& params, const StepProgressFn& progress, const CancelToken* cancel) {
    if (coordinates.size() != 2 * static_cast<std::size_t>(responses.units))
        throw std::invalid_argument("the positions have " + std::to_string(coordinates.size() / 2) +
                                    " units but the responses have " + std::to_string(responses.units));
    if (params.computePatches) params.patches.validate();
    ItResult r;
    r.params = params;
    if (r.params.contrasts.empty()) r.params.contrasts = itContrasts(labels, {});
    r.units = responses.units;
    r.images = responses.images;
    r.imagesUsed = labels.images() - labels.excluded;

    std::vector<ResolvedContrast> resolved;
    for (const auto& c : r.params.contrasts) resolved.push_back(resolveContrast(c, labels));
    const std::int64_t C = static_cast<std::int64_t>(resolved.size());
    const std::int64_t steps = 1 + C * (params.computeSmoothness + params.computePatches) + params.computeOverlap;
    std::int64_t done = 0;
    auto step = [&] {
        if (cancel) cancel->check();
        if (progress) progress(++done, steps);
    };

    const CategoryStats stats = categoryStats(responses, labels, cancel);
    r.meanResponse = meanResponse(stats);
    r.unitsAboveMinResponse = unitsAboveMinResponse(r.meanResponse, params.smoothness.minResponse);
    std::vector<std::vector<double>> maps;
    for (const auto& c : resolved) {
        ContrastAnalysis a;
        a.contrast = c;
        a.t = tMap(stats, c);
        for (double v : a.t) a.nanUnits += std::isnan(v);
        maps.push_back(a.t);
        r.contrasts.push_back(std::move(a));
    }
    step();

    if (params.computeSmoothness)
        for (auto& a : r.contrasts) {
            a.smoothness = categorySmoothness(a.t, r.meanResponse, coordinates, params.smoothness, cancel);
            step();
        }
    if (params.computePatches) {
        const SmoothedGrid grid = smoothOnGrid(coordinates, maps, params.patches, cancel);
        for (std::size_t i = 0; i < r.contrasts.size(); ++i) {
            r.contrasts[i].patches = findPatches(coordinates, grid, i, params.patches);
            step();
        }
    }
    if (params.computeOverlap) {
        r.correlation = mapCorrelation(maps);
        r.colocalization = colocalization(coordinates, maps, params.colocalization);
        step();
    }
    return r;
}

}  // namespace topospike::analysis
