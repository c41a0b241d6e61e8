#include "topospike/stimuli/image_set.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <system_error>

#include "topospike/error.hpp"

namespace topospike::stimuli {
namespace fs = std::filesystem;

namespace {

bool hidden(const fs::path& p) {
    const std::string name = p.filename().string();
    return !name.empty() && name.front() == '.';
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

FileError folderError(const fs::path& folder, const std::string& reason) { return FileError(folder.string(), reason); }

// Regular image files directly in `dir` (not hidden), and the visible sub-folders.
void listFolder(const fs::path& dir, std::vector<fs::path>& images, std::vector<fs::path>& subfolders) {
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) throw folderError(dir, "cannot read the folder (" + ec.message() + ")");
    for (const fs::directory_iterator end; it != end; it.increment(ec)) {
        if (ec) throw folderError(dir, "cannot read the folder (" + ec.message() + ")");
        const fs::path& p = it->path();
        if (hidden(p)) continue;
        std::error_code typeEc;
        if (it->is_directory(typeEc)) {
            subfolders.push_back(p);
        } else if (it->is_regular_file(typeEc) && isImageFileName(p)) {
            images.push_back(p);
        }
    }
    if (ec) throw folderError(dir, "cannot read the folder (" + ec.message() + ")");
}

// Every visible image file below `dir`, at any depth.
void collectImages(const fs::path& dir, std::vector<fs::path>& images) {
    std::vector<fs::path> here, subs;
    listFolder(dir, here, subs);
    images.insert(images.end(), here.begin(), here.end());
    for (const auto& s : subs) collectImages(s, images);
}

bool byPath(const LabelledImage& a, const LabelledImage& b) {
    return a.path.generic_string() < b.path.generic_string();
}

}  // namespace

bool isImageFileName(const fs::path& path) {
    const std::string ext = lower(path.extension().string());
    return ext == ".png" || ext == ".jpg" || ext == ".jpeg";
}

std::string flocPrefixCategory(const fs::path& path) {
    const std::string stem = path.stem().string();
    return stem.substr(0, stem.find('-'));
}

std::vector<std::string> orderCategories(std::vector<std::string> names) {
    auto rank = [](const std::string& n) {
        const auto it = std::find(kFlocCategories.begin(), kFlocCategories.end(), n);
        return static_cast<int>(it - kFlocCategories.begin());  // kFlocCategories.size() when not fLoc's
    };
    std::sort(names.begin(), names.end(), [&](const std::string& a, const std::string& b) {
        const int ra = rank(a), rb = rank(b);
        return ra != rb ? ra < rb : a < b;
    });
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
}

std::vector<std::int32_t> ImageSet::categoryIndices() const {
    std::map<std::string, std::int32_t> index;
    for (std::size_t i = 0; i < categories.size(); ++i) index[categories[i]] = static_cast<std::int32_t>(i);
    std::vector<std::int32_t> out;
    out.reserve(images.size());
    for (const auto& im : images) out.push_back(index.at(im.category));
    return out;
}

ImageSet scanImageSet(const fs::path& folder, const ImageSetOptions& options) {
    std::error_code ec;
    if (!fs::exists(folder, ec)) throw folderError(folder, "no such folder");
    if (!fs::is_directory(folder, ec)) throw folderError(folder, "is not a folder (expected a folder of images)");

    std::vector<fs::path> topImages, subfolders;
    listFolder(folder, topImages, subfolders);
    std::vector<std::pair<fs::path, std::vector<fs::path>>> nested;  // sub-folder → its images
    bool anyNested = false;
    if (options.source != CategorySource::FilePrefix) {
        for (const auto& s : subfolders) {
            std::vector<fs::path> images;
            collectImages(s, images);
            anyNested = anyNested || !images.empty();
            nested.emplace_back(s, std::move(images));
        }
    }

    ImageSet set;
    set.folder = folder;
    set.source = options.source;
    if (set.source == CategorySource::Auto) {
        if (!topImages.empty() && anyNested)
            throw folderError(folder,
                              "holds images both directly and in sub-folders: say whether categories come from "
                              "sub-folder names or from file-name prefixes");
        set.source = anyNested ? CategorySource::SubFolder : CategorySource::FilePrefix;
    }

    std::vector<LabelledImage> all;
    if (set.source == CategorySource::SubFolder) {
        for (const auto& [sub, images] : nested)
            for (const auto& p : images) all.push_back({p, sub.filename().string()});
    } else {
        for (const auto& p : topImages) {
            std::string category = flocPrefixCategory(p);
            if (category.empty()) throw FileError(p.string(), "the file name gives no category (nothing before '-')");
            all.push_back({p, std::move(category)});
        }
    }
    if (all.empty())
        throw folderError(folder, set.source == CategorySource::SubFolder
                                      ? "holds no image (.png, .jpg, .jpeg) in any sub-folder"
                                      : "holds no image (.png, .jpg, .jpeg)");

    std::sort(all.begin(), all.end(), byPath);
    std::vector<std::string> names;
    for (auto& im : all) {
        if (options.dropScrambled && im.category == kScrambledCategory) {
            ++set.droppedScrambled;
            continue;
        }
        names.push_back(im.category);
        set.images.push_back(std::move(im));
    }
    if (set.images.empty()) throw folderError(folder, "holds only scrambled images, which are dropped");
    set.categories = orderCategories(std::move(names));
    return set;
}

}  // namespace topospike::stimuli
