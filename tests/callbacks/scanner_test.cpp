// The scanner: lease expiry, SLA timers across instances, escalation and its webhook,
// retention. Time moves only by FakeClock::advance.
#include "callbacks/scanner.hpp"

#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <mutex>
#include <set>

#include "callbacks/signature.hpp"
#include "common/tenant_key.hpp"
#include "tests/callbacks/fixture.hpp"

using namespace advieslijn;
using namespace advieslijn::callbacks;
using namespace advieslijn::callbacks::test_support;

namespace {

// Records what would have been posted; can be told to fail.
class RecordingSender final : public WebhookSender {
  public:
    asio::awaitable<boost::system::error_code> post(WebhookRequest r) override {
        std::lock_guard lock(mu_);
        if (fail_) co_return make_error_code(boost::system::errc::connection_refused);
        requests_.push_back(std::move(r));
        co_return boost::system::error_code{};
    }
    std::vector<WebhookRequest> requests() {
        std::lock_guard lock(mu_);
        return requests_;
    }
    void set_fail(bool f) {
        std::lock_guard lock(mu_);
        fail_ = f;
    }

  private:
    std::mutex mu_;
    bool fail_ = false;
    std::vector<WebhookRequest> requests_;
};

class ScannerTest : public CallbacksTest {
  protected:
    void SetUp() override {
        settings_.webhook_url = "http://127.0.0.1:9/escalate";
        settings_.webhook_secret = "s3cret";
        CallbacksTest::SetUp();
    }

    std::size_t count_events(const std::string& type) {
        std::size_t n = 0;
        for (const auto& e : redis({"XRANGE", service_->events_key(), "-", "+"}).elements)
            if (e.elements[1].elements[1].str == type) ++n;
        return n;
    }

    // Ticks two instances at the same moment and waits for both.
    void tick_both(Service& a, Service& b, WebhookSender* sender) {
        auto fa = asio::co_spawn(ioc_, a.tick(sender), asio::use_future);
        auto fb = asio::co_spawn(ioc_, b.tick(sender), asio::use_future);
        wait_until([&] {
            return fa.wait_for(0s) == std::future_status::ready &&
                   fb.wait_for(0s) == std::future_status::ready;
        });
        ASSERT_TRUE(fa.get().ok());
        ASSERT_TRUE(fb.get().ok());
    }
};

}  // namespace

TEST_F(ScannerTest, ExpiredLeaseReturnsTheTaskToTheQueue) {
    Task t = create();
    ASSERT_TRUE(run(service_->claim(t.id, "anna")).ok());
    clock_.advance(29min);
    EXPECT_EQ(run(service_->tick(nullptr))->leases_expired, 0u);
    clock_.advance(1min);
    auto stats = run(service_->tick(nullptr));
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->leases_expired, 1u);
    auto got = run(service_->get(t.id));
    EXPECT_EQ(got->state, State::queued);
    EXPECT_TRUE(got->holder.empty());
    EXPECT_EQ(got->history.back().action, "lease_expired");
    EXPECT_EQ(got->history.back().detail, "anna");
    EXPECT_EQ(got->history.back().actor, "system");
    auto next = run(service_->claim_next("bert"));
    ASSERT_TRUE(next->has_value());
    EXPECT_EQ((*next)->id, t.id);
    EXPECT_EQ(run(service_->complete(t.id, "anna", Outcome::reached)).error().code,
              Errc::stale_lease);
    EXPECT_EQ(run(service_->tick(nullptr))->leases_expired, 0u) << "expires once";
}

