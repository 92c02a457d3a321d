// Integration tests of the supervisor figures (real redis-server, FakeClock): SLA windows,
// daily buckets on Dutch calendar days, per-specialist workload, the audit stream, and the
// escalation list's task fields.
#include "callbacks/service.hpp"
#include "callbacks/sla.hpp"

#include "tests/callbacks/fixture.hpp"

using namespace advieslijn;
using namespace advieslijn::callbacks;
using namespace advieslijn::callbacks::test_support;

namespace {

class StatsTest : public CallbacksTest {
  protected:
    // Created now, claimed and completed by `who` after `after`.
    Task completed_after(const std::string& phone, std::chrono::minutes after,
                         const std::string& who = "anna") {
        Task t = create(sample_task(phone));
        clock_.advance(after);
        EXPECT_TRUE(run(service_->claim(t.id, who)).ok());
        auto done = run(service_->complete(t.id, who, Outcome::advised));
        EXPECT_TRUE(done.ok());
        return t;
    }

    const SlaWindow& window(const SlaStats& s, const std::string& name) {
        for (const auto& w : s.windows)
            if (w.name == name) return w;
        ADD_FAILURE() << "no window " << name;
        return s.windows.front();
    }

    SlaStats stats() {
        auto s = run(service_->sla_stats());
        EXPECT_TRUE(s.ok());
        return s.ok() ? *s : SlaStats{};
    }

    const SpecialistLoad* load_of(const std::vector<SpecialistLoad>& all, const std::string& u) {
        for (const auto& w : all)
            if (w.username == u) return &w;
        return nullptr;
    }

    std::vector<AuditEntry> whole_audit_log() {
        auto page = run(service_->audit_log("", 200));
        EXPECT_TRUE(page.ok());
        return page.ok() ? page->entries : std::vector<AuditEntry>{};
    }
};

}  // namespace

TEST_F(StatsTest, SlaWindowsCountCompletionsWithinTheDeadlineAndTheMedianTimeToCallback) {
    auto empty = stats();
    ASSERT_EQ(empty.windows.size(), 3u);
    EXPECT_EQ(window(empty, "24h").completed, 0u);
    EXPECT_FALSE(window(empty, "24h").share.has_value()) << "no completions: no share";
    EXPECT_FALSE(window(empty, "30d").median_minutes.has_value());

    const TimePoint t0 = clock_.now();
    completed_after("+31611111111", 10min);  // A: in time, 10 minutes to callback
    // B: first attempt after 60 minutes, completed after the 24 h deadline.
    clock_.set(t0);
    Task b = create(sample_task("+31622222222"));
    clock_.set(t0 + 60min);
    ASSERT_TRUE(run(service_->claim(b.id, "anna")).ok());
    ASSERT_TRUE(run(service_->record_attempt(b.id, "anna", AttemptResult::no_answer)).ok());
    clock_.set(t0 + 25h);
    ASSERT_TRUE(run(service_->claim(b.id, "anna")).ok());
    ASSERT_TRUE(run(service_->complete(b.id, "anna", Outcome::reached)).ok());

    // Now t0+25h: the 24 h window (t0+1h, t0+25h] holds B's completion only, and not B's
    // sample, taken exactly at its open edge.
    auto s = stats();
    EXPECT_EQ(window(s, "24h").completed, 1u);
    EXPECT_EQ(window(s, "24h").within_sla, 0u);
    EXPECT_EQ(window(s, "24h").share, 0.0);
    EXPECT_FALSE(window(s, "24h").median_minutes.has_value());
    EXPECT_EQ(window(s, "7d").completed, 2u);
    EXPECT_EQ(window(s, "7d").within_sla, 1u);
    EXPECT_EQ(window(s, "7d").share, 0.5);
    EXPECT_EQ(window(s, "7d").median_minutes, 35.0) << "median of 10 and 60";

    // Seen from one millisecond before A's completion leaves the 24 h window (B's
    // completion is still ahead), and from the moment it leaves.
    clock_.set(t0 + 10min + 24h - 1ms);
    s = stats();
    EXPECT_EQ(window(s, "24h").completed, 1u);
    EXPECT_EQ(window(s, "24h").within_sla, 1u);
    EXPECT_EQ(window(s, "24h").median_minutes, 35.0);
    clock_.set(t0 + 10min + 24h);
    s = stats();
    EXPECT_EQ(window(s, "24h").completed, 0u);
    EXPECT_EQ(window(s, "24h").within_sla, 0u);
    EXPECT_EQ(window(s, "24h").median_minutes, 60.0);

    clock_.set(t0 + 25h + 7 * 24h);  // B's completion is exactly at the 7 d window's open edge
    s = stats();
    EXPECT_EQ(window(s, "7d").completed, 0u);
    EXPECT_FALSE(window(s, "7d").share.has_value());
    EXPECT_EQ(window(s, "30d").completed, 2u);
    EXPECT_EQ(window(s, "30d").share, 0.5);

    auto j = to_json(s);
    EXPECT_TRUE(j["within_sla"]["7d"].is_null());
    EXPECT_EQ(j["within_sla"]["30d"], 0.5);
    EXPECT_EQ(j["median_minutes_to_callback"]["30d"], 35.0);

    // Samples and in-SLA completions older than 31 days are trimmed by the next completion.
    clock_.set(t0 + 32 * 24h);
    completed_after("+31633333333", 3min);
    EXPECT_EQ(redis({"ZCARD", key("ttc")}).integer, 1);
    EXPECT_EQ(redis({"ZCARD", key("done_sla")}).integer, 1);
    EXPECT_EQ(window(stats(), "30d").median_minutes, 3.0);
}

