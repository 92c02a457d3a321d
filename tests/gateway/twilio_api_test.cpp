// Twilio webhooks through the real binary: requests signed the way Twilio signs them
// (computed here with OpenSSL directly, not with the code under test), TwiML back, tasks in
// a real Redis.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>
#include <thread>
#include <unistd.h>

#include "tests/support/keys.hpp"
#include "tests/support/config.hpp"
#include "tests/support/process.hpp"
#include "tests/support/redis_server.hpp"
#include "tests/support/twilio.hpp"
#include "tests/support/webhook_receiver.hpp"

using namespace advieslijn::test;

namespace {

const std::string token = "twilio-test-token";
const std::string public_url = "https://line.example.org";
const std::string line_number = "+31880030060";

std::string sign(const std::string& url, const std::map<std::string, std::string>& params) {
    return twilio_signature(token, url, params);
}

const std::string noord_number = "+31501234567";

// The shipped config plus tenant "noord" without crisis config, and the supervisors' webhook
// pointed at `hook_url`, sent from a scanner that ticks every 100 ms.
std::string config_with_webhook(const std::string& hook_url) {
    static int counter = 0;
    const std::string path = "/tmp/advieslijn-twilio-" + std::to_string(::getpid()) + "-" +
                             std::to_string(counter++) + ".json";
    return write_two_tenant_config(path, [&](nlohmann::json& c) {
        c["tenants"][1].erase("crisis");
        c["callbacks"]["escalation_webhook_url"] = hook_url;
        c["callbacks"]["scan_interval_ms"] = 100;
    });
}

class TwilioApi : public ::testing::Test {
protected:
    RedisServer redis_;
    WebhookReceiver hooks_;
    ServerProcess server_{ADVIESLIJN_BINARY, redis_.url(),
                          {{"TWILIO_AUTH_TOKEN", token},
                           {"ADVIESLIJN_PUBLIC_URL", public_url},
                           {"ADVIESLIJN_WEBHOOK_SECRET", "hook-secret"}},
                          config_with_webhook(hooks_.url())};

    HttpReply post(const std::string& target, std::map<std::string, std::string> params,
                   std::string signature = {}) {
        if (signature.empty()) signature = sign(public_url + target, params);
        return server_.request("POST", target, form_encode(params),
                               {{"Content-Type", "application/x-www-form-urlencoded"},
                                {"X-Twilio-Signature", signature}});
    }
    static std::string gather_action(const std::string& twiml, const std::string& verb = "Gather") {
        return twiml_action(twiml, verb);
    }
    std::map<std::string, std::string> call(const std::string& sid, const std::string& from) {
        return {{"CallSid", sid}, {"From", from}, {"To", line_number}, {"AccountSid", "AC1"},
                {"CallStatus", "in-progress"}};
    }
    std::size_t task_count(const std::string& tenant = "demo") {
        const std::string out = redis_.cli("--scan --pattern 'cb:{" + tenant + "}:task:*'");
        return static_cast<std::size_t>(std::count(out.begin(), out.end(), '\n'));
    }
    // The callback.urgent webhooks the binary sent so far.
    std::vector<nlohmann::json> urgent_webhooks() const {
        std::vector<nlohmann::json> out;
        for (const auto& body : hooks_.bodies())
            if (auto j = nlohmann::json::parse(body, nullptr, false); j.value("event", "") == "callback.urgent")
                out.push_back(j);
        return out;
    }
    static bool flags_include(const nlohmann::json& hook, const std::string& category) {
        const auto& flags = hook["risk_flags"];
        return std::find(flags.begin(), flags.end(), category) != flags.end();
    }
    // Many scanner ticks (every 100 ms) later: what was sent by now was sent, once.
    static void let_the_scanner_tick() { std::this_thread::sleep_for(std::chrono::milliseconds(700)); }
    // Greeting, then `speech`: the TwiML of the answer.
    std::string say(const std::string& sid, const std::string& speech, const std::string& to = line_number) {
        auto params = call(sid, "+31612345678");
        params["To"] = to;
        auto greet = post("/v1/twilio/voice", params);
        EXPECT_EQ(greet.status, 200) << greet.body;
        params["SpeechResult"] = speech;
        auto r = post(gather_action(greet.body), params);
        EXPECT_EQ(r.status, 200) << r.body;
        return r.body;
    }
    static std::string dial_action(const std::string& twiml) { return gather_action(twiml, "Dial"); }
    // How often the callbacks service took a contact for the demo tenant's only task: a second
    // create for the same caller would be merged into it as a second question.
    std::size_t contacts_in_only_task() {
        std::string key = redis_.cli("--scan --pattern 'cb:{demo}:task:*'");
        key = key.substr(0, key.find('\n'));
        return nlohmann::json::parse(redis_.cli("HGET '" + key + "' questions")).size();
    }
    std::string all_tasks() {
        std::string all;
        std::istringstream keys(redis_.cli("--scan --pattern 'cb:{demo}:task:*'"));
        std::string key;
        while (std::getline(keys, key)) all += redis_.cli("HGETALL '" + key + "'");
        return all;
    }
};

}  // namespace

