// Integration tests of callbacks::Service against a real redis-server: every transition,
// the queue order, idempotency, repeat contact and the error codes the API maps.
#include "callbacks/service.hpp"

#include "callbacks/sla.hpp"
#include "common/log_context.hpp"
#include "tests/callbacks/fixture.hpp"

using namespace advieslijn;
using namespace advieslijn::callbacks;
using namespace advieslijn::callbacks::test_support;

namespace {

class ServiceTest : public CallbacksTest {};

std::vector<std::string> actions(const Task& t) {
    std::vector<std::string> out;
    for (const auto& h : t.history) out.push_back(h.action);
    return out;
}

}  // namespace

TEST_F(ServiceTest, CreateStoresAQueuedTaskWithDeadlineReferenceAndHistory) {
    auto r = run(service_->create(sample_task()));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->status, CreateStatus::created);
    const Task& t = r->task;
    EXPECT_EQ(t.state, State::queued);
    EXPECT_EQ(t.reference, "CB-000001");
    EXPECT_EQ(t.tenant, "demo");
    EXPECT_EQ(t.phone, "+31612345678");
    EXPECT_EQ(t.created_at, test_epoch());
    EXPECT_EQ(t.due_at, test_epoch() + 24h);
    ASSERT_EQ(t.questions.size(), 1u);
    EXPECT_EQ(t.questions[0].text, "Mijn baby slaapt niet door");

    auto got = run(service_->get(t.id));
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(actions(*got), std::vector<std::string>{"created"});
    EXPECT_EQ(got->history[0].actor, "caller");
    EXPECT_EQ(got->history[0].at, test_epoch());
    EXPECT_EQ(create(sample_task("+31687654321")).reference, "CB-000002")
        << "references count up per tenant";
}

TEST_F(ServiceTest, UrgentTasksGetTheShortDeadline) {
    NewTask n = sample_task();
    n.priority = Priority::urgent;
    EXPECT_EQ(create(n).due_at, test_epoch() + 60min);
}

TEST_F(ServiceTest, BadInputIsRejectedWithTheFieldAndStoresNothing) {
    NewTask bad_phone = sample_task("+31900123456");
    auto r = run(service_->create(bad_phone));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::invalid_input);
    EXPECT_EQ(r.error().field, "phone");
    NewTask no_consent = sample_task();
    no_consent.consent = false;
    r = run(service_->create(no_consent));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().field, "consent");
    EXPECT_EQ(redis({"KEYS", key("*")}).elements.size(), 0u);
}

TEST_F(ServiceTest, ClaimCompleteIsTheHappyPath) {
    Task t = create();
    auto claimed = run(service_->claim_next("anna"));
    ASSERT_TRUE(claimed.ok());
    ASSERT_TRUE(claimed->has_value());
    const Task& c = **claimed;
    EXPECT_EQ(c.id, t.id);
    EXPECT_EQ(c.state, State::claimed);
    EXPECT_EQ(c.holder, "anna");
    EXPECT_EQ(c.lease_until, test_epoch() + 30min);

    clock_.advance(10min);
    auto done = run(service_->complete(t.id, "anna", Outcome::advised, "advies over slaapritme"));
    ASSERT_TRUE(done.ok()) << done.error().message;
    EXPECT_EQ(done->state, State::completed);
    EXPECT_EQ(done->outcome, Outcome::advised);
    EXPECT_EQ(done->closed_at, test_epoch() + 10min);
    EXPECT_TRUE(done->holder.empty());

    auto got = run(service_->get(t.id));
    EXPECT_EQ(actions(*got), (std::vector<std::string>{"created", "claimed", "completed"}));
    EXPECT_EQ(got->history[2].note, "advies over slaapritme");
    EXPECT_EQ(got->history[2].from, "claimed");
    EXPECT_EQ(got->history[2].to, "completed");
    // Closed: out of the queue, leases and the number index.
    EXPECT_EQ(redis({"ZCARD", key("queue")}).integer, 0);
    EXPECT_EQ(redis({"ZCARD", key("leases")}).integer, 0);
    EXPECT_EQ(redis({"HLEN", key("open_by_number")}).integer, 0);
    // Completed again: a conflict, not a stale lease.
    auto again = run(service_->complete(t.id, "anna", Outcome::advised));
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, Errc::conflict);
}