TEST_F(StatsTest, OnlyTheFirstContactIsATimeToCallbackSample) {
    Task t = create();
    clock_.advance(20min);
    ASSERT_TRUE(run(service_->claim(t.id, "anna")).ok());
    ASSERT_TRUE(run(service_->record_attempt(t.id, "anna", AttemptResult::busy)).ok());
    clock_.advance(40min);
    ASSERT_TRUE(run(service_->claim(t.id, "anna")).ok());
    ASSERT_TRUE(run(service_->complete(t.id, "anna", Outcome::reached)).ok());
    EXPECT_EQ(redis({"ZCARD", key("ttc")}).integer, 1);
    EXPECT_EQ(window(stats(), "24h").median_minutes, 20.0);
}

TEST_F(StatsTest, DailyBucketsFollowTheDutchCalendarDay) {
    // test_epoch is 14:00 in Amsterdam (CEST); midnight there is 22:00 UTC.
    clock_.set(test_epoch() + 9h + 30min);  // 23:30 on 30 April, Dutch time
    Task late = create(sample_task("+31611111111"));
    clock_.advance(1h);  // 00:30 on 1 May
    create(sample_task("+31622222222"));
    ASSERT_TRUE(run(service_->claim(late.id, "anna")).ok());
    ASSERT_TRUE(run(service_->complete(late.id, "anna", Outcome::reached)).ok());

    auto d = run(service_->daily(3));
    ASSERT_TRUE(d.ok()) << d.error().message;
    ASSERT_EQ(d->size(), 3u);
    EXPECT_EQ((*d)[0].date, "2024-04-29");
    EXPECT_EQ((*d)[0].created, 0u);
    EXPECT_EQ((*d)[1].date, "2024-04-30");
    EXPECT_EQ((*d)[1].created, 1u);
    EXPECT_EQ((*d)[1].completed, 0u);
    EXPECT_EQ((*d)[2].date, "2024-05-01");
    EXPECT_EQ((*d)[2].created, 1u);
    EXPECT_EQ((*d)[2].completed, 1u);
    EXPECT_EQ((*d)[2].within_sla, 1u);
    EXPECT_EQ(to_json((*d)[2])["date"], "2024-05-01");

    const auto ttl = redis({"PTTL", key("day:2024-05-01")}).integer;
    EXPECT_GT(ttl, (day_figures_keep_days - 1) * 24LL * 3600 * 1000);
    EXPECT_LE(ttl, day_figures_keep_days * 24LL * 3600 * 1000);

    // A repeat contact merges: no new task for the day.
    create(sample_task("+31622222222", "nog een vraag"));
    EXPECT_EQ(run(service_->daily(1))->at(0).created, 1u);

    EXPECT_EQ(run(service_->daily(0)).error().field, "days");
    EXPECT_EQ(run(service_->daily(32)).error().field, "days");
    EXPECT_EQ(run(service_->daily(31))->size(), 31u);
}

