#pragma once
// The specialist's risk review of a completed task, free of I/O: the verdicts, the risk
// categories (the one list of them), the review in a completion request, the weekly figures
// that come out of the reviews and the missed-signal export (docs/callbacks.md, "Risk
// reviews"). The counting itself happens in lua/complete.lua, in the completion's script.
#include <array>
#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "callbacks/result.hpp"
#include "common/clock.hpp"
#include "common/json_text.hpp"
#include "common/risk_categories.hpp"

namespace advieslijn::callbacks {

// Was the contact a risk case, in the view of the specialist who called back?
enum class RiskVerdict { confirmed, not_risk, unsure };
const char* to_string(RiskVerdict v);
std::optional<RiskVerdict> parse_risk_verdict(std::string_view s);

// The risk categories a specialist can confirm: common/risk_categories.hpp.
using advieslijn::find_risk_category;
using advieslijn::RiskCategory;
inline constexpr const auto& risk_review_categories = advieslijn::risk_categories;

struct RiskReview {
    RiskVerdict verdict = RiskVerdict::unsure;
    std::string category;  // one of risk_review_categories when confirmed, else empty
};

// `risk_review` of a completion body: absent or null → nullopt (old clients); otherwise
// {"verdict", "category"?}, category required with `confirmed` and refused with the others.
// Errors name the field ("risk_review.verdict", "risk_review.category").
Result<std::optional<RiskReview>> parse_risk_review(const nlohmann::json& body);
void write_json(JsonWriter& w, const RiskReview& r);  // {"verdict", "category"|null}
nlohmann::json to_json(const RiskReview& r);

// Weeks GET /v1/sla/risk may look back; the weekly counters live a little longer.
inline constexpr int max_risk_weeks = 52;

// One ISO week's reviews.
struct RiskWeek {
    std::string week;    // "2024-W18"
    std::string monday;  // "2024-04-29"
    std::size_t hits = 0;          // flagged by triage and confirmed
    std::size_t missed = 0;        // confirmed, but triage had not flagged it
    std::size_t false_alarms = 0;  // flagged, but not a risk
    std::size_t unsure = 0;
    std::map<std::string, std::size_t> hits_by_category;
    std::map<std::string, std::size_t> missed_by_category;
};
nlohmann::json to_json(const RiskWeek& w);
// A week from its counter hash (fields hit, missed, false_alarm, unsure, hit:<category>,
// missed:<category>).
RiskWeek risk_week_from_fields(std::string week, std::string monday,
                               const std::map<std::string, std::string>& fields);

// One missed case as kept for editors: the question text already scrubbed.
struct MissedText {
    std::string task_id;
    TimePoint at;
    std::string lang;
    std::string category;
    std::string text;
};
std::string missed_text_json(const MissedText& m);
std::optional<MissedText> missed_text_from_json(std::string_view text);
// "lang\turgent\tcategory\ttext\n" in the training file's format (category by its training
// name); tabs and line breaks in the text become spaces.
std::string training_line(const MissedText& m);

}  // namespace advieslijn::callbacks
