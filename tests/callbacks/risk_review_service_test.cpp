// Risk reviews at completion against a real redis-server (FakeClock): the weekly counters
// per verdict, exactly once, nothing changed on bad input, the scrubbed missed texts with
// their cap and retention, and tenants kept apart.
#include "callbacks/service.hpp"
#include "callbacks/sla.hpp"

#include "tests/callbacks/fixture.hpp"

using namespace advieslijn;
using namespace advieslijn::callbacks;
using namespace advieslijn::callbacks::test_support;

namespace {

class RiskReviewServiceTest : public CallbacksTest {
  protected:
    // A claimed task; `flags` as triage would have set them.
    Task claimed(const std::string& phone, std::vector<std::string> flags = {},
                 std::string question = "Mijn baby slaapt niet door") {
        NewTask n = sample_task(phone, std::move(question));
        n.risk_flags = std::move(flags);
        if (!n.risk_flags.empty()) n.priority = Priority::urgent;
        Task t = create(n);
        EXPECT_TRUE(run(service_->claim(t.id, "anna")).ok());
        return t;
    }

    Result<Task> complete(const Task& t, std::optional<RiskReview> review) {
        return run(service_->complete(t.id, "anna", Outcome::advised, {}, {}, std::move(review)));
    }

    RiskWeek this_week() {
        auto weeks = run(service_->risk_weeks(1));
        EXPECT_TRUE(weeks.ok());
        return weeks.ok() && !weeks->empty() ? weeks->back() : RiskWeek{};
    }

    std::vector<MissedText> missed() {
        auto m = run(service_->missed_texts());
        EXPECT_TRUE(m.ok());
        return m.ok() ? *m : std::vector<MissedText>{};
    }

    std::string week_key() { return key("risk:week:" + iso_week_netherlands(clock_.now()).name); }
};

RiskReview review(RiskVerdict v, std::string category = {}) {
    return RiskReview{v, std::move(category)};
}

TEST_F(RiskReviewServiceTest, EachVerdictCountsWhereItBelongs) {
    const Task hit = claimed("+31611111111", {"child_abuse"});
    const Task miss = claimed("+31622222222");
    const Task false_alarm = claimed("+31633333333", {"acute_danger"});
    const Task calm = claimed("+31644444444");
    const Task unsure = claimed("+31655555555", {"domestic_violence"});
    const Task no_review = claimed("+31666666666", {"neglect"});

    auto done = complete(hit, review(RiskVerdict::confirmed, "child_abuse"));
    ASSERT_TRUE(done.ok()) << done.error().message;
    ASSERT_TRUE(done->risk_review.has_value());
    EXPECT_EQ(done->risk_review->verdict, RiskVerdict::confirmed);
    EXPECT_EQ(done->risk_review->category, "child_abuse");
    ASSERT_TRUE(complete(miss, review(RiskVerdict::confirmed, "neglect")).ok());
    ASSERT_TRUE(complete(false_alarm, review(RiskVerdict::not_risk)).ok());
    ASSERT_TRUE(complete(calm, review(RiskVerdict::not_risk)).ok());
    ASSERT_TRUE(complete(unsure, review(RiskVerdict::unsure)).ok());
    auto old_client = complete(no_review, std::nullopt);
    ASSERT_TRUE(old_client.ok());
    EXPECT_FALSE(old_client->risk_review.has_value());

    const RiskWeek w = this_week();
    EXPECT_EQ(w.week, "2024-W18");
    EXPECT_EQ(w.hits, 1u);
    EXPECT_EQ(w.missed, 1u);
    EXPECT_EQ(w.false_alarms, 1u);
    EXPECT_EQ(w.unsure, 1u);
    EXPECT_EQ(w.hits_by_category, (std::map<std::string, std::size_t>{{"child_abuse", 1}}));
    EXPECT_EQ(w.missed_by_category, (std::map<std::string, std::size_t>{{"neglect", 1}}));

    // The review is on the task as stored.
    auto stored = run(service_->get(false_alarm.id));
    ASSERT_TRUE(stored.ok());
    ASSERT_TRUE(stored->risk_review.has_value());
    EXPECT_EQ(stored->risk_review->verdict, RiskVerdict::not_risk);
    const auto ttl = redis({"PTTL", week_key()});
    EXPECT_GT(ttl.integer, 0) << "the week's counters expire on their own";
}

TEST_F(RiskReviewServiceTest, ARetriedCompletionCountsOnce) {
    const Task t = claimed("+31611111111", {"suicide_self_harm"});
    const Task m = claimed("+31622222222");
    ASSERT_TRUE(complete(t, review(RiskVerdict::confirmed, "suicide_self_harm")).ok());
    ASSERT_TRUE(complete(m, review(RiskVerdict::confirmed, "online_exploitation")).ok());
    for (int i = 0; i < 2; ++i) {
        auto again = complete(t, review(RiskVerdict::confirmed, "suicide_self_harm"));
        ASSERT_FALSE(again.ok());
        EXPECT_EQ(again.error().code, Errc::conflict);
        auto again_missed = complete(m, review(RiskVerdict::confirmed, "online_exploitation"));
        ASSERT_FALSE(again_missed.ok());
        EXPECT_EQ(again_missed.error().code, Errc::conflict);
    }
    const RiskWeek w = this_week();
    EXPECT_EQ(w.hits, 1u);
    EXPECT_EQ(w.missed, 1u);
    EXPECT_EQ(missed().size(), 1u);
}

TEST_F(RiskReviewServiceTest, BadReviewChangesNothing) {
    const Task t = claimed("+31611111111");
    for (const RiskReview& bad : {review(RiskVerdict::confirmed, ""),
                                  review(RiskVerdict::confirmed, "bullying"),
                                  review(RiskVerdict::not_risk, "neglect"),
                                  review(RiskVerdict::unsure, "child_abuse")}) {
        auto r = complete(t, bad);
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, Errc::invalid_input);
        EXPECT_EQ(r.error().field, "risk_review.category");
    }
    auto task = run(service_->get(t.id));
    ASSERT_TRUE(task.ok());
    EXPECT_EQ(task->state, State::claimed);
    EXPECT_FALSE(task->risk_review.has_value());
    EXPECT_EQ(redis({"EXISTS", week_key()}).integer, 0);
    EXPECT_EQ(redis({"EXISTS", key("risk:missed")}).integer, 0);
}

