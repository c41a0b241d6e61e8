// Where the GUI keeps its autosaved session.
#include <cstdlib>

#include "options/session.hpp"

namespace topospike::options {

std::filesystem::path autosavePath() {
    if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state)
        return std::filesystem::path(state) / "topospike" / "autosave.json";
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home && *home ? home : ".") / ".local" / "state" / "topospike" / "autosave.json";
}

}  // namespace topospike::options
