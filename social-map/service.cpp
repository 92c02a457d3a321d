#include "social-map/service.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <set>

#include "common/phone.hpp"
#include "common/risk_categories.hpp"

namespace advieslijn::social_map {

std::string to_string(const Problem& p) { return describe(p, "service", "<map>"); }

namespace {

using json = nlohmann::json;

bool digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<int> pc4(std::string_view s) {
    if (s.size() != 4 || !digits(s) || s.front() == '0') return std::nullopt;
    return std::stoi(std::string(s));
}

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

bool slug(std::string_view s) {
    if (s.empty() || s.size() > 100 || s.front() == '-' || s.back() == '-') return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

bool hh_mm(std::string_view s) {
    if (s.size() != 5 || s[2] != ':' || !digits(s.substr(0, 2)) || !digits(s.substr(3))) return false;
    const int h = std::stoi(std::string(s.substr(0, 2))), m = std::stoi(std::string(s.substr(3)));
    return h <= 24 && m < 60 && (h < 24 || m == 0);
}

// "09:00-17:00", the end after the start.
bool time_range(std::string_view s) {
    if (s.size() != 11 || s[5] != '-') return false;
    return hh_mm(s.substr(0, 5)) && hh_mm(s.substr(6)) && s.substr(0, 5) < s.substr(6);
}

constexpr std::array<std::string_view, 7> days = {"mo", "tu", "we", "th", "fr", "sa", "su"};
constexpr std::array<std::string_view, 4> cost_kinds = {"free", "paid", "insured", "varies"};

// Walks one JSON object for one service (or area), naming the file, id and field of every
// problem.
class Reader {
public:
    Reader(const json& j, const std::string& file, std::vector<Problem>& problems)
        : j_(j), file_(file), problems_(problems) {}

    void fail(std::string field, std::string message) {
        problems_.push_back({file_, id_, std::move(field), std::move(message)});
        failed_ = true;
    }
    bool failed() const { return failed_; }
    void set_id(std::string id) { id_ = std::move(id); }

    void only(const json& obj, const std::string& where, std::initializer_list<std::string_view> known) {
        for (const auto& [key, value] : obj.items()) {
            if (std::find(known.begin(), known.end(), key) != known.end()) continue;
            std::string allowed;
            for (auto k : known) allowed += (allowed.empty() ? "" : ", ") + std::string(k);
            fail(where.empty() ? key : where + "." + key, "unknown field (allowed: " + allowed + ")");
        }
    }

    // A string member; `required` reports its absence.
    std::string text(const json& obj, const std::string& where, const char* key, bool required) {
        const std::string field = where.empty() ? key : where + "." + key;
        auto it = obj.find(key);
        if (it == obj.end()) {
            if (required) fail(field, "is required");
            return {};
        }
        if (!it->is_string()) {
            fail(field, "must be a string");
            return {};
        }
        std::string s = it->get<std::string>();
        if (blank(s)) fail(field, "must not be empty");
        return s;
    }

    std::vector<std::string> texts(const json& obj, const std::string& field, const char* key) {
        std::vector<std::string> out;
        auto it = obj.find(key);
        if (it == obj.end()) return out;
        if (!it->is_array()) {
            fail(field, "must be an array of strings");
            return out;
        }
        for (std::size_t i = 0; i < it->size(); ++i) {
            const auto& v = (*it)[i];
            if (!v.is_string() || blank(v.get_ref<const std::string&>() )) {
                fail(field + "[" + std::to_string(i) + "]", "must be a non-empty string");
                continue;
            }
            out.push_back(v.get<std::string>());
        }
        return out;
    }

    std::vector<PostcodeRange> postcodes(const json& obj, const std::string& field) {
        std::vector<PostcodeRange> out;
        for (std::size_t i = 0; const auto& s : texts(obj, field, "postcodes")) {
            if (auto r = parse_postcode_range(s)) out.push_back(*r);
            else
                fail(field + "[" + std::to_string(i) + "]",
                     "'" + s + "' is not a PC4 postcode (1000-9999) or range such as \"9990-9994\"");
            ++i;
        }
        return out;
    }

    const json& root() const { return j_; }

private:
    const json& j_;
    const std::string& file_;
    std::vector<Problem>& problems_;
    std::string id_;
    bool failed_ = false;
};

void read_ages(Reader& r, const json& j, Service& s) {
    auto it = j.find("ages");
    if (it == j.end()) return r.fail("ages", "is required ({\"from\": -1, \"to\": 23}; -1 is pregnancy)");
    if (!it->is_object()) return r.fail("ages", "must be an object {\"from\", \"to\"}");
    r.only(*it, "ages", {"from", "to"});
    for (auto [key, out] : {std::pair{"from", &s.age_from}, std::pair{"to", &s.age_to}}) {
        auto v = it->find(key);
        const std::string field = std::string("ages.") + key;
        if (v == it->end()) {
            r.fail(field, "is required");
        } else if (!v->is_number_integer() || v->get<int>() < pregnancy || v->get<int>() > max_age) {
            r.fail(field, "must be a whole number from -1 (pregnancy) to 23");
        } else {
            *out = v->get<int>();
        }
    }
    if (s.age_from > s.age_to) r.fail("ages", "'from' must not be above 'to'");
}

void read_area(Reader& r, const json& j, Service& s) {
    auto it = j.find("area");
    if (it == j.end()) return r.fail("area", "is required (municipalities, neighbourhoods or postcodes)");
    if (!it->is_object()) return r.fail("area", "must be an object");
    r.only(*it, "area", {"municipalities", "neighbourhoods", "postcodes"});
    s.area.municipalities = r.texts(*it, "area.municipalities", "municipalities");
    s.area.neighbourhoods = r.texts(*it, "area.neighbourhoods", "neighbourhoods");
    s.area.postcodes = r.postcodes(*it, "area.postcodes");
    if (s.area.municipalities.empty() && s.area.neighbourhoods.empty() && s.area.postcodes.empty())
        r.fail("area", "needs at least one municipality, neighbourhood or postcode");
}

void read_contact(Reader& r, const json& j, Service& s) {
    auto it = j.find("contact");
    if (it == j.end()) return r.fail("contact", "is required (a phone number or a website at least)");
    if (!it->is_object()) return r.fail("contact", "must be an object");
    r.only(*it, "contact", {"phone", "website", "email", "address"});
    Contact& c = s.contact;
    c.phone = r.text(*it, "contact", "phone", false);
    if (!c.phone.empty()) {
        const auto parsed = parse_phone(c.phone, PhoneUse::callback);
        if (!is_written_in_e164(c.phone))
            r.fail("contact.phone", "'" + c.phone + "' must be written in E.164 (+ and digits, e.g. +31880030061)");
        else if (!parsed)
            r.fail("contact.phone", "'" + c.phone + "': " + std::string(phone_error_message(parsed.error())));
    }
    c.website = r.text(*it, "contact", "website", false);
    if (!c.website.empty() && c.website.rfind("https://", 0) != 0 && c.website.rfind("http://", 0) != 0)
        r.fail("contact.website", "must start with https:// or http://");
    c.email = r.text(*it, "contact", "email", false);
    if (!c.email.empty()) {
        const auto at = c.email.find('@');
        if (at == 0 || at == std::string::npos || c.email.find('.', at) == std::string::npos ||
            c.email.find_first_of(" \t<>,;") != std::string::npos)
            r.fail("contact.email", "'" + c.email + "' is not an e-mail address");
    }
    c.address = r.text(*it, "contact", "address", false);
    if (c.phone.empty() && c.website.empty()) r.fail("contact", "needs a phone number or a website");
}

void read_opening_hours(Reader& r, const json& j, Service& s) {
    auto it = j.find("opening_hours");
    if (it == j.end()) return;
    if (it->is_string()) {
        if (it->get<std::string>() != "24/7")
            r.fail("opening_hours", "must be \"24/7\" or an object of days (mo..su) with \"HH:MM-HH:MM\" lists");
        else
            s.always_open = "24/7";
        return;
    }
    if (!it->is_object() || it->empty())
        return r.fail("opening_hours", "must be \"24/7\" or an object of days (mo..su) with \"HH:MM-HH:MM\" lists");
    for (const auto& [key, value] : it->items())
        if (std::find(days.begin(), days.end(), key) == days.end())
            r.fail("opening_hours." + key, "unknown day (mo, tu, we, th, fr, sa, su)");
    for (auto day : days) {
        const std::string field = "opening_hours." + std::string(day);
        if (!it->contains(day)) continue;
        auto hours = r.texts(*it, field, std::string(day).c_str());
        for (std::size_t i = 0; i < hours.size(); ++i)
            if (!time_range(hours[i]))
                r.fail(field + "[" + std::to_string(i) + "]", "'" + hours[i] + "' is not \"HH:MM-HH:MM\"");
        s.opening_hours.emplace_back(day, std::move(hours));
    }
}

bool read_service(const json& j, const std::string& file, std::vector<Problem>& problems, Service& s) {
    Reader r(j, file, problems);
    if (!j.is_object()) {
        r.fail("", "a service must be a JSON object");
        return false;
    }
    if (auto it = j.find("id"); it != j.end() && it->is_string()) r.set_id(it->get<std::string>());
    r.only(j, "", {"id", "name", "description", "topics", "risks", "ages", "area", "contact",
                   "opening_hours", "languages", "costs", "costs_note", "referral"});
    s.id = r.text(j, "", "id", true);
    if (!s.id.empty() && !slug(s.id)) r.fail("id", "must be lowercase letters, digits and '-' (at most 100)");
    s.name = r.text(j, "", "name", true);
    s.description = r.text(j, "", "description", false);
    const std::size_t before_topics = problems.size();  // a broken item is named on its own
    s.topics = r.texts(j, "topics", "topics");
    for (std::size_t i = 0; i < s.topics.size(); ++i)
        if (!slug(s.topics[i]))
            r.fail("topics[" + std::to_string(i) + "]", "'" + s.topics[i] + "' must be a topic as articles write it (a-z, 0-9, '-')");
    s.risks = r.texts(j, "risks", "risks");
    for (std::size_t i = 0; i < s.risks.size(); ++i)
        if (!find_risk_category(s.risks[i]))
            r.fail("risks[" + std::to_string(i) + "]", "'" + s.risks[i] + "' is not a risk category (common/risk_categories.hpp)");
    if (s.topics.empty() && s.risks.empty() && problems.size() == before_topics)
        r.fail("topics", "a service needs topics or risks (what it is for)");
    read_ages(r, j, s);
    read_area(r, j, s);
    read_contact(r, j, s);
    read_opening_hours(r, j, s);
    s.languages = r.texts(j, "languages", "languages");
    for (std::size_t i = 0; i < s.languages.size(); ++i)
        if (s.languages[i].size() < 2 || s.languages[i].size() > 3 ||
            s.languages[i].find_first_not_of("abcdefghijklmnopqrstuvwxyz") != std::string::npos)
            r.fail("languages[" + std::to_string(i) + "]", "must be a lowercase ISO 639 code such as \"nl\"");
    if (s.languages.empty() && !j.contains("languages")) s.languages = {"nl"};
    s.costs = r.text(j, "", "costs", true);
    if (!s.costs.empty() && std::find(cost_kinds.begin(), cost_kinds.end(), s.costs) == cost_kinds.end())
        r.fail("costs", "must be one of free, paid, insured, varies");
    s.costs_note = r.text(j, "", "costs_note", false);
    if (auto it = j.find("referral"); it == j.end())
        r.fail("referral", "is required (true when a referral is needed)");
    else if (!it->is_boolean())
        r.fail("referral", "must be true or false");
    else
        s.referral = it->get<bool>();
    s.file = file;
    return !r.failed();
}

// Absent or empty; a list of malformed ones is reported code by code instead.
bool no_postcodes(const json& area) {
    auto it = area.find("postcodes");
    return it == area.end() || (it->is_array() && it->empty());
}

// The document, or nullopt with the problem (nlohmann's message has the line and column).
std::optional<json> parse_json(std::string_view text, const std::string& file, std::vector<Problem>& problems) {
    try {
        return json::parse(text.begin(), text.end());
    } catch (const json::exception& e) {
        problems.push_back({file, "", "", std::string("not valid JSON: ") + e.what()});
        return std::nullopt;
    }
}

}  // namespace

std::optional<int> parse_postcode(std::string_view text) {
    // "9991", "9991AB" or "9991 AB": four digits, then optionally one space and two letters.
    std::string_view rest = text.size() > 4 ? text.substr(4) : std::string_view{};
    if (rest.starts_with(' ') && rest.size() == 3) rest.remove_prefix(1);
    const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    if (!rest.empty() && (rest.size() != 2 || !letter(rest[0]) || !letter(rest[1]))) return std::nullopt;
    return pc4(text.substr(0, 4));
}

std::optional<PostcodeRange> parse_postcode_range(std::string_view text) {
    const auto dash = text.find('-');
    const auto from = pc4(text.substr(0, dash));
    const auto to = dash == std::string_view::npos ? from : pc4(text.substr(dash + 1));
    if (!from || !to || *from > *to) return std::nullopt;
    return PostcodeRange{*from, *to};
}

std::vector<Service> parse_services(std::string_view json_text, const std::string& file,
                                    std::vector<Problem>& problems) {
    std::vector<Service> out;
    const auto parsed = parse_json(json_text, file, problems);
    if (!parsed) return out;
    const json& doc = *parsed;
    auto one = [&](const json& j) {
        Service s;
        if (read_service(j, file, problems, s)) out.push_back(std::move(s));
    };
    if (doc.is_array()) {
        if (doc.empty()) problems.push_back({file, "", "", "holds an empty array"});
        for (const auto& j : doc) one(j);
    } else if (doc.is_object()) {
        one(doc);
    } else {
        problems.push_back({file, "", "", "must hold a service object or an array of them"});
    }
    return out;
}

std::vector<Municipality> parse_areas(std::string_view json_text, const std::string& file,
                                      std::vector<Problem>& problems) {
    std::vector<Municipality> out;
    const auto parsed = parse_json(json_text, file, problems);
    if (!parsed) return out;
    const json& doc = *parsed;
    Reader r(doc, file, problems);
    if (!doc.is_object()) {
        r.fail("", "must be an object {\"municipalities\": [...]}");
        return out;
    }
    r.only(doc, "", {"municipalities"});
    auto list = doc.find("municipalities");
    if (list == doc.end() || !list->is_array() || list->empty()) {
        r.fail("municipalities", "needs an array with at least one municipality");
        return out;
    }
    std::set<std::string> names;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const auto& m = (*list)[i];
        const std::string where = "municipalities[" + std::to_string(i) + "]";
        if (!m.is_object()) {
            r.fail(where, "must be an object {\"name\", \"postcodes\", \"neighbourhoods\"?}");
            continue;
        }
        r.only(m, where, {"name", "postcodes", "neighbourhoods"});
        Municipality muni{r.text(m, where, "name", true), r.postcodes(m, where + ".postcodes"), {}};
        if (no_postcodes(m)) r.fail(where + ".postcodes", "needs at least one PC4 postcode or range");
        if (!muni.name.empty() && !names.insert(muni.name).second)
            r.fail(where + ".name", "'" + muni.name + "' is listed twice");
        if (auto hoods = m.find("neighbourhoods"); hoods != m.end()) {
            if (!hoods->is_array()) r.fail(where + ".neighbourhoods", "must be an array");
            for (std::size_t k = 0; hoods->is_array() && k < hoods->size(); ++k) {
                const auto& h = (*hoods)[k];
                const std::string hw = where + ".neighbourhoods[" + std::to_string(k) + "]";
                if (!h.is_object()) {
                    r.fail(hw, "must be an object {\"name\", \"postcodes\"}");
                    continue;
                }
                r.only(h, hw, {"name", "postcodes"});
                Neighbourhood n{r.text(h, hw, "name", true), r.postcodes(h, hw + ".postcodes")};
                if (no_postcodes(h)) r.fail(hw + ".postcodes", "needs at least one PC4 postcode or range");
                muni.neighbourhoods.push_back(std::move(n));
            }
        }
        out.push_back(std::move(muni));
    }
    if (r.failed()) out.clear();
    return out;
}

}  // namespace advieslijn::social_map
