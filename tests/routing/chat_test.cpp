// The chat's conversation steps, driven directly: no sockets, no Redis.
#include "routing/chat.hpp"

#include <gtest/gtest.h>

#include "fixtures.hpp"

using namespace advieslijn;
using namespace advieslijn::routing;

namespace {

bool has(const std::string& hay, const std::string& needle) {
    return hay.find(needle) != std::string::npos;
}

std::optional<KbArticle> fake_lookup(const Tenant& t, std::string_view lang, std::string_view id) {
    for (const char* text : {"slaap", "eten"})
        for (const auto& a : fixtures::fake_kb(t, lang, text).articles)
            if (a.id == id) return a;
    return std::nullopt;
}

struct Chat : ::testing::Test {
    Tenant slow = [] {
        Tenant t = fixtures::english_only_tenant();
        t.id = "slow";
        t.site_keys = {"slow"};
        t.numbers = {"+31201234568"};
        t.languages = {"nl", "en"};
        t.sla.normal = std::chrono::hours(48);
        return t;
    }();
    TenantDirectory dir{{fixtures::demo_tenant(), fixtures::english_only_tenant(), slow}};
    int searches = 0;
    ChatContext ctx{dir, fixtures::risk_detector(), fixtures::prompts(),
                    [this](const Tenant& t, std::string_view lang, std::string_view text) {
                        ++searches;
                        return fixtures::fake_kb(t, lang, text);
                    },
                    fake_lookup};
    // The phrase lists alone: nothing is known to be calm.
    ChatContext lists_ctx{dir, fixtures::phrase_list_detector(), fixtures::prompts(), fixtures::fake_kb, fake_lookup};
    const Tenant& demo = *dir.by_id("demo");

    ChatStep say(const std::string& text, const std::string& lang = "nl") {
        return chat_step(ctx, demo, {"demo", lang, std::string()}, {text, ""});
    }
};

}  // namespace

TEST_F(Chat, StartFindsTenantLanguageAndGreeting) {
    const auto s = chat_start(ctx, "demo", "en");
    ASSERT_TRUE(s.tenant);
    EXPECT_EQ(s.lang, "en");
    EXPECT_EQ(s.greeting, "Welcome to the advice line of CJG Demo.");
    EXPECT_FALSE(s.quick_replies.empty());
    EXPECT_FALSE(s.privacy.empty());
    EXPECT_FALSE(chat_start(ctx, "unknown", "nl").tenant);
    EXPECT_EQ(chat_start(ctx, "demo", "fr").lang, "nl");
}

// The widget's default greeting once promised 24 hours whatever the tenant's SLA said.
TEST_F(Chat, DefaultGreetingAndHandoffUseTheTenantsHours) {
    const auto s = chat_start(ctx, "slow", "nl");
    EXPECT_TRUE(has(s.greeting, "binnen 48 uur")) << s.greeting;
    const auto r = chat_step(ctx, slow, {"slow", "en", std::string()}, {"something else entirely", ""});
    ASSERT_TRUE(r.reply);
    EXPECT_EQ(r.reply->type, ChatReply::Type::handoff);
    EXPECT_TRUE(has(r.reply->text, "within 48 hours")) << r.reply->text;
    EXPECT_TRUE(has(say("ik heb een vraag over de kinderopvangtoeslag").reply->text, "binnen 24 uur"));
}

TEST_F(Chat, AnswerWithLinksAndPrompt) {
    const auto r = say("mijn baby slaapt slecht");
    ASSERT_TRUE(r.reply);
    const auto j = to_json(*r.reply);
    EXPECT_EQ(j["type"], "answer");
    EXPECT_EQ(j["article"]["id"], "slapen-baby-doorslapen");
    EXPECT_EQ(j["article"]["links"][0]["url"], "https://example.org/slapen?a=1&b=2");
    EXPECT_EQ(j["prompt"], "Heeft dit geholpen?");
    EXPECT_EQ(j["age"], 0) << "a baby: the local services for that age";
    EXPECT_EQ(r.shown, std::vector<std::string>{"slapen-baby-doorslapen"});
    // The transcript keeps the article as a reference only.
    const auto kept = to_json(*r.reply, /*transcript=*/true);
    EXPECT_EQ(kept["article"], (nlohmann::json{{"id", "slapen-baby-doorslapen"}, {"title", "Mijn baby slaapt niet door"}}));
    EXPECT_EQ(kept["prompt"], "Heeft dit geholpen?");
    EXPECT_FALSE(kept.contains("age"));
}

