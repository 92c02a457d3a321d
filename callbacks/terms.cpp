#include "callbacks/terms.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstdio>

#include "callbacks/model.hpp"
#include "callbacks/sla.hpp"
#include "common/encoding.hpp"
#include "common/log.hpp"
#include "common/phone.hpp"

namespace advieslijn::callbacks {

namespace {

constexpr int day_minutes = 24 * 60;

Error bad(std::string field, std::string message) {
    return make_error(Errc::invalid_input, field + ": " + message, field);
}

// The pieces of [from, to) (wrapping past midnight) that fall within [lo, hi).
std::vector<std::pair<int, int>> intersect(const SafeHours& h, int lo, int hi) {
    std::vector<std::pair<int, int>> parts;
    if (h.from < h.to) {
        parts = {{h.from, h.to}};
    } else {
        // Night hours: after midnight, then the evening, in clock order.
        parts = {{0, h.to}, {h.from, day_minutes}};
    }
    std::vector<std::pair<int, int>> out;
    for (auto [a, b] : parts) {
        const int from = std::max(a, lo), to = std::min(b, hi);
        if (from < to) out.emplace_back(from, to);
    }
    return out;
}

bool has_control_characters(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

}  // namespace

std::optional<int> parse_clock_time(std::string_view s) {
    if (s.size() != 5 || s[2] != ':') return std::nullopt;
    int h = 0, m = 0;
    auto digits = [](std::string_view d, int& out) {
        if (!std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return false;
        return std::from_chars(d.data(), d.data() + d.size(), out).ec == std::errc();
    };
    if (!digits(s.substr(0, 2), h) || !digits(s.substr(3, 2), m) || h > 23 || m > 59)
        return std::nullopt;
    return h * 60 + m;
}

std::string format_clock_time(int minute) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", (minute / 60) % 24, minute % 60);
    return buf;
}

std::pair<int, int> window_minutes(Window w) {
    // The hours the widget shows next to each choice (web-widget/widget.js, `windows`).
    switch (w) {
        case Window::morning: return {8 * 60, 12 * 60};
        case Window::afternoon: return {12 * 60, 17 * 60};
        case Window::evening: return {17 * 60, 22 * 60};
        case Window::any: break;
    }
    return {0, day_minutes};
}

Result<CallbackTerms> parse_terms(const nlohmann::json& j) {
    CallbackTerms t;
    if (j.is_null()) return t;
    if (!j.is_object()) return bad("terms", "must be an object");
    for (const auto& [key, value] : j.items()) {
        const std::string field = "terms." + key;
        if (value.is_null()) continue;
        if (key == "no_weekend" || key == "voicemail" || key == "announce_cjg") {
            if (!value.is_boolean()) return bad(field, "must be true or false");
            const bool v = value.get<bool>();
            (key == "no_weekend" ? t.no_weekend : key == "voicemail" ? t.voicemail : t.announce_cjg) = v;
        } else if (key == "alt_phone" || key == "note") {
            if (!value.is_string()) return bad(field, "must be a string");
            (key == "alt_phone" ? t.alt_phone : t.note) = value.get<std::string>();
        } else if (key == "hours") {
            if (!value.is_object() || !value.contains("from") || !value.contains("to") ||
                value.size() != 2 || !value["from"].is_string() || !value["to"].is_string())
                return bad(field, R"(must be {"from":"HH:MM","to":"HH:MM"})");
            const auto from = parse_clock_time(value["from"].get<std::string>());
            const auto to = parse_clock_time(value["to"].get<std::string>());
            if (!from || !to) return bad(field, "from and to must be times HH:MM (00:00-23:59)");
            t.hours = SafeHours{*from, *to};
        } else {
            return bad(field, "unknown field");
        }
    }
    return t;
}

Result<CallbackTerms> validate_terms(CallbackTerms t, Window window) {
    if (!t.alt_phone.empty()) {
        const auto phone = parse_phone(t.alt_phone);
        if (!phone) return bad("terms.alt_phone", std::string(phone_error_message(phone.error())));
        t.alt_phone = phone.e164();
    }
    if (utf8_characters(t.note) > max_terms_note_characters) return bad("terms.note", "is too long");
    if (has_control_characters(t.note))
        return bad("terms.note", "must be one line of text without control characters");
    if (t.hours) {
        if (t.hours->from == t.hours->to)
            return bad("terms.hours", "from and to must differ (leave hours out for any time)");
        const auto [lo, hi] = window_minutes(window);
        if (intersect(*t.hours, lo, hi).empty())
            return bad("terms.hours", "the hours leave no time within the chosen window");
    }
    return t;
}

std::string safe_minutes(Window window, const CallbackTerms& t) {
    const auto [lo, hi] = window_minutes(window);
    std::vector<std::pair<int, int>> parts;
    if (t.hours)
        parts = intersect(*t.hours, lo, hi);
    else if (lo > 0 || hi < day_minutes)
        parts = {{lo, hi}};
    std::string out;
    for (auto [a, b] : parts) {
        if (!out.empty()) out += ',';
        out += std::to_string(a) + '-' + std::to_string(b);
    }
    return out;
}

std::string safe_days(const CallbackTerms& t) {
    return t.no_weekend ? "12345" : "";
}

std::optional<std::chrono::system_clock::time_point> next_safe_time(
    std::string_view minutes, std::string_view days, std::chrono::system_clock::time_point from) {
    using namespace std::chrono;
    const auto start = floor<std::chrono::minutes>(from);
    const DutchClock now = clock_netherlands(start);
    if (safe_at(minutes, days, now.minute, now.weekday)) return start;
    // The candidates are the openings of the allowed ranges (midnight when the whole day is)
    // on each of the next eight days; the first one that is safe wins.
    std::vector<int> openings;
    for (std::size_t at = 0; at < minutes.size();) {
        const auto comma = std::min(minutes.find(',', at), minutes.size());
        const auto range = minutes.substr(at, comma - at);
        int a = 0;
        std::from_chars(range.data(), range.data() + range.size(), a);
        openings.push_back(a);
        at = comma + 1;
    }
    if (openings.empty()) openings.push_back(0);
    std::optional<system_clock::time_point> best;
    for (int d = 0; d <= 7; ++d) {
        for (const int a : openings) {
            auto t = start + std::chrono::days{d} + std::chrono::minutes{a - now.minute};
            // Across a change to or from summer time the Dutch clock reads an hour off: set it
            // right, so the candidate is the opening on the wall clock.
            const DutchClock c = clock_netherlands(t);
            if (c.minute != a && std::abs(c.minute - a) <= 60) t += std::chrono::minutes{a - c.minute};
            if (t < start || (best && t >= *best)) continue;
            const DutchClock at_t = clock_netherlands(t);
            if (safe_at(minutes, days, at_t.minute, at_t.weekday)) best = t;
        }
    }
    return best;
}

bool safe_at(std::string_view minutes, std::string_view days, int minute, int weekday) {
    if (!days.empty() && days.find(static_cast<char>('0' + weekday)) == std::string_view::npos)
        return false;
    if (minutes.empty()) return true;
    while (!minutes.empty()) {
        const auto comma = minutes.find(',');
        const std::string_view range = minutes.substr(0, comma);
        minutes = comma == std::string_view::npos ? std::string_view() : minutes.substr(comma + 1);
        const auto dash = range.find('-');
        if (dash == std::string_view::npos) continue;
        int a = 0, b = 0;
        std::from_chars(range.data(), range.data() + dash, a);
        std::from_chars(range.data() + dash + 1, range.data() + range.size(), b);
        if (minute >= a && minute < b) return true;
    }
    return false;
}

std::string masked_or_empty(std::string_view number) {
    return number.empty() ? std::string() : mask_phone(number);
}

void write_json(JsonWriter& w, const CallbackTerms& t, bool masked) {
    w.begin_object().key("hours");
    if (t.hours)
        w.begin_object()
            .field("from", format_clock_time(t.hours->from))
            .field("to", format_clock_time(t.hours->to))
            .end_object();
    else
        w.null();
    w.field("no_weekend", t.no_weekend).field("voicemail", t.voicemail).field("announce_cjg", t.announce_cjg);
    if (masked)
        w.text_or_null("alt_phone_masked", masked_or_empty(t.alt_phone));
    else
        w.text_or_null("alt_phone", t.alt_phone);
    w.text_or_null("note", t.note);
    w.end_object();
}

nlohmann::json to_json(const CallbackTerms& t) {
    return json_from_writer([&](JsonWriter& w) { write_json(w, t); });
}

CallbackTerms terms_from_json(const nlohmann::json& j) {
    CallbackTerms t;
    if (!j.is_object()) return t;
    if (auto h = j.find("hours"); h != j.end() && h->is_object()) {
        const auto from = parse_clock_time(h->value("from", ""));
        const auto to = parse_clock_time(h->value("to", ""));
        if (from && to) t.hours = SafeHours{*from, *to};
    }
    auto flag = [&](const char* name) { return j.contains(name) && j[name].is_boolean() && j[name].get<bool>(); };
    auto text = [&](const char* name) {
        return j.contains(name) && j[name].is_string() ? j[name].get<std::string>() : std::string();
    };
    t.no_weekend = flag("no_weekend");
    t.voicemail = flag("voicemail");
    t.announce_cjg = flag("announce_cjg");
    t.alt_phone = text("alt_phone");
    t.note = text("note");
    return t;
}

void add_terms_fields(std::map<std::string, std::string>& f, Window window, const CallbackTerms& t) {
    f["voicemail"] = t.voicemail ? "1" : "0";
    f["announce_cjg"] = t.announce_cjg ? "1" : "0";
    if (t.no_weekend) f["no_weekend"] = "1";
    if (t.hours)
        f["safe_hours"] = format_clock_time(t.hours->from) + "-" + format_clock_time(t.hours->to);
    if (!t.alt_phone.empty()) f["alt_phone"] = t.alt_phone;
    if (!t.note.empty()) f["terms_note"] = t.note;
    if (auto m = safe_minutes(window, t); !m.empty()) f["safe_minutes"] = std::move(m);
    if (auto d = safe_days(t); !d.empty()) f["safe_days"] = std::move(d);
}

CallbackTerms terms_from_fields(const FieldView& f) {
    CallbackTerms t;
    const std::string_view hours = f["safe_hours"];
    if (hours.size() == 11 && hours[5] == '-') {
        const auto from = parse_clock_time(hours.substr(0, 5));
        const auto to = parse_clock_time(hours.substr(6, 5));
        if (from && to) t.hours = SafeHours{*from, *to};
    }
    t.no_weekend = f["no_weekend"] == "1";
    t.voicemail = f["voicemail"] == "1";
    t.announce_cjg = f["announce_cjg"] == "1";
    // A redacted alternative number (erasure of that number) is no number at all.
    const std::string_view alt = f["alt_phone"];
    if (is_written_in_e164(alt)) t.alt_phone = alt;
    t.note = f["terms_note"];
    return t;
}

}  // namespace advieslijn::callbacks
