// Chat and knowledge-base endpoints through the real binary, over HTTP and a WebSocket.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>

#include <thread>
#include <unistd.h>

#include "tests/support/keys.hpp"
#include "tests/support/config.hpp"
#include "tests/support/process.hpp"
#include "tests/support/redis_server.hpp"

using namespace advieslijn::test;
using nlohmann::json;

namespace {

using ChatSocket = boost::beast::websocket::stream<boost::asio::ip::tcp::socket>;

std::unique_ptr<ChatSocket> open_chat_socket(boost::asio::io_context& ioc, std::uint16_t port) {
    auto s = std::make_unique<ChatSocket>(ioc);
    s->next_layer().connect({boost::asio::ip::make_address("127.0.0.1"), port});
    s->handshake("localhost", "/v1/chat/ws");
    return s;
}

class ChatApi : public ::testing::Test {
protected:
    RedisServer redis_;
    ServerProcess server_{ADVIESLIJN_BINARY, redis_.url(), {{"ADVIESLIJN_ADMIN_TOKEN", "s3cret"}}};

    std::string start(const std::string& lang = "nl") {
        auto r = server_.request("POST", "/v1/chat/sessions",
                                 json{{"site_key", "demo"}, {"lang", lang}}.dump());
        EXPECT_EQ(r.status, 201) << r.body;
        return json::parse(r.body)["session_id"];
    }
    HttpReply say(const std::string& id, json body) {
        return server_.request("POST", "/v1/chat/sessions/" + id + "/messages", body.dump());
    }
};

}  // namespace

TEST_F(ChatApi, StartsWithGreetingQuickRepliesAndPrivacy) {
    auto r = server_.request("POST", "/v1/chat/sessions", R"({"site_key":"demo","lang":"en"})");
    ASSERT_EQ(r.status, 201) << r.body;
    auto body = json::parse(r.body);
    const std::string id = body["session_id"].get<std::string>();
    EXPECT_EQ(id.size(), 5 + 32u) << id;  // "demo." and 32 hex digits
    EXPECT_EQ(id.rfind("demo.", 0), 0u) << id;
    EXPECT_EQ(body["lang"], "en");
    EXPECT_NE(body["greeting"].get<std::string>().find("Welcome"), std::string::npos);
    EXPECT_EQ(body["tenant"]["name"], "CJG Demo");
    EXPECT_FALSE(body["quick_replies"].empty());
    EXPECT_FALSE(body["privacy"].get<std::string>().empty());
    // An unsupported language falls back to the tenant's first.
    auto de = server_.request("POST", "/v1/chat/sessions", R"({"site_key":"demo","lang":"de"})");
    EXPECT_EQ(json::parse(de.body)["lang"], "nl");
}

TEST_F(ChatApi, AnswersCommonQuestionsAndHandsOverTheRest) {
    const auto id = start();
    auto answer = say(id, {{"text", "Mijn baby wil niet doorslapen"}});
    ASSERT_EQ(answer.status, 200) << answer.body;
    auto a = json::parse(answer.body);
    EXPECT_EQ(a["type"], "answer");
    EXPECT_EQ(a["article"]["id"], "slapen-baby-doorslapen");
    EXPECT_FALSE(a["article"]["text"].get<std::string>().empty());
    EXPECT_EQ(a["article"]["topic"], "slapen") << "the widget asks the social map for it";
    EXPECT_EQ(a["prompt"], "Heeft dit geholpen?");
    auto unknown = json::parse(say(id, {{"text", "Wat is de hoofdstad van Peru?"}}).body);
    EXPECT_EQ(unknown["type"], "handoff");
    EXPECT_NE(unknown["text"].get<std::string>().find("24 uur"), std::string::npos);
}

TEST_F(ChatApi, PickingAnArticleAndFeedback) {
    const auto id = start();
    auto picked = say(id, {{"article_id", "driftbuien-peuter"}});
    ASSERT_EQ(picked.status, 200) << picked.body;
    EXPECT_EQ(json::parse(picked.body)["article"]["id"], "driftbuien-peuter");
    EXPECT_EQ(say(id, {{"article_id", "does-not-exist"}}).status, 400);
    auto fb = server_.request("POST", "/v1/chat/sessions/" + id + "/feedback",
                              R"({"article_id":"driftbuien-peuter","helped":true})");
    EXPECT_EQ(fb.status, 204) << fb.body;
    EXPECT_NE(redis_.cli("HGETALL 'kb:{demo}:feedback:nl'").find("driftbuien-peuter:helped"),
              std::string::npos);
    // Feedback only for what this conversation showed.
    EXPECT_EQ(server_.request("POST", "/v1/chat/sessions/" + id + "/feedback",
                              R"({"article_id":"pesten-kind-wordt-gepest","helped":false})")
                  .status,
              400);
}

