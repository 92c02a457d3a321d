#pragma once
// The municipality's report ("sturingsinformatie"): what the line did per day or month,
// recomputed from nothing but the per-day counters (contact/statistics.hpp for contacts and
// questions, callbacks/lua/lib.lua for callback tasks), so a supervisor can check a day's
// figures against the task list. Pure: no I/O.
//
// A report is a list of periods; each period is a list of cells (measure, key, value), e.g.
// ("contacts_by_channel", "voice", 12) or ("time_to_first_call_minutes", "median", 95).
// Small numbers can identify a family in a small municipality, so counts of 1 to 4 are
// shown as "<5" in anything that leaves the line (see suppress()).
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace advieslijn::contact {

using Counters = std::map<std::string, long long>;

// An hour of the Dutch clock as the counters and the report name it: "00" to "23".
std::string hour_key(int hour);

// One day's (or, summed, one month's) counters from both stores.
struct PeriodCounters {
    std::string period;  // "2026-11-30" or "2026-11"
    Counters contacts;   // stats:{t}:day:<date>
    Counters callbacks;  // cb:{t}:day:<date>
};

// The days summed per calendar month ("YYYY-MM"), in order.
std::vector<PeriodCounters> by_month(const std::vector<PeriodCounters>& days);
// Every day summed into one period named `name`.
PeriodCounters summed(const std::vector<PeriodCounters>& periods, std::string name);

struct Cell {
    std::string measure;
    std::string key;
    std::optional<long long> value;  // nullopt: not computable (no samples) or suppressed
    bool count = true;               // a count (suppressed when small), or a figure derived
                                     // from counts (minutes), suppressed with its samples
    bool suppressed = false;         // shown as "<5"
};

// The cells of one period, in a fixed order of measures; fixed keys (channels, hours, the
// four question outcomes, …) are always present, others (topics, outcomes) when counted.
std::vector<Cell> report_cells(const PeriodCounters& p);

// Counts of 1 to 4 become "<5". Where one count of a measure is hidden, the smallest other
// nonzero one is hidden too, so it cannot be worked out from the measure's total. Minutes
// computed from fewer than 5 samples are hidden as well.
void suppress(std::vector<Cell>& cells);

inline constexpr long long small_count_limit = 5;

// {"period": "...", "<measure>": {"<key>": value | "<5" | null, ...}, ...}
nlohmann::json period_json(const std::string& period, const std::vector<Cell>& cells);

// "period<sep>measure<sep>key<sep>value" lines after a header, UTF-8 with a byte-order mark
// (Excel reads the text as UTF-8 then), CRLF line ends. Text cells are quoted when needed.
std::string report_csv(const std::vector<std::pair<std::string, std::vector<Cell>>>& periods,
                       char separator);

// Nearest-rank percentile `p` (0..100] of the samples in a histogram value -> count.
std::optional<long long> percentile(const std::map<long long, long long>& histogram, int p);

// "YYYY-MM-DD" -> the dates from `from` to `to` inclusive, nullopt when either is not a
// date or to < from; at most `max_days` (else nullopt as well).
std::optional<std::vector<std::string>> dates_between(std::string_view from, std::string_view to,
                                                      int max_days);
// "YYYY-MM" -> the first and last date of that month; nullopt when it is not a month.
std::optional<std::pair<std::string, std::string>> month_bounds(std::string_view month);

}  // namespace advieslijn::contact