TEST_F(Chat, ChoicesThenAPickedArticle) {
    const auto r = say("vragen over eten");
    ASSERT_TRUE(r.reply);
    const auto j = to_json(*r.reply);
    EXPECT_EQ(j["type"], "choices");
    EXPECT_EQ(j["text"], "Welke van deze past het best bij je vraag?");
    ASSERT_EQ(j["articles"].size(), 3u);
    EXPECT_FALSE(j["articles"][0].contains("text"));
    EXPECT_FALSE(j.contains("age")) << "no child's age named";
    EXPECT_EQ(r.shown.size(), 3u);
    const auto pick = chat_step(ctx, demo, {"demo", "nl"}, {"", "eten-baby"});
    ASSERT_TRUE(pick.reply);
    EXPECT_EQ(pick.reply->article->id, "eten-baby");
    EXPECT_FALSE(chat_step(ctx, demo, {"demo", "nl"}, {"", "does-not-exist"}).reply);
}

TEST_F(Chat, RiskComesBeforeTheKnowledgeBase) {
    // "slaap" alone would be answered; the risk signal must win and the KB never be asked.
    const auto r = say("ik wil niet meer leven, ik slaap al weken niet");
    ASSERT_TRUE(r.reply);
    EXPECT_EQ(r.reply->type, ChatReply::Type::urgent);
    EXPECT_EQ(searches, 0);
    EXPECT_TRUE(r.shown.empty());
    EXPECT_EQ(r.reply->risk_categories, std::vector<std::string>{"suicide_self_harm"});
    const auto j = to_json(*r.reply);
    EXPECT_FALSE(j.contains("article"));
    EXPECT_TRUE(has(j["text"], "113"));
    EXPECT_EQ(j["prompt"], "Laat je nummer achter, dan belt een specialist je zo snel mogelijk terug.");
    // 112 first, the category's own lines, De Kindertelefoon last: from the risk data.
    std::vector<std::string> tel;
    for (const auto& n : j["guidance"]) tel.push_back(n["tel"]);
    EXPECT_EQ(tel, (std::vector<std::string>{"112", "113", "08000113", "08000432"}));
}

// A concern (distress, not clearly acute) is no "we have no ready answer": its own text, a
// specialist with priority, 112 for danger now; the callback form becomes high priority.
TEST_F(Chat, AConcernGetsItsOwnTextNotTheNoAnswerOne) {
    const auto concern = say("mijn dochter is al weken somber en praat over de dood");
    ASSERT_TRUE(concern.reply);
    EXPECT_EQ(concern.reply->type, ChatReply::Type::handoff);
    EXPECT_EQ(concern.reply->text, ctx.prompts.concern_chat(demo, "nl"));
    EXPECT_NE(concern.reply->text, ctx.prompts.handoff_chat(demo, "nl"));
    EXPECT_NE(concern.reply->text.find("112"), std::string::npos);
    EXPECT_FALSE(concern.reply->risk_categories.empty());
    const auto none = say("kan ik bij jullie een auto huren");
    ASSERT_TRUE(none.reply);
    EXPECT_EQ(none.reply->text, ctx.prompts.handoff_chat(demo, "nl"));
}

// Only a hello is invited to ask, in any language the line speaks, and is no knowledge gap
// (a tester got "we have no ready answer" for "hoi").
TEST_F(Chat, AGreetingIsInvitedToAsk) {
    for (auto [lang, text] : {std::pair{"nl", "hoi"}, std::pair{"nl", "Hallo, ik heb een vraag!"},
                              std::pair{"en", "hello"}, std::pair{"en", "Hi, I have a question"}}) {
        const auto r = say(text, lang);
        ASSERT_TRUE(r.reply) << text;
        EXPECT_EQ(r.reply->text, ctx.prompts.chat_greeting(demo, lang)) << text;
        EXPECT_TRUE(r.gaps.empty()) << text;
    }
    EXPECT_NE(say("hoi mijn zoon wil een auto huren").reply->text, ctx.prompts.chat_greeting(demo, "nl"));
}

