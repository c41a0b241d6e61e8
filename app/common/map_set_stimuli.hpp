#pragma once
// The stimuli of a map set and their labels (internal to the map-set code). Inputs are made on demand, a chunk at
// a time, so a large image set never sits in memory as network input all at once.

#include <cstdint>
#include <string>
#include <vector>

#include "common/map_set.hpp"
#include "topospike/analysis/categories.hpp"
#include "topospike/analysis/grating_labels.hpp"
#include "topospike/stimuli/gratings.hpp"
#include "topospike/stimuli/image_set.hpp"

namespace topospike::app {

class MapStimuli {
public:
    /// Lists the set: TDANN's gratings, or the labelled image folder (scrambled fLoc images left out). Throws
    /// FileError for an unreadable folder or first image, std::invalid_argument for bad options.
    explicit MapStimuli(const StimulusSetSpec& spec);

    StimulusSetSpec::Kind kind() const noexcept { return kind_; }
    /// MapSet::stimulusSet: "tdann-gratings" or the folder.
    const std::string& name() const noexcept { return name_; }
    std::int64_t size() const noexcept { return size_; }
    /// Network input size every stimulus has after preprocessing.
    int height() const noexcept { return height_; }
    int width() const noexcept { return width_; }

    /// Stimuli [first, first + count) as network input. Throws FileError naming an image that cannot be read or
    /// has another size after preprocessing than the first.
    std::vector<stimuli::InputImage> inputs(std::int64_t first, std::int64_t count) const;

    /// Labels for the analyses: the gratings' (Kind::Gratings), the images' categories (Kind::ImageFolder).
    const analysis::GratingLabels& gratingLabels() const noexcept { return gratingLabels_; }
    const analysis::ImageLabels& imageLabels() const noexcept { return imageLabels_; }

private:
    stimuli::InputImage input(std::int64_t i) const;

    StimulusSetSpec::Kind kind_;
    std::string name_;
    std::int64_t size_ = 0;
    int height_ = 0, width_ = 0;
    stimuli::PreprocessOptions preprocess_;
    std::vector<stimuli::GratingStimulus> gratings_;
    stimuli::ImageSet images_;
    analysis::GratingLabels gratingLabels_;
    analysis::ImageLabels imageLabels_;
};

}  // namespace topospike::app
