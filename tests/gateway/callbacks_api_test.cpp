// POST /v1/callbacks through the real binary, a real socket and a real redis-server.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <map>
#include <sstream>

#include "common/config.hpp"
#include "gateway/line.hpp"
#include "tests/support/keys.hpp"
#include "tests/support/config.hpp"
#include "tests/support/process.hpp"
#include "tests/support/redis_server.hpp"

using namespace advieslijn::test;
using nlohmann::json;

namespace {

class CallbacksApi : public ::testing::Test {
protected:
    RedisServer redis_;
    ServerProcess server_{ADVIESLIJN_BINARY, redis_.url()};

    static std::string request_body(json patch = json::object()) {
        json body = {{"site_key", "demo"},  {"phone", "+31612345678"}, {"name", "Sanne"},
                     {"lang", "nl"},        {"question", "Mijn dochter <3> slaapt slecht & huilt"},
                     {"consent", true},     {"window", "evening"}};
        body.merge_patch(patch);
        return body.dump();
    }
    HttpReply post(const std::string& body, std::map<std::string, std::string> headers = {}) {
        return server_.request("POST", "/v1/callbacks", body, headers);
    }
    std::size_t task_count() {
        const std::string out = redis_.cli("--scan --pattern 'cb:{demo}:task:*'");
        return static_cast<std::size_t>(std::count(out.begin(), out.end(), '\n'));
    }
};

}  // namespace

TEST_F(CallbacksApi, CreatesATaskThatIsInRedis) {
    auto r = post(request_body(), {{"Idempotency-Key", "form-1"}});
    ASSERT_EQ(r.status, 201) << r.body;
    auto body = json::parse(r.body);
    EXPECT_EQ(body["state"], "queued");
    EXPECT_FALSE(body["id"].get<std::string>().empty());
    EXPECT_FALSE(body["reference"].get<std::string>().empty());
    EXPECT_EQ(body["due_at"].get<std::string>().back(), 'Z');  // RFC 3339, UTC
    const std::string key = "cb:{demo}:task:" + body["id"].get<std::string>();
    EXPECT_NE(redis_.cli("HGETALL '" + key + "'").find("+31612345678"), std::string::npos);
    EXPECT_EQ(task_count(), 1u);
    // The number is masked in the log.
    EXPECT_EQ(server_.process().log().find("+31612345678"), std::string::npos);
    EXPECT_NE(server_.process().log().find("+31 6 ****5678"), std::string::npos);
}

// A form sent without a chat before it: its own question is triaged like a chat message.
TEST_F(CallbacksApi, AFormQuestionWithARiskSignalMakesAnUrgentTask) {
    auto field = [&](const json& created, const std::string& name) {
        return redis_.cli("HGET 'cb:{demo}:task:" + created["id"].get<std::string>() + "' " + name);
    };
    auto urgent = post(request_body({{"question", "mijn man slaat mij en de kinderen, ik durf niet naar huis"}}));
    ASSERT_EQ(urgent.status, 201) << urgent.body;
    const auto u = json::parse(urgent.body);
    EXPECT_EQ(u["priority"], "urgent");
    EXPECT_EQ(field(u, "priority"), "urgent\n");
    EXPECT_NE(field(u, "risk_flags").find("domestic_violence"), std::string::npos) << field(u, "risk_flags");
    EXPECT_NE(field(u, "risk_words"), "\n");  // what triggered it, for the specialist
    // The answer carries the emergency guidance for the page to show at once: Veilig Thuis
    // (domestic violence) as a tap-to-call number (digits only), and no "leave your number" prompt.
    ASSERT_TRUE(u.contains("urgent")) << u.dump();
    EXPECT_EQ(u["urgent"]["type"], "urgent");
    EXPECT_FALSE(u["urgent"]["text"].get<std::string>().empty());
    EXPECT_FALSE(u["urgent"].contains("prompt"));
    EXPECT_NE(u["urgent"]["guidance"].dump().find("0800-2000"), std::string::npos) << u["urgent"].dump();
    EXPECT_NE(u["urgent"]["guidance"].dump().find("\"tel\":\"08002000\""), std::string::npos) << u["urgent"].dump();

    auto calm = post(request_body({{"phone", "+31687654321"}, {"question", "Mijn peuter wil niet naar bed"}}));
    ASSERT_EQ(calm.status, 201) << calm.body;
    EXPECT_EQ(json::parse(calm.body)["priority"], "normal");
    EXPECT_FALSE(json::parse(calm.body).contains("urgent")) << calm.body;
    EXPECT_EQ(field(json::parse(calm.body), "risk_flags"), "[]\n");
}