TEST_F(ServiceTest, EmptyQueueClaimsNothing) {
    auto r = run(service_->claim_next("anna"));
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r->has_value());
}

TEST_F(ServiceTest, QueueOrderIsUrgentThenHighThenDueTime) {
    const auto [normal_old, normal_new, high, urgent] = create_by_priority();
    std::vector<std::string> order;
    for (int i = 0; i < 4; ++i) order.push_back(run(service_->claim_next("anna")).value()->id);
    EXPECT_EQ(order, (std::vector<std::string>{urgent.id, high.id, normal_old.id, normal_new.id}));
}

TEST_F(ServiceTest, QueueScoreInRedisMatchesTheCppFormula) {
    NewTask n = sample_task();
    n.priority = Priority::high;
    Task t = create(n);
    const auto score = redis({"ZSCORE", key("queue"), t.id}).str;
    EXPECT_EQ(std::stod(score), queue_score(Priority::high, t.due_at));
}

TEST_F(ServiceTest, ClaimNextHonoursLanguageAndTopicSkills) {
    Task nl = create(sample_task("+31611111111"));
    NewTask en = sample_task("+31622222222", "My toddler bites");
    en.lang = "en";
    en.topic = "gedrag";
    Task en_task = create(en);
    auto r = run(service_->claim_next("john", ClaimFilter{{"en"}, {}}));
    ASSERT_TRUE(r.ok() && r->has_value());
    EXPECT_EQ((*r)->id, en_task.id);
    r = run(service_->claim_next("john", ClaimFilter{{"en"}, {}}));
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r->has_value()) << "the Dutch task is not for an English-only specialist";
    r = run(service_->claim_next("anna", ClaimFilter{{"nl", "en"}, {"slapen"}}));
    ASSERT_TRUE(r.ok() && r->has_value());
    EXPECT_EQ((*r)->id, nl.id);
}

TEST_F(ServiceTest, ClaimThisTaskAndConflicts) {
    Task t = create();
    auto c = run(service_->claim(t.id, "anna"));
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->holder, "anna");
    auto second = run(service_->claim(t.id, "bert"));
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().code, Errc::conflict);
    auto missing = run(service_->claim("0123456789abcdef0123456789abcdef", "bert"));
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, Errc::not_found);
    auto junk = run(service_->claim("../../etc", "bert"));
    ASSERT_FALSE(junk.ok());
    EXPECT_EQ(junk.error().code, Errc::not_found);
}

TEST_F(ServiceTest, OnlyTheLeaseHolderMayActAndAStaleHolderGetsStaleLease) {
    Task t = create();
    ASSERT_TRUE(run(service_->claim(t.id, "anna")).ok());
    for (auto r : {run(service_->complete(t.id, "bert", Outcome::reached)),
                   run(service_->release(t.id, "bert")),
                   run(service_->record_attempt(t.id, "bert", AttemptResult::no_answer)),
                   run(service_->renew(t.id, "bert"))}) {
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, Errc::stale_lease);
        EXPECT_EQ(http_status(r.error().code), 409);
    }
    // Anna's lease runs out; before any scanner ran, she is already stale.
    clock_.advance(31min);
    auto late = run(service_->complete(t.id, "anna", Outcome::reached));
    ASSERT_FALSE(late.ok());
    EXPECT_EQ(late.error().code, Errc::stale_lease);
}

TEST_F(ServiceTest, RenewExtendsTheLease) {
    Task t = create();
    ASSERT_TRUE(run(service_->claim(t.id, "anna")).ok());
    clock_.advance(25min);
    auto r = run(service_->renew(t.id, "anna"));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->lease_until, test_epoch() + 25min + 30min);
    clock_.advance(25min);  // past the first lease, within the renewed one
    EXPECT_TRUE(run(service_->complete(t.id, "anna", Outcome::reached)).ok());
}