TEST_F(StatsTest, WorkloadCountsHeldTasksAndTodaysWork) {
    Task a = create(sample_task("+31611111111"));
    Task b = create(sample_task("+31622222222"));
    Task c = create(sample_task("+31633333333"));
    Task d = create(sample_task("+31644444444"));
    ASSERT_TRUE(run(service_->claim(a.id, "anna")).ok());
    ASSERT_TRUE(run(service_->claim(b.id, "anna")).ok());
    ASSERT_TRUE(run(service_->claim(c.id, "bert")).ok());
    ASSERT_TRUE(run(service_->claim(d.id, "bert")).ok());
    ASSERT_TRUE(run(service_->complete(a.id, "anna", Outcome::reached)).ok());
    ASSERT_TRUE(run(service_->record_attempt(b.id, "anna", AttemptResult::no_answer)).ok());

    auto w = run(service_->workload());
    ASSERT_TRUE(w.ok()) << w.error().message;
    ASSERT_EQ(w->size(), 2u);
    EXPECT_EQ((*w)[0].username, "anna") << "by username";
    EXPECT_EQ((*w)[0].claimed, 0u);
    EXPECT_EQ((*w)[0].completed_today, 1u);
    EXPECT_EQ((*w)[0].attempts_today, 1u);
    EXPECT_EQ((*w)[1].username, "bert");
    EXPECT_EQ((*w)[1].claimed, 2u);
    EXPECT_EQ((*w)[1].completed_today, 0u);
    EXPECT_EQ(to_json((*w)[1])["claimed"], 2);

    // The third attempt completes the task as unreachable: an attempt and a completion.
    Settings s = settings_;
    s.max_attempts = 1;
    Service one_try(*client_, clock_, tenant_, s);
    ASSERT_TRUE(run(one_try.record_attempt(c.id, "bert", AttemptResult::busy)).ok());
    w = run(service_->workload());
    const SpecialistLoad* bert = load_of(*w, "bert");
    ASSERT_NE(bert, nullptr);
    EXPECT_EQ(bert->claimed, 1u);
    EXPECT_EQ(bert->attempts_today, 1u);
    EXPECT_EQ(bert->completed_today, 1u);

    // A reassignment moves the held task.
    ASSERT_TRUE(run(service_->reassign(d.id, "sup", "anna")).ok());
    w = run(service_->workload());
    EXPECT_EQ(load_of(*w, "anna")->claimed, 1u);
    EXPECT_EQ(load_of(*w, "bert")->claimed, 0u);

    // A new Dutch day: yesterday's work no longer counts, held tasks do.
    clock_.advance(12h);  // 02:00 on 1 May, Dutch time
    w = run(service_->workload());
    EXPECT_EQ(load_of(*w, "bert"), nullptr);
    ASSERT_NE(load_of(*w, "anna"), nullptr) << "still holding d until the scanner runs";
    EXPECT_EQ(load_of(*w, "anna")->completed_today, 0u);
    ASSERT_TRUE(run(service_->tick(nullptr)).ok());
    EXPECT_TRUE(run(service_->workload())->empty());
}