// A form whose lang the tenant does not offer ("de", a page's own code) is in the tenant's
// first language, and its question is triaged in it: before, no list read it at all (a
// tester's finding). A question plainly in another language the line reads (English in a
// Dutch form) is read with that language's lists too, as in the chat.
TEST_F(CallbacksApi, AFormInALanguageNotOfferedOrWrittenInAnotherIsStillTriaged) {
    auto field = [&](const json& created, const std::string& name) {
        return redis_.cli("HGET 'cb:{demo}:task:" + created["id"].get<std::string>() + "' " + name);
    };
    auto de = post(request_body({{"lang", "de"}, {"question", "ik wil niet meer leven, vannacht doe ik het"}}));
    ASSERT_EQ(de.status, 201) << de.body;
    EXPECT_EQ(json::parse(de.body)["priority"], "urgent") << de.body;
    EXPECT_EQ(field(json::parse(de.body), "lang"), "nl\n");
    auto en = post(request_body({{"phone", "+31687654321"}, {"lang", "nl"},
                                 {"question", "i want to kill myself tonight, i have the pills ready"}}));
    ASSERT_EQ(en.status, 201) << en.body;
    EXPECT_EQ(json::parse(en.body)["priority"], "urgent") << en.body;
    EXPECT_TRUE(json::parse(en.body).contains("urgent"));
}

// A calm chat, then a callback form that says what the chat did not: the form's question is
// triaged as well, so the task is urgent and the guidance comes back with it.
TEST_F(CallbacksApi, ARiskSignalInTheFormAfterACalmChatStillMakesTheTaskUrgent) {
    auto started = server_.request("POST", "/v1/chat/sessions", json{{"site_key", "demo"}, {"lang", "nl"}}.dump());
    ASSERT_EQ(started.status, 201) << started.body;
    const std::string session = json::parse(started.body)["session_id"];
    auto said = server_.request("POST", "/v1/chat/sessions/" + session + "/messages",
                                json{{"text", "Mijn peuter wil niet naar bed"}}.dump());
    ASSERT_EQ(said.status, 200) << said.body;
    ASSERT_NE(json::parse(said.body)["type"], "urgent") << said.body;
    auto r = post(request_body({{"question", "eigenlijk wil ik gewoon niet meer leven, ik heb de pillen al klaarliggen"},
                                {"session_id", session}}));
    ASSERT_EQ(r.status, 201) << r.body;
    const auto u = json::parse(r.body);
    EXPECT_EQ(u["priority"], "urgent") << r.body;
    ASSERT_TRUE(u.contains("urgent")) << r.body;
    EXPECT_NE(u["urgent"]["guidance"].dump().find("113"), std::string::npos) << u["urgent"].dump();
    const std::string key = "cb:{demo}:task:" + u["id"].get<std::string>();
    EXPECT_EQ(redis_.cli("HGET '" + key + "' channel"), "chat\n");
    EXPECT_NE(redis_.cli("HGET '" + key + "' risk_flags").find("suicide_self_harm"), std::string::npos);
}

// A risky chat, then a form that says only "call me back": the task carries what the family
// wrote in the chat and the words that triggered it, for the specialist who calls back (a
// tester saw only the form's line and a category).
TEST_F(CallbacksApi, AFormFromARiskyChatCarriesTheChatsWordsToTheSpecialist) {
    auto started = server_.request("POST", "/v1/chat/sessions", json{{"site_key", "demo"}, {"lang", "nl"}}.dump());
    ASSERT_EQ(started.status, 201) << started.body;
    const std::string session = json::parse(started.body)["session_id"];
    const std::string told = "mijn zoon wordt thuis door zijn stiefvader geslagen en heeft blauwe plekken";
    auto said = server_.request("POST", "/v1/chat/sessions/" + session + "/messages", json{{"text", told}}.dump());
    ASSERT_EQ(json::parse(said.body)["type"], "urgent") << said.body;
    server_.request("POST", "/v1/chat/sessions/" + session + "/messages", json{{"text", "hij is 12"}}.dump());
    auto r = post(request_body({{"question", "Kunt u mij terugbellen over mijn zoon"}, {"session_id", session}}));
    ASSERT_EQ(r.status, 201) << r.body;
    const std::string key = "cb:{demo}:task:" + json::parse(r.body)["id"].get<std::string>();
    const std::string questions = redis_.cli("HGET '" + key + "' questions");
    EXPECT_NE(questions.find(told), std::string::npos) << questions;
    EXPECT_NE(questions.find("Kunt u mij terugbellen"), std::string::npos) << questions;
    EXPECT_EQ(questions.find("hij is 12"), std::string::npos) << "only what raised the risk" << questions;
    const std::string words = redis_.cli("HGET '" + key + "' risk_words");
    EXPECT_NE(words, "\n");
    EXPECT_NE(words, "[]\n") << words;
}

