// Twilio webhooks through the real binary: requests signed the way Twilio signs them
// (computed here with OpenSSL directly, not with the code under test), TwiML back, tasks in
// a real Redis.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <map>
#include <regex>
#include <sstream>

#include "tests/support/process.hpp"
#include "tests/support/redis_server.hpp"

using namespace advieslijn::test;

namespace {

const std::string token = "twilio-test-token";
const std::string public_url = "https://line.example.org";
const std::string line_number = "+31880030060";

std::string base64(const unsigned char* data, unsigned int len) {
    std::string out(4 * ((len + 2) / 3), '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(len));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

// Twilio's scheme: HMAC-SHA1 over the full URL followed by every POST parameter, sorted by
// name, each name directly followed by its value; base64.
std::string sign(const std::string& url, const std::map<std::string, std::string>& params) {
    std::string data = url;
    for (const auto& [k, v] : params) data += k + v;  // std::map is sorted by name
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha1(), token.data(), static_cast<int>(token.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len);
    return base64(mac, len);
}

std::string form_encode(const std::map<std::string, std::string>& params) {
    std::string out;
    for (const auto& [k, v] : params) {
        if (!out.empty()) out += '&';
        auto enc = [](const std::string& s) {
            std::string r;
            for (unsigned char c : s) {
                if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
                    r += static_cast<char>(c);
                } else {
                    char buf[4];
                    std::snprintf(buf, sizeof buf, "%%%02X", c);
                    r += buf;
                }
            }
            return r;
        };
        out += enc(k) + "=" + enc(v);
    }
    return out;
}

std::string unescape_xml(std::string s) {
    for (auto [from, to] : {std::pair{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""},
                            {"&apos;", "'"}}) {
        std::string::size_type pos;
        while ((pos = s.find(from)) != std::string::npos) s.replace(pos, std::string(from).size(), to);
    }
    return s;
}

class TwilioApi : public ::testing::Test {
protected:
    RedisServer redis_;
    ServerProcess server_{ADVIESLIJN_BINARY, redis_.url(),
                          {{"TWILIO_AUTH_TOKEN", token}, {"ADVIESLIJN_PUBLIC_URL", public_url}}};

    HttpReply post(const std::string& target, std::map<std::string, std::string> params,
                   std::string signature = {}) {
        if (signature.empty()) signature = sign(public_url + target, params);
        return server_.request("POST", target, form_encode(params),
                               {{"Content-Type", "application/x-www-form-urlencoded"},
                                {"X-Twilio-Signature", signature}});
    }
    // The action URL of the <Gather> in a TwiML answer ("" when there is none).
    static std::string gather_action(const std::string& twiml) {
        std::smatch m;
        if (std::regex_search(twiml, m, std::regex("<Gather[^>]*action=\"([^\"]*)\"")))
            return unescape_xml(m[1]);
        return {};
    }
    std::map<std::string, std::string> call(const std::string& sid, const std::string& from) {
        return {{"CallSid", sid}, {"From", from}, {"To", line_number}, {"AccountSid", "AC1"},
                {"CallStatus", "in-progress"}};
    }
    std::size_t task_count() {
        const std::string out = redis_.cli("--scan --pattern 'cb:{demo}:task:*'");
        return static_cast<std::size_t>(std::count(out.begin(), out.end(), '\n'));
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

TEST_F(TwilioApi, TwilioPublishedSignatureExampleMatchesOurOpenSslComputation) {
    // The example in Twilio's request-validation documentation (auth token 12345).
    const std::map<std::string, std::string> params = {{"CallSid", "CA1234567890ABCDE"},
                                                       {"Caller", "+12349013030"},
                                                       {"Digits", "1234"},
                                                       {"From", "+12349013030"},
                                                       {"To", "+18005551212"}};
    std::string data = "https://mycompany.com/myapp.php?foo=1&bar=2";
    for (const auto& [k, v] : params) data += k + v;
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha1(), "12345", 5, reinterpret_cast<const unsigned char*>(data.data()), data.size(),
         mac, &len);
    EXPECT_EQ(base64(mac, len), "0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
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
    EXPECT_EQ(redis_.cli("EXISTS voice:call:CAbad"), "0\n");
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
    params["SpeechResult"] = "mijn baby slaapt 's nachts niet door";
    auto answer = post(action, params);
    ASSERT_EQ(answer.status, 200) << answer.body;
    EXPECT_NE(answer.body.find("<Say"), std::string::npos);
    // The article's spoken text, XML-escaped ("baby's" -> "baby&apos;s").
    EXPECT_NE(unescape_xml(answer.body).find("Veel baby's worden 's nachts nog wakker"),
              std::string::npos)
        << answer.body;
    EXPECT_EQ(task_count(), 0u);
}

TEST_F(TwilioApi, RetriedFirstWebhookDoesNotRestartTheCall) {
    // The first step is stored only when the call has no state yet (SET NX GET); a retry of
    // it, even after the call moved on, must neither reset the conversation nor fail.
    auto greet = post("/v1/twilio/voice", call("CA150", "+31612345678"));
    ASSERT_EQ(greet.status, 200) << greet.body;
    const std::string stored = redis_.cli("GET voice:call:CA150");
    ASSERT_NE(stored, "");
    auto again = post("/v1/twilio/voice", call("CA150", "+31612345678"));
    EXPECT_EQ(again.status, 200);
    EXPECT_EQ(again.body, greet.body);
    EXPECT_EQ(redis_.cli("GET voice:call:CA150"), stored);  // untouched by the retry

    auto params = call("CA150", "+31612345678");
    params["SpeechResult"] = "mijn baby slaapt 's nachts niet door";
    auto answer = post(gather_action(greet.body), params);
    ASSERT_EQ(answer.status, 200);
    const std::string after_answer = redis_.cli("GET voice:call:CA150");
    auto late = post("/v1/twilio/voice", call("CA150", "+31612345678"));
    EXPECT_EQ(late.status, 200);
    EXPECT_EQ(late.body, answer.body);  // the last TwiML again, not a new greeting
    EXPECT_EQ(redis_.cli("GET voice:call:CA150"), after_answer);
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
    for (int i = 0; i < 4 && gather_action(twiml) != ""; ++i) {
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
    std::string twiml = r.body;
    for (int i = 0; i < 4 && !gather_action(twiml).empty(); ++i) {
        auto p = call("CA300", "+31612345678");
        p["Digits"] = "1";
        twiml = post(gather_action(twiml), p).body;
    }
    ASSERT_EQ(task_count(), 1u) << twiml;
    EXPECT_NE(all_tasks().find("urgent"), std::string::npos);
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
    for (int i = 0; i < 5 && !gather_action(twiml).empty(); ++i) {
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
    EXPECT_NE(metrics.find("advieslijn_twilio_apologies 3"), std::string::npos) << metrics;

    redis_.restart();
    ASSERT_TRUE(eventually([&] { return server_.request("GET", "/readyz").status == 200; },
                           std::chrono::seconds(15)));
    EXPECT_EQ(task_count(), 0u);
    EXPECT_EQ(redis_.cli("EXISTS voice:call:CA600"), "0\n");
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
    EXPECT_EQ(redis_.cli("EXISTS voice:call:CA700"), "0\n");
    EXPECT_EQ(redis_.cli("EXISTS sms:demo:+31612345678"), "0\n");
    EXPECT_EQ(task_count(), 0u);
}
