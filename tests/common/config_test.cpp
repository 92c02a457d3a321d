#include "common/config.hpp"

#include <gtest/gtest.h>

#include <map>

using namespace advieslijn;

namespace {

EnvLookup env_of(std::map<std::string, std::string> vars) {
    return [vars](const std::string& name) -> std::optional<std::string> {
        auto it = vars.find(name);
        if (it == vars.end()) return std::nullopt;
        return it->second;
    };
}

const std::string minimal = R"({
  "tenants": [{"id": "demo", "name": "CJG Demo", "numbers": ["+31880030060"],
               "site_keys": ["demo"], "languages": ["nl", "en"]}]
})";

std::string error_of(const std::string& text, std::map<std::string, std::string> env = {}) {
    try {
        parse_config(text, "test.json", "/base", env_of(env));
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(Config, MinimalFileGetsDefaults) {
    Config c = parse_config(minimal, "test.json", "/base", env_of({}));
    EXPECT_EQ(c.listen.host, "127.0.0.1");
    EXPECT_EQ(c.listen.port, 8080);
    EXPECT_EQ(c.redis.url, "redis://127.0.0.1:6379");
    EXPECT_EQ(c.static_dir, "/base/web-widget");
    ASSERT_EQ(c.tenants.size(), 1u);
    EXPECT_EQ(c.tenants[0].languages.front(), "nl");
    EXPECT_EQ(c.tenants[0].sla.normal, std::chrono::hours(24));
    // No token in the environment: the fallback is used and a warning says so.
    EXPECT_EQ(c.tenants[0].twilio_auth_token, "test-token");
    ASSERT_EQ(c.warnings.size(), 1u);
    EXPECT_NE(c.warnings[0].find("TWILIO_AUTH_TOKEN"), std::string::npos);
}

TEST(Config, EnvironmentOverridesAddressesAndSecrets) {
    Config c = parse_config(minimal, "test.json", "/base",
                            env_of({{"ADVIESLIJN_LISTEN", "0.0.0.0:9000"},
                                    {"REDIS_URL", "redis://redis.internal:6380/2"},
                                    {"ADVIESLIJN_PUBLIC_URL", "https://line.example/"},
                                    {"TWILIO_AUTH_TOKEN", "secret"}}));
    EXPECT_EQ(c.listen.host, "0.0.0.0");
    EXPECT_EQ(c.listen.port, 9000);
    EXPECT_EQ(c.redis.url, "redis://redis.internal:6380/2");
    EXPECT_EQ(c.public_url, "https://line.example");
    EXPECT_EQ(c.tenants[0].twilio_auth_token, "secret");
    EXPECT_TRUE(c.warnings.empty());
}

TEST(Config, ErrorsNameFileFieldAndReason) {
    EXPECT_EQ(error_of("{"), error_of("{"));  // stable
    EXPECT_EQ(error_of("{").rfind("test.json: (syntax):", 0), 0u);
    EXPECT_EQ(error_of(R"({"tenants": []})"),
              "test.json: tenants: needs an array with at least one tenant");
    EXPECT_EQ(error_of(R"({"listen": "nope", "tenants": []})"),
              "test.json: listen: 'nope': expected HOST:PORT");
    EXPECT_EQ(error_of(R"({"tenants": [{"id": "demo", "name": "x", "languages": ["nl"],
                                        "numbers": ["0612345678"]}]})"),
              "test.json: tenants[0].numbers[0]: '0612345678' is not an E.164 number (+ and "
              "8-15 digits)");
    EXPECT_EQ(error_of(R"({"tenants": [{"id": "demo", "name": "x", "languages": ["nl"],
                                        "numbers": ["+31612345"]}]})"),
              "test.json: tenants[0].numbers[0]: '+31612345' is not a valid number: the number "
              "has too few digits");
    EXPECT_EQ(error_of(R"({"tenants": [{"id": "demo", "name": "x", "languages": ["nl"],
                                        "numbers": ["+310880030060"]}]})"),
              "test.json: tenants[0].numbers[0]: '+310880030060' is not an E.164 number: write "
              "it as +31880030060");
    EXPECT_EQ(error_of(R"({"tenants": [{"id": "demo", "name": "x", "languages": ["de"]}]})"),
              "test.json: tenants[0].languages[0]: 'de' is not supported (nl, en)");
    EXPECT_EQ(error_of(R"({"limits": {"body_bytes": 10}, "tenants": []})"),
              "test.json: limits.body_bytes: must be between 1024 and 67108864");
    EXPECT_EQ(error_of(R"({"redis": {"url": "http://x"}, )" + minimal.substr(1)),
              "test.json: redis.url: 'http://x': must start with redis://");
    EXPECT_EQ(error_of(R"({"limits": {"trusted_proxies": ["10.0.0.1", "proxy.local"]}, )" +
                       minimal.substr(1)),
              "test.json: limits.trusted_proxies[1]: 'proxy.local' is not an IP address");
    EXPECT_EQ(error_of(R"({"auth": {"session_idle_minutes": 0}, )" + minimal.substr(1)),
              "test.json: auth.session_idle_minutes: must be between 1 and 1440");
}