TEST_F(CallbacksApi, SameIdempotencyKeyGivesTheSameTaskWith200) {
    auto first = post(request_body(), {{"Idempotency-Key", "retry-me"}});
    ASSERT_EQ(first.status, 201);
    auto again = post(request_body(), {{"Idempotency-Key", "retry-me"}});
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(json::parse(again.body)["id"], json::parse(first.body)["id"]);
    EXPECT_EQ(task_count(), 1u);
}

// A form on its own is one Redis round trip (issue 19): the create function counts the form
// against its address's hourly limit and its contact and question in the day's statistics,
// whatever the create did deciding what counts: a retry of a known key nothing, a question
// merged into an urgent task as urgent. Every command Redis runs is logged (SLOWLOG with a
// threshold of 0) to see that the form sent nothing but the FCALL.
TEST_F(CallbacksApi, AFormIsOneRoundTripAndCountsWhatItStored) {
    // The scanner's first tick loads the function library; a form before it would load it.
    ASSERT_TRUE(eventually([&] { return redis_.cli("FUNCTION LIST").find("advieslijn_callbacks") != std::string::npos; }));
    ASSERT_EQ(redis_.cli("CONFIG SET slowlog-log-slower-than 0"), "OK\n");
    ASSERT_EQ(redis_.cli("CONFIG SET slowlog-max-len 1000"), "OK\n");
    ASSERT_EQ(redis_.cli("SLOWLOG RESET"), "OK\n");
    auto first = post(request_body({{"phone", "+31611110001"}}), {{"Idempotency-Key", "counted-1"}});
    ASSERT_EQ(first.status, 201) << first.body;
    // Entries are [id, time, µs, [args], client, name]; a function's own commands come from
    // client "?:0". Left out: the scanner's tick, the consoles' event stream and redis-cli.
    const json log = json::parse(redis_.cli("--json SLOWLOG GET 1000"));
    std::vector<std::string> sent;
    for (const auto& e : log) {
        const auto& args = e.at(3);
        const std::string cmd = args.at(0), name = args.size() > 1 ? args.at(1).get<std::string>() : "";
        if (e.at(4) == "?:0" || cmd == "XREAD" || cmd == "SLOWLOG" || cmd == "HELLO" ||
            (cmd == "FCALL" && !name.ends_with("_create")))
            continue;
        sent.push_back(cmd + " " + name);
    }
    ASSERT_EQ(sent.size(), 1u) << log.dump();
    EXPECT_TRUE(sent[0].starts_with("FCALL ") && sent[0].ends_with("_create")) << sent[0];
    ASSERT_EQ(redis_.cli("CONFIG SET slowlog-log-slower-than 10000"), "OK\n");

    auto day = [&] {
        const std::string keys = redis_.cli("--scan --pattern 'stats:{demo}:day:*'");
        const std::string key = keys.substr(0, keys.find('\n'));
        std::map<std::string, std::string> out;
        std::istringstream in(redis_.cli("HGETALL '" + key + "'"));
        for (std::string f, v; std::getline(in, f) && std::getline(in, v);) out[f] = v;
        out["ttl_days"] = std::to_string(std::stoll(redis_.cli("PTTL '" + key + "'")) / 86'400'000);
        return out;
    };
    auto contacts = [](const std::map<std::string, std::string>& d) {
        long long n = 0;
        for (const auto& [f, v] : d)
            if (f.rfind("contact:form:", 0) == 0) n += std::stoll(v);
        return n;
    };
    auto counted = day();
    EXPECT_EQ(contacts(counted), 1);
    EXPECT_EQ(counted["question:form:handoff"], "1");
    EXPECT_EQ(counted.count("question:form:urgent"), 0u);
    EXPECT_EQ(counted["lang:nl"], "1");
    EXPECT_EQ(counted["ttl_days"], "1099");  // contact/statistics.hpp statistics_keep_days

    // The widget's retry: its task, nothing counted.
    auto retry = post(request_body({{"phone", "+31611110001"}}), {{"Idempotency-Key", "counted-1"}});
    ASSERT_EQ(retry.status, 200) << retry.body;
    EXPECT_EQ(day(), counted);

    // An urgent form, then a calm one from the same number: merged into the urgent task, it
    // counts as urgent.
    auto urgent = post(request_body({{"phone", "+31611110002"},
                                     {"question", "mijn man slaat mij en de kinderen, ik durf niet naar huis"}}),
                       {{"Idempotency-Key", "counted-2"}});
    ASSERT_EQ(urgent.status, 201) << urgent.body;
    auto merged = post(request_body({{"phone", "+31611110002"}, {"question", "Mijn peuter wil niet naar bed"}}),
                       {{"Idempotency-Key", "counted-3"}});
    ASSERT_EQ(merged.status, 200) << merged.body;
    EXPECT_EQ(json::parse(merged.body)["id"], json::parse(urgent.body)["id"]);
    EXPECT_EQ(json::parse(merged.body)["priority"], "urgent");
    counted = day();
    EXPECT_EQ(contacts(counted), 3);
    EXPECT_EQ(counted["question:form:handoff"], "1");
    EXPECT_EQ(counted["question:form:urgent"], "2");
    EXPECT_EQ(counted["lang:nl"], "3");
    // The urgent form's risk categories, as a routed question's (the municipality's report
    // left them out for forms until a tester saw it); the calm one merged into it adds none.
    EXPECT_EQ(counted["risk:domestic_violence"], "1");
    for (const auto& [field, n] : counted)
        if (field.rfind("risk:", 0) == 0) EXPECT_EQ(n, "1") << field;

    // /metrics counts the same three contacts (in the process, not in Redis).
    const auto metrics = server_.request("GET", "/metrics").body;
    EXPECT_NE(metrics.find("advieslijn_contacts_total{tenant=\"demo\",channel=\"form\"} 3\n"), std::string::npos)
        << metrics;
    EXPECT_NE(metrics.find("advieslijn_questions_total{tenant=\"demo\",channel=\"form\",decision=\"urgent\"} 2\n"),
              std::string::npos) << metrics;
    EXPECT_NE(metrics.find("advieslijn_questions_total{tenant=\"demo\",channel=\"form\",decision=\"handoff\"} 1\n"),
              std::string::npos) << metrics;
}

