#include "social-map/social_map.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <system_error>

#include "common/risk_categories.hpp"

namespace advieslijn::social_map {

std::string_view to_string(Nearness n) {
    switch (n) {
        case Nearness::postcode: return "postcode";
        case Nearness::municipality: return "municipality";
        case Nearness::default_area: return "default_area";
        case Nearness::elsewhere: return "elsewhere";
    }
    return "elsewhere";
}

Map::Map(std::vector<Municipality> areas, std::vector<Service> services)
    : areas_(std::move(areas)), services_(std::move(services)) {}

const Municipality* Map::municipality(std::string_view name) const {
    for (const auto& m : areas_)
        if (m.name == name) return &m;
    return nullptr;
}

const Municipality* Map::municipality_of(int pc4) const {
    for (const auto& m : areas_)
        for (const auto& r : m.postcodes)
            if (r.contains(pc4)) return &m;
    return nullptr;
}

bool Map::serves_postcode(const Service& s, int pc4) const {
    auto in = [pc4](const std::vector<PostcodeRange>& ranges) {
        return std::any_of(ranges.begin(), ranges.end(), [pc4](const PostcodeRange& r) { return r.contains(pc4); });
    };
    if (in(s.area.postcodes)) return true;
    for (const auto& name : s.area.neighbourhoods)
        for (const auto& m : areas_)
            for (const auto& n : m.neighbourhoods)
                if (n.name == name && in(n.postcodes)) return true;
    return false;
}

namespace {

bool contains(const std::vector<std::string>& list, std::string_view v) {
    return std::find(list.begin(), list.end(), v) != list.end();
}

std::string folded(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

}  // namespace

SearchResult Map::search(const Query& q, std::string_view default_area) const {
    SearchResult result;
    const Municipality* home = q.postcode ? municipality_of(*q.postcode) : nullptr;
    if (home) result.municipality = home->name;
    for (const Service& s : services_) {
        const bool risk = std::any_of(q.risks.begin(), q.risks.end(),
                                      [&](const std::string& r) { return contains(s.risks, r); });
        const bool asked = !q.topic.empty() || !q.risks.empty();
        if (asked && !risk && !(!q.topic.empty() && contains(s.topics, q.topic))) continue;
        if (q.age && (*q.age < s.age_from || *q.age > s.age_to)) continue;
        Hit hit{&s, Nearness::elsewhere, risk};
        if (q.postcode && serves_postcode(s, *q.postcode))
            hit.nearness = Nearness::postcode;
        else if (home && contains(s.area.municipalities, home->name))
            hit.nearness = Nearness::municipality;
        else if (!default_area.empty() && contains(s.area.municipalities, default_area))
            hit.nearness = Nearness::default_area;
        else if (q.postcode)
            continue;  // a service that does not work where the family lives
        result.hits.push_back(hit);
    }
    std::sort(result.hits.begin(), result.hits.end(), [](const Hit& a, const Hit& b) {
        if (a.risk_match != b.risk_match) return a.risk_match;
        if (a.nearness != b.nearness) return a.nearness < b.nearness;
        const auto an = folded(a.service->name), bn = folded(b.service->name);
        if (an != bn) return an < bn;
        return a.service->id < b.service->id;
    });
    if (result.hits.size() > q.limit) result.hits.resize(q.limit);
    return result;
}

namespace {

constexpr std::uintmax_t max_file_bytes = 4 * 1024 * 1024;

std::optional<std::string> read_file(const std::filesystem::path& p, std::vector<Problem>& problems) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(p, ec);
    if (ec || size > max_file_bytes) {
        problems.push_back({p.string(), "", "", ec ? "cannot be read" : "is larger than 4 MB"});
        return std::nullopt;
    }
    std::ifstream in(p, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) {
        problems.push_back({p.string(), "", "", "cannot be read"});
        return std::nullopt;
    }
    return text.str();
}

// Names a service uses must exist in areas.json, so a typo cannot hide a service.
void check_names(const std::vector<Municipality>& areas, const std::vector<Service>& services,
                 std::vector<Problem>& problems) {
    std::set<std::string> municipalities, neighbourhoods;
    for (const auto& m : areas) {
        municipalities.insert(m.name);
        for (const auto& n : m.neighbourhoods) neighbourhoods.insert(n.name);
    }
    for (const auto& s : services) {
        for (std::size_t i = 0; i < s.area.municipalities.size(); ++i)
            if (!municipalities.count(s.area.municipalities[i]))
                problems.push_back({s.file, s.id, "area.municipalities[" + std::to_string(i) + "]",
                                    "'" + s.area.municipalities[i] + "' is not a municipality of areas.json"});
        for (std::size_t i = 0; i < s.area.neighbourhoods.size(); ++i)
            if (!neighbourhoods.count(s.area.neighbourhoods[i]))
                problems.push_back({s.file, s.id, "area.neighbourhoods[" + std::to_string(i) + "]",
                                    "'" + s.area.neighbourhoods[i] + "' is not a neighbourhood of areas.json"});
    }
}

}  // namespace

LoadResult load(const std::filesystem::path& dir) {
    LoadResult result;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        result.problems.push_back({dir.string(), "", "", "is not a directory"});
        return result;
    }
    std::vector<std::filesystem::path> files;
    for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        const auto name = it->path().filename().string();
        if (name.starts_with('.')) {
            if (it->is_directory()) it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file() && it->path().extension() == ".json") files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    const auto areas_file = dir / "areas.json";
    std::vector<Municipality> areas;
    std::vector<Service> services;
    for (const auto& f : files) {
        auto text = read_file(f, result.problems);
        if (!text) continue;
        if (f == areas_file) {
            areas = parse_areas(*text, f.string(), result.problems);
            continue;
        }
        for (auto& s : parse_services(*text, f.string(), result.problems)) services.push_back(std::move(s));
    }
    if (std::find(files.begin(), files.end(), areas_file) == files.end())
        result.problems.push_back({areas_file.string(), "", "", "is missing: it names the municipalities and their postcodes"});
    std::map<std::string, const Service*> ids;
    for (const auto& s : services)
        if (auto [it, fresh] = ids.emplace(s.id, &s); !fresh)
            result.problems.push_back({s.file, s.id, "id", "is used twice (also in " + it->second->file + ")"});
    if (!areas.empty()) check_names(areas, services, result.problems);
    if (services.empty() && result.problems.empty())
        result.problems.push_back({dir.string(), "", "", "holds no services"});
    if (result.problems.empty()) result.map = std::make_shared<const Map>(std::move(areas), std::move(services));
    return result;
}

