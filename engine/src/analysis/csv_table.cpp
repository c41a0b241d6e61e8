#include "topospike/analysis/csv_table.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "topospike/error.hpp"

namespace topospike::analysis {
namespace {

std::string trim(std::string_view s) {
    std::size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
    return std::string(s.substr(a, b - a));
}

bool equalsNoCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

// Splits one record starting at `pos`; advances `pos` past its line end and `line` by the lines consumed.
std::vector<std::string> parseRecord(std::string_view text, std::size_t& pos, int& line, const std::string& source) {
    std::vector<std::string> cells;
    std::string cell;
    bool quoted = false, wasQuoted = false;
    const int startLine = line;
    while (pos < text.size()) {
        const char c = text[pos++];
        if (quoted) {
            if (c == '"') {
                if (pos < text.size() && text[pos] == '"') {
                    cell += '"';
                    ++pos;
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n') ++line;
                cell += c;
            }
        } else if (c == '"' && trim(cell).empty()) {
            quoted = wasQuoted = true;
            cell.clear();
        } else if (c == ',') {
            cells.push_back(wasQuoted ? cell : trim(cell));
            cell.clear();
            wasQuoted = false;
        } else if (c == '\n') {
            ++line;
            break;
        } else if (c != '\r') {
            cell += c;
        }
    }
    if (quoted) throw FileError(source, "unterminated quoted cell starting on line " + std::to_string(startLine));
    cells.push_back(wasQuoted ? cell : trim(cell));
    return cells;
}

}  // namespace

std::optional<std::size_t> CsvTable::column(std::initializer_list<std::string_view> names) const {
    for (std::size_t i = 0; i < header.size(); ++i)
        for (auto n : names)
            if (equalsNoCase(header[i], n)) return i;
    return std::nullopt;
}

std::size_t CsvTable::requireColumn(std::initializer_list<std::string_view> names) const {
    if (auto c = column(names)) return *c;
    std::string wanted;
    for (auto n : names) wanted += (wanted.empty() ? "'" : " or '") + std::string(n) + "'";
    std::string have;
    for (const auto& h : header) have += (have.empty() ? "" : ", ") + h;
    throw FileError(source, "no column " + wanted + " in the header (columns: " + have + ")");
}

double CsvTable::number(std::size_t row, std::size_t col) const {
    const std::string& s = rows.at(row).at(col);
    double v = 0.0;
    const char* end = s.data() + s.size();
    auto [p, ec] = std::from_chars(s.data(), end, v);
    if (ec != std::errc() || p != end || !std::isfinite(v))
        throw FileError(source, "line " + std::to_string(lines.at(row)) + ", column '" + header.at(col) +
                                    "': '" + s + "' is not a finite number");
    return v;
}

CsvTable parseCsvTable(std::string_view text, const std::string& sourceName) {
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    if (text.find('\0') != std::string_view::npos) throw FileError(sourceName, "is binary, not a CSV table");
    CsvTable t;
    t.source = sourceName;
    std::size_t pos = 0;
    int line = 1;
    bool haveHeader = false;
    while (pos < text.size()) {
        const int recordLine = line;
        auto cells = parseRecord(text, pos, line, sourceName);
        if (cells.size() == 1 && cells[0].empty()) continue;  // blank line
        if (!haveHeader) {
            for (const auto& c : cells)
                if (c.empty()) throw FileError(sourceName, "the header (line " + std::to_string(recordLine) + ") has an empty column name");
            t.header = std::move(cells);
            haveHeader = true;
            continue;
        }
        if (cells.size() != t.header.size())
            throw FileError(sourceName, "line " + std::to_string(recordLine) + " has " + std::to_string(cells.size()) +
                                            " cells, the header has " + std::to_string(t.header.size()));
        t.rows.push_back(std::move(cells));
        t.lines.push_back(recordLine);
    }
    if (!haveHeader) throw FileError(sourceName, "is empty: expected a header row");
    return t;
}

CsvTable readCsvTable(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw FileError(path.string(), "cannot be opened");
    std::ostringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    if (text.size() > (std::size_t{256} << 20)) throw FileError(path.string(), "is larger than 256 MB: not a label table");
    return parseCsvTable(text, path.string());
}

}  // namespace topospike::analysis