TEST_F(ServiceTest, ReleaseReturnsTheTaskToTheQueue) {
    Task t = create();
    ASSERT_TRUE(run(service_->claim(t.id, "anna")).ok());
    auto r = run(service_->release(t.id, "anna", "moet naar overleg"));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->state, State::queued);
    EXPECT_TRUE(r->holder.empty());
    auto again = run(service_->claim_next("bert"));
    ASSERT_TRUE(again.ok() && again->has_value());
    EXPECT_EQ((*again)->id, t.id);
}

TEST_F(ServiceTest, UnsuccessfulAttemptRequeuesWithNotBeforeAndTheLastOneCompletesUnreachable) {
    NewTask n = sample_task();
    n.terms.voicemail = true;  // the family allowed one (the default is no)
    Task t = create(n);
    ASSERT_TRUE(run(service_->claim(t.id, "anna")).ok());
    auto a = run(service_->record_attempt(t.id, "anna", AttemptResult::no_answer, "geen gehoor"));
    ASSERT_TRUE(a.ok()) << a.error().message;
    EXPECT_EQ(a->state, State::queued);
    EXPECT_EQ(a->attempts, 1);
    EXPECT_EQ(a->not_before, test_epoch() + 30min);
    // Not claimable before its time, even though it is queued.
    EXPECT_FALSE(run(service_->claim_next("bert"))->has_value());
    clock_.advance(30min);
    ASSERT_TRUE(run(service_->tick(nullptr)).ok());  // the 'ready' timer puts it back
    auto next = run(service_->claim_next("bert"));
    ASSERT_TRUE(next->has_value());
    ASSERT_TRUE(run(service_->record_attempt(t.id, "bert", AttemptResult::voicemail)).ok());
    // An explicit claim may call before the not-before time, but an attempt so soon after the
    // last one does not count towards giving up.
    ASSERT_TRUE(run(service_->claim(t.id, "bert")).ok());
    auto early = run(service_->record_attempt(t.id, "bert", AttemptResult::no_answer));
    ASSERT_TRUE(early.ok());
    EXPECT_EQ(early->state, State::queued);
    EXPECT_EQ(early->attempts, 3);
    clock_.advance(30min);
    ASSERT_TRUE(run(service_->claim(t.id, "bert")).ok());
    auto last = run(service_->record_attempt(t.id, "bert", AttemptResult::no_answer));
    ASSERT_TRUE(last.ok());
    EXPECT_EQ(last->state, State::completed);
    EXPECT_EQ(last->outcome, Outcome::unreachable);
    EXPECT_EQ(last->attempts, 4);
}

// Three "no answer" clicks within a minute, each after an explicit claim, closed a calm task
// as unreachable (a tester's finding): only attempts a retry interval apart count towards
// giving up, so the family is tried over at least (max_attempts - 1) intervals.
TEST_F(ServiceTest, AttemptsInQuickSuccessionDoNotCloseATask) {
    Task t = create(sample_task());
    for (int i = 1; i <= 5; ++i) {
        ASSERT_TRUE(run(service_->claim(t.id, "anna")).ok()) << i;
        auto a = run(service_->record_attempt(t.id, "anna", AttemptResult::no_answer));
        ASSERT_TRUE(a.ok()) << a.error().message;
        EXPECT_EQ(a->state, State::queued) << i;
        EXPECT_EQ(a->attempts, i);
        clock_.advance(10s);
    }
    // 29 minutes after the first counted attempt: still not a second one.
    clock_.advance(29min - 50s);
    ASSERT_TRUE(run(service_->claim(t.id, "anna")).ok());
    EXPECT_EQ(run(service_->record_attempt(t.id, "anna", AttemptResult::no_answer))->state, State::queued);
    // Two more, a retry interval apart each: the third counted attempt closes it.
    for (int i = 0; i < 2; ++i) {
        clock_.advance(30min);
        ASSERT_TRUE(run(service_->claim(t.id, "anna")).ok());
        auto a = run(service_->record_attempt(t.id, "anna", AttemptResult::no_answer));
        ASSERT_TRUE(a.ok());
        EXPECT_EQ(a->state, i == 0 ? State::queued : State::completed) << i;
    }
}