TEST_F(TwilioApi, TwilioPublishedSignatureExampleMatchesTheTestsOpenSslComputation) {
    // The example in Twilio's request-validation documentation (auth token 12345).
    const std::map<std::string, std::string> params = {{"CallSid", "CA1234567890ABCDE"},
                                                       {"Caller", "+12349013030"},
                                                       {"Digits", "1234"},
                                                       {"From", "+12349013030"},
                                                       {"To", "+18005551212"}};
    EXPECT_EQ(twilio_signature("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", params),
              "0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
}

TEST_F(TwilioApi, InvalidSignatureIs403AndNothingHappens) {
    auto r = post("/v1/twilio/voice", call("CAbad", "+31612345678"), "bm90IGEgc2lnbmF0dXJl");
    EXPECT_EQ(r.status, 403);
    auto missing = server_.request("POST", "/v1/twilio/voice", form_encode(call("CAbad", "+31612345678")),
                                   {{"Content-Type", "application/x-www-form-urlencoded"}});
    EXPECT_EQ(missing.status, 403);
    // Signed over another URL (a replay against another path) fails too.
    auto params = call("CAbad", "+31612345678");
    auto wrong_url = post("/v1/twilio/voice", params, sign(public_url + "/v1/twilio/messaging", params));
    EXPECT_EQ(wrong_url.status, 403);
    EXPECT_EQ(redis_.cli("EXISTS " + advieslijn::test::voice_key("demo", "CAbad")), "0\n");
    EXPECT_EQ(task_count(), 0u);
}

TEST_F(TwilioApi, BadRequestsGetClearErrors) {
    auto json_body = server_.request("POST", "/v1/twilio/voice", "{}",
                                     {{"Content-Type", "application/json"}});
    EXPECT_EQ(json_body.status, 415);
    std::map<std::string, std::string> no_sid = {{"From", "+31612345678"}, {"To", line_number}};
    EXPECT_EQ(post("/v1/twilio/voice", no_sid).status, 400);
    EXPECT_EQ(task_count(), 0u);
}

TEST_F(TwilioApi, AnsweredQuestionIsReadOut) {
    auto greet = post("/v1/twilio/voice", call("CA100", "+31612345678"));
    ASSERT_EQ(greet.status, 200) << greet.body;
    EXPECT_NE(greet.headers["content-type"].find("xml"), std::string::npos);
    EXPECT_NE(greet.body.find("<Gather"), std::string::npos);
    EXPECT_NE(greet.body.find("nl-NL"), std::string::npos);
    const std::string action = gather_action(greet.body);
    ASSERT_FALSE(action.empty()) << greet.body;
    auto params = call("CA100", "+31612345678");
    params["SpeechResult"] = "mijn baby wil niet doorslapen";
    auto answer = post(action, params);
    ASSERT_EQ(answer.status, 200) << answer.body;
    EXPECT_NE(answer.body.find("<Say"), std::string::npos);
    // The article's spoken text, XML-escaped ("baby's" -> "baby&apos;s").
    EXPECT_NE(unescape_xml(answer.body).find("Veel baby's worden 's nachts nog wakker"),
              std::string::npos)
        << answer.body;
    EXPECT_EQ(task_count(), 0u);
}

// The speech recogniser is told the words of risk as well as the articles' keywords (a tester
// found only everyday words): a risk word it expects is more often heard right.
TEST_F(TwilioApi, SpeechHintsCarryTheWordsOfRiskBeforeTheArticlesKeywords) {
    auto greet = post("/v1/twilio/voice", call("CA101", "+31612345678"));
    ASSERT_EQ(greet.status, 200) << greet.body;
    const auto at = greet.body.find("hints=\"");
    ASSERT_NE(at, std::string::npos) << greet.body;
    const std::string hints = unescape_xml(greet.body.substr(at + 7, greet.body.find('"', at + 7) - at - 7));
    EXPECT_EQ(hints.rfind("zelfmoord,", 0), 0u) << hints;
    EXPECT_NE(hints.find(",Veilig Thuis,"), std::string::npos) << hints;
    EXPECT_NE(hints.find(",baby,"), std::string::npos) << "the articles' keywords follow: " << hints;
    EXPECT_LE(std::count(hints.begin(), hints.end(), ',') + 1, 500) << "Twilio's limit";
}

TEST_F(TwilioApi, RetriedFirstWebhookDoesNotRestartTheCall) {
    // The first step is stored only when the call has no state yet (SET NX GET); a retry of
    // it, even after the call moved on, must neither reset the conversation nor fail.
    auto greet = post("/v1/twilio/voice", call("CA150", "+31612345678"));
    ASSERT_EQ(greet.status, 200) << greet.body;
    const std::string stored = redis_.cli("GET " + advieslijn::test::voice_key("demo", "CA150"));
    ASSERT_NE(stored, "");
    auto again = post("/v1/twilio/voice", call("CA150", "+31612345678"));
    EXPECT_EQ(again.status, 200);
    EXPECT_EQ(again.body, greet.body);
    EXPECT_EQ(redis_.cli("GET " + advieslijn::test::voice_key("demo", "CA150")), stored);  // untouched by the retry

    auto params = call("CA150", "+31612345678");
    params["SpeechResult"] = "mijn baby wil niet doorslapen";
    auto answer = post(gather_action(greet.body), params);
    ASSERT_EQ(answer.status, 200);
    const std::string after_answer = redis_.cli("GET " + advieslijn::test::voice_key("demo", "CA150"));
    auto late = post("/v1/twilio/voice", call("CA150", "+31612345678"));
    EXPECT_EQ(late.status, 200);
    EXPECT_EQ(late.body, answer.body);  // the last TwiML again, not a new greeting
    EXPECT_EQ(redis_.cli("GET " + advieslijn::test::voice_key("demo", "CA150")), after_answer);
    EXPECT_EQ(task_count(), 0u);
}

// A step's writes (its state, its statistics) go to Redis together once the state was read
// (issue 19). When Redis reads but refuses the writes (here: out of memory), the caller still
// hears the step, nothing of it is stored or counted, and Twilio's retry takes the step again
// from the state before it; a retry of a stored step gets the same TwiML and counts nothing.
TEST_F(TwilioApi, AGatherWhoseWritesFailIsAnsweredAndItsRetryTakesTheStepAgain) {
    auto greet = post("/v1/twilio/voice", call("CA170", "+31612345678"));
    ASSERT_EQ(greet.status, 200) << greet.body;
    const std::string key = advieslijn::test::voice_key("demo", "CA170");
    const std::string before = redis_.cli("GET " + key);
    ASSERT_NE(before, "\n");
    auto day_counts = [&] {
        const std::string keys = redis_.cli("--scan --pattern 'stats:{demo}:day:*'");
        return redis_.cli("HGETALL '" + keys.substr(0, keys.find('\n')) + "'");
    };
    const std::string counted_before = day_counts();
    ASSERT_NE(counted_before.find("contact:voice:"), std::string::npos) << counted_before;
    const std::string action = gather_action(greet.body);
    auto params = call("CA170", "+31612345678");
    params["SpeechResult"] = "mijn baby wil niet doorslapen";

    ASSERT_EQ(redis_.cli("CONFIG SET maxmemory 1"), "OK\n");  // noeviction: writes refused
    auto refused = post(action, params);
    ASSERT_EQ(redis_.cli("CONFIG SET maxmemory 0"), "OK\n");
    ASSERT_EQ(refused.status, 200) << refused.body;
    EXPECT_NE(unescape_xml(refused.body).find("Veel baby's worden 's nachts nog wakker"), std::string::npos)
        << refused.body;
    EXPECT_EQ(redis_.cli("GET " + key), before);
    EXPECT_EQ(day_counts(), counted_before);
    EXPECT_NE(server_.process().log().find("could not store the state of call CA170"), std::string::npos);

    auto answer = post(action, params);
    ASSERT_EQ(answer.status, 200) << answer.body;
    EXPECT_EQ(answer.body, refused.body);
    const std::string after = redis_.cli("GET " + key);
    EXPECT_NE(after, before);
    EXPECT_GT(std::stoll(redis_.cli("TTL " + key)), 3600);
    const std::string counted = day_counts();
    EXPECT_NE(counted.find("question:voice:"), std::string::npos) << counted;

    auto retry = post(action, params);
    ASSERT_EQ(retry.status, 200);
    EXPECT_EQ(retry.body, answer.body);
    EXPECT_EQ(redis_.cli("GET " + key), after);
    EXPECT_EQ(day_counts(), counted);
    EXPECT_EQ(task_count(), 0u);
}

TEST_F(TwilioApi, UnansweredQuestionBecomesATaskOnceEvenWhenRetried) {
    auto greet = post("/v1/twilio/voice", call("CA200", "+31612345678"));
    auto params = call("CA200", "+31612345678");
    params["SpeechResult"] = "ik heb een vraag over de belastingaangifte van mijn oom";
    auto step = post(gather_action(greet.body), params);
    ASSERT_EQ(step.status, 200) << step.body;
    // Keep confirming ("1": this number is fine) until the line says goodbye.
    std::string twiml = step.body, last_action, last_twiml;
    for (int i = 0; i < 10 && gather_action(twiml) != ""; ++i) {
        last_action = gather_action(twiml);
        auto p = call("CA200", "+31612345678");
        p["Digits"] = "1";
        auto r = post(last_action, p);
        ASSERT_EQ(r.status, 200) << r.body;
        last_twiml = r.body;
        twiml = r.body;
    }
    EXPECT_NE(twiml.find("<Hangup"), std::string::npos) << twiml;
    ASSERT_EQ(task_count(), 1u) << twiml;
    EXPECT_NE(all_tasks().find("+31612345678"), std::string::npos);
    // Twilio retries the last step: same TwiML, still one task.
    auto p = call("CA200", "+31612345678");
    p["Digits"] = "1";
    auto retry = post(last_action, p);
    EXPECT_EQ(retry.body, last_twiml);
    EXPECT_EQ(task_count(), 1u);
}

// The family's terms by keypad after the number (docs/callbacks.md, "Safe callbacks"): each
// one set, stored on the task; silence keeps the cautious defaults; a retried step answers the
// same TwiML and makes no second task.
TEST_F(TwilioApi, TheIvrRecordsTheFamilysTermsOnTheTask) {
    // The one field of the task of `phone`.
    auto field_of = [&](const std::string& phone, const std::string& field) {
        std::istringstream keys(redis_.cli("--scan --pattern 'cb:{demo}:task:*'"));
        std::string key;
        while (std::getline(keys, key))
            if (redis_.cli("HGET '" + key + "' phone").find(phone) == 0)
                return redis_.cli("HGET '" + key + "' " + field);
        return std::string("(no task)");
    };
    auto walk = [&](const std::string& sid, const std::string& from, std::vector<std::string> keys) {
        auto greet = post("/v1/twilio/voice", call(sid, from));
        auto params = call(sid, from);
        params["SpeechResult"] = "ik heb een vraag over de belastingaangifte van mijn oom";
        std::vector<std::string> twimls{post(gather_action(greet.body), params).body};
        for (const auto& k : keys) {
            auto p = call(sid, from);
            if (k.starts_with("say:"))
                p["SpeechResult"] = k.substr(4);
            else
                p["Digits"] = k;
            auto r = post(gather_action(twimls.back()), p);
            EXPECT_EQ(r.status, 200) << r.body;
            twimls.push_back(r.body);
        }
        return twimls;
    };
    // Own number (1), a voicemail may be left (1), we may say CJG ("ja", said), the evening
    // (3), not in the weekend ("nee", said), another number, and a note.
    auto steps = walk("CA700", "+31612345678",
                      {"1", "1", "say:ja", "3", "say:nee", "0201234567", "say:Bel niet voor negen uur"});
    EXPECT_NE(steps[1].find("voicemail inspreken"), std::string::npos) << steps[1];
    EXPECT_NE(steps[2].find("van het CJG bellen"), std::string::npos) << steps[2];
    EXPECT_NE(steps[3].find("veilig bellen"), std::string::npos) << steps[3];
    EXPECT_NE(steps[4].find("zaterdag en zondag"), std::string::npos) << steps[4];
    EXPECT_NE(steps[5].find("ander nummer"), std::string::npos) << steps[5];
    EXPECT_NE(steps[6].find("waar we op moeten letten"), std::string::npos) << steps[6];
    EXPECT_NE(steps[7].find("<Hangup"), std::string::npos) << steps[7];
    ASSERT_EQ(task_count(), 1u);
    EXPECT_EQ(field_of("+31612345678", "voicemail"), "1\n");
    EXPECT_EQ(field_of("+31612345678", "announce_cjg"), "1\n");
    EXPECT_EQ(field_of("+31612345678", "terms_note"), "Bel niet voor negen uur\n");
    EXPECT_EQ(field_of("+31612345678", "window"), "evening\n");
    EXPECT_EQ(field_of("+31612345678", "safe_minutes"), "1020-1320\n") << "the queue keeps it";
    EXPECT_EQ(field_of("+31612345678", "no_weekend"), "1\n");
    EXPECT_EQ(field_of("+31612345678", "safe_days"), "12345\n");
    EXPECT_EQ(field_of("+31612345678", "alt_phone"), "+31201234567\n");
    // Twilio retries the last step: the same TwiML, still one task.
    auto p = call("CA700", "+31612345678");
    p["SpeechResult"] = "Bel niet voor negen uur";
    EXPECT_EQ(post(gather_action(steps[6]), p).body, steps[7]);
    EXPECT_EQ(task_count(), 1u);

    // Silence at every question: no voicemail, a neutral announcement, no note.
    walk("CA701", "+31687654321", {"1", "", "", "", "", "", ""});
    ASSERT_EQ(task_count(), 2u);
    EXPECT_EQ(field_of("+31687654321", "voicemail"), "0\n");
    EXPECT_EQ(field_of("+31687654321", "announce_cjg"), "0\n");
    EXPECT_EQ(field_of("+31687654321", "terms_note"), "\n");
    EXPECT_EQ(field_of("+31687654321", "window"), "any\n");
    EXPECT_EQ(field_of("+31687654321", "no_weekend"), "\n") << "silence keeps every day";
    EXPECT_EQ(field_of("+31687654321", "alt_phone"), "\n");
}

TEST_F(TwilioApi, RiskPhraseGivesGuidanceAndAnUrgentTask) {
    auto greet = post("/v1/twilio/voice", call("CA300", "+31612345678"));
    auto params = call("CA300", "+31612345678");
    params["SpeechResult"] = "mijn man slaat mij en de kinderen";
    auto r = post(gather_action(greet.body), params);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(r.body.find("Veilig Thuis") != std::string::npos ||
                r.body.find("112") != std::string::npos ||
                r.body.find("honderdtwaalf") != std::string::npos)
        << r.body;
    // Declining the offer to be put through ("2"): the urgent callback task.
    EXPECT_NE(r.body.find("doorverbonden te worden met Veilig Thuis"), std::string::npos) << r.body;
    auto p = call("CA300", "+31612345678");
    p["Digits"] = "2";
    const auto declined = post(gather_action(r.body), p);
    EXPECT_NE(declined.body.find("<Hangup/>"), std::string::npos) << declined.body;
    ASSERT_EQ(task_count(), 1u) << declined.body;
    EXPECT_NE(all_tasks().find("urgent"), std::string::npos);
    // Twilio retries the same request: the same answer, still one task, and the supervisors
    // were told once.
    EXPECT_EQ(post(gather_action(r.body), p).body, declined.body);
    EXPECT_EQ(task_count(), 1u);
    EXPECT_EQ(contacts_in_only_task(), 1u);
    ASSERT_TRUE(eventually([&] { return urgent_webhooks().size() == 1; }));
    let_the_scanner_tick();
    ASSERT_EQ(urgent_webhooks().size(), 1u);
    EXPECT_TRUE(flags_include(urgent_webhooks()[0], "child_abuse")) << urgent_webhooks()[0];
}

TEST_F(TwilioApi, PressingOneDialsThePartnerAndACompletedTransferNeedsNoTask) {
    const auto offer = say("CA310", "mijn man slaat mij en de kinderen");
    EXPECT_NE(offer.find("nul achthonderd, twee nul nul nul"), std::string::npos) << offer;
    EXPECT_LT(offer.find("nul achthonderd, twee nul nul nul"),
              offer.find("Druk 1 of zeg &apos;ja&apos; om nu doorverbonden te worden met Veilig Thuis"));
    EXPECT_EQ(offer.find("heeft geholpen"), std::string::npos);
    auto p = call("CA310", "+31612345678");
    p["Digits"] = "1";
    const auto dial = post(gather_action(offer), p);
    ASSERT_EQ(dial.status, 200) << dial.body;
    EXPECT_NE(dial.body.find("<Dial callerId=\"+31880030060\" action=\"/v1/twilio/voice/dial?seq=3\""),
              std::string::npos)
        << dial.body;
    EXPECT_NE(dial.body.find("<Number>+318002000</Number></Dial>"), std::string::npos);
    EXPECT_EQ(task_count(), 0u);

    // The partner answered; after the conversation Twilio asks the action how to go on.
    auto ended = call("CA310", "+31612345678");
    ended["DialCallStatus"] = "completed";
    ended["DialCallSid"] = "CA310b";
    ended["DialCallDuration"] = "412";
    // Signed like every Twilio webhook: a forged one does nothing.
    EXPECT_EQ(post(dial_action(dial.body), ended, "forged").status, 403);
    const auto bye = post(dial_action(dial.body), ended);
    ASSERT_EQ(bye.status, 200) << bye.body;
    EXPECT_NE(bye.body.find("<Hangup/>"), std::string::npos) << bye.body;
    EXPECT_EQ(post(dial_action(dial.body), ended).body, bye.body) << "a retry";
    auto status = call("CA310", "+31612345678");
    status["CallStatus"] = "completed";
    EXPECT_EQ(post("/v1/twilio/voice/status", status).status, 204);
    EXPECT_EQ(task_count(), 0u);
    EXPECT_EQ(redis_.cli("HGET stats:{demo}:calls transferred"), "1\n");
    let_the_scanner_tick();
    EXPECT_TRUE(urgent_webhooks().empty());
}

TEST_F(TwilioApi, AnUnansweredTransferBecomesOneUrgentTaskAndOneWebhookEvenWhenRetried) {
    const auto offer = say("CA320", "mijn man slaat mij en de kinderen");
    auto p = call("CA320", "+31612345678");
    p["Digits"] = "1";
    const auto dial = post(gather_action(offer), p);
    auto ended = call("CA320", "+31612345678");
    ended["DialCallStatus"] = "no-answer";
    const auto failed = post(dial_action(dial.body), ended);
    ASSERT_EQ(failed.status, 200) << failed.body;
    EXPECT_NE(failed.body.find("niet gelukt je door te verbinden met Veilig Thuis"), std::string::npos)
        << failed.body;
    EXPECT_NE(failed.body.find("referentie"), std::string::npos);
    ASSERT_EQ(task_count(), 1u);
    const std::string task = all_tasks();
    EXPECT_NE(task.find("urgent"), std::string::npos);
    EXPECT_NE(task.find("child_abuse"), std::string::npos);
    EXPECT_NE(task.find("+31612345678"), std::string::npos);
    // The specialist sees what triggered the flags: the matched words.
    EXPECT_NE(task.find("risk_words\n[\"man slaat kinderen\",\"man slaat mij\"]"), std::string::npos)
        << task;
    // Twilio retries the dial action, and the status callback follows: nothing new.
    EXPECT_EQ(post(dial_action(dial.body), ended).body, failed.body);
    auto status = call("CA320", "+31612345678");
    status["CallStatus"] = "completed";
    post("/v1/twilio/voice/status", status);
    EXPECT_EQ(task_count(), 1u);
    EXPECT_EQ(contacts_in_only_task(), 1u);
    ASSERT_TRUE(eventually([&] { return urgent_webhooks().size() == 1; }));
    let_the_scanner_tick();
    ASSERT_EQ(urgent_webhooks().size(), 1u);
    EXPECT_EQ(urgent_webhooks()[0]["priority"], "urgent");
    EXPECT_TRUE(flags_include(urgent_webhooks()[0], "child_abuse")) << urgent_webhooks()[0];
}

TEST_F(TwilioApi, ATenantWithoutCrisisConfigGetsNoOfferButTheUrgentTask) {
    const auto xml = say("CA330", "mijn man slaat mij en de kinderen", noord_number);
    EXPECT_NE(xml.find("nul achthonderd, twee nul nul nul"), std::string::npos) << xml;
    EXPECT_EQ(xml.find("doorverbonden"), std::string::npos) << xml;
    EXPECT_EQ(xml.find("<Dial"), std::string::npos);
    EXPECT_NE(xml.find("<Hangup/>"), std::string::npos);
    EXPECT_EQ(task_count("noord"), 1u);
    ASSERT_TRUE(eventually([&] { return urgent_webhooks().size() == 1; }));
    EXPECT_EQ(urgent_webhooks()[0]["tenant"], "noord");
}

TEST_F(TwilioApi, ARiskPhraseWithLostCallStateStillGetsTheOffer) {
    auto params = call("CA340", "+31612345678");
    params["SpeechResult"] = "mijn man slaat mij en de kinderen";
    const auto r = post("/v1/twilio/voice/gather?seq=4", params);  // no state for CA340
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_NE(r.body.find("doorverbonden te worden met Veilig Thuis"), std::string::npos) << r.body;
    EXPECT_EQ(task_count(), 0u);
}

TEST_F(TwilioApi, AnonymousCallerTypesANumber) {
    auto params = call("CA400", "");
    params.erase("From");
    auto greet = post("/v1/twilio/voice", params);
    ASSERT_EQ(greet.status, 200) << greet.body;
    auto p = params;
    p["SpeechResult"] = "vraag over de belastingaangifte van mijn oom";
    std::string twiml = post(gather_action(greet.body), p).body;
    // Type a number when asked, confirm it when asked.
    for (int i = 0; i < 10 && !gather_action(twiml).empty(); ++i) {
        auto q = params;
        q["Digits"] = twiml.find("#") != std::string::npos || i == 0 ? "0612345678" : "1";
        twiml = post(gather_action(twiml), q).body;
    }
    ASSERT_EQ(task_count(), 1u) << twiml;
    EXPECT_NE(all_tasks().find("+31612345678"), std::string::npos);
}

TEST_F(TwilioApi, SmsIsAnsweredAndCallerTextIsEscaped) {
    std::map<std::string, std::string> sms = {{"MessageSid", "SM1"},
                                              {"From", "+31612345678"},
                                              {"To", line_number},
                                              {"Body", "driftbuien bij mijn peuter <b>&\"'"}};
    auto r = post("/v1/twilio/messaging", sms);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_NE(r.body.find("<Message>"), std::string::npos);
    EXPECT_EQ(r.body.find("<b>"), std::string::npos);
    // The same MessageSid again (a provider retry) gets the same reply.
    EXPECT_EQ(post("/v1/twilio/messaging", sms).body, r.body);
}

// Safe callbacks by text (docs/callbacks.md): the task exists as soon as it is confirmed,
// with the cautious defaults; each answer to the terms questions then changes it.
TEST_F(TwilioApi, AnSmsCallbackIsConfirmedFirstAndTheFamilysTermsChangeTheTask) {
    int n = 0;
    auto text = [&](const std::string& body) {
        auto r = post("/v1/twilio/messaging", {{"MessageSid", "SM80" + std::to_string(++n)},
                                               {"From", "+31612345678"},
                                               {"To", line_number},
                                               {"Body", body}});
        EXPECT_EQ(r.status, 200) << r.body;
        return r.body;
    };
    text("ik heb een vraag over de kinderopvangtoeslag");
    const auto confirmed = text("BEL");
    EXPECT_NE(confirmed.find("referentie"), std::string::npos) << confirmed;
    EXPECT_NE(confirmed.find("voicemail inspreken?"), std::string::npos) << confirmed;
    ASSERT_EQ(task_count(), 1u);
    std::string key = redis_.cli("--scan --pattern 'cb:{demo}:task:*'");
    key = "'" + key.substr(0, key.find('\n')) + "'";
    EXPECT_EQ(redis_.cli("HGET " + key + " voicemail"), "0\n") << "the cautious default at once";
    EXPECT_EQ(redis_.cli("HGET " + key + " announce_cjg"), "0\n");

    EXPECT_NE(text("ja").find("van het CJG bellen?"), std::string::npos);
    EXPECT_EQ(redis_.cli("HGET " + key + " voicemail"), "1\n");
    EXPECT_NE(text("nee").find("Wanneer kunnen we je veilig bellen?"), std::string::npos);
    EXPECT_NE(text("3 4").find("ander nummer"), std::string::npos);
    EXPECT_EQ(redis_.cli("HGET " + key + " window"), "evening\n");
    EXPECT_EQ(redis_.cli("HGET " + key + " safe_minutes"), "1020-1320\n") << "the queue keeps it";
    EXPECT_EQ(redis_.cli("HGET " + key + " safe_days"), "12345\n");
    EXPECT_NE(text("0201234567").find("ergens op letten"), std::string::npos);
    EXPECT_EQ(redis_.cli("HGET " + key + " alt_phone"), "+31201234567\n");
    const auto done = text("Bel niet als mijn man opneemt");
    EXPECT_NE(done.find("genoteerd"), std::string::npos) << done;
    EXPECT_NE(done.find("alleen onze voornaam"), std::string::npos) << done;
    EXPECT_NE(done.find("niet in het weekend"), std::string::npos) << done;
    EXPECT_NE(done.find("eindigt op 4567"), std::string::npos) << done;
    EXPECT_EQ(redis_.cli("HGET " + key + " terms_note"), "Bel niet als mijn man opneemt\n");
    EXPECT_EQ(redis_.cli("HGET " + key + " announce_cjg"), "0\n");
    EXPECT_EQ(task_count(), 1u) << "the answers change the task, they make no other";
}

TEST_F(TwilioApi, UnknownDialedNumberIsPolitelyRefused) {
    auto params = call("CA500", "+31612345678");
    params["To"] = "+31201234567";
    auto r = post("/v1/twilio/voice", params);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_NE(r.body.find("<Say"), std::string::npos);
    EXPECT_NE(r.body.find("<Hangup"), std::string::npos);
    EXPECT_EQ(task_count(), 0u);
}

TEST_F(TwilioApi, RedisDownGivesCallersTheApologyNotTwiliosError) {
    redis_.kill();
    ASSERT_TRUE(eventually([&] { return server_.request("GET", "/readyz").status == 503; }));
    // Twilio does not retry a failed voice webhook; it would play its own error and hang up.
    auto greet = post("/v1/twilio/voice", call("CA600", "+31612345678"));
    ASSERT_EQ(greet.status, 200) << greet.body;
    EXPECT_NE(greet.body.find("technische storing"), std::string::npos) << greet.body;
    EXPECT_NE(greet.body.find("<Hangup/>"), std::string::npos);
    auto params = call("CA600", "+31612345678");
    params["SpeechResult"] = "mijn man slaat mij en de kinderen";
    auto risk = post("/v1/twilio/voice/gather?seq=1", params);
    ASSERT_EQ(risk.status, 200) << risk.body;
    EXPECT_NE(risk.body.find("Veilig Thuis"), std::string::npos) << risk.body;
    EXPECT_LT(risk.body.find("Veilig Thuis"), risk.body.find("technische storing"));
    // SMS: Twilio sends nothing on an error status, so the apology is the reply.
    auto sms = post("/v1/twilio/messaging", {{"MessageSid", "SM600"},
                                             {"From", "+31612345678"},
                                             {"To", line_number},
                                             {"Body", "driftbuien"}});
    ASSERT_EQ(sms.status, 200) << sms.body;
    EXPECT_NE(sms.body.find("<Message>"), std::string::npos);
    EXPECT_NE(sms.body.find("technische storing"), std::string::npos);
    // A status callback only feeds statistics: an error status is honest there.
    auto status = call("CA600", "+31612345678");
    status["CallStatus"] = "completed";
    EXPECT_EQ(post("/v1/twilio/voice/status", status).status, 503);
    // A forged request still gets nothing, apology included.
    EXPECT_EQ(post("/v1/twilio/voice", call("CA601", "+31612345678"), "forged").status, 403);
    const auto metrics = server_.request("GET", "/metrics").body;
    EXPECT_NE(metrics.find("\nadvieslijn_twilio_apologies_total 3\n"), std::string::npos) << metrics;

    redis_.restart();
    ASSERT_TRUE(eventually([&] { return server_.request("GET", "/readyz").status == 200; },
                           std::chrono::seconds(15)));
    EXPECT_EQ(task_count(), 0u);
    EXPECT_EQ(redis_.cli("EXISTS " + advieslijn::test::voice_key("demo", "CA600")), "0\n");
    // Once Redis is back the same call can start over normally.
    auto again = post("/v1/twilio/voice", call("CA600", "+31612345678"));
    EXPECT_FALSE(gather_action(again.body).empty()) << again.body;
}

TEST_F(TwilioApi, FallbackUrlsAnswerWithTheApologyAndStoreNothing) {
    auto params = call("CA700", "+31612345678");
    params["ErrorCode"] = "11200";
    params["ErrorUrl"] = public_url + "/v1/twilio/voice/gather?seq=1";
    params["SpeechResult"] = "mijn man slaat mij en de kinderen";
    auto voice = post("/v1/twilio/voice/fallback", params);
    ASSERT_EQ(voice.status, 200) << voice.body;
    EXPECT_NE(voice.body.find("Veilig Thuis"), std::string::npos) << voice.body;
    EXPECT_NE(voice.body.find("technische storing"), std::string::npos);
    EXPECT_NE(voice.body.find("<Hangup/>"), std::string::npos);
    auto sms = post("/v1/twilio/messaging/fallback", {{"MessageSid", "SM700"},
                                                      {"From", "+31612345678"},
                                                      {"To", line_number},
                                                      {"Body", "hallo"},
                                                      {"ErrorCode", "11200"}});
    ASSERT_EQ(sms.status, 200) << sms.body;
    EXPECT_NE(sms.body.find("technische storing"), std::string::npos);
    EXPECT_EQ(post("/v1/twilio/voice/fallback", params, "forged").status, 403);
    EXPECT_EQ(redis_.cli("EXISTS " + advieslijn::test::voice_key("demo", "CA700")), "0\n");
    EXPECT_EQ(redis_.cli("EXISTS " + advieslijn::test::sms_key("demo", "+31612345678")), "0\n");
    EXPECT_EQ(task_count(), 0u);
}

// The editors' knowledge-gap report hears the phone and SMS too (contact/knowledge_gaps.hpp):
// an unanswered question is stored per tenant and day, masked.
TEST_F(TwilioApi, UnansweredSmsAndSpeechAreKnowledgeGaps) {
    auto sms = post("/v1/twilio/messaging", {{"MessageSid", "SM900"},
                                             {"From", "+31612345678"},
                                             {"To", line_number},
                                             {"Body", "grofvuil en hondenbelasting 0612345678"}});
    ASSERT_EQ(sms.status, 200) << sms.body;
    ASSERT_EQ(post("/v1/twilio/voice", call("CA900", "+31687654321")).status, 200);
    auto params = call("CA900", "+31687654321");
    params["SpeechResult"] = "hondenbelasting en grofvuil";
    ASSERT_EQ(post("/v1/twilio/voice/gather?seq=1", params).status, 200);
    const std::string keys = redis_.cli("--scan --pattern 'kb:{demo}:gaps:*'");
    ASSERT_EQ(std::count(keys.begin(), keys.end(), '\n'), 1) << keys;
    const std::string stored = redis_.cli("HVALS '" + keys.substr(0, keys.find('\n')) + "'");
    EXPECT_NE(stored.find("\"channel\":\"sms\""), std::string::npos) << stored;
    EXPECT_NE(stored.find("\"channel\":\"voice\""), std::string::npos) << stored;
    EXPECT_NE(stored.find("[phone]"), std::string::npos) << stored;
    EXPECT_EQ(stored.find("12345678"), std::string::npos) << stored;
    EXPECT_GT(std::stoll(redis_.cli("TTL '" + keys.substr(0, keys.find('\n')) + "'")), 80LL * 24 * 3600);
}
