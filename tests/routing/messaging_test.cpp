#include "routing/messaging.hpp"

#include <gtest/gtest.h>

#include "fixtures.hpp"

using namespace advieslijn;
using namespace advieslijn::routing;

namespace {

struct Messaging : ::testing::Test {
    TenantDirectory dir{{fixtures::demo_tenant(), fixtures::english_only_tenant()}};
    MessagingContext ctx{dir, fixtures::risk_detector(), fixtures::fake_kb};
};

bool has(const std::string& hay, const std::string& needle) {
    return hay.find(needle) != std::string::npos;
}

}  // namespace

TEST_F(Messaging, ChatStartFindsTenantAndLanguage) {
    const auto s = chat_start(ctx, "demo", "en");
    ASSERT_TRUE(s.tenant);
    EXPECT_EQ(s.state.lang, "en");
    EXPECT_TRUE(has(s.greeting, "Welcome to the advice line of CJG Demo."));
    EXPECT_FALSE(chat_start(ctx, "unknown", "nl").tenant);
    EXPECT_EQ(chat_start(ctx, "demo", "fr").state.lang, "nl");
}

TEST_F(Messaging, ChatAnswerWithPromptAndFeedback) {
    auto st = chat_start(ctx, "demo", "nl").state;
    auto r = chat_message(ctx, st, "s1", "mijn baby slaapt slecht");
    EXPECT_EQ(r.reply.type, ChatReply::Type::answer);
    const auto j = to_json(r.reply);
    EXPECT_EQ(j["type"], "answer");
    EXPECT_EQ(j["article"]["id"], "slapen-baby-doorslapen");
    EXPECT_EQ(j["article"]["links"][0]["url"], "https://example.org/slapen?a=1&b=2");
    EXPECT_EQ(j["prompt"], "Heeft dit je geholpen?");
    auto no = chat_message(ctx, r.state, "s1", "Nee.");
    ASSERT_EQ(no.feedback.size(), 1u);
    EXPECT_FALSE(no.feedback[0].helped);
    EXPECT_EQ(no.reply.type, ChatReply::Type::handoff);
    EXPECT_TRUE(has(no.reply.text, "binnen 24 uur"));
}

TEST_F(Messaging, ChatChoicesPickedByNumberOrId) {
    auto st = chat_start(ctx, "demo", "nl").state;
    auto r = chat_message(ctx, st, "s1", "vragen over eten");
    ASSERT_EQ(r.reply.type, ChatReply::Type::choices);
    const auto j = to_json(r.reply);
    EXPECT_EQ(j["articles"].size(), 3u);
    EXPECT_FALSE(j["articles"][0].contains("text"));
    auto pick =
        chat_message(ctx, chat_state_from_json(chat_state_to_json(r.state)).value(), "s1", "2");
    EXPECT_EQ(pick.reply.type, ChatReply::Type::answer);
    EXPECT_EQ(pick.reply.article->id, "eten-baby");
    auto by_id = chat_message(ctx, r.state, "s1", "eten-tiener");
    EXPECT_EQ(by_id.reply.article->id, "eten-tiener");
}

TEST_F(Messaging, ChatUrgentThenNumberCreatesUrgentTask) {
    auto st = chat_start(ctx, "demo", "nl").state;
    auto r = chat_message(ctx, st, "s1", "ik wil er een eind aan maken");
    ASSERT_EQ(r.reply.type, ChatReply::Type::urgent);
    EXPECT_TRUE(has(r.reply.text, "0800-0113"));
    EXPECT_FALSE(r.task);
    EXPECT_EQ(to_json(r.reply)["categories"][0], "suicide_self_harm");
    auto n = chat_message(ctx, r.state, "s1", "mijn nummer is 06-12345678");
    ASSERT_TRUE(n.task);
    EXPECT_TRUE(n.task->urgent);
    EXPECT_EQ(n.task->phone, "+31612345678");
    EXPECT_EQ(n.task->idempotency_key, "chat:s1:urgent");
    // A second number in the same session does not create a second task.
    auto again = chat_message(ctx, n.state, "s1", "of 0201234567");
    EXPECT_FALSE(again.task);
}

TEST_F(Messaging, ChatUrgentNumberMustBeCallable) {
    auto st = chat_start(ctx, "demo", "nl").state;
    auto r = chat_message(ctx, st, "s1", "ik wil er een eind aan maken");
    // Before common/phone: a premium-rate number and a number short of digits made the task.
    EXPECT_FALSE(chat_message(ctx, r.state, "s1", "bel 0900-123456").task);
    EXPECT_FALSE(chat_message(ctx, r.state, "s1", "mijn nummer is +31 612 345").task);
    auto n = chat_message(ctx, r.state, "s1", "mijn nummer is 06 12 34 56 78");
    ASSERT_TRUE(n.task);
    EXPECT_EQ(n.task->phone, "+31612345678");
}

TEST_F(Messaging, ChatUnknownQuestionIsHandoff) {
    auto st = chat_start(ctx, "demo", "en").state;
    auto r = chat_message(ctx, st, "s1", "something else entirely");
    EXPECT_EQ(r.reply.type, ChatReply::Type::handoff);
    EXPECT_TRUE(has(r.reply.text, "within 24 hours"));
}

namespace {
SmsRequest sms(std::string sid, std::string body, std::string from = "+31612345678") {
    return SmsRequest{std::move(sid), std::move(from), "+31880030060", std::move(body)};
}
}  // namespace

