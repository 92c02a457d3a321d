// Integration tests of the console operations on callbacks::Service (real redis-server,
// FakeClock): filtered lists in queue order, notes, supervisor release and reassignment,
// referrals, and tenant isolation of all of them.
#include "callbacks/service.hpp"

#include "tests/callbacks/fixture.hpp"

using namespace advieslijn;
using namespace advieslijn::callbacks;
using namespace advieslijn::callbacks::test_support;

namespace {

class SupervisionTest : public CallbacksTest {
  protected:
    std::vector<std::string> ids(const Result<Page>& p) {
        EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().message);
        std::vector<std::string> out;
        if (p.ok())
            for (const auto& t : p->tasks) out.push_back(t.id);
        return out;
    }

    Result<Page> list(ListQuery q) { return run(service_->list(std::move(q))); }

    // Claimed by `who`, then an unsuccessful attempt: queued, waiting until `not_before`.
    Task waiting(const std::string& phone, const std::string& who, TimePoint not_before) {
        Task t = create(sample_task(phone));
        EXPECT_TRUE(run(service_->claim(t.id, who)).ok());
        auto a = run(service_->record_attempt(t.id, who, AttemptResult::no_answer, "", not_before));
        EXPECT_TRUE(a.ok());
        return a.ok() ? *a : t;
    }

    std::size_t history_size(const std::string& id) {
        auto t = run(service_->get(id));
        return t.ok() ? t->history.size() : 0;
    }

    Error error_of(const Result<Task>& r) {
        EXPECT_FALSE(r.ok());
        return r.ok() ? Error{} : r.error();
    }
};

ListQuery query(State s, std::size_t offset = 0, std::size_t limit = 50) {
    ListQuery q;
    q.state = s;
    q.offset = offset;
    q.limit = limit;
    return q;
}

}  // namespace

TEST_F(SupervisionTest, QueuedListFollowsTheQueueThenTheNotBeforeTimes) {
    const auto [normal_old, normal_new, high, urgent] = create_by_priority();
    // Waiting tasks come last, by not-before time, whatever their priority. (Created a
    // second later: equal due times would tie and sort by random id once ready.)
    clock_.advance(1s);
    Task late = waiting("+31655555555", "anna", clock_.now() + 2h);
    Task early = waiting("+31666666666", "anna", clock_.now() + 1h);

    const std::vector<std::string> expected{urgent.id,     high.id,  normal_old.id,
                                            normal_new.id, early.id, late.id};
    auto all = list(query(State::queued));
    EXPECT_EQ(ids(all), expected);
    EXPECT_EQ(all->total, 6u);
    EXPECT_FALSE(all->truncated);
    EXPECT_EQ(ids(run(service_->list(State::queued, 0, 10))), expected) << "the old overload";
    // A page across the end of the queue and the start of the waiting tasks.
    auto middle = list(query(State::queued, 3, 2));
    EXPECT_EQ(ids(middle), (std::vector<std::string>{normal_new.id, early.id}));
    EXPECT_EQ(middle->total, 6u);
    EXPECT_TRUE(ids(list(query(State::queued, 6, 2))).empty());

    // Ready again: back in queue order (normal, by due time), out of the waiting index.
    clock_.advance(1h);
    ASSERT_TRUE(run(service_->tick(nullptr)).ok());
    EXPECT_EQ(ids(list(query(State::queued))),
              (std::vector<std::string>{urgent.id, high.id, normal_old.id, normal_new.id, early.id,
                                        late.id}));
    EXPECT_EQ(redis({"ZCARD", key("waiting")}).integer, 1);
    ASSERT_TRUE(run(service_->claim(late.id, "bert")).ok()) << "an explicit claim ends the wait";
    EXPECT_EQ(redis({"ZCARD", key("waiting")}).integer, 0);
}

