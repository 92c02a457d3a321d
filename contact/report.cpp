#include "contact/report.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <set>

namespace advieslijn::contact {
namespace {

const std::vector<std::string> channels{"voice", "sms", "whatsapp", "chat", "form"};
const std::vector<std::string> decisions{"answered", "choices", "handoff", "urgent"};
const std::vector<std::string> priorities{"urgent", "high", "normal"};

// Measures whose keys split one whole (a contact is in one channel, one hour, …): when one of
// their counts is hidden, a second one is, so the first cannot be worked out from a total.
const std::set<std::string, std::less<>> additive{
    "contacts_by_channel", "contacts_by_hour", "questions",  "languages", "topics",
    "callbacks_by_priority", "calls_per_task", "outcomes", "referrals"};

long long get(const Counters& c, const std::string& field) {
    const auto it = c.find(field);
    return it == c.end() ? 0 : it->second;
}

// The counters whose field starts with `prefix`, keyed by the rest.
Counters with_prefix(const Counters& c, std::string_view prefix) {
    Counters out;
    for (auto it = c.lower_bound(std::string(prefix)); it != c.end() && it->first.starts_with(prefix); ++it)
        out[it->first.substr(prefix.size())] += it->second;
    return out;
}

std::map<long long, long long> histogram(const Counters& c, std::string_view prefix) {
    std::map<long long, long long> out;
    for (const auto& [key, n] : with_prefix(c, prefix)) {
        long long v = 0;
        const auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), v);
        if (ec == std::errc{} && end == key.data() + key.size() && v >= 0) out[v] += n;
    }
    return out;
}

void add_counts(Counters& into, const Counters& from) {
    for (const auto& [k, v] : from) into[k] += v;
}

std::optional<std::chrono::year_month_day> parse_date(std::string_view s) {
    int y = 0;
    unsigned m = 0, d = 0;
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    auto num = [](std::string_view part, auto& out) {
        const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
        return ec == std::errc{} && end == part.data() + part.size();
    };
    if (!num(s.substr(0, 4), y) || !num(s.substr(5, 2), m) || !num(s.substr(8, 2), d)) return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
    if (!ymd.ok()) return std::nullopt;
    return ymd;
}

std::string format_date(std::chrono::year_month_day ymd) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}