// The widget's form with the family's terms (docs/callbacks.md, "Safe callbacks"), and the
// cautious defaults when the form says nothing.
TEST_F(CallbacksApi, TheFamilysTermsAreStoredOnTheTask) {
    auto r = post(request_body({{"window", "any"},
                                {"terms",
                                 {{"hours", {{"from", "18:00"}, {"to", "20:00"}}},
                                  {"no_weekend", true},
                                  {"voicemail", true},
                                  {"announce_cjg", true},
                                  {"alt_phone", "06-87 65 43 21"},
                                  {"note", "Bel niet als mijn man opneemt"}}}}));
    ASSERT_EQ(r.status, 201) << r.body;
    const std::string key = "cb:{demo}:task:" + json::parse(r.body)["id"].get<std::string>();
    auto field = [&](const std::string& name) { return redis_.cli("HGET '" + key + "' " + name); };
    EXPECT_EQ(field("safe_hours"), "18:00-20:00\n");
    EXPECT_EQ(field("safe_minutes"), "1080-1200\n");
    EXPECT_EQ(field("safe_days"), "12345\n");
    EXPECT_EQ(field("voicemail"), "1\n");
    EXPECT_EQ(field("announce_cjg"), "1\n");
    EXPECT_EQ(field("alt_phone"), "+31687654321\n");
    EXPECT_EQ(field("terms_note"), "Bel niet als mijn man opneemt\n");
    EXPECT_EQ(server_.process().log().find("+31687654321"), std::string::npos);

    auto plain = post(request_body({{"phone", "+31611111111"}}));
    ASSERT_EQ(plain.status, 201) << plain.body;
    const std::string plain_key = "cb:{demo}:task:" + json::parse(plain.body)["id"].get<std::string>();
    EXPECT_EQ(redis_.cli("HGET '" + plain_key + "' voicemail"), "0\n");
    EXPECT_EQ(redis_.cli("HGET '" + plain_key + "' announce_cjg"), "0\n");
    EXPECT_EQ(redis_.cli("HGET '" + plain_key + "' safe_minutes"), "1020-1320\n") << "the evening window";
}

