#pragma once
// callbacks::Service: the callback-task operations for one tenant, on Redis. Every state
// change is one Lua script (callbacks/lua), so any number of instances can share a Redis.
// Methods are coroutines on the RedisClient's io_context; they never throw for Redis or
// input errors and answer with a Result whose Errc the HTTP layer maps (result.hpp).
//
// All string parameters are taken by value: a coroutine must not hold references to the
// caller's temporaries across a suspension.
#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "callbacks/model.hpp"
#include "callbacks/result.hpp"
#include "callbacks/webhook.hpp"
#include "common/clock.hpp"
#include "common/config.hpp"
#include "common/redis_client.hpp"

namespace advieslijn::callbacks {

struct Settings {
    std::string key_kind = "cb";  // keys are "<kind>:{<tenant>}:..." (tenant_key); tests vary it
    std::chrono::minutes lease{30};
    std::chrono::minutes retry_delay{30};  // default not-before after an unsuccessful attempt
    int max_attempts = 3;                  // the last one completes the task as unreachable
    // Retention (the tenant's RetentionSettings, callback_settings in gateway/line.hpp).
    std::chrono::days retention{90};        // closed tasks are anonymised after this
    std::chrono::hours idempotency_ttl{48};  // a source key names its task this long
    std::chrono::days audit_retention{365};  // audit entries are removed after this
    std::size_t events_maxlen = 10'000;    // approximate cap of the events stream
    std::size_t tick_batch = 500;          // due leases/timers handled per script call
    std::size_t tick_max_batches = 20;     // per tick, so one tick cannot hog Redis
    std::size_t claim_scan_limit = 1'000;  // queue entries a filtered claim_next inspects
    std::size_t max_page = 200;
    std::size_t list_scan_limit = 5'000;      // tasks a filtered list inspects (Page::truncated)
    std::size_t workload_scan_limit = 10'000;  // claimed tasks workload() walks
    std::size_t missed_texts_kept = 500;       // newest missed risk texts per tenant
    // Second-level escalation webhook. Empty url: the escalation is recorded, not sent.
    std::string webhook_url;
    std::string webhook_secret;
    std::chrono::seconds webhook_retry{60};
    // create() answers only after WAIT saw this many replicas hold the task (0: the primary's
    // answer is enough), waiting at most wait_timeout; else Errc::unavailable.
    int wait_replicas = 0;
    std::chrono::milliseconds wait_timeout{1'000};
};

// Skills of the specialist asking for work; empty lists match everything.
struct ClaimFilter {
    std::vector<std::string> languages;
    std::vector<std::string> topics;
};

enum class CreateStatus {
    created,   // a new task (HTTP 201)
    existing,  // the same source key within its TTL: the task it created (HTTP 200)
    merged,    // repeat contact: the question was added to the caller's open task (HTTP 200)
};

struct Created {
    Task task;
    CreateStatus status = CreateStatus::created;
};

// A limit a create counts against in its own round trip (the web form's hourly limit per
// address): every create that is not the retry of a known source key counts one hit on `key`,
// and one past `max` stores nothing else and fails with Errc::rate_limited. The key must carry
// the tenant's hash tag (one Redis Cluster slot with the task's keys); a window's first hit
// gives it the expiry `ttl`, as common/rate_counter.hpp counts.
struct CreateLimit {
    std::string key;
    long long max = 0;
    std::chrono::milliseconds ttl{0};
};

// Counters a create adds to in its own round trip (the web form's contact statistics), when it
// stores the question: a new task or one merged into the number's open task; never the retry
// of a known source key (status existing) nor a create refused by its limit. +1 on each of
// `fields` of the hash `key`, and on `if_urgent` or `otherwise` (empty: none) after the
// priority the task has once stored (a question merged into an urgent task counts as urgent);
// then the hash's expiry is set to `ttl`. The key must carry the tenant's hash tag, as
// CreateLimit's.
struct CreateCount {
    std::string key;
    std::vector<std::string> fields;
    std::string if_urgent, otherwise;
    std::chrono::milliseconds ttl{0};
};

struct Page {
    std::vector<Task> tasks;
    std::size_t total = 0;   // tasks in that state matching the filter
    bool truncated = false;  // a filtered list hit list_scan_limit: total is a lower bound
};

// What list() shows. Unset (or empty) filters match everything; `holder` only ever matches
// claimed tasks. Order: see list().
struct ListQuery {
    State state = State::queued;
    std::optional<std::string> lang;
    std::optional<std::string> topic;
    std::optional<std::string> holder;
    std::size_t offset = 0;
    std::size_t limit = 50;
};

struct Escalation {
    std::string task_id;
    std::string reference;
    int level = 1;
    TimePoint created_at;  // when the SLA was breached
    TimePoint due_at;
    std::optional<TimePoint> second_level_at;
    std::string acknowledged_by;
    std::optional<TimePoint> acknowledged_at;
    std::optional<TimePoint> webhook_sent_at;
    // The task as it is now, for the dashboard.
    Priority priority = Priority::normal;
    std::string lang;
    std::string topic;
    State state = State::queued;
};
nlohmann::json to_json(const Escalation& e);

struct EscalationPage {
    std::vector<Escalation> escalations;
    std::size_t total = 0;
};

struct SlaSummary {
    std::size_t queued = 0;  // including those waiting for a not-before time
    std::size_t claimed = 0;
    std::size_t at_risk = 0;          // open, past at_risk, not yet breached
    std::size_t breached = 0;         // open and past the deadline
    std::size_t completed_today = 0;  // since midnight, Dutch time
    std::size_t open_escalations = 0;
    std::size_t claimable = 0;  // in the queue now
    std::size_t urgent = 0;     // open tasks with priority urgent
    // created_at of the oldest urgent task still in the queue (no specialist has it):
    // the "urgent task unclaimed" alert reads its age. nullopt: none waits.
    std::optional<TimePoint> oldest_unclaimed_urgent;
    std::size_t outbox = 0;  // webhook notifications not yet delivered (due or retrying)
};
nlohmann::json to_json(const SlaSummary& s);

// SLA figures over one window ending now.
struct SlaWindow {
    std::string name;  // "24h", "7d", "30d"
    std::chrono::hours length{0};
    std::size_t completed = 0;
    std::size_t within_sla = 0;              // closed_at <= due_at
    std::optional<double> share;             // within_sla / completed; nullopt when 0 completed
    std::optional<double> median_minutes;    // created -> first attempt or completion
};
struct SlaStats {
    std::vector<SlaWindow> windows;  // 24h, 7d, 30d
};
// {"completed":{"24h":…}, "within_sla":{"24h":share|null}, "median_minutes_to_callback":{…}}
nlohmann::json to_json(const SlaStats& s);

// One Dutch calendar day.
struct DayStats {
    std::string date;  // "YYYY-MM-DD"
    std::size_t created = 0;
    std::size_t completed = 0;
    std::size_t within_sla = 0;
};
nlohmann::json to_json(const DayStats& d);

struct SpecialistLoad {
    std::string username;
    std::size_t claimed = 0;  // holding now
    std::size_t completed_today = 0;
    std::size_t attempts_today = 0;
};
nlohmann::json to_json(const SpecialistLoad& w);

struct AuditEntry {
    std::string id;  // the stream id; the cursor for audit_log
    TimePoint at;
    std::string actor;
    std::string action;
    std::string task_id;
    std::string reference;
    std::string detail;
};
nlohmann::json to_json(const AuditEntry& e);

struct AuditPage {
    std::vector<AuditEntry> entries;  // newest first
    std::string next;                 // before_id for the next page; empty at the end
};

inline constexpr int max_daily_days = 31;
// How long a day's figures (`day:<date>`) are kept: three years, for the municipality's
// reports (docs/reports.md). lua/lib.lua's REPORT_TTL_MS is this; a test checks they agree.
inline constexpr int day_figures_keep_days = 1100;
inline constexpr std::size_t max_audit_detail_bytes = 500;

// What one tenant's task store holds about one phone number (erasure and access on request,
// docs/privacy.md).
struct NumberHolding {
    std::vector<Task> tasks;      // the number's own tasks (open and closed), with history
    std::vector<Task> quoted_in;  // other callers' tasks whose texts quote the number
    std::vector<std::string> idempotency_keys;  // source keys that name one of its tasks
    std::vector<MissedText> missed_texts;       // scrubbed questions kept from its tasks
};

// What erase_number removed, by kind.
struct NumberErased {
    std::size_t tasks_cancelled = 0;  // open tasks, cancelled first
    std::size_t tasks_erased = 0;     // the number's tasks (open and closed), emptied
    std::size_t tasks_redacted = 0;   // other tasks whose texts quoted it
    std::size_t notes = 0;            // history notes removed from its tasks
    std::size_t idempotency_keys = 0;
    std::size_t repeat_contact_index = 0;  // the open_by_number entry
    std::size_t missed_texts = 0;
};

inline constexpr const char* erased_reason = "erased on request";

// What a family may change about its terms after the task exists (Service::update_terms);
// nullopt leaves a term as it is.
struct TermsChange {
    std::optional<bool> voicemail;
    std::optional<bool> announce_cjg;
    std::optional<std::string> note;
    std::optional<Window> window = {};  // the safe part of the day
    std::optional<bool> no_weekend = {};
    std::optional<std::string> alt_phone = {};  // any spelling parse_phone reads; stored as E.164
};

struct TickStats {
    std::size_t leases_expired = 0;
    std::size_t timers_fired = 0;
    std::size_t audit_entries_removed = 0;  // past the audit retention
    std::size_t webhooks_sent = 0;
    std::size_t webhooks_failed = 0;
};

class Service {
  public:
    Service(RedisClient& redis, Clock& clock, const Tenant& tenant, Settings settings = {});