TEST_F(SupervisionTest, ListFiltersByLanguageTopicAndHolderAndCountsTheMatches) {
    Task nl1 = create(sample_task("+31611111111"));
    clock_.advance(1s);
    Task nl2 = create(sample_task("+31622222222"));
    clock_.advance(1s);
    NewTask en = sample_task("+31633333333", "My toddler bites");
    en.lang = "en";
    en.topic = "gedrag";
    Task en1 = create(en);
    ASSERT_TRUE(run(service_->claim(nl2.id, "anna")).ok());
    ASSERT_TRUE(run(service_->claim(en1.id, "bert")).ok());

    ListQuery q = query(State::queued);
    q.lang = "nl";
    auto nl = list(q);
    EXPECT_EQ(ids(nl), std::vector<std::string>{nl1.id});
    EXPECT_EQ(nl->total, 1u);

    q = query(State::claimed);
    q.holder = "anna";
    auto mine = list(q);
    EXPECT_EQ(ids(mine), std::vector<std::string>{nl2.id});
    EXPECT_EQ(mine->total, 1u) << "total counts after filtering";
    q.topic = "gedrag";
    EXPECT_EQ(list(q)->total, 0u) << "filters combine";
    q = query(State::claimed);
    q.topic = "gedrag";
    EXPECT_EQ(ids(list(q)), std::vector<std::string>{en1.id});
    q = query(State::queued);
    q.holder = "anna";
    EXPECT_EQ(list(q)->total, 0u) << "a queued task has no holder";
    q = query(State::claimed);
    q.lang = "";  // an empty filter is no filter
    EXPECT_EQ(list(q)->total, 2u);

    // Paging within the filtered walk.
    q = query(State::claimed, 1, 1);
    q.lang = "";
    q.holder = "";
    EXPECT_EQ(ids(list(q)).size(), 1u);
    q = query(State::claimed, 1, 1);
    q.topic = "slapen";
    EXPECT_TRUE(ids(list(q)).empty());
    EXPECT_EQ(list(q)->total, 1u);
}

TEST_F(SupervisionTest, AFilteredListStopsAtTheScanLimitAndSaysSo) {
    for (int i = 0; i < 5; ++i) create(sample_task("+3161234567" + std::to_string(i)));
    Settings s = settings_;
    s.list_scan_limit = 3;
    Service bounded(*client_, clock_, tenant_, s);
    ListQuery q = query(State::queued);
    q.lang = "nl";
    auto r = run(bounded.list(q));
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->truncated);
    EXPECT_EQ(r->total, 3u) << "a lower bound: the matches among the inspected";
    auto unfiltered = run(bounded.list(query(State::queued)));
    EXPECT_FALSE(unfiltered->truncated) << "unfiltered pages need no walk";
    EXPECT_EQ(unfiltered->total, 5u);
}

TEST_F(SupervisionTest, BadListInputIsInvalid) {
    ListQuery q = query(State::queued);
    q.lang = "nl,en";
    EXPECT_EQ(run(service_->list(q)).error().field, "lang");
    q = query(State::queued);
    q.holder = std::string("an\nna");
    EXPECT_EQ(run(service_->list(q)).error().field, "holder");
    EXPECT_EQ(run(service_->list(query(State::queued, 0, 201))).error().field, "limit");
}

