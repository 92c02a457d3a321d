// The family's terms for being called back, against a real redis-server with a fake clock:
// claim_next skips a task whose safe time has not come, an explicit claim outside it needs the
// specialist's "I checked" (audited), a voicemail the family did not allow is refused, and a
// repeat contact can make the terms more cautious, never less. docs/callbacks.md, "Safe
// callbacks".
#include "tests/callbacks/fixture.hpp"

namespace advieslijn::callbacks {
namespace {

using namespace test_support;

class SafeCallbacksTest : public CallbacksTest {
  protected:
    // test_epoch() is Tuesday 2024-04-30 14:00 in Amsterdam (12:00Z, summer time).
    Task create_with(CallbackTerms terms, std::string phone, Window window = Window::any) {
        NewTask n = sample_task(std::move(phone));
        n.terms = std::move(terms);
        n.window = window;
        return create(std::move(n));
    }
    std::optional<Task> next(std::string who = "anna") {
        auto r = run(service_->claim_next(std::move(who)));
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
        return r.ok() ? *r : std::nullopt;
    }
};

TEST_F(SafeCallbacksTest, TheTermsAreStoredWithTheCautiousDefaults) {
    Task plain = create(sample_task("+31611111111"));
    CallbackTerms terms;
    terms.hours = SafeHours{18 * 60, 20 * 60};
    terms.no_weekend = true;
    terms.voicemail = true;
    terms.announce_cjg = true;
    terms.alt_phone = "06 87654321";
    terms.note = "Bel niet als mijn man opneemt";
    Task careful = create_with(terms, "+31622222222");

    auto a = run(service_->get(plain.id));
    ASSERT_TRUE(a.ok());
    EXPECT_FALSE(a->terms.voicemail);
    EXPECT_FALSE(a->terms.announce_cjg);
    EXPECT_FALSE(a->terms.hours.has_value());
    auto b = run(service_->get(careful.id));
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(b->terms.hours, (SafeHours{18 * 60, 20 * 60}));
    EXPECT_TRUE(b->terms.no_weekend && b->terms.voicemail && b->terms.announce_cjg);
    EXPECT_EQ(b->terms.alt_phone, "+31687654321");
    EXPECT_EQ(b->terms.note, "Bel niet als mijn man opneemt");
    EXPECT_EQ(to_json(*b)["terms"]["hours"]["from"], "18:00");
}

TEST_F(SafeCallbacksTest, BadTermsGetAClearErrorAndChangeNothing) {
    CallbackTerms premium;
    premium.alt_phone = "0900-1234567";
    CallbackTerms control;
    control.note = "eerst\tbellen";
    CallbackTerms outside_window;
    outside_window.hours = SafeHours{8 * 60, 10 * 60};
    for (auto [terms, field, window] :
         {std::tuple{premium, "terms.alt_phone", Window::any}, {control, "terms.note", Window::any},
          {outside_window, "terms.hours", Window::evening}}) {
        NewTask n = sample_task();
        n.terms = terms;
        n.window = window;
        auto r = run(service_->create(std::move(n)));
        ASSERT_FALSE(r.ok()) << field;
        EXPECT_EQ(r.error().code, Errc::invalid_input);
        EXPECT_EQ(r.error().field, field);
    }
    EXPECT_EQ(redis({"KEYS", key("*")}).elements.size(), 0u) << "nothing written";
}

TEST_F(SafeCallbacksTest, ClaimNextSkipsATaskWhoseSafeHoursHaveNotComeAndTheSlaClockRunsOn) {
    // First in the queue, but only to be called 18:00-20:00 (Dutch clock).
    CallbackTerms evening;
    evening.hours = SafeHours{18 * 60, 20 * 60};
    Task later = create_with(evening, "+31611111111");
    clock_.advance(std::chrono::minutes(1));
    Task now = create(sample_task("+31622222222"));

    auto first = next();
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(first->id, now.id) << "the task outside its hours is skipped, not the queue head";
    EXPECT_FALSE(next("bert").has_value()) << "nothing else may be called at 14:01";

    // 17:59: still not; 18:00: its time has come.
    clock_.set(test_epoch() + std::chrono::hours(4) - std::chrono::minutes(1));
    EXPECT_FALSE(next("bert").has_value());
    clock_.set(test_epoch() + std::chrono::hours(4));
    auto second = next("bert");
    ASSERT_TRUE(second.has_value());
    EXPECT_EQ(second->id, later.id);
    // The deadline is wall-clock time from the contact, whatever the safe hours.
    EXPECT_EQ(second->due_at, test_epoch() + std::chrono::hours(24));
}

TEST_F(SafeCallbacksTest, TheWindowAndTheWeekendAreKeptToo) {
    Task morning = create_with({}, "+31611111111", Window::morning);
    CallbackTerms weekdays;
    weekdays.no_weekend = true;
    Task no_weekend = create_with(weekdays, "+31622222222");
    // Tuesday 14:00: the morning task waits, the weekday task may be called.
    auto a = next();
    ASSERT_TRUE(a.has_value());
    EXPECT_EQ(a->id, no_weekend.id);
    ASSERT_TRUE(run(service_->release(no_weekend.id, "anna")).ok());
    // Saturday 10:00 (08:00Z): the morning task, never the weekday one.
    clock_.set(from_ms(1'714'809'600'000));  // 2024-05-04T08:00:00Z
    auto b = next();
    ASSERT_TRUE(b.has_value());
    EXPECT_EQ(b->id, morning.id);
    EXPECT_FALSE(next("bert").has_value());
    // Monday 10:00.
    clock_.set(from_ms(1'714'982'400'000));  // 2024-05-06T08:00:00Z
    auto c = next("bert");
    ASSERT_TRUE(c.has_value());
    EXPECT_EQ(c->id, no_weekend.id);
}

TEST_F(SafeCallbacksTest, AClaimOutsideTheSafeTimesNeedsACheckThatIsAudited) {
    CallbackTerms evening;
    evening.hours = SafeHours{18 * 60, 20 * 60};
    Task t = create_with(evening, "+31611111111");

    auto refused = run(service_->claim(t.id, "anna"));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, Errc::outside_safe_time);
    EXPECT_EQ(http_status(refused.error().code), 409);
    EXPECT_NE(refused.error().message.find("checked_safe_time"), std::string::npos);
    auto still = run(service_->get(t.id));
    ASSERT_TRUE(still.ok());
    EXPECT_EQ(still->state, State::queued);
    EXPECT_TRUE(still->holder.empty());

