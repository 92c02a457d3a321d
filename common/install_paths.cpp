#include "common/install_paths.hpp"

#ifndef ADVIESLIJN_INSTALL_BINDIR
#error "ADVIESLIJN_INSTALL_BINDIR comes from GNUInstallDirs (common/CMakeLists.txt)"
#endif

namespace advieslijn {

std::optional<std::filesystem::path> installed_data_dir() {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path exe = fs::canonical("/proc/self/exe", ec);
    if (ec) return std::nullopt;
    // The prefix is the binary's folder less as many levels as the relative bindir has
    // ("bin" → one), so a --prefix chosen at install time is followed without a rebuild.
    const fs::path bindir = ADVIESLIJN_INSTALL_BINDIR;
    if (bindir.is_absolute()) return std::nullopt;
    fs::path prefix = exe.parent_path();
    for (const auto& part : bindir) {
        if (part.empty() || part == ".") continue;
        prefix = prefix.parent_path();
    }
    fs::path data = prefix / ADVIESLIJN_INSTALL_DATADIR / "advieslijn";
    if (!fs::is_directory(data, ec)) return std::nullopt;
    return data;
}

}  // namespace advieslijn
