#include "gateway/static_files.hpp"

#include <fmt/format.h>

#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string_view>

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

namespace {

constexpr const char* console_policy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

// Every page but the demo, which stands in for a municipality's own site embedding the widget
// (its inline style is the host page's business, as is framing it).
bool guarded_page(std::string_view path) {
    return path.ends_with(".html") && !path.starts_with("/demo/");
}

}  // namespace

void StaticFiles::add_routes(Router& router) {
    auto current = files();
    if (!current) return;
    auto serve = [this](std::string path) -> Handler {
        return [this, path](RequestContext& ctx) -> boost::asio::awaitable<Response> {
            // "/console" matches the "/console/" route too (the router ignores a trailing
            // slash), but the page's relative links need the slash: send the browser there.
            // The target is the folder as we know it, never the request's own path.
            if (path.ends_with("/index.html") && !ctx.path.ends_with('/') &&
                !ctx.path.ends_with(".html")) {
                Response res{http::status::moved_permanently, 11};
                res.set(http::field::location, path.substr(0, path.size() - 10));
                co_return res;
            }
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
            if (guarded_page(path)) {
                // The consoles show families' numbers and questions: only their own scripts
                // and styles run, nothing is loaded from elsewhere, and no other site may
                // frame them (clickjacking a "complete" or "cancel" button).
                res.set("Content-Security-Policy", console_policy);
                res.set("X-Frame-Options", "DENY");
                res.set("Referrer-Policy", "no-referrer");
                // A page they open cannot reach back into them through window.opener, and
                // nothing on them may ask for the camera, microphone, location or payment.
                res.set("Cross-Origin-Opener-Policy", "same-origin");
                res.set("Permissions-Policy",
                        "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
            }
            res.body() = f.content;
            co_return res;
        };
    };
    // A folder's index.html also answers at the folder itself: "/" and "/console/".
    constexpr std::string_view index = "index.html";
    for (const auto& [path, file] : *current) {
        router.add(http::verb::get, path, serve(path));
        if (path.ends_with(index))
            router.add(http::verb::get, path.substr(0, path.size() - index.size()), serve(path));
    }
}

}  // namespace advieslijn::gateway