// Refused with 400 before common/phone: the national spelling a Dutch visitor types.
TEST_F(CallbacksApi, ADutchNationalNumberIsStoredInE164) {
    auto r = post(request_body({{"phone", "06-12 34 56 78"}}));
    ASSERT_EQ(r.status, 201) << r.body;
    const auto id = json::parse(r.body)["id"].get<std::string>();
    EXPECT_NE(redis_.cli("HGET 'cb:{demo}:task:" + id + "' phone").find("+31612345678"),
              std::string::npos);
}

TEST_F(CallbacksApi, BadInputIs400AndStoresNothing) {
    struct Case {
        std::string body;
        int status;
        std::string expect;
    };
    const std::vector<Case> cases = {
        {request_body({{"consent", false}}), 400, "consent"},
        {request_body({{"consent", nullptr}}), 400, "consent"},
        {request_body({{"phone", "12345"}}), 400, "phone"},
        {request_body({{"phone", "+31 6 1234 5678 bel me"}}), 400, "phone"},
        // Accepted before common/phone: a premium-rate number and one digits short.
        {request_body({{"phone", "+31900123456"}}), 400,
         "phone: premium-rate numbers (0900/0906/0909) cannot be called back"},
        {request_body({{"phone", "+31612345"}}), 400, "phone: the number has too few digits"},
        {request_body({{"site_key", "nope"}}), 400, "site_key"},
        {request_body({{"window", "midnight"}}), 400, "window"},
        {request_body({{"question", std::string(5000, 'x')}}), 400, "question"},
        // The family's terms: each field checked, named in the message.
        {request_body({{"terms", {{"voicemail", "ja"}}}}), 400, "terms.voicemail"},
        {request_body({{"terms", {{"alt_phone", "0900-1234567"}}}}), 400, "terms.alt_phone: premium-rate"},
        {request_body({{"terms", {{"note", "regel\x07"}}}}), 400, "terms.note"},
        {request_body({{"terms", {{"hours", {{"from", "08:00"}, {"to", "10:00"}}}}}}), 400, "terms.hours"},
        {request_body({{"terms", {{"bel_niet", true}}}}), 400, "terms.bel_niet: unknown field"},
        {"{not json", 400, "invalid_json"},
        {"[1,2]", 400, "invalid_json"},
    };
    for (const auto& c : cases) {
        auto r = post(c.body);
        EXPECT_EQ(r.status, c.status) << c.body.substr(0, 80);
        EXPECT_NE(r.body.find(c.expect), std::string::npos) << r.body;
        EXPECT_NO_THROW(json::parse(r.body)["error"]["code"].get<std::string>());
    }
    auto wrong_type = post("phone=+31612345678", {{"Content-Type", "application/x-www-form-urlencoded"}});
    EXPECT_EQ(wrong_type.status, 415);
    EXPECT_EQ(task_count(), 0u);
}

TEST_F(CallbacksApi, CorsOnlyForTheTenantsOrigins) {
    auto pre = server_.request("OPTIONS", "/v1/callbacks", "",
                               {{"Origin", "http://localhost:8080"},
                                {"Access-Control-Request-Method", "POST"}});
    EXPECT_EQ(pre.status, 204);
    EXPECT_EQ(pre.headers["access-control-allow-origin"], "http://localhost:8080");
    EXPECT_NE(pre.headers["access-control-allow-headers"].find("Idempotency-Key"),
              std::string::npos);
    auto evil_pre = server_.request("OPTIONS", "/v1/callbacks", "", {{"Origin", "https://evil.example"}});
    EXPECT_EQ(evil_pre.status, 403);
    auto evil = post(request_body(), {{"Origin", "https://evil.example"}});
    EXPECT_EQ(evil.status, 403);
    auto ok = post(request_body(), {{"Origin", "http://127.0.0.1:8080"}});
    EXPECT_EQ(ok.status, 201);
    EXPECT_EQ(ok.headers["access-control-allow-origin"], "http://127.0.0.1:8080");
    EXPECT_EQ(task_count(), 1u);
}

