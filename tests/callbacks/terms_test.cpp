// The family's terms for being called back (callbacks/terms.hpp), without Redis: parsing,
// validation, the cautious defaults and the safe-time spec the Lua scripts check.
#include <gtest/gtest.h>

#include "callbacks/model.hpp"
#include "callbacks/sla.hpp"
#include "callbacks/terms.hpp"
#include "common/encoding.hpp"

namespace advieslijn::callbacks {
namespace {

using nlohmann::json;

json body(json terms) {
    return {{"phone", "0612345678"}, {"lang", "nl"},          {"question", "Mijn partner"},
            {"consent", true},       {"terms", std::move(terms)}};
}

TEST(TermsTest, NothingSaidGivesTheCautiousDefaults) {
    auto t = parse_create_request(json{{"phone", "0612345678"}, {"lang", "nl"}, {"question", "Vraag"}, {"consent", true}});
    ASSERT_TRUE(t.ok()) << t.error().message;
    EXPECT_FALSE(t->terms.voicemail);
    EXPECT_FALSE(t->terms.announce_cjg);
    EXPECT_FALSE(t->terms.no_weekend);
    EXPECT_FALSE(t->terms.hours.has_value());
    EXPECT_TRUE(t->terms.alt_phone.empty());
    auto null_terms = parse_create_request(body(nullptr));
    ASSERT_TRUE(null_terms.ok());
    EXPECT_FALSE(null_terms->terms.voicemail);
}

TEST(TermsTest, EveryTermIsReadAndTheAlternativeNumberBecomesE164) {
    auto t = parse_create_request(body({{"hours", {{"from", "09:30"}, {"to", "11:00"}}},
                                        {"no_weekend", true},
                                        {"voicemail", true},
                                        {"announce_cjg", true},
                                        {"alt_phone", "06-87 65 43 21"},
                                        {"note", "Bel niet als mijn man opneemt"}}));
    ASSERT_TRUE(t.ok()) << t.error().message;
    EXPECT_EQ(t->terms.hours, (SafeHours{570, 660}));
    EXPECT_TRUE(t->terms.no_weekend);
    EXPECT_TRUE(t->terms.voicemail);
    EXPECT_TRUE(t->terms.announce_cjg);
    EXPECT_EQ(t->terms.alt_phone, "+31687654321");
    EXPECT_EQ(t->terms.note, "Bel niet als mijn man opneemt");
    const json j = to_json(t->terms);
    EXPECT_EQ(j["hours"]["from"], "09:30");
    EXPECT_EQ(j["hours"]["to"], "11:00");
    EXPECT_EQ(j["alt_phone"], "+31687654321");
    const CallbackTerms back = terms_from_json(j);
    EXPECT_EQ(back.hours, t->terms.hours);
    EXPECT_EQ(back.alt_phone, t->terms.alt_phone);
    EXPECT_TRUE(back.voicemail && back.announce_cjg && back.no_weekend);
}

TEST(TermsTest, BadTermsAreRefusedNamingTheField) {
    const std::vector<std::pair<json, std::string>> cases = {
        {json::array(), "terms"},
        {{{"voicemail", "ja"}}, "terms.voicemail"},
        {{{"voicemial", true}}, "terms.voicemial"},
        {{{"alt_phone", "0900-1234567"}}, "terms.alt_phone"},
        {{{"alt_phone", "bel mij"}}, "terms.alt_phone"},
        {{{"note", "regel\nnog een"}}, "terms.note"},
        {{{"note", std::string(max_terms_note_characters + 1, 'x')}}, "terms.note"},
        {{{"hours", {{"from", "9:00"}, {"to", "12:00"}}}}, "terms.hours"},
        {{{"hours", {{"from", "25:00"}, {"to", "12:00"}}}}, "terms.hours"},
        {{{"hours", {{"from", "12:00"}, {"to", "12:00"}}}}, "terms.hours"},
        {{{"hours", {{"from", "12:00"}}}}, "terms.hours"},
    };
    for (const auto& [terms, field] : cases) {
        auto t = parse_create_request(body(terms));
        ASSERT_FALSE(t.ok()) << terms;
        EXPECT_EQ(t.error().code, Errc::invalid_input) << terms;
        EXPECT_EQ(t.error().field, field) << terms << ": " << t.error().message;
    }
    // Hours that leave nothing of the chosen window.
    json evening_only_morning = body({{"hours", {{"from", "08:00"}, {"to", "10:00"}}}});
    evening_only_morning["window"] = "evening";
    auto none = parse_create_request(evening_only_morning);
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error().field, "terms.hours");
}

TEST(TermsTest, SafeMinutesJoinTheWindowAndTheHours) {
    CallbackTerms t;
    EXPECT_EQ(safe_minutes(Window::any, t), "");
    EXPECT_EQ(safe_minutes(Window::morning, t), "480-720");
    EXPECT_EQ(safe_minutes(Window::evening, t), "1020-1320");
    t.hours = SafeHours{10 * 60, 14 * 60};
    EXPECT_EQ(safe_minutes(Window::any, t), "600-840");
    EXPECT_EQ(safe_minutes(Window::morning, t), "600-720");
    // Night hours span midnight.
    t.hours = SafeHours{21 * 60, 7 * 60};
    EXPECT_EQ(safe_minutes(Window::any, t), "0-420,1260-1440");
    EXPECT_EQ(safe_minutes(Window::evening, t), "1260-1320");
    EXPECT_EQ(safe_days(t), "");
    t.no_weekend = true;
    EXPECT_EQ(safe_days(t), "12345");

    EXPECT_TRUE(safe_at("", "", 0, 7));
    EXPECT_TRUE(safe_at("0-420,1260-1440", "", 1300, 3));
    EXPECT_FALSE(safe_at("0-420,1260-1440", "", 600, 3));
    EXPECT_TRUE(safe_at("600-720", "12345", 600, 5));
    EXPECT_FALSE(safe_at("600-720", "12345", 720, 5)) << "the end is exclusive";
    EXPECT_FALSE(safe_at("600-720", "12345", 650, 6)) << "Saturday";
}

TEST(TermsTest, TheTermsSurviveTheRedisHash) {
    Task t;
    t.id = "abc";
    t.window = Window::afternoon;
    t.terms.hours = SafeHours{13 * 60, 15 * 60};
    t.terms.no_weekend = true;
    t.terms.voicemail = true;
    t.terms.alt_phone = "+31687654321";
    t.terms.note = "Neutraal bellen";
    const Fields f = to_fields(t);
    EXPECT_EQ(f.at("safe_minutes"), "780-900");
    EXPECT_EQ(f.at("safe_days"), "12345");
    EXPECT_EQ(f.at("voicemail"), "1");
    EXPECT_EQ(f.at("announce_cjg"), "0");
    Fields with_state = f;
    with_state["priority"] = "normal";
    with_state["state"] = "queued";
    auto back = task_from_fields(with_state);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->terms.hours, t.terms.hours);
    EXPECT_TRUE(back->terms.no_weekend && back->terms.voicemail && !back->terms.announce_cjg);
    EXPECT_EQ(back->terms.alt_phone, "+31687654321");
    EXPECT_EQ(back->terms.note, "Neutraal bellen");
    // A redacted alternative number (erasure of that number) is no number.
    with_state["alt_phone"] = "[phone]";
    EXPECT_EQ(task_from_fields(with_state)->terms.alt_phone, "");
}