    auto checked = run(service_->claim(t.id, "anna", true));
    ASSERT_TRUE(checked.ok()) << checked.error().message;
    EXPECT_EQ(checked->holder, "anna");
    auto log = run(service_->audit_log({}, 10));
    ASSERT_TRUE(log.ok());
    ASSERT_FALSE(log->entries.empty());
    const AuditEntry& e = log->entries[0];
    EXPECT_EQ(e.action, "claimed");
    EXPECT_EQ(e.actor, "anna");
    EXPECT_EQ(e.detail, "checked_safe_time");
    // The whole subscriber number: a short digit run could match the entry's stream id.
    EXPECT_EQ(to_json(e).dump().find("611111111"), std::string::npos) << "no number in the audit";
    auto with_history = run(service_->get(t.id));
    ASSERT_TRUE(with_history.ok());
    EXPECT_EQ(with_history->history.back().detail, "checked_safe_time");

    // Within the safe times the check is not needed, and not recorded.
    Task other = create(sample_task("+31622222222"));
    ASSERT_TRUE(run(service_->claim(other.id, "bert")).ok());
    EXPECT_EQ(run(service_->audit_log({}, 1))->entries.at(0).detail, "");
}

// A reassignment hands the task to someone who will call: held to the safe times as a claim.
TEST_F(SafeCallbacksTest, AReassignmentOutsideTheSafeTimesNeedsTheSupervisorsCheckToo) {
    CallbackTerms evening;
    evening.hours = SafeHours{18 * 60, 20 * 60};
    Task t = create_with(evening, "+31611111111");  // now: Tuesday 14:00

    auto refused = run(service_->reassign(t.id, "sup", "anna"));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, Errc::outside_safe_time);
    EXPECT_NE(refused.error().message.find("checked_safe_time"), std::string::npos);
    auto still = run(service_->get(t.id));
    ASSERT_TRUE(still.ok());
    EXPECT_EQ(still->state, State::queued);
    EXPECT_TRUE(still->holder.empty());