TEST(Config, UnknownFieldsAreRejected) {
    EXPECT_EQ(error_of(R"({"tenants": [{"id": "demo", "name": "x", "languages": ["nl"],
                                        "langauges": ["en"]}]})"),
              "test.json: tenants[0].langauges: unknown field");
    EXPECT_EQ(error_of(R"({"limit": {}, )" + minimal.substr(1)), "test.json: limit: unknown field");
}

TEST(Config, DuplicateTenantsNumbersAndKeysAreRejected) {
    const std::string t = R"({"id": "a", "name": "A", "languages": ["nl"], "numbers": ["+31880030060"]})";
    const std::string u = R"({"id": "b", "name": "B", "languages": ["nl"], "numbers": ["+31880030060"]})";
    EXPECT_EQ(error_of(R"({"tenants": [)" + t + "," + u + "]}"),
              "test.json: tenants[1].numbers: +31880030060 belongs to two tenants");
    EXPECT_EQ(error_of(R"({"tenants": [)" + t + "," + t + "]}"),
              "test.json: tenants[1].id: 'a' is used twice");
}

TEST(Config, BadEnvironmentOverrideIsNamed) {
    EXPECT_EQ(error_of(minimal, {{"ADVIESLIJN_LISTEN", "localhost"}}),
              "test.json: ADVIESLIJN_LISTEN: 'localhost': expected HOST:PORT");
}

TEST(Config, ShippedDefaultConfigLoads) {
    const char* src = std::getenv("ADVIESLIJN_SOURCE_DIR");
    ASSERT_NE(src, nullptr);
    Config c = load_config(std::string(src) + "/ops/config/default.json", env_of({}));
    ASSERT_EQ(c.tenants.size(), 1u);
    const Tenant& demo = c.tenants[0];
    EXPECT_EQ(demo.id, "demo");
    EXPECT_EQ(demo.name, "CJG Demo");
    EXPECT_EQ(demo.numbers, std::vector<std::string>{"+31880030060"});
    EXPECT_EQ(demo.site_keys, std::vector<std::string>{"demo"});
    EXPECT_EQ(demo.languages, (std::vector<std::string>{"nl", "en"}));
    EXPECT_TRUE(std::filesystem::exists(c.static_dir));
}

TEST(Config, MissingFileIsNamed) {
    try {
        load_config("/nonexistent/x.json", env_of({}));
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_STREQ(e.what(), "/nonexistent/x.json: (file): cannot be read");
    }
}

TEST(HostPort, Parses) {
    EXPECT_EQ(parse_host_port("[::1]:8080").host, "::1");
    EXPECT_EQ(parse_host_port("localhost:1").port, 1);
    EXPECT_THROW(parse_host_port("host:99999"), std::invalid_argument);
    EXPECT_THROW(parse_host_port(":80"), std::invalid_argument);
}
