#include "common/config.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
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
    EXPECT_EQ(c.limits.answer_cache_entries, 2048u);
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
    // A number JSON can write but a double cannot hold is a syntax error too, not a crash
    // (found by tests/fuzz/config_fuzz).
    EXPECT_EQ(error_of(R"({"threads": 1e2222})").rfind("test.json: (syntax):", 0), 0u);
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
    EXPECT_EQ(error_of(R"({"tenants": [{"id": "demo", "name": "x", "languages": ["NL-nl"]}]})"),
              "test.json: tenants[0].languages[0]: 'NL-nl' is not a language code (two lowercase "
              "letters, as nl or tr)");
    EXPECT_EQ(error_of(R"({"limits": {"body_bytes": 10}, "tenants": []})"),
              "test.json: limits.body_bytes: must be between 1024 and 67108864");
    EXPECT_EQ(error_of(R"({"redis": {"url": "http://x"}, )" + minimal.substr(1)),
              "test.json: redis.url: 'http://x': must start with redis://");
    EXPECT_EQ(error_of(R"({"limits": {"trusted_proxies": ["10.0.0.1", "proxy.local"]}, )" +
                       minimal.substr(1)),
              "test.json: limits.trusted_proxies[1]: 'proxy.local' is not an IP address");
    EXPECT_EQ(error_of(R"({"limits": {"answer_cache_entries": -1}, )" + minimal.substr(1)),
              "test.json: limits.answer_cache_entries: must be between 0 and 1000000");
    EXPECT_EQ(parse_config(R"({"limits": {"answer_cache_entries": 0}, )" + minimal.substr(1), "test.json",
                           "/base", env_of({}))
                  .limits.answer_cache_entries,
              0u);
    EXPECT_EQ(error_of(R"({"auth": {"session_idle_minutes": 0}, )" + minimal.substr(1)),
              "test.json: auth.session_idle_minutes: must be between 1 and 1440");
}

TEST(Config, KnowledgeGapRetentionIsReadAndChecked) {
    EXPECT_EQ(parse_config(minimal, "test.json", "/base", env_of({})).knowledge_gaps.retention_days, 90);
    const Config c = parse_config(R"({"knowledge_gaps": {"retention_days": 30, "max_per_day": 50}, )" +
                                      minimal.substr(1),
                                  "test.json", "/base", env_of({}));
    EXPECT_EQ(c.knowledge_gaps.retention_days, 30);
    EXPECT_EQ(c.knowledge_gaps.retention_days_for("demo"), 30);
    EXPECT_EQ(c.tenants[0].retention.knowledge_gap, std::chrono::days(30));
    EXPECT_EQ(c.knowledge_gaps.max_per_day, 50);
    EXPECT_EQ(error_of(R"({"knowledge_gaps": {"retention_days": 0}, )" + minimal.substr(1)),
              "test.json: knowledge_gaps.retention_days: must be between 1 and 366");
    EXPECT_EQ(error_of(R"({"knowledge_gaps": {"retention": 30}, )" + minimal.substr(1)),
              "test.json: knowledge_gaps.retention: unknown field");
}

namespace {

// Two tenants; `a_extra` and `top` are spliced into tenant a and the top level.
std::string two_tenants(const std::string& top, const std::string& a_extra = "") {
    return "{" + top + (top.empty() ? "" : ", ") +
           R"("tenants": [{"id": "a", "name": "A", "languages": ["nl"], "numbers": ["+31880030060"])" +
           (a_extra.empty() ? "" : ", " + a_extra) +
           R"(}, {"id": "b", "name": "B", "languages": ["nl"], "numbers": ["+31880030061"]}]})";
}

}  // namespace

TEST(Config, RetentionHasSafeDefaultsForEveryKind) {
    const Config c = parse_config(minimal, "test.json", "/base", env_of({}));
    const RetentionSettings& r = c.tenants[0].retention;
    EXPECT_EQ(r.voice_call, std::chrono::hours(2));
    EXPECT_EQ(r.sms_thread, std::chrono::hours(24));
    EXPECT_EQ(r.chat_session, std::chrono::minutes(30));
    EXPECT_EQ(r.chat_transcript, std::chrono::minutes(30));
    EXPECT_EQ(r.callback_task, std::chrono::days(90));
    EXPECT_EQ(r.audit, std::chrono::days(365));
    EXPECT_EQ(r.knowledge_gap, std::chrono::days(90));
    EXPECT_EQ(r.idempotency, std::chrono::hours(48));
}