    const std::string& tenant_id() const { return tenant_id_; }
    const Settings& settings() const { return settings_; }
    // The tenant's Redis Stream of task events, for consoles (XREAD).
    std::string events_key() const { return prefix_ + "events"; }
    // "cb:{tenant}:": every key of this tenant starts with it.
    const std::string& key_prefix() const { return prefix_; }

    // Validates (see model.hpp validate), then creates, merges or returns the existing task;
    // with `limit`, counts it there first (CreateLimit); with `count`, counts what it stored
    // (CreateCount). All in one round trip.
    asio::awaitable<Result<Created>> create(NewTask task, std::string actor = "caller",
                                            std::optional<CreateLimit> limit = std::nullopt,
                                            std::optional<CreateCount> count = std::nullopt);
    // The task with its history (without it when with_history is false: one read less).
    asio::awaitable<Result<Task>> get(std::string id, bool with_history = true);
    // Oldest first for open states, newest first for closed ones; limit <= max_page.
    asio::awaitable<Result<Page>> list(State state, std::size_t offset, std::size_t limit);
    // Queued: queue order (urgent, high, normal, then due), then the tasks waiting for a
    // not-before time, by that time. Other states as list() above. With a filter at most
    // settings.list_scan_limit tasks are inspected (Page::truncated).
    asio::awaitable<Result<Page>> list(ListQuery query);
    // The first task in queue order matching the filter, or nullopt when none is waiting.
    asio::awaitable<Result<std::optional<Task>>> claim_next(std::string specialist,
                                                            ClaimFilter filter = {});
    // Outside the family's safe times (terms.hpp) only with `checked_safe_time`: the specialist
    // confirmed that calling now is safe; the audit log records it (Errc::outside_safe_time
    // without). claim_next never offers such a task.
    asio::awaitable<Result<Task>> claim(std::string id, std::string specialist,
                                        bool checked_safe_time = false);
    asio::awaitable<Result<Task>> renew(std::string id, std::string specialist);
    asio::awaitable<Result<Task>> release(std::string id, std::string specialist,
                                          std::string note = {});
    // Back to the queue whoever holds it (lease expired or not); history names the holder.
    asio::awaitable<Result<Task>> release_by_supervisor(std::string id, std::string supervisor,
                                                        std::string note = {});
    // A queued or claimed task becomes claimed by `to_user` with a fresh lease. Whether
    // `to_user` is a specialist of this tenant is the caller's check. Outside the family's
    // safe times as claim(): only with `checked_safe_time`, audited.
    asio::awaitable<Result<Task>> reassign(std::string id, std::string supervisor,
                                           std::string to_user, std::string note = {},
                                           bool checked_safe_time = false);
    // A history note in any state until anonymised; the note must not be empty.
    asio::awaitable<Result<Task>> add_note(std::string id, std::string actor, std::string note);
    // The family changes its terms while the task is open (queued or claimed): each term
    // given is set, the note replaced (at most max_terms_note_characters, one line). A new window or
    // weekend choice recomputes the safe times the queue checks (hours, which only the request
    // sets, must leave time in the new window: else invalid_input). A history line (with the
    // note), an event and an audit entry (without the note or number); Errc::conflict once the
    // task is closed, or when its window changed meanwhile.
    asio::awaitable<Result<Task>> update_terms(std::string id, std::string actor, TermsChange change);
    // No not_before: now + settings.retry_delay. `voicemail` where the family did not allow
    // one: Errc::conflict, nothing changes.
    asio::awaitable<Result<Task>> record_attempt(std::string id, std::string specialist,
                                                 AttemptResult result, std::string note = {},
                                                 std::optional<TimePoint> not_before = {});
    // `referral`: the partner organisation, required for a referred task (at most
    // max_referral_characters, no control characters), stored on the task. `review`: the
    // specialist's risk review, stored on the task and counted in the week's figures in the
    // same step; a confirmed case triage had not flagged keeps its scrubbed questions.
    asio::awaitable<Result<Task>> complete(std::string id, std::string specialist, Outcome outcome,
                                           std::string note = {}, std::string referral = {},
                                           std::optional<RiskReview> review = std::nullopt);
    // `reason` must not be empty.
    asio::awaitable<Result<Task>> cancel(std::string id, std::string supervisor,
                                         std::string reason);
    asio::awaitable<Result<Escalation>> acknowledge_escalation(std::string task_id,
                                                               std::string supervisor);
    asio::awaitable<Result<EscalationPage>> list_escalations(bool open_only, std::size_t offset,
                                                             std::size_t limit);
    asio::awaitable<Result<SlaSummary>> sla_summary();
    // Completions, share within SLA and median time to callback for 24h, 7d, 30d.
    asio::awaitable<Result<SlaStats>> sla_stats();
    // The last `days` (1..31) Dutch calendar days, oldest first, today included.
    asio::awaitable<Result<std::vector<DayStats>>> daily(int days);
    // Every counter of the per-day figures (kept day_figures_keep_days) of each Dutch date in `dates` (YYYY-MM-DD), in
    // that order: created, completed, outcomes, time-to-callback minutes, … (the reports,
    // contact/report.hpp). A day nothing happened on is an empty map.
    asio::awaitable<Result<std::vector<std::map<std::string, long long>>>> day_figures(
        std::vector<std::string> dates);
    // The risk review figures of the last `weeks` (1..max_risk_weeks) ISO weeks, oldest first.
    asio::awaitable<Result<std::vector<RiskWeek>>> risk_weeks(int weeks);
    // The kept missed-case texts (scrubbed) within the retention, newest first.
    asio::awaitable<Result<std::vector<MissedText>>> missed_texts();
    // Every specialist holding a task now or active today (Dutch day), by username.
    asio::awaitable<Result<std::vector<SpecialistLoad>>> workload();
    // An audit entry for an action that changes nothing (`viewed_number`). `action`:
    // [a-z_]+; `task_id` empty or a task of this tenant; `detail` without personal data.
    asio::awaitable<Result<Ok>> record_audit(std::string actor, std::string action,
                                             std::string task_id, std::string detail = {});
    // Audit entries older than `before_id` (empty: the newest), newest first.
    asio::awaitable<Result<AuditPage>> audit_log(std::string before_id, std::size_t limit);

