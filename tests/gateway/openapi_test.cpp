// GET /v1/openapi.json: the served document is OpenAPI 3.0.3, byte for byte the file in the
// repository, and documents every route the router has. Runs a real App + Line in this
// process (so the router can be asked) on a free port, against a private redis-server.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "common/clock.hpp"
#include "common/config.hpp"
#include "gateway/app.hpp"
#include "gateway/line.hpp"
#include "tests/support/process.hpp"
#include "tests/support/redis_server.hpp"

using advieslijn::test::eventually;
using advieslijn::test::http_request;
using nlohmann::json;

namespace {

std::filesystem::path source_dir() {
    return std::getenv("ADVIESLIJN_SOURCE_DIR");
}

// Path templates compare without their parameter names: "/v1/callbacks/{id}" in the router
// and "/v1/callbacks/{task}" in the document are the same path.
std::string shape(const std::string& pattern) {
    static const std::regex param(R"(\{[^}]*\})");
    return std::regex_replace(pattern, param, "{}");
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Routes the document leaves out on purpose, each with the reason.
struct Undocumented {
    std::string reason;
    std::function<bool(const std::string& pattern, const std::string& method)> applies;
};

class OpenApi : public ::testing::Test {
  protected:
    void SetUp() override {
        auto env = [this](const std::string& name) -> std::optional<std::string> {
            if (name == "REDIS_URL") return redis_.url();
            if (name == "ADVIESLIJN_LISTEN") return "127.0.0.1:0";
            if (name == "ADVIESLIJN_THREADS") return "1";
            return std::nullopt;
        };
        auto config = advieslijn::load_config(source_dir() / "ops/config/default.json", env);
        static_dir_ = config.static_dir;
        app_ = std::make_unique<advieslijn::gateway::App>(std::move(config));
        line_ = std::make_unique<advieslijn::gateway::Line>(*app_, clock_);
        app_->bind();
        runner_ = std::thread([this] { app_->run(); });
        ASSERT_TRUE(eventually([&] { return get("/readyz").status == 200; }));
    }
    void TearDown() override {
        if (runner_.joinable()) {
            app_->stop();
            runner_.join();
        }
        line_.reset();
        app_.reset();
    }
    advieslijn::test::HttpReply get(const std::string& target) {
        return http_request(app_->port(), "GET", target);
    }
    json served_document() {
        auto r = get("/v1/openapi.json");
        EXPECT_EQ(r.status, 200);
        return json::parse(r.body);
    }

    std::vector<Undocumented> undocumented() const {
        const auto dir = static_dir_;
        return {
            {"CORS preflight; the widget endpoints it guards say so in their description",
             [](const std::string&, const std::string& method) { return method == "OPTIONS"; }},
            {"a static file of static_dir (web-widget/): one route per file, not an API",
             [dir](const std::string& pattern, const std::string& method) {
                 if (method != "GET" || pattern.find('{') != std::string::npos) return false;
                 const auto file = dir / std::filesystem::path(pattern).relative_path();
                 return std::filesystem::is_regular_file(file) ||
                        std::filesystem::is_regular_file(file / "index.html");
             }},
        };
    }

    advieslijn::test::RedisServer redis_;
    advieslijn::SystemClock clock_;
    std::filesystem::path static_dir_;
    std::unique_ptr<advieslijn::gateway::App> app_;
    std::unique_ptr<advieslijn::gateway::Line> line_;
    std::thread runner_;
};

}  // namespace

TEST_F(OpenApi, IsServedAsTheRepositoryFileWithoutCaching) {
    auto r = get("/v1/openapi.json");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.headers["content-type"], "application/json");
    EXPECT_EQ(r.headers["cache-control"], "no-cache");
    std::ifstream in(source_dir() / "gateway/openapi.json", std::ios::binary);
    std::stringstream file;
    file << in.rdbuf();
    EXPECT_EQ(r.body, file.str()) << "the embedded copy is stale: rebuild";
}

