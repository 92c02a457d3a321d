// Retention of the task store per tenant (issue 17): closed tasks are anonymised, audit
// entries removed, idempotency keys expire, each after its tenant's period and not before.
// Time moves only by FakeClock::advance; the idempotency key lives by a Redis TTL, so its PTTL
// is checked instead.
#include "tests/callbacks/fixture.hpp"

using namespace advieslijn;
using namespace advieslijn::callbacks;
using namespace advieslijn::callbacks::test_support;

namespace {

class RetentionTest : public CallbacksTest {
  protected:
    void SetUp() override {
        settings_.retention = std::chrono::days(30);
        settings_.audit_retention = std::chrono::days(40);
        settings_.idempotency_ttl = std::chrono::hours(6);
        CallbacksTest::SetUp();
        // A second tenant on the same Redis with the defaults (90 days, 365 days, 48 hours).
        other_tenant_.id = "other";
        Settings other = settings_;
        other.retention = Settings{}.retention;
        other.audit_retention = Settings{}.audit_retention;
        other.idempotency_ttl = Settings{}.idempotency_ttl;
        other_ = std::make_unique<Service>(*client_, clock_, other_tenant_, other);
    }
    void TearDown() override {
        other_.reset();
        CallbacksTest::TearDown();
    }

    // Claimed and completed by anna at the clock's now.
    Task completed(Service& s, std::string phone) {
        auto t = run(s.create(sample_task(std::move(phone))));
        EXPECT_TRUE(t.ok());
        EXPECT_TRUE(run(s.claim(t->task.id, "anna")).ok());
        EXPECT_TRUE(run(s.complete(t->task.id, "anna", Outcome::advised, "gebeld")).ok());
        return t->task;
    }
    void tick_all() {
        ASSERT_TRUE(run(service_->tick(nullptr)).ok());
        ASSERT_TRUE(run(other_->tick(nullptr)).ok());
    }
    std::string phone_of(Service& s, const std::string& id) {
        auto t = run(s.get(id));
        EXPECT_TRUE(t.ok());
        return t.ok() ? t->phone : "(gone)";
    }
    std::vector<AuditEntry> audit(Service& s) {
        auto page = run(s.audit_log("", 200));
        EXPECT_TRUE(page.ok());
        return page.ok() ? page->entries : std::vector<AuditEntry>{};
    }

    Tenant other_tenant_;
    std::unique_ptr<Service> other_;
};

}  // namespace

TEST_F(RetentionTest, AClosedTaskIsAnonymisedAfterItsTenantsPeriodAndNotBefore) {
    const Task mine = completed(*service_, "+31611111111");
    const Task theirs = completed(*other_, "+31611111111");
    clock_.advance(std::chrono::days(30) - std::chrono::milliseconds(1));
    tick_all();
    EXPECT_EQ(phone_of(*service_, mine.id), "+31611111111") << "not before 30 days";
    clock_.advance(std::chrono::milliseconds(1));
    tick_all();
    auto t = run(service_->get(mine.id));
    ASSERT_TRUE(t.ok());
    EXPECT_TRUE(t->phone.empty());
    EXPECT_TRUE(t->name.empty());
    EXPECT_TRUE(t->questions.empty());
    EXPECT_TRUE(t->anonymised_at.has_value());
    EXPECT_EQ(t->outcome, Outcome::advised) << "statistics stay";
    EXPECT_EQ(t->topic, "slapen");
    // The other tenant keeps its default of 90 days.
    EXPECT_EQ(phone_of(*other_, theirs.id), "+31611111111");
    clock_.advance(std::chrono::days(60) - std::chrono::milliseconds(1));
    tick_all();
    EXPECT_EQ(phone_of(*other_, theirs.id), "+31611111111") << "not before 90 days";
    clock_.advance(std::chrono::milliseconds(1));
    tick_all();
    EXPECT_EQ(phone_of(*other_, theirs.id), "");
}

TEST_F(RetentionTest, AnOpenTaskIsNeverAnonymisedNorDeleted) {
    auto open = run(service_->create(sample_task("+31622222222")));
    ASSERT_TRUE(open.ok());
    ASSERT_TRUE(run(service_->claim(open->task.id, "anna")).ok());
    for (int i = 0; i < 4; ++i) {
        clock_.advance(std::chrono::days(100));
        tick_all();
    }
    auto t = run(service_->get(open->task.id));
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(t->phone, "+31622222222");
    EXPECT_FALSE(t->anonymised_at.has_value());
    EXPECT_EQ(t->questions.size(), 1u);
}

TEST_F(RetentionTest, AuditEntriesGoAfterTheirTenantsPeriodAndNotBefore) {
    const Task first = completed(*service_, "+31633333333");  // claimed + completed: 2 entries
    const Task theirs = completed(*other_, "+31633333333");
    clock_.advance(std::chrono::days(10));
    ASSERT_TRUE(run(service_->record_audit("bert", "viewed_number", first.id)).ok());
    ASSERT_EQ(audit(*service_).size(), 3u);

    clock_.advance(std::chrono::days(30) - std::chrono::milliseconds(1));  // 40 days - 1 ms
    tick_all();
    EXPECT_EQ(audit(*service_).size(), 3u) << "not before 40 days";
    clock_.advance(std::chrono::milliseconds(1));
    TickStats stats = *run(service_->tick(nullptr));
    EXPECT_EQ(stats.audit_entries_removed, 2u);
    auto left = audit(*service_);
    ASSERT_EQ(left.size(), 1u) << "the younger entry stays";
    EXPECT_EQ(left[0].action, "viewed_number");
    EXPECT_EQ(audit(*other_).size(), 2u) << "the other tenant keeps 365 days";

    clock_.advance(std::chrono::days(10));
    tick_all();
    EXPECT_TRUE(audit(*service_).empty());
    clock_.advance(std::chrono::days(365 - 50) - std::chrono::milliseconds(1));  // 365 days - 1 ms
    tick_all();
    EXPECT_EQ(audit(*other_).size(), 2u) << "not before 365 days";
    clock_.advance(std::chrono::milliseconds(1));
    tick_all();
    EXPECT_TRUE(audit(*other_).empty());
    (void)theirs;
}

TEST_F(RetentionTest, ManyOldAuditEntriesGoInOneTickBatchByBatch) {
    settings_.tick_batch = 3;
    service_ = std::make_unique<Service>(*client_, clock_, tenant_, settings_);
    for (int i = 0; i < 4; ++i) completed(*service_, "+3164444444" + std::to_string(i));  // 8 entries
    clock_.advance(std::chrono::days(41));
    ASSERT_TRUE(run(service_->record_audit("bert", "viewed_number", "")).ok());
    TickStats stats = *run(service_->tick(nullptr));
    EXPECT_EQ(stats.audit_entries_removed, 8u);
    EXPECT_EQ(audit(*service_).size(), 1u);
}

TEST_F(RetentionTest, AnIdempotencyKeyLivesItsTenantsPeriod) {
    NewTask n = sample_task("+31655555555");
    n.source_key = "form-1";
    ASSERT_TRUE(run(service_->create(n)).ok());
    ASSERT_TRUE(run(other_->create(n)).ok());
    const long long mine = redis({"PTTL", service_->key_prefix() + "idem:form-1"}).integer;
    const long long theirs = redis({"PTTL", other_->key_prefix() + "idem:form-1"}).integer;
    EXPECT_NEAR(static_cast<double>(mine), 6 * 3'600'000.0, 1000.0);
    EXPECT_NEAR(static_cast<double>(theirs), 48 * 3'600'000.0, 1000.0);
}
