#include "cli/recording_writer.hpp"

#include <cstring>
#include <stdexcept>
#include <deque>

#include "topospike/io/npy.hpp"

namespace topospike::cli {

void RecordingWriter::add(const run::ImageResult& r) {
    for (const auto& l : r.layers) {
        auto [it, fresh] = layers_.try_emplace(l.name());
        Layer& a = it->second;
        const std::vector<std::int64_t> shape{l.timesteps(), l.channels(), l.height(), l.width()};
        if (fresh) {
            order_.push_back(l.name());
            a.shape = shape;
        } else if (shape != a.shape) {
            throw std::invalid_argument("layer '" + l.name() + "' differs in shape between stimuli (images of different "
                                        "sizes after preprocessing): crop them to one size, or use --record-dir");
        }
        if (l.isExactAsUint8() && a.exact) {
            const auto b = l.toUint8();
            a.bytes.insert(a.bytes.end(), b.begin(), b.end());
        } else {
            if (a.exact) {  // switch the whole array to float32
                a.floats.assign(a.bytes.begin(), a.bytes.end());
                a.bytes.clear();
                a.bytes.shrink_to_fit();
                a.exact = false;
            }
            const auto f = l.toFloat();
            a.floats.insert(a.floats.end(), f.begin(), f.end());
        }
    }
    logits_.insert(logits_.end(), r.logits.begin(), r.logits.end());
    logitsT_.insert(logitsT_.end(), r.logitsPerStep.begin(), r.logitsPerStep.end());
    classes_ = static_cast<std::int64_t>(r.logits.size());
    if (classes_ > 0) T_ = static_cast<std::int64_t>(r.logitsPerStep.size()) / classes_;
    ++count_;
}

void RecordingWriter::write(const std::filesystem::path& path, bool leadingAxis) const {
    std::deque<Tensor> store;  // NpzMember points into it
    std::vector<io::NpzMember> members;
    auto withAxis = [&](std::vector<std::int64_t> shape) {
        if (leadingAxis || count_ > 1) shape.insert(shape.begin(), count_);
        return shape;
    };
    for (const auto& name : order_) {
        const Layer& a = layers_.at(name);
        Tensor& t = store.emplace_back(a.exact ? DType::U8 : DType::F32, withAxis(a.shape));
        if (a.exact)
            std::memcpy(t.bytes().data(), a.bytes.data(), a.bytes.size());
        else
            std::memcpy(t.bytes().data(), a.floats.data(), a.floats.size() * sizeof(float));
        members.emplace_back(name, t);
    }
    if (classes_ > 0) {
        Tensor& l = store.emplace_back(DType::F32, withAxis({classes_}));
        std::memcpy(l.bytes().data(), logits_.data(), logits_.size() * sizeof(float));
        members.emplace_back("logits", l);
        Tensor& lt = store.emplace_back(DType::F32, withAxis({T_, classes_}));
        std::memcpy(lt.bytes().data(), logitsT_.data(), logitsT_.size() * sizeof(float));
        members.emplace_back("logits_t", lt);
    }
    io::writeNpz(path, members);
}

}  // namespace topospike::cli