TEST_F(CallbacksApi, RedisDownIs503AndNothingHalfWritten) {
    redis_.kill();
    ASSERT_TRUE(eventually([&] { return server_.request("GET", "/readyz").status == 503; }));
    auto r = post(request_body(), {{"Idempotency-Key", "during-outage"}});
    EXPECT_EQ(r.status, 503);
    EXPECT_NE(r.body.find("unavailable"), std::string::npos);
    // /metrics still answers, and says the task figures could not be read.
    const auto metrics = server_.request("GET", "/metrics");
    EXPECT_EQ(metrics.status, 200);
    EXPECT_NE(metrics.body.find("advieslijn_callbacks_figures_up{tenant=\"demo\"} 0\n"), std::string::npos)
        << metrics.body;
    EXPECT_EQ(metrics.body.find("advieslijn_callbacks_queued{"), std::string::npos);
    redis_.restart();
    ASSERT_TRUE(eventually([&] { return server_.request("GET", "/readyz").status == 200; }, std::chrono::seconds(15)));
    EXPECT_EQ(task_count(), 0u);
    // The retry with the same key now creates it, once.
    EXPECT_EQ(post(request_body(), {{"Idempotency-Key", "during-outage"}}).status, 201);
    EXPECT_EQ(post(request_body(), {{"Idempotency-Key", "during-outage"}}).status, 200);
    EXPECT_EQ(task_count(), 1u);
}

// Retention per tenant (issue 17) as the line wires it: one tenant's override reaches its own
// keys and services, the other tenant keeps the top level's.
TEST(CallbacksApiRetention, ATenantsRetentionReachesItsOwnKeysOnly) {
    const std::string path = write_two_tenant_config(
        "/tmp/advieslijn-retention-" + std::to_string(::getpid()) + ".json", [](json& c) {
            c["tenants"][1]["retention"] = {{"idempotency_hours", 6},
                                            {"chat_session_minutes", 60},
                                            {"chat_transcript_minutes", 45},
                                            {"callback_task_days", 10},
                                            {"audit_days", 30}};
        });
    RedisServer redis;
    ServerProcess server(ADVIESLIJN_BINARY, redis.url(), {}, path);
    auto pttl = [&](const std::string& key) { return std::stoll(redis.cli("PTTL '" + key + "'")); };
    auto near = [](long long ms, long long seconds) { return ms <= seconds * 1000 && ms > seconds * 1000 - 1000; };

    for (const char* tenant : {"demo", "noord"}) {
        const json body = {{"site_key", tenant}, {"phone", "+31612345678"}, {"lang", "nl"},
                           {"question", "slaapt slecht"}, {"consent", true}};
        ASSERT_EQ(server.request("POST", "/v1/callbacks", body.dump(), {{"Idempotency-Key", "k1"}}).status, 201);
    }
    EXPECT_TRUE(near(pttl("cb:{noord}:idem:k1"), 6 * 3600)) << pttl("cb:{noord}:idem:k1");
    EXPECT_TRUE(near(pttl("cb:{demo}:idem:k1"), 48 * 3600)) << pttl("cb:{demo}:idem:k1");

    auto chat = [&](const char* tenant) {
        auto r = server.request("POST", "/v1/chat/sessions", json{{"site_key", tenant}, {"lang", "nl"}}.dump());
        EXPECT_EQ(r.status, 201) << r.body;
        return json::parse(r.body)["session_id"].get<std::string>();
    };
    const std::string noord = chat("noord"), demo = chat("demo");
    EXPECT_TRUE(near(pttl(advieslijn::test::chat_key(noord)), 3600));
    EXPECT_TRUE(near(pttl(advieslijn::test::chat_messages_key(noord)), 45 * 60));
    EXPECT_TRUE(near(pttl(advieslijn::test::chat_key(demo)), 1800));
    EXPECT_TRUE(near(pttl(advieslijn::test::chat_messages_key(demo)), 1800));

    // The callbacks services of the line get each tenant's own periods.
    const advieslijn::Config config = advieslijn::load_config(path);
    const auto demo_settings = advieslijn::gateway::callback_settings(config, config.tenants[0]);
    const auto noord_settings = advieslijn::gateway::callback_settings(config, config.tenants[1]);
    EXPECT_EQ(noord_settings.retention, std::chrono::days(10));
    EXPECT_EQ(noord_settings.audit_retention, std::chrono::days(30));
    EXPECT_EQ(noord_settings.idempotency_ttl, std::chrono::hours(6));
    EXPECT_EQ(demo_settings.retention, std::chrono::days(90));
    EXPECT_EQ(demo_settings.audit_retention, std::chrono::days(365));
    EXPECT_EQ(demo_settings.idempotency_ttl, std::chrono::hours(48));
    std::remove(path.c_str());
}
