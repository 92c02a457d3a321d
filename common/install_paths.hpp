#pragma once
// Where an installed `advieslijn` finds its data: `cmake --install` puts the binary in
// <prefix>/<bindir> and the data (config, web pages, articles, routing data, social map) in
// <prefix>/<datadir>/advieslijn. A binary run from the build tree has no such folder and
// keeps using the source tree's files.
#include <filesystem>
#include <optional>

namespace advieslijn {

// <prefix>/<datadir>/advieslijn when the running binary sits in <prefix>/<bindir> and that
// folder exists; nullopt otherwise (a build-tree binary, or /proc not mounted).
std::optional<std::filesystem::path> installed_data_dir();

}  // namespace advieslijn