TEST_F(StatsTest, TheAuditLogRecordsWhoDidWhatWithoutPersonalData) {
    NewTask n = sample_task();
    n.terms.voicemail = true;  // the family allowed one (the default is no)
    Task t = create(n);
    Task other = create(sample_task("+31687654321", "Mijn puber spijbelt"));
    ASSERT_TRUE(run(service_->claim(t.id, "anna")).ok());
    ASSERT_TRUE(run(service_->add_note(t.id, "anna", "belt via +31699999999")).ok());
    ASSERT_TRUE(run(service_->record_attempt(t.id, "anna", AttemptResult::voicemail)).ok());
    ASSERT_TRUE(run(service_->reassign(t.id, "sup", "bert")).ok());
    ASSERT_TRUE(run(service_->release_by_supervisor(t.id, "sup")).ok());
    ASSERT_TRUE(run(service_->claim(t.id, "bert")).ok());
    ASSERT_TRUE(run(service_->complete(t.id, "bert", Outcome::referred, "", "Veilig Thuis")).ok());
    ASSERT_TRUE(run(service_->cancel(other.id, "sup", "beller belde terug op +31612345678")).ok());
    ASSERT_TRUE(run(service_->record_audit("anna", "viewed_number", t.id)).ok());

    auto entries = whole_audit_log();
    std::vector<std::string> actions;
    for (const auto& e : entries) {
        actions.push_back(e.action);
        for (const auto& text : {e.actor, e.action, e.task_id, e.reference, e.detail}) {
            EXPECT_EQ(text.find("+31"), std::string::npos) << e.action << ": " << text;
            EXPECT_EQ(text.find("slaapt"), std::string::npos) << "no question text";
        }
    }
    EXPECT_EQ(actions, (std::vector<std::string>{"viewed_number", "cancelled", "completed",
                                                 "claimed", "released", "reassigned", "attempt",
                                                 "note", "claimed"}))
        << "newest first";
    const AuditEntry& viewed = entries[0];
    EXPECT_EQ(viewed.actor, "anna");
    EXPECT_EQ(viewed.task_id, t.id);
    EXPECT_EQ(viewed.reference, t.reference);
    EXPECT_EQ(viewed.at, test_epoch());
    EXPECT_EQ(entries[2].detail, "referred: Veilig Thuis");
    EXPECT_EQ(entries[4].detail, "holder bert");
    EXPECT_EQ(entries[5].detail, "queue->bert");
    EXPECT_EQ(entries[6].detail, "voicemail");
    EXPECT_EQ(to_json(viewed)["task"], t.id);

    // Paging with the cursor covers the same entries once each.
    std::vector<std::string> paged;
    std::string cursor;
    for (int guard = 0; guard < 10; ++guard) {
        auto page = run(service_->audit_log(cursor, 4));
        ASSERT_TRUE(page.ok());
        for (const auto& e : page->entries) paged.push_back(e.action);
        cursor = page->next;
        if (cursor.empty()) break;
    }
    EXPECT_EQ(paged, actions);

    // Bad input and unknown tasks write nothing.
    EXPECT_EQ(run(service_->record_audit("anna", "Viewed Number", t.id)).error().field, "action");
    EXPECT_EQ(run(service_->record_audit("anna", "viewed_number", "0123456789abcdef")).error().code,
              Errc::not_found);
    EXPECT_EQ(run(service_->record_audit("", "viewed_number", t.id)).error().code,
              Errc::invalid_input);
    EXPECT_EQ(
        run(service_->record_audit("anna", "exported", "", std::string(501, 'x'))).error().field,
        "detail");
    EXPECT_EQ(whole_audit_log().size(), entries.size());
    EXPECT_EQ(run(service_->audit_log("bogus", 10)).error().field, "before");
    EXPECT_EQ(run(service_->audit_log("", 0)).error().field, "limit");
    EXPECT_TRUE(run(service_->record_audit("sup", "exported", "", "daily report")).ok())
        << "an action without a task";
}

TEST_F(StatsTest, AcknowledgingAnEscalationIsAudited) {
    Task t = create_breached();
    ASSERT_TRUE(run(service_->acknowledge_escalation(t.id, "sup")).ok());
    auto entries = whole_audit_log();
    ASSERT_FALSE(entries.empty());
    EXPECT_EQ(entries[0].action, "escalation_acknowledged");
    EXPECT_EQ(entries[0].actor, "sup");
    EXPECT_EQ(entries[0].reference, t.reference);
}

TEST_F(StatsTest, EscalationsCarryTheTasksPriorityLanguageTopicAndState) {
    Task t = create_breached();
    auto page = run(service_->list_escalations(true, 0, 10));
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->escalations.size(), 1u);
    const Escalation& e = page->escalations[0];
    EXPECT_EQ(e.priority, Priority::high) << "raised at 75 % of the SLA";
    EXPECT_EQ(e.lang, "nl");
    EXPECT_EQ(e.topic, "slapen");
    EXPECT_EQ(e.state, State::queued);
    ASSERT_TRUE(run(service_->claim(t.id, "anna")).ok());
    auto acked = run(service_->acknowledge_escalation(t.id, "sup"));
    ASSERT_TRUE(acked.ok());
    EXPECT_EQ(acked->state, State::claimed);
    EXPECT_EQ(to_json(*acked)["state"], "claimed");
}

TEST_F(StatsTest, SummaryCountsOpenUrgentTasks) {
    NewTask n = sample_task("+31611111111");
    n.priority = Priority::urgent;
    Task urgent = create(n);
    n = sample_task("+31622222222");
    n.priority = Priority::high;
    Task high = create(n);
    create(sample_task("+31633333333"));
    EXPECT_EQ(run(service_->sla_summary())->urgent, 1u);
    clock_.advance(18h);  // at risk: high becomes urgent
    ASSERT_TRUE(run(service_->tick(nullptr)).ok());
    EXPECT_EQ(run(service_->sla_summary())->urgent, 2u);
    ASSERT_TRUE(run(service_->cancel(urgent.id, "sup", "dubbel")).ok());
    ASSERT_TRUE(run(service_->claim(high.id, "anna")).ok());
    EXPECT_EQ(run(service_->sla_summary())->urgent, 1u) << "claimed tasks stay open";
    ASSERT_TRUE(run(service_->complete(high.id, "anna", Outcome::reached)).ok());
    EXPECT_EQ(run(service_->sla_summary())->urgent, 0u);
}