TEST_F(ScannerTest, SlaTimersFireExactlyOnceAcrossTwoInstances) {
    RedisClient* other_client = make_client(2);
    Service other(*other_client, clock_, tenant_, settings_);
    RecordingSender sender;
    constexpr int n = 30;
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i)
        ids.push_back(create(sample_task("+316100000" + std::to_string(10 + i))).id);
    // One of them claimed: SLA timers run whether a specialist holds the task or not.
    ASSERT_TRUE(run(service_->claim_next("anna"))->has_value());

    clock_.advance(18h);  // 75% of 24 h
    tick_both(*service_, other, &sender);
    tick_both(*service_, other, &sender);
    EXPECT_EQ(count_events("at_risk"), static_cast<std::size_t>(n));
    for (const auto& id : ids)
        EXPECT_EQ(run(service_->get(id))->priority, Priority::high) << "raised once";
    EXPECT_EQ(run(service_->sla_summary())->at_risk, static_cast<std::size_t>(n));

    clock_.advance(6h);  // the deadline
    tick_both(*service_, other, &sender);
    tick_both(*service_, other, &sender);
    EXPECT_EQ(count_events("breached"), static_cast<std::size_t>(n));
    auto summary = run(service_->sla_summary());
    EXPECT_EQ(summary->breached, static_cast<std::size_t>(n));
    EXPECT_EQ(summary->at_risk, 0u);
    EXPECT_EQ(summary->open_escalations, static_cast<std::size_t>(n));
    EXPECT_TRUE(sender.requests().empty()) << "the webhook is for the second level only";

    clock_.advance(4h);  // second level
    tick_both(*service_, other, &sender);
    tick_both(*service_, other, &sender);
    EXPECT_EQ(count_events("escalated"), static_cast<std::size_t>(n));
    auto posted = sender.requests();
    ASSERT_EQ(posted.size(), static_cast<std::size_t>(n)) << "one webhook per task";
    std::set<std::string> tasks;
    for (const auto& r : posted) {
        std::string ts, sig;
        for (const auto& [k, v] : r.headers) {
            if (k == "X-Advieslijn-Timestamp") ts = v;
            if (k == "X-Advieslijn-Signature") sig = v;
        }
        EXPECT_TRUE(verify_webhook("s3cret", std::stoll(ts), r.body, sig));
        auto body = nlohmann::json::parse(r.body);
        EXPECT_EQ(body["level"], 2);
        EXPECT_EQ(r.body.find("+316"), std::string::npos) << "no phone numbers in the webhook";
        tasks.insert(body["task_id"].get<std::string>());
    }
    EXPECT_EQ(tasks.size(), static_cast<std::size_t>(n));
    clock_.advance(10min);
    tick_both(*service_, other, &sender);
    EXPECT_EQ(sender.requests().size(), static_cast<std::size_t>(n))
        << "delivered ones stay delivered";
}

TEST_F(ScannerTest, EscalationsAreListedAndAcknowledgedOnce) {
    Task t = create();
    clock_.advance(24h);
    ASSERT_TRUE(run(service_->tick(nullptr)).ok());
    auto open = run(service_->list_escalations(true, 0, 10));
    ASSERT_TRUE(open.ok());
    ASSERT_EQ(open->total, 1u);
    EXPECT_EQ(open->escalations[0].task_id, t.id);
    EXPECT_EQ(open->escalations[0].reference, t.reference);
    EXPECT_EQ(open->escalations[0].created_at, test_epoch() + 24h);
    auto ack = run(service_->acknowledge_escalation(t.id, "sup-els"));
    ASSERT_TRUE(ack.ok());
    EXPECT_EQ(ack->acknowledged_by, "sup-els");
    EXPECT_EQ(run(service_->acknowledge_escalation(t.id, "sup-els")).error().code, Errc::conflict);
    EXPECT_EQ(run(service_->list_escalations(true, 0, 10))->total, 0u);
    EXPECT_EQ(run(service_->list_escalations(false, 0, 10))->total, 1u);
    EXPECT_EQ(run(service_->acknowledge_escalation("nope", "sup")).error().code, Errc::not_found);
}

TEST_F(ScannerTest, ClosedTasksDoNotEscalate) {
    Task t = create();
    ASSERT_TRUE(run(service_->claim(t.id, "anna")).ok());
    ASSERT_TRUE(run(service_->complete(t.id, "anna", Outcome::reached)).ok());
    clock_.advance(30h);
    auto stats = run(service_->tick(nullptr));
    EXPECT_EQ(stats->timers_fired, 0u);
    EXPECT_EQ(count_events("breached"), 0u);
}