TEST(Config, ATenantsRetentionOverridesTheTopLevelForThatTenantOnly) {
    const Config c = parse_config(
        two_tenants(R"("retention": {"callback_task_days": 60, "audit_days": 400, "sms_thread_hours": 12})",
                    R"("retention": {"callback_task_days": 30, "chat_session_minutes": 120,
                                     "chat_transcript_minutes": 60, "knowledge_gap_days": 14,
                                     "idempotency_hours": 6, "voice_call_hours": 4})"),
        "test.json", "/base", env_of({}));
    const RetentionSettings& a = c.tenants[0].retention;
    const RetentionSettings& b = c.tenants[1].retention;
    EXPECT_EQ(a.callback_task, std::chrono::days(30));
    EXPECT_EQ(b.callback_task, std::chrono::days(60));
    EXPECT_EQ(a.audit, std::chrono::days(400)) << "not overridden: the top level's";
    EXPECT_EQ(b.audit, std::chrono::days(400));
    EXPECT_EQ(a.sms_thread, std::chrono::hours(12));
    EXPECT_EQ(a.chat_session, std::chrono::minutes(120));
    EXPECT_EQ(b.chat_session, std::chrono::minutes(30));
    EXPECT_EQ(a.chat_transcript, std::chrono::minutes(60));
    EXPECT_EQ(a.voice_call, std::chrono::hours(4));
    EXPECT_EQ(b.voice_call, std::chrono::hours(2));
    EXPECT_EQ(a.idempotency, std::chrono::hours(6));
    EXPECT_EQ(b.idempotency, std::chrono::hours(48));
    EXPECT_EQ(c.knowledge_gaps.retention_days_for("a"), 14);
    EXPECT_EQ(c.knowledge_gaps.retention_days_for("b"), 90);
    EXPECT_EQ(c.retention.callback_task, std::chrono::days(60));
}

TEST(Config, BadRetentionValuesNameTheFieldAndTheReason) {
    EXPECT_EQ(error_of(two_tenants(R"("retention": {"audit_days": -1})")),
              "test.json: retention.audit_days: must be between 30 and 3650");
    EXPECT_EQ(error_of(two_tenants(R"("retention": {"knowledge_gap_days": 0})")),
              "test.json: retention.knowledge_gap_days: must be between 1 and 366");
    EXPECT_EQ(error_of(two_tenants(R"("retention": {"callback_task_days": 100000})")),
              "test.json: retention.callback_task_days: must be between 7 and 3650");
    EXPECT_EQ(error_of(two_tenants(R"("retention": {"idempotency_hours": "48"})")),
              "test.json: retention.idempotency_hours: must be an integer");
    EXPECT_EQ(error_of(two_tenants(R"("retention": {"idempotency_hours": 1.5})")),
              "test.json: retention.idempotency_hours: must be an integer");
    EXPECT_EQ(error_of(two_tenants(R"("retention": 30)")),
              "test.json: retention: must be an object");
    EXPECT_EQ(error_of(two_tenants(R"("retention": {"audit": 30})")),
              "test.json: retention.audit: unknown field");
    EXPECT_EQ(error_of(two_tenants("", R"("retention": {"voice_call_hours": 1})")),
              "test.json: tenants[0].retention.voice_call_hours: must be between 2 and 168");
    EXPECT_EQ(error_of(two_tenants("", R"("retention": {"sms_thread_hours": 0})")),
              "test.json: tenants[0].retention.sms_thread_hours: must be between 1 and 720");
}