// A short follow-up that finds nothing on its own is read with the message before it (a
// tester's "ze is 6" got "no ready answer"); the step asks for that message first.
TEST_F(Chat, AShortFollowUpIsReadWithTheMessageBeforeIt) {
    const auto ask = chat_step(ctx, demo, {"demo", "nl", std::nullopt}, {"ze is 6", ""});
    EXPECT_TRUE(ask.wants_previous);
    EXPECT_FALSE(ask.reply);
    EXPECT_TRUE(ask.counts.empty() && ask.gaps.empty()) << "nothing counted twice";
    const auto joined = chat_step(ctx, demo, {"demo", "nl", std::string("mijn dochter slaapt niet")}, {"ze is 6", ""});
    ASSERT_TRUE(joined.reply);
    EXPECT_EQ(joined.reply->type, ChatReply::Type::answer);
    EXPECT_TRUE(joined.gaps.empty());
    // "en bij een baby?" after a question about eating: the choices.
    const auto choices = chat_step(ctx, demo, {"demo", "nl", std::string("mijn kind wil niet eten")}, {"en bij een baby?", ""});
    ASSERT_TRUE(choices.reply);
    EXPECT_EQ(choices.reply->type, ChatReply::Type::choices);
    // Nothing before it, or nothing found together: the short message's own handoff and gap.
    const auto alone = chat_step(ctx, demo, {"demo", "nl", std::string()}, {"ze is 6", ""});
    ASSERT_TRUE(alone.reply);
    EXPECT_EQ(alone.reply->type, ChatReply::Type::handoff);
    EXPECT_EQ(alone.gaps.size(), 1u);
    // A short question of its own is not a follow-up: no joining, no extra read.
    const auto own = chat_step(ctx, demo, {"demo", "nl", std::nullopt}, {"Wat is de hoofdstad van Peru?", ""});
    EXPECT_FALSE(own.wants_previous);
    ASSERT_TRUE(own.reply);
    EXPECT_EQ(own.reply->type, ChatReply::Type::handoff);
    // A greeting stays a greeting; a longer message stands on its own.
    EXPECT_FALSE(chat_step(ctx, demo, {"demo", "en", std::nullopt}, {"hi, I have a question", ""}).wants_previous);
    EXPECT_FALSE(chat_step(ctx, demo, {"demo", "nl", std::nullopt},
                           {"en dan nog iets over de kinderopvangtoeslag van vorig jaar", ""}).wants_previous);
}

TEST_F(Chat, GuidanceWithoutASessionInAnyTenantLanguage) {
    const auto en = chat_guidance_without_session(ctx, "my baby is not breathing");
    ASSERT_TRUE(en);
    EXPECT_EQ(en->type, ChatReply::Type::urgent);
    EXPECT_EQ(en->guidance.front().label, "Emergency: call 112");
    EXPECT_TRUE(en->prompt.empty());
    EXPECT_FALSE(chat_guidance_without_session(ctx, "mijn baby slaapt slecht"));
}

TEST_F(Chat, ACrisisArticleIsNeverAnAnswerOrAChoice) {
    for (const char* text : {"verdwijnen lijkt me het beste", "ik heb pillen opgespaard"}) {
        const auto r = chat_step(lists_ctx, demo, {"demo", "nl", std::string()}, {text, ""});
        ASSERT_TRUE(r.reply);
        EXPECT_EQ(r.reply->type, ChatReply::Type::urgent) << text;
        const auto j = to_json(*r.reply);
        EXPECT_FALSE(j.contains("article"));
        EXPECT_FALSE(j.contains("articles"));
        EXPECT_NE(j["prompt"].get<std::string>().find("nummer"), std::string::npos);
        EXPECT_TRUE(r.shown.empty());
    }
    // The classifier reads the first as calm: a callback offer, still no article.
    const auto calm = say("verdwijnen lijkt me het beste");
    ASSERT_TRUE(calm.reply);
    EXPECT_EQ(calm.reply->type, ChatReply::Type::handoff);
    EXPECT_FALSE(calm.reply->article);
    EXPECT_TRUE(calm.reply->articles.empty());
    EXPECT_TRUE(calm.shown.empty());
}

TEST_F(Chat, AQuestionWithoutAnAnswerIsAGapAndOthersAreNot) {
    const auto none = say("ik heb een vraag over de kinderopvangtoeslag");
    ASSERT_EQ(none.gaps.size(), 1u);
    EXPECT_EQ(none.gaps[0].source, KnowledgeGap::Source::none);
    EXPECT_EQ(none.gaps[0].channel, Channel::chat);
    EXPECT_EQ(none.gaps[0].lang, "nl");
    EXPECT_EQ(none.gaps[0].question, "ik heb een vraag over de kinderopvangtoeslag");
    EXPECT_TRUE(say("mijn baby slaapt slecht").gaps.empty());
    EXPECT_TRUE(say("vragen over eten").gaps.empty());
    EXPECT_TRUE(say("mijn baby ademt niet").gaps.empty());
}