// A task with a risk signal is not closed by its attempts running out (a tester closed an
// urgent suicide-risk task with three "no answer" clicks in one second, and it counted as
// within the SLA): it stays queued, in front, and its SLA timers escalate it if it is late.
TEST_F(ServiceTest, AnUrgentTaskIsNotClosedAsUnreachableByItsAttempts) {
    NewTask n = sample_task();
    n.priority = Priority::urgent;
    n.risk_flags = {"suicide_self_harm"};
    Task t = create(n);
    for (int i = 1; i <= 4; ++i) {
        ASSERT_TRUE(run(service_->claim(t.id, "anna")).ok()) << i;
        auto a = run(service_->record_attempt(t.id, "anna", AttemptResult::no_answer));
        ASSERT_TRUE(a.ok()) << a.error().message;
        EXPECT_EQ(a->state, State::queued) << i;
        EXPECT_EQ(a->attempts, i);
        EXPECT_FALSE(a->outcome) << i;
    }
    // A concern (risk flags, high priority) is kept open the same way; a calm task is not.
    NewTask concern = sample_task("+31633333333");
    concern.priority = Priority::high;
    concern.risk_flags = {"concern:suicide_self_harm"};
    Task c = create(concern);
    for (int i = 1; i <= 3; ++i) {
        ASSERT_TRUE(run(service_->claim(c.id, "anna")).ok());
        ASSERT_EQ(run(service_->record_attempt(c.id, "anna", AttemptResult::no_answer))->state, State::queued);
    }
}

TEST_F(ServiceTest, CancelNeedsAReasonAndWorksFromQueuedAndClaimed) {
    Task a = create(sample_task("+31611111111"));
    Task b = create(sample_task("+31622222222"));
    auto no_reason = run(service_->cancel(a.id, "sup", ""));
    ASSERT_FALSE(no_reason.ok());
    EXPECT_EQ(no_reason.error().field, "reason");
    auto ca = run(service_->cancel(a.id, "sup", "dubbel"));
    ASSERT_TRUE(ca.ok());
    EXPECT_EQ(ca->state, State::cancelled);
    EXPECT_EQ(ca->cancel_reason, "dubbel");
    ASSERT_TRUE(run(service_->claim(b.id, "anna")).ok());
    ASSERT_TRUE(run(service_->cancel(b.id, "sup", "beller trok vraag in")).ok());
    auto late = run(service_->complete(b.id, "anna", Outcome::reached));
    ASSERT_FALSE(late.ok());
    EXPECT_EQ(late.error().code, Errc::conflict);
    EXPECT_EQ(run(service_->cancel(a.id, "sup", "nog eens")).error().code, Errc::conflict);
}

TEST_F(ServiceTest, SameSourceKeyReturnsTheSameTask) {
    NewTask n = sample_task();
    n.source_key = "twilio-CA123";
    auto first = run(service_->create(n));
    n.question = "retry of the same webhook";
    auto second = run(service_->create(n));
    ASSERT_TRUE(first.ok() && second.ok());
    EXPECT_EQ(second->status, CreateStatus::existing);
    EXPECT_EQ(second->task.id, first->task.id);
    EXPECT_EQ(second->task.questions.size(), 1u) << "a retry adds nothing";
    const auto ttl = redis({"PTTL", key("idem:twilio-CA123")}).integer;
    EXPECT_GT(ttl, 47LL * 3600 * 1000);
    EXPECT_LE(ttl, 48LL * 3600 * 1000);
}

