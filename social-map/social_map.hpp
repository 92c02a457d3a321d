#pragma once
// A tenant's digital social map (docs/social-map.md): the local services for which questions,
// loaded from a directory of JSON files, and the search that families (the CJG's website),
// specialists (the console's referral dialog) and `advieslijn map search` use.
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "social-map/service.hpp"

namespace advieslijn::social_map {

// How near a service is to the family, best first (docs/social-map.md, "Search order").
enum class Nearness {
    postcode,      // the family's PC4 is one the service lists (itself or by neighbourhood)
    municipality,  // the service works in the whole municipality that PC4 lies in
    default_area,  // the service works in the whole of the tenant's default municipality
    elsewhere,     // only without a postcode: the rest of the map
};
std::string_view to_string(Nearness n);

inline constexpr std::size_t max_results = 50;

struct Query {
    std::string topic;               // empty: any
    std::vector<std::string> risks;  // risk categories; empty: none asked
    std::optional<int> age;          // -1 (pregnancy) .. 23
    std::optional<int> postcode;     // PC4
    std::size_t limit = 10;
};

struct Hit {
    const Service* service = nullptr;
    Nearness nearness = Nearness::elsewhere;
    bool risk_match = false;  // serves one of the asked risk categories
};

struct SearchResult {
    std::vector<Hit> hits;
    std::string municipality;  // the one the postcode lies in; empty: none or no postcode
};

class Map {
public:
    Map(std::vector<Municipality> areas, std::vector<Service> services);

    const std::vector<Service>& services() const { return services_; }
    const std::vector<Municipality>& municipalities() const { return areas_; }
    const Municipality* municipality(std::string_view name) const;
    // The municipality a PC4 lies in; nullptr when none of areas.json.
    const Municipality* municipality_of(int pc4) const;

    // Services that serve the topic or one of the risks (any when neither is asked) and the
    // age, ordered: risk matches first (when risks are asked), then nearness, then name and id.
    // `default_area` names a municipality of this map (the tenant's default area).
    SearchResult search(const Query& q, std::string_view default_area) const;

private:
    bool serves_postcode(const Service& s, int pc4) const;

    std::vector<Municipality> areas_;
    std::vector<Service> services_;
};

struct LoadResult {
    std::shared_ptr<const Map> map;  // null when there were problems
    std::vector<Problem> problems;
};

// Reads DIR: areas.json at the top, services in every other *.json below (hidden files
// skipped, sorted order). Every problem is reported; any problem means no map.
LoadResult load(const std::filesystem::path& dir);

// The topics of `map` that no article has (`known`): an editor's typo, or an article that
// went. One problem per service and topic.
std::vector<Problem> unknown_topics(const Map& map, const std::set<std::string>& known);

// "child_abuse,neglect" into `out`; an empty string when all are risk categories, else what is
// wrong (for a 400 or a usage error).
std::string parse_risks(std::string_view comma_list, std::vector<std::string>& out);

// {"municipality": …|null, "results": [service objects with "match"]} for the HTTP API and
// `map search`.
nlohmann::json to_json(const SearchResult& r);
nlohmann::json to_json(const Service& s);

}  // namespace advieslijn::social_map