TEST_F(Messaging, SmsAnswerIsEscapedTwimlMessage) {
    const auto r = sms_message(ctx, std::nullopt, sms("SM1", "mijn baby slaapt slecht"));
    EXPECT_TRUE(has(r.twiml, "<Message>Mijn baby slaapt niet door"));
    EXPECT_TRUE(has(r.twiml, "&lt;Tip&gt; &amp; &quot;rust&quot;"));
    EXPECT_TRUE(has(r.twiml, "https://example.org/slapen?a=1&amp;b=2"));
    EXPECT_TRUE(has(r.twiml, "Stuur JA, of NEE"));
    EXPECT_EQ(r.state.from, "+31612345678");
}

TEST_F(Messaging, SmsNumberedChoices) {
    auto r = sms_message(ctx, std::nullopt, sms("SM1", "vragen over eten"));
    EXPECT_TRUE(has(r.twiml,
                    "1. Mijn peuter eet slecht\n2. Mijn baby wil geen fruit\n3. Eten en pubers\n0. "
                    "Bel me terug"));
    auto state = sms_state_from_json(sms_state_to_json(r.state));
    ASSERT_TRUE(state);
    auto pick = sms_message(ctx, state, sms("SM2", " 3 "));
    EXPECT_TRUE(has(pick.twiml, "Eten en pubers"));
    EXPECT_EQ(pick.state.answered_article, "eten-tiener");
}

TEST_F(Messaging, SmsCallbackAfterHandoffWithReference) {
    auto r = sms_message(ctx, std::nullopt, sms("SM1", "iets heel anders"));
    EXPECT_TRUE(has(r.twiml, "Stuur BEL"));
    EXPECT_FALSE(r.task);
    auto call = sms_message(ctx, r.state, sms("SM2", "BEL"));
    ASSERT_TRUE(call.task);
    EXPECT_EQ(call.task->idempotency_key, "sms:SM2");
    EXPECT_EQ(call.task->question, "iets heel anders");
    EXPECT_FALSE(call.task->urgent);
    EXPECT_TRUE(call.twiml.empty());
    auto done = sms_task_done(ctx, call.state, TaskCreated{"XY34"});
    EXPECT_TRUE(has(done.twiml, "referentie: XY34"));
    // Twilio retries the same message: same reply, no new task.
    auto retry = sms_message(ctx, done.state, sms("SM2", "BEL"));
    EXPECT_TRUE(retry.replay);
    EXPECT_FALSE(retry.task);
    EXPECT_EQ(retry.twiml, done.twiml);
}

TEST_F(Messaging, SmsRiskSendsGuidanceWithUrgentTask) {
    auto r = sms_message(ctx, std::nullopt, sms("SM1", "whatsapp test", "whatsapp:+31612345678"));
    EXPECT_EQ(r.state.channel_prefix, "whatsapp:");
    auto risk =
        sms_message(ctx, r.state, sms("SM2", "mijn baby ademt niet", "whatsapp:+31612345678"));
    ASSERT_TRUE(risk.task);
    EXPECT_TRUE(risk.task->urgent);
    EXPECT_EQ(risk.task->phone, "+31612345678");
    auto done = sms_task_done(ctx, risk.state, TaskCreated{"UR01"});
    EXPECT_TRUE(has(done.twiml, "Bel nu 112"));
    EXPECT_LT(done.twiml.find("112"), done.twiml.find("UR01"));
    // A later ordinary callback does not repeat the emergency guidance.
    auto later = sms_message(ctx, done.state, sms("SM3", "bel me", "whatsapp:+31612345678"));
    ASSERT_TRUE(later.task);
    EXPECT_FALSE(later.task->urgent);
    EXPECT_FALSE(has(sms_task_done(ctx, later.state, TaskCreated{"N1"}).twiml, "112 "));
}

TEST_F(Messaging, SmsUnknownNumberAndEnglish) {
    SmsRequest req = sms("SM1", "hello");
    req.to = "+31999999999";
    EXPECT_TRUE(sms_message(ctx, std::nullopt, req).refused);
    auto en = sms_message(ctx, std::nullopt, sms("SM1", "English"));
    EXPECT_EQ(en.state.lang, "en");
    EXPECT_TRUE(has(en.twiml, "Text us your question"));
}

TEST_F(Messaging, StatesRejectGarbage) {
    EXPECT_FALSE(chat_state_from_json("[]"));
    EXPECT_FALSE(sms_state_from_json("{\"v\":1}"));
}

TEST_F(Messaging, SmsUnavailableApologisesWithGuidanceAndStoresNothing) {
    // The demo tenant speaks Dutch and English and the state (the chosen language) is what
    // cannot be read: both, Dutch first.
    const auto plain = sms_unavailable(ctx, sms("SM1", "mijn peuter heeft driftbuien"));
    EXPECT_TRUE(has(plain, "<Message>"));
    EXPECT_TRUE(has(plain, "technische storing"));
    EXPECT_TRUE(has(plain, "technical problem"));
    EXPECT_LT(plain.find("technische storing"), plain.find("technical problem"));
    EXPECT_FALSE(has(plain, "Bel nu 112"));
    // A risk signal still gets its guidance, before the apology.
    const auto risk = sms_unavailable(ctx, sms("SM2", "mijn baby ademt niet"));
    EXPECT_TRUE(has(risk, "Bel nu 112"));
    EXPECT_LT(risk.find("Bel nu 112"), risk.find("technische storing"));
    SmsRequest unknown = sms("SM3", "hallo");
    unknown.to = "+31999999999";
    EXPECT_TRUE(has(sms_unavailable(ctx, unknown), "niet bekend"));
    SmsRequest english = sms("SM4", "hello");
    english.to = "whatsapp:+31201234567";
    const auto en = sms_unavailable(ctx, english);
    EXPECT_TRUE(has(en, "technical problem"));
    EXPECT_FALSE(has(en, "technische storing"));
}