TEST(Config, RetentionThatWouldBreakTheLineIsRefused) {
    // A live chat keeps its state and transcript until its idle end.
    EXPECT_EQ(error_of(two_tenants(R"("retention": {"chat_session_minutes": 20})")),
              "test.json: retention.chat_session_minutes: must be at least the chat's idle time "
              "(chat.session_ttl_seconds: 30 minutes)");
    EXPECT_EQ(error_of(two_tenants(R"("chat": {"session_ttl_seconds": 3600}, "retention": {"chat_session_minutes": 30})")),
              "test.json: retention.chat_session_minutes: must be at least the chat's idle time "
              "(chat.session_ttl_seconds: 60 minutes)");
    // Unwritten, they follow a longer idle time (rounded up to whole minutes).
    const Config longer = parse_config(two_tenants(R"("chat": {"session_ttl_seconds": 3601})"),
                                       "test.json", "/base", env_of({}));
    EXPECT_EQ(longer.tenants[1].retention.chat_session, std::chrono::minutes(61));
    EXPECT_EQ(longer.tenants[1].retention.chat_transcript, std::chrono::minutes(61));
    EXPECT_EQ(error_of(two_tenants("", R"("retention": {"chat_transcript_minutes": 10})")),
              "test.json: tenants[0].retention.chat_transcript_minutes: must be at least the chat's "
              "idle time (chat.session_ttl_seconds: 30 minutes)");
    // A transcript without its session would be found by nobody, not even an erasure.
    EXPECT_EQ(error_of(two_tenants("", R"("retention": {"chat_transcript_minutes": 45})")),
              "test.json: tenants[0].retention.chat_transcript_minutes: must not be longer than "
              "chat_session_minutes (30)");
    // A task is not anonymised before its own deadline could pass: the tenant's SLA.
    EXPECT_EQ(error_of(two_tenants("", R"("sla": {"hours": 240}, "retention": {"callback_task_days": 9})")),
              "test.json: tenants[0].retention.callback_task_days: must be at least the tenant's "
              "SLA (240 hours)");
    EXPECT_EQ(error_of(two_tenants(R"("retention": {"callback_task_days": 7})", R"("sla": {"hours": 240})")),
              "test.json: tenants[0].retention.callback_task_days: must be at least the tenant's "
              "SLA (240 hours)");
    EXPECT_EQ(error_of(two_tenants("", R"("sla": {"hours": 240}, "retention": {"callback_task_days": 10})")), "");
    // Longer chats are fine: state kept longer than the idle time.
    EXPECT_EQ(error_of(two_tenants(R"("chat": {"session_ttl_seconds": 3600},
                                      "retention": {"chat_session_minutes": 60, "chat_transcript_minutes": 60})")),
              "");
}

TEST(Config, OldRetentionFieldsStillCountWithAWarning) {
    const Config c = parse_config(two_tenants(R"("callbacks": {"retention_days": 30})"), "test.json",
                                  "/base", env_of({{"TWILIO_AUTH_TOKEN", "t"}}));
    EXPECT_EQ(c.tenants[0].retention.callback_task, std::chrono::days(30));
    EXPECT_EQ(c.tenants[1].retention.callback_task, std::chrono::days(30));
    ASSERT_EQ(c.warnings.size(), 1u);
    EXPECT_EQ(c.warnings[0],
              "test.json: callbacks.retention_days is deprecated: write retention.callback_task_days "
              "instead (the value is used meanwhile)");
    // Old and new together: which one counts would be a guess.
    EXPECT_EQ(error_of(two_tenants(R"("callbacks": {"retention_days": 30}, "retention": {"callback_task_days": 40})")),
              "test.json: callbacks.retention_days: is replaced by retention.callback_task_days, "
              "which is set too: remove this one");
    EXPECT_EQ(error_of(two_tenants(R"("knowledge_gaps": {"retention_days": 30}, "retention": {"knowledge_gap_days": 30})")),
              "test.json: knowledge_gaps.retention_days: is replaced by retention.knowledge_gap_days, "
              "which is set too: remove this one");
    // The old field is held to the new minimum.
    EXPECT_EQ(error_of(two_tenants(R"("callbacks": {"retention_days": 3})")),
              "test.json: callbacks.retention_days: must be between 7 and 3650");
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

namespace {

// The minimal config with `crisis` (JSON) in its tenant.
std::string with_crisis(const std::string& crisis) {
    return R"({"tenants": [{"id": "demo", "name": "CJG Demo", "numbers": ["+31880030060"],
                            "languages": ["nl", "en"], "crisis": )" +
           crisis + "}]}";
}

}  // namespace

TEST(Config, CrisisPartnersAndOnCallAreRead) {
    const Config c = parse_config(with_crisis(R"({
        "on_call": "+31612345678",
        "partners": {
          "suicide_self_harm": {"name": "113 Zelfmoordpreventie",
                                "spoken": {"nl": "113 Zelfmoordpreventie", "en": "113 Suicide Prevention"},
                                "number": "+318000113"},
          "child_abuse": {"name": "Veilig Thuis", "spoken": "Veilig Thuis", "number": "+318002000"},
          "neglect": {"name": "Veilig Thuis", "number": "+318002000"}
        }})"),
                                  "test.json", "/base", env_of({}));
    const CrisisSettings& crisis = c.tenants[0].crisis;
    EXPECT_EQ(crisis.on_call, "+31612345678");
    ASSERT_EQ(crisis.partners.size(), 3u);
    EXPECT_EQ(crisis.partners.at("suicide_self_harm").spoken.at("en"), "113 Suicide Prevention");
    EXPECT_EQ(crisis.partners.at("suicide_self_harm").number, "+318000113");
    EXPECT_EQ(crisis.partners.at("child_abuse").spoken.at("en"), "Veilig Thuis") << "every language";
    EXPECT_TRUE(crisis.partners.at("neglect").spoken.empty()) << "the name is read out";
    // Optional: no crisis block, no offer.
    EXPECT_TRUE(parse_config(minimal, "test.json", "/base", env_of({})).tenants[0].crisis.partners.empty());
}

