#include "common/map_set_stimuli.hpp"

#include <stdexcept>

#include "topospike/error.hpp"

namespace topospike::app {

MapStimuli::MapStimuli(const StimulusSetSpec& spec) : kind_(spec.kind) {
    if (kind_ == StimulusSetSpec::Kind::Gratings) {
        // As `topospike-cli run --gratings tdann` presents them at this size: rendered, ImageNet-normalised.
        if (spec.gratingSize < 1 || spec.gratingSize > 8192)
            throw std::invalid_argument("map set: grating size must be 1..8192 (got " +
                                        std::to_string(spec.gratingSize) + ")");
        name_ = "tdann-gratings";
        gratings_ = stimuli::tdannGratingSet(spec.gratingSize);
        gratingLabels_ = analysis::gratingLabels(gratings_);
        gratingLabels_.source = name_;
        preprocess_.resize = spec.gratingSize;
        preprocess_.crop = spec.gratingSize;
        size_ = static_cast<std::int64_t>(gratings_.size());
        height_ = width_ = spec.gratingSize;
        return;
    }
    name_ = spec.folder.string();
    preprocess_ = spec.preprocess;
    images_ = stimuli::scanImageSet(spec.folder);
    imageLabels_ = analysis::labelsFromImageSet(images_);
    size_ = static_cast<std::int64_t>(images_.images.size());
    const stimuli::InputImage first = input(0);
    height_ = first.height;
    width_ = first.width;
}

stimuli::InputImage MapStimuli::input(std::int64_t i) const {
    if (kind_ == StimulusSetSpec::Kind::Gratings)
        return stimuli::gratingInput(gratings_[static_cast<std::size_t>(i)].spec, preprocess_);
    const auto& path = images_.images[static_cast<std::size_t>(i)].path;
    try {
        return stimuli::readInputImage(path, preprocess_);
    } catch (const std::invalid_argument& e) {  // options that do not fit this image (a crop larger than it)
        throw FileError(path.string(), e.what());
    }
}

std::vector<stimuli::InputImage> MapStimuli::inputs(std::int64_t first, std::int64_t count) const {
    std::vector<stimuli::InputImage> out;
    out.reserve(static_cast<std::size_t>(count));
    for (std::int64_t i = first; i < first + count; ++i) {
        out.push_back(input(i));
        const auto& in = out.back();
        if (in.height != height_ || in.width != width_)
            throw FileError(images_.images[static_cast<std::size_t>(i)].path.string(),
                            "is " + std::to_string(in.width) + "x" + std::to_string(in.height) +
                                " after preprocessing, the set's first image " + std::to_string(width_) + "x" +
                                std::to_string(height_) + " (set a crop size)");
    }
    return out;
}

}  // namespace topospike::app