std::string csv_field(std::string s, char separator) {
    // A text a spreadsheet would read as a formula (a referral partner typed as "=…") is
    // kept as text.
    if (!s.empty() && std::string_view("=+-@").find(s.front()) != std::string_view::npos &&
        s.find_first_not_of("0123456789") != std::string::npos)
        s.insert(0, "'");
    if (s.find_first_of(std::string("\"\r\n") + separator) == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

}  // namespace

std::string hour_key(int hour) {
    char buf[4];
    std::snprintf(buf, sizeof buf, "%02d", hour);
    return buf;
}

std::vector<PeriodCounters> by_month(const std::vector<PeriodCounters>& days) {
    std::vector<PeriodCounters> out;
    for (const auto& d : days) {
        const std::string month = d.period.substr(0, 7);
        if (out.empty() || out.back().period != month) out.push_back({month, {}, {}});
        add_counts(out.back().contacts, d.contacts);
        add_counts(out.back().callbacks, d.callbacks);
    }
    return out;
}

PeriodCounters summed(const std::vector<PeriodCounters>& periods, std::string name) {
    PeriodCounters out{std::move(name), {}, {}};
    for (const auto& p : periods) {
        add_counts(out.contacts, p.contacts);
        add_counts(out.callbacks, p.callbacks);
    }
    return out;
}

std::optional<long long> percentile(const std::map<long long, long long>& histogram, int p) {
    long long n = 0;
    for (const auto& [v, c] : histogram) n += c;
    if (n == 0) return std::nullopt;
    // Nearest rank: the smallest value with at least p% of the samples at or below it.
    const long long rank = std::max(1LL, (n * p + 99) / 100);
    long long seen = 0;
    for (const auto& [v, c] : histogram) {
        seen += c;
        if (seen >= rank) return v;
    }
    return histogram.rbegin()->first;
}

std::vector<Cell> report_cells(const PeriodCounters& p) {
    std::vector<Cell> out;
    auto count = [&out](std::string measure, std::string key, long long v) {
        out.push_back({std::move(measure), std::move(key), v, true, false});
    };
    auto each = [&count](const std::string& measure, const Counters& c) {
        for (const auto& [k, v] : c) count(measure, k, v);
    };
    const Counters& c = p.contacts;
    const Counters& cb = p.callbacks;

    // Contacts: by channel, and by hour of the Dutch clock.
    const Counters contact = with_prefix(c, "contact:");
    Counters by_channel, by_hour;
    for (const auto& [key, n] : contact) {
        const auto colon = key.rfind(':');
        if (colon == std::string::npos) continue;
        by_channel[key.substr(0, colon)] += n;
        by_hour[key.substr(colon + 1)] += n;
    }
    long long contacts = 0;
    for (const auto& [k, n] : by_channel) contacts += n;
    count("contacts", "total", contacts);
    for (const auto& ch : channels) count("contacts_by_channel", ch, get(by_channel, ch));
    for (int h = 0; h < 24; ++h) count("contacts_by_hour", hour_key(h), get(by_hour, hour_key(h)));

    // Questions: what the line did with each.
    Counters by_decision;
    for (const auto& [key, n] : with_prefix(c, "question:")) {
        const auto colon = key.rfind(':');
        if (colon != std::string::npos) by_decision[key.substr(colon + 1)] += n;
    }
    long long questions = 0;
    for (const auto& [k, n] : by_decision) questions += n;
    count("questions", "total", questions);
    for (const auto& d : decisions) count("questions", d, get(by_decision, d));
    each("languages", with_prefix(c, "lang:"));
    each("topics", with_prefix(c, "topic:"));
    each("risk_categories", with_prefix(c, "risk:"));

    // "Did this help?" per article: "<lang>:<article>:helped".
    Counters helped, not_helped;
    for (const auto& [key, n] : with_prefix(c, "feedback:")) {
        const auto colon = key.rfind(':');
        if (colon == std::string::npos) continue;
        std::string article = key.substr(0, colon);
        if (const auto lang_end = article.find(':'); lang_end != std::string::npos) article[lang_end] = '/';
        (key.substr(colon + 1) == "helped" ? helped : not_helped)[article] += n;
    }
    each("feedback_helped", helped);
    each("feedback_not_helped", not_helped);

    // Callback tasks.
    count("callbacks", "created", get(cb, "created"));
    count("callbacks", "repeat_contacts", get(cb, "merged"));
    count("callbacks", "completed", get(cb, "completed"));
    count("callbacks", "within_sla", get(cb, "within_sla"));
    count("callbacks", "cancelled", get(cb, "cancelled"));
    for (const auto& pr : priorities) count("callbacks_by_priority", pr, get(cb, "created:" + pr));
    for (const auto& [measure, prefix] : {std::pair{"time_to_first_call_minutes", "to_first:"},
                                          std::pair{"time_to_completion_minutes", "to_done:"}}) {
        const auto h = histogram(cb, prefix);
        long long n = 0;
        for (const auto& [v, k] : h) n += k;
        count(measure, "count", n);
        out.push_back({measure, "median", percentile(h, 50), false, false});
        out.push_back({measure, "p90", percentile(h, 90), false, false});
    }
    for (const auto& [calls, n] : histogram(cb, "calls:")) count("calls_per_task", std::to_string(calls), n);
    each("outcomes", with_prefix(cb, "outcome:"));
    each("referrals", with_prefix(cb, "referral:"));
    return out;
}

void suppress(std::vector<Cell>& cells) {
    auto small = [](const Cell& c) { return c.count && c.value && *c.value > 0 && *c.value < small_count_limit; };
    for (auto& c : cells)
        if (small(c)) c.suppressed = true;
    // Minutes from fewer than 5 samples: hidden with their count.
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (cells[i].key != "count" || !cells[i].value || *cells[i].value >= small_count_limit) continue;
        for (std::size_t j = i + 1; j < cells.size() && cells[j].measure == cells[i].measure; ++j)
            if (cells[j].value) cells[j].suppressed = true;
    }
    // Complementary hiding within additive measures.
    for (std::size_t begin = 0; begin < cells.size();) {
        std::size_t end = begin;
        while (end < cells.size() && cells[end].measure == cells[begin].measure) ++end;
        if (additive.contains(cells[begin].measure)) {
            std::size_t hidden = 0;
            Cell* smallest = nullptr;
            for (std::size_t i = begin; i < end; ++i) {
                Cell& c = cells[i];
                if (c.key == "total") continue;
                if (c.suppressed) ++hidden;
                else if (c.value && *c.value > 0 && (!smallest || *c.value < *smallest->value)) smallest = &c;
            }
            if (hidden == 1 && smallest) smallest->suppressed = true;
        }
        begin = end;
    }
}

nlohmann::json period_json(const std::string& period, const std::vector<Cell>& cells) {
    nlohmann::json out = {{"period", period}};
    for (const auto& c : cells) {
        nlohmann::json& m = out[c.measure];
        if (m.is_null()) m = nlohmann::json::object();
        if (c.suppressed) m[c.key] = "<5";
        else if (c.value) m[c.key] = *c.value;
        else m[c.key] = nullptr;
    }
    return out;
}

std::string report_csv(const std::vector<std::pair<std::string, std::vector<Cell>>>& periods,
                       char separator) {
    const std::string sep(1, separator);
    std::string out = "\xEF\xBB\xBF" "period" + sep + "measure" + sep + "key" + sep + "value\r\n";
    for (const auto& [period, cells] : periods) {
        for (const auto& c : cells) {
            const std::string value = c.suppressed ? "<5" : c.value ? std::to_string(*c.value) : "";
            out += csv_field(period, separator) + sep + csv_field(c.measure, separator) + sep +
                   csv_field(c.key, separator) + sep + csv_field(value, separator) + "\r\n";
        }
    }
    return out;
}

std::optional<std::vector<std::string>> dates_between(std::string_view from, std::string_view to,
                                                      int max_days) {
    const auto a = parse_date(from);
    const auto b = parse_date(to);
    if (!a || !b) return std::nullopt;
    const std::chrono::sys_days first{*a}, last{*b};
    if (last < first || (last - first).count() >= max_days) return std::nullopt;
    std::vector<std::string> out;
    for (auto d = first; d <= last; d += std::chrono::days{1}) out.push_back(format_date(d));
    return out;
}

std::optional<std::pair<std::string, std::string>> month_bounds(std::string_view month) {
    const auto first = parse_date(std::string(month) + "-01");
    if (month.size() != 7 || !first) return std::nullopt;
    const std::chrono::year_month_day_last last{first->year(), std::chrono::month_day_last{first->month()}};
    return std::pair{format_date(*first), format_date(std::chrono::year_month_day{last})};
}

}  // namespace advieslijn::contact