    auto checked = run(service_->reassign(t.id, "sup", "anna", "belt om 14:05, moeder weet ervan", true));
    ASSERT_TRUE(checked.ok()) << checked.error().message;
    EXPECT_EQ(checked->holder, "anna");
    auto log = run(service_->audit_log({}, 1));
    ASSERT_TRUE(log.ok());
    ASSERT_FALSE(log->entries.empty());
    EXPECT_EQ(log->entries[0].action, "reassigned");
    EXPECT_EQ(log->entries[0].actor, "sup");
    EXPECT_EQ(log->entries[0].detail, "queue->anna checked_safe_time");

    // Within the safe times no check is needed, and none is recorded.
    clock_.advance(std::chrono::hours(4) + std::chrono::minutes(30));  // 18:30
    auto evening_reassign = run(service_->reassign(t.id, "sup", "bert"));
    ASSERT_TRUE(evening_reassign.ok()) << evening_reassign.error().message;
    EXPECT_EQ(run(service_->audit_log({}, 1))->entries.at(0).detail, "anna->bert");
}

TEST_F(SafeCallbacksTest, AVoicemailTheFamilyDidNotAllowIsRefusedAndChangesNothing) {
    Task t = create(sample_task("+31611111111"));
    ASSERT_TRUE(run(service_->claim(t.id, "anna")).ok());
    auto refused = run(service_->record_attempt(t.id, "anna", AttemptResult::voicemail));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, Errc::conflict);
    EXPECT_EQ(http_status(refused.error().code), 409);
    EXPECT_NE(refused.error().message.find("voicemail"), std::string::npos);
    auto same = run(service_->get(t.id));
    ASSERT_TRUE(same.ok());
    EXPECT_EQ(same->state, State::claimed);
    EXPECT_EQ(same->holder, "anna");
    EXPECT_EQ(same->attempts, 0);
    // Other unsuccessful attempts are fine.
    ASSERT_TRUE(run(service_->record_attempt(t.id, "anna", AttemptResult::no_answer)).ok());

    CallbackTerms allowed;
    allowed.voicemail = true;
    Task ok = create_with(allowed, "+31622222222");
    ASSERT_TRUE(run(service_->claim(ok.id, "anna")).ok());
    auto left = run(service_->record_attempt(ok.id, "anna", AttemptResult::voicemail));
    ASSERT_TRUE(left.ok()) << left.error().message;
    EXPECT_EQ(left->attempts, 1);
}

TEST_F(SafeCallbacksTest, ARepeatContactMakesTheTermsMoreCautiousNeverLess) {
    CallbackTerms open;
    open.voicemail = true;
    open.announce_cjg = true;
    Task first = create_with(open, "+31611111111");
    CallbackTerms again;  // says nothing: the cautious defaults
    again.no_weekend = true;
    again.alt_phone = "+31687654321";
    create_with(again, "+31611111111");
    auto merged = run(service_->get(first.id));
    ASSERT_TRUE(merged.ok());
    EXPECT_EQ(merged->questions.size(), 2u);
    EXPECT_FALSE(merged->terms.voicemail);
    EXPECT_FALSE(merged->terms.announce_cjg);
    EXPECT_TRUE(merged->terms.no_weekend);
    EXPECT_EQ(merged->terms.alt_phone, "+31687654321");
    // ... and the weekend rule is kept by the queue: Saturday nothing.
    clock_.set(from_ms(1'714'809'600'000));  // 2024-05-04T08:00:00Z
    EXPECT_FALSE(next().has_value());
    // A third contact that allows everything again does not loosen them.
    create_with(open, "+31611111111");
    EXPECT_FALSE(run(service_->get(first.id))->terms.voicemail);
}