    // Everything of the number `e164` in this tenant's task store; walks every task, so for
    // administrators, not for the hot path.
    asio::awaitable<Result<NumberHolding>> find_number(std::string e164);
    // Erases the number: each of its tasks in one step (open ones cancelled with `reason`,
    // the specialist's view told by the events), every spelling of it in other tasks' texts
    // replaced by "[phone]", its idempotency keys and index entry removed. Statistics stay.
    asio::awaitable<Result<NumberErased>> erase_number(std::string e164, std::string actor,
                                                       std::string reason = erased_reason);

    // One scanner pass: expired leases, due SLA/retention/ready timers, audit entries past
    // their retention, then the webhook outbox through `sender` (nullptr: leave the outbox
    // for another instance).
    asio::awaitable<Result<TickStats>> tick(WebhookSender* sender);

    // Webhook posts since start that the receiver answered 2xx, and those that failed (each
    // retry counts again): counters for /metrics, kept here because only tick() sees them.
    std::uint64_t webhooks_delivered() const { return webhooks_delivered_.load(); }
    std::uint64_t webhooks_failed() const { return webhooks_failed_.load(); }

  private:
    // `now`: the time the script acts at; default clock_.now(). `more_keys` follow the
    // tenant's prefix as KEYS[2..].
    asio::awaitable<RedisResult> run(const char* function, const std::string& actor,
                                     std::vector<std::string> args,
                                     std::optional<TimePoint> now = std::nullopt,
                                     std::vector<std::string> more_keys = {});
    // run(), then WAIT for settings_.wait_replicas on the same connection.
    asio::awaitable<std::pair<RedisResult, RedisResult>> run_and_wait(
        const char* function, const std::string& actor, std::vector<std::string> args,
        TimePoint now, std::vector<std::string> more_keys = {});
    std::vector<std::string> script_args(const std::string& actor, std::vector<std::string> args,
                                         TimePoint now) const;
    asio::awaitable<Result<Task>> task_op(const char* function, std::string id,
                                          std::string actor, std::vector<std::string> args);

    struct RawTask;
    struct NumberScan;
    asio::awaitable<Result<std::optional<RawTask>>> raw_task(std::string id);
    asio::awaitable<Result<NumberScan>> scan_number(const std::string& e164);
    // Replaces the number in one task's texts (compare and set, read again when they moved);
    // true when something was replaced.
    asio::awaitable<Result<bool>> redact_task(std::string id, const std::string& e164);

    RedisClient& redis_;
    Clock& clock_;
    std::string tenant_id_;
    SlaSettings sla_;
    Settings settings_;
    std::string prefix_;
    std::atomic<std::uint64_t> webhooks_delivered_{0}, webhooks_failed_{0};
};

}  // namespace advieslijn::callbacks