TEST_F(SupervisionTest, NotesGoIntoTheHistoryInAnyStateUntilAnonymised) {
    Task t = create();
    clock_.advance(5min);
    auto r = run(service_->add_note(t.id, "anna", "moeder belt morgen terug"));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->state, State::queued) << "a note is not a transition";
    auto got = run(service_->get(t.id));
    ASSERT_EQ(got->history.size(), 2u);
    EXPECT_EQ(got->history[1].action, "note");
    EXPECT_EQ(got->history[1].actor, "anna");
    EXPECT_EQ(got->history[1].note, "moeder belt morgen terug");
    EXPECT_EQ(got->history[1].at, test_epoch() + 5min);

    ASSERT_TRUE(run(service_->claim(t.id, "anna")).ok());
    ASSERT_TRUE(run(service_->complete(t.id, "anna", Outcome::advised)).ok());
    EXPECT_TRUE(run(service_->add_note(t.id, "sup", "nagebeld: tevreden")).ok())
        << "closed tasks take notes";
    auto events = redis({"XRANGE", service_->events_key(), "-", "+"});
    EXPECT_EQ(events.elements.back().elements[1].elements[1].str, "note");

    // Bad input changes nothing.
    const std::size_t before = history_size(t.id);
    EXPECT_EQ(error_of(run(service_->add_note(t.id, "anna", ""))).field, "note");
    // Blank, or holding control characters other than line breaks and tabs (testers' finding).
    EXPECT_EQ(error_of(run(service_->add_note(t.id, "anna", "  \n\t "))).field, "note");
    EXPECT_EQ(error_of(run(service_->add_note(t.id, "anna", std::string("bel\x07 terug")))).message,
              "note holds control characters");
    EXPECT_EQ(error_of(run(service_->cancel(t.id, "sup", "   "))).field, "reason");
    EXPECT_EQ(error_of(run(service_->add_note(t.id, "anna", std::string(max_note_characters + 1, 'x'))))
                  .field,
              "note");
    EXPECT_EQ(error_of(run(service_->add_note(t.id, "", "x"))).code, Errc::invalid_input);
    EXPECT_EQ(history_size(t.id), before);
    EXPECT_TRUE(run(service_->add_note(t.id, "anna", "eerste regel\r\ntweede\tregel")).ok())
        << "line breaks and tabs are a note's own";
    EXPECT_EQ(error_of(run(service_->add_note("0123456789abcdef", "anna", "x"))).code,
              Errc::not_found);

    clock_.advance(91 * 24h);
    ASSERT_TRUE(run(service_->tick(nullptr)).ok());
    EXPECT_EQ(error_of(run(service_->add_note(t.id, "anna", "te laat"))).code, Errc::conflict);
}

TEST_F(SupervisionTest, ASupervisorReleasesWhoeverHoldsTheTask) {
    Task t = create();
    ASSERT_TRUE(run(service_->claim(t.id, "anna")).ok());
    auto r = run(service_->release_by_supervisor(t.id, "sup", "anna is ziek"));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->state, State::queued);
    EXPECT_TRUE(r->holder.empty());
    EXPECT_FALSE(r->lease_until.has_value());
    EXPECT_EQ(redis({"ZCARD", key("leases")}).integer, 0);
    auto got = run(service_->get(t.id));
    const HistoryEntry& h = got->history.back();
    EXPECT_EQ(h.action, "released");
    EXPECT_EQ(h.actor, "sup");
    EXPECT_EQ(h.detail, "holder anna");
    EXPECT_EQ(h.note, "anna is ziek");
    EXPECT_EQ(error_of(run(service_->complete(t.id, "anna", Outcome::reached))).code,
              Errc::stale_lease)
        << "anna's lease is gone";
    auto next = run(service_->claim_next("bert"));
    ASSERT_TRUE(next.ok() && next->has_value()) << "back in the queue";

    // Also once the holder's lease ran out but before the scanner saw it.
    clock_.advance(31min);
    EXPECT_TRUE(run(service_->release_by_supervisor(t.id, "sup")).ok());

    EXPECT_EQ(error_of(run(service_->release_by_supervisor(t.id, "sup"))).code, Errc::conflict)
        << "nothing to release in a queued task";
    EXPECT_EQ(error_of(run(service_->release_by_supervisor("0123456789abcdef", "sup"))).code,
              Errc::not_found);
    ASSERT_TRUE(run(service_->claim(t.id, "bert")).ok());
    EXPECT_EQ(error_of(run(service_->release_by_supervisor(t.id, "sup",
                                                           std::string(max_note_characters + 1, 'x'))))
                  .field,
              "note");
    EXPECT_EQ(run(service_->get(t.id))->holder, "bert") << "a rejected release changes nothing";
    ASSERT_TRUE(run(service_->complete(t.id, "bert", Outcome::reached)).ok());
    EXPECT_EQ(error_of(run(service_->release_by_supervisor(t.id, "sup"))).code, Errc::conflict);
}