TEST_F(ChatApi, ResumesAfterAReload) {
    const auto id = start();
    say(id, {{"text", "mijn peuter heeft driftbuien"}});  // an article's title: answered
    auto r = server_.request("GET", "/v1/chat/sessions/" + id);
    ASSERT_EQ(r.status, 200) << r.body;
    auto messages = json::parse(r.body)["messages"];
    ASSERT_EQ(messages.size(), 3u);  // greeting, question, reply
    EXPECT_EQ(messages[1]["text"], "mijn peuter heeft driftbuien");
    EXPECT_EQ(messages[2]["reply"]["type"], "answer");
    EXPECT_EQ(server_.request("GET", "/v1/chat/sessions/demo.0123456789abcdef0123456789abcdef").status, 404);
    EXPECT_EQ(server_.request("GET", "/v1/chat/sessions/" + id.substr(5)).status, 404);  // no tenant
    EXPECT_EQ(server_.request("GET", "/v1/chat/sessions/../../etc").status, 404);
}

// The widget's language switch: the labels change in the page, and the messages it sends
// after carry the new language, so the answers and the session follow (a tester's finding:
// the answers stayed Dutch). A language the tenant does not offer changes nothing.
TEST_F(ChatApi, TheWidgetsLanguageSwitchChangesTheAnswersLanguage) {
    const auto id = start("nl");
    auto nl = json::parse(say(id, {{"text", "Wat is de hoofdstad van Peru?"}, {"lang", "nl"}}).body);
    EXPECT_NE(nl["text"].get<std::string>().find("24 uur"), std::string::npos) << nl.dump();
    auto en = say(id, {{"text", "What is the capital of Peru?"}, {"lang", "en"}});
    ASSERT_EQ(en.status, 200) << en.body;
    EXPECT_NE(json::parse(en.body)["text"].get<std::string>().find("24 hours"), std::string::npos) << en.body;
    EXPECT_EQ(redis_.cli("HGET " + advieslijn::test::chat_key(id) + " lang"), "en\n");
    // A message without a language (an older widget) keeps the session's new one.
    auto plain = json::parse(say(id, {{"text", "What is the capital of Chile?"}}).body);
    EXPECT_NE(plain["text"].get<std::string>().find("24 hours"), std::string::npos) << plain.dump();
    // A resumed page gets the session's language.
    EXPECT_EQ(json::parse(server_.request("GET", "/v1/chat/sessions/" + id).body)["lang"], "en");
    // Not offered by the tenant: no change.
    say(id, {{"text", "Was ist die Hauptstadt von Peru?"}, {"lang", "de"}});
    EXPECT_EQ(redis_.cli("HGET " + advieslijn::test::chat_key(id) + " lang"), "en\n");
}

// A short follow-up is read with the visitor's message before it, from the transcript (a
// tester's "ze is 6" got "no ready answer").
TEST_F(ChatApi, AShortFollowUpIsReadWithTheQuestionBeforeIt) {
    const auto id = start();
    auto first = json::parse(say(id, {{"text", "Mijn peuter heeft driftbuien"}}).body);
    ASSERT_EQ(first["type"], "answer") << first.dump();
    auto follow = say(id, {{"text", "hij is 3"}});
    ASSERT_EQ(follow.status, 200) << follow.body;
    const auto f = json::parse(follow.body);
    EXPECT_NE(f["type"], "handoff") << f.dump();
    // A fresh session has no message before it: the short message's own handoff.
    const auto other = start();
    EXPECT_EQ(json::parse(say(other, {{"text", "hij is 3"}}).body)["type"], "handoff");
}