TEST_F(ScannerTest, OneSlaTimerPerTaskWalksTheThreeStages) {
    Task t = create();
    const std::string member = "sla:" + t.id;
    EXPECT_EQ(redis({"ZCARD", key("timers")}).integer, 1) << "one timer, not three";
    auto score = [&] { return redis({"ZSCORE", key("timers"), member}).str; };
    EXPECT_EQ(score(), std::to_string(to_ms(test_epoch() + 18h))) << "at_risk first";
    clock_.advance(18h);
    EXPECT_EQ(run(service_->tick(nullptr))->timers_fired, 1u);
    EXPECT_EQ(score(), std::to_string(to_ms(t.due_at))) << "then the breach";
    clock_.advance(6h);
    EXPECT_EQ(run(service_->tick(nullptr))->timers_fired, 1u);
    EXPECT_EQ(score(), std::to_string(to_ms(t.due_at + 4h))) << "then the second level";
    clock_.advance(4h);
    EXPECT_EQ(run(service_->tick(nullptr))->timers_fired, 1u);
    EXPECT_EQ(redis({"ZCARD", key("timers")}).integer, 0) << "nothing left to fire";
    EXPECT_EQ(count_events("at_risk") + count_events("breached") + count_events("escalated"), 3u);
}

TEST_F(ScannerTest, AMergeThatBringsTheDeadlineForwardMovesTheTimer) {
    create(sample_task("+31612345678"));
    clock_.advance(2h);
    NewTask urgent = sample_task("+31612345678", "het is dringend");
    urgent.priority = Priority::urgent;
    ASSERT_EQ(run(service_->create(urgent))->status, CreateStatus::merged);
    clock_.advance(45min);  // 75 % of the urgent hour
    EXPECT_EQ(run(service_->tick(nullptr))->timers_fired, 1u);
    EXPECT_EQ(count_events("at_risk"), 1u);
    clock_.advance(15min);  // the new deadline, long before the first one
    EXPECT_EQ(run(service_->tick(nullptr))->timers_fired, 1u);
    EXPECT_EQ(count_events("breached"), 1u);
    clock_.advance(30h);
    EXPECT_EQ(run(service_->tick(nullptr))->timers_fired, 1u) << "only the second level is left";
    EXPECT_EQ(count_events("escalated"), 1u);
}

TEST_F(ScannerTest, FailedWebhooksAreRetriedAfterTheRetryInterval) {
    RecordingSender sender;
    create();
    sender.set_fail(true);
    clock_.advance(28h);
    auto first = run(service_->tick(&sender));
    EXPECT_EQ(first->webhooks_failed, 1u);
    // Waiting in the outbox meanwhile; the service's counters (for /metrics) agree.
    EXPECT_EQ(run(service_->sla_summary())->outbox, 1u);
    EXPECT_EQ(service_->webhooks_failed(), 1u);
    EXPECT_EQ(service_->webhooks_delivered(), 0u);
    sender.set_fail(false);
    EXPECT_EQ(run(service_->tick(&sender))->webhooks_sent, 0u) << "not before the retry time";
    clock_.advance(settings_.webhook_retry);
    EXPECT_EQ(run(service_->tick(&sender))->webhooks_sent, 1u);
    EXPECT_EQ(sender.requests().size(), 1u);
    EXPECT_EQ(run(service_->sla_summary())->outbox, 0u);
    EXPECT_EQ(service_->webhooks_failed(), 1u);
    EXPECT_EQ(service_->webhooks_delivered(), 1u);
}