TEST_F(SupervisionTest, ReassignGivesTheTaskToAnotherSpecialistWithAFreshLease) {
    Task t = create();
    clock_.advance(2min);
    auto r = run(service_->reassign(t.id, "sup", "bert"));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->state, State::claimed);
    EXPECT_EQ(r->holder, "bert");
    EXPECT_EQ(r->lease_until, clock_.now() + 30min);
    EXPECT_EQ(redis({"ZCARD", key("queue")}).integer, 0);

    clock_.advance(20min);
    r = run(service_->reassign(t.id, "sup", "carl", "carl spreekt Turks"));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->holder, "carl");
    EXPECT_EQ(r->lease_until, clock_.now() + 30min) << "a fresh lease, not bert's";
    EXPECT_EQ(redis({"ZSCORE", key("leases"), t.id}).str, std::to_string(to_ms(*r->lease_until)));
    EXPECT_EQ(error_of(run(service_->renew(t.id, "bert"))).code, Errc::stale_lease);

    auto got = run(service_->get(t.id));
    const auto& h = got->history;
    ASSERT_EQ(h.size(), 3u);
    EXPECT_EQ(h[1].action, "reassigned");
    EXPECT_EQ(h[1].detail, "queue->bert");
    EXPECT_EQ(h[1].from, "queued");
    EXPECT_EQ(h[1].to, "claimed");
    EXPECT_EQ(h[2].detail, "bert->carl");
    EXPECT_EQ(h[2].actor, "sup");
    EXPECT_EQ(h[2].note, "carl spreekt Turks");
    auto events = redis({"XRANGE", service_->events_key(), "-", "+"});
    EXPECT_EQ(events.elements.back().elements[1].elements[1].str, "reassigned");

    // Failures change nothing.
    EXPECT_EQ(error_of(run(service_->reassign(t.id, "sup", ""))).field, "to");
    EXPECT_EQ(error_of(run(service_->reassign(t.id, "", "dirk"))).code, Errc::invalid_input);
    EXPECT_EQ(run(service_->get(t.id))->holder, "carl");
    EXPECT_EQ(error_of(run(service_->reassign("0123456789abcdef", "sup", "dirk"))).code,
              Errc::not_found);
    ASSERT_TRUE(run(service_->complete(t.id, "carl", Outcome::reached)).ok());
    EXPECT_EQ(error_of(run(service_->reassign(t.id, "sup", "dirk"))).code, Errc::conflict);
}

TEST_F(SupervisionTest, ReassigningAWaitingTaskEndsItsWait) {
    Task t = waiting("+31655555555", "anna", clock_.now() + 2h);
    ASSERT_TRUE(run(service_->reassign(t.id, "sup", "bert")).ok());
    EXPECT_EQ(redis({"ZCARD", key("waiting")}).integer, 0);
    EXPECT_EQ(redis({"ZSCORE", key("timers"), "ready:" + t.id}).type, RedisReply::Type::nil);
    clock_.advance(2h);
    auto tick = run(service_->tick(nullptr));
    ASSERT_TRUE(tick.ok());
    EXPECT_EQ(tick->timers_fired, 0u) << "no stale ready timer";
    EXPECT_EQ(tick->leases_expired, 1u) << "bert's lease";
}

TEST_F(SupervisionTest, CompleteStoresTheReferral) {
    Task t = create();
    ASSERT_TRUE(run(service_->claim(t.id, "anna")).ok());
    auto bad = run(service_->complete(t.id, "anna", Outcome::referred, "", "Veilig\nThuis"));
    EXPECT_EQ(error_of(bad).field, "referral");
    EXPECT_EQ(error_of(run(service_->complete(t.id, "anna", Outcome::referred, "",
                                              std::string(max_referral_characters + 1, 'x'))))
                  .field,
              "referral");
    EXPECT_EQ(run(service_->get(t.id))->state, State::claimed);

    auto r = run(service_->complete(t.id, "anna", Outcome::referred, "", "Veilig Thuis"));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->referral, "Veilig Thuis");
    EXPECT_EQ(to_json(*r)["referral"], "Veilig Thuis");
    EXPECT_EQ(redis({"HGET", key("task:" + t.id), "referral"}).str, "Veilig Thuis");
    EXPECT_EQ(run(service_->get(t.id))->history.back().detail, "referred: Veilig Thuis");
    EXPECT_EQ(task_from_json(to_json(*r))->referral, "Veilig Thuis");

    Task plain = create(sample_task("+31687654321"));
    ASSERT_TRUE(run(service_->claim(plain.id, "anna")).ok());
    auto p = run(service_->complete(plain.id, "anna", Outcome::advised, "uitleg"));
    ASSERT_TRUE(p.ok()) << "the old signature";
    EXPECT_TRUE(p->referral.empty());
    EXPECT_TRUE(to_json(*p)["referral"].is_null());
    EXPECT_EQ(run(service_->get(plain.id))->history.back().detail, "advised");
}