TEST(TermsTest, TheDutchClockFollowsSummerTime) {
    // 2024-04-30T12:00Z is Tuesday 14:00 in Amsterdam (CEST); 2024-01-06T12:00Z Saturday 13:00.
    const DutchClock summer = clock_netherlands(from_ms(1'714'478'400'000));
    EXPECT_EQ(summer.minute, 14 * 60);
    EXPECT_EQ(summer.weekday, 2);
    const DutchClock winter = clock_netherlands(from_ms(1'704'542'400'000));
    EXPECT_EQ(winter.minute, 13 * 60);
    EXPECT_EQ(winter.weekday, 6);
    // 23:30Z on a Friday in summer is already Saturday 01:30 in Amsterdam.
    const DutchClock late = clock_netherlands(from_ms(1'714'779'000'000));  // 2024-05-03T23:30Z
    EXPECT_EQ(late.minute, 90);
    EXPECT_EQ(late.weekday, 6);
}

TEST(TermsTest, TheNextSafeTimeAndWhetherItComesBeforeTheDeadline) {
    const auto at = [](const char* rfc3339) { return *parse_rfc3339(rfc3339); };
    // Friday 2024-05-03 22:00 in Amsterdam (20:00Z), "not in the weekend", evenings 18-20.
    CallbackTerms t;
    t.no_weekend = true;
    t.hours = SafeHours{18 * 60, 20 * 60};
    const std::string minutes = safe_minutes(Window::any, t), days = safe_days(t);
    EXPECT_EQ(next_safe_time(minutes, days, at("2024-05-03T20:00:00Z")), at("2024-05-06T16:00:00Z"));
    // Already safe: now, to the minute.
    EXPECT_EQ(next_safe_time(minutes, days, at("2024-05-03T16:30:20Z")), at("2024-05-03T16:30:00Z"));
    // Across the change to winter time (Sunday 27 October 2024): 18:00 is 17:00Z after it.
    EXPECT_EQ(next_safe_time(safe_minutes(Window::any, CallbackTerms{SafeHours{18 * 60, 20 * 60}}), "",
                             at("2024-10-26T19:00:00Z")),
              at("2024-10-27T17:00:00Z"));
    // Any time: the moment itself.
    EXPECT_EQ(next_safe_time("", "", at("2024-05-04T03:00:00Z")), at("2024-05-04T03:00:00Z"));

    // In the task: asked on Friday night with 24 hours, the first safe time is after the deadline.
    Task task;
    task.window = Window::any;
    task.terms = t;
    task.created_at = at("2024-05-03T20:00:00Z");
    task.due_at = at("2024-05-04T20:00:00Z");
    json j = to_json(task);
    EXPECT_EQ(j["first_safe_at"], "2024-05-06T16:00:00.000Z");
    EXPECT_FALSE(j["safe_before_due"].get<bool>());
    task.terms.no_weekend = false;  // Saturday evening is safe, within the 24 hours
    j = to_json(task);
    EXPECT_EQ(j["first_safe_at"], "2024-05-04T16:00:00.000Z");
    EXPECT_TRUE(j["safe_before_due"].get<bool>());
    task.terms = CallbackTerms{};  // no terms: safe at once
    EXPECT_TRUE(to_json(task)["safe_before_due"].get<bool>());
}

// The note's limit counts characters, as the widget's maxlength does: 500 accented letters
// (1000 bytes) fit, 501 do not (a tester's finding: a safety note that fit the field was
// refused, and the callback request with it).
TEST(TermsTest, TheNotesLimitCountsCharactersNotBytes) {
    std::string accented;
    for (std::size_t i = 0; i < max_terms_note_characters; ++i) accented += "é";
    auto fits = parse_create_request(body({{"note", accented}}));
    ASSERT_TRUE(fits.ok()) << fits.error().message;
    EXPECT_EQ(fits->terms.note, accented);
    auto over = parse_create_request(body({{"note", accented + "é"}}));
    ASSERT_FALSE(over.ok());
    EXPECT_EQ(over.error().field, "terms.note");
    EXPECT_EQ(utf8_characters("bél niét"), 8u);
}

}  // namespace
}  // namespace advieslijn::callbacks
