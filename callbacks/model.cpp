#include "callbacks/model.hpp"

#include <algorithm>
#include <charconv>
#include <array>
#include <cctype>
#include <cstdio>
#include <ctime>

#include "common/config.hpp"
#include "common/phone.hpp"

namespace advieslijn::callbacks {

namespace {

template <typename E, std::size_t N>
std::optional<E> parse_enum(const std::array<const char*, N>& names, std::string_view s) {
    for (std::size_t i = 0; i < N; ++i)
        if (s == names[i]) return static_cast<E>(i);
    return std::nullopt;
}

// The order of each table follows the enum's declaration.
constexpr std::array<const char*, 5> channel_names{"voice", "chat", "sms", "whatsapp", "web_form"};
constexpr std::array<const char*, 3> priority_names{"normal", "high", "urgent"};
constexpr std::array<const char*, 4> state_names{"queued", "claimed", "completed", "cancelled"};
constexpr std::array<const char*, 4> window_names{"any", "morning", "afternoon", "evening"};
constexpr std::array<const char*, 5> outcome_names{"reached", "advised", "referred", "unreachable",
                                                   "other"};
constexpr std::array<const char*, 4> attempt_names{"no_answer", "voicemail", "busy",
                                                   "wrong_number"};

std::int64_t to_int(std::string_view s, std::int64_t fallback = 0) {
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc() && end != s.data() ? v : fallback;
}

std::optional<TimePoint> opt_time(const FieldView& f, const char* name) {
    const std::string_view v = f[name];
    if (v.empty()) return std::nullopt;
    return from_ms(to_int(v));
}

std::vector<std::string> string_list(std::string_view json_text) {
    if (json_text.empty()) return {};
    auto j = nlohmann::json::parse(json_text, nullptr, false);
    std::vector<std::string> out;
    if (!j.is_array()) return out;
    for (const auto& e : j)
        if (e.is_string()) out.push_back(e.get<std::string>());
    return out;
}

}  // namespace

const char* to_string(Channel v) {
    return channel_names[static_cast<std::size_t>(v)];
}
const char* to_string(Priority v) {
    return priority_names[static_cast<std::size_t>(v)];
}
const char* to_string(State v) {
    return state_names[static_cast<std::size_t>(v)];
}
const char* to_string(Window v) {
    return window_names[static_cast<std::size_t>(v)];
}
const char* to_string(Outcome v) {
    return outcome_names[static_cast<std::size_t>(v)];
}
const char* to_string(AttemptResult v) {
    return attempt_names[static_cast<std::size_t>(v)];
}
std::optional<Channel> parse_channel(std::string_view s) {
    return parse_enum<Channel>(channel_names, s);
}
std::optional<Priority> parse_priority(std::string_view s) {
    return parse_enum<Priority>(priority_names, s);
}
std::optional<State> parse_state(std::string_view s) {
    return parse_enum<State>(state_names, s);
}
std::optional<Window> parse_window(std::string_view s) {
    return parse_enum<Window>(window_names, s);
}
std::optional<Outcome> parse_outcome(std::string_view s) {
    return parse_enum<Outcome>(outcome_names, s);
}
std::optional<AttemptResult> parse_attempt_result(std::string_view s) {
    return parse_enum<AttemptResult>(attempt_names, s);
}

const char* to_string(Errc e) {
    switch (e) {
        case Errc::invalid_input:
            return "invalid_input";
        case Errc::not_found:
            return "not_found";
        case Errc::conflict:
            return "conflict";
        case Errc::stale_lease:
            return "stale_lease";
        case Errc::outside_safe_time:
            return "outside_safe_time";
        case Errc::unavailable:
            return "unavailable";
        case Errc::rate_limited:
            return "rate_limited";
        case Errc::internal:
            return "internal";
    }
    return "internal";
}

int http_status(Errc e) {
    switch (e) {
        case Errc::invalid_input:
            return 400;
        case Errc::not_found:
            return 404;
        case Errc::conflict:
        case Errc::stale_lease:
        case Errc::outside_safe_time:
            return 409;
        case Errc::unavailable:
            return 503;
        case Errc::rate_limited:
            return 429;
        case Errc::internal:
            return 500;
    }
    return 500;
}

Result<NewTask> validate(NewTask t) {
    const auto phone = parse_phone(t.phone);
    // The message starts with the field: the widget puts its own text next to that field.
    if (!phone)
        return make_error(Errc::invalid_input,
                          "phone: " + std::string(phone_error_message(phone.error())), "phone");
    t.phone = phone.e164();
    if (!t.consent)
        return make_error(Errc::invalid_input, "consent to be called back is required", "consent");
    if (t.question.empty())
        return make_error(Errc::invalid_input, "question must not be empty", "question");
    if (t.question.size() > max_question_bytes)
        return make_error(Errc::invalid_input, "question is too long", "question");
    if (t.name.size() > max_name_bytes)
        return make_error(Errc::invalid_input, "name is too long", "name");
    if (t.source_key.size() > max_source_key_bytes)
        return make_error(Errc::invalid_input, "idempotency key is too long", "source_key");
    // A language tag like "nl", "en", "pap" or "nl-BE"; anything else is a client bug.
    const bool lang_ok = t.lang.size() >= 2 && t.lang.size() <= 8 &&
                         std::all_of(t.lang.begin(), t.lang.end(),
                                     [](unsigned char c) { return std::islower(c) || c == '-'; });
    if (!lang_ok) return make_error(Errc::invalid_input, "lang must be a language code", "lang");
    if (t.topic.size() > 100) return make_error(Errc::invalid_input, "topic is too long", "topic");
    if (t.articles.size() > 20 || t.risk_flags.size() > 20)
        return make_error(Errc::invalid_input, "too many articles or risk flags", "articles");
    if (t.risk_words.size() > 20 ||
        std::any_of(t.risk_words.begin(), t.risk_words.end(), [](const std::string& w) { return w.size() > 200; }))
        return make_error(Errc::invalid_input, "too many or too long risk words", "risk_words");
    auto terms = validate_terms(std::move(t.terms), t.window);
    if (!terms) return terms.error();
    t.terms = std::move(terms.value());
    return t;
}

Result<NewTask> parse_create_request(const nlohmann::json& body, std::string source_key) {
    if (!body.is_object()) return make_error(Errc::invalid_input, "body must be an object", "");
    NewTask t;
    t.channel = Channel::web_form;
    t.source_key = std::move(source_key);
    auto str = [&](const char* name, std::string& out, bool required) -> std::optional<Error> {
        auto it = body.find(name);
        if (it == body.end() || it->is_null()) {
            if (required)
                return make_error(Errc::invalid_input, std::string(name) + " is required", name);
            return std::nullopt;
        }
        if (!it->is_string())
            return make_error(Errc::invalid_input, std::string(name) + " must be a string", name);
        out = it->get<std::string>();
        return std::nullopt;
    };
    if (auto e = str("phone", t.phone, true)) return *e;
    if (auto e = str("name", t.name, false)) return *e;
    if (auto e = str("lang", t.lang, true)) return *e;
    if (auto e = str("question", t.question, true)) return *e;
    std::string window = "any";
    if (auto e = str("window", window, false)) return *e;
    auto w = parse_window(window);
    if (!w)
        return make_error(Errc::invalid_input,
                          "window must be one of any, morning, afternoon, evening", "window");
    t.window = *w;
    if (auto terms = body.find("terms"); terms != body.end()) {
        auto parsed = parse_terms(*terms);
        if (!parsed) return parsed.error();
        t.terms = std::move(parsed.value());
    }
    auto consent = body.find("consent");
    if (consent == body.end() || !consent->is_boolean())
        return make_error(Errc::invalid_input, "consent must be true", "consent");
    t.consent = consent->get<bool>();
    return validate(std::move(t));
}

std::int64_t to_ms(TimePoint t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

TimePoint from_ms(std::int64_t ms) {
    return TimePoint(
        std::chrono::duration_cast<TimePoint::duration>(std::chrono::milliseconds(ms)));
}

std::string format_rfc3339(TimePoint t) {
    // Calendar arithmetic and digits by hand: a queue page writes eight times per task, and
    // gmtime_r with snprintf was a tenth of the page's CPU (docs/benchmarks.md).
    using namespace std::chrono;
    const sys_time<milliseconds> at{milliseconds(to_ms(t))};
    const sys_days day = floor<days>(at);
    const year_month_day ymd{day};
    const hh_mm_ss clock{at - day};
    // TimePoint counts nanoseconds in 64 bits: years 1677 to 2262, four digits always.
    const int y = static_cast<int>(ymd.year());
    std::string out = "0000-00-00T00:00:00.000Z";
    auto put = [&](std::size_t end, long long v) {  // digits right to left, ending before `end`
        for (std::size_t i = end; v > 0; v /= 10) out[--i] = static_cast<char>('0' + v % 10);
    };
    put(4, y);
    put(7, static_cast<unsigned>(ymd.month()));
    put(10, static_cast<unsigned>(ymd.day()));
    put(13, clock.hours().count());
    put(16, clock.minutes().count());
    put(19, clock.seconds().count());
    put(23, clock.subseconds().count());
    return out;
}

std::optional<TimePoint> parse_rfc3339(std::string_view s) {
    // Accepts what format_rfc3339 writes, with or without fractional seconds, "Z" only:
    // the API always speaks UTC.
    int y, mo, d, h, mi, sec;
    char rest[16] = {};
    const std::string str(s);
    if (std::sscanf(str.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%15s", &y, &mo, &d, &h, &mi, &sec, rest) <
        6)
        return std::nullopt;
    int ms = 0;
    std::string r(rest);
    if (!r.empty() && r[0] == '.') {
        std::size_t i = 1;
        int scale = 100;
        while (i < r.size() && std::isdigit(static_cast<unsigned char>(r[i]))) {
            ms += (r[i] - '0') * scale;
            scale /= 10;
            ++i;
        }
        r = r.substr(i);
    }
    if (r != "Z") return std::nullopt;
    using namespace std::chrono;
    const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                             day{static_cast<unsigned>(d)}};
    if (!ymd.ok() || h > 23 || mi > 59 || sec > 60) return std::nullopt;
    const auto tp = sys_days{ymd} + hours{h} + minutes{mi} + seconds{sec} + milliseconds{ms};
    return time_point_cast<TimePoint::duration>(tp);
}

void write_json(JsonWriter& w, const HistoryEntry& h) {
    w.begin_object().field("at", format_rfc3339(h.at)).field("actor", h.actor).field("action", h.action);
    for (auto [name, text] : {std::pair<const char*, const std::string*>{"from", &h.from},
                              {"to", &h.to},
                              {"detail", &h.detail},
                              {"note", &h.note},
                              {"request_id", &h.request_id}})
        if (!text->empty()) w.field(name, *text);
    w.end_object();
}

nlohmann::json to_json(const HistoryEntry& h) {
    return json_from_writer([&](JsonWriter& w) { write_json(w, h); });
}

void write_json(JsonWriter& w, const Task& t, Phones phones) {
    const bool masked = phones == Phones::masked;
    w.begin_object().field("id", t.id).field("reference", t.reference).field("tenant", t.tenant);
    w.field("channel", to_string(t.channel));
    if (masked)
        w.text_or_null("phone_masked", masked_or_empty(t.phone));
    else
        w.field("phone", t.phone);
    w.field("name", t.name).field("lang", t.lang);
    w.key("questions").begin_array();
    for (const auto& q : t.questions)
        w.begin_object()
            .field("text", q.text)
            .field("at", format_rfc3339(q.at))
            .field("channel", to_string(q.channel))
            .end_object();
    w.end_array();
    w.field("topic", t.topic).field("articles", t.articles);
    w.field("risk_flags", t.risk_flags).field("risk_words", t.risk_words);
    w.field("priority", to_string(t.priority)).field("window", to_string(t.window));
    w.key("terms");
    write_json(w, t.terms, masked);
    w.field("consent", t.consent);
    w.field("created_at", format_rfc3339(t.created_at)).field("due_at", format_rfc3339(t.due_at));
    w.field("state", to_string(t.state)).field("attempts", t.attempts);
    w.field("at_risk", t.at_risk).field("breached", t.breached).field("escalation_level", t.escalation_level);
    auto opt_time = [&](const char* name, const std::optional<TimePoint>& v) {
        if (v)
            w.field(name, format_rfc3339(*v));
        else
            w.key(name).null();
    };
    // The family's safe times can start after the deadline (a request at 23:00 on Friday,
    // "not in the weekend"): the console warns, because the 24-hour promise cannot be kept
    // without calling at an unsafe time.
    const std::string minutes = safe_minutes(t.window, t.terms), days = safe_days(t.terms);
    const auto first_safe = minutes.empty() && days.empty() ? std::optional<TimePoint>(t.created_at)
                                                            : next_safe_time(minutes, days, t.created_at);
    // Later the safe times can run out before the deadline (evening only, and the evening
    // has passed): the at-risk warning found that and kept the next safe moment.
    opt_time("first_safe_at", t.safe_from ? t.safe_from : first_safe);
    w.field("safe_before_due", !t.safe_from && first_safe && *first_safe < t.due_at);
    opt_time("not_before", t.not_before);
    opt_time("lease_until", t.lease_until);
    opt_time("closed_at", t.closed_at);
    opt_time("anonymised_at", t.anonymised_at);
    w.text_or_null("holder", t.holder);
    w.text_or_null("outcome", t.outcome ? to_string(*t.outcome) : "");
    w.text_or_null("referral", t.referral);
    w.key("risk_review");
    if (t.risk_review)
        write_json(w, *t.risk_review);
    else
        w.null();
    w.text_or_null("cancel_reason", t.cancel_reason);
    if (!t.history.empty()) {
        w.key("history").begin_array();
        for (const auto& e : t.history) write_json(w, e);
        w.end_array();
    }
    w.end_object();
}

nlohmann::json to_json(const Task& t) {
    return json_from_writer([&](JsonWriter& w) { write_json(w, t); });
}

Result<Task> task_from_json(const nlohmann::json& j) {
    // The inverse of to_json, for clients and tests; strict about enums and times so a
    // typo does not turn into a default.
    try {
        Task t;
        auto bad = [](const char* field) {
            return make_error(Errc::invalid_input, std::string("bad ") + field, field);
        };
        t.id = j.at("id").get<std::string>();
        t.reference = j.value("reference", "");
        t.tenant = j.value("tenant", "");
        auto ch = parse_channel(j.value("channel", ""));
        if (!ch) return bad("channel");
        t.channel = *ch;
        t.phone = j.value("phone", "");
        t.name = j.value("name", "");
        t.lang = j.value("lang", "");
        for (const auto& q : j.value("questions", nlohmann::json::array())) {
            auto at = parse_rfc3339(q.at("at").get<std::string>());
            auto qc = parse_channel(q.value("channel", "web_form"));
            if (!at || !qc) return bad("questions");
            t.questions.push_back({q.at("text").get<std::string>(), *at, *qc});
        }
        t.topic = j.value("topic", "");
        t.articles = j.value("articles", std::vector<std::string>{});
        t.risk_flags = j.value("risk_flags", std::vector<std::string>{});
        t.risk_words = j.value("risk_words", std::vector<std::string>{});
        auto pr = parse_priority(j.value("priority", ""));
        if (!pr) return bad("priority");
        t.priority = *pr;
        auto w = parse_window(j.value("window", "any"));
        if (!w) return bad("window");
        t.window = *w;
        if (auto terms = j.find("terms"); terms != j.end()) t.terms = terms_from_json(*terms);
        t.consent = j.value("consent", false);
        auto created = parse_rfc3339(j.at("created_at").get<std::string>());
        auto due = parse_rfc3339(j.at("due_at").get<std::string>());
        if (!created) return bad("created_at");
        if (!due) return bad("due_at");
        t.created_at = *created;
        t.due_at = *due;
        auto st = parse_state(j.value("state", ""));
        if (!st) return bad("state");
        t.state = *st;
        auto opt = [&](const char* name, std::optional<TimePoint>& out) -> bool {
            auto it = j.find(name);
            if (it == j.end() || it->is_null()) return true;
            out = parse_rfc3339(it->get<std::string>());
            return out.has_value();
        };
        if (!opt("not_before", t.not_before)) return bad("not_before");
        if (!opt("lease_until", t.lease_until)) return bad("lease_until");
        if (!opt("closed_at", t.closed_at)) return bad("closed_at");
        if (!opt("anonymised_at", t.anonymised_at)) return bad("anonymised_at");
        if (j.contains("holder") && j["holder"].is_string()) t.holder = j["holder"];
        if (j.contains("outcome") && j["outcome"].is_string()) {
            t.outcome = parse_outcome(j["outcome"].get<std::string>());
            if (!t.outcome) return bad("outcome");
        }
        if (j.contains("referral") && j["referral"].is_string()) t.referral = j["referral"];
        if (j.contains("risk_review") && j["risk_review"].is_object()) {
            auto review = parse_risk_review(j);
            if (!review) return bad("risk_review");
            t.risk_review = *review;
        }
        if (j.contains("cancel_reason") && j["cancel_reason"].is_string())
            t.cancel_reason = j["cancel_reason"];
        t.attempts = j.value("attempts", 0);
        t.at_risk = j.value("at_risk", false);
        t.breached = j.value("breached", false);
        t.escalation_level = j.value("escalation_level", 0);
        return t;
    } catch (const nlohmann::json::exception& e) {
        return make_error(Errc::invalid_input, e.what(), "");
    }
}

Fields to_fields(const Task& t) {
    nlohmann::json questions = nlohmann::json::array();
    for (const auto& q : t.questions)
        questions.push_back(
            {{"text", q.text}, {"at", to_ms(q.at)}, {"channel", to_string(q.channel)}});
    Fields f{{"id", t.id},
             {"tenant", t.tenant},
             {"channel", to_string(t.channel)},
             {"phone", t.phone},
             {"name", t.name},
             {"lang", t.lang},
             {"questions", questions.dump()},
             {"topic", t.topic},
             {"articles", nlohmann::json(t.articles).dump()},
             {"risk_flags", nlohmann::json(t.risk_flags).dump()},
             {"risk_words", nlohmann::json(t.risk_words).dump()},
             {"priority", to_string(t.priority)},
             {"window", to_string(t.window)},
             {"consent", t.consent ? "1" : "0"},
             {"created_at", std::to_string(to_ms(t.created_at))},
             {"due_at", std::to_string(to_ms(t.due_at))},
             {"state", to_string(t.state)},
             {"attempts", std::to_string(t.attempts)}};
    if (!t.reference.empty()) f["ref"] = t.reference;
    add_terms_fields(f, t.window, t.terms);
    return f;
}

Result<Task> task_from_fields(const FieldView& f) {
    Task t;
    t.id = f["id"];
    if (t.id.empty()) return make_error(Errc::internal, "task hash without id");
    t.reference = f["ref"];
    t.tenant = f["tenant"];
    t.channel = parse_channel(f["channel"]).value_or(Channel::web_form);
    t.phone = f["phone"];
    t.name = f["name"];
    t.lang = f["lang"];
    if (const std::string_view q = f["questions"]; !q.empty()) {
        auto j = nlohmann::json::parse(q, nullptr, false);
        if (j.is_array())
            for (const auto& e : j) {
                if (!e.is_object()) continue;
                Question qu;
                qu.text = e.value("text", "");
                qu.at = from_ms(e.value("at", std::int64_t{0}));
                qu.channel =
                    parse_channel(e.value("channel", "web_form")).value_or(Channel::web_form);
                t.questions.push_back(std::move(qu));
            }
    }
    t.topic = f["topic"];
    t.articles = string_list(f["articles"]);
    t.risk_flags = string_list(f["risk_flags"]);
    t.risk_words = string_list(f["risk_words"]);
    auto pr = parse_priority(f["priority"]);
    auto st = parse_state(f["state"]);
    if (!pr || !st) return make_error(Errc::internal, "task hash with bad priority or state");
    t.priority = *pr;
    t.state = *st;
    t.window = parse_window(f["window"]).value_or(Window::any);
    t.terms = terms_from_fields(f);
    t.consent = f["consent"] == "1";
    t.created_at = from_ms(to_int(f["created_at"]));
    t.due_at = from_ms(to_int(f["due_at"]));
    t.not_before = opt_time(f, "not_before");
    t.holder = f["holder"];
    t.lease_until = opt_time(f, "lease_until");
    t.attempts = static_cast<int>(to_int(f["attempts"]));
    if (const std::string_view o = f["outcome"]; !o.empty()) t.outcome = parse_outcome(o);
    t.referral = f["referral"];
    if (auto v = parse_risk_verdict(f["risk_verdict"]))
        t.risk_review = RiskReview{*v, std::string(f["risk_category"])};
    t.cancel_reason = f["cancel_reason"];
    t.closed_at = opt_time(f, "closed_at");
    t.at_risk = f["at_risk"] == "1";
    t.breached = f["breached"] == "1";
    t.escalation_level = static_cast<int>(to_int(f["esc_level"]));
    t.safe_from = opt_time(f, "safe_from");
    t.anonymised_at = opt_time(f, "anonymised_at");
    return t;
}

Result<HistoryEntry> history_from_json_text(std::string_view text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object()) return make_error(Errc::internal, "history entry is not an object");
    HistoryEntry h;
    auto s = [&](const char* name) {
        auto it = j.find(name);
        return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    h.at = from_ms(j.value("at", std::int64_t{0}));
    h.actor = s("actor");
    h.action = s("action");
    h.from = s("from");
    h.to = s("to");
    h.detail = s("detail");
    h.note = s("note");
    h.request_id = s("request_id");
    return h;
}

}  // namespace advieslijn::callbacks