// A repeat contact's time of day joins a task that had none (a caller's "evening" answered on
// the phone was dropped: a tester's finding); a task's own times stay.
TEST_F(SafeCallbacksTest, ARepeatContactsSafeTimesJoinATaskWithoutAny) {
    Task first = create_with({}, "+31611111111");
    EXPECT_EQ(first.window, Window::any);
    create_with({}, "+31611111111", Window::evening);
    auto merged = run(service_->get(first.id));
    ASSERT_TRUE(merged.ok());
    EXPECT_EQ(merged->questions.size(), 2u);
    EXPECT_EQ(merged->window, Window::evening);
    EXPECT_FALSE(redis({"HGET", key("task:" + first.id), "safe_minutes"}).str.empty());
    // A third contact with other times changes nothing.
    create_with({}, "+31611111111", Window::morning);
    EXPECT_EQ(run(service_->get(first.id))->window, Window::evening);
}

// An evening-only task asked for on Tuesday afternoon: Tuesday evening is before the
// deadline, but when the warning fires on Wednesday morning the next evening is after it.
TEST_F(SafeCallbacksTest, TheAtRiskWarningSaysWhenNoSafeTimeIsLeftBeforeTheDeadline) {
    CallbackTerms evening;
    evening.hours = SafeHours{18 * 60, 20 * 60};
    Task late = create_with(evening, "+31611111111");
    CallbackTerms morning;
    morning.hours = SafeHours{8 * 60, 12 * 60};
    Task early = create_with(morning, "+31622222222");
    EXPECT_EQ(to_json(*run(service_->get(late.id)))["safe_before_due"], true);

    clock_.advance(std::chrono::hours(18) + std::chrono::minutes(1));  // Wednesday 08:01
    ASSERT_TRUE(run(service_->tick(nullptr)).ok());
    auto l = run(service_->get(late.id));
    ASSERT_TRUE(l.ok());
    EXPECT_TRUE(l->at_risk);
    auto last_at_risk = [](const Task& t) {
        for (auto it = t.history.rbegin(); it != t.history.rend(); ++it)
            if (it->action == "at_risk") return it->detail;
        return std::string("(none)");
    };
    EXPECT_EQ(last_at_risk(*l), "priority normal->high, no safe time before the deadline");
    const auto lj = to_json(*l);
    EXPECT_EQ(lj["safe_before_due"], false);
    // Wednesday 18:00 in Amsterdam.
    EXPECT_EQ(lj["first_safe_at"], format_rfc3339(from_ms(1'714'579'200'000)));

    auto e = run(service_->get(early.id));
    ASSERT_TRUE(e.ok());
    EXPECT_TRUE(e->at_risk);
    EXPECT_EQ(last_at_risk(*e), "priority normal->high") << "08:01 is within its safe times";
    EXPECT_EQ(to_json(*e)["safe_before_due"], true);

    // The supervisors' event says it too.
    std::size_t warned = 0;
    for (const auto& ev : redis({"XRANGE", service_->events_key(), "-", "+"}).elements) {
        const auto& f = ev.elements[1].elements;
        std::map<std::string, std::string> fields;
        for (std::size_t i = 0; i + 1 < f.size(); i += 2) fields[f[i].str] = f[i + 1].str;
        if (fields["type"] != "at_risk") continue;
        EXPECT_EQ(fields.count("safe_before_due"), fields["task"] == late.id ? 1u : 0u);
        if (fields["task"] == late.id) warned += fields["safe_before_due"] == "0";
    }
    EXPECT_EQ(warned, 1u);
}

