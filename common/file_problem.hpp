#pragma once
// One thing wrong with an editor's data file (an article set, a social map): what `kb check`
// and `map check` print, one line each.
#include <string>
#include <string_view>

namespace advieslijn {

// Empty parts are unknown or not applicable.
struct FileProblem {
    std::string file;
    std::string id;
    std::string field;
    std::string message;
};

// "FILE: KIND 'ID': field 'FIELD': MESSAGE"; `no_file` stands in for a problem of the whole set.
inline std::string describe(const FileProblem& p, std::string_view kind, std::string_view no_file) {
    std::string line = p.file.empty() ? std::string(no_file) : p.file;
    if (!p.id.empty()) line += ": " + std::string(kind) + " '" + p.id + "'";
    if (!p.field.empty()) line += ": field '" + p.field + "'";
    line += ": " + p.message;
    return line;
}

}  // namespace advieslijn
