// Walks the phone line, the chat and SMS in every shipped language (routing/data/texts) and
// checks that each step speaks that language's own texts, in its Twilio language and voice:
// no missing text, no Dutch fallback.
#include <gtest/gtest.h>

#include <regex>
#include <tuple>
#include <vector>

#include "fixtures.hpp"
#include "routing/chat.hpp"
#include "routing/messaging.hpp"
#include "routing/prompts.hpp"
#include "routing/voice.hpp"

using namespace advieslijn;
using namespace advieslijn::routing;

namespace {

const Prompts& prompts() {
    return fixtures::prompts();
}

// A tenant that offers every shipped language, Dutch first, with no greetings of its own.
Tenant multilingual() {
    Tenant t = fixtures::demo_tenant();
    t.greetings.clear();
    t.languages = {"nl"};
    for (const auto& lang : prompts().languages())
        if (lang != "nl") t.languages.push_back(lang);
    return t;
}

struct Said {
    std::string language;
    std::string voice;
    std::string text;
};

std::string unescape(std::string s) {
    for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
             {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}}) {
        for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
            s.replace(at, from.size(), to);
    }
    return s;
}

// Every <Say> of a TwiML document, attributes in either order.
std::vector<Said> says(const std::string& twiml) {
    std::vector<Said> out;
    static const std::regex say(R"re(<Say([^>]*)>([^<]*)</Say>)re");
    static const std::regex language(R"re(language="([^"]*)")re");
    static const std::regex voice(R"re(voice="([^"]*)")re");
    for (auto it = std::sregex_iterator(twiml.begin(), twiml.end(), say); it != std::sregex_iterator(); ++it) {
        const std::string attrs = (*it)[1];
        std::smatch m;
        Said s;
        if (std::regex_search(attrs, m, language)) s.language = m[1];
        if (std::regex_search(attrs, m, voice)) s.voice = m[1];
        s.text = unescape((*it)[2]);
        out.push_back(std::move(s));
    }
    return out;
}

class Walk : public ::testing::TestWithParam<std::string> {
  protected:
    const std::string lang = GetParam();
    const LanguageTexts& L = *prompts().find(lang);
    TenantDirectory dir{{multilingual()}};
    const Tenant& tenant = *dir.by_id("demo");

    std::string text(const std::string& key) const { return L.texts.at(key); }

    // Each <Say> is in the language: its Twilio language and voice, never a Dutch text.
    void all_in_language(const std::string& twiml, const std::string& step) const {
        const auto said = says(twiml);
        ASSERT_FALSE(said.empty()) << step << ": nothing said\n" << twiml;
        const LanguageTexts& nl = *prompts().find("nl");
        for (const auto& s : said) {
            EXPECT_EQ(s.language, L.twilio.say) << step << ": " << s.text;
            EXPECT_EQ(s.voice, L.twilio.voice) << step << ": " << s.text;
            if (lang == "nl") continue;
            for (const auto& [key, dutch] : nl.texts)
                if (dutch.find('{') == std::string::npos)
                    EXPECT_EQ(s.text.find(dutch), std::string::npos) << step << ": Dutch " << key;
        }
    }
};

bool contains(const std::vector<Said>& said, const std::string& text) {
    for (const auto& s : said)
        if (s.text.find(text) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_P(Walk, ThePhoneLineSpeaksTheLanguageChosenInTheMenu) {
    VoiceContext ctx{dir, fixtures::risk_detector(), prompts(), fixtures::fake_kb, {}};
    VoiceRequest req;
    req.call_sid = "CA" + lang;
    req.from = "+31612345678";
    req.to = "+31880030060";
    auto step = voice_incoming(ctx, std::nullopt, req);
    // The greeting is Dutch; each other language is offered in itself, in its own voice.
    const auto menu = says(step.twiml);
    bool offered = lang == "nl";
    for (const auto& s : menu)
        if (s.text == L.menu_option && s.language == L.twilio.say && s.voice == L.twilio.voice) offered = true;
    EXPECT_TRUE(offered) << lang << " is not offered in the menu:\n" << step.twiml;
    VoiceState state = step.state;

    auto next = [&](std::string speech, std::string digits) {
        VoiceRequest r = req;
        r.speech = std::move(speech);
        r.digits = std::move(digits);
        r.seq = state.seq;
        auto s = voice_gather(ctx, state, r);
        EXPECT_FALSE(s.refused);
        state = s.state;
        return s;
    };
    if (lang != "nl") {
        const auto chosen = next("", std::string(1, L.menu_key));
        all_in_language(chosen.twiml, "menu choice");
        EXPECT_TRUE(contains(says(chosen.twiml), text("phone.ask_question")));
        EXPECT_EQ(state.lang, lang);
    }
    const auto silence = next("", "");
    all_in_language(silence.twiml, "silence");
    EXPECT_TRUE(contains(says(silence.twiml), text("phone.not_heard")));

    // A question the knowledge base cannot answer: the callback, then the family's terms.
    const auto asked = next("xq zv", "");
    all_in_language(asked.twiml, "no answer");
    EXPECT_TRUE(contains(says(asked.twiml), text("phone.no_answer")));
    EXPECT_TRUE(contains(says(asked.twiml), text("phone.callback_intro")));
    // Each key pressed (or nothing), and the text the line says next, in the language.
    const std::vector<std::tuple<std::string, std::string, std::string>> terms = {
        {"1", "number confirmed", "phone.ask_voicemail"},
        {"2", "voicemail", "phone.ask_announce"},
        {"2", "announce", "phone.ask_window"},
        {"0", "window", "phone.ask_weekend"},
        {"1", "weekend", "phone.ask_alt_number"},
        {"99", "other number not understood", "phone.invalid_number"},
        {"", "other number", "phone.ask_note"},
    };
    for (const auto& [keys, step, key] : terms) {
        const auto said = next("", keys);
        all_in_language(said.twiml, step);
        EXPECT_TRUE(contains(says(said.twiml), text(key))) << step;
    }
    auto note = next("", "1");
    ASSERT_TRUE(note.task);
    EXPECT_EQ(note.task->lang, lang);  // the specialist sees the caller's language
    const auto done = voice_task_done(ctx, note.state, TaskCreated{"AB12"});
    all_in_language(done.twiml, "task created");
    EXPECT_TRUE(contains(says(done.twiml), prompts().task_created_voice(tenant, lang, "AB12", false)));
}

TEST_P(Walk, TheChatGreetsAndHandsOverInTheLanguage) {
    ChatContext ctx{dir, fixtures::risk_detector(), prompts(), fixtures::fake_kb, {}};
    const auto start = chat_start(ctx, "demo", lang);
    EXPECT_EQ(start.lang, lang);
    EXPECT_EQ(start.greeting, prompts().chat_greeting(tenant, lang));
    EXPECT_NE(start.greeting.find(prompts().within_normal(tenant, lang)), std::string::npos);
    EXPECT_EQ(start.privacy, text("chat.privacy"));
    EXPECT_EQ(start.quick_replies, L.quick_replies);
    const auto step = chat_step(ctx, tenant, {"demo", lang, std::string()}, {"xq zv", ""});
    ASSERT_TRUE(step.reply);
    EXPECT_EQ(step.reply->type, ChatReply::Type::handoff);
    EXPECT_EQ(step.reply->text, prompts().handoff_chat(tenant, lang));
    if (lang != "nl") EXPECT_NE(step.reply->text, prompts().handoff_chat(tenant, "nl"));
}

TEST_P(Walk, SmsSwitchesByTheLanguageNameAndAnswersInIt) {
    MessagingContext ctx{dir, fixtures::risk_detector(), prompts(), fixtures::fake_kb};
    auto r = sms_message(ctx, std::nullopt, SmsRequest{"SM1", "+31612345678", "+31880030060", L.name});
    EXPECT_EQ(r.state.lang, lang);
    EXPECT_NE(unescape(r.twiml).find(text("sms.empty")), std::string::npos) << r.twiml;
    r = sms_message(ctx, r.state, SmsRequest{"SM2", "+31612345678", "+31880030060", "xq zv"});
    EXPECT_NE(unescape(r.twiml).find(prompts().sms_handoff(tenant, lang)), std::string::npos) << r.twiml;
    // The first "call me" word of the language asks for the callback.
    r = sms_message(ctx, r.state, SmsRequest{"SM3", "+31612345678", "+31880030060", L.words.at("call").front()});
    ASSERT_TRUE(r.task) << lang << ": '" << L.words.at("call").front() << "' did not ask for a callback";
    EXPECT_EQ(r.task->lang, lang);
    const auto done = sms_task_done(ctx, r.state, TaskCreated{"XY34", "task-1", true});
    EXPECT_NE(unescape(done.twiml).find(prompts().sms_task_created(tenant, lang, "XY34", false)),
              std::string::npos)
        << done.twiml;

    // The family's terms, asked and summed up in the language, answered with its own words.
    const auto has_text = [&](const SmsStep& step, const std::string& key) {
        EXPECT_NE(unescape(step.twiml).find(text(key)), std::string::npos) << key << "\n" << step.twiml;
        if (lang == "nl") return;
        for (const auto& [k, dutch] : prompts().find("nl")->texts)
            if (dutch.find('{') == std::string::npos && dutch.size() > 12)
                EXPECT_EQ(unescape(step.twiml).find(dutch), std::string::npos) << "Dutch " << k;
    };
    has_text(done, "sms.ask_voicemail");
    const auto answer = [&](const SmsState& s, const std::string& sid, const std::string& body) {
        auto step = sms_message(ctx, s, SmsRequest{sid, "+31612345678", "+31880030060", body});
        if (!step.terms_update) return step;
        return sms_terms_done(ctx, step.state, *step.terms_update, true);
    };
    auto t = answer(done.state, "SM4", L.words.at("yes").front());
    has_text(t, "sms.ask_announce");
    t = answer(t.state, "SM5", L.words.at("no").front());
    has_text(t, "sms.ask_times");
    t = answer(t.state, "SM6", "3 4");
    has_text(t, "sms.ask_alt_number");
    t = answer(t.state, "SM7", L.words.at("no").front());
    has_text(t, "sms.ask_note");
    t = answer(t.state, "SM8", L.words.at("no").front());
    has_text(t, "sms.terms_voicemail");
    has_text(t, "sms.terms_neutral");
    has_text(t, "sms.terms_evening");
    has_text(t, "sms.terms_no_weekend");
}

INSTANTIATE_TEST_SUITE_P(EveryShippedLanguage, Walk, ::testing::ValuesIn(fixtures::prompts().languages()),
                         [](const auto& info) { return info.param; });