// The SMS flow confirms the task first and asks the terms afterwards: each answer changes
// the open task, with a history line and an audit entry without the note.
TEST_F(SafeCallbacksTest, TheFamilyChangesItsTermsWhileTheTaskIsOpen) {
    Task t = create(sample_task("+31611111111"));
    auto vm = run(service_->update_terms(t.id, "caller", TermsChange{true, std::nullopt, std::nullopt}));
    ASSERT_TRUE(vm.ok()) << vm.error().message;
    EXPECT_TRUE(vm->terms.voicemail);
    EXPECT_FALSE(vm->terms.announce_cjg);
    ASSERT_TRUE(run(service_->claim(t.id, "anna")).ok());
    auto noted = run(service_->update_terms(
        t.id, "caller", TermsChange{std::nullopt, false, "Bel niet als mijn man opneemt"}));
    ASSERT_TRUE(noted.ok()) << noted.error().message;
    EXPECT_TRUE(noted->terms.voicemail) << "a term not given stays";
    EXPECT_EQ(noted->terms.note, "Bel niet als mijn man opneemt");
    EXPECT_EQ(noted->state, State::claimed);
    EXPECT_EQ(noted->holder, "anna");
    auto with_history = run(service_->get(t.id));
    ASSERT_TRUE(with_history.ok());
    ASSERT_FALSE(with_history->history.empty());
    EXPECT_EQ(with_history->history.back().action, "terms");
    EXPECT_EQ(with_history->history.back().detail, "announce_cjg=0 note");
    EXPECT_EQ(with_history->history.back().note, "Bel niet als mijn man opneemt");
    // The voicemail the family has now allowed is accepted.
    ASSERT_TRUE(run(service_->record_attempt(t.id, "anna", AttemptResult::voicemail)).ok());
    auto log = run(service_->audit_log({}, 10));
    ASSERT_TRUE(log.ok());
    bool audited = false;
    for (const auto& e : log->entries) {
        if (e.action != "terms") continue;
        audited = true;
        EXPECT_EQ(e.actor, "caller");
        EXPECT_EQ(to_json(e).dump().find("man opneemt"), std::string::npos) << "no note in the audit";
    }
    EXPECT_TRUE(audited);
}

// By text the safe times and another number come after the task, too: a new window or
// weekend choice changes what the queue offers, at once.
TEST_F(SafeCallbacksTest, TheFamilysSafeTimesAndOtherNumberChangeTheOpenTask) {
    Task t = create(sample_task("+31611111111"));  // Tuesday 14:00: any time is safe
    TermsChange change;
    change.window = Window::evening;
    change.no_weekend = true;
    change.alt_phone = "06 8765 4321";
    auto changed = run(service_->update_terms(t.id, "caller", std::move(change)));
    ASSERT_TRUE(changed.ok()) << changed.error().message;
    EXPECT_EQ(changed->window, Window::evening);
    EXPECT_TRUE(changed->terms.no_weekend);
    EXPECT_EQ(changed->terms.alt_phone, "+31687654321");
    EXPECT_FALSE(changed->terms.voicemail) << "a term not given stays";
    EXPECT_EQ(redis({"HGET", key("task:" + t.id), "safe_minutes"}).str, "1020-1320");
    EXPECT_EQ(redis({"HGET", key("task:" + t.id), "safe_days"}).str, "12345");
    EXPECT_FALSE(next().has_value()) << "14:00 is not in the evening";
    clock_.advance(std::chrono::hours(3) + std::chrono::minutes(1));  // 17:01
    auto claimed = next();
    ASSERT_TRUE(claimed.has_value());
    EXPECT_EQ(claimed->id, t.id);
    auto history = run(service_->get(t.id));
    ASSERT_TRUE(history.ok());
    EXPECT_EQ(history->history[history->history.size() - 2].detail,
              "alt_phone window=evening no_weekend=1");
    auto log = run(service_->audit_log({}, 10));
    ASSERT_TRUE(log.ok());
    for (const auto& e : log->entries)
        EXPECT_EQ(to_json(e).dump().find("8765"), std::string::npos) << "no number in the audit";

    // Back to any time, every day: the safe-time fields go.
    TermsChange any;
    any.window = Window::any;
    any.no_weekend = false;
    ASSERT_TRUE(run(service_->update_terms(t.id, "caller", std::move(any))).ok());
    EXPECT_EQ(redis({"HEXISTS", key("task:" + t.id), "safe_minutes"}).integer, 0);
    EXPECT_EQ(redis({"HEXISTS", key("task:" + t.id), "safe_days"}).integer, 0);
}

