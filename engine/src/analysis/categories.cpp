#include "topospike/analysis/categories.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <stdexcept>

#include "topospike/analysis/csv_table.hpp"
#include "topospike/error.hpp"

namespace topospike::analysis {
namespace {

std::string trim(std::string_view s) {
    std::size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
    return std::string(s.substr(a, b - a));
}

std::vector<std::string> splitNames(std::string_view list, std::string_view spec) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = list.find(',', start);
        std::string name = trim(list.substr(start, comma == std::string_view::npos ? list.npos : comma - start));
        if (name.empty())
            throw std::invalid_argument("contrast '" + std::string(spec) + "': empty category name in the list");
        if (std::find(out.begin(), out.end(), name) != out.end())
            throw std::invalid_argument("contrast '" + std::string(spec) + "': category '" + name + "' is listed twice");
        out.push_back(std::move(name));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return out;
}

// Distinct colours for user contrasts (none of the domain colours).
constexpr std::array<const char*, 8> kPalette{"#7B3FBF", "#E377C2", "#17BECF", "#8C564B",
                                              "#BCBD22", "#FF7F0E", "#1F3A93", "#7F7F7F"};

std::string joined(const std::vector<std::string>& names) {
    std::string s;
    for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
    return s;
}

}  // namespace

std::vector<Contrast> domainContrasts() {
    return {
        {"Faces", "#D43328", {"adult", "child"}, {}},
        {"Bodies", "#E8B631", {"body", "limb"}, {}},
        {"Characters", "#4B2021", {"word", "number"}, {}},
        {"Places", "#20913E", {"house", "corridor"}, {}},
        {"Objects", "#33B0FF", {"car", "instrument"}, {}},
    };
}

Contrast parseContrast(std::string_view spec, int index) {
    const std::string quoted = "contrast '" + std::string(spec) + "'";
    const std::size_t colon = spec.find(':');
    if (colon == std::string_view::npos)
        throw std::invalid_argument(quoted + ": expected name:on1,on2[/off1,off2]");
    Contrast c;
    c.name = trim(spec.substr(0, colon));
    const bool nameOk = !c.name.empty() && c.name.size() <= 40 && std::isalpha(static_cast<unsigned char>(c.name[0])) &&
                        std::all_of(c.name.begin(), c.name.end(), [](unsigned char ch) {
                            return std::isalnum(ch) || ch == '_' || ch == '-';
                        });
    if (!nameOk)
        throw std::invalid_argument(quoted +
                                    ": the name must start with a letter and hold only letters, digits, '_' or '-' "
                                    "(at most 40)");
    const std::string_view rest = spec.substr(colon + 1);
    const std::size_t slash = rest.find('/');
    c.on = splitNames(rest.substr(0, slash), spec);
    if (slash != std::string_view::npos) {
        if (rest.find('/', slash + 1) != std::string_view::npos)
            throw std::invalid_argument(quoted + ": more than one '/'");
        c.off = splitNames(rest.substr(slash + 1), spec);
    }
    for (const auto& n : c.on)
        if (std::find(c.off.begin(), c.off.end(), n) != c.off.end())
            throw std::invalid_argument(quoted + ": category '" + n + "' is both on and off");
    c.color = kPalette[static_cast<std::size_t>(std::max(index, 0)) % kPalette.size()];
    return c;
}

std::int32_t ImageLabels::find(std::string_view name) const {
    for (std::size_t i = 0; i < categories.size(); ++i)
        if (categories[i] == name) return static_cast<std::int32_t>(i);
    return -1;
}

bool ImageLabels::hasFlocCategories() const {
    for (auto c : stimuli::kFlocCategories)
        if (c != stimuli::kScrambledCategory && find(c) < 0) return false;
    return true;
}

