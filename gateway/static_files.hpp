#pragma once
// The web pages (widget, consoles) served from memory: read once at start-up and again on
// reload, so no file I/O happens on an I/O thread.
#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "gateway/router.hpp"

namespace advieslijn::gateway {

class StaticFiles {
public:
    struct File {
        std::string content;
        std::string content_type;
        std::string etag;
    };
    using Files = std::map<std::string, File, std::less<>>;  // by URL path, e.g. "/widget.js"

    explicit StaticFiles(std::filesystem::path dir) : dir_(std::move(dir)) {}

    // Reads every file under the directory (throws std::runtime_error when it cannot).
    void load();
    // Registers a GET route per file (and "/" for index.html).
    void add_routes(Router& router);
    std::shared_ptr<const Files> files() const { return files_.load(); }

private:
    std::filesystem::path dir_;
    std::atomic<std::shared_ptr<const Files>> files_;
};

}  // namespace advieslijn::gateway