TEST_F(ScannerTest, RetentionAnonymisesClosedTasksButKeepsStatistics) {
    Task done = create(sample_task("+31611111111", "vraag met naam en adres"));
    Task open = create(sample_task("+31622222222"));
    ASSERT_TRUE(run(service_->claim(done.id, "anna")).ok());
    ASSERT_TRUE(
        run(service_->complete(done.id, "anna", Outcome::referred, "doorverwezen naar huisarts",
                               "Huisarts"))
            .ok());
    clock_.advance(std::chrono::days(89));
    run(service_->tick(nullptr));
    EXPECT_EQ(run(service_->get(done.id))->phone, "+31611111111") << "not before 90 days";
    clock_.advance(std::chrono::days(1));
    run(service_->tick(nullptr));
    auto t = run(service_->get(done.id));
    ASSERT_TRUE(t.ok());
    EXPECT_TRUE(t->phone.empty());
    EXPECT_TRUE(t->name.empty());
    EXPECT_TRUE(t->questions.empty());
    ASSERT_TRUE(t->anonymised_at.has_value());
    EXPECT_EQ(t->outcome, Outcome::referred);
    EXPECT_EQ(t->created_at, test_epoch());
    EXPECT_EQ(t->topic, "slapen");
    for (const auto& h : t->history) EXPECT_TRUE(h.note.empty()) << h.action;
    EXPECT_EQ(t->history.size(), 3u);
    EXPECT_EQ(run(service_->get(open.id))->phone, "+31622222222") << "open tasks are kept";
}

TEST_F(ScannerTest, ScannerLoopTicksUntilStopped) {
    Task t = create();
    ASSERT_TRUE(run(service_->claim(t.id, "anna")).ok());
    clock_.advance(31min);
    Scanner scanner(ioc_.get_executor(), {service_.get()}, nullptr, 10ms);
    bool finished = false;
    asio::co_spawn(ioc_, scanner.run(), [&](std::exception_ptr) { finished = true; });
    ASSERT_TRUE(wait_until([&] { return scanner.ticks() >= 2; }));
    EXPECT_EQ(run(service_->get(t.id))->state, State::queued);
    scanner.stop();
    EXPECT_TRUE(wait_until([&] { return finished; }));
}

TEST_F(ScannerTest, HttpWebhookSenderPostsTheSignedBody) {
    namespace beast = boost::beast;
    namespace http = beast::http;
    asio::ip::tcp::acceptor acceptor(ioc_, {asio::ip::make_address("127.0.0.1"), 0});
    const auto port = acceptor.local_endpoint().port();
    std::string got_body, got_sig, got_ts;
    asio::co_spawn(
        ioc_,
        [&]() -> asio::awaitable<void> {
            auto sock = co_await acceptor.async_accept(asio::use_awaitable);
            beast::flat_buffer buf;
            http::request<http::string_body> req;
            co_await http::async_read(sock, buf, req, asio::use_awaitable);
            got_body = req.body();
            got_sig = std::string(req["X-Advieslijn-Signature"]);
            got_ts = std::string(req["X-Advieslijn-Timestamp"]);
            http::response<http::string_body> res{http::status::no_content, 11};
            co_await http::async_write(sock, res, asio::use_awaitable);
        },
        asio::detached);
    HttpWebhookSender sender(2s);
    auto req = make_signed_request("http://127.0.0.1:" + std::to_string(port) + "/hook", "k",
                                   R"({"x":1})", test_epoch());
    auto ec = run(sender.post(req));
    EXPECT_FALSE(ec) << ec.message();
    EXPECT_EQ(got_body, R"({"x":1})");
    EXPECT_TRUE(verify_webhook("k", std::stoll(got_ts), got_body, got_sig));
    // Nobody listening: an error, not a hang.
    acceptor.close();
    EXPECT_TRUE(run(sender.post(req)));
    EXPECT_TRUE(run(sender.post(make_signed_request("ftp://x/", "k", "{}", test_epoch()))));
}