TEST(Config, InvalidCrisisConfigNamesTheField) {
    const std::string at = "test.json: tenants[0].crisis.";
    EXPECT_EQ(error_of(with_crisis(R"({"on_call": "0612345678"})")),
              at + "on_call: '0612345678' is not an E.164 number (+ and 8-15 digits)");
    EXPECT_EQ(error_of(with_crisis(R"({"on_call": "+319001234567"})")),
              at + "on_call: '+319001234567' is not a valid number: premium-rate numbers "
                   "(0900/0906/0909) cannot be called back");
    EXPECT_EQ(error_of(with_crisis(R"({"partners": {"child_abuse": {"name": "Veilig Thuis",
                                       "number": "0800-2000"}}})")),
              at + "partners.child_abuse.number: '0800-2000' is not an E.164 number (+ and 8-15 "
                   "digits)");
    EXPECT_EQ(error_of(with_crisis(R"({"partners": {"child_abuse": {"name": "Veilig Thuis"}}})")),
              at + "partners.child_abuse.number: is required");
    EXPECT_EQ(error_of(with_crisis(R"({"partners": {"child_abuse": {"name": "",
                                       "number": "+318002000"}}})")),
              at + "partners.child_abuse.name: must not be empty");
    EXPECT_EQ(error_of(with_crisis(R"({"partners": {"child_abuse": {"name": "VT",
                                       "number": "+318002000", "nummer": "x"}}})")),
              at + "partners.child_abuse.nummer: unknown field");
    EXPECT_EQ(error_of(with_crisis(R"({"partners": {"Child-Abuse": {"name": "VT",
                                       "number": "+318002000"}}})")),
              at + "partners.Child-Abuse: is not a risk category (common/risk_categories.hpp)");
    // A typo would never match a flagged call: refused at load.
    EXPECT_EQ(error_of(with_crisis(R"({"partners": {"child_abuses": {"name": "VT",
                                       "number": "+318002000"}}})")),
              at + "partners.child_abuses: is not a risk category (common/risk_categories.hpp)");
    EXPECT_EQ(error_of(with_crisis(R"({"partners": {"emergency_medical": {"name": "112",
                                       "number": "+31612345678"}}})")),
              at + "partners.emergency_medical: 112 is never dialled through the line: for a "
                   "medical emergency the caller is told to hang up and call 112; leave this "
                   "category out");
    EXPECT_EQ(error_of(with_crisis(R"({"partners": {"child_abuse": {"name": "VT",
                                       "spoken": {"de": "x"}, "number": "+318002000"}}})")),
              at + "partners.child_abuse.spoken.de: unknown field");
    EXPECT_EQ(error_of(with_crisis(R"({"oncall": "+31612345678"})")), at + "oncall: unknown field");
    EXPECT_EQ(error_of(with_crisis(R"({"partners": []})")), at + "partners: must be an object");
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
    // The default Dutch partners; 112 is never a partner (hang up and call it).
    EXPECT_EQ(demo.crisis.partners.at("suicide_self_harm").number, "+318000113");
    EXPECT_EQ(demo.crisis.partners.at("child_abuse").number, "+318002000");
    EXPECT_EQ(demo.crisis.partners.at("unsafe_home").number, "+318000432");
    // The shipped retention is the documented default of every kind, in the new form only.
    EXPECT_EQ(demo.retention.callback_task, std::chrono::days(90));
    EXPECT_EQ(demo.retention.audit, std::chrono::days(365));
    EXPECT_EQ(demo.retention.chat_session, std::chrono::minutes(30));
    for (const auto& w : c.warnings) EXPECT_EQ(w.find("deprecated"), std::string::npos) << w;
    EXPECT_FALSE(demo.crisis.partners.count("emergency_medical"));
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

TEST(Config, ATenantsSocialMapIsAPathBesideTheConfigWithItsDefaultArea) {
    std::string text = minimal;
    text.replace(text.find(R"("languages")"), 0, R"("social_map": "maps/demo", "default_area": "Voorbeeldstad", )");
    Config c = parse_config(text, "test.json", "/base", env_of({}));
    EXPECT_EQ(c.tenants[0].social_map, "/base/maps/demo");
    EXPECT_EQ(c.tenants[0].default_area, "Voorbeeldstad");
    EXPECT_TRUE(parse_config(minimal, "test.json", "/base", env_of({})).tenants[0].social_map.empty());
    std::string typo = minimal;
    typo.replace(typo.find(R"("languages")"), 0, R"("social_map": 3, )");
    EXPECT_EQ(error_of(typo), "test.json: tenants[0].social_map: must be a string");
}