// A limited create counts in its own call (the web form's hourly limit per address,
// CreateLimit): the window's first hit sets its expiry, one past the limit stores nothing, the
// retry of a known source key gets its task without being counted, and a create without a
// limit (the phone, SMS and chat) never touches the counter.
TEST_F(ServiceTest, ALimitedCreateCountsInItsOwnCallAndStoresNothingOverTheLimit) {
    const CreateLimit limit{key("form-limit"), 2, std::chrono::milliseconds(3'700'000)};
    auto limited = [&](NewTask n) { return run(service_->create(std::move(n), "caller", limit)); };
    NewTask first = sample_task("+31611111111");
    first.source_key = "form-1";
    auto one = limited(first);
    ASSERT_TRUE(one.ok()) << one.error().message;
    EXPECT_EQ(one->status, CreateStatus::created);
    EXPECT_EQ(redis({"GET", limit.key}).str, "1");
    const auto ttl = redis({"PTTL", limit.key}).integer;
    EXPECT_GT(ttl, 3'600'000);
    EXPECT_LE(ttl, 3'700'000);
    ASSERT_TRUE(limited(sample_task("+31622222222")).ok());
    const std::string day = key("day:" + date_netherlands(test_epoch()));
    const std::string created_before = redis({"HGET", day, "created"}).str;

    NewTask over = sample_task("+31633333333");
    over.source_key = "form-3";
    auto refused = limited(over);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, Errc::rate_limited);
    EXPECT_EQ(http_status(refused.error().code), 429);
    EXPECT_EQ(redis({"GET", limit.key}).str, "3");
    EXPECT_EQ(redis({"EXISTS", key("idem:form-3")}).integer, 0) << "a refused create claims no key";
    EXPECT_TRUE(redis({"HGET", key("open_by_number"), "+31633333333"}).is_nil());
    EXPECT_EQ(redis({"HGET", day, "created"}).str, created_before);
    EXPECT_EQ(redis({"ZCARD", key("queue")}).integer, 2);

    // The retry of the first form, over the limit: its task, not a refusal, and not counted.
    first.question = "the widget sent it again";
    auto retry = limited(first);
    ASSERT_TRUE(retry.ok()) << retry.error().message;
    EXPECT_EQ(retry->status, CreateStatus::existing);
    EXPECT_EQ(retry->task.id, one->task.id);
    EXPECT_EQ(redis({"GET", limit.key}).str, "3");

    // Unlimited callers are unaffected by the counter and leave it alone.
    auto phone = run(service_->create(sample_task("+31644444444")));
    ASSERT_TRUE(phone.ok()) << phone.error().message;
    EXPECT_EQ(phone->status, CreateStatus::created);
    EXPECT_EQ(redis({"GET", limit.key}).str, "3");
    EXPECT_EQ(redis({"ZCARD", key("queue")}).integer, 3);
}

// The key is claimed before the limit counts (one command less per form); a refused create
// gives back a key it claimed, and leaves alone one that named a task that is gone.
TEST_F(ServiceTest, ARefusedCreateLeavesNoKeyBehindAndKeepsOneItDidNotClaim) {
    const CreateLimit spent{key("spent-limit"), 0, std::chrono::milliseconds(3'700'000)};
    NewTask fresh = sample_task("+31611111111");
    fresh.source_key = "refused-fresh";
    auto refused = run(service_->create(fresh, "caller", spent));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, Errc::rate_limited);
    EXPECT_EQ(redis({"EXISTS", key("idem:refused-fresh")}).integer, 0);

    NewTask old = sample_task("+31622222222");
    old.source_key = "refused-old";
    Task gone = create(old);
    redis({"DEL", key("task:" + gone.id)});  // the task the key named is gone
    refused = run(service_->create(old, "caller", spent));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, Errc::rate_limited);
    EXPECT_EQ(redis({"GET", key("idem:refused-old")}).str, gone.id);
    EXPECT_EQ(redis({"GET", spent.key}).str, "2");
}