TEST_F(SafeCallbacksTest, SafeTimesOrANumberThatCannotBeKeptAreRefusedAndChangeNothing) {
    CallbackTerms morning_hours;
    morning_hours.hours = SafeHours{8 * 60, 10 * 60};
    Task t = create_with(morning_hours, "+31611111111");
    const auto before = redis({"HGETALL", key("task:" + t.id)}).elements;
    TermsChange evening;
    evening.window = Window::evening;
    auto no_time = run(service_->update_terms(t.id, "caller", std::move(evening)));
    ASSERT_FALSE(no_time.ok());
    EXPECT_EQ(no_time.error().field, "terms.hours") << "08:00-10:00 leaves nothing in the evening";
    TermsChange premium;
    premium.alt_phone = "0900-1234567";
    premium.voicemail = true;
    auto bad_number = run(service_->update_terms(t.id, "caller", std::move(premium)));
    ASSERT_FALSE(bad_number.ok());
    EXPECT_EQ(bad_number.error().field, "terms.alt_phone");
    TermsChange empty_number;
    empty_number.alt_phone = "";
    EXPECT_FALSE(run(service_->update_terms(t.id, "caller", std::move(empty_number))).ok());
    EXPECT_EQ(redis({"HGETALL", key("task:" + t.id)}).elements.size(), before.size());
    auto same = run(service_->get(t.id));
    ASSERT_TRUE(same.ok());
    EXPECT_EQ(same->window, Window::any);
    EXPECT_FALSE(same->terms.voicemail);
    EXPECT_EQ(same->history.size(), 1u);
}

TEST_F(SafeCallbacksTest, ATermsChangeThatIsBadOrTooLateIsRefusedAndChangesNothing) {
    Task t = create(sample_task("+31611111111"));
    const auto before = redis({"HGETALL", key("task:" + t.id)}).elements.size();
    auto bad_note = run(service_->update_terms(t.id, "caller", TermsChange{true, true, "eerst\nbellen"}));
    ASSERT_FALSE(bad_note.ok());
    EXPECT_EQ(bad_note.error().field, "terms.note");
    auto long_note = run(service_->update_terms(
        t.id, "caller", TermsChange{std::nullopt, std::nullopt, std::string(max_terms_note_characters + 1, 'x')}));
    ASSERT_FALSE(long_note.ok());
    EXPECT_EQ(long_note.error().field, "terms.note");
    auto nothing = run(service_->update_terms(t.id, "caller", TermsChange{}));
    ASSERT_FALSE(nothing.ok());
    EXPECT_EQ(nothing.error().code, Errc::invalid_input);
    auto unknown = run(service_->update_terms("0123456789abcdef", "caller", TermsChange{true, {}, {}}));
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, Errc::not_found);
    auto same = run(service_->get(t.id));
    ASSERT_TRUE(same.ok());
    EXPECT_FALSE(same->terms.voicemail);
    EXPECT_EQ(same->history.size(), 1u);
    EXPECT_EQ(redis({"HGETALL", key("task:" + t.id)}).elements.size(), before);

    ASSERT_TRUE(run(service_->claim(t.id, "anna")).ok());
    ASSERT_TRUE(run(service_->complete(t.id, "anna", Outcome::advised)).ok());
    auto late = run(service_->update_terms(t.id, "caller", TermsChange{true, {}, {}}));
    ASSERT_FALSE(late.ok());
    EXPECT_EQ(late.error().code, Errc::conflict);
    EXPECT_FALSE(run(service_->get(t.id))->terms.voicemail);
}

TEST_F(SafeCallbacksTest, AnonymisationRemovesTheAlternativeNumberAndTheNote) {
    CallbackTerms terms;
    terms.alt_phone = "+31687654321";
    terms.note = "Alleen mobiel";
    Task t = create_with(terms, "+31611111111");
    ASSERT_TRUE(run(service_->claim(t.id, "anna")).ok());
    ASSERT_TRUE(run(service_->complete(t.id, "anna", Outcome::advised)).ok());
    clock_.advance(settings_.retention + std::chrono::minutes(1));
    ASSERT_TRUE(run(service_->tick(nullptr)).ok());
    auto gone = run(service_->get(t.id));
    ASSERT_TRUE(gone.ok());
    EXPECT_TRUE(gone->anonymised_at.has_value());
    EXPECT_EQ(gone->terms.alt_phone, "");
    EXPECT_EQ(gone->terms.note, "");
    EXPECT_FALSE(redis({"HEXISTS", key("task:" + t.id), "alt_phone"}).integer);
}

}  // namespace
}  // namespace advieslijn::callbacks