TEST_F(RiskReviewServiceTest, MissedTextIsScrubbedAndCarriesEveryQuestion) {
    const Task t = claimed("+31611111111", {},
                           "Ik ben Sanne, bel me op 06-12345678. Mijn vriend slaat de kinderen.");
    // A repeat contact from the same number adds a question to the open task.
    NewTask again = sample_task("+31611111111", "Mail sanne@example.nl, Kerkstraat 4, 1234 AB");
    ASSERT_TRUE(run(service_->create(again)).ok());
    ASSERT_TRUE(complete(t, review(RiskVerdict::confirmed, "child_abuse")).ok());
    const auto texts = missed();
    ASSERT_EQ(texts.size(), 1u);
    const MissedText& m = texts.front();
    EXPECT_EQ(m.task_id, t.id);
    EXPECT_EQ(m.lang, "nl");
    EXPECT_EQ(m.category, "child_abuse");
    EXPECT_EQ(m.text,
              "Ik ben [name], bel me op [phone]. Mijn vriend slaat de kinderen. "
              "Mail [email], [address], [postcode]");
    EXPECT_EQ(training_line(m),
              "nl\turgent\tchild_abuse\tIk ben [name], bel me op [phone]. Mijn vriend slaat de "
              "kinderen. Mail [email], [address], [postcode]\n");
}

TEST_F(RiskReviewServiceTest, MissedTextsAreCappedAndExpireWithTheRetention) {
    Settings small = settings_;
    small.missed_texts_kept = 2;
    small.retention = std::chrono::days(10);
    service_ = std::make_unique<Service>(*client_, clock_, tenant_, small);
    for (int i = 0; i < 3; ++i) {
        const Task t = claimed("+3161111111" + std::to_string(i), {}, "vraag " + std::to_string(i));
        ASSERT_TRUE(complete(t, review(RiskVerdict::confirmed, "neglect")).ok());
        clock_.advance(std::chrono::minutes(1));
    }
    auto texts = missed();
    ASSERT_EQ(texts.size(), 2u);
    EXPECT_EQ(texts[0].text, "vraag 2") << "newest first";
    EXPECT_EQ(texts[1].text, "vraag 1");
    EXPECT_EQ(this_week().missed, 3u) << "the cap is on texts, not on the counts";

    clock_.advance(std::chrono::days(10));
    EXPECT_TRUE(missed().empty()) << "past the retention nothing is handed out";
    ASSERT_TRUE(run(service_->tick(nullptr)).ok());
    EXPECT_EQ(redis({"ZCARD", key("risk:missed")}).integer, 0) << "and the scanner deletes them";
}

TEST_F(RiskReviewServiceTest, WeeksAreIsoWeeksOldestFirst) {
    const Task first = claimed("+31611111111", {"neglect"});
    ASSERT_TRUE(complete(first, review(RiskVerdict::confirmed, "neglect")).ok());
    clock_.advance(std::chrono::days(7));
    const Task second = claimed("+31622222222", {"neglect"});
    ASSERT_TRUE(complete(second, review(RiskVerdict::not_risk)).ok());
    auto weeks = run(service_->risk_weeks(3));
    ASSERT_TRUE(weeks.ok());
    ASSERT_EQ(weeks->size(), 3u);
    EXPECT_EQ((*weeks)[0].week, "2024-W17");
    EXPECT_EQ((*weeks)[1].week, "2024-W18");
    EXPECT_EQ((*weeks)[1].hits, 1u);
    EXPECT_EQ((*weeks)[2].week, "2024-W19");
    EXPECT_EQ((*weeks)[2].false_alarms, 1u);
    EXPECT_EQ((*weeks)[2].hits, 0u);
    for (int bad : {0, 53}) {
        auto r = run(service_->risk_weeks(bad));
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, Errc::invalid_input);
    }
}

TEST_F(RiskReviewServiceTest, TenantsDoNotSeeEachOthersFigures) {
    const Task t = claimed("+31611111111");
    ASSERT_TRUE(complete(t, review(RiskVerdict::confirmed, "parent_harm")).ok());
    Tenant noord;
    noord.id = "noord";
    Service other(*client_, clock_, noord, settings_);
    auto weeks = run(other.risk_weeks(1));
    ASSERT_TRUE(weeks.ok());
    EXPECT_EQ(weeks->back().missed, 0u);
    auto texts = run(other.missed_texts());
    ASSERT_TRUE(texts.ok());
    EXPECT_TRUE(texts->empty());
    EXPECT_EQ(this_week().missed, 1u);
}

}  // namespace
