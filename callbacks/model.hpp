#pragma once
// The callback task model, free of I/O: enums with their wire names, the task as the API sees
// it, validation of a new contact, and JSON (de)serialisation.
//
// In Redis a task is one hash of flat string fields (see docs/callbacks.md); task_from_fields
// and the field names here are the one place that knows that layout on the C++ side.
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "callbacks/fields.hpp"
#include "callbacks/result.hpp"
#include "callbacks/risk_review.hpp"
#include "callbacks/terms.hpp"
#include "common/clock.hpp"

namespace advieslijn::callbacks {

enum class Channel { voice, chat, sms, whatsapp, web_form };
enum class Priority { normal, high, urgent };
enum class State { queued, claimed, completed, cancelled };
enum class Window { any, morning, afternoon, evening };
// How a completed call ended. `unreachable` is also set by the service itself after the
// last allowed unsuccessful attempt.
enum class Outcome { reached, advised, referred, unreachable, other };
// An unsuccessful call attempt; the task goes back to the queue with a not-before time.
enum class AttemptResult { no_answer, voicemail, busy, wrong_number };

const char* to_string(Channel v);
const char* to_string(Priority v);
const char* to_string(State v);
const char* to_string(Window v);
const char* to_string(Outcome v);
const char* to_string(AttemptResult v);
std::optional<Channel> parse_channel(std::string_view s);
std::optional<Priority> parse_priority(std::string_view s);
std::optional<State> parse_state(std::string_view s);
std::optional<Window> parse_window(std::string_view s);
std::optional<Outcome> parse_outcome(std::string_view s);
std::optional<AttemptResult> parse_attempt_result(std::string_view s);

// One question the caller asked; a repeat contact appends another.
struct Question {
    std::string text;
    TimePoint at;
    Channel channel = Channel::web_form;
};

// One line of a task's history: who did what when. `note` carries free text (attempt notes,
// cancel reason) and is removed by anonymisation.
struct HistoryEntry {
    TimePoint at;
    std::string actor;
    std::string action;  // created, merged, claimed, renewed, released, attempt, ...
    std::string from;    // state before, empty when unchanged
    std::string to;      // state after, empty when unchanged
    std::string detail;  // attempt result, outcome, priority change, ...
    std::string note;
    std::string request_id;  // X-Request-Id of the request that made it; empty: the scanner
};

struct Task {
    std::string id;
    std::string reference;  // short human reference, "CB-000042", unique per tenant
    std::string tenant;
    Channel channel = Channel::web_form;
    std::string phone;  // E.164; empty after anonymisation
    std::string name;
    std::string lang;
    std::vector<Question> questions;
    std::string topic;
    std::vector<std::string> articles;    // knowledge-base articles that were tried
    std::vector<std::string> risk_flags;  // from routing's risk-signal detection
    // What triggered them, for the specialist: the matched words ("wil dood") or the
    // classifier's verdict ("urgent 0.87"); removed with the questions at anonymisation.
    std::vector<std::string> risk_words;
    Priority priority = Priority::normal;
    Window window = Window::any;
    CallbackTerms terms;  // the family's terms for the call (terms.hpp)
    bool consent = false;
    TimePoint created_at;
    TimePoint due_at;
    std::optional<TimePoint> not_before;  // no claim_next before this (after an attempt)
    State state = State::queued;
    std::string holder;                    // specialist holding the lease
    std::optional<TimePoint> lease_until;  // while claimed
    int attempts = 0;
    std::optional<Outcome> outcome;
    std::string referral;  // the partner a `referred` task went to; empty when none
    std::optional<RiskReview> risk_review;  // the specialist's, given at completion
    std::string cancel_reason;
    std::optional<TimePoint> closed_at;  // completed or cancelled
    bool at_risk = false;
    bool breached = false;
    int escalation_level = 0;  // 0 none, 1 breached, 2 second level
    // Set by the at-risk warning when the family's safe times leave no moment before the
    // deadline: the first safe moment after it (tick.lua; an hour off across a change of
    // summer time).
    std::optional<TimePoint> safe_from;
    std::optional<TimePoint> anonymised_at;
    std::vector<HistoryEntry> history;  // filled by Service::get only
};

// What the caller (or routing) supplies to create a task.
struct NewTask {
    Channel channel = Channel::web_form;
    std::string phone;
    std::string name;
    std::string lang;
    std::string question;
    std::string topic;
    std::vector<std::string> articles;
    std::vector<std::string> risk_flags;
    std::vector<std::string> risk_words;  // what triggered the flags (Task::risk_words)
    Priority priority = Priority::normal;
    Window window = Window::any;
    CallbackTerms terms;
    bool consent = false;
    std::string source_key;  // provider event id or Idempotency-Key; empty: not idempotent
};

// Limits on free text, so one request cannot store megabytes per task.
inline constexpr std::size_t max_question_bytes = 4000;
inline constexpr std::size_t max_name_bytes = 200;
// A specialist's note and referral and the family's terms note count characters
// (common/encoding.hpp utf8_characters), as the pages count them; the rest count bytes.
inline constexpr std::size_t max_note_characters = 2000;
inline constexpr std::size_t max_source_key_bytes = 200;
inline constexpr std::size_t max_referral_characters = 200;

// Checks and normalises a new task (phone via common/phone.hpp, consent, lengths, language).
// On error the Error names the field ("phone", "consent", ...).
Result<NewTask> validate(NewTask t);

// The body of POST /v1/callbacks, without the tenant lookup (site_key stays with the
// gateway): {"phone", "name"?, "lang", "question", "consent", "window"?, "terms"?}. `source_key` is
// the Idempotency-Key header, if any.
Result<NewTask> parse_create_request(const nlohmann::json& body, std::string source_key = {});

// RFC 3339 in UTC with millisecond precision: "2024-05-01T12:00:00.000Z".
std::string format_rfc3339(TimePoint t);
std::optional<TimePoint> parse_rfc3339(std::string_view s);

std::int64_t to_ms(TimePoint t);
TimePoint from_ms(std::int64_t ms);

// A task as JSON. With Phones::masked the numbers are left out and shown masked instead
// ("phone_masked", the terms' "alt_phone_masked"), as the consoles list tasks until a
// specialist asks to see the number. write_json writes the text straight away (a queue page
// is twenty of these); to_json gives the same fields as a tree.
enum class Phones { plain, masked };
void write_json(JsonWriter& w, const Task& t, Phones phones = Phones::plain);
void write_json(JsonWriter& w, const HistoryEntry& h);
nlohmann::json to_json(const Task& t);
nlohmann::json to_json(const HistoryEntry& h);
Result<Task> task_from_json(const nlohmann::json& j);

Fields to_fields(const Task& t);
Result<Task> task_from_fields(const FieldView& f);
inline Result<Task> task_from_fields(const Fields& f) { return task_from_fields(FieldView(f)); }
Result<HistoryEntry> history_from_json_text(std::string_view text);

}  // namespace advieslijn::callbacks