std::string parse_risks(std::string_view list, std::vector<std::string>& out) {
    while (!list.empty()) {
        const auto comma = list.find(',');
        const std::string name(list.substr(0, comma));
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
        if (name.empty()) continue;
        if (!find_risk_category(name)) return "risk: '" + name + "' is not a risk category";
        out.push_back(name);
    }
    return {};
}

std::vector<Problem> unknown_topics(const Map& map, const std::set<std::string>& known) {
    std::vector<Problem> out;
    for (const auto& s : map.services())
        for (std::size_t i = 0; i < s.topics.size(); ++i)
            if (!known.count(s.topics[i]))
                out.push_back({s.file, s.id, "topics[" + std::to_string(i) + "]",
                               "'" + s.topics[i] + "' is the topic of no article"});
    return out;
}

nlohmann::json to_json(const Service& s) {
    nlohmann::json postcodes = nlohmann::json::array();
    for (const auto& r : s.area.postcodes)
        postcodes.push_back(r.from == r.to ? std::to_string(r.from)
                                           : std::to_string(r.from) + "-" + std::to_string(r.to));
    nlohmann::json contact = nlohmann::json::object();
    for (auto [key, value] : {std::pair{"phone", &s.contact.phone}, std::pair{"website", &s.contact.website},
                              std::pair{"email", &s.contact.email}, std::pair{"address", &s.contact.address}})
        if (!value->empty()) contact[key] = *value;
    nlohmann::json hours;
    if (!s.always_open.empty()) {
        hours = s.always_open;
    } else if (!s.opening_hours.empty()) {
        hours = nlohmann::json::object();
        for (const auto& [day, ranges] : s.opening_hours) hours[day] = ranges;
    }
    nlohmann::json j = {{"id", s.id},
                        {"name", s.name},
                        {"topics", s.topics},
                        {"risks", s.risks},
                        {"ages", {{"from", s.age_from}, {"to", s.age_to}}},
                        {"area", {{"municipalities", s.area.municipalities},
                                  {"neighbourhoods", s.area.neighbourhoods},
                                  {"postcodes", std::move(postcodes)}}},
                        {"contact", std::move(contact)},
                        {"opening_hours", std::move(hours)},
                        {"languages", s.languages},
                        {"costs", s.costs},
                        {"referral", s.referral}};
    if (!s.description.empty()) j["description"] = s.description;
    if (!s.costs_note.empty()) j["costs_note"] = s.costs_note;
    return j;
}

nlohmann::json to_json(const SearchResult& r) {
    nlohmann::json results = nlohmann::json::array();
    for (const auto& h : r.hits) {
        auto j = to_json(*h.service);
        j["match"] = to_string(h.nearness);
        results.push_back(std::move(j));
    }
    return {{"municipality", r.municipality.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.municipality)},
            {"results", std::move(results)}};
}

}  // namespace advieslijn::social_map