// The caller's counters in the create's own call (CreateCount, the web form's contact
// statistics): a new task and a merged question count, after the priority the task has once
// stored; the retry of a known key, a refused create and a create without a count do not.
TEST_F(ServiceTest, ACreateCountsTheCallersCountersWhenItStoresTheQuestion) {
    const CreateLimit limit{key("count-limit"), 5, std::chrono::milliseconds(3'700'000)};
    const CreateCount count{key("counted"), {"contact:form:12", "lang:nl"}, "question:form:urgent",
                            "question:form:handoff", std::chrono::milliseconds(86'400'000)};
    auto counted = [&](NewTask n, std::optional<CreateLimit> l = std::nullopt) {
        return run(service_->create(std::move(n), "caller", std::move(l), count));
    };
    auto field = [&](const std::string& f) {
        const RedisReply r = redis({"HGET", count.key, f});
        return r.is_nil() ? std::string("-") : r.str;
    };

    NewTask calm = sample_task("+31611111111");
    calm.source_key = "count-1";
    auto one = counted(calm);
    ASSERT_TRUE(one.ok()) << one.error().message;
    EXPECT_EQ(one->status, CreateStatus::created);
    EXPECT_EQ(field("contact:form:12"), "1");
    EXPECT_EQ(field("lang:nl"), "1");
    EXPECT_EQ(field("question:form:handoff"), "1");
    EXPECT_EQ(field("question:form:urgent"), "-");
    const auto ttl = redis({"PTTL", count.key}).integer;
    EXPECT_GT(ttl, 86'300'000);
    EXPECT_LE(ttl, 86'400'000);

    // The retry of the same key stores nothing and counts nothing, with a limit or without.
    calm.question = "the widget sent it again";
    auto retry = counted(calm);
    ASSERT_TRUE(retry.ok());
    EXPECT_EQ(retry->status, CreateStatus::existing);
    retry = counted(calm, limit);
    ASSERT_TRUE(retry.ok());
    EXPECT_EQ(retry->status, CreateStatus::existing);
    EXPECT_EQ(field("contact:form:12"), "1");
    EXPECT_EQ(field("question:form:handoff"), "1");

    // An urgent task, then a calm question from the same number: merged into the urgent task,
    // so it counts as urgent, as the task it joined.
    NewTask urgent = sample_task("+31622222222");
    urgent.priority = Priority::urgent;
    ASSERT_TRUE(counted(urgent).ok());
    auto merged = counted(sample_task("+31622222222", "nog een vraag"));
    ASSERT_TRUE(merged.ok());
    EXPECT_EQ(merged->status, CreateStatus::merged);
    EXPECT_EQ(merged->task.priority, Priority::urgent);
    EXPECT_EQ(field("question:form:urgent"), "2");
    EXPECT_EQ(field("question:form:handoff"), "1");
    EXPECT_EQ(field("contact:form:12"), "3");
    EXPECT_EQ(field("lang:nl"), "3");

    // A create refused by its limit counts nothing but the limit's hit.
    const CreateLimit spent{key("count-limit-spent"), 0, std::chrono::milliseconds(3'700'000)};
    auto refused = counted(sample_task("+31633333333"), spent);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, Errc::rate_limited);
    EXPECT_EQ(field("contact:form:12"), "3");
    // With a limit (both extra keys given), a new task counts as without one.
    ASSERT_TRUE(counted(sample_task("+31644444444"), limit).ok());
    EXPECT_EQ(field("contact:form:12"), "4");
    EXPECT_EQ(field("question:form:handoff"), "2");
    EXPECT_EQ(redis({"GET", limit.key}).str, "1");

    // The phone, SMS and chat pass no count: the hash is left alone.
    ASSERT_TRUE(run(service_->create(sample_task("+31655555555"))).ok());
    EXPECT_EQ(field("contact:form:12"), "4");
    EXPECT_EQ(redis({"ZCARD", key("queue")}).integer, 4);
}

// The counters are written last and may fail on their own: a counter key of another type
// (never written so by us) costs the count, not the task's history, event or key.
TEST_F(ServiceTest, ACounterThatCannotBeWrittenNeverCutsACreateShort) {
    const CreateCount count{key("counted-wrong"), {"contact:form:12"}, "question:form:urgent",
                            "question:form:handoff", std::chrono::milliseconds(86'400'000)};
    redis({"SET", count.key, "not a hash"});
    NewTask n = sample_task();
    n.source_key = "count-wrong";
    auto r = run(service_->create(n, "caller", std::nullopt, count));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->status, CreateStatus::created);
    auto got = run(service_->get(r->task.id));
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->history.size(), 1u);
    EXPECT_EQ(redis({"GET", key("idem:count-wrong")}).str, r->task.id);
    EXPECT_EQ(redis({"XLEN", key("events")}).integer, 1);
    EXPECT_EQ(redis({"GET", count.key}).str, "not a hash");
}