TEST_F(ScannerTest, CleanPassStandsStillWhileATenantCannotBeTicked) {
    // A second tenant whose Redis cannot be reached (nothing listens on port 1).
    RedisOptions o;
    o.endpoint = parse_redis_url("redis://127.0.0.1:1");
    o.connect_timeout = 200ms;
    o.backoff_min = 20ms;
    o.backoff_max = 100ms;
    RedisClient dead(ioc_, o, 1);
    dead.start();
    Tenant other;
    other.id = "noord";
    Service unreachable(dead, clock_, other, settings_);

    Scanner healthy(ioc_.get_executor(), {service_.get()}, nullptr, 10ms);
    Scanner stuck(ioc_.get_executor(), {service_.get(), &unreachable}, nullptr, 10ms);
    const auto healthy_start = healthy.last_clean_pass();
    const auto stuck_start = stuck.last_clean_pass();
    const double stuck_start_unix = stuck.last_clean_pass_unix_seconds();
    const double healthy_start_unix = healthy.last_clean_pass_unix_seconds();
    bool healthy_done = false, stuck_done = false;
    asio::co_spawn(ioc_, healthy.run(), [&](std::exception_ptr) { healthy_done = true; });
    asio::co_spawn(ioc_, stuck.run(), [&](std::exception_ptr) { stuck_done = true; });
    ASSERT_TRUE(wait_until([&] { return healthy.ticks() >= 3 && stuck.ticks() >= 3; }));
    EXPECT_GT(healthy.last_clean_pass(), healthy_start);
    // It keeps ticking the healthy tenant, but no pass is clean: /metrics shows its age grow.
    EXPECT_EQ(stuck.last_clean_pass(), stuck_start);
    // The wall-clock twin that Prometheus reads moves and stands still with it.
    EXPECT_EQ(stuck.last_clean_pass_unix_seconds(), stuck_start_unix);
    ASSERT_TRUE(wait_until([&] { return healthy.last_clean_pass_unix_seconds() > healthy_start_unix; }));

    healthy.stop();
    stuck.stop();
    ASSERT_TRUE(wait_until([&] { return healthy_done && stuck_done; }));
    dead.stop();
}

TEST_F(ScannerTest, AnUrgentContactNotifiesTheSupervisorsAtOnce) {
    RecordingSender sender;
    create(sample_task("+31611111111"));  // normal: no notification
    NewTask urgent = sample_task("+31622222222", "Mijn man slaat de kinderen");
    urgent.priority = Priority::urgent;
    urgent.risk_flags = {"child_abuse"};
    const Task u = create(urgent);
    EXPECT_EQ(redis({"ZCARD", tenant_key(settings_.key_kind, "demo") + "outbox"}).integer, 1);
    // The next scanner tick sends it, long before any deadline.
    auto stats = run(service_->tick(&sender));
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->webhooks_sent, 1u);
    auto posted = sender.requests();
    ASSERT_EQ(posted.size(), 1u);
    const auto body = nlohmann::json::parse(posted[0].body);
    EXPECT_EQ(body["event"], "callback.urgent");
    EXPECT_EQ(body["task_id"], u.id);
    EXPECT_EQ(body["reference"], u.reference);
    EXPECT_EQ(body["risk_flags"], nlohmann::json::array({"child_abuse"}));
    EXPECT_EQ(posted[0].body.find("+316"), std::string::npos) << "no phone number";
    EXPECT_EQ(posted[0].body.find("slaat"), std::string::npos) << "no question";
    // Sent once; the task's history says so.
    clock_.advance(settings_.webhook_retry);
    EXPECT_EQ(run(service_->tick(&sender))->webhooks_sent, 0u);
    EXPECT_EQ(run(service_->get(u.id))->history.back().action, "webhook_sent");
    EXPECT_EQ(run(service_->get(u.id))->history.back().detail, "urgent");

    // A repeat contact that turns an open normal task urgent notifies too; an urgent repeat
    // of an urgent task does not notify again.
    NewTask again = sample_task("+31611111111", "Hij heeft het over zelfmoord");
    again.priority = Priority::urgent;
    create(again);
    create(urgent);
    EXPECT_EQ(run(service_->tick(&sender))->webhooks_sent, 1u);
    EXPECT_EQ(sender.requests().size(), 2u);
}

TEST_F(ScannerTest, WithoutAWebhookNothingIsQueuedForUrgentContacts) {
    settings_.webhook_url.clear();
    service_ = std::make_unique<Service>(*client_, clock_, tenant_, settings_);
    NewTask urgent = sample_task("+31633333333");
    urgent.priority = Priority::urgent;
    create(urgent);
    EXPECT_EQ(redis({"ZCARD", tenant_key(settings_.key_kind, "demo") + "outbox"}).integer, 0);
}