// The widget's quick exit: the session and its transcript are gone from Redis at once.
TEST_F(ChatApi, EndingASessionRemovesItAndItsTranscript) {
    const auto id = start();
    say(id, {{"text", "driftbuien bij mijn peuter"}});
    EXPECT_NE(redis_.cli("EXISTS " + advieslijn::test::chat_key(id) + " " + advieslijn::test::chat_messages_key(id)), "0\n");
    EXPECT_EQ(server_.request("DELETE", "/v1/chat/sessions/" + id).status, 204);
    EXPECT_EQ(redis_.cli("EXISTS " + advieslijn::test::chat_key(id) + " " + advieslijn::test::chat_messages_key(id)), "0\n");
    EXPECT_EQ(server_.request("GET", "/v1/chat/sessions/" + id).status, 404);
    EXPECT_EQ(server_.request("DELETE", "/v1/chat/sessions/" + id).status, 404);
    EXPECT_EQ(say(id, {{"text", "hallo"}}).status, 404);
}

// The limit counts characters, as the widget's maxlength does: a long message with accents
// that the widget let through is triaged, not refused (a tester's finding: a suicidal
// teenager's long message got "too long" and no crisis numbers).
TEST_F(ChatApi, ALongMessageWithAccentsWithinTheWidgetsLimitIsTriaged) {
    const auto id = start();
    const std::string start = "Ik wil dood, vannacht doe ik het. Het is te veel ";
    std::string within = start;  // 1000 characters, 1950 bytes
    for (std::size_t i = start.size(); i < 1000; ++i) within += "é";
    ASSERT_GT(within.size(), 1000u);
    const auto r = say(id, {{"text", within}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(json::parse(r.body).value("type", ""), "urgent") << r.body;
}

TEST_F(ChatApi, BadInputGetsClearErrors) {
    const auto id = start();
    EXPECT_EQ(say(id, {{"text", "   "}}).status, 400);
    EXPECT_EQ(say(id, {{"text", std::string(1001, 'a')}}).status, 400);
    EXPECT_EQ(say(id, {{"text", 42}}).status, 400);
    EXPECT_EQ(say(id, json::object()).status, 400);
    auto bad_utf8 = server_.request("POST", "/v1/chat/sessions/" + id + "/messages",
                                    "{\"text\":\"caf\xC3\x28\"}");
    EXPECT_EQ(bad_utf8.status, 400);  // the JSON parser refuses it, or we do
    EXPECT_EQ(say("ffffffffffffffffffffffffffffffff", {{"text", "hallo"}}).status, 404);
    EXPECT_EQ(server_.request("POST", "/v1/chat/sessions", R"({"site_key":"nope"})").status, 404);
    EXPECT_EQ(server_.request("POST", "/v1/chat/sessions", "site_key=demo",
                              {{"Content-Type", "application/x-www-form-urlencoded"}}).status,
              415);
    EXPECT_EQ(server_.request("POST", "/v1/chat/sessions", R"({"site_key":"demo"})",
                              {{"Origin", "https://evil.example"}}).status,
              403);
}

TEST_F(ChatApi, TheWidgetTextsComeFromTheLanguageFiles) {
    auto r = server_.request("GET", "/v1/chat/texts?site_key=demo&lang=en-GB");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.headers["cache-control"], "public, max-age=300");
    auto body = json::parse(r.body);
    EXPECT_EQ(body["lang"], "en");
    EXPECT_EQ(body["direction"], "ltr");
    EXPECT_EQ(body["texts"]["submit"], "Call me back");
    EXPECT_EQ(body["texts"]["windows"]["any"], "Any time");
    ASSERT_FALSE(body["languages"].empty());
    EXPECT_EQ(body["languages"][0]["lang"], "nl");  // the tenant's, in its order
    EXPECT_EQ(body["languages"][0]["name"], "Nederlands");
    // A language the tenant does not offer: its default, as a session would get.
    EXPECT_EQ(json::parse(server_.request("GET", "/v1/chat/texts?site_key=demo&lang=xx").body)["lang"], "nl");
    // Bad input changes nothing and says why.
    auto missing = server_.request("GET", "/v1/chat/texts");
    EXPECT_EQ(missing.status, 400);
    EXPECT_EQ(json::parse(missing.body)["error"]["code"], "invalid_input");
    auto unknown = server_.request("GET", "/v1/chat/texts?site_key=nope");
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(json::parse(unknown.body)["error"]["code"], "unknown_site_key");
    EXPECT_EQ(server_.request("GET", "/v1/chat/texts?site_key=demo", "", {{"Origin", "https://evil.example"}}).status,
              403);
}

TEST_F(ChatApi, TooManyMessagesAre429WithRetryAfter) {
    start_clear_of_window_end(std::chrono::minutes(1), std::chrono::seconds(20));
    const auto id = start();
    int limited = 0;
    std::string retry_after;
    for (int i = 0; i < 45; ++i) {
        auto r = say(id, {{"text", "hallo"}});
        if (r.status == 429) {
            ++limited;
            retry_after = r.headers["retry-after"];
        }
    }
    EXPECT_GT(limited, 0);
    EXPECT_FALSE(retry_after.empty());
    EXPECT_GE(std::stoi(retry_after), 1);
    EXPECT_LE(std::stoi(retry_after), 60);
}

TEST_F(ChatApi, MessagesToAMissingSessionAreNotCounted) {
    // The session lookup and the rate counters share one script: a session that does not
    // exist must be refused before anything is counted, so no counter keys appear for it.
    const std::string ghost = "demo.0123456789abcdef0123456789abcdef";
    for (int i = 0; i < 45; ++i) EXPECT_EQ(say(ghost, {{"text", "hallo"}}).status, 404);
    EXPECT_EQ(redis_.cli("--scan --pattern 'rl:*chat:*'"), "");
    // A real session is counted under its own id.
    const auto id = start();
    EXPECT_EQ(say(id, {{"text", "hallo"}}).status, 200);
    EXPECT_NE(redis_.cli("--scan --pattern 'rl:{demo}:chat:session:" + id.substr(5) + ":*'"), "");
}

TEST_F(ChatApi, WebSocketCarriesTheSameObjectsAndResumes) {
    namespace asio = boost::asio;
    namespace ws = boost::beast::websocket;
    asio::io_context ioc;
    auto open = [&] { return open_chat_socket(ioc, server_.port()); };
    auto roundtrip = [](ws::stream<asio::ip::tcp::socket>& s, const json& msg) {
        s.write(asio::buffer(msg.dump()));
        boost::beast::flat_buffer buf;
        s.read(buf);
        return json::parse(boost::beast::buffers_to_string(buf.data()));
    };
    auto s = open();
    auto started = roundtrip(*s, {{"op", "start"}, {"site_key", "demo"}, {"lang", "nl"}, {"id", 1}});
    EXPECT_EQ(started["status"], 201);
    EXPECT_EQ(started["id"], 1);
    const std::string session = started["session_id"];
    auto reply = roundtrip(*s, {{"op", "message"}, {"text", "mijn peuter heeft driftbuien"}});
    EXPECT_EQ(reply["status"], 200);
    EXPECT_EQ(reply["type"], "answer");
    auto bad = roundtrip(*s, json::parse("[1]"));
    EXPECT_EQ(bad["status"], 400);
    s->close(ws::close_code::normal);
    // A new socket resumes the same conversation by id.
    auto again = open();
    auto resumed = roundtrip(*again, {{"op", "resume"}, {"session_id", session}});
    EXPECT_EQ(resumed["status"], 200);
    EXPECT_EQ(resumed["messages"].size(), 3u);
    again->close(ws::close_code::normal);
}

// The socket waits for a message with a 64-byte read and reads the rest as it comes (issue 19:
// memory per idle socket): a message in many small frames is read whole, an answer larger
// than Beast's old 4 KiB write buffer arrives as one message, and a message over 16 KiB still
// ends the socket with "too big" (1009).
TEST_F(ChatApi, WebSocketReadsFragmentedMessagesWholeAndRefusesOversizedOnes) {
    namespace asio = boost::asio;
    namespace ws = boost::beast::websocket;
    asio::io_context ioc;
    auto s = open_chat_socket(ioc, server_.port());
    s->auto_fragment(true);
    s->write_buffer_bytes(100);  // the client cuts its messages into frames of 100 bytes
    auto roundtrip = [&](const std::string& text) {
        s->write(asio::buffer(text));
        boost::beast::flat_buffer buf;
        s->read(buf);
        EXPECT_TRUE(s->got_text());
        return json::parse(boost::beast::buffers_to_string(buf.data()));
    };
    const auto started = roundtrip(json{{"op", "start"}, {"site_key", "demo"}, {"lang", "nl"}}.dump());
    ASSERT_EQ(started["status"], 201) << started.dump();
    // 3,000 bytes of white space around a JSON object: one message in 31 frames.
    const std::string padded = R"({"op":"message",)" + std::string(3000, ' ') +
                               R"("text":"mijn peuter heeft driftbuien","id":7})";
    const auto reply = roundtrip(padded);
    EXPECT_EQ(reply["status"], 200) << reply.dump();
    EXPECT_EQ(reply["type"], "answer");
    EXPECT_EQ(reply["id"], 7);
    // Several answers later, a resume lists them all: more than 4 KiB in one message.
    for (int i = 0; i < 3; ++i) roundtrip(json{{"op", "message"}, {"text", "mijn peuter heeft driftbuien"}}.dump());
    const auto resumed = roundtrip(json{{"op", "resume"}, {"session_id", started["session_id"]}}.dump());
    EXPECT_EQ(resumed["status"], 200);
    EXPECT_GT(resumed.dump().size(), 4096u);

    s->write(asio::buffer(std::string(17 * 1024, ' ')));
    boost::beast::flat_buffer buf;
    boost::system::error_code ec;
    s->read(buf, ec);
    EXPECT_EQ(ec, ws::error::closed) << ec.message();
    EXPECT_EQ(s->reason().code, ws::close_code::too_big);
}

// Idle and old chat sockets are closed by the line (issue 19: idle sockets must not fill it),
// and the session they carried goes on over a new one.
TEST(ChatSockets, AQuietSocketIsClosedAndAnOldOneAfterItsNextAnswer) {
    namespace asio = boost::asio;
    namespace ws = boost::beast::websocket;
    RedisServer redis;
    const std::string config = write_two_tenant_config(
        "/tmp/advieslijn-ws-" + std::to_string(::getpid()) + ".json", [](json& c) {
            c["limits"]["websocket_idle_ms"] = 800;
            c["limits"]["websocket_lifetime_ms"] = 1500;
        });
    ServerProcess server(ADVIESLIJN_BINARY, redis.url(), {}, config);
    asio::io_context ioc;
    auto open = [&] { return open_chat_socket(ioc, server.port()); };
    auto send = [](ws::stream<asio::ip::tcp::socket>& s, const json& msg) { s.write(asio::buffer(msg.dump())); };
    // The next frame, or the error that ended the socket.
    auto next = [](ws::stream<asio::ip::tcp::socket>& s) -> std::pair<json, boost::system::error_code> {
        boost::beast::flat_buffer buf;
        boost::system::error_code ec;
        s.read(buf, ec);
        if (ec) return {json(), ec};
        return {json::parse(boost::beast::buffers_to_string(buf.data())), ec};
    };

    // Quiet: closed after the idle time, although the client would answer pings.
    auto quiet = open();
    send(*quiet, {{"op", "start"}, {"site_key", "demo"}, {"lang", "nl"}});
    auto [started, sec] = next(*quiet);
    ASSERT_FALSE(sec) << sec.message();
    const std::string session = started["session_id"];
    auto [nothing, closed] = next(*quiet);  // blocks until the line closes it
    EXPECT_TRUE(closed == ws::error::closed || closed == asio::error::eof ||
                closed == asio::error::connection_reset)
        << closed.message();

    // Busy but old: each message within the idle time, yet closed after the answer that
    // passes the lifetime, with 1001.
    auto busy = open();
    send(*busy, {{"op", "resume"}, {"session_id", session}});
    ASSERT_EQ(next(*busy).first["status"], 200);
    int answers = 0;
    boost::system::error_code ended;
    for (int i = 0; i < 20 && !ended; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        send(*busy, {{"op", "message"}, {"text", "mijn peuter heeft driftbuien"}});
        auto [reply, ec] = next(*busy);
        if (ec) ended = ec;
        else answers += reply["status"] == 200 ? 1 : 0;
    }
    EXPECT_EQ(ended, ws::error::closed) << ended.message();
    EXPECT_EQ(busy->reason().code, ws::close_code::going_away);
    EXPECT_GE(answers, 4);  // 300 ms apart within a 1.5 s lifetime
    EXPECT_LE(answers, 6);
    // The session carries on over a new socket.
    auto again = open();
    send(*again, {{"op", "resume"}, {"session_id", session}});
    EXPECT_EQ(next(*again).first["status"], 200);
}

TEST_F(ChatApi, KnowledgeBaseSearch) {
    auto r = server_.request("GET", "/v1/kb/search?q=mijn+kind+wordt+gepest&lang=nl");
    ASSERT_EQ(r.status, 200) << r.body;
    auto body = json::parse(r.body);
    EXPECT_EQ(body["lang"], "nl");
    EXPECT_EQ(body["results"][0]["id"], "pesten-kind-wordt-gepest");
    EXPECT_TRUE(body["decision"] == "answer" || body["decision"] == "ambiguous");
    EXPECT_EQ(server_.request("GET", "/v1/kb/search?lang=nl").status, 400);
    EXPECT_EQ(server_.request("GET", "/v1/kb/search?q=x&lang=de").status, 400);
}

TEST_F(ChatApi, AdminReloadNeedsTheToken) {
    EXPECT_EQ(server_.request("POST", "/v1/admin/kb/reload").status, 403);
    EXPECT_EQ(server_.request("POST", "/v1/admin/kb/reload", "", {{"Authorization", "Bearer nope"}}).status, 403);
    auto ok = server_.request("POST", "/v1/admin/kb/reload", "", {{"Authorization", "Bearer s3cret"}});
    EXPECT_EQ(ok.status, 200) << ok.body;
    EXPECT_EQ(json::parse(ok.body)["articles"].get<int>() > 80, true);
}

TEST_F(ChatApi, RedisDownStillShowsWhereHelpIsAndAnswersFromTheArticles) {
    const auto id = start();
    redis_.kill();
    ASSERT_TRUE(eventually([&] { return server_.request("GET", "/readyz").status == 503; }));
    auto plain = say(id, {{"text", "Mijn peuter heeft driftbuien"}});
    EXPECT_EQ(plain.status, 503);
    auto p = json::parse(plain.body);
    EXPECT_EQ(p["error"]["code"], "unavailable");
    EXPECT_FALSE(p.contains("urgent"));
    auto risk = say(id, {{"text", "Mijn dochter van 15 wil niet meer leven"}});
    EXPECT_EQ(risk.status, 503);
    auto r = json::parse(risk.body);
    EXPECT_EQ(r["error"]["code"], "unavailable");
    ASSERT_TRUE(r.contains("urgent")) << r;
    EXPECT_EQ(r["urgent"]["type"], "urgent");
    EXPECT_FALSE(r["urgent"]["text"].get<std::string>().empty());
    bool has_113 = false;
    for (const auto& g : r["urgent"]["guidance"]) has_113 = has_113 || g["tel"] == "113";
    EXPECT_TRUE(has_113) << r;

    // With the widget's site key the articles still answer: no session is needed for that,
    // and no "did this help?" is asked, since it could not be kept.
    auto answered = say(id, {{"text", "Mijn peuter heeft driftbuien"}, {"site_key", "demo"}, {"lang", "nl"}});
    EXPECT_EQ(answered.status, 503);
    auto a = json::parse(answered.body);
    EXPECT_EQ(a["error"]["code"], "unavailable");
    ASSERT_TRUE(a.contains("reply")) << a;
    EXPECT_EQ(a["reply"]["type"], "answer");
    EXPECT_EQ(a["reply"]["article"]["id"], "driftbuien-peuter");
    EXPECT_FALSE(a["reply"].contains("prompt") && !a["reply"]["prompt"].get<std::string>().empty()) << a;
    auto choices = json::parse(say(id, {{"text", "gepest op school"}, {"site_key", "demo"}}).body);
    ASSERT_EQ(choices["reply"]["type"], "choices") << choices;
    const std::string picked = choices["reply"]["articles"][0]["id"];
    auto pick = json::parse(say(id, {{"article_id", picked}, {"site_key", "demo"}}).body);
    EXPECT_EQ(pick["reply"]["article"]["id"], picked) << pick;
    // A risk message with the site key: that tenant's guidance, never an article.
    auto risky = json::parse(say(id, {{"text", "Mijn dochter van 15 wil niet meer leven"}, {"site_key", "demo"}}).body);
    EXPECT_FALSE(risky.contains("reply")) << risky;
    EXPECT_EQ(risky["urgent"]["type"], "urgent");
    // No answer: nothing but the outage (a callback cannot be taken now).
    auto none = json::parse(say(id, {{"text", "Wat is de hoofdstad van Peru?"}, {"site_key", "demo"}}).body);
    EXPECT_FALSE(none.contains("reply")) << none;
    EXPECT_FALSE(none.contains("urgent")) << none;
    // An unknown site key answers nothing more; a site key of the wrong type is bad input.
    EXPECT_FALSE(json::parse(say(id, {{"text", "Mijn peuter heeft driftbuien"}, {"site_key", "nope"}}).body)
                     .contains("reply"));
    EXPECT_EQ(say(id, {{"text", "Mijn peuter heeft driftbuien"}, {"site_key", 7}}).status, 400);
}

// A concern (distress, not clearly acute) gets no article and no crisis text; the callback form
// sent from that chat becomes a high-priority task that records why.
TEST_F(ChatApi, AConcernGetsNoBotAnswerAndItsCallbackIsHighPriority) {
    const auto id = start();
    // A training message the classifier reads as a concern (docs/routing.md).
    const auto reply = json::parse(
        say(id, {{"text", "ik voel me al weken zo somber en soms denk ik dat het niet uitmaakt of ik er ben of niet"}})
            .body);
    EXPECT_EQ(reply["type"], "handoff") << reply.dump();
    EXPECT_FALSE(reply.contains("article"));
    EXPECT_FALSE(reply.contains("guidance"));
    EXPECT_FALSE(reply.contains("prompt"));  // no "did this help?"
    const auto form = server_.request(
        "POST", "/v1/callbacks",
        json{{"site_key", "demo"}, {"phone", "0612345678"}, {"lang", "nl"}, {"question", "ik voel me al weken zo somber en soms denk ik dat het niet uitmaakt of ik er ben of niet"},
             {"consent", true}, {"session_id", id}}
            .dump());
    ASSERT_EQ(form.status, 201) << form.body;
    const std::string key = "cb:{demo}:task:" + json::parse(form.body)["id"].get<std::string>();
    EXPECT_NE(redis_.cli("HGET '" + key + "' priority").find("high"), std::string::npos);
    EXPECT_NE(redis_.cli("HGET '" + key + "' risk_flags").find("concern:suicide_self_harm"), std::string::npos);
    // What triggered it, for the specialist.
    EXPECT_NE(redis_.cli("HGET '" + key + "' risk_words").find("classifier: concern"), std::string::npos);
}

// Retention (issue 17): a chat's state may be kept longer than the session's idle time
// (retention.chat_session_minutes). Past the idle time the session is over for the visitor,
// while a callback request still carries its risk signals and the quick exit still removes it.
TEST_F(ChatApi, ASessionPastItsIdleTimeIsOverButItsRiskSignalsReachTheCallback) {
    const auto id = start();
    say(id, {{"text", "ik voel me al weken zo somber en soms denk ik dat het niet uitmaakt of ik er ben of niet"}});
    // The shipped retention: 30 minutes for the state and for the transcript.
    const auto pttl = std::stoll(redis_.cli("PTTL " + advieslijn::test::chat_key(id)));
    EXPECT_GT(pttl, 1'799'000);
    EXPECT_LE(pttl, 1'800'000);
    const auto transcript_pttl = std::stoll(redis_.cli("PTTL " + advieslijn::test::chat_messages_key(id)));
    EXPECT_GT(transcript_pttl, 1'799'000);
    // The last message 31 minutes ago (chat.session_ttl_seconds is 30 minutes).
    const auto ago = std::chrono::duration_cast<std::chrono::milliseconds>(
        (std::chrono::system_clock::now() - std::chrono::minutes(31)).time_since_epoch());
    redis_.cli("HSET " + advieslijn::test::chat_key(id) + " last " + std::to_string(ago.count()));
    EXPECT_EQ(server_.request("GET", "/v1/chat/sessions/" + id).status, 404);
    EXPECT_EQ(say(id, {{"text", "hallo"}}).status, 404);
    const auto form = server_.request(
        "POST", "/v1/callbacks",
        json{{"site_key", "demo"}, {"phone", "0612345679"}, {"lang", "nl"}, {"question", "bel me terug"},
             {"consent", true}, {"session_id", id}}
            .dump());
    ASSERT_EQ(form.status, 201) << form.body;
    const std::string key = "cb:{demo}:task:" + json::parse(form.body)["id"].get<std::string>();
    EXPECT_NE(redis_.cli("HGET '" + key + "' risk_flags").find("concern:suicide_self_harm"), std::string::npos);
    EXPECT_EQ(server_.request("DELETE", "/v1/chat/sessions/" + id).status, 204);
    EXPECT_EQ(redis_.cli("EXISTS " + advieslijn::test::chat_key(id) + " " + advieslijn::test::chat_messages_key(id)), "0\n");
}