TEST_F(OpenApi, IsAnOpenApi303DocumentWhoseReferencesResolve) {
    const json doc = served_document();
    EXPECT_EQ(doc.value("openapi", ""), "3.0.3");
    EXPECT_TRUE(doc["info"].contains("title"));
    EXPECT_TRUE(doc["info"].contains("version"));
    ASSERT_TRUE(doc["paths"].is_object());
    for (const char* schema : {"Task", "HistoryEntry", "Escalation", "Error", "User"})
        EXPECT_TRUE(doc["components"]["schemas"].contains(schema)) << schema;
    const auto& security = doc["components"]["securitySchemes"];
    EXPECT_EQ(security["cookieAuth"]["name"], "advieslijn_session");
    EXPECT_EQ(security["cookieAuth"]["in"], "cookie");
    EXPECT_EQ(security["bearerAuth"]["scheme"], "bearer");

    static const std::set<std::string> methods = {"get",     "put",  "post",  "delete",
                                                  "options", "head", "patch", "trace"};
    for (const auto& [path, item] : doc["paths"].items()) {
        EXPECT_EQ(path.front(), '/') << path;
        for (const auto& [method, operation] : item.items()) {
            if (!methods.count(method)) continue;
            EXPECT_FALSE(operation.value("responses", json::object()).empty())
                << method << " " << path << " has no responses";
        }
    }
    // Every "$ref" points at something in this document.
    std::function<void(const json&, const std::string&)> walk = [&](const json& node,
                                                                    const std::string& where) {
        if (node.is_object()) {
            if (auto it = node.find("$ref"); it != node.end() && it->is_string()) {
                const std::string ref = *it;
                ASSERT_EQ(ref.rfind("#/", 0), 0u) << where << ": " << ref;
                EXPECT_TRUE(doc.contains(json::json_pointer(ref.substr(1))))
                    << where << ": " << ref << " does not resolve";
            }
            for (const auto& [key, child] : node.items()) walk(child, where + "/" + key);
        } else if (node.is_array()) {
            for (std::size_t i = 0; i < node.size(); ++i)
                walk(node[i], where + "/" + std::to_string(i));
        }
    };
    walk(doc, "#");
}

TEST_F(OpenApi, DocumentsEveryRouteOfTheRouter) {
    const json doc = served_document();
    std::map<std::string, std::set<std::string>> documented;  // shape -> methods
    for (const auto& [path, item] : doc["paths"].items())
        for (const auto& [method, operation] : item.items()) documented[shape(path)].insert(method);

    const auto rules = undocumented();
    std::map<std::string, int> left_out;  // reason -> routes
    std::set<std::pair<std::string, std::string>> routed;
    for (const auto& [pattern, method] : app_->router().labels()) {
        routed.emplace(shape(pattern), lower(method));
        const Undocumented* rule = nullptr;
        for (const auto& u : rules)
            if (u.applies(pattern, method)) rule = &u;
        if (rule) {
            ++left_out[rule->reason];
            continue;
        }
        EXPECT_TRUE(documented[shape(pattern)].count(lower(method)))
            << method << " " << pattern << " is routed but not in gateway/openapi.json";
    }

    for (const auto& [reason, n] : left_out)
        std::cout << "[   NOTE   ] not documented on purpose: " << n << " route(s): " << reason
                  << "\n";

    // The other way round is a note, not a failure: the document may describe endpoints of
    // the contract (docs/consoles.md) before they are routed. The chat WebSocket and the
    // event stream are connections the server hands over before routing.
    const std::set<std::string> outside_router = {"/v1/chat/ws", "/v1/events"};
    std::ostringstream missing;
    for (const auto& [path, item] : doc["paths"].items())
        for (const auto& [method, operation] : item.items()) {
            if (method == "parameters" || outside_router.count(path)) continue;
            if (!routed.count({shape(path), method}))
                missing << "  " << method << " " << path << "\n";
        }
    if (!missing.str().empty())
        std::cout << "[   NOTE   ] documented but not routed yet:\n" << missing.str();
}