ImageLabels labelsFromNames(const std::vector<std::string>& names, bool dropScrambled, std::string source) {
    ImageLabels labels;
    labels.source = std::move(source);
    std::vector<std::string> kept;
    for (const auto& n : names) {
        if (n.empty()) throw std::invalid_argument("an image has an empty category name");
        if (!(dropScrambled && n == stimuli::kScrambledCategory)) kept.push_back(n);
    }
    labels.categories = stimuli::orderCategories(kept);
    std::map<std::string, std::int32_t> index;
    for (std::size_t i = 0; i < labels.categories.size(); ++i)
        index[labels.categories[i]] = static_cast<std::int32_t>(i);
    labels.category.reserve(names.size());
    for (const auto& n : names) {
        const auto it = index.find(n);
        const bool excluded = it == index.end();
        labels.category.push_back(excluded ? -1 : it->second);
        labels.excluded += excluded;
    }
    return labels;
}

ImageLabels labelsFromCsv(const std::filesystem::path& csv, bool dropScrambled) {
    const CsvTable table = readCsvTable(csv);
    const std::size_t col = table.requireColumn({"category"});
    std::vector<std::string> names;
    names.reserve(table.rows.size());
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const std::string& name = table.rows[r][col];
        if (name.empty())
            throw FileError(table.source, "line " + std::to_string(table.lines[r]) + ": empty category name");
        names.push_back(name);
    }
    if (names.empty()) throw FileError(table.source, "no image rows under the header");
    return labelsFromNames(names, dropScrambled, table.source);
}

ImageLabels labelsFromImageSet(const stimuli::ImageSet& set, bool dropScrambled) {
    std::vector<std::string> names;
    names.reserve(set.images.size());
    for (const auto& im : set.images) names.push_back(im.category);
    return labelsFromNames(names, dropScrambled, set.folder.string());
}

ResolvedContrast resolveContrast(const Contrast& contrast, const ImageLabels& labels) {
    const std::string quoted = "contrast '" + contrast.name + "'";
    if (contrast.on.empty()) throw std::invalid_argument(quoted + ": no 'on' category");
    ResolvedContrast r;
    r.contrast = contrast;
    auto indexOf = [&](const std::string& name) {
        const std::int32_t i = labels.find(name);
        if (i < 0)
            throw std::invalid_argument(quoted + ": unknown category '" + name + "' (the labels have: " +
                                        joined(labels.categories) + ")");
        return i;
    };
    for (const auto& n : contrast.on) r.on.push_back(indexOf(n));
    if (contrast.off.empty()) {
        r.contrast.off.clear();
        for (std::size_t i = 0; i < labels.categories.size(); ++i) {
            const auto idx = static_cast<std::int32_t>(i);
            if (std::find(r.on.begin(), r.on.end(), idx) == r.on.end()) {
                r.off.push_back(idx);
                r.contrast.off.push_back(labels.categories[i]);
            }
        }
    } else {
        for (const auto& n : contrast.off) {
            const std::int32_t i = indexOf(n);
            if (std::find(r.on.begin(), r.on.end(), i) != r.on.end())
                throw std::invalid_argument(quoted + ": category '" + n + "' is both on and off");
            r.off.push_back(i);
        }
    }
    if (r.off.empty()) throw std::invalid_argument(quoted + ": no 'off' category left to compare with");
    std::vector<int> role(labels.categories.size(), 0);
    for (auto i : r.on) role[static_cast<std::size_t>(i)] = 1;
    for (auto i : r.off) role[static_cast<std::size_t>(i)] = 2;
    for (auto c : labels.category) {
        if (c < 0) continue;
        r.onImages += role[static_cast<std::size_t>(c)] == 1;
        r.offImages += role[static_cast<std::size_t>(c)] == 2;
    }
    if (r.onImages == 0 || r.offImages == 0)
        throw std::invalid_argument(quoted + ": no image on its " + (r.onImages == 0 ? "'on'" : "'off'") + " side");
    return r;
}

std::string contrastKey(std::string_view name) {
    std::string key(name);
    for (auto& ch : key) ch = ch == '-' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return key;
}

}  // namespace topospike::analysis