// These rules were checked only by the console API before; the service is their one place.
TEST_F(SupervisionTest, AReferredTaskNamesItsPartnerWithinTheLimit) {
    Task t = create();
    ASSERT_TRUE(run(service_->claim(t.id, "anna")).ok());
    auto none = run(service_->complete(t.id, "anna", Outcome::referred, "advies"));
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error().code, Errc::invalid_input);
    EXPECT_EQ(none.error().field, "referral");
    EXPECT_EQ(none.error().message, "referral: name the partner the family was referred to");
    auto long_name = run(service_->complete(t.id, "anna", Outcome::referred, "",
                                            std::string(max_referral_characters + 1, 'x')));
    ASSERT_FALSE(long_name.ok());
    EXPECT_EQ(long_name.error().message, "referral is longer than 200 characters");
    // The partner is checked before the note, as the console always answered.
    auto both = run(service_->complete(t.id, "anna", Outcome::referred,
                                       std::string(max_note_characters + 1, 'n')));
    ASSERT_FALSE(both.ok());
    EXPECT_EQ(both.error().field, "referral");
    EXPECT_EQ(run(service_->get(t.id))->state, State::claimed) << "nothing changed";
    auto fits = run(service_->complete(t.id, "anna", Outcome::referred, "",
                                       std::string(max_referral_characters, 'x')));
    ASSERT_TRUE(fits.ok()) << fits.error().message;
    EXPECT_EQ(fits->referral.size(), max_referral_characters);
    // Characters, as the console's field counts them: 200 accented letters (400 bytes) fit.
    Task accented = create(sample_task("+31687654322"));
    ASSERT_TRUE(run(service_->claim(accented.id, "anna")).ok());
    std::string name;
    for (std::size_t i = 0; i < max_referral_characters; ++i) name += "é";
    auto wide = run(service_->complete(accented.id, "anna", Outcome::referred, "", name));
    ASSERT_TRUE(wide.ok()) << wide.error().message;
}

TEST_F(SupervisionTest, CancelSaysWhyAReasonIsNeeded) {
    Task t = create();
    auto none = run(service_->cancel(t.id, "sup", ""));
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error().code, Errc::invalid_input);
    EXPECT_EQ(none.error().field, "reason");
    EXPECT_EQ(none.error().message, "reason: say why the task is cancelled");
    EXPECT_EQ(run(service_->get(t.id))->state, State::queued) << "nothing changed";
}

TEST_F(SupervisionTest, AnotherTenantCannotTouchTheTask) {
    Task t = create();
    ASSERT_TRUE(run(service_->claim(t.id, "anna")).ok());
    Tenant other;
    other.id = "elders";
    Service elsewhere(*client_, clock_, other, settings_);
    EXPECT_EQ(error_of(run(elsewhere.add_note(t.id, "sup", "x"))).code, Errc::not_found);
    EXPECT_EQ(error_of(run(elsewhere.release_by_supervisor(t.id, "sup"))).code, Errc::not_found);
    EXPECT_EQ(error_of(run(elsewhere.reassign(t.id, "sup", "bert"))).code, Errc::not_found);
    EXPECT_EQ(run(elsewhere.list(query(State::claimed)))->total, 0u);
    EXPECT_EQ(run(service_->get(t.id))->holder, "anna");
    EXPECT_EQ(run(service_->get(t.id))->history.size(), 2u);
}