// The per-day counter hash gets its expiry from the increment that creates it.
TEST_F(ServiceTest, DailyCountersExpireOnTheirOwn) {
    Task first = create(sample_task("+31611111111"));
    create(sample_task("+31622222222"));
    const std::string day = key("day:" + date_netherlands(test_epoch()));
    EXPECT_EQ(redis({"HGET", day, "created"}).str, "2");
    // Kept for the municipality's reports (lua/lib.lua REPORT_TTL_MS).
    const auto ttl = redis({"PTTL", day}).integer;
    EXPECT_GT(ttl, (day_figures_keep_days - 1) * 86'400'000LL);
    EXPECT_LE(ttl, day_figures_keep_days * 86'400'000LL);
    // The workload hash is the specialists' own and goes after 40 days.
    ASSERT_TRUE(run(service_->claim(first.id, "anna")).ok());
    ASSERT_TRUE(run(service_->complete(first.id, "anna", Outcome::advised)).ok());
    const auto work_ttl = redis({"PTTL", key("work:" + date_netherlands(test_epoch()))}).integer;
    EXPECT_GT(work_ttl, 39LL * 86'400'000);
    EXPECT_LE(work_ttl, 40LL * 86'400'000);
}

// The history entry is built without cjson unless a string needs escaping.
TEST_F(ServiceTest, HistoryKeepsActorsThatNeedJsonEscaping) {
    for (const std::string actor : {"caller", "web \"form\" / v2\\x", "zoë"}) {
        auto r = run(service_->create(sample_task("+3161234" + std::to_string(5000 + actor.size())),
                                      actor));
        ASSERT_TRUE(r.ok()) << actor;
        auto got = run(service_->get(r->task.id));
        ASSERT_TRUE(got.ok());
        ASSERT_EQ(got->history.size(), 1u);
        EXPECT_EQ(got->history[0].actor, actor);
        EXPECT_EQ(got->history[0].action, "created");
        EXPECT_EQ(got->history[0].to, "queued");
        EXPECT_EQ(got->history[0].detail, "normal");
        EXPECT_EQ(got->history[0].at, test_epoch());
    }
}

// The gateway sets the request id of the HTTP request being served (common/log_context.hpp);
// the history entry and the event it causes keep it, in both ways of building the entry.
TEST_F(ServiceTest, HistoryAndEventsCarryTheRequestIdOfTheCall) {
    const std::string rid = "req-4f2a.b_9";
    std::string ids[2];
    {
        RequestIdScope scope(&rid);
        ids[0] = run(service_->create(sample_task("+31611111111"))).value().task.id;
        ids[1] = run(service_->create(sample_task("+31622222222"), "web \"form\"")).value().task.id;
    }
    for (const auto& id : ids) {
        auto got = run(service_->get(id));
        ASSERT_TRUE(got.ok());
        ASSERT_EQ(got->history.size(), 1u);
        EXPECT_EQ(got->history[0].request_id, rid);
        EXPECT_EQ(to_json(got->history[0])["request_id"], rid);
    }
    // Outside a request (the scanner, a command-line tool) there is none.
    ASSERT_TRUE(run(service_->claim(ids[0], "anna")).ok());
    auto claimed = run(service_->get(ids[0]));
    ASSERT_EQ(claimed->history.size(), 2u);
    EXPECT_EQ(claimed->history[1].request_id, "");
    EXPECT_FALSE(to_json(claimed->history[1]).contains("request_id"));
    std::size_t with_id = 0, without = 0;
    for (const auto& e : redis({"XRANGE", service_->events_key(), "-", "+"}).elements) {
        const auto& f = e.elements[1].elements;
        bool has = false;
        for (std::size_t i = 0; i + 1 < f.size(); i += 2)
            if (f[i].str == "request_id") has = f[i + 1].str == rid;
        has ? ++with_id : ++without;
    }
    EXPECT_EQ(with_id, 2u);
    EXPECT_EQ(without, 1u);
}