TEST(Config, TheEscalationWebhookTakesHttpsWithAnOptionalPrivateCa) {
    const auto with = [](const std::string& callbacks) {
        return R"({"callbacks": {)" + callbacks + "}, " + minimal.substr(1);
    };
    const std::map<std::string, std::string> secret{{"ADVIESLIJN_WEBHOOK_SECRET", "s"}};
    const Config c = parse_config(with(R"("escalation_webhook_url": "https://hooks.example/escalate")"),
                                  "test.json", "/base", env_of(secret));
    EXPECT_EQ(c.callbacks.escalation_webhook_url, "https://hooks.example/escalate");
    EXPECT_EQ(c.callbacks.escalation_webhook_ca_file, "");

    EXPECT_NE(error_of(with(R"("escalation_webhook_url": "ftp://hooks.example/")"), secret)
                  .find("callbacks.escalation_webhook_url"),
              std::string::npos);
    // A CA file that is not there (or holds no certificate) stops start-up, naming the file.
    const std::string missing =
        error_of(with(R"("escalation_webhook_url": "https://h/", "escalation_webhook_ca_file": "no-ca.pem")"),
                 secret);
    EXPECT_NE(missing.find("callbacks.escalation_webhook_ca_file"), std::string::npos) << missing;
    EXPECT_NE(missing.find("/base/no-ca.pem"), std::string::npos) << missing;

    const std::string ca = std::string(std::getenv("ADVIESLIJN_SOURCE_DIR")) + "/tests/data/tls/ca.pem";
    const Config d = parse_config(
        with(R"("escalation_webhook_url": "https://h/", "escalation_webhook_ca_file": ")" + ca + "\""),
        "test.json", "/base", env_of(secret));
    EXPECT_EQ(d.callbacks.escalation_webhook_ca_file, ca);
}

TEST(Config, RedisSentinelAndWaitSettings) {
    Config c = parse_config(R"({"redis": {"url": "redis://gw:pw@ignored:1/0",
        "sentinels": ["10.0.0.1:26379", "[::1]:26380"], "master_name": "mymaster",
        "wait_replicas": 1, "wait_timeout_ms": 250}, )" + minimal.substr(1),
                            "test.json", "/base", env_of({}));
    EXPECT_EQ(c.redis.sentinels, (std::vector<std::string>{"10.0.0.1:26379", "[::1]:26380"}));
    EXPECT_EQ(c.redis.master_name, "mymaster");
    EXPECT_EQ(c.redis.wait_replicas, 1);
    EXPECT_EQ(c.redis.wait_timeout, std::chrono::milliseconds(250));
    Config d = parse_config(minimal, "test.json", "/base", env_of({}));
    EXPECT_TRUE(d.redis.sentinels.empty());
    EXPECT_EQ(d.redis.wait_replicas, 0);
}

TEST(Config, RedisSentinelMistakesNameTheField) {
    auto with = [](const std::string& redis) {
        return error_of(R"({"redis": )" + redis + ", " + minimal.substr(1));
    };
    EXPECT_EQ(with(R"({"sentinels": ["10.0.0.1"], "master_name": "m"})"),
              "test.json: redis.sentinels[0]: '10.0.0.1': expected host:port (the port is required)");
    EXPECT_EQ(with(R"({"sentinels": ["10.0.0.1:26379"]})"),
              "test.json: redis.master_name: is required with sentinels");
    EXPECT_EQ(with(R"({"master_name": "m"})"),
              "test.json: redis.sentinels: are required with master_name");
    EXPECT_NE(with(R"({"wait_replicas": -1})").find("redis.wait_replicas"), std::string::npos);
    EXPECT_NE(with(R"({"wait_timeout_ms": 0})").find("redis.wait_timeout_ms"), std::string::npos);
    EXPECT_NE(with(R"({"url": "redis://u:@h"})").find("an ACL user needs a password"),
              std::string::npos);
    // A bad URL with a password is named, never repeated.
    const std::string secret = with(R"({"url": "redis://gw:hunter2@h:99999"})");
    EXPECT_NE(secret.find("redis.url"), std::string::npos);
    EXPECT_NE(secret.find("port"), std::string::npos);
    EXPECT_EQ(secret.find("hunter2"), std::string::npos) << secret;
}
