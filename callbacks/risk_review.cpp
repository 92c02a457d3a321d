#include "callbacks/risk_review.hpp"

#include "callbacks/model.hpp"

namespace advieslijn::callbacks {

namespace {

constexpr std::array<const char*, 3> verdict_names{"confirmed", "not_risk", "unsure"};

std::size_t count_field(const std::map<std::string, std::string>& f, const std::string& name) {
    auto it = f.find(name);
    if (it == f.end()) return 0;
    try {
        return static_cast<std::size_t>(std::stoull(it->second));
    } catch (const std::exception&) {
        return 0;
    }
}

std::string category_list() {
    std::string out;
    for (const auto& c : risk_review_categories) {
        if (!out.empty()) out += ", ";
        out += c.name;
    }
    return out;
}

}  // namespace

const char* to_string(RiskVerdict v) {
    return verdict_names[static_cast<std::size_t>(v)];
}

std::optional<RiskVerdict> parse_risk_verdict(std::string_view s) {
    for (std::size_t i = 0; i < verdict_names.size(); ++i)
        if (s == verdict_names[i]) return static_cast<RiskVerdict>(i);
    return std::nullopt;
}

Result<std::optional<RiskReview>> parse_risk_review(const nlohmann::json& body) {
    using Out = Result<std::optional<RiskReview>>;
    auto bad = [](const char* field, std::string message) -> Out {
        return make_error(Errc::invalid_input, std::move(message), field);
    };
    if (!body.is_object()) return std::optional<RiskReview>{};
    auto it = body.find("risk_review");
    if (it == body.end() || it->is_null()) return std::optional<RiskReview>{};
    if (!it->is_object())
        return bad("risk_review", "risk_review must be an object {\"verdict\", \"category\"}");
    for (const auto& [key, value] : it->items())
        if (key != "verdict" && key != "category")
            return bad("risk_review", "risk_review has an unknown field: " + key);
    const auto verdict_it = it->find("verdict");
    const auto verdict = verdict_it != it->end() && verdict_it->is_string()
                             ? parse_risk_verdict(verdict_it->get<std::string>())
                             : std::nullopt;
    if (!verdict)
        return bad("risk_review.verdict",
                   "risk_review.verdict must be confirmed, not_risk or unsure");
    RiskReview review;
    review.verdict = *verdict;
    const auto category_it = it->find("category");
    const bool has_category = category_it != it->end() && !category_it->is_null();
    if (review.verdict != RiskVerdict::confirmed) {
        if (has_category)
            return bad("risk_review.category",
                       "risk_review.category goes only with the verdict confirmed");
        return std::optional<RiskReview>{std::move(review)};
    }
    if (!has_category || !category_it->is_string() ||
        !find_risk_category(category_it->get<std::string>()))
        return bad("risk_review.category",
                   "risk_review.category must be one of " + category_list());
    review.category = category_it->get<std::string>();
    return std::optional<RiskReview>{std::move(review)};
}

void write_json(JsonWriter& w, const RiskReview& r) {
    w.begin_object().field("verdict", to_string(r.verdict)).text_or_null("category", r.category).end_object();
}

nlohmann::json to_json(const RiskReview& r) {
    return json_from_writer([&](JsonWriter& w) { write_json(w, r); });
}

nlohmann::json to_json(const RiskWeek& w) {
    nlohmann::json categories = nlohmann::json::object();
    for (const auto& c : risk_review_categories) {
        auto hit = w.hits_by_category.find(c.name);
        auto miss = w.missed_by_category.find(c.name);
        const std::size_t hits = hit == w.hits_by_category.end() ? 0 : hit->second;
        const std::size_t missed = miss == w.missed_by_category.end() ? 0 : miss->second;
        if (hits || missed) categories[c.name] = {{"hits", hits}, {"missed", missed}};
    }
    return {{"week", w.week},         {"monday", w.monday},
            {"hits", w.hits},         {"missed", w.missed},
            {"false_alarms", w.false_alarms}, {"unsure", w.unsure},
            {"categories", std::move(categories)}};
}

RiskWeek risk_week_from_fields(std::string week, std::string monday,
                               const std::map<std::string, std::string>& fields) {
    RiskWeek w;
    w.week = std::move(week);
    w.monday = std::move(monday);
    w.hits = count_field(fields, "hit");
    w.missed = count_field(fields, "missed");
    w.false_alarms = count_field(fields, "false_alarm");
    w.unsure = count_field(fields, "unsure");
    for (const auto& c : risk_review_categories) {
        if (auto n = count_field(fields, std::string("hit:") + c.name)) w.hits_by_category[c.name] = n;
        if (auto n = count_field(fields, std::string("missed:") + c.name))
            w.missed_by_category[c.name] = n;
    }
    return w;
}

std::string missed_text_json(const MissedText& m) {
    return nlohmann::json{{"id", m.task_id},
                          {"at", to_ms(m.at)},
                          {"lang", m.lang},
                          {"category", m.category},
                          {"text", m.text}}
        .dump();
}

std::optional<MissedText> missed_text_from_json(std::string_view text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object()) return std::nullopt;
    MissedText m;
    m.task_id = j.value("id", "");
    m.at = from_ms(j.value("at", std::int64_t{0}));
    m.lang = j.value("lang", "");
    m.category = j.value("category", "");
    m.text = j.value("text", "");
    return m;
}

std::string training_line(const MissedText& m) {
    const RiskCategory* c = find_risk_category(m.category);
    std::string text = m.text;
    for (char& ch : text)
        if (ch == '\t' || ch == '\n' || ch == '\r') ch = ' ';
    std::string lang = m.lang.empty() ? "nl" : m.lang;
    return lang + "\turgent\t" + (c ? c->training : "-") + "\t" + text + "\n";
}

}  // namespace advieslijn::callbacks