// /metrics turns this into the age the "urgent task unclaimed" alert watches: the oldest
// urgent task still in the queue, not the oldest urgent task at all.
TEST_F(StatsTest, SummaryNamesTheOldestUnclaimedUrgentTask) {
    EXPECT_FALSE(run(service_->sla_summary())->oldest_unclaimed_urgent);
    NewTask n = sample_task("+31611111111");
    n.priority = Priority::urgent;
    Task first = create(n);
    clock_.advance(3min);
    n = sample_task("+31622222222");
    n.priority = Priority::urgent;
    Task second = create(n);
    create(sample_task("+31633333333"));  // normal: not counted however old
    EXPECT_EQ(run(service_->sla_summary())->oldest_unclaimed_urgent, first.created_at);
    ASSERT_TRUE(run(service_->claim(first.id, "anna")).ok());
    EXPECT_EQ(run(service_->sla_summary())->oldest_unclaimed_urgent, second.created_at);
    ASSERT_TRUE(run(service_->claim(second.id, "bert")).ok());
    EXPECT_FALSE(run(service_->sla_summary())->oldest_unclaimed_urgent);
    EXPECT_EQ(run(service_->sla_summary())->outbox, 0u) << "no webhook configured here";
}

TEST_F(StatsTest, FiguresAndAuditAreKeptPerTenant) {
    Task t = completed_after("+31611111111", 5min);
    Tenant other;
    other.id = "elders";
    Service elsewhere(*client_, clock_, other, settings_);
    EXPECT_EQ(run(elsewhere.record_audit("anna", "viewed_number", t.id)).error().code,
              Errc::not_found);
    EXPECT_TRUE(run(elsewhere.audit_log("", 10))->entries.empty());
    EXPECT_EQ(window(*run(elsewhere.sla_stats()), "24h").completed, 0u);
    EXPECT_EQ(run(elsewhere.daily(1))->at(0).created, 0u);
    EXPECT_TRUE(run(elsewhere.workload())->empty());
    EXPECT_EQ(window(stats(), "24h").completed, 1u);
}

// The per-day figures of the reports (docs/reports.md): counted in the same call as the task
// change, and never with a number typed into a referral partner's name.
TEST_F(StatsTest, DayFiguresCountOutcomesReferralsCallsAndMinutesWithoutNumbers) {
    Task a = create(sample_task("+31611111111"));
    Task b = create(sample_task("+31622222222"));
    clock_.advance(12min);
    ASSERT_TRUE(run(service_->claim(a.id, "anna")).ok());
    ASSERT_TRUE(run(service_->record_attempt(a.id, "anna", AttemptResult::no_answer)).ok());
    ASSERT_TRUE(run(service_->claim(b.id, "anna")).ok());
    ASSERT_TRUE(run(service_->complete(b.id, "anna", Outcome::referred, "", "huisarts 020-1234567")).ok());
    clock_.advance(40min);
    ASSERT_TRUE(run(service_->claim(a.id, "anna")).ok());
    ASSERT_TRUE(run(service_->complete(a.id, "anna", Outcome::referred, "", "Veilig Thuis")).ok());

    const std::string today = date_netherlands(clock_.now());
    auto figures = run(service_->day_figures({today, "2020-01-01"}));
    ASSERT_TRUE(figures.ok()) << figures.error().message;
    ASSERT_EQ(figures->size(), 2u);
    EXPECT_TRUE(figures->at(1).empty());
    const auto& f = figures->at(0);
    EXPECT_EQ(f.at("created"), 2);
    EXPECT_EQ(f.at("created:normal"), 2);
    EXPECT_EQ(f.at("completed"), 2);
    EXPECT_EQ(f.at("outcome:referred"), 2);
    EXPECT_EQ(f.at("referral:Veilig Thuis"), 1);
    EXPECT_EQ(f.at("referral:other"), 1);
    for (const auto& [field, n] : f) EXPECT_EQ(field.find("1234567"), std::string::npos) << field;
    EXPECT_EQ(f.at("to_first:12"), 2);  // both first called after 12 minutes
    EXPECT_EQ(f.at("to_done:12"), 1);
    EXPECT_EQ(f.at("to_done:52"), 1);
    EXPECT_EQ(f.at("calls:1"), 1);
    EXPECT_EQ(f.at("calls:2"), 1);
}