TEST_F(ServiceTest, RepeatContactAddsTheQuestionToTheOpenTask) {
    Task first = create(sample_task("+31612345678", "eerste vraag"));
    clock_.advance(2h);
    NewTask again = sample_task("+31 6 1234 5678", "tweede vraag");
    again.priority = Priority::urgent;
    again.risk_flags = {"zorgen_veiligheid"};
    again.risk_words = {"wil dood"};
    auto r = run(service_->create(again));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, CreateStatus::merged);
    EXPECT_EQ(r->task.id, first.id);
    ASSERT_EQ(r->task.questions.size(), 2u);
    EXPECT_EQ(r->task.questions[1].text, "tweede vraag");
    EXPECT_EQ(r->task.questions[1].at, test_epoch() + 2h);
    EXPECT_EQ(r->task.priority, Priority::urgent) << "the more urgent contact counts";
    EXPECT_EQ(r->task.due_at, test_epoch() + 2h + 60min) << "deadline brought forward";
    EXPECT_EQ(r->task.risk_flags, std::vector<std::string>{"zorgen_veiligheid"});
    // What triggered the flags comes with them (a tester saw an urgent merged task without).
    EXPECT_EQ(r->task.risk_words, std::vector<std::string>{"wil dood"});
    EXPECT_EQ(run(service_->list(State::queued, 0, 10))->total, 1u);
    // Once closed, the same number gets a new task.
    ASSERT_TRUE(run(service_->cancel(first.id, "sup", "test")).ok());
    auto fresh = run(service_->create(sample_task()));
    EXPECT_EQ(fresh->status, CreateStatus::created);
    EXPECT_NE(fresh->task.id, first.id);
}

TEST_F(ServiceTest, ListPagesByState) {
    std::vector<std::string> ids;
    for (int i = 0; i < 5; ++i) {
        ids.push_back(create(sample_task("+3161234567" + std::to_string(i))).id);
        clock_.advance(1s);
    }
    auto p1 = run(service_->list(State::queued, 0, 2));
    auto p3 = run(service_->list(State::queued, 4, 2));
    ASSERT_TRUE(p1.ok() && p3.ok());
    EXPECT_EQ(p1->total, 5u);
    ASSERT_EQ(p1->tasks.size(), 2u);
    EXPECT_EQ(p1->tasks[0].id, ids[0]) << "open states list oldest first";
    ASSERT_EQ(p3->tasks.size(), 1u);
    EXPECT_EQ(p3->tasks[0].id, ids[4]);
    EXPECT_EQ(run(service_->list(State::claimed, 0, 10))->total, 0u);
    EXPECT_EQ(run(service_->list(State::queued, 0, 0)).error().field, "limit");
}

TEST_F(ServiceTest, TenantsDoNotSeeEachOthersTasks) {
    Task t = create();
    Tenant other;
    other.id = "elders";
    Service elsewhere(*client_, clock_, other, settings_);
    auto r = run(elsewhere.get(t.id));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::not_found);
    EXPECT_FALSE(run(elsewhere.claim_next("anna"))->has_value());
}

TEST_F(ServiceTest, EveryTransitionPublishesAnEvent) {
    Task t = create();
    ASSERT_TRUE(run(service_->claim(t.id, "anna")).ok());
    ASSERT_TRUE(run(service_->release(t.id, "anna")).ok());
    ASSERT_TRUE(run(service_->claim(t.id, "anna")).ok());
    ASSERT_TRUE(run(service_->complete(t.id, "anna", Outcome::reached)).ok());
    auto events = redis({"XRANGE", service_->events_key(), "-", "+"});
    std::vector<std::string> types;
    for (const auto& e : events.elements) {
        const auto& fields = e.elements[1].elements;
        types.push_back(fields[1].str);
        for (const auto& f : fields)
            EXPECT_EQ(f.str.find("+316"), std::string::npos) << "no numbers in events";
    }
    EXPECT_EQ(types,
              (std::vector<std::string>{"created", "claimed", "released", "claimed", "completed"}));
}

TEST_F(ServiceTest, SlaSummaryCountsByState) {
    Task a = create(sample_task("+31611111111"));
    create(sample_task("+31622222222"));
    create(sample_task("+31633333333"));
    ASSERT_TRUE(run(service_->claim(a.id, "anna")).ok());
    ASSERT_TRUE(run(service_->complete(a.id, "anna", Outcome::reached)).ok());
    ASSERT_TRUE(run(service_->claim_next("anna"))->has_value());
    auto s = run(service_->sla_summary());
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->queued, 1u);
    EXPECT_EQ(s->claimed, 1u);
    EXPECT_EQ(s->completed_today, 1u);
    EXPECT_EQ(s->at_risk, 0u);
    EXPECT_EQ(s->breached, 0u);
    clock_.advance(24h);  // another day
    EXPECT_EQ(run(service_->sla_summary())->completed_today, 0u);
}
