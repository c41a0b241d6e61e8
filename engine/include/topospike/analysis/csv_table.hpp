#pragma once
/// @file csv_table.hpp
/// A small CSV reader for stimulus label tables: a header row, comma-separated cells, optional double quotes
/// (with "" for a quote inside), blank lines skipped, UTF-8 BOM tolerated. Errors name the file and line.

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace topospike::analysis {

struct CsvTable {
    std::string source;                          ///< file name, for messages
    std::vector<std::string> header;             ///< column names, trimmed
    std::vector<std::vector<std::string>> rows;  ///< every row has header.size() cells (trimmed)
    std::vector<int> lines;                      ///< the file line of each row, for messages

    /// Index of the first column whose name (case-insensitive) is one of `names`, or nullopt.
    std::optional<std::size_t> column(std::initializer_list<std::string_view> names) const;
    /// Like column() but throws FileError naming the expected column(s).
    std::size_t requireColumn(std::initializer_list<std::string_view> names) const;
    /// Cell (row, col) as a finite double; throws FileError naming file, line and column otherwise.
    double number(std::size_t row, std::size_t col) const;
};

/// Reads and checks a CSV table (at least a header; rows of the header's width). Throws FileError.
CsvTable readCsvTable(const std::filesystem::path& path);
/// Parses CSV text; `sourceName` names it in messages. Throws FileError.
CsvTable parseCsvTable(std::string_view text, const std::string& sourceName);

}  // namespace topospike::analysis
