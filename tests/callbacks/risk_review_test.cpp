// The risk review's pure parts (callbacks/risk_review.hpp) and the ISO weeks (sla.hpp).
#include "callbacks/risk_review.hpp"

#include <gtest/gtest.h>

#include "callbacks/model.hpp"
#include "callbacks/sla.hpp"

using namespace advieslijn;
using namespace advieslijn::callbacks;
using nlohmann::json;

TEST(RiskReviewTest, AbsentOrNullIsNoReview) {
    for (const json& body : {json::object(), json{{"outcome", "advised"}}, json{{"risk_review", nullptr}}}) {
        auto r = parse_risk_review(body);
        ASSERT_TRUE(r.ok());
        EXPECT_FALSE(r->has_value());
    }
}

TEST(RiskReviewTest, ValidReviews) {
    auto confirmed = parse_risk_review(json::parse(
        R"({"risk_review":{"verdict":"confirmed","category":"honour_violence"}})"));
    ASSERT_TRUE(confirmed.ok());
    ASSERT_TRUE(confirmed->has_value());
    EXPECT_EQ((*confirmed)->verdict, RiskVerdict::confirmed);
    EXPECT_EQ((*confirmed)->category, "honour_violence");
    for (const char* v : {"not_risk", "unsure"}) {
        auto r = parse_risk_review(json{{"risk_review", {{"verdict", v}, {"category", nullptr}}}});
        ASSERT_TRUE(r.ok()) << v;
        EXPECT_EQ(to_string((*r)->verdict), std::string(v));
        EXPECT_TRUE((*r)->category.empty());
    }
}

TEST(RiskReviewTest, BadReviewsNameTheField) {
    const std::pair<const char*, const char*> cases[] = {
        {R"({"risk_review":"confirmed"})", "risk_review"},
        {R"({"risk_review":{"verdict":"yes"}})", "risk_review.verdict"},
        {R"({"risk_review":{"verdict":1}})", "risk_review.verdict"},
        {R"({"risk_review":{}})", "risk_review.verdict"},
        {R"({"risk_review":{"verdict":"confirmed"}})", "risk_review.category"},
        {R"({"risk_review":{"verdict":"confirmed","category":"bullying"}})", "risk_review.category"},
        {R"({"risk_review":{"verdict":"confirmed","category":"suicide_selfharm"}})",
         "risk_review.category"},
        {R"({"risk_review":{"verdict":"not_risk","category":"neglect"}})", "risk_review.category"},
        {R"({"risk_review":{"verdict":"unsure","extra":1}})", "risk_review"},
    };
    for (const auto& [body, field] : cases) {
        auto r = parse_risk_review(json::parse(body));
        ASSERT_FALSE(r.ok()) << body;
        EXPECT_EQ(r.error().code, Errc::invalid_input) << body;
        EXPECT_EQ(r.error().field, field) << body;
    }
}

TEST(RiskReviewTest, TheCategoryListIsTheBriefsTen) {
    EXPECT_EQ(risk_review_categories.size(), 10u);
    for (const char* name : {"emergency_medical", "suicide_self_harm", "acute_danger", "child_abuse",
                             "domestic_violence", "parent_harm", "unsafe_home",
                             "online_exploitation", "honour_violence", "neglect"})
        EXPECT_NE(find_risk_category(name), nullptr) << name;
    EXPECT_EQ(find_risk_category("medical"), nullptr) << "training names are not API names";
}

TEST(RiskReviewTest, TaskJsonAndHashCarryTheReview) {
    Fields f{{"id", "t1"}, {"priority", "urgent"}, {"state", "completed"},
             {"risk_verdict", "confirmed"}, {"risk_category", "neglect"}};
    auto t = task_from_fields(f);
    ASSERT_TRUE(t.ok());
    ASSERT_TRUE(t->risk_review.has_value());
    const json j = to_json(*t);
    EXPECT_EQ(j["risk_review"], json({{"verdict", "confirmed"}, {"category", "neglect"}}));
    f.erase("risk_verdict");
    EXPECT_TRUE(to_json(*task_from_fields(f))["risk_review"].is_null());
}

TEST(RiskReviewTest, TrainingLineFormat) {
    MissedText m{"t1", from_ms(0), "nl", "suicide_self_harm", "ik wil\tniet\nmeer"};
    EXPECT_EQ(training_line(m), "nl\turgent\tsuicide_selfharm\tik wil niet meer\n");
    m.category = "emergency_medical";
    m.lang = "en";
    EXPECT_EQ(training_line(m).substr(0, 18), "en\turgent\tmedical\t");
    auto back = missed_text_from_json(missed_text_json(m));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->text, m.text);
    EXPECT_EQ(back->category, m.category);
}

TEST(RiskReviewTest, WeekFromCounterFields) {
    const RiskWeek w = risk_week_from_fields(
        "2024-W18", "2024-04-29",
        {{"hit", "3"}, {"hit:child_abuse", "2"}, {"hit:neglect", "1"}, {"missed", "1"},
         {"missed:neglect", "1"}, {"false_alarm", "4"}, {"unsure", "2"}, {"hit:bogus", "9"}});
    const json j = to_json(w);
    EXPECT_EQ(j["hits"], 3);
    EXPECT_EQ(j["missed"], 1);
    EXPECT_EQ(j["false_alarms"], 4);
    EXPECT_EQ(j["unsure"], 2);
    EXPECT_EQ(j["categories"]["neglect"], json({{"hits", 1}, {"missed", 1}}));
    EXPECT_EQ(j["categories"]["child_abuse"], json({{"hits", 2}, {"missed", 0}}));
    EXPECT_FALSE(j["categories"].contains("bogus"));
}

TEST(IsoWeekTest, DutchIsoWeeks) {
    // 2024-04-30 (Tuesday) is in week 18, Monday 2024-04-29.
    const TimePoint t = from_ms(1'714'478'400'000);
    EXPECT_EQ(iso_week_netherlands(t).name, "2024-W18");
    EXPECT_EQ(iso_week_netherlands(t).monday, "2024-04-29");
    // Sunday 2024-12-29 23:30 UTC is Monday 00:30 in Amsterdam: week 1 of 2025.
    auto utc = [](int y, unsigned m, unsigned d, int h, int mi) {
        using namespace std::chrono;
        return time_point_cast<TimePoint::duration>(sys_days{year{y} / month{m} / day{d}} + hours{h} +
                                                    minutes{mi});
    };
    EXPECT_EQ(iso_week_netherlands(utc(2024, 12, 29, 23, 30)).name, "2025-W01");
    EXPECT_EQ(iso_week_netherlands(utc(2024, 12, 29, 22, 30)).name, "2024-W52");
    // 2021-01-03 (Sunday) still belongs to 2020's week 53.
    EXPECT_EQ(iso_week_netherlands(utc(2021, 1, 3, 12, 0)).name, "2020-W53");
    const auto weeks = iso_weeks_netherlands(t, 3);
    ASSERT_EQ(weeks.size(), 3u);
    EXPECT_EQ(weeks[0].name, "2024-W16");
    EXPECT_EQ(weeks[2].name, "2024-W18");
}
