#pragma once
// The knowledge-gap report, free of I/O: stored (masked) gap entries grouped by the stems of
// their words and counted per ISO week (Dutch calendar). contact/knowledge_gaps.hpp reads the
// entries from Redis; the API, the dashboard and `advieslijn kb gaps` render this.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "callbacks/sla.hpp"
#include "common/clock.hpp"

namespace advieslijn::contact {

// One stored question (already masked).
struct GapEntry {
    TimePoint at;
    std::string lang;
    std::string channel;               // chat, sms, voice
    std::vector<std::string> sources;  // none, handoff, not_helped: each way it reached us
    std::string text;
};

// Which entries a report covers: either the last `weeks` ISO weeks (this one included), or
// the last `days` days from now.
struct GapPeriod {
    std::vector<std::string> dates;         // the Dutch days whose entries are read
    std::vector<callbacks::IsoWeek> weeks;  // oldest first
    std::optional<TimePoint> from;          // `days`: entries before it are left out
};
inline constexpr int max_gap_weeks = 52;
inline constexpr int max_gap_days = 366;
GapPeriod gap_period_weeks(TimePoint now, int weeks);  // 1..max_gap_weeks
GapPeriod gap_period_days(TimePoint now, int days);    // 1..max_gap_days

struct GapGroup {
    std::string lang;
    std::string key;            // the stems of its largest set of equal questions, sorted, space-separated
    long long count = 0;        // questions
    std::vector<long long> per_week;  // aligned with GapReport::weeks
    std::map<std::string, long long> sources;   // a question may count under several
    std::map<std::string, long long> channels;
    std::vector<std::string> examples;  // newest first, distinct, at most max_examples
};

struct GapReport {
    std::string tenant;
    std::vector<callbacks::IsoWeek> weeks;  // oldest first
    std::vector<long long> week_totals;     // aligned with weeks
    long long total = 0;
    long long dropped = 0;  // questions not stored: a day's cap was reached
    std::vector<GapGroup> groups;  // the most frequent first
    std::size_t group_count = 0;   // before the cut to max_groups
};

inline constexpr std::size_t max_examples = 3;

// The group key of each text, by language: its words (kb::tokenize) without stop words, mask
// placeholders and words about reaching the person ("bel", "mail", "postcode"), stemmed
// (kb::stem). For Dutch a verb form is joined with another entry's
// stem when one has it: "slaapt" with "slapen" (slaap -> slap), "huilt" with "huilen",
// "geslapen" with "slapen"; the texts of the report are the vocabulary, as the article set is
// the knowledge base's. A text without content words is its own group (its folded words).
std::vector<std::string> gap_group_keys(const std::vector<std::pair<std::string, std::string>>& lang_texts);

// Groups `entries` (of one tenant) in `period`, newer than `oldest` (the retention limit):
// questions with the same key, and then smaller groups into a larger one when at least half of
// their stems together are shared (Jaccard >= 0.5 against the larger group's key).
GapReport build_gap_report(std::string tenant, const std::vector<GapEntry>& entries,
                           const GapPeriod& period, TimePoint oldest, std::size_t max_groups);

// {"tenant","weeks":[{"week","monday","count"}],"total","dropped","group_count",
//  "groups":[{"lang","key","count","per_week":[…],"sources":{…},"channels":{…},"examples":[…]}]}
nlohmann::json to_json(const GapReport& r);
// The editors' plain text (`advieslijn kb gaps`): one block per group.
std::string to_text(const GapReport& r);

}  // namespace advieslijn::contact
