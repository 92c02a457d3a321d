#include "gateway/static_files.hpp"

#include <fmt/format.h>

#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>

namespace advieslijn::gateway {

namespace {

std::string content_type_for(const std::filesystem::path& p) {
    static const std::map<std::string, std::string> types = {
        {".html", "text/html; charset=utf-8"},  {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},          {".svg", "image/svg+xml"},
        {".png", "image/png"},                  {".ico", "image/x-icon"},
        {".txt", "text/plain; charset=utf-8"},  {".woff2", "font/woff2"}};
    auto it = types.find(p.extension().string());
    return it == types.end() ? "application/octet-stream" : it->second;
}

}  // namespace

void StaticFiles::load() {
    auto files = std::make_shared<Files>();
    if (!std::filesystem::is_directory(dir_))
        throw std::runtime_error(dir_.string() + ": static_dir is not a directory");
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_)) {
        if (!entry.is_regular_file()) continue;
        const auto rel = std::filesystem::relative(entry.path(), dir_);
        // Nothing hidden and nothing from a node_modules folder is served.
        bool hidden = false;
        for (const auto& part : rel) {
            const std::string s = part.string();
            if (s.starts_with(".") || s == "node_modules") hidden = true;
        }
        if (hidden) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        if (!in) throw std::runtime_error(entry.path().string() + ": cannot be read");
        std::stringstream ss;
        ss << in.rdbuf();
        File f{ss.str(), content_type_for(entry.path()), {}};
        f.etag = fmt::format("\"{:x}-{:x}\"", std::hash<std::string>{}(f.content), f.content.size());
        (*files)["/" + rel.generic_string()] = std::move(f);
    }
    files_.store(std::move(files));
}

void StaticFiles::add_routes(Router& router) {
    auto current = files();
    if (!current) return;
    auto serve = [this](std::string path) -> Handler {
        return [this, path](RequestContext& ctx) -> boost::asio::awaitable<Response> {
            auto all = files();
            auto it = all->find(path);
            if (it == all->end())
                co_return json_error(http::status::not_found, "not_found", "No such file.");
            const File& f = it->second;
            if (ctx.request[http::field::if_none_match] == f.etag) {
                Response res{http::status::not_modified, 11};
                res.set(http::field::etag, f.etag);
                co_return res;
            }
            Response res{http::status::ok, 11};
            res.set(http::field::content_type, f.content_type);
            res.set(http::field::etag, f.etag);
            res.set(http::field::cache_control, "no-cache");
            res.body() = f.content;
            co_return res;
        };
    };
    for (const auto& [path, file] : *current) router.add(http::verb::get, path, serve(path));
    if (current->count("/index.html")) router.add(http::verb::get, "/", serve("/index.html"));
}

}  // namespace advieslijn::gateway
