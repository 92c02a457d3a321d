#pragma once
// The family's terms for being called back (docs/callbacks.md, "Safe callbacks"): when it is
// safe to call, whether a voicemail may be left, how the call is announced, an alternative
// number and a note for the specialist. Free of I/O. A caller who says nothing gets the
// cautious defaults: no voicemail, a neutral announcement.
//
// In Redis the terms are flat fields of the task hash; besides what the caller said, the
// hash carries the safe times in the form lua/lib.lua (safe_now) checks them: `safe_minutes`
// ("480-720,1020-1320": the allowed minutes of the Dutch day, window and hours together) and
// `safe_days` ("12345": ISO weekdays). This file is the one place that computes them.
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "callbacks/fields.hpp"
#include "callbacks/result.hpp"
#include "common/json_text.hpp"

namespace advieslijn::callbacks {

enum class Window;  // model.hpp

// "Only at these hours" on the Dutch clock, minutes since midnight, [from, to); a `from`
// after `to` spans midnight (21:00-07:00), `to` 00:00 means until midnight.
struct SafeHours {
    int from = 0;
    int to = 0;
    bool operator==(const SafeHours&) const = default;
};

struct CallbackTerms {
    std::optional<SafeHours> hours;
    bool no_weekend = false;    // not on Saturday or Sunday (Dutch calendar)
    bool voicemail = false;     // may a voicemail be left? cautious default: no
    bool announce_cjg = false;  // may the specialist say "CJG"? default: a neutral announcement
    std::string alt_phone;      // E.164, empty when none; personal data, like the number
    std::string note;           // "bel niet als mijn man opneemt"
};

inline constexpr std::size_t max_terms_note_characters = 500;

// "08:30" -> 510; nullopt unless "HH:MM" from 00:00 to 23:59.
std::optional<int> parse_clock_time(std::string_view s);
// 510 -> "08:30".
std::string format_clock_time(int minute);

// The minutes of the Dutch day a window stands for ([from, to)); `any` is the whole day.
std::pair<int, int> window_minutes(Window w);

// The `terms` object of a request body (POST /v1/callbacks): {"hours":{"from","to"}?,
// "no_weekend"?, "voicemail"?, "announce_cjg"?, "alt_phone"?, "note"?}; null or absent gives
// the defaults. Unknown fields and wrong types are errors naming the field ("terms.hours").
Result<CallbackTerms> parse_terms(const nlohmann::json& j);
// Checks and normalises: the alternative number (common/phone.hpp, stored as E.164), the note
// (length, no control characters), hours (from != to) that leave some time within `window`.
Result<CallbackTerms> validate_terms(CallbackTerms t, Window window);

// The allowed minutes as the Lua check reads them: "" when any time of day is safe.
std::string safe_minutes(Window window, const CallbackTerms& t);
// The allowed ISO weekdays: "" for every day, "12345" when not in the weekend.
std::string safe_days(const CallbackTerms& t);
// Whether `minute` (0..1439) on ISO `weekday` is within those; the C++ twin of lib.lua's
// safe_now, which the service tests hold to the same answers.
bool safe_at(std::string_view minutes, std::string_view days, int minute, int weekday);

// The first moment at or after `from` (to the minute) that the Dutch clock is within the safe
// times; nullopt when none comes within a week (cannot happen for valid terms).
std::optional<std::chrono::system_clock::time_point> next_safe_time(
    std::string_view minutes, std::string_view days, std::chrono::system_clock::time_point from);

// {"hours":{"from":"08:00","to":"12:00"}|null, "no_weekend", "voicemail", "announce_cjg",
//  "alt_phone":…|null, "note":…|null}; with `masked` "alt_phone_masked" (the number masked,
//  common/log.hpp) instead of "alt_phone", as the consoles show it until "show number".
void write_json(JsonWriter& w, const CallbackTerms& t, bool masked = false);
// A number as the consoles show it (common/log.hpp's mask_phone), empty for no number.
std::string masked_or_empty(std::string_view number);
nlohmann::json to_json(const CallbackTerms& t);
// The inverse of to_json, lenient (for task_from_json).
CallbackTerms terms_from_json(const nlohmann::json& j);

// The task hash's fields (see the top of this file), and back.
void add_terms_fields(std::map<std::string, std::string>& fields, Window window,
                      const CallbackTerms& t);
CallbackTerms terms_from_fields(const FieldView& fields);

}  // namespace advieslijn::callbacks
